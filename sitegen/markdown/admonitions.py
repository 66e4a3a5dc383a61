"""Docusaurus and MkDocs admonitions, rendered as the callouts GitHub alerts are.

Posts moved from a Docusaurus blog write ``:::tip Title`` … ``:::`` (a longer
fence, ``::::note``, holds a nested one), and posts from MkDocs or any
Python-Markdown site write ``!!! note "Title"`` over a body indented by four
spaces (``???`` and ``???+`` for Material's collapsible boxes). Left to
CommonMark, the markers printed as text and the indented MkDocs body became a
code block.

mdit-py-plugins reads both (``container`` and ``admon``); a core rule then
turns their tokens into the alert tokens the shortcode fold already makes
callouts of, so every box of every syntax is one component with one look. The
kind maps as a GitHub or Obsidian alert's does; a kind of the site's own
(``!!! sponsor``) is a ``note`` under its own name. A collapsible box is open,
as a folded Obsidian callout is.

MkDocs Material's content tabs (``=== "Python"`` over an indented body) are
not boxes: each is an open ``<details>`` named by its label, so every tab's
content is shown, one after another, and a reader may fold one away.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon.index import admonition
from mdit_py_plugins.container import container_plugin

from sitegen.markdown.document import document_of

DIRECTIVE = "directive"
"""The container plugin's name for ``:::`` boxes: its tokens are ``container_directive_*``."""

_DOCUSAURUS = re.compile(
    r"\s*(?P<kind>[A-Za-z][\w-]*)(?:\[(?P<bracketed>[^\]]*)\])?(?:\{[^}]*\})?(?P<rest>.*)"
)
"""``:::kind``, then Docusaurus 3's ``[Title]`` or 2's `` Title``; ``{…}``
attributes (a directive's ``{#id .class}``) are left out."""

_CLOSING = re.compile(r"[ \t>]*(?P<colons>:{3,})[ \t]*")
"""A ``:::`` box's closing line, inside quotes or not."""

_MKDOCS = re.compile(r'\s*(?P<kind>[\w-]+)(?: +[\w-]+)*(?: +"(?P<title>.*)")?\s*')
"""``!!! kind more classes "Title"``, as Python-Markdown's own pattern reads it."""

_MKDOCS_LINE = re.compile(r"(?:!!!|\?\?\?\+?)" + _MKDOCS.pattern)
"""A whole MkDocs opening line: ``!!! Breaking news !!!`` in prose is not one."""


