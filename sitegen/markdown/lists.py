"""Task lists and definition lists, as Hugo's Goldmark, GitHub and Pelican render them.

``- [x] Call the ministry`` is a list item with a ticked checkbox (disabled: a
reader cannot tick it), the item's text its label; ``Term`` followed by a line
``: What it means`` is a ``<dl>``. An archive moved from Hugo uses both, and
CommonMark alone showed them as written (``[x] Call the ministry``,
``Term : What it means``). Both are mdit-py-plugins' own; this module only
makes the checkbox sitegen's markup: the plugin writes it, and the label
around the text, as raw HTML tokens, which ``markdown.html: sanitize`` would
strip (``<input>`` is not on its allow-list) with a warning about HTML the
author never wrote, and ``drop`` would remove.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

TASK_MARKUP = "task_markup"
"""The token type of a task item's checkbox and label: HTML sitegen writes."""


def list_plugins(md: MarkdownIt) -> None:
    """Definition lists, and task lists whose checkbox is labelled by the item's text."""
    md.use(deflist_plugin)
    md.use(tasklists_plugin, label=True)
    md.core.ruler.after("github-tasklists", TASK_MARKUP, _own_markup)
    md.add_render_rule(TASK_MARKUP, _render_own)


def _own_markup(state: StateCore) -> None:
    """Give the tokens the task list plugin added their own type.

    It marks each item it made a task (``task-list-item`` on the list item),
    whose paragraph's inline tokens then begin with its ``<label>`` and its
    checkbox and end with its ``</label>``."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        if token.type != "list_item_open" or token.attrGet("class") != "task-list-item":
            continue
        children = tokens[index + 2].children
        if children and len(children) >= 3:
            for made in (children[0], children[1], children[-1]):
                made.type = TASK_MARKUP


def _render_own(
    self: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return tokens[idx].content
