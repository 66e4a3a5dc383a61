"""An article's URL path, from its front matter and the site's permalink pattern.

A leaf, because two stages need it: the site model assigns every URL (and
reports the ones that cannot be), and the front matter reads an alias
written without its ``/`` from the folder of the page's own URL, as Hugo does.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from sitegen.config import SiteConfig
from sitegen.model import Article
from sitegen.slugs import article_slug, slugify
from sitegen.urlpaths import normalize_url_path


def expand_permalink(pattern: str, article: Article, config: SiteConfig) -> str:
    """Fill ``{year}``, ``{month}``, ``{day}``, ``{slug}``, ``{section}`` and
    ``{folder}`` for one article."""
    local = article.date.astimezone(ZoneInfo(config.timezone))
    url = pattern.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=article.slug,
        section=slugify(article.section or ""),
        folder=_folder(article) if "{folder}" in pattern else "",
    )
    path = normalize_url_path(url)
    # The pattern ends with '/': a dot in the slug (go1.14) does not make it a file.
    return path if path.endswith("/") else path + "/"


def _folder(article: Article) -> str:
    """The folder of the article below ``content/``, each name as a slug keeps it
    (``blog/series``); a bundle's is the folder its own folder is in. Empty for
    an article at the top of ``content/``: ``/{folder}/{slug}/`` is then
    ``/{slug}/``."""
    parts = article.source.split("/")[1:-1]  # without content/ and the file
    if article.bundle is not None:
        parts = parts[:-1]
    return "/".join(filter(None, map(article_slug, parts)))


def own_address(article: Article) -> tuple[str, object]:
    """``(key, value)`` of the front matter giving the article its own address:
    Hugo's ``url``, else Zola's ``path`` or Jekyll's, Eleventy's and Hexo's
    ``permalink`` when it is a plain path from the root (``/posts/my-url/``; a
    pattern such as ``/:year/:title/`` or ``{{ page.fileSlug }}/`` is the other
    tool's template language, left to ``params``). Without it, an article
    copied from those tools lost its old address without a word."""
    explicit = article.params.get("url")
    if explicit is not None:
        return "url", explicit
    for key in ("path", "permalink"):
        value = article.params.get(key)
        if isinstance(value, str) and value.startswith("/") and not _PATTERN.search(value):
            return key, value
    return "url", None


_PATTERN = re.compile(r"[:{}]")
"""What a permalink written as a pattern has and a plain path does not."""


def article_url(article: Article, config: SiteConfig) -> str | None:
    """The URL path of the article's page: its own address, else the pattern's.
    None when its own address is not a path from the root (``url: about``),
    which the site model reports."""
    _, explicit = own_address(article)
    if explicit is None:
        return expand_permalink(config.permalinks.article, article, config)
    if not isinstance(explicit, str) or not explicit.startswith("/"):
        return None
    return normalize_url_path(unquote(explicit.split("?")[0].split("#")[0]))


def resolve_alias(alias: str, page: str) -> str | None:
    """A page-relative alias (``old-name``, ``../old/path``) as the URL path Hugo
    writes its redirect at: read from the folder holding the page's URL
    (``/posts/`` for ``/posts/new/`` or ``/posts/new.html``; Hugo joins it with
    ``SubResourceBaseLink/..``), so ``old-name`` is a sibling of the page. A
    slash the author wrote at the end is kept, and so is a query.

    None when it climbs above the site's root, which Hugo would quietly clamp
    to the root: that redirect would answer an address the author never had.
    """
    path, mark, query = alias.partition("?")
    folder = alias_folder(page)
    joined = posixpath.normpath(posixpath.join(folder.lstrip("/"), path))
    if joined == ".." or joined.startswith("../"):
        return None
    last = path.rsplit("/", 1)[-1]
    slash = "/" if last in ("", ".", "..") and joined != "." else ""
    rooted = "/" if joined == "." else "/" + joined + slash
    return rooted + mark + query


def alias_folder(page: str) -> str:
    """The folder a page-relative alias of the page at URL path ``page`` is read
    from, with its ``/``: ``/posts/`` for ``/posts/new/``, ``/`` for ``/about/``."""
    parent = posixpath.dirname(page.rstrip("/"))
    return parent.rstrip("/") + "/"
