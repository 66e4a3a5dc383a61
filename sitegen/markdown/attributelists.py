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
from dataclasses import dataclass

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
    "ul": _GLOBAL,
    "ol": _GLOBAL,
    "blockquote": _GLOBAL,
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
    have meant the block before or after it) is taken out, with a warning.

    Inside a list or a quote, the line is read as Goldmark reads it: written
    without the list item's indent (or the quote's ``>``), it closes that list
    or quote and is its attribute list (``<ul class="steps">``), where
    CommonMark made it the paragraph's lazy last line. Indented into an item
    of a tight list, it is the item text's, which has no ``<p>`` to show it:
    left out, with a warning, as Hugo shows nothing of it."""
    tokens, kept = state.tokens, []
    document = document_of(state.env)
    source = state.src.split("\n")
    containers = _Containers(source)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        containers.see(token)
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
        closed = containers.not_continued(source[line] if line < len(source) else "")
        if closed is not None:
            _set(closed.opener, closed.element, attributes, written, line, document)
        elif token.hidden:
            document.warnings.append((line, _in_tight_item(written)))
        else:
            _set(token, "p", attributes, written, line, document)
        inline.content = "\n".join(lines[:-1])
        kept.append(token)
        index += 1
    state.tokens = kept


@dataclass(frozen=True, slots=True)
class _Container:
    """A list item or a quote around a paragraph, as a line under it must
    continue it: a list item by its content's indent, a quote by its ``>``."""

    opener: Token
    """What an attribute list closing it sets: the item's list, or the quote."""
    element: str
    """``ul``, ``ol`` or ``blockquote``."""
    column: int | None
    """The item's content column, past its outer containers; None for a quote."""


class _Containers:
    """The list items and quotes open at a token of a document, outermost first."""

    def __init__(self, source: Sequence[str]) -> None:
        self.source = source
        self.open: list[_Container] = []
        self.lists: list[Token] = []

    def see(self, token: Token) -> None:
        """Step over ``token``, opening or closing what it opens or closes."""
        if token.type in ("bullet_list_open", "ordered_list_open"):
            self.lists.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif token.type in ("list_item_close", "blockquote_close"):
            self.open.pop()
        elif token.type == "blockquote_open":
            self.open.append(_Container(token, "blockquote", None))
        elif token.type == "list_item_open":
            listing = self.lists[-1]
            element = "ol" if listing.type == "ordered_list_open" else "ul"
            self.open.append(_Container(listing, element, self._column(token)))

    def _column(self, item: Token) -> int:
        """Where the item's content starts, past its marker and the spaces after it
        (one when there are none or more than four, as CommonMark counts)."""
        first = item.map[0] if item.map else len(self.source)
        _, text = self._walk(self.source[first] if first < len(self.source) else "")
        found = _ITEM_MARKER.match(text)
        if found is None:
            return 0
        spaces = len(found["spaces"])
        return found.end("marker") + (spaces if 1 <= spaces <= 4 else 1)

    def not_continued(self, line: str) -> _Container | None:
        """The outermost open container that ``line`` does not continue (it lacks
        the quote's ``>``, or the item's indent), or None."""
        return self._walk(line)[0]

    def _walk(self, line: str) -> tuple[_Container | None, str]:
        """The first open container ``line`` does not continue, else None and what
        is left of the line past the prefixes of them all."""
        text = line.expandtabs(4)
        for container in self.open:
            if container.column is None:
                found = _QUOTE_MARKER.match(text)
                if found is None:
                    return container, text
                text = text[found.end() :]
            elif len(text) - len(text.lstrip(" ")) < container.column and text.strip():
                return container, text
            else:
                text = text[container.column :]
        return None, text


_ITEM_MARKER = re.compile(r" {0,3}(?P<marker>[-+*]|[0-9]{1,9}[.)])(?P<spaces> *)")
_QUOTE_MARKER = re.compile(r" {0,3}> ?")


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


def _in_tight_item(written: str) -> str:
    return (
        f"attribute list {written} left out: in a tight list an item's text has no <p> "
        "to take it (Hugo shows nothing of it either); write it unindented under the "
        "list for the list itself, or leave blank lines between the items"
    )
