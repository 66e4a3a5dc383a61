"""Article URLs from the permalink pattern, and URL → output path.

URLs are assigned from front matter alone, before any markdown is rendered,
because article bodies link to each other and shortcodes may show URLs.
Nothing a slug, alias or permalink says may put a file outside the output
directory: every URL passes through :func:`output_path_for`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from sitegen.config import SiteConfig
from sitegen.errors import Problems
from sitegen.model import Article
from sitegen.slugs import markdown_stem, slugify
from sitegen.urlpaths import is_safe_url_path, normalize_url_path


def expand_permalink(pattern: str, article: Article, config: SiteConfig) -> str:
    """Fill ``{year}``, ``{month}``, ``{day}``, ``{slug}``, ``{section}`` for one article."""
    local = article.date.astimezone(ZoneInfo(config.timezone))
    url = pattern.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=article.slug,
        section=slugify(article.section or ""),
    )
    path = normalize_url_path(url)
    # The pattern ends with '/': a dot in the slug (go1.14) does not make it a file.
    return path if path.endswith("/") else path + "/"


def assign_urls(
    articles: Sequence[Article], config: SiteConfig, problems: Problems
) -> dict[str, str]:
    """Map each article slug to its URL path; two articles at one URL is an error.

    Problems: an unsafe URL, two articles with the same URL (naming both files),
    an alias that collides with an article or another alias.
    """
    urls: dict[str, str] = {}
    owner: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.source):
        url = expand_permalink(config.permalinks.article, article, config)
        line = article.lines.get("slug", 1)
        if not is_safe_url_path(url):
            problems.add(article.source, line, f"URL {url!r} would leave the output directory")
            continue
        if url in owner:
            first = owner[url]
            problems.add(
                article.source,
                line,
                f"URL {url} is also the URL of {first.source}; give one of them another slug",
            )
            continue
        owner[url] = article
        urls[article.slug] = url
    _check_aliases(articles, owner, problems)
    return urls


def _check_aliases(
    articles: Iterable[Article], owner: Mapping[str, Article], problems: Problems
) -> None:
    seen: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.source):
        for index, alias in enumerate(article.aliases):
            line = article.lines.get(f"aliases[{index}]", article.lines.get("aliases", 1))
            url = normalize_url_path(alias)
            if not is_safe_url_path(alias):
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


class LinkRewriter:
    """Rewrite hrefs written in markdown so they work wherever the site is served.

    - ``other.md`` or ``other.markdown`` (relative to the article's file) becomes
      that article's URL;
    - a relative file link (a page bundle's ``chart.svg``) becomes the path the
      file is copied to, since articles are not served from their folder;
    - root-relative links (``/articles/x/``) gain the base path of a site that
      lives under a sub-path.
    External links, ``#fragments`` and unknown markdown files are left as written.
    """

    def __init__(self, urls_by_source: Mapping[str, str], base_path: str) -> None:
        self.urls_by_source = dict(urls_by_source)
        self.base_path = base_path

    def __call__(self, href: str, source: str) -> str:
        if not href or href.startswith(("#", "//")) or _has_scheme(href):
            return href
        path, suffix = _split_suffix(href)
        if not path:
            return href
        if path.startswith("/"):
            target = path
        else:
            folder = posixpath.dirname(source)
            joined = posixpath.normpath(posixpath.join(folder, path))
            if not joined.startswith("content/"):
                return href
            if markdown_stem(joined) is not None:
                url = self.urls_by_source.get(joined)
                return self.base_path + url[1:] + suffix if url else href
            target = "/" + joined[len("content/") :]
        return self.base_path + target[1:] + suffix


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
