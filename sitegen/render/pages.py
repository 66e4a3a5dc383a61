"""Render every HTML page of the site: articles, listings, tags index, 404, search, aliases.

Takes the Site (every URL already assigned) and returns OutputFiles; writes
nothing. A template error is recorded once per template line and the build
goes on to find the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from sitegen.errors import Problems, SiteError
from sitegen.model import Listing, OutputFile, PageSlice, RenderedArticle, Site, Urls
from sitegen.render.environment import render_template
from sitegen.render.jsonld import article_graph, dump_jsonld, website_graph
from sitegen.render.views import CardView, ImageView, LinkView, ViewBuilder
from sitegen.urlpaths import normalize_url_path, output_path_for

SEARCH_PATH = "/search/"


@dataclass(frozen=True, slots=True)
class FeedLink:
    title: str
    url: str
    type: str


@dataclass(frozen=True, slots=True)
class HeadView:
    """Everything ``<head>`` needs: title, description, canonical, social cards, JSON-LD."""

    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: str | None = None
    image_alt: str = ""
    jsonld: str = ""
    feeds: tuple[FeedLink, ...] = ()
    noindex: bool = False
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PaginationView:
    number: int
    total: int
    prev: str | None
    next: str | None
    pages: tuple[Mapping[str, object], ...]


@dataclass(frozen=True, slots=True)
class ListingView:
    kind: str
    title: str
    description: str
    homepage: str
    feed_url: str | None
    cards: tuple[object, ...]
    pagination: PaginationView


@dataclass(frozen=True, slots=True)
class SiteView:
    title: str
    base_url: str
    language: str
    comments: Mapping[str, str] | None
    sections: tuple[LinkView, ...]
    feed_url: str
    search_url: str
    search_bundles: tuple[str, ...] = ()
    """Hrefs of the search index shards beyond the first, for ``mergeIndex``."""


@dataclass(frozen=True, slots=True)
class PageKeys:
    """Fingerprints of every page's template context, from the previous build.

    A page whose name, path and context (views, head, site) hash to the same key
    under the same salt (templates, configuration, sitegen's code, minifying)
    renders to the same bytes, so it is not rendered again: the build reuses the
    file already in the output directory. An empty salt turns this off.
    """

    salt: str
    keys: Mapping[str, str]


class _ViewPickler(pickle.Pickler):
    """Pickles a context, standing each view object in by its digest (made once)."""

    def __init__(self, file: io.BytesIO, digests: ContextDigests) -> None:
        super().__init__(file, protocol=5)
        self.digests = digests

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, SHARED_VIEWS):
            return (bytes, (self.digests.of_view(obj),))
        names = self.digests.field_names(type(obj))
        if names:  # any other view: its fields, without dataclasses' slower pickling
            return (tuple, (tuple(getattr(obj, n) for n in names),))
        return NotImplemented


SHARED_VIEWS = (CardView, LinkView, ImageView)
"""Views that many pages show; digested once each. Views of one page are not kept."""


class ContextDigests:
    """Hashes template contexts; a view shared by many pages (a card, the site's
    navigation) is serialised once per build, not once per page that shows it."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        self.views: dict[int, tuple[object, bytes]] = {}
        self.names: dict[type, tuple[str, ...]] = {}

    def field_names(self, kind: type) -> tuple[str, ...]:
        """A dataclass's field names (empty for other types), looked up once per type."""
        if kind not in self.names:
            is_view = dataclasses.is_dataclass(kind)
            self.names[kind] = tuple(f.name for f in dataclasses.fields(kind)) if is_view else ()
        return self.names[kind]

    def _dump(self, value: object) -> bytes:
        buffer = io.BytesIO()
        _ViewPickler(buffer, self).dump(value)
        return buffer.getvalue()

    def of_view(self, view: Any) -> bytes:
        known = self.views.get(id(view))
        if known is None:
            fields = tuple(getattr(view, f.name) for f in dataclasses.fields(view))
            blob = self._dump((type(view).__name__, fields))
            known = (view, hashlib.blake2b(blob, digest_size=16).digest())
            self.views[id(view)] = known  # holding the view keeps its id unique
        return known[1]

    def key_of(self, name: str, path: str, values: Mapping[str, object]) -> str:
        if not self.salt:
            return ""
        data = sorted((k, v) for k, v in values.items() if not callable(v))
        blob = self._dump((self.salt, name, path, data))
        return hashlib.blake2b(blob, digest_size=16).hexdigest()


class PageRenderer:
    """Renders the pages of one site with one environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        urls: Urls,
        site_dir: Path,
        known: PageKeys | None = None,
        search_bundles: Sequence[str] = (),
    ) -> None:
        self.site = site
        self.known = known or PageKeys("", {})
        self.digests = ContextDigests(self.known.salt)
        self.env = env
        self.urls = urls
        self.site_dir = site_dir
        self.views = ViewBuilder(site, urls)
        config = site.config
        self.site_view = SiteView(
            title=config.title,
            base_url=config.base_url,
            language=config.language,
            comments=config.comments,
            sections=tuple(self.views.taxon_link(s) for s in site.sections),
            feed_url=urls.href("/feed.xml"),
            search_url=urls.href(SEARCH_PATH),
            search_bundles=tuple(urls.href(p) for p in search_bundles),
        )
        self.site_feed = FeedLink(config.title, urls.absolute("/feed.xml"), "application/atom+xml")
        self.json_feed = FeedLink(
            config.title, urls.absolute("/feed.json"), "application/feed+json"
        )
        publisher = config.publisher
        self.publisher = (
            {
                "name": publisher.name,
                "logo": urls.media_absolute(publisher.logo) if publisher.logo else "",
            }
            if publisher
            else None
        )

    def render(self, name: str, url: str, head: HeadView, **context: object) -> OutputFile:
        values = {
            "site": self.site_view,
            "url": self.urls.href,
            "asset": self.urls.asset,
            "head": head,
            **context,
        }
        path = output_path_for(url)
        key = self.digests.key_of(name, path, values)
        if key and self.known.keys.get(path) == key:
            return OutputFile(path, b"", key=key, reused=True)
        html = render_template(self.env, name, values, self.site_dir)
        return OutputFile(path, html.encode(), key=key)

    def default_image(self) -> tuple[str | None, str]:
        image = self.site.config.default_image
        return (self.urls.media_absolute(image.src), image.alt) if image else (None, "")

    # -- articles ---------------------------------------------------------

    def article_page(self, rendered: RenderedArticle) -> OutputFile:
        page = self.views.article(rendered)
        image, alt = self.default_image()
        if page.image:
            image, alt = (
                self.urls.base_url + page.image.src[len(self.urls.base_path) :]
                if page.image.src.startswith(self.urls.base_path)
                else page.image.src,
                page.image.alt,
            )
        graph = article_graph(
            rendered,
            page,
            self.urls,
            self.publisher,
            [image] if image else [],
            self.site.config.language,
        )
        head = HeadView(
            title=f"{page.title} | {page.section.name if page.section else self.site.config.title}",
            description=page.summary,
            canonical=page.permalink,
            og_type="article",
            image=image,
            image_alt=alt,
            jsonld=dump_jsonld(graph),
            feeds=(self.site_feed, self.json_feed),
            published=page.date,
            modified=page.updated,
            section=page.section.name if page.section else None,
            tags=tuple(t.name for t in page.tags),
            authors=tuple(a.name for a in page.authors),
        )
        related = self.views.cards(self.site.related.get(page.slug, ()))
        return self.render(
            "article.html", self.site.urls[page.slug], head, page=page, related=related
        )

    # -- listings ---------------------------------------------------------

    def listing_pages(self, listing: Listing) -> Iterator[OutputFile]:
        kind, title, taxon = listing.kind, listing.title, listing.taxon
        base = listing.pages[0].url
        feed = f"{base}feed.xml" if kind in ("home", "tag", "author") else None
        config = self.site.config
        for piece in listing.pages:
            doc_title = title if piece.number == 1 else f"{title}, page {piece.number}"
            if kind != "home":
                doc_title = f"{doc_title} | {config.title}"
            image, alt = self.default_image()
            feeds = [self.site_feed, self.json_feed]
            if feed and kind != "home":
                feeds.append(FeedLink(title, self.urls.absolute(feed), "application/atom+xml"))
            graph = (
                website_graph(config.title, self.urls, SEARCH_PATH, self.publisher, config.language)
                if kind == "home" and piece.number == 1
                else []
            )
            head = HeadView(
                title=doc_title,
                description=(
                    taxon.bio if taxon and taxon.bio else _describe(kind, title, config.title)
                ),
                canonical=self.urls.absolute(piece.url),
                image=image,
                image_alt=alt,
                jsonld=dump_jsonld(graph),
                feeds=tuple(feeds),
            )
            view = ListingView(
                kind=kind,
                title=title,
                description=taxon.bio if taxon else "",
                homepage=taxon.homepage if taxon else "",
                feed_url=self.urls.href(feed) if feed else None,
                cards=self.views.cards(piece.items),
                pagination=self._pagination(piece),
            )
            yield self.render("list.html", piece.url, head, listing=view)

    def _pagination(self, piece: PageSlice) -> PaginationView:
        return PaginationView(
            number=piece.number,
            total=piece.total,
            prev=self.urls.href(piece.prev_url) if piece.prev_url else None,
            next=self.urls.href(piece.next_url) if piece.next_url else None,
            pages=tuple(
                {
                    "number": n,
                    "url": self.urls.href(piece.urls[n - 1]),
                    "current": n == piece.number,
                }
                for n in _page_window(piece.number, piece.total)
            ),
        )

    # -- single pages -----------------------------------------------------

    def simple_page(self, name: str, url: str, title: str, noindex: bool = False) -> OutputFile:
        head = HeadView(
            title=f"{title} | {self.site.config.title}",
            description="",
            canonical=self.urls.absolute(url if url.endswith("/") else "/" + url.lstrip("/")),
            feeds=(self.site_feed, self.json_feed),
            noindex=noindex,
        )
        tags = tuple(
            {"name": t.name, "url": self.urls.href(t.url), "count": len(t.articles)}
            for t in self.site.tags
        )
        return self.render(name, url, head, tags=tags)

    def alias_pages(self) -> Iterator[OutputFile]:
        for rendered in self.site.articles:
            target = self.urls.absolute(self.site.urls[rendered.article.slug])
            for alias in rendered.article.aliases:
                url = normalize_url_path(alias)
                head = HeadView(
                    title=rendered.article.title, description="", canonical=target, noindex=True
                )
                yield self.render("alias.html", url, head, target=target)


PAGE_WINDOW = 3
"""Page numbers within this distance of the current one are offered to templates."""


def _page_window(current: int, total: int) -> list[int]:
    """The first, the last and the nearby page numbers, ascending.

    All numbers of a thousand-page archive on each of its thousand pages would
    make listings quadratic; the theme shows two on each side and a gap marker
    at distance three, so those are the ones offered.
    """
    near = range(max(1, current - PAGE_WINDOW), min(total, current + PAGE_WINDOW) + 1)
    return sorted({1, total, *near})


def _describe(kind: str, title: str, site_title: str) -> str:
    if kind == "home":
        return f"The latest analysis from {site_title}."
    return (
        f"Articles on {title} from {site_title}." if kind != "author" else f"Articles by {title}."
    )


PageTask = tuple[str, int]
"""``(kind, index)``: one unit of page rendering, small enough to send to a worker."""


def page_tasks(site: Site) -> tuple[PageTask, ...]:
    """Every page of the site as tasks, in a fixed order."""
    return (
        *(("article", i) for i in range(len(site.articles))),
        *(("listing", i) for i in range(len(site.listings))),
        ("tags", 0),
        ("404", 0),
        ("search", 0),
        ("aliases", 0),
    )


def render_task(renderer: PageRenderer, task: PageTask) -> list[OutputFile]:
    """The files of one task; raises SiteError for a template error."""
    kind, index = task
    site = renderer.site
    if kind == "article":
        return [renderer.article_page(site.articles[index])]
    if kind == "listing":
        return list(renderer.listing_pages(site.listings[index]))
    if kind == "tags":
        return [renderer.simple_page("tags.html", "/tags/", "Tags")]
    if kind == "404":
        return [renderer.simple_page("404.html", "/404.html", "Page not found", noindex=True)]
    if kind == "search":
        return [renderer.simple_page("search.html", SEARCH_PATH, "Search")]
    return list(renderer.alias_pages())


def render_tasks(
    renderer: PageRenderer, tasks: Sequence[PageTask], problems: Problems
) -> list[OutputFile]:
    """Render tasks in order; template errors are recorded, the rest still render."""
    files: list[OutputFile] = []
    for task in tasks:
        try:
            files.extend(render_task(renderer, task))
        except SiteError as error:
            problems.extend(error.problems)
    return files
