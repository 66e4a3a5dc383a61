"""``sitemap.xml`` (sitemaps.org), the Google News sitemap, and ``robots.txt``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sitegen.model import OutputFile, Site, Urls
from sitegen.post.feeds import escape, xml_bytes

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def sitemap(site: Site, urls: Urls) -> OutputFile:
    """Every indexable page with its ``lastmod``: articles, listings, tags index."""
    by_source = {r.article.source: r for r in site.articles}

    def newest(sources: tuple[str, ...]) -> datetime | None:
        dates = [by_source[s].article.updated or by_source[s].article.date for s in sources]
        return max(dates, default=None)

    entries: list[tuple[str, datetime | None]] = []
    for rendered in site.articles:
        article = rendered.article
        entries.append((site.urls[article.source], article.updated or article.date))
    for listing in site.listings:
        for piece in listing.pages:
            entries.append((piece.url, newest(piece.items)))
    entries.append(("/tags/", newest(tuple(by_source))))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in sorted(entries, key=lambda e: e[0]):
        mod = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(urls.absolute(path))}</loc>{mod}</url>")
    lines.append("</urlset>")
    return OutputFile("sitemap.xml", xml_bytes(lines))


def news_sitemap(site: Site, urls: Urls) -> OutputFile:
    """Articles published within two days of the build's clock, at most 1,000."""
    assert site.now is not None
    recent = [r for r in site.articles if site.now - NEWS_WINDOW <= r.article.date <= site.now][
        :NEWS_LIMIT
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for rendered in recent:
        article = rendered.article
        lines.append(
            f"<url><loc>{escape(urls.absolute(site.urls[article.source]))}</loc><news:news>"
            f"<news:publication><news:name>{escape(site.config.title)}</news:name>"
            f"<news:language>{escape(site.config.language)}</news:language></news:publication>"
            f"<news:publication_date>{article.date.isoformat()}</news:publication_date>"
            f"<news:title>{escape(article.title)}</news:title></news:news></url>"
        )
    lines.append("</urlset>")
    return OutputFile("news-sitemap.xml", xml_bytes(lines))


def robots(site: Site, urls: Urls) -> OutputFile:
    """Allow everything and name the sitemaps."""
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {urls.absolute('/sitemap.xml')}"]
    if site.config.news_sitemap:
        lines.append(f"Sitemap: {urls.absolute('/news-sitemap.xml')}")
    return OutputFile("robots.txt", ("\n".join(lines) + "\n").encode())
