"""Links and images: recorded with their file lines, resolved, images lazy.

A core rule walks every inline token (shortcode inner text included) and, for
each link and image, records the href as written with its body line (for
``sitegen check``), replaces it with what the build's ``LinkResolver`` returns
(article URLs for ``other.md``, the base path for root-relative links) and
marks images ``loading="lazy"``. A link whose URL is a shortcode call
(``[a]({{< ref "a.md" >}})``) is left to that shortcode, which resolves and
records what it links to.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.document import Document, document_of, walk_blocks
from sitegen.markdown.shortcodes.destinations import DESTINATION

_BREAKS = frozenset(("softbreak", "hardbreak"))


def link_plugin(md: MarkdownIt) -> None:
    """Add the core rule that records and resolves links."""
    md.core.ruler.push("links", collect_links)


def collect_links(state: StateCore) -> None:
    """Record and resolve every link and image of the document."""
    document = document_of(state.env)
    line = 0
    for _, token, _ in walk_blocks(state.tokens):
        if token.type == "inline" and token.children:
            line = token.map[0] if token.map else line
            _walk_inline(token.children, line, document)


def _walk_inline(children: Sequence[Token], line: int, document: Document) -> int:
    for child in children:
        if child.type in _BREAKS:
            line += 1
        elif child.type == "link_open" and DESTINATION not in child.meta:
            _resolve(child, "href", "link", line, document)
        elif child.type == "image":
            if DESTINATION not in child.meta:
                _resolve(child, "src", "image", line, document)
            child.attrSet("loading", "lazy")
        elif child.type == "shortcode_inline" and child.children:
            line = _walk_inline(child.children, line, document)
    return line


def _resolve(token: Token, attr: str, kind: str, line: int, document: Document) -> None:
    href = str(token.attrGet(attr) or "")
    document.links.append((href, line, kind))
    token.attrSet(attr, document.resolve_link(href, document.source))
