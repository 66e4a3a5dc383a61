"""Atom feeds (site, per tag, per author) and the JSON Feed 1.1.

Newest 20 entries, full content with absolute URLs (feed readers resolve
nothing against the site), stable ids (the article's permalink).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sitegen.config import UNWRITABLE, all_writable
from sitegen.digests import digest
from sitegen.model import OutputFile, Planned, RenderedArticle, Site, Urls, WithBodies
from sitegen.urlpaths import output_path_for

FEED_SIZE = 20
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')


def escape(text: str) -> str:
    """Character data: ``&``, ``<`` and ``>`` as entities, as ``xml.sax.saxutils``
    writes them; that module loads an HTTP client when imported, a tenth of a
    second's start-up of a build that has no use for one."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """An attribute value with its quotes, as ``xml.sax.saxutils.quoteattr`` writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def absolutize(html: str, urls: Urls) -> str:
    """Make root-relative ``href``/``src`` absolute, so content works outside the site."""
    parts = urlsplit(urls.base_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}="{origin}', html)


def xml_bytes(lines: Sequence[str]) -> bytes:
    """The lines of an XML document as its bytes, well-formed whatever the text: a
    character XML cannot carry (reading text drops them with a warning; a
    template may still write one) is left out rather than breaking the feed."""
    return _xml_line("\n".join(lines) + "\n")


def _xml_line(text: str) -> bytes:
    """One line as ``xml_bytes`` writes it: the characters it drops are single ones,
    so a document made of lines made apart is the same bytes."""
    data = text.encode()
    return data if all_writable(data) else UNWRITABLE.sub("", text).encode()


def _modified(rendered: RenderedArticle) -> datetime:
    return rendered.article.updated or rendered.article.date


class _Entries:
    """Each article's ``<entry>``, made once, as bytes: it is the same in every feed
    that lists it (a tag's, an author's, the site's), and the article's full text
    was most of the time spent making every feed."""

    def __init__(self, site: Site, urls: Urls, bodies: WithBodies = list) -> None:
        """``bodies``: reads back the bodies of lean articles (``WithBodies``)."""
        self.site = site
        self.urls = urls
        self.bodies = bodies
        self.by_source = {r.article.source: r for r in site.articles}
        self.authors = {a.slug: a for a in site.authors}
        self.tags = {t.slug: t for t in site.tags}
        self.made: dict[str, bytes] = {}
        self.digests: dict[str, str] = {}

    def entries(self, sources: Sequence[str]) -> list[bytes]:
        """The entries of ``sources``: those not made yet, their bodies read at once."""
        todo = [self.by_source[s] for s in dict.fromkeys(sources) if s not in self.made]
        for rendered in self.bodies(todo) if todo else ():
            self.made[rendered.article.source] = _xml_line(_atom_entry(self, rendered))
        return [self.made[source] for source in sources]

    def reads(self, source: str) -> str:
        """The digest of what an entry is made of: the article (title, dates) and
        body by their digests, its URL, and the names and URLs of its authors and
        tags. Once per article: a site's feeds list each article many times."""
        known = self.digests.get(source)
        if known is None:
            known = self.digests[source] = digest(self._reads(source))
        return known

    def _reads(self, source: str) -> tuple[object, ...]:
        rendered = self.by_source[source]
        article = rendered.article
        authors = self.site.article_authors.get(source, ())
        tags = self.site.article_tags.get(source, ())
        return (
            article.digest or repr(article),
            rendered.digest or repr(rendered),
            self.site.urls[source],
            tuple((self.authors[a].name, self.authors[a].url) for a in authors),
            tuple((t, self.tags[t].name) for t in tags),
        )


@dataclass(frozen=True, slots=True)
class FeedJob:
    """One Atom feed to make, as values, so that a page worker can be handed it
    (``make_feeds``): the build's feeds are made beside its pages, not after them."""

    path: str
    """The output file (``tags/x/feed.xml``)."""
    key: str
    """The digest of what it is made of: kept when the last build's is the same."""
    title: str
    page_path: str
    feed_path: str
    sources: tuple[str, ...]
    """Its newest ``FEED_SIZE`` articles, newest first."""


def atom_feed(site: Site, urls: Urls, job: FeedJob, made: _Entries) -> OutputFile:
    """One Atom 1.0 document (RFC 4287): ``job``'s feed, its entries from ``made``."""
    title, page_path, feed_path = job.title, job.page_path, job.feed_path
    entries = [made.by_source[s] for s in job.sources]
    updated = max((_modified(r) for r in entries), default=site.now)
    assert updated is not None
    self_link = quoteattr(urls.absolute(feed_path))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.config.language)}>',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(urls.absolute(page_path))}</id>",
        f'<link rel="self" type="application/atom+xml" href={self_link}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(urls.absolute(page_path))}/>',
        f"<updated>{updated.isoformat()}</updated>",
        f"<author><name>{escape(site.config.title)}</name></author>",
        '<generator uri="https://pypi.org/project/sitegen/">sitegen</generator>',
    ]
    data = [*(_xml_line(line) for line in lines)]
    data.extend(made.entries([rendered.article.source for rendered in entries]))
    data.append(b"</feed>\n")
    return OutputFile(feed_path.lstrip("/"), b"\n".join(data), key=job.key)


