"""Abbreviation definitions (``*[HTML]: Hyper Text Markup Language``), as ``<abbr>``.

PHP Markdown Extra, Python-Markdown's ``abbr`` (in Pelican's default
extensions) and kramdown (Jekyll) read a line ``*[ABBR]: its expansion`` as a
definition: the line is not shown, and each ``ABBR`` in the text becomes
``<abbr title="its expansion">ABBR</abbr>``. CommonMark printed the lines as a
paragraph of asterisks and brackets. Definitions are read from paragraphs made
of nothing else, wherever they stand; a whole word of text (never code, a
link's address or raw HTML) is marked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_DEFINITION = re.compile(r"[ \t]*\*\[([^\]\n]+)\]:[ \t]*(.*?)[ \t]*")
"""One definition line: the abbreviation in brackets, its expansion after."""


def abbreviation_plugin(md: MarkdownIt) -> None:
    """Read definitions after the block rules, mark the text after the inline ones."""
    md.core.ruler.after("block", "abbreviation_definitions", _take_definitions)
    md.core.ruler.after("inline", "abbreviations", _mark)
    md.add_render_rule("abbr_open", _render_open)
    md.add_render_rule("abbr_close", _render_close)


_KEY = "abbreviations"


def _take_definitions(state: StateCore) -> None:
    """Paragraphs whose every line is a definition are taken out, their
    definitions kept for ``_mark`` (the last of one name wins, as in
    Python-Markdown)."""
    if "*[" not in state.src:
        return
    tokens, kept = state.tokens, []
    found: dict[str, str] = {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        inline = tokens[index + 1] if token.type == "paragraph_open" else None
        if inline is not None and inline.type == "inline":
            lines = [_DEFINITION.fullmatch(line) for line in inline.content.split("\n")]
            if all(lines):
                found.update((m[1].strip(), m[2]) for m in lines if m and m[1].strip())
                index += 3  # the paragraph, its text and its end
                continue
        kept.append(token)
        index += 1
    if found:
        state.tokens = kept
        state.env[_KEY] = found


def _mark(state: StateCore) -> None:
    """Each whole-word use of a defined abbreviation in text, as ``abbr`` tokens."""
    found: dict[str, str] = state.env.get(_KEY) or {}
    if not found:
        return
    names = sorted(found, key=len, reverse=True)  # "HTML5" before "HTML"
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _marked(token.children, pattern, found)


def _marked(
    children: Sequence[Token], pattern: re.Pattern[str], found: dict[str, str]
) -> list[Token]:
    marked: list[Token] = []
    for child in children:
        if child.type != "text" or not pattern.search(child.content):
            marked.append(child)
            continue
        position = 0
        for match in pattern.finditer(child.content):
            if match.start() > position:
                marked.append(_text(child.content[position : match.start()]))
            opening = Token("abbr_open", "abbr", 1)
            opening.attrSet("title", found[match[1]])
            marked.extend((opening, _text(match[1]), Token("abbr_close", "abbr", -1)))
            position = match.end()
        if position < len(child.content):
            marked.append(_text(child.content[position:]))
    return marked


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _render_open(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    title = tokens[idx].attrGet("title")
    return f'<abbr title="{escapeHtml(str(title))}">' if title else "<abbr>"


def _render_close(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</abbr>"
