"""What one render learns about its document, carried in markdown-it's ``env``.

markdown-it-py hands every rule the same per-render ``env`` mapping; the
markdown stage keeps one :class:`Document` in it. Parsing rules record errors
and the current line there; core rules record headings and links; render rules
reach the shortcode renderer and record FAQ items. ``render_article`` reads it
back into a frozen ``RenderedArticle``. The md instance itself stays shared
and stateless, so one parser serves every article.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from html import unescape as unescape_html
from typing import TYPE_CHECKING, Any, Protocol

from markdown_it.token import Token

from sitegen.errors import Problem, ShortcodeError
from sitegen.model import FaqItem, Heading
from sitegen.slugs import is_landing

if TYPE_CHECKING:
    from sitegen.markdown.shortcodes.callsite import CallSite

ENV_KEY = "sitegen"


class ShortcodeRenderer(Protocol):
    """Renders ``layouts/shortcodes/NAME.html`` with ``args``, ``inner`` and ``page``.

    ``inner`` is HTML, or the text as written when ``call.raw``; ``call``
    answers what the template asks about the page (``relref``, ``media``…).
    May raise ``SiteError`` for an error located in the template itself, and
    ``ShortcodeError`` for one the author fixes at the call.
    """

    def __call__(
        self,
        name: str,
        args: Mapping[str, str],
        inner: str,
        page: Mapping[str, object],
        call: CallSite,
    ) -> str: ...


class LinkResolver(Protocol):
    """Maps a link or image href as written, in article ``source``, to the href to emit."""

    def __call__(self, href: str, source: str) -> str: ...


def keep_link(href: str, source: str) -> str:
    """The identity resolver: every href as written."""
    return href


class ArticleFinder(Protocol):
    """The source of the article a ``ref`` path written in ``source`` names, as
    Hugo looks it up (a ``#fragment`` is left aside); raises ``ShortcodeError``
    saying why none is found."""

    def __call__(self, path: str, source: str) -> str: ...


def find_no_article(path: str, source: str) -> str:
    """The finder of a render that knows no other article (plain ``md.render`` calls)."""
    raise ShortcodeError(f"ref '{path}' matches no published article")


class TitleFinder(Protocol):
    """The title of the published article at ``source`` (what ``ArticleFinder``
    found); raises ``ShortcodeError`` when no article has that file (a
    section's ``_index.md``)."""

    def __call__(self, source: str) -> str: ...


def find_no_title(source: str) -> str:
    """The title finder of a render that knows no other article."""
    raise ShortcodeError(f"{source} is no published article, so it has no title to show")


@dataclass(slots=True)
class Document:
    """Mutable state of one render; lines are 0-based within the body."""

    shortcodes: ShortcodeRenderer | None = None
    """None renders every shortcode as nothing (plain ``md.render`` calls)."""
    resolve_link: LinkResolver = keep_link
    find_article: ArticleFinder = find_no_article
    article_title: TitleFinder = find_no_title
    source: str = ""
    body_line: int = 1
    """Line in the file of the body's first line, for messages that name another line."""
    page: Mapping[str, object] = field(default_factory=dict)
    line: int = 0
    """Body line of the inline text being parsed, for errors in inline rules."""
    errors: list[tuple[int, str]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    """Shortcodes with a malformed, unknown or unclosed tag: their closing tags are
    part of that mistake and not reported again."""
    template_problems: list[Problem] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    links: list[tuple[str, int, str]] = field(default_factory=list)
    """(href as written, body line, kind)."""
    faq: list[FaqItem] = field(default_factory=list)
    raw_html: list[tuple[str, int]] = field(default_factory=list)
    """Raw HTML awaiting the sanitizer: (HTML as written, body line); the rendered
    HTML holds a marker for each until :meth:`sanitized` replaces it."""
    removed: list[tuple[int, str, str]] = field(default_factory=list)
    """What sanitizing removed: (body line, short name, message)."""
    warnings: list[tuple[int, str]] = field(default_factory=list)
    """What shortcode templates warned about: (body line, message)."""
    destinations: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Link reference definitions whose URL is a shortcode call: placeholder
    URL → the call (``[guide]: {{< ref "g.md" >}}``)."""
    sanitizer: Callable[[Document, str], str] | None = None
    """Set by the sanitize plugin's render rules when they leave markers."""
    expanding: int = 0
    """Shortcode templates rendering inside each other (through ``markdownify``)."""
    inline_depth: int = 0
    """Inline shortcodes being parsed inside each other, to stop before Python's
    recursion limit does (``nesting.py`` checks the finished tokens)."""
    scanners: dict[tuple[int, int], tuple[str, Any]] = field(default_factory=dict)
    """Each inline text's shortcode tag scanner (``shortcodes/expand.py``), by the
    text's identity and end; the text is kept, so its id is not reused."""
    counted: tuple[str, int, int] = ("", 0, 0)
    """(text, position, newlines before it): the last :meth:`newlines` answer."""

    def error(self, line: int, message: str) -> None:
        """Record a problem at a body line."""
        self.errors.append((line, message))

    def newlines(self, src: str, pos: int) -> int:
        """Newlines in ``src`` before ``pos``: counted on from the last answer when
        the same text is asked about further on, as the inline rule does, so a
        paragraph of N tags is not counted N times."""
        text, done, count = self.counted
        if text is not src or pos < done:
            done, count = 0, 0
        count += src.count("\n", done, pos)
        self.counted = (src, pos, count)
        return count

    def resolve_landing(self, href: str, line: int, written: str = "") -> str:
        """``href`` resolved; when it names a section's ``_index.md`` (Zola's
        ``@/blog/_index.md``, a ``relref`` to a folder, ``written`` as the author
        wrote it) and leads to the home page because that folder has no list
        page of its own (sections come from the articles' ``section``), or
        nowhere because the folder holds no published article, a warning at
        ``line`` saying so: never a broken link, nor another target, in silence."""
        resolved = self.resolve_link(href, self.source)
        path = href.partition("#")[0].partition("?")[0]
        if not is_landing(posixpath.basename(path)) or path.startswith("/"):
            return resolved
        if path.startswith("@/"):
            landing = posixpath.normpath(f"content/{path[2:]}")
        else:
            landing = posixpath.normpath(posixpath.join(posixpath.dirname(self.source), path))
        folder = posixpath.dirname(landing)
        if not folder.startswith("content/"):
            return resolved
        name = posixpath.basename(folder)
        shown = written or href
        if is_landing(posixpath.basename(resolved.partition("#")[0])):  # not resolved
            message = f"link to {shown} leads nowhere: {folder}/ holds no published article"
        elif resolved.partition("#")[0] == self.resolve_link("/", self.source):
            message = (
                f"link to {shown} leads to the home page: {folder}/ has no list page, as "
                f"no published article has the section '{name}' (give its articles "
                f"'section: {name}' to make one)"
            )
        else:
            return resolved
        self.warnings.append((line, message))
        return resolved

    def sanitized(self, html: str) -> str:
        """``html`` with its raw HTML markers replaced by sanitized raw HTML.

        Called wherever rendered HTML leaves the markdown stage (the body, a
        shortcode's ``inner``, an FAQ answer); without markers it is ``html``.
        """
        return html if self.sanitizer is None else self.sanitizer(self, html)


def document_of(env: MutableMapping[str, Any]) -> Document:
    """The Document of this render, created on first use."""
    document = env.get(ENV_KEY)
    if document is None:
        document = env[ENV_KEY] = Document()
    return document


SHOWN_TEXT = "shown_text"
"""``meta`` key of a rendered inline shortcode without inner content: the text
its template showed (a ``param``'s value, a ``relref``'s URL), for the summary."""
_TAG = re.compile(r"<[^>]*>")


def html_text(html: str) -> str:
    """The text a reader sees of an HTML fragment."""
    return unescape_html(_TAG.sub("", html))


def plain_text(tokens: Sequence[Token] | None) -> str:
    """The text of inline tokens without markup: line breaks become spaces."""
    parts: list[str] = []
    for token in tokens or ():
        if token.type in ("text", "code_inline") or token.type.startswith("math_inline"):
            parts.append(token.content)  # a formula's TeX: its words, for a summary
        elif SHOWN_TEXT in token.meta:
            parts.append(token.meta[SHOWN_TEXT])
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.children and token.type != "image":
            parts.append(plain_text(token.children))
    return "".join(parts)


def walk_blocks(
    tokens: Sequence[Token], skip: str = ""
) -> Iterator[tuple[int, Token, Sequence[Token]]]:
    """``(index, token, siblings)`` of every block token, inside shortcodes too.

    Depth first, in document order; the inside of shortcode ``skip`` is left out.
    """
    for index, token in enumerate(tokens):
        yield index, token, tokens
        if token.type == "shortcode_block" and token.children and token.meta["name"] != skip:
            yield from walk_blocks(token.children, skip)
