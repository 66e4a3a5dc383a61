"""Attribute lists on paragraphs, links and images, as Goldmark, kramdown and
Python-Markdown set them.

Posts moved from Hugo (Goldmark's ``attribute`` extension), Jekyll (kramdown)
and MkDocs or Pelican (Python-Markdown's ``attr_list``) carry ``{.lead}`` or
``{: .lead #intro}`` on the line under a paragraph, and ``{: .wide}`` or
``{target="_blank"}`` right after an image, a link or a code span. CommonMark printed each
as text, braces and all. Here each sets the attributes of its element, as
those tools did, when HTML allows the attribute there and it is safe: an
id, classes, ``title``, ``lang``, ``dir``, ``data-…`` and ``aria-…``
anywhere; ``width`` and ``height`` (in pixels) on an image; ``target``,
``rel`` and ``hreflang`` on a link. Anything else is left out with a warning
at its line: an event handler (``onclick``) never reaches the page, nor an
inline ``style``, which the theme's stylesheet and a strict Content Security
Policy refuse (a class does the same). The braces are never shown.

The syntax is Goldmark's (``parse_attributes``): mdit-py-plugins'
``attrs_plugin`` reads djot's, which refuses kramdown's colon and a dot in an
id (``{#v1.2}``), so it would leave those braces on the page. An id written
here is an author's id, as a heading's is (``headings.py``): ids made from
headings' text step aside for it, and two equal ones are an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.document import Document, document_of
from sitegen.markdown.headings import EXPLICIT, ID_LINE, parse_attributes

_LIST_LINE = re.compile(r"[ \t]*\{:?(?P<inside>[^{}\n]*)\}[ \t]*")
"""A line that is one attribute list, with kramdown's and Python-Markdown's
optional colon."""
_AFTER_SPAN = re.compile(r"\{:?(?P<inside>[^{}\n]*)\}")
"""An attribute list right after a link or an image, at the start of the text after it."""

_GLOBAL = frozenset({"class", "id", "title", "lang", "dir", "role"})
"""What every element here may take."""
_BY_ELEMENT = {
    "p": _GLOBAL,
    "code": _GLOBAL,
    "img": _GLOBAL | {"width", "height"},
    "a": _GLOBAL | {"target", "rel", "hreflang"},
}
_PIXELS = re.compile(r"[0-9]{1,5}")
"""``width`` and ``height`` as HTML reads them on an image: a number of pixels."""


def attribute_list_plugin(md: MarkdownIt) -> None:
    """Set attribute lists' attributes on paragraphs (a core rule after the block
    parse) and on links and images (after the inline parse, before the
    typographer would curl the quotes of ``{target="_blank"}``)."""
    md.core.ruler.after("block", "paragraph_attribute_lists", paragraph_attribute_lists)
    md.core.ruler.after("inline", "span_attribute_lists", span_attribute_lists)


def paragraph_attribute_lists(state: StateCore) -> None:
    """A paragraph's last line that is an attribute list sets the paragraph's
    attributes and is taken off it; a paragraph that is nothing else (it may
    have meant the block before or after it) is taken out, with a warning."""
    tokens, kept = state.tokens, []
    document = document_of(state.env)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        inline = tokens[index + 1] if token.type == "paragraph_open" else None
        if inline is None or inline.type != "inline":
            kept.append(token)
            index += 1
            continue
        lines = inline.content.split("\n")
        found = _LIST_LINE.fullmatch(lines[-1])
        attributes = _attributes(found["inside"]) if found else None
        if found is None or not attributes:
            kept.append(token)
            index += 1
            continue
        first = token.map[0] if token.map else 0
        line = first + len(lines) - 1
        written = lines[-1].strip()
        if len(lines) == 1:  # the paragraph was the list alone: nothing of it is shown
            document.warnings.append((line, _alone(written)))
            index += 3
            continue
        _set(token, "p", attributes, written, line, document)
        inline.content = "\n".join(lines[:-1])
        kept.append(token)
        index += 1
    state.tokens = kept


def span_attribute_lists(state: StateCore) -> None:
    """An attribute list at the start of the text right after a link, an image or
    a code span sets that element's attributes and is taken off the text. Not in headings:
    a list ending a heading is the heading's (``headings.py``), as in Goldmark."""
    document = document_of(state.env)
    line = 0
    for token in state.tokens:
        if token.type == "heading_open":
            line = -1
        elif token.type == "inline" and token.children:
            if line >= 0:
                _spans(token.children, token.map[0] if token.map else 0, document)
            line = 0


def _spans(children: list[Token], line: int, document: Document) -> None:
    for owner, text, at in _candidates(children, line):
        found = _AFTER_SPAN.match(text.content)
        attributes = _attributes(found["inside"]) if found else None
        if found is None or not attributes:
            continue
        written = found.group(0)
        text.content = text.content[found.end() :]
        _set(owner, owner.tag, attributes, written, at, document)


def _candidates(children: list[Token], line: int) -> Iterator[tuple[Token, Token, int]]:
    """``(link_open, image or code_inline, the text token right after it, its body
    line)``, inner content of inline shortcodes included. A code span's list is
    kramdown's (`` `x`{:.language-ruby} ``)."""
    opened: list[Token] = []
    for index, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "link_open":
            opened.append(child)
        elif child.type in ("link_close", "image", "code_inline"):
            owner = child if child.type != "link_close" else (opened.pop() if opened else None)
            after = children[index + 1] if index + 1 < len(children) else None
            if owner is not None and after is not None and after.type == "text":
                yield owner, after, line
        elif child.type == "shortcode_inline" and child.children:
            yield from _candidates(child.children, line)


def _attributes(inside: str) -> dict[str, str] | None:
    """The attributes of a list's inside (``: .lead #x``), as Goldmark reads them."""
    return parse_attributes("{" + inside.strip().removeprefix(":").strip() + "}")


def _set(
    token: Token,
    element: str,
    attributes: dict[str, str],
    written: str,
    line: int,
    document: Document,
) -> None:
    """Set on ``token`` what ``element`` may take of ``attributes``; a warning for
    the rest. Classes add to the element's own; an id is an author's id."""
    allowed = _BY_ELEMENT[element]
    refused: list[str] = []
    for name, value in attributes.items():
        if name in ("width", "height") and name in allowed and not _PIXELS.fullmatch(value):
            refused.append(f"{name}={value!r} (a number of pixels)")
        elif name in allowed or name.startswith(("data-", "aria-")):
            if name == "class" and token.attrGet("class"):
                value = f"{token.attrGet('class')} {value}"
            token.attrSet(name, value)
            if name == "id":
                token.meta[EXPLICIT] = value
                token.meta[ID_LINE] = line
        else:
            refused.append(name)
    if refused:
        document.warnings.append((line, _refused(written, element, refused)))


def _refused(written: str, element: str, names: Sequence[str]) -> str:
    shown = ", ".join(names)
    return (
        f"attribute list {written}: {shown} left out; on <{element}> sitegen sets "
        f"{', '.join(sorted(_BY_ELEMENT[element]))}, data-… and aria-… "
        "(no event handlers, no inline style: use a class)"
    )


def _alone(written: str) -> str:
    return (
        f"attribute list {written} left out: it is a paragraph of its own; write it on "
        "the line right under the paragraph it is for, or after the link or image"
    )
