"""Raw HTML in markdown: sanitized as GitHub's preview does, dropped, or kept as written.

``markdown.html`` chooses. ``sanitize`` (the default) keeps what GitHub's
allow-list keeps (``<br>`` in a table cell, ``<details>``/``<summary>``,
``<kbd>``, ``<sup>``, tables, images, ``<div>``…), plus ``<video>``, ``<audio>``,
``<source>``, ``<track>``, ``<picture>`` and the ``class`` and ``id`` attributes.
Scripts, event handlers, ``style``, frames and ``javascript:`` URLs never pass
(SPEC §6), and each removal is recorded with its body line for a warning.
``drop`` renders raw HTML as nothing; ``unsafe`` passes it through. The
allow-list is ``allowlist.py``; finding and wording removals, ``removals.py``.

Why pairs survive. markdown-it cuts raw HTML into tokens: ``<kbd>`` and
``</kbd>`` are two inline tokens; ``<details>`` and ``</details>`` around a
paragraph are two blocks. Cleaning each alone would close every tag at once.
So the render rules leave a marker per token, and ``Document.sanitized`` (called
where rendered HTML leaves the markdown stage: the body, a shortcode's
``inner``, an FAQ answer) hands nh3, the Ammonia sanitizer, *one* string: the
raw spans in order, with a placeholder standing for each stretch of
markdown-made HTML between them. nh3 parses it as a browser would, pairs
included. The placeholders come back as text and are swapped for the
markdown-made HTML untouched: heading ids, code classes and shortcode output
are sitegen's own and are never sanitized. A placeholder that lands in an
attribute is removed with it, so sitegen's HTML only returns in text position.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.markdown.allowlist import (
    ANY_ATTRIBUTES,
    ATTRIBUTES,
    LINK_SCHEMES,
    REMOVED_WITH_CONTENT,
    TAGS,
    url_allowed,
)
from sitegen.markdown.document import Document, document_of, walk_blocks
from sitegen.markdown.removals import find_removals

_MARKER = re.compile("\x00([0-9]+)\x00")
"""A raw span in rendered HTML; markdown-it turns NUL in the source into U+FFFD."""
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
"""Unicode noncharacters, kept for a program's own use, delimit placeholders."""
_PLACEHOLDER = re.compile(f"{_OPEN}([0-9]+){_CLOSE}")


def raw_html_plugin(md: MarkdownIt, mode: str) -> None:
    """Render raw HTML as ``mode`` (``sanitize``, ``drop`` or ``unsafe``) says."""
    if mode == "unsafe":
        return
    if mode == "drop":
        md.add_render_rule("html_block", _render_nothing)
        md.add_render_rule("html_inline", _render_nothing)
        return
    sanitizer = Sanitizer()
    md.core.ruler.push("raw_html", prepare_raw_html)

    def mark(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: MutableMapping[str, Any],
    ) -> str:
        token = tokens[idx]
        document = document_of(env)
        document.sanitizer = sanitizer
        document.raw_html.append((token.content, token.meta.get("line", 0)))
        return f"\x00{len(document.raw_html) - 1}\x00"

    md.add_render_rule("html_block", mark)
    md.add_render_rule("html_inline", mark)


def _render_nothing(*_args: object) -> str:
    return ""


def prepare_raw_html(state: StateCore) -> None:
    """Give each raw HTML token its body line (``meta["line"]``), for warnings, and
    close inline tags a paragraph leaves open, as browsers do for most of them."""
    line = 0
    for _, token, _ in walk_blocks(state.tokens):
        if token.type == "html_block" and token.map:
            token.meta["line"] = token.map[0]
        elif token.type == "inline" and token.children:
            line = token.map[0] if token.map else line
            end = _note_inline(token.children, line)
            token.children.extend(_closing_tags(token.children, end))


def _note_inline(children: Sequence[Token], line: int) -> int:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            child.meta["line"] = line
            line += child.content.count("\n")
        elif child.type == "shortcode_inline" and child.children:
            line = _note_inline(child.children, line)
    return line


_VOID_NAMES = "area base br col embed hr img input link meta param source track wbr"
_VOID = frozenset(_VOID_NAMES.split())
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")


def _closing_tags(children: Sequence[Token], line: int) -> list[Token]:
    """``html_inline`` end tags for the tags these inline tokens open and never close.

    Without them an unclosed ``<kbd>`` would run to the end of the body once
    sanitized: the sanitizer sees a paragraph's ``</p>`` only as a placeholder.
    An end tag with no start tag here is left alone: it may close a block.
    """
    open_tags: list[str] = []
    for child in children:
        match = _TAG.match(child.content) if child.type == "html_inline" else None
        if match is None or match[2].lower() in _VOID or child.content.endswith("/>"):
            continue
        name = match[2].lower()
        if not match[1]:
            open_tags.append(name)
        elif name in open_tags:
            del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
    closing = []
    for name in reversed(open_tags):
        token = Token("html_inline", "", 0, content=f"</{name}>")
        token.meta = {"line": line}
        closing.append(token)
    return closing


class Sanitizer:
    """nh3 set to the allow-list; ``sanitizer(document, html)`` settles the markers."""

    def __init__(self) -> None:
        attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
        attributes["*"] = set(ANY_ATTRIBUTES)
        self.cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags=set(REMOVED_WITH_CONTENT),
            attributes=attributes,
            attribute_filter=_filter_attribute,
            url_schemes=set(LINK_SCHEMES),
            link_rel=None,  # links the author wrote keep their own rel, as markdown links do
            strip_comments=True,
        )

    def __call__(self, document: Document, html: str) -> str:
        """``html`` with each raw span's marker replaced by the span, sanitized."""
        if "\x00" not in html:
            return html
        parts = _MARKER.split(html)
        trusted = parts[0::2]
        spans = [document.raw_html[int(index)] for index in parts[1::2]]
        source = "".join(
            _placeholder(index) + _defuse(content) for index, (content, _) in enumerate(spans)
        )
        cleaned = self.cleaner.clean(source + _placeholder(len(spans)))
        removals = find_removals(spans, cleaned)
        document.removed.extend(removals)
        restored: set[int] = set()

        def restore(match: re.Match[str]) -> str:
            index = int(match[1])
            if index in restored:
                return ""
            restored.add(index)
            return trusted[index]

        result = _PLACEHOLDER.sub(restore, cleaned)
        lost = [i for i, text in enumerate(trusted) if i not in restored and text.strip()]
        if lost:
            line = spans[max(0, lost[0] - 1)][1]
            # Inside a <script> it is the script's, and that removal is already said.
            if not any(at <= line and name in _WITH_CONTENT for at, name, _ in removals):
                document.removed.append((line, "text", _LOST_TEXT))
        return result


_WITH_CONTENT = frozenset(f"<{name}>" for name in REMOVED_WITH_CONTENT)
_LOST_TEXT = (
    "removed the text after this raw HTML: it fell inside something that sanitizing removes"
    " (is a quote or a tag left open?)"
)


def _placeholder(index: int) -> str:
    return f"{_OPEN}{index}{_CLOSE}"


def _defuse(raw: str) -> str:
    """Raw HTML cannot forge a placeholder."""
    return raw.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """Drop URLs with a scheme the attribute may not use, and attributes that
    swallowed a placeholder (sitegen's HTML never goes inside an attribute)."""
    if _OPEN in value or _CLOSE in value:
        return None
    return value if url_allowed(name, value) else None
