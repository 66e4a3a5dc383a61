"""Render every HTML page of the site: articles, listings, tags index, 404, search, aliases.

Takes the Site (every URL already assigned) and returns OutputFiles; writes
nothing. A template error is recorded once per template line and the build
goes on to find the rest.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from sitegen.digests import digest
from sitegen.language import Words, site_words
from sitegen.model import (
    Listing,
    OutputFile,
    PageSlice,
    RenderedArticle,
    Site,
    Urls,
    source_of,
)
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

    @property
    def direction(self) -> str:
        """``rtl`` for a language written right to left, else ``ltr``: the page's
        ``dir``. Without it an Arabic, Hebrew or Persian site was laid out left
        to right, its sentences' end punctuation on the wrong side."""
        return text_direction(self.language)


RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi"}
)
"""Languages written right to left (their BCP 47 primary subtags)."""
RIGHT_TO_LEFT_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})
"""Scripts written right to left, as a tag's script subtag (``pa-Arab``)."""


def text_direction(language: str) -> str:
    """``rtl`` or ``ltr`` for the BCP 47 tag ``language``."""
    parts = language.lower().replace("_", "-").split("-")
    rtl = parts[0] in RIGHT_TO_LEFT or any(p in RIGHT_TO_LEFT_SCRIPTS for p in parts[1:])
    return "rtl" if rtl else "ltr"


@dataclass(frozen=True, slots=True)
class PageView:
    """Everything one page's template receives besides the link helpers and what
    every page shares (``SiteView``): the page's key is this value's digest, so
    what a template reads and what the key covers cannot drift apart."""

    template: str
    url: str
    head: HeadView
    nav: str
    context: tuple[tuple[str, object], ...]

    @property
    def path(self) -> str:
        return output_path_for(self.url)


