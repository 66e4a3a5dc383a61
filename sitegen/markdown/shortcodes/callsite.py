"""What a shortcode template may ask about the page it is called on.

A template renders in the render stage, which knows neither the article's
file, nor the line of the call, nor the other articles. So each call gets a
:class:`CallSite` from the markdown stage: the template's ``relref``,
``reftitle``, ``media``, ``link``, ``markdownify``, ``highlight``, ``param`` and ``warn``
are its methods. Links go through the build's link resolver, as markdown
links do (a bundle's ``chart.png``, a site under ``/blog/``), and are recorded
at the call's line for ``sitegen check``; a ``ref`` to no article, an unknown
``param``, raise ``ShortcodeError``, which ``expand`` reports at that line.
"""

from __future__ import annotations

import datetime
import posixpath
import textwrap
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.errors import ShortcodeError
from sitegen.markdown.document import Document
from sitegen.markdown.shortcodes.registry import did_you_mean
from sitegen.slugs import slugify

PAGE_FIELDS = ("title", "slug", "section", "date", "tags")
"""Front matter that sitegen reads itself, which ``param`` finds too, as Hugo's does."""


@dataclass(slots=True)
class CallSite:
    """One shortcode call: the document it is in, its body line, the parser."""

    document: Document
    line: int
    md: MarkdownIt
    env: MutableMapping[str, Any]
    raw: bool = False
    """The call's inner content is the text as written (``inner: raw``), not HTML."""

    def relref(self, path: str) -> str:
        """The URL, under the base path, of the article ``path`` names (Hugo's
        lookup: see ``ArticleFinder``), its ``#anchor`` kept; ``#anchor`` alone
        is this page's, and ``/`` is the home page."""
        document = self.document
        target, hash_, anchor = path.strip().partition("#")
        if target and not target.strip("/"):
            return document.resolve_link("/", document.source) + hash_ + anchor
        listing = _listing_page(target)
        if listing is not None:
            return document.resolve_link(listing, document.source) + hash_ + anchor
        found = document.find_article(path, document.source) if target else document.source
        folder = posixpath.dirname(document.source) or "."
        href = posixpath.relpath(found, folder) + hash_ + anchor
        document.links.append((href, self.line, "link"))
        return document.resolve_landing(href, self.line, f"ref '{path}'")

    def reftitle(self, path: str) -> str:
        """The title of the article ``path`` names, found as ``relref`` finds it
        (Hexo's ``{% post_link slug %}`` shows it)."""
        document = self.document
        return document.article_title(document.find_article(path, document.source))

    def link(self, href: str) -> str:
        """``href`` resolved as a markdown link's is (``other.md`` is its article)."""
        return self._resolve(href, "link")

    def media(self, src: str) -> str:
        """``src`` resolved as a markdown image's is (a bundle's ``chart.png``)."""
        return self._resolve(src, "image")

    def _resolve(self, href: str, kind: str) -> str:
        if not href:
            return href
        self.document.links.append((href, self.line, kind))
        return self.document.resolve_link(href, self.document.source)

    def markdownify(self, text: str) -> str:
        """Inline markdown as HTML (no ``<p>``), links resolved, raw HTML sanitized.

        Parsed with the body's parser and document, so its links and raw HTML
        are recorded as the body's, then moved to the line of the call.
        """
        document = self.document
        links, raw, saved = len(document.links), len(document.raw_html), document.line
        document.line = self.line
        try:
            tokens = _without_footnote_list(self.md.parseInline(text, self.env))
            html = self.md.renderer.render(tokens, self.md.options, self.env)
        finally:
            document.line = saved
        document.links[links:] = [(h, self.line, k) for h, _, k in document.links[links:]]
        document.raw_html[raw:] = [(content, self.line) for content, _ in document.raw_html[raw:]]
        return document.sanitized(html)

    def highlight(self, code: str, lang: str = "", options: str = "") -> str:
        """``code`` as a fenced code block in ``lang`` renders: same classes, same
        escaping, same colours; ``options`` as Hugo's shortcode takes them
        (``"linenos=table,hl_lines=8 15-17"``: ``markdown/code.py``).

        Its common indentation and the blank lines around it are removed, as
        Hugo's ``highlight`` shortcode does (``.InnerDeindent``, trimmed).
        """
        info = lang.strip() + (f" {{{options}}}" if options and lang.strip() else "")
        token = Token("fence", "code", 0, info=info, markup="```")
        token.content = textwrap.dedent(str(code)).strip("\n") + "\n"
        return str(self.md.renderer.render([token], self.md.options, self.env))

    def param(self, name: str) -> str:
        """The article's front matter value ``name`` as text: a key of ``params``
        (``a.b`` reaches into a mapping; case does not matter, as in Hugo), else
        one of :data:`PAGE_FIELDS`."""
        page = self.document.page
        found = page.get("params")
        params: Mapping[Any, Any] = found if isinstance(found, Mapping) else {}
        value = _dig(params, name.split("."))
        if value is _MISSING and name in PAGE_FIELDS:
            value = page.get(name)
        if value is _MISSING:
            known = tuple(str(k) for k in params) + PAGE_FIELDS
            hint = did_you_mean(name, known)
            raise ShortcodeError(f"param '{name}' is not in this article's front matter{hint}")
        if isinstance(value, Mapping):
            keys = ", ".join(f"{name}.{key}" for key in value)
            raise ShortcodeError(f"param '{name}' holds several values; name one: {keys}")
        return _as_text(value)

    def warn(self, message: str) -> str:
        """Record a warning at the call's line; nothing to show."""
        self.document.warnings.append((self.line, str(message)))
        return ""


_MISSING = object()


def _dig(mapping: Mapping[Any, Any], keys: list[str]) -> object:
    value: object = mapping
    for key in keys:
        if not isinstance(value, Mapping):
            return _MISSING
        found = [k for k in value if str(k) == key] or [
            k for k in value if str(k).lower() == key.lower()
        ]
        if not found:
            return _MISSING
        value = value[found[0]]
    return value


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value)
    return str(value)


def _without_footnote_list(tokens: list[Token]) -> list[Token]:
    """``tokens`` without the footnote list the footnote plugin appends to every
    parse whose ``env`` knows footnotes: the body's, which a call's text is
    parsed in, so each figure caption of an article with footnotes held a copy
    of its list (and a second ``id=fn:1``). The list is the body's, once."""
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            return tokens[:index]
    return tokens


_LISTINGS = {"tags": "/tags/", "categories": "/sections/", "authors": "/authors/"}
"""Hugo's taxonomy pages, as a ``ref`` names them, and where sitegen lists them
(a Hugo category is a section)."""


def _listing_page(target: str) -> str | None:
    """The list page a ``ref`` names (``tags``, ``/categories/politics``): Hugo
    finds taxonomy pages as it finds articles, and a ref to one stopped the
    build as matching no article. None for anything else."""
    kind, _, name = target.strip("/").partition("/")
    folder = _LISTINGS.get(kind.lower())
    if folder is None or "/" in name:
        return None
    slug = slugify(name) if name else ""
    return f"{folder}{slug}/" if slug else folder
