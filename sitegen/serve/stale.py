"""Which output pages an edit makes stale, from the site model alone.

Takes the site before and after an edit and the site-relative path that
changed; returns the sorted URL paths of every page whose content may differ:
the article itself (old and new URL, aliases), every page of the listings it
is in (home, its tags, authors, section), the tag index, pages whose "You may
also like" list includes it or whose list changed, and the feeds and
sitemaps. A template, ``site.yaml`` or a change in the section navigation
touches every page. ``serve`` uses it to know which tabs an edit concerns, and
an incremental build will use it to know which pages to render again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitegen.model import Listing, RenderedArticle, Site
from sitegen.urlpaths import normalize_url_path

SITE_WIDE = ("/feed.json", "/feed.xml", "/news-sitemap.xml", "/sitemap.xml", "/tags/")


def stale_pages(old: Site | None, new: Site | None, changed: str) -> tuple[str, ...]:
    """URL paths of the pages that ``changed`` (a site-relative path) may have altered."""
    sites = [s for s in (old, new) if s is not None]
    if changed.startswith("content/") and not changed.endswith(".md"):
        return ("/" + changed.removeprefix("content/"),)  # an image or PDF: copied as is
    if not changed.startswith("content/"):
        return all_pages(sites)
    if old is not None and new is not None and _navigation(old) != _navigation(new):
        return all_pages(sites)
    slugs = {r.article.slug for s in sites for r in s.articles if r.article.source == changed}
    if not slugs:
        return ()  # a draft or future article that neither build published
    stale: set[str] = set(SITE_WIDE)
    for site in sites:
        stale.update(_article_pages(site, slugs))
        stale.update(_listing_pages(site, slugs))
        stale.update(_feeds_of(site, slugs))
    if old is not None and new is not None:
        stale.update(_related_changed(old, new))
    return tuple(sorted(stale))


def all_pages(sites: Iterable[Site]) -> tuple[str, ...]:
    """Every page a site model knows of, in every given build."""
    pages: set[str] = {*SITE_WIDE, "/404.html", "/search/"}
    for site in sites:
        pages.update(site.urls.values())
        pages.update(_aliases(site.articles))
        for listing in site.listings:
            pages.update(piece.url for piece in listing.pages)
        for taxon in (*site.tags, *site.authors):
            pages.add(f"{taxon.url}feed.xml")
    return tuple(sorted(pages))


def _navigation(site: Site) -> tuple[tuple[str, str], ...]:
    """What every page's header shows: the section links."""
    return tuple((s.name, s.url) for s in site.sections)


def _article_pages(site: Site, slugs: set[str]) -> set[str]:
    """The article's own page and its alias redirects."""
    pages = {site.urls[slug] for slug in slugs if slug in site.urls}
    pages.update(_aliases(r for r in site.articles if r.article.slug in slugs))
    # Pages whose "You may also like" cards show this article's title and summary.
    pages.update(
        site.urls[other]
        for other, related in site.related.items()
        if other in site.urls and slugs.intersection(related)
    )
    return pages


def _aliases(articles: Iterable[RenderedArticle]) -> set[str]:
    return {normalize_url_path(alias) for r in articles for alias in r.article.aliases}


def _listing_pages(site: Site, slugs: set[str]) -> set[str]:
    """Every page of each listing that holds the article: pagination may shift."""
    return {
        piece.url for listing in site.listings if _holds(listing, slugs) for piece in listing.pages
    }


def _holds(listing: Listing, slugs: set[str]) -> bool:
    return any(slugs.intersection(piece.items) for piece in listing.pages)


def _feeds_of(site: Site, slugs: set[str]) -> set[str]:
    return {
        f"{taxon.url}feed.xml"
        for taxon in (*site.tags, *site.authors)
        if slugs.intersection(taxon.articles)
    }


def _related_changed(old: Site, new: Site) -> set[str]:
    """Articles whose "You may also like" list itself changed (new tags rerank it)."""
    return {
        new.urls[slug]
        for slug in new.related.keys() | old.related.keys()
        if slug in new.urls and old.related.get(slug) != new.related.get(slug)
    }
