"""Render every HTML page of the site: articles, listings, tags index, 404, search, aliases.

Takes the Site (every URL already assigned) and returns OutputFiles; writes
nothing. A template error is recorded once per template line and the build
goes on to find the rest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from sitegen.model import Listing, OutputFile, PageSlice, RenderedArticle, Site, Urls
from sitegen.render.environment import link_helpers, render_template
from sitegen.render.front import FrontView, front_view, plan_front
from sitegen.render.jsonld import article_graph, dump_jsonld, website_graph
from sitegen.render.views import ArticleView, LandingView, LinkView, ViewBuilder
from sitegen.slugs import slugify
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
    image_width: int | None = None
    image_height: int | None = None
    jsonld: str = ""
    feeds: tuple[FeedLink, ...] = ()
    noindex: bool = False
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    query_lookup: bool = False
    """Load the lookup of ``site.query_redirects`` (the home and 404 pages)."""
    social_title: str = ""
    """The title social cards show (``og:title``) when it differs from ``title``:
    an article's headline alone, the site's name being ``og:site_name``."""


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
    landing: LandingView | None = None
    """The ``_index.md`` text: on every page its title and summary, on the first its body."""
    front: FrontView | None = None
    """The front page's places (lead, section blocks, the rest): the first home page only."""
    image: str = ""
    """An author page's portrait (site.yaml ``authors.<slug>.image``), as an href."""


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
    query_redirects: str | None = None
    """Href of the map of old addresses with a query string (``/?p=12``), when the
    site has such aliases: the home page and the 404 page look the visitor's
    address up in it (a static host serves them whatever the query)."""
    description: str = ""
    """site.yaml ``description``: the front page's tagline."""
    origin: str = ""
    """``https://example.org``: printed before each root-relative link's address."""


