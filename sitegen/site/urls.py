"""Article URLs from the permalink pattern, and URL → output path.

URLs are assigned from front matter alone, before any markdown is rendered,
because article bodies link to each other and shortcodes may show URLs.
Nothing a slug, alias or permalink says may put a file outside the output
directory: every URL passes through :func:`output_path_for`.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from urllib.parse import unquote

from sitegen.config import SiteConfig
from sitegen.errors import Problems, ShortcodeError
from sitegen.model import Article
from sitegen.permalinks import article_url, own_address
from sitegen.site.refs import ArticleRefs
from sitegen.slugs import MARKDOWN_SUFFIXES, is_landing, slugify
from sitegen.urlpaths import (
    alias_key,
    encode_url_path,
    is_safe_url_path,
    url_path_problem,
)

CONTENT = "content"


def assign_urls(
    articles: Sequence[Article], config: SiteConfig, problems: Problems
) -> dict[str, str]:
    """Map each article's source to its URL path; two articles at one URL is an error.

    Keyed by source, never by slug: two articles may share a slug when the
    pattern tells them apart (``/{year}/{slug}/``).

    Front matter ``url`` (Hugo's) gives one article its own address instead of
    the pattern's.

    Problems: an unsafe URL, two articles with the same URL (at each file, naming
    the other), an alias that collides with an article or another alias.
    """
    urls: dict[str, str] = {}
    owner: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.source):
        key, explicit = own_address(article)
        line = article.lines.get("slug" if explicit is None else key, 1)
        url = article_url(article, config)
        if url is None:
            problems.add(article.source, line, f"'{key}' must be a path like '/about/'")
            continue
        if not is_safe_url_path(url):
            problems.add(article.source, line, f"URL {url!r} would leave the output directory")
            continue
        too_long = url_path_problem(url)
        if too_long:
            problems.add(article.source, line, f"the article's URL {too_long}; shorten it")
            continue
        if url in owner:
            first = owner[url]
            first_line = first.lines.get("slug", 1)
            for one, at, other, other_at in (
                (article, line, first, first_line),
                (first, first_line, article, line),
            ):
                problems.add(
                    one.source,
                    at,
                    f"URL {url} is also the URL of {other.source}:{other_at}; "
                    "give one of them another slug",
                )
            continue
        owner[url] = article
        urls[article.source] = url
    _check_aliases(articles, owner, problems)
    return urls


def _check_aliases(
    articles: Iterable[Article], owner: Mapping[str, Article], problems: Problems
) -> None:
    """An alias must stay in the output directory and be no other page's address.
    One still without its ``/`` belongs to an article whose own address was
    refused (the front matter reads it from that address): it says nothing more."""
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.source):
        for index, alias in enumerate(article.aliases):
            if not alias.startswith("/"):
                continue
            line = article.lines.get(f"aliases[{index}]", article.lines.get("aliases", 1))
            url = alias_key(alias)
            if not is_safe_url_path(alias.partition("?")[0]):
                problems.add(
                    article.source, line, f"alias {alias!r} would leave the output directory"
                )
            elif url in owner:
                problems.add(
                    article.source, line, f"alias {alias} is the URL of {owner[url].source}"
                )
            elif url in seen and seen[url] is not article:
                problems.add(
                    article.source, line, f"alias {alias} is also an alias of {seen[url].source}"
                )
            else:
                seen[url] = article


# Links to files with MARKDOWN_SUFFIXES endings are links to articles.


class LinkRewriter:
    """Rewrite hrefs written in markdown so they work wherever the site is served.

    A relative href is read as the author meant it, in this order:

    - ``other.md`` or ``other.markdown`` (relative to the article's file) is
      that article: its URL;
    - a file copied from ``content/`` (a page bundle's ``chart.svg``, relative
      to the article's file) is the path it is copied to;
    - anything else resolves as a browser resolves it from the article's page:
      ``../b/`` in the article at ``/2022/a/`` is ``/2022/b/``.

    Each becomes a root-relative URL under the base path, so it keeps working
    where the body is shown away from its page (feeds, listings). Root-relative
    links (``/articles/x/``) gain the base path of a site that lives under a
    sub-path. External links, ``#fragments``, unknown markdown files and links
    climbing above the site root are left as written (``sitegen check`` reports
    the last two, with :meth:`why_unresolved`).
    """

    def __init__(
        self,
        urls_by_source: Mapping[str, str],
        base_path: str,
        files: Iterable[str] = (),
        sections: Iterable[str] | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        """``urls_by_source``: article file → URL path; ``files``: the files copied
        from ``content/``, relative to the site (``content/water/chart.svg``);
        ``sections``: the slugs of the sections that have a list page (None: a
        link to a section's ``_index.md`` is taken to have one); ``titles``:
        article file → title, for a body that shows another article's title."""
        self.urls_by_source = dict(urls_by_source)
        self.base_path = base_path
        self.files = frozenset(files)
        self.sections = None if sections is None else frozenset(sections)
        self.titles = titles or {}

    @functools.cached_property
    def folders(self) -> frozenset[str]:
        """Every folder holding a published article, at any depth (``content/blog``)."""
        found: set[str] = set()
        for source in self.urls_by_source:
            folder = posixpath.dirname(source)
            while folder.startswith(f"{CONTENT}/") and folder not in found:
                found.add(folder)
                folder = posixpath.dirname(folder)
        return frozenset(found)

    @functools.cached_property
    def find_article(self) -> ArticleRefs:
        """Hugo's ``ref`` lookup over the same articles: path → article source.
        Made when a body first looks an article up: indexing 10,000 articles for a
        build that renders one body without ``ref`` costs a tenth of a second."""
        return ArticleRefs(self.urls_by_source)

    def article_title(self, source: str) -> str:
        """The title of the published article at ``source``, which ``find_article``
        found; a section's ``_index.md`` (a folder's ref) has none to show."""
        title = self.titles.get(source)
        if title is None:
            raise ShortcodeError(f"{source} is a list page, not an article: it has no title")
        return title

    def pelican(self, href: str, source: str) -> str:
        """``href`` without Pelican's marker (``{filename}``, ``{static}``, ``{attach}``,
        ``|filename|``...): the path after it is from the content folder when it
        starts with ``/``, else from the article's file, as Pelican reads it; a
        ``{tag}``, ``{category}``, ``{author}`` or ``{index}`` link is the list page's
        URL. Zola's ``@/posts/other.md`` is a path from the content folder too. Any
        other href as it is."""
        if href.startswith("@/"):
            return posixpath.relpath(f"{CONTENT}/{href[2:]}", posixpath.dirname(source) or ".")
        found = _pelican(href)
        if found is None:
            return href
        kind, rest = found
        if kind == "index":
            return "/" + rest.lstrip("/")
        folder = _PELICAN_LISTINGS.get(kind)
        if folder is not None:  # a list page: a Pelican category is a section
            slug = slugify(unquote(rest).split("#", 1)[0])
            return f"{folder}{slug}/" if slug else href
        if not rest.startswith("/"):
            return rest
        folder = posixpath.dirname(source) or "."
        return posixpath.relpath(f"{CONTENT}/{rest.lstrip('/')}", folder)

    def reads_site(self, href: str) -> bool:
        """Whether ``href`` resolves through other articles' URLs or the content files
        (a relative link), so a body kept from another build must check it again."""
        return is_relative_href(href)

    def __call__(self, href: str, source: str) -> str:
        href = self.pelican(href, source)
        if not href or href.startswith(("#", "//")) or _has_scheme(href):
            return href
        path, suffix = _split_suffix(href)
        if not path:
            return href
        target = path if path.startswith("/") else self.site_path(path, source)
        return href if target is None else self.base_path + encode_url_path(target[1:]) + suffix

    def site_path(self, path: str, source: str) -> str | None:
        """The site URL path a relative ``path`` written in ``source`` leads to.

        None for an unknown markdown file or a path climbing above the site root.
        """
        in_content = _beside(source, path)
        on_disk = unquote(in_content)
        if is_landing(posixpath.basename(on_disk)):
            page = _landing_page(on_disk, self.sections)
            folder = posixpath.dirname(on_disk)
            return page if page != "/" or folder == CONTENT or folder in self.folders else None
        if on_disk.endswith(MARKDOWN_SUFFIXES):
            return self.urls_by_source.get(on_disk)
        if on_disk in self.files:
            return "/" + in_content.removeprefix(f"{CONTENT}/")
        page = self.urls_by_source.get(source)
        return None if page is None else resolve_from_page(page, path)

    def why_unresolved(self, href: str, source: str) -> str | None:
        """Why a relative href written in ``source`` leads nowhere, in the author's
        words, to follow "link to HREF"; None when it leads somewhere."""
        href = self.pelican(href, source)
        path, _ = _split_suffix(href)
        if not is_relative_href(href) or self.site_path(path, source) is not None:
            return None
        in_content = unquote(_beside(source, path))
        if is_landing(posixpath.basename(in_content)):
            folder = posixpath.dirname(in_content)
            return f"does not match any page ({folder}/ holds no published article)"
        if in_content.endswith(MARKDOWN_SUFFIXES):
            return f"does not match any page (no published article at {in_content})"
        page = self.urls_by_source.get(source)
        return None if page is None else f"climbs above the site root from {page}"


def _landing_page(landing: str, sections: AbstractSet[str] | None = None) -> str | None:
    """The page an ``_index.md`` is the text of: ``content/_index.md`` the home
    page's, ``content/blog/_index.md`` the section's named like its folder (Zola's
    ``[the blog](@/blog/_index.md)``; Hugo's links to a section's file). None for
    a landing outside ``content/``.

    Sections come from the articles' ``section``, not from folders: a folder
    whose section no published article names (not in ``sections``) has no
    list page, and its link leads to the home page, which lists its articles
    (the body's render warns: see ``markdown/links.py``), rather than to a
    page that is not there."""
    folder = posixpath.dirname(landing)
    if folder == CONTENT:
        return "/"
    if not folder.startswith(f"{CONTENT}/"):
        return None
    slug = slugify(posixpath.basename(folder))
    if not slug:
        return None
    return "/" if sections is not None and slug not in sections else f"/sections/{slug}/"


def resolve_from_page(page: str, path: str) -> str | None:
    """Resolve relative ``path`` from the page at URL path ``page``, as a browser does.

    None when it climbs above the site root (a browser would stop at the root;
    for a site under a sub-path that is another site).
    """
    folder = page[: page.rfind("/") + 1]
    joined = posixpath.normpath(posixpath.join(folder.lstrip("/"), path))
    if joined == ".." or joined.startswith("../"):
        return None
    last = path.rsplit("/", 1)[-1]
    slash = "/" if last in ("", ".", "..") and joined != "." else ""
    return "/" if joined == "." else "/" + joined + slash


def _beside(source: str, path: str) -> str:
    """``path`` read relative to the folder of the file ``source``, normalized."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


_PELICAN_DELIMITERS = (("{", "}"), ("|", "|"), ("%7B", "%7D"), ("%7C", "%7C"))
"""Around the kind of a Pelican link (``{filename}``, the older ``|filename|``), as
typed and as markdown-it hands a link's URL over (percent-encoded)."""
_PELICAN_OPENINGS = tuple(opening for opening, _ in _PELICAN_DELIMITERS)
_PELICAN_FILES = frozenset({"filename", "static", "attach"})
_PELICAN_LISTINGS = {"tag": "/tags/", "category": "/sections/", "author": "/authors/"}
"""Pelican's links to a list page (``{tag}python``) and where that list is here."""


def _pelican(href: str) -> tuple[str, str] | None:
    """``(kind, what follows)`` of a Pelican link (``{filename}/a.md``, ``{tag}x``,
    ``{index}``); None for any other href, told by its first character: every link
    of every body comes through here."""
    if not href.startswith(_PELICAN_OPENINGS):
        return None
    for opening, closing in _PELICAN_DELIMITERS:
        if href.startswith(opening):
            kind, sep, rest = href[len(opening) :].partition(closing)
            known = kind in _PELICAN_FILES or kind in _PELICAN_LISTINGS or kind == "index"
            return (kind, rest) if sep and known else None
    return None


def is_relative_href(href: str) -> bool:
    """True for an href that :class:`LinkRewriter` resolves from the article's file or page
    (Pelican's ``{filename}/x.md`` included)."""
    if _pelican(href) is not None or href.startswith("@/"):
        return True
    path, _ = _split_suffix(href)
    return bool(path) and not path.startswith("/") and not _has_scheme(href)


def _has_scheme(href: str) -> bool:
    head, sep, _ = href.partition(":")
    return (
        bool(sep)
        and head.replace("+", "").replace("-", "").replace(".", "").isalnum()
        and "/" not in head
    )


def _split_suffix(href: str) -> tuple[str, str]:
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut], href[cut:]