class PageRenderer:
    """Renders the pages of one site with one environment."""

    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        urls: Urls,
        site_dir: Path,
        salt: str = "",
        search_bundles: Sequence[str] = (),
    ) -> None:
        """``salt``: the digest of what every page reads that the site model does not
        hold (templates, configuration, asset names, sitegen's code)."""
        self.site = site
        self.env = env
        self.urls = urls
        self.site_dir = site_dir
        config = site.config
        self.words = site_words(config.language, config.strings)
        """The theme's words in the site's language: titles and descriptions here."""
        self.views = ViewBuilder(site, urls, self.words)
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
        shared = (self.site_view, self.site_feed, self.json_feed, self.publisher, self.words)
        self.salt = digest((salt, shared))
        """What every page reads besides its own view."""
        self.states: dict[str, str] = {}
        self.rendered = {r.article.source: r for r in site.articles}
        self.taxa: dict[str, tuple[str, str]] = {
            t.slug: (t.name, t.url) for t in (*site.tags, *site.authors, *site.sections)
        }

    def view_of(
        self, name: str, url: str, head: HeadView, nav: str = "", **context: object
    ) -> PageView:
        """Page ``url``'s view; ``nav`` is the site path of the menu item it belongs
        to (its section, the tags index…), marked ``aria-current`` in the menu."""
        return PageView(name, url, head, nav, tuple(context.items()))

    def key(self, view: PageView) -> str:
        """The digest of everything the page's template receives."""
        return digest((self.salt, view))

    def render(self, view: PageView, key: str = "") -> OutputFile:
        values = {
            "site": self.site_view,
            **link_helpers(self.urls),
            "head": view.head,
            "here": self.urls.href(view.url),
            "nav_current": self.urls.href(view.nav) if view.nav else "",
            **dict(view.context),
        }
        html = render_template(self.env, view.template, values, self.site_dir)
        return OutputFile(view.path, html.encode(), key=key)

    # -- what a page shows ------------------------------------------------------

    def shows(self, task: PageTask) -> tuple[str, str]:
        """The output path of ``task``'s page and the digest of the site model's
        values it is made of, without building its view.

        A page is made of the articles it shows (each by everything the site
        model holds about it: ``article_state``), its place in its listing, and
        what every page shares (the salt). When none of those changed, neither
        did the view, and the page is kept without looking further; when one
        did, the view is built and its digest decides (a body edit that leaves
        the article's card as it was re-renders no listing).
        """
        kind, index, part = task
        site = self.site
        place: object
        if kind == "article":
            source = site.articles[index].article.source
            shown = (source, *site.related.get(source, ()))
            path, place = output_path_for(site.urls[source]), None
        elif kind == "listing":
            listing = site.listings[index]
            piece = listing.pages[part]
            taxon = listing.taxon
            text = listing.landing
            shown = tuple(piece.items)
            if listing.kind == "home" and part == 0:  # its section blocks show more
                plan = plan_front(site, piece.items)
                shown += tuple(s for _, chosen in plan.sections for s in chosen)
            place = (
                listing.kind,
                listing.title,
                listing.pages[0].url,
                (taxon.slug, taxon.bio, taxon.homepage) if taxon else None,
                (text.landing.digest, digest(text.html)) if text else None,
                (piece.number, piece.total, piece.prev_url, piece.next_url),
                tuple(piece.urls[n - 1] for n in _page_window(piece.number, piece.total)),
            )
            path = output_path_for(piece.url)
        elif kind == "alias":
            article = site.articles[index].article
            shown, place = (article.source,), article.aliases[part]
            path = output_path_for(normalize_url_path(article.aliases[part]))
        else:
            counts = tuple((t.slug, len(t.articles)) for t in site.tags) if kind == "tags" else ()
            shown, place = (), (kind, counts, tuple(self.taxa.items()))
            path = output_path_for(SIMPLE_PAGES[kind][1])
        states = tuple(self.article_state(s) for s in shown)
        return path, digest((self.salt, kind, place, states))

    def article_state(self, source: str) -> str:
        """The digest of everything the site model holds about one article: its
        front matter and body, URL, related list, tags, authors, section and
        pictures, with the names and URLs of its taxa. Once per build."""
        state = self.states.get(source)
        if state is None:
            site = self.site
            rendered = self.rendered[source]
            article = rendered.article
            taxa = (*site.article_tags.get(source, ()), *site.article_authors.get(source, ()))
            state = self.states[source] = digest(
                (
                    article.digest or repr(article),
                    rendered.digest or repr(rendered),
                    rendered.summary,
                    rendered.reading_minutes,
                    site.urls[source],
                    site.related.get(source, ()),
                    tuple(self.taxa.get(t) for t in taxa),
                    self.taxa.get(slugify(article.section or "")),
                    self.views.picture_keys(rendered),
                    site.pictures.cards.get(source),
                )
            )
        return state

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

    def article_page(self, rendered: RenderedArticle) -> PageView:
        page = self.views.article(rendered)
        image, alt, width, height = self.share_image(rendered, page)
        # The structured data names the lead image first (its caption and credit
        # describe it), then the social card when the lead is one networks do not show.
        images = [self._absolute(page.image.src)] if page.image else []
        if image and image not in images:
            images.append(image)
        graph = article_graph(
            rendered,
            page,
            self.urls,
            self.publisher,
            images,
            self.site.config.language,
            self.words.say("home"),
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
            published=page.date if page.dated else None,
            modified=page.updated,
            section=page.section.name if page.section else None,
            tags=tuple(t.name for t in page.tags),
            authors=tuple(a.name for a in page.authors),
        )
        related = self.views.cards(self.site.related.get(page.source, ()))
        section = self.views.sections.get(slugify(rendered.article.section or ""))
        return self.view_of(
            "article.html",
            self.site.urls[page.source],
            head,
            nav=section.url if section else "",
            page=page,
            related=related,
        )

    # -- listings ---------------------------------------------------------

    def listing_page(self, listing: Listing, number: int) -> PageView:
        """Page ``number`` (0-based) of a listing."""
        kind, title, taxon = listing.kind, listing.title, listing.taxon
        intro = listing.landing.landing if listing.landing else None
        if intro and intro.title and kind != "home":  # the section page's own title
            title = intro.title
        base = listing.pages[0].url
        feed = f"{base}feed.xml" if kind in ("home", "tag", "author") else None
        config = self.site.config
        piece = listing.pages[number]
        doc_title = (
            title
            if piece.number == 1
            else self.words.say("listing.title_page", title=title, number=piece.number)
        )
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
                else _describe(self.words, kind, title, config.title)
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
        return self.view_of("list.html", piece.url, head, nav=nav, listing=view)

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

    def simple_page(self, kind: str) -> PageView:
        """The tags index, the 404 page or the search page."""
        name, url, title_key = SIMPLE_PAGES[kind]
        site_title = self.site.config.title
        about = SIMPLE_DESCRIPTIONS.get(kind)
        head = HeadView(
            title=f"{self.words.say(title_key)} | {site_title}",
            description=self.words.say(about, site=site_title) if about else "",
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
        return self.view_of(name, url, head, nav=nav, tags=tags)

    def alias_page(self, rendered: RenderedArticle, number: int) -> PageView:
        """The redirect from the article's alias ``number`` (0-based) to the article."""
        target = self.urls.absolute(self.site.urls[rendered.article.source])
        url = normalize_url_path(rendered.article.aliases[number])
        head = HeadView(
            title=rendered.article.title, description="", canonical=target, noindex=True
        )
        return self.view_of("alias.html", url, head, target=target)


def _origin(base_url: str) -> str:
    """``https://x.org`` of ``https://x.org/blog/``; ``""`` if it has characters a
    CSS string would need escaped (the print stylesheet writes it before links)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return origin if re.fullmatch(r"[A-Za-z0-9+.:/\[\]@%_~-]+", origin) else ""


def _describe(words: Words, kind: str, title: str, site_title: str) -> str:
    """A listing's description for search engines, when nothing better is written."""
    if kind == "home":
        return words.say("listing.home_description", site=site_title)
    if kind == "author":
        return words.say("listing.author_description", name=title)
    return words.say("listing.description", title=title, site=site_title)


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


SIMPLE_PAGES = {
    "tags": ("tags.html", "/tags/", "tags.title"),
    "404": ("404.html", "/404.html", "not_found.title"),
    "search": ("search.html", SEARCH_PATH, "search.title"),
}
"""Pages of one per site: template, URL, the theme's string of the title."""

SIMPLE_DESCRIPTIONS = {
    "tags": "tags.description",
    "search": "search.description",
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


def page_view(
    renderer: PageRenderer, task: PageTask, bodies: Mapping[str, RenderedArticle] | None = None
) -> PageView:
    """The view of one page; an article's with its body from ``bodies`` (by
    source) when the site model holds it lean."""
    kind, index, part = task
    site = renderer.site
    if kind == "article":
        rendered = site.articles[index]
        if bodies:
            rendered = bodies.get(rendered.article.source, rendered)
        return renderer.article_page(rendered)
    if kind == "listing":
        return renderer.listing_page(site.listings[index], part)
    if kind == "alias":
        return renderer.alias_page(site.articles[index], part)
    return renderer.simple_page(kind)


def reached_tasks(
    before: Site, after: Site, edited: AbstractSet[str], tags: Collection[str] = ()
) -> list[PageTask]:
    """The pages of ``after`` whose view may differ from ``before``'s when only the
    ``edited`` articles changed and, of the site model, the tags ``tags`` and
    some related lists: each edited article's page and aliases, every page that
    shows its card (listings that hold it, related lists that name it, the front
    page), the pages whose related list changed, every page of a listing of
    ``tags`` and, when a tag changed, the pages that list every tag. Any other
    page shows only what the edit left as it was.

    Asked of every article and every listing page on each edit, so the passes
    are ``map`` and ``compress`` in C, not a loop in Python: at 100,000 articles
    (75,000 listing pages) the loop took a quarter of a second."""
    sources = list(map(source_of, after.articles))
    wanted = set(edited)
    related, related_before = after.related, before.related
    naming = map(operator.not_, map(edited.isdisjoint, related.values()))
    wanted.update(itertools.compress(related.keys(), naming))  # lists naming an edit
    if related is not related_before:  # some lists were ranked again: those that changed
        both = list(related.keys() | related_before.keys())
        now, then = map(related.get, both), map(related_before.get, both)
        wanted.update(itertools.compress(both, map(_different, now, then)))
    tasks: list[PageTask] = [
        ("article", index, 0)
        for index in itertools.compress(itertools.count(), map(wanted.__contains__, sources))
    ]
    was = {x.taxon.slug: x.pages for x in before.listings if x.kind == "tag" and x.taxon}
    for index, listing in enumerate(after.listings):
        slug = listing.taxon.slug if listing.kind == "tag" and listing.taxon else None
        pages = listing.pages
        if slug in tags:
            old = was.get(slug or "", ())
            if len(old) != len(pages):
                tasks.extend(("listing", index, part) for part in range(len(pages)))
                continue
            reached = map(operator.ne, map(_ITEMS, old), map(_ITEMS, pages))
        else:  # as it was: the pages that hold an edited article
            reached = map(operator.not_, map(edited.isdisjoint, map(_ITEMS, pages)))
        parts = set(itertools.compress(itertools.count(), reached))
        if listing.kind == "home" and pages:
            parts.add(0)  # the front page shows the newest articles, whatever changed
        if slug in tags:  # an edited article's card shows there too
            parts.update(
                itertools.compress(
                    itertools.count(),
                    map(operator.not_, map(edited.isdisjoint, map(_ITEMS, pages))),
                )
            )
        tasks.extend(("listing", index, part) for part in sorted(parts))
    if tags:
        tasks.extend((kind, 0, 0) for kind in SIMPLE_PAGES)
    for index in itertools.compress(itertools.count(), map(edited.__contains__, sources)):
        aliases = after.articles[index].article.aliases
        tasks.extend(("alias", index, n) for n, alias in enumerate(aliases) if "?" not in alias)
    return tasks


_ITEMS = operator.attrgetter("items")


def _different(now: tuple[str, ...] | None, then: tuple[str, ...] | None) -> bool:
    """Whether a related list changed (a missing one is an empty one)."""
    return (now or ()) != (then or ())