@dataclass(frozen=True, slots=True)
class PageKeys:
    """Every page's fingerprint from the previous build, and the salt they were made with.

    A page whose key is unchanged renders to the same bytes, so it is not
    rendered again: the build reuses the file already in the output directory.
    The salt covers what every page reads (templates, configuration, asset
    names, sitegen's code, minifying); an empty salt turns reuse off.
    """

    salt: str
    keys: Mapping[str, str]


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
            query_redirects=urls.href("/" + QUERY_REDIRECTS) if has_query_aliases(site) else None,
            description=config.description,
            origin=_origin(config.base_url),
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
        shared = (self.site_view, self.site_feed, self.json_feed, self.publisher)
        self.salt = _hash((self.known.salt, shared)) if self.known.salt else ""
        """What every page reads besides its own inputs; empty when reuse is off."""
        self.card_reads: dict[str, str] = {}
        self.tag_counts: tuple[tuple[str, str, int], ...] | None = None

    def render(
        self,
        name: str,
        url: str,
        head: HeadView,
        key: str,
        nav: str = "",
        **context: object,
    ) -> OutputFile:
        """Render page ``url``; ``nav`` is the site path of the menu item it belongs
        to (its section, the tags index…), marked ``aria-current`` in the menu."""
        values = {
            "site": self.site_view,
            **link_helpers(self.urls),
            "head": head,
            "here": self.urls.href(url),
            "nav_current": self.urls.href(nav) if nav else "",
            **context,
        }
        html = render_template(self.env, name, values, self.site_dir)
        return OutputFile(output_path_for(url), html.encode(), key=key)

    # -- the dependency record --------------------------------------------

    def page_key(self, task: PageTask) -> tuple[str, str]:
        """The output path of ``task``'s page and the fingerprint of what it reads.

        This is the build's dependency record, made from the site model without
        building any view: a page reads its own article (by the digests of its
        source and body), the cards it shows (each by its article's digests, URL
        and byline links), the names and URLs of the tags, authors and section
        it links, its place in its listing, and what every page shares (the
        salt). Any change among those gives another key and the page renders.
        """
        path, reads = self._reads(task)
        return path, _hash((self.salt, path, reads)) if self.salt else ""

    def _reads(self, task: PageTask) -> tuple[str, object]:
        kind, index, part = task
        site = self.site
        if kind == "article":
            rendered = site.articles[index]
            source = rendered.article.source
            tags = tuple(
                self.views.taxon_link(self.views.tags[t]) for t in site.article_tags[source]
            )
            related = tuple(self._card_reads(s) for s in site.related.get(source, ()))
            article = rendered.article
            own = (article.digest or repr(article), rendered.digest or repr(rendered))
            images = self.views.picture_keys(rendered)
            reads = (own, self._card_reads(source), tags, related, images)
            return output_path_for(site.urls[source]), reads
        if kind == "listing":
            listing = site.listings[index]
            piece = listing.pages[part]
            taxon = listing.taxon
            place = (piece.number, piece.total, piece.prev_url, piece.next_url)
            window = tuple(piece.urls[n - 1] for n in _page_window(piece.number, piece.total))
            cards = tuple(self._card_reads(s) for s in piece.items)
            about = (taxon.name, taxon.url, taxon.bio, taxon.homepage) if taxon else None
            text = listing.landing
            intro = (text.landing.digest, _hash(text.html)) if text else None
            heading = (listing.kind, listing.title, listing.pages[0].url, about, intro)
            front = self._front_reads(piece.items) if listing.kind == "home" and part == 0 else None
            return output_path_for(piece.url), (heading, place, window, cards, front)
        if kind == "alias":
            article = site.articles[index].article
            url = normalize_url_path(article.aliases[part])
            return output_path_for(url), (article.title, site.urls[article.source])
        if self.tag_counts is None:
            self.tag_counts = tuple((t.name, t.url, len(t.articles)) for t in site.tags)
        return output_path_for(SIMPLE_PAGES[kind][1]), (kind, self.tag_counts)

    def _front_reads(self, items: Sequence[str]) -> tuple[object, ...]:
        """What the front page shows besides its own cards: each section block's
        name, page and cards (an edit anywhere in a section can change them)."""
        plan = plan_front(self.site, items)
        return tuple(
            (taxon.name, taxon.url, tuple(self._card_reads(s) for s in chosen))
            for taxon, chosen in plan.sections
        )

    def _card_reads(self, source: str) -> str:
        """The digest of what an article's card reads, once per build: a body edit
        that leaves the summary and reading time alone re-renders no listing."""
        reads = self.card_reads.get(source)
        if reads is None:
            reads = self.card_reads[source] = _hash(self.views.card_inputs(source))
        return reads

    def default_image(self) -> tuple[str | None, str]:
        image = self.site.config.default_image
        return (self.urls.media_absolute(image.src), image.alt) if image else (None, "")

    # -- articles ---------------------------------------------------------

    def share_image(
        self, rendered: RenderedArticle, page: ArticleView
    ) -> tuple[str | None, str, int | None, int | None]:
        """What the article shares (``og:image``): its social card when it has one
        (no image, or an SVG networks do not show), else its own image (the
        largest variant the build made of it), else the site's default."""
        card = self.site.pictures.cards.get(rendered.article.source)
        if card is not None:
            return self.urls.absolute("/" + card.path), card.alt, card.width, card.height
        if page.image:
            image = page.image
            return self._absolute(image.src), image.alt, image.width, image.height
        image_url, alt = self.default_image()
        return image_url, alt, None, None

    def _absolute(self, href: str) -> str:
        base = self.urls.base_path
        return self.urls.base_url + href[len(base) :] if href.startswith(base) else href

    def article_page(self, rendered: RenderedArticle, key: str) -> OutputFile:
        page = self.views.article(rendered)
        image, alt, width, height = self.share_image(rendered, page)
        # The structured data names the lead image first (its caption and credit
        # describe it), then the social card when the lead is one networks do not show.
        images = [self._absolute(page.image.src)] if page.image else []
        if image and image not in images:
            images.append(image)
        graph = article_graph(
            rendered, page, self.urls, self.publisher, images, self.site.config.language
        )
        head = HeadView(
            title=f"{page.title} | {self.site.config.title}",
            social_title=page.title,
            description=page.summary,
            canonical=page.permalink,
            og_type="article",
            image=image,
            image_alt=alt,
            image_width=width,
            image_height=height,
            jsonld=dump_jsonld(graph),
            feeds=(self.site_feed, self.json_feed),
            published=page.date,
            modified=page.updated,
            section=page.section.name if page.section else None,
            tags=tuple(t.name for t in page.tags),
            authors=tuple(a.name for a in page.authors),
        )
        related = self.views.cards(self.site.related.get(page.source, ()))
        section = self.views.sections.get(slugify(rendered.article.section or ""))
        return self.render(
            "article.html",
            self.site.urls[page.source],
            head,
            key,
            nav=section.url if section else "",
            page=page,
            related=related,
        )

    # -- listings ---------------------------------------------------------

    def listing_page(self, listing: Listing, number: int, key: str) -> OutputFile:
        """Page ``number`` (0-based) of a listing."""
        kind, title, taxon = listing.kind, listing.title, listing.taxon
        intro = listing.landing.landing if listing.landing else None
        if intro and intro.title and kind != "home":  # the section page's own title
            title = intro.title
        base = listing.pages[0].url
        feed = f"{base}feed.xml" if kind in ("home", "tag", "author") else None
        config = self.site.config
        piece = listing.pages[number]
        doc_title = title if piece.number == 1 else f"{title}, page {piece.number}"
        if kind != "home":
            doc_title = f"{doc_title} | {config.title}"
        image, alt = self.default_image()
        feeds = [self.site_feed, self.json_feed]
        if feed and kind != "home":
            feeds.append(FeedLink(title, self.urls.absolute(feed), "application/atom+xml"))
        graph = (
            website_graph(
                config.title,
                self.urls,
                SEARCH_PATH,
                self.publisher,
                config.language,
                config.description,
            )
            if kind == "home" and piece.number == 1
            else []
        )
        head = HeadView(
            title=doc_title,
            description=(
                intro.summary
                if intro and intro.summary
                else taxon.bio
                if taxon and taxon.bio
                else config.description
                if kind == "home" and config.description
                else _describe(kind, title, config.title)
            ),
            canonical=self.urls.absolute(piece.url),
            image=image,
            image_alt=alt,
            jsonld=dump_jsonld(graph),
            feeds=tuple(feeds),
            query_lookup=kind == "home" and piece.number == 1,
        )
        view = self._listing_view(listing, piece, title, feed)
        nav = {"section": base, "tag": "/tags/"}.get(kind, "")
        return self.render("list.html", piece.url, head, key, nav=nav, listing=view)

    def _listing_view(
        self, listing: Listing, piece: PageSlice, title: str, feed: str | None
    ) -> ListingView:
        taxon = listing.taxon
        front = None
        if listing.kind == "home" and piece.number == 1:
            intro = listing.landing.landing if listing.landing else None
            tagline = self.site.config.description or (intro.summary if intro else "") or ""
            plan = plan_front(self.site, piece.items)
            front = front_view(plan, self.views.card, self.views.taxon_link, tagline)
        author = self.site.config.authors.get(taxon.slug) if taxon else None
        return ListingView(
            kind=listing.kind,
            title=title,
            description=taxon.bio if taxon else "",
            homepage=taxon.homepage if taxon else "",
            feed_url=self.urls.href(feed) if feed else None,
            cards=self.views.cards(piece.items),
            pagination=self._pagination(piece),
            landing=self.views.landing(listing.landing, piece.number == 1)
            if listing.landing
            else None,
            front=front,
            image=self.urls.media(author.image)
            if author and author.image and listing.kind == "author"
            else "",
        )

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

    def simple_page(self, kind: str, key: str) -> OutputFile:
        """The tags index, the 404 page or the search page."""
        name, url, title = SIMPLE_PAGES[kind]
        head = HeadView(
            title=f"{title} | {self.site.config.title}",
            description=SIMPLE_DESCRIPTIONS.get(kind, "").format(site=self.site.config.title),
            canonical=self.urls.absolute(url if url.endswith("/") else "/" + url.lstrip("/")),
            feeds=(self.site_feed, self.json_feed),
            noindex=kind == "404",
            query_lookup=kind == "404",
        )
        tags = tuple(
            {"name": t.name, "url": self.urls.href(t.url), "count": len(t.articles)}
            for t in self.site.tags
        )
        nav = url if kind in ("tags", "search") else ""
        return self.render(name, url, head, key, nav=nav, tags=tags)

    def alias_page(self, rendered: RenderedArticle, number: int, key: str) -> OutputFile:
        """The redirect from the article's alias ``number`` (0-based) to the article."""
        target = self.urls.absolute(self.site.urls[rendered.article.source])
        url = normalize_url_path(rendered.article.aliases[number])
        head = HeadView(
            title=rendered.article.title, description="", canonical=target, noindex=True
        )
        return self.render("alias.html", url, head, key, target=target)


