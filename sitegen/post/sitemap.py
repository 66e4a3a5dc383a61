"""``sitemap.xml`` (sitemaps.org), the Google News sitemap, and ``robots.txt``."""

from __future__ import annotations

from datetime import timedelta

from sitegen.model import OutputFile, Site, Urls
from sitegen.post.feeds import escape, xml_bytes

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def sitemap(site: Site, urls: Urls) -> OutputFile:
    """Every indexable page with its ``lastmod``: articles, listings, tags index.

    Each article's ``lastmod`` is written once and a listing page takes its
    newest article's: at 10,000 articles there are 17,000 entries, and a
    retag that moves a listing writes the whole file again."""
    stamps = {r.article.source: r.article.updated or r.article.date for r in site.articles}
    written = {source: when.isoformat() for source, when in stamps.items()}
    for rendered in site.articles:  # a page without a date: its own update, if any
        if not rendered.article.dated and rendered.article.updated is None:
            written[rendered.article.source] = ""

    def newest(sources: tuple[str, ...]) -> str | None:
        # The first of equal times, as written: 12:00+00:00 equals 13:00+01:00.
        latest = max(sources, key=stamps.__getitem__, default=None)
        return written[latest] if latest is not None else None

    entries: list[tuple[str, str | None]] = []
    for rendered in site.articles:
        source = rendered.article.source
        entries.append((site.urls[source], written[source]))
    for listing in site.listings:
        for piece in listing.pages:
            entries.append((piece.url, newest(piece.items)))
    entries.append(("/tags/", newest(tuple(stamps))))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, lastmod in sorted(entries, key=lambda e: e[0]):
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
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
