"""Block shortcodes written inside a paragraph: the paragraph splits around them.

A shortcode declared ``block: true`` renders block HTML (``<figure>``,
``<pre>``, ``<details>``), which HTML does not allow inside ``<p>``: a
browser would close the paragraph itself and leave an empty ``</p>`` behind,
and the HTML checker rejects the page. Hugo authors write
``Text {{< figure src="a.png" >}} more text`` all the same, so a core rule
turns such a paragraph into the paragraph before the shortcode, the
shortcode as a block, and the paragraph after it (each only if it has text).
Only tags at the paragraph's top level move; one inside a link or emphasis
stays where it is.
"""

from __future__ import annotations

import copy

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.shortcodes.registry import ShortcodeRegistry

_SPACE = frozenset(("softbreak", "hardbreak"))


def split_paragraphs(state: StateCore, registry: ShortcodeRegistry) -> None:
    """Split every paragraph around the block shortcodes at its top level."""
    tokens = state.tokens
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "paragraph_open" and _holds_block(tokens[index + 1], registry):
            result.extend(_split(token, tokens[index + 1], tokens[index + 2], registry))
            index += 3
            continue
        result.append(token)
        index += 1
    state.tokens = result


def _is_block(token: Token, registry: ShortcodeRegistry) -> bool:
    spec = registry.get(token.meta.get("name", "")) if token.type == "shortcode_inline" else None
    return spec is not None and spec.block is True


def _holds_block(inline: Token, registry: ShortcodeRegistry) -> bool:
    return inline.type == "inline" and any(_is_block(c, registry) for c in inline.children or ())


def _split(
    opening: Token, inline: Token, closing: Token, registry: ShortcodeRegistry
) -> list[Token]:
    tokens: list[Token] = []
    run: list[Token] = []
    for child in inline.children or ():
        if not _is_block(child, registry):
            run.append(child)
            continue
        tokens.extend(_paragraph(opening, inline, closing, run))
        run = []
        tokens.append(_block(child, opening))
    tokens.extend(_paragraph(opening, inline, closing, run))
    return tokens


def _paragraph(opening: Token, inline: Token, closing: Token, run: list[Token]) -> list[Token]:
    """A paragraph of ``run`` without the spaces and line breaks at its ends;
    nothing when no text is left."""
    while run and _blank(run[0]):
        run = run[1:]
    while run and _blank(run[-1]):
        run = run[:-1]
    if not run:
        return []
    if run[0].type == "text":
        run[0] = copy.copy(run[0])
        run[0].content = run[0].content.lstrip()
    if run[-1].type == "text":
        run[-1] = copy.copy(run[-1])
        run[-1].content = run[-1].content.rstrip()
    text = copy.copy(inline)
    text.children = run
    return [copy.copy(opening), text, copy.copy(closing)]


def _blank(token: Token) -> bool:
    return token.type in _SPACE or (token.type == "text" and not token.content.strip())


def _block(call: Token, paragraph: Token) -> Token:
    """The inline call as a ``shortcode_block``; its inner inline markdown, if
    any, in one ``inline`` token, so it renders and has its links resolved."""
    line = call.meta["line"]
    block = Token("shortcode_block", "", 0, map=[line, line + 1], level=paragraph.level)
    block.block = True
    block.meta = dict(call.meta)
    block.children = []
    if call.children:
        inner = Token("inline", "", 0, map=[line, line + 1], level=paragraph.level + 1)
        inner.children = call.children
        block.children = [inner]
    return block