def _origin(base_url: str) -> str:
    """``https://x.org`` of ``https://x.org/blog/``; ``""`` if it has characters a
    CSS string would need escaped (the print stylesheet writes it before links)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin if re.fullmatch(r"[A-Za-z0-9+.:/\[\]@%_~-]+", origin) else ""


def _describe(kind: str, title: str, site_title: str) -> str:
    if kind == "home":
        return f"The latest analysis from {site_title}."
    return (
        f"Articles on {title} from {site_title}." if kind != "author" else f"Articles by {title}."
    )


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


def _hash(value: object) -> str:
    """Fingerprint of a value made of strings, numbers, tuples and frozen views."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


SIMPLE_PAGES = {
    "tags": ("tags.html", "/tags/", "Tags"),
    "404": ("404.html", "/404.html", "Page not found"),
    "search": ("search.html", SEARCH_PATH, "Search"),
}
"""Pages of one per site: template, URL, title."""

SIMPLE_DESCRIPTIONS = {
    "tags": "Every topic {site} covers, with its number of articles.",
    "search": "Search every article {site} has published.",
}
"""What search engines and link previews say of the pages a reader may land on."""

PageTask = tuple[str, int, int]
"""``(kind, index, part)``: one page, small enough to send to a worker."""


def page_tasks(site: Site) -> tuple[PageTask, ...]:
    """Every page of the site, in a fixed order."""
    return (
        *(("article", i, 0) for i in range(len(site.articles))),
        *(
            ("listing", i, n)
            for i, listing in enumerate(site.listings)
            for n in range(len(listing.pages))
        ),
        *((kind, 0, 0) for kind in SIMPLE_PAGES),
        *(
            ("alias", i, n)
            for i, rendered in enumerate(site.articles)
            for n, alias in enumerate(rendered.article.aliases)
            if "?" not in alias  # no page of its own: see SiteView.query_redirects
        ),
    )


QUERY_REDIRECTS = "query-redirects.json"
"""Old addresses with a query string → their article, for the lookup in the browser."""


def has_query_aliases(site: Site) -> bool:
    return any("?" in alias for r in site.articles for alias in r.article.aliases)


def render_page(renderer: PageRenderer, task: PageTask, key: str) -> OutputFile:
    """The file of one page; raises SiteError for a template error."""
    kind, index, part = task
    site = renderer.site
    if kind == "article":
        return renderer.article_page(site.articles[index], key)
    if kind == "listing":
        return renderer.listing_page(site.listings[index], part, key)
    if kind == "alias":
        return renderer.alias_page(site.articles[index], part, key)
    return renderer.simple_page(kind, key)
