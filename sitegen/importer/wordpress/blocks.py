"""Block-editor content: the HTML of each block, without the block comments.

The block editor saves each block as its HTML between two comments,
``<!-- wp:paragraph -->`` and ``<!-- /wp:paragraph -->``, with the block's
settings as JSON in the first. The HTML is what readers saw, so the comments
are taken off and the HTML kept. Some blocks have no saved HTML: WordPress
builds them each time the page is shown (latest posts, a search form, a
query loop); a static site cannot, so each is reported. An embed's saved HTML
is only the URL; it becomes a link. A reusable block (``wp:block`` with a
``ref``) is replaced by its content when the export holds it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sitegen.importer.wordpress.lines import LineFinder

_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.DOTALL,
)
"""A block comment (WordPress's block parser grammar): ``<!-- wp:name {json} /-->``."""

DYNAMIC = frozenset(
    {
        "archives", "avatar", "calendar", "categories", "comments", "comment-template",
        "latest-comments", "latest-posts", "legacy-widget", "loginout", "navigation",
        "page-list", "pattern", "post-comments-form", "post-navigation-link", "post-template",
        "query", "query-no-results", "query-pagination", "query-title", "read-more", "rss",
        "search", "site-logo", "site-tagline", "site-title", "tag-cloud", "template-part",
        "term-description", "widget-group", "table-of-contents", "home-link",
    }
)  # fmt: skip
"""Core blocks WordPress renders when the page is shown; what they save is at
most a wrapper around other dynamic blocks, so the whole block is reported."""

_DYNAMIC_PREFIXES = ("post-", "comment-", "comments-", "query-", "navigation-", "page-list-")
EMPTY_WHEN_VOID = frozenset(
    {"shortcode", "html", "paragraph", "heading", "list", "freeform", "missing", "group"}
)
"""Blocks that save their content as HTML: with none, they are just empty."""
_ADJACENT_LINKS = re.compile(r"(</a>)\s*(<a\b)")
"""Two links with nothing between them, which would read as one run of words."""
_EMBEDS = re.compile(r"^(?:embed|core-embed/.+|.+-embed)$")
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.DOTALL)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    name: str
    attrs: Mapping[str, object]
    closer: bool
    void: bool


@dataclass(slots=True)
class BlockResult:
    """The HTML of the blocks, and the notes: (export line, message)."""

    html: str
    notes: list[tuple[int, str]] = field(default_factory=list)
    has_footnotes: bool = False
    """A ``wp:footnotes`` block was found: the post's footnotes go where it was."""


def has_blocks(text: str) -> bool:
    """WordPress's ``has_blocks``: the content was saved by the block editor."""
    return "<!-- wp:" in text


def render_blocks(
    text: str,
    finder: LineFinder,
    reusable: Callable[[int], str | None],
    inside: frozenset[int] = frozenset(),
) -> BlockResult:
    """The HTML readers saw for ``text``, block comments removed, with notes.

    ``reusable`` gives the stored content of a reusable block by its post ID;
    ``inside`` holds the reusable blocks being expanded (one that holds itself
    is not expanded again)."""
    tokens = [_token(m) for m in _DELIMITER.finditer(text)]
    walk = _Walk(text, tokens, finder, reusable, BlockResult(""), inside)
    walk.result.html, _, _ = walk.render(0, 0, None)
    return walk.result


def _token(match: re.Match[str]) -> _Token:
    attrs: Mapping[str, object] = {}
    if match.group("attrs"):
        try:
            parsed = json.loads(match.group("attrs"))
        except ValueError:
            parsed = {}
        attrs = parsed if isinstance(parsed, dict) else {}
    name = match.group("name")
    return _Token(
        match.start(),
        match.end(),
        name.removeprefix("core/"),
        attrs,
        bool(match.group("closer")),
        bool(match.group("void")),
    )