def admonition_plugin(md: MarkdownIt) -> None:
    """Read Docusaurus ``:::`` and MkDocs ``!!!``/``???`` boxes as alerts; use before the
    shortcode plugin, whose fold makes them callouts."""
    container_plugin(md, DIRECTIVE, validate=_is_directive)
    md.block.ruler.before(
        "fence",
        "admonition",
        mkdocs_box,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.before(
        "fence",
        "content_tab",
        content_tab,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.core.ruler.after("block", "admonitions_as_alerts", admonitions_as_alerts)


def _is_directive(params: str, markup: str) -> bool:
    """A ``:::`` line opens a box only with a kind after it; ``::: {.x}`` (a Pandoc
    div) or a lone ``:::`` stays text."""
    return _DOCUSAURUS.fullmatch(params) is not None


def mkdocs_box(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """mdit-py-plugins' ``admon`` rule, for a line Python-Markdown reads as an
    opening that has an indented body: it takes any ``!!!`` line, and a news post's
    ``!!! Breaking news`` became an empty box with the word "news" gone."""
    start = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[start : state.eMarks[start_line]]
    if not _MKDOCS_LINE.fullmatch(line) or not _has_body(state, start_line, end_line):
        return False
    return bool(admonition(state, start_line, end_line, silent))


_TAB = re.compile(r'===[!+]{0,2} +"(?P<label>.*)" *')
"""A content tab's line: ``=== "Label"``; ``===!`` starts a new set, ``===+`` is
the set's selected tab (every tab is shown here)."""


def content_tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """An MkDocs content tab: ``<details open>``, its label the summary, its body
    the lines indented under it (a blank line may separate them)."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block's line
    start = state.bMarks[start_line] + state.tShift[start_line]
    found = _TAB.fullmatch(state.src[start : state.eMarks[start_line]])
    if found is None or not _has_body(state, start_line, end_line):
        return False
    if silent:
        return True
    body_end = _body_end(state, start_line, end_line)
    saved = state.blkIndent, state.parentType, state.lineMax
    state.blkIndent = state.sCount[start_line] + 4
    state.parentType = "content_tab"
    state.lineMax = body_end
    opening = state.push("content_tab_open", "details", 1)
    opening.attrs = {"open": ""}
    opening.map = [start_line, body_end]
    state.push("content_tab_label_open", "summary", 1).map = [start_line, start_line + 1]
    label = state.push("inline", "", 0)
    label.content, label.map, label.children = found["label"], [start_line, start_line + 1], []
    state.push("content_tab_label_close", "summary", -1)
    state.md.block.tokenize(state, start_line + 1, body_end)
    state.push("content_tab_close", "details", -1)
    state.blkIndent, state.parentType, state.lineMax = saved
    state.line = body_end
    return True


def _body_end(state: StateBlock, start_line: int, end_line: int) -> int:
    """The line after the last one indented under ``start_line``'s marker."""
    end = start_line + 1
    for line in range(start_line + 1, end_line):
        if state.isEmpty(line):
            continue
        if state.sCount[line] < state.sCount[start_line] + 4:
            break
        end = line + 1
    return end


def _has_body(state: StateBlock, start_line: int, end_line: int) -> bool:
    """True when the first non-blank line after ``start_line`` is indented past it."""
    for line in range(start_line + 1, end_line):
        if not state.isEmpty(line):
            return bool(state.sCount[line] >= state.sCount[start_line] + 4)
    return False


def admonitions_as_alerts(state: StateCore) -> None:
    """Rename each box's tokens to the alert tokens, with its kind and title; an
    MkDocs title paragraph is the callout's heading, so its tokens are markers."""
    tokens, lines = state.tokens, state.src.split("\n")
    for index, token in enumerate(tokens):
        if token.type == f"container_{DIRECTIVE}_open":
            _report_unclosed(state, token, lines)
            _as_alert(token, *_docusaurus_kind(token.info))
        elif token.type == "admonition_open":
            _as_alert(token, *_mkdocs_kind(token.info))
        elif token.type in (f"container_{DIRECTIVE}_close", "admonition_close"):
            token.type = "alert_close"
        elif token.type == "admonition_title_open":
            for marker in tokens[index : index + 3]:
                marker.type = "alert_marker"


def _report_unclosed(state: StateCore, opening: Token, lines: list[str]) -> None:
    """Warn when a ``:::`` box has no closing line: the container rule then closes
    it where its parent (the article, a list item) ends, and everything after the
    author's box was silently inside it."""
    start, end = opening.map or (0, 0)
    closing = _CLOSING.fullmatch(lines[end]) if end < len(lines) else None
    if closing is None or len(closing["colons"]) < len(opening.markup):
        written = f"{opening.markup}{opening.info}".strip()
        document_of(state.env).warnings.append(
            (
                start,
                f"'{written}' is never closed (expected a line '{opening.markup}'); "
                "the box runs to the end of the article (or of the list or quote it is in)",
            )
        )


def _as_alert(token: Token, kind: str, title: str) -> None:
    token.type = "alert_open"
    token.meta = {"kind": kind.upper(), "title": title.strip()}


def _docusaurus_kind(info: str) -> tuple[str, str]:
    """(kind, title) of a ``:::`` line's words after the colons."""
    found = _DOCUSAURUS.fullmatch(info)
    assert found is not None, "the container rule opened only what _is_directive accepted"
    return found["kind"], found["bracketed"] or found["rest"]


def _mkdocs_kind(info: str) -> tuple[str, str]:
    """(kind, title) of a ``!!!`` line's words after the marker; the title's quotes
    are not shown (``""`` asks for no title: the kind's own heading then)."""
    found = _MKDOCS.fullmatch(info)
    assert found is not None, "mkdocs_box opened only what _MKDOCS_LINE accepted"
    return found["kind"], found["title"] or ""
