"""Shortcodes as link destinations: ``[the report]({{< ref "report.md" >}})``.

Hugo expands shortcodes before markdown reads the text, so a tag may stand
where a link's URL goes, and Hugo authors write ``ref`` and ``relref`` there.
markdown-it reads a link before any inline rule of ours runs, and the spaces
and quotes of a tag are no URL: the link would be lost. So before an inline
text is parsed, each tag right after ``](`` is swapped for a placeholder URL;
each link or image whose URL is a placeholder then carries the call
(``meta[DESTINATION]``), and its render rule (``expand.py``) puts the
shortcode's output in its ``href`` or ``src``. When a placeholder does not
become a URL (the ``](`` was text, or in a code span), the text is parsed
again as written, so nothing else changes.

A link reference definition works the same way, ``[guide]: {{< ref "g.md" >}}``
for ``[the guide][guide]``: a block rule before markdown-it's own reads it
and records its call in the ``Document`` under a placeholder URL, which the
links that use it carry.

Only a tag that stands alone (no inner content) can be a destination; the
tag must fit on its line, as a URL must.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from sitegen.markdown.document import document_of
from sitegen.markdown.shortcodes.calls import check_tag, stands_alone
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.markdown.shortcodes.syntax import CLOSE, OPEN, STARTS, Tag, parse_tag

DESTINATION = "shortcode_destination"
"""``meta`` key of a ``link_open`` or ``image`` token whose URL is a shortcode call."""
_PLACEHOLDER = "sitegen-shortcode-destination-{}"
_DEFINED = "sitegen-shortcode-definition-{}"
_AFTER_BRACKET = re.compile(r"\]\([ \t]*(?=\{\{[<%])")
_DEFINITION = re.compile(r"\[((?:[^\[\]\\]|\\.){1,999})\]:[ \t]*")
_TITLE = re.compile(r"""[ \t]*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')?[ \t]*\Z""")
_URL_ATTRIBUTES = {"link_open": "href", "image": "src"}


def parse_inline_text(
    md: MarkdownIt, env: MutableMapping[str, Any], registry: ShortcodeRegistry, token: Token
) -> None:
    """markdown-it's inline parse of ``token``, with shortcodes as link destinations."""
    content, hidden = hide_destinations(token.content, registry)
    children: list[Token] = []
    if hidden:
        md.inline.parse(content, md, env, children)
        if _attach(children, hidden, env, registry, token.content) != len(hidden):
            children = []
    if not children:
        md.inline.parse(token.content, md, env, children)
    defined = document_of(env).destinations
    if defined:
        _attach_defined(children, defined)
    token.children = children


def parse_definition(
    state: StateBlock, start_line: int, silent: bool, registry: ShortcodeRegistry
) -> bool:
    """Block rule: ``[label]: {{< ref "a.md" >}}``, a definition whose URL is a call."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    text = state.src[start : state.eMarks[start_line]]
    head = _DEFINITION.match(text)
    if head is None or not text.startswith(STARTS, head.end()):
        return False
    tag = parse_tag(text, head.end())
    if not isinstance(tag, Tag) or not _stands_alone(tag, registry):
        return False
    title = _TITLE.match(text, tag.end)
    label = normalizeReference(head.group(1))
    if title is None or not label:
        return False
    if silent:
        return True
    document = document_of(state.env)
    key = _DEFINED.format(len(document.destinations))
    document.destinations[key] = check_tag(document, registry, tag, None, start_line)
    references = state.env.setdefault("references", {})
    if label not in references:
        written = title.group(1) if title.group(1) is not None else title.group(2) or ""
        references[label] = {
            "title": unescapeAll(written),
            "href": key,
            "map": [start_line, start_line + 1],
        }
    state.line = start_line + 1
    return True


def _stands_alone(tag: Tag, registry: ShortcodeRegistry) -> bool:
    """A tag that is a whole call by itself: no literal, no closing tag, no inner."""
    return (
        tag.literal is None
        and tag.kind != CLOSE
        and (tag.kind != OPEN or stands_alone(registry, tag))
    )


def hide_destinations(
    content: str, registry: ShortcodeRegistry
) -> tuple[str, dict[str, tuple[Tag, int]]]:
    """``content`` with every tag that follows ``](`` replaced by a placeholder
    URL, and placeholder → (the tag, its offset in ``content``)."""
    pieces: list[str] = []
    hidden: dict[str, tuple[Tag, int]] = {}
    done = 0
    for match in _AFTER_BRACKET.finditer(content):
        start = match.end()
        if start < done:
            continue
        tag = parse_tag(content, start)
        if not isinstance(tag, Tag) or not _stands_alone(tag, registry):
            continue
        if "\n" in content[start : tag.end]:
            continue
        key = _PLACEHOLDER.format(len(hidden))
        pieces.extend((content[done:start], key))
        hidden[key] = (tag, start)
        done = tag.end
    pieces.append(content[done:])
    return "".join(pieces), hidden


def _attach(
    children: Sequence[Token],
    hidden: dict[str, tuple[Tag, int]],
    env: MutableMapping[str, Any],
    registry: ShortcodeRegistry,
    content: str,
) -> int:
    """Give each link or image whose URL is a placeholder its call; how many did."""
    document = document_of(env)
    found = 0
    for child in children:
        attribute = _URL_ATTRIBUTES.get(child.type)
        call = hidden.get(str(child.attrGet(attribute) or "")) if attribute else None
        if call is not None:
            tag, offset = call
            line = document.line + content.count("\n", 0, offset)
            child.meta[DESTINATION] = check_tag(document, registry, tag, None, line)
            found += 1
        if child.children and child.type != "image":
            found += _attach(child.children, hidden, env, registry, content)
    return found


def _attach_defined(children: Sequence[Token], defined: dict[str, dict[str, Any]]) -> None:
    """Give each link or image whose URL names a definition's call that call."""
    for child in children:
        attribute = _URL_ATTRIBUTES.get(child.type)
        call = defined.get(str(child.attrGet(attribute) or "")) if attribute else None
        if call is not None:
            child.meta[DESTINATION] = call
        if child.children and child.type != "image":
            _attach_defined(child.children, defined)
