"""Raw HTML in markdown: sanitized as GitHub's preview does, dropped, or kept as written.

``markdown.html`` chooses. ``sanitize`` (the default) keeps what GitHub's
allow-list keeps (``<br>`` in a table cell, ``<details>``/``<summary>``,
``<kbd>``, ``<sup>``, tables, images, ``<div>``…), plus ``<video>``, ``<audio>``,
``<source>``, ``<track>``, ``<picture>`` and the ``class`` and ``id`` attributes.
Scripts, event handlers, ``style``, frames and ``javascript:`` URLs never pass
(SPEC §6), and each removal is recorded with its body line for a warning.
``drop`` renders raw HTML as nothing; ``unsafe`` passes it through.

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

What was removed is found by comparison, not by a second policy: the start
tags and attributes of the raw spans (Python's ``html.parser``) against those
of nh3's output.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.errors import Problem
from sitegen.markdown.document import Document, document_of, walk_blocks

# -- The allow-list ------------------------------------------------------------
# GitHub's (html-pipeline's SanitizationFilter), plus media elements and class/id.

_GITHUB_TAG_NAMES = """h1 h2 h3 h4 h5 h6 h7 h8 br b i strong em a pre code img tt div
ins del sup sub p ol ul table thead tbody tfoot blockquote dl dt dd kbd q samp var hr
ruby rt rp li tr td th s strike summary details caption figure figcaption abbr bdo cite
dfn mark small span time wbr"""
GITHUB_TAGS = frozenset(_GITHUB_TAG_NAMES.split())
MEDIA_TAGS = frozenset(("video", "audio", "source", "track", "picture"))
"""Not GitHub's, but a newsroom's: a clip or a chart with its dark-mode variant."""
TAGS = GITHUB_TAGS | MEDIA_TAGS

REMOVED_WITH_CONTENT = frozenset(("script", "style", "noscript", "svg", "math", "template"))
"""Removed with everything inside: code, what stands in for code, or markup that
would show as stray text."""
EMBEDS = frozenset(("iframe", "frame", "frameset", "object", "embed", "applet"))

_GITHUB_ATTRIBUTE_NAMES = """abbr accept accept-charset accesskey action align alt
aria-describedby aria-hidden aria-label aria-labelledby axis border cellpadding cellspacing
char charoff charset checked clear cols colspan color compact coords datetime dir disabled
enctype for frame headers height hreflang hspace ismap label lang maxlength media method
multiple name nohref noshade nowrap open progress prompt readonly rel rev role rows rowspan
rules scope selected shape size span start summary tabindex target title type usemap valign
value vspace width itemprop"""
GITHUB_ANY_ATTRIBUTES = frozenset(_GITHUB_ATTRIBUTE_NAMES.split())
ANY_ATTRIBUTES = GITHUB_ANY_ATTRIBUTES | {"class", "id"}
"""``class`` and ``id`` are ours: a site's CSS and ``#anchors`` rely on them."""
ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset(("href",)),
    "img": frozenset(("src", "longdesc", "srcset", "sizes", "loading")),
    "div": frozenset(("itemscope", "itemtype")),
    "blockquote": frozenset(("cite",)),
    "del": frozenset(("cite",)),
    "ins": frozenset(("cite",)),
    "q": frozenset(("cite",)),
    "video": frozenset(
        ("src", "poster", "controls", "autoplay", "loop", "muted", "playsinline", "preload")
    ),
    "audio": frozenset(("src", "controls", "autoplay", "loop", "muted", "preload")),
    "source": frozenset(("src", "srcset", "sizes", "type")),
    "track": frozenset(("src", "kind", "srclang", "label", "default")),
}

LINK_SCHEMES = ("http", "https", "mailto", "tel")
MEDIA_SCHEMES = ("http", "https")
URL_SCHEMES: Mapping[str, tuple[str, ...]] = {
    "href": LINK_SCHEMES,
    "src": MEDIA_SCHEMES,
    "srcset": MEDIA_SCHEMES,
    "poster": MEDIA_SCHEMES,
    "longdesc": MEDIA_SCHEMES,
    "cite": MEDIA_SCHEMES,
    "itemtype": MEDIA_SCHEMES,
}
"""Attributes holding URLs → the schemes they may use; relative URLs always may."""

KEEP = "set markdown.html: unsafe to keep it"
SHOWN_WARNINGS = 3
"""Removals listed one by one per file; the rest make one line with a count."""

_MARKER = re.compile("\x00([0-9]+)\x00")
"""A raw span in rendered HTML; markdown-it turns NUL in the source into U+FFFD."""
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
"""Unicode noncharacters, kept for a program's own use, delimit placeholders."""
_PLACEHOLDER = re.compile(f"{_OPEN}([0-9]+){_CLOSE}")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


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


def url_allowed(name: str, value: str) -> bool:
    """True unless ``name`` holds URLs and one of them has a scheme it may not use."""
    schemes = URL_SCHEMES.get(name)
    if schemes is None:
        return True
    urls = [c.split()[0] for c in value.split(",") if c.split()] if name == "srcset" else [value]
    return all(scheme_of(url) in (None, *schemes) for url in urls)