def _atom_entry(made: _Entries, rendered: RenderedArticle) -> str:
    site, urls, authors, tags = made.site, made.urls, made.authors, made.tags
    article = rendered.article
    link = urls.absolute(site.urls[article.source])
    parts = [
        "<entry>",
        f"<title>{escape(article.title)}</title>",
        f"<id>{escape(link)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        f"<published>{article.date.isoformat()}</published>",
        f"<updated>{_modified(rendered).isoformat()}</updated>",
    ]
    for slug in site.article_authors.get(article.source, ()):
        author = authors[slug]
        parts.append(
            f"<author><name>{escape(author.name)}</name>"
            f"<uri>{escape(urls.absolute(author.url))}</uri></author>"
        )
    for slug in site.article_tags.get(article.source, ()):
        parts.append(f"<category term={quoteattr(slug)} label={quoteattr(tags[slug].name)}/>")
    parts.append(f'<summary type="text">{escape(rendered.summary)}</summary>')
    parts.append(f'<content type="html">{escape(absolutize(rendered.html, urls))}</content>')
    parts.append("</entry>")
    return "".join(parts)


def feed_jobs(
    site: Site,
    urls: Urls,
    salt: str = "",
    only: Collection[str] | None = None,
    entries: _Entries | None = None,
) -> list[FeedJob]:
    """The site feed plus one per tag and per author, each known by the digest of
    what it is made of (``salt``: what every output reads, the configuration and
    sitegen's code). With ``only``, just the feeds of those pages (``/``,
    ``/tags/x/``): the ones an edit can reach. ``entries``: whose digests of
    entries to reuse (``atom_feeds`` makes the feeds with the same)."""
    made = entries or _Entries(site, urls)
    newest = tuple(r.article.source for r in site.listed()[:FEED_SIZE])
    feeds = [(site.config.title, "/", "/feed.xml", newest)]
    feeds.extend(
        (f"{taxon.name} | {site.config.title}", taxon.url, taxon.url + "feed.xml", taxon.articles)
        for taxon in (*site.tags, *site.authors)
    )
    if only is not None:
        feeds = [feed for feed in feeds if feed[1] in only]
    jobs = []
    for title, page_path, feed_path, sources in feeds:
        path = output_path_for(feed_path)  # refuses anything outside the output directory
        shown = tuple(sources[:FEED_SIZE])
        entries_read = tuple(made.reads(s) for s in shown)
        key = digest((salt, title, page_path, feed_path, entries_read, None if shown else site.now))
        jobs.append(FeedJob(path, key, title, page_path, feed_path, shown))
    return jobs


def make_feeds(
    site: Site, urls: Urls, jobs: Sequence[FeedJob], bodies: WithBodies = list
) -> Iterator[OutputFile]:
    """The feeds of ``jobs``, one at a time (a feed is 200 kB at 10,000 articles:
    the caller stages each before the next is made), an entry shared between
    them made once; ``bodies`` reads back the bodies of lean articles, which the
    entries carry."""
    made = _Entries(site, urls, bodies)
    for job in jobs:
        yield atom_feed(site, urls, job, made)


def atom_feeds(
    site: Site,
    urls: Urls,
    salt: str = "",
    only: Collection[str] | None = None,
    bodies: WithBodies = list,
) -> list[Planned]:
    """``feed_jobs`` as outputs made only when the build asks for them (``Engine.settle``)."""
    made = _Entries(site, urls, bodies)
    jobs = feed_jobs(site, urls, salt, only, made)
    return [
        Planned(job.path, job.key, functools.partial(atom_feed, site, urls, job, made))
        for job in jobs
    ]


def json_feed(site: Site, urls: Urls, bodies: WithBodies = list) -> OutputFile:
    """JSON Feed 1.1 at ``/feed.json``, full content (read back through ``bodies``
    where the articles are lean)."""
    authors = {a.slug: a for a in site.authors}
    tags = {t.slug: t for t in site.tags}
    items = []
    for rendered in bodies(site.listed()[:FEED_SIZE]):
        article = rendered.article
        link = urls.absolute(site.urls[article.source])
        item: dict[str, object] = {
            "id": link,
            "url": link,
            "title": article.title,
            "content_html": absolutize(rendered.html, urls),
            "summary": rendered.summary,
            "date_published": article.date.isoformat(),
            "date_modified": _modified(rendered).isoformat(),
            "authors": [
                {"name": authors[s].name, "url": urls.absolute(authors[s].url)}
                for s in site.article_authors.get(article.source, ())
            ],
            "tags": [tags[s].name for s in site.article_tags.get(article.source, ())],
            "language": site.config.language,
        }
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.config.title,
        "home_page_url": urls.absolute("/"),
        "feed_url": urls.absolute("/feed.json"),
        "language": site.config.language,
        "items": items,
    }
    return OutputFile("feed.json", (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode())