@dataclass(slots=True)
class _Walk:
    """One pass over a post's block comments, nested blocks by recursion."""

    text: str
    tokens: list[_Token]
    finder: LineFinder
    reusable: Callable[[int], str | None]
    result: BlockResult
    inside: frozenset[int]

    def render(self, index: int, position: int, until: str | None) -> tuple[str, int, int]:
        """HTML from ``position`` to the closer of ``until``: (html, next token, end)."""
        text, tokens = self.text, self.tokens
        out: list[str] = []
        while index < len(tokens):
            token = tokens[index]
            index += 1
            out.append(text[position : token.start])
            position = token.end
            if token.closer:
                if token.name == until:
                    return "".join(out), index, position
                continue  # a stray closer: WordPress's parser skips it too
            line = self.finder.line_at(token.start)
            if token.void:
                out.append(self.void_block(token, line))
                continue
            noted = len(self.result.notes)
            inner, index, position = self.render(index, position, token.name)
            if _is_dynamic(token.name):
                del self.result.notes[noted:]  # one note for the block, not for its parts
            out.append(self.paired_block(token, inner, line))
        out.append(text[position:])
        return "".join(out), index, len(text)

    def void_block(self, token: _Token, line: int) -> str:
        name, result = token.name, self.result
        if name == "more":
            return ""
        if name == "nextpage":
            result.notes.append((line, NEXTPAGE))
            return ""
        if name == "footnotes":
            result.has_footnotes = True
            return FOOTNOTES_MARK
        if name == "block":
            return self.reusable_block(token, line)
        if name == "social-link" and isinstance(token.attrs.get("url"), str):
            url = html.escape(str(token.attrs["url"]))
            label = html.escape(str(token.attrs.get("label") or token.attrs.get("service") or url))
            return f'<li><a href="{url}">{label}</a></li>'
        if name not in EMPTY_WHEN_VOID:
            result.notes.append((line, _dynamic_message(name)))
        return ""

    def paired_block(self, token: _Token, inner: str, line: int) -> str:
        name = token.name
        if name == "more":
            return ""
        if name == "nextpage":
            self.result.notes.append((line, NEXTPAGE))
            return ""
        if _EMBEDS.match(name):
            return _embed(token, inner, line, self.result)
        if _is_dynamic(name):
            self.result.notes.append((line, _dynamic_message(name)))
            return ""
        if name == "block" and not inner.strip():
            # Written open and closed (<!-- wp:block {"ref":1} --><!-- /wp:block -->),
            # it holds nothing of its own either: its content is the stored block's.
            return self.reusable_block(token, line)
        if name == "file":  # the file's link and its Download button: two links, apart
            return _ADJACENT_LINKS.sub(r"\1 \2", inner)
        return inner

    def reusable_block(self, token: _Token, line: int) -> str:
        ref = token.attrs.get("ref")
        known = isinstance(ref, int) and ref not in self.inside
        content = self.reusable(ref) if isinstance(ref, int) and known else None
        if content is None:
            message = (
                f"reusable block {ref} is not in the export; left out (paste its content here)"
            )
            self.result.notes.append((line, message))
            return ""
        assert isinstance(ref, int)
        inner = render_blocks(
            content, LineFinder(content, line), self.reusable, self.inside | {ref}
        )
        self.result.notes.extend((line, message) for _, message in inner.notes)
        self.result.has_footnotes = self.result.has_footnotes or inner.has_footnotes
        return inner.html


def _is_dynamic(name: str) -> bool:
    return name in DYNAMIC or name.startswith(_DYNAMIC_PREFIXES)


def _embed(token: _Token, inner: str, line: int, result: BlockResult) -> str:
    url = token.attrs.get("url")
    if not isinstance(url, str) or not url:
        found = re.search(r"https?://[^\s<>\"']+", inner)
        url = found.group(0) if found else ""
    if not url:
        result.notes.append((line, f"embed block wp:{token.name} has no URL; left out"))
        return ""
    provider = token.attrs.get("providerNameSlug") or token.name.rpartition("/")[2]
    result.notes.append(
        (line, f"embedded {provider} content {url} is now a link (sitegen does not embed players)")
    )
    link = html.escape(url)
    caption = _FIGCAPTION.search(inner)
    text = f'\n<p><a href="{link}">{link}</a></p>\n'
    return text + (f"<p>{caption.group(1).strip()}</p>\n" if caption else "")


def _dynamic_message(name: str) -> str:
    return (
        f"block wp:{name} is built by WordPress when the page is shown and has no "
        "saved content; left out"
    )


NEXTPAGE = (
    "page break (<!--nextpage-->): the post's pages are one page now; "
    "its old URLs /2/, /3/… do not answer"
)
FOOTNOTES_MARK = "<!-- wp-footnotes -->"
"""Where a ``wp:footnotes`` block stood: the post's footnotes are written there."""
