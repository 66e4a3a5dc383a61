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

import html
import re
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
        elif token.type == "html_block":
            _raw_links(token, token.map[0] if token.map else line, document)


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
        elif child.type == "html_inline":
            _raw_links(child, line, document)
    return line


_RAW_URL = re.compile(
    r"""(<(a|img)\b[^<>]*?\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""",
    re.IGNORECASE,
)
"""A link's ``href`` or a picture's ``src`` in raw HTML, in any of HTML's quotings."""


def _raw_links(token: Token, line: int, document: Document) -> None:
    """The links and pictures of raw HTML, recorded and resolved as markdown's are:
    ``<a href="other.md">`` leads to the article, ``sitegen check`` sees
    ``<img src="/images/gone.png">``. Nothing else of the HTML changes."""
    if "<" not in token.content:
        return

    def resolved(found: re.Match[str]) -> str:
        written = next(v for v in found.group(3, 4, 5) if v is not None)
        href = html.unescape(written)
        kind = "image" if found.group(2).lower() == "img" else "link"
        document.links.append((href, line + token.content.count("\n", 0, found.start()), kind))
        url = document.resolve_link(href, document.source)
        return found.group(0) if url == href else f'{found.group(1)}"{html.escape(url)}"'

    token.content = _RAW_URL.sub(resolved, token.content)


def _resolve(token: Token, attr: str, kind: str, line: int, document: Document) -> None:
    href = str(token.attrGet(attr) or "")
    document.links.append((href, line, kind))
    token.attrSet(attr, document.resolve_landing(href, line))