def scheme_of(url: str) -> str | None:
    """The URL's scheme as a browser reads it (spaces and controls ignored), lowercase."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 \x0b\x0c")
    match = _SCHEME.match(cleaned.lstrip())
    return match[1].lower() if match else None


# -- What was removed -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StartTag:
    """A start tag of raw HTML: its name, attributes (first of each name) and body line."""

    name: str
    attributes: tuple[tuple[str, str], ...]
    line: int


class _StartTags(HTMLParser):
    """Start tags in order; what is inside a removed-with-content element is skipped."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.found: list[StartTag] = []
        self.skipping: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            self.depth += tag == self.skipping
            return
        self.handle_startendtag(tag, attrs)
        if tag in REMOVED_WITH_CONTENT:
            self.skipping, self.depth = tag, 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            return
        first: dict[str, str] = {}
        for name, value in attrs:
            first.setdefault(name, value or "")
        line = self.first_line + self.getpos()[0] - 1
        self.found.append(StartTag(tag, tuple(first.items()), line))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.skipping:
            self.depth -= 1
            if self.depth == 0:
                self.skipping = None


def start_tags(html: str, first_line: int = 0) -> list[StartTag]:
    """The start tags of an HTML fragment, at lines counted from ``first_line``."""
    parser = _StartTags(first_line)
    parser.feed(html)
    parser.close()
    return parser.found


def find_removals(spans: Sequence[tuple[str, int]], cleaned: str) -> list[tuple[int, str, str]]:
    """(body line, short name, message) of each element and attribute of ``spans``
    (raw HTML, body line) that ``cleaned`` no longer has, in the order written.

    Counted per element name and per attribute of an element, so an element the
    parser moved (as browsers do) is not taken for removed. Which occurrence
    was removed is then the one the allow-list refuses; failing that, the first.
    """
    before = [tag for content, line in spans for tag in start_tags(content, line)]
    after = start_tags(cleaned)
    elements = Counter(tag.name for tag in after)
    attributes = Counter((tag.name, name) for tag in after for name, _ in tag.attributes)
    removed: list[tuple[tuple[int, int], int, str, str]] = []  # (where written, line, …)
    for name, count in Counter(tag.name for tag in before).items():
        places = [(i, tag.line) for i, tag in enumerate(before) if tag.name == name]
        gone = places[: max(0, count - elements[name])]
        removed.extend(((i, -1), line, f"<{name}>", element_message(name)) for i, line in gone)
    written: dict[tuple[str, str], list[tuple[tuple[int, int], int, str]]] = {}
    for i, tag in enumerate(before):
        if tag.name in TAGS:
            for j, (name, value) in enumerate(tag.attributes):
                written.setdefault((tag.name, name), []).append(((i, j), tag.line, value))
    for (element, name), uses in written.items():
        refused = [use for use in uses if not attribute_allowed(element, name, use[2])]
        ordered = refused + [use for use in uses if use not in refused]
        dropped = ordered[: len(uses) - attributes[(element, name)]]
        removed.extend(
            (at, line, *attribute_removal(element, name, value)) for at, line, value in dropped
        )
    removed.sort(key=lambda item: item[0])
    return [(line, name, message) for _, line, name, message in removed]


def attribute_allowed(element: str, name: str, value: str) -> bool:
    """What the allow-list says of one attribute as written."""
    known = name in ANY_ATTRIBUTES or name in ATTRIBUTES.get(element, ())
    return known and url_allowed(name, value)


def element_message(name: str) -> str:
    """Why element ``name`` went, and what keeps it."""
    if name in TAGS:
        return f"removed a misplaced <{name}> (HTML does not allow it here; browsers ignore it)"
    if name in EMBEDS:
        return (
            f"removed <{name}> (embedded frames are not allowed in sanitized HTML;"
            f" embed it with a shortcode, or {KEEP})"
        )
    held = " and its content" if name in REMOVED_WITH_CONTENT else ""
    return f"removed <{name}>{held} (not allowed in sanitized HTML; {KEEP})"


def attribute_removal(element: str, name: str, value: str) -> tuple[str, str]:
    """(short name, message) for attribute ``name`` removed from ``element``."""
    scheme = scheme_of(value) if name in URL_SCHEMES else None
    if scheme is not None and not url_allowed(name, value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        allowed = ", ".join(f"{s}:" for s in URL_SCHEMES[name])
        return f"{scheme}: URL", (
            f'removed {name}="{shown}" from <{element}> ({scheme}: URLs are not allowed here,'
            f" only {allowed} and relative ones; {KEEP})"
        )
    if name.startswith("on"):
        return name, (
            f"removed {name} from <{element}> (event handlers run scripts, which sanitized"
            f" HTML does not allow; {KEEP})"
        )
    return name, (
        f"removed the {name} attribute from <{element}> (not allowed in sanitized HTML; {KEEP})"
    )


def removal_warnings(
    source: str, body_line: int, removed: Iterable[tuple[int, str, str]]
) -> tuple[Problem, ...]:
    """Warnings at file lines: the first few removals one by one, the rest counted."""
    ordered = sorted(removed, key=lambda item: item[0])
    listed = len(ordered) if len(ordered) <= SHOWN_WARNINGS + 1 else SHOWN_WARNINGS
    shown = [
        Problem(source, body_line + line, f"warning: {message}")
        for line, _, message in ordered[:listed]
    ]
    rest = ordered[listed:]
    if not rest:
        return tuple(shown)
    counts = Counter(name for _, name, _ in rest)
    what = ", ".join(
        name if count == 1 else f"{name} ({count})" for name, count in sorted(counts.items())
    )
    last = body_line + rest[-1][0]
    summary = (
        f"warning: removed {len(rest)} more from raw HTML up to line {last}: {what}"
        " (set markdown.html: unsafe to keep them)"
    )
    return (*shown, Problem(source, body_line + rest[0][0], summary))
