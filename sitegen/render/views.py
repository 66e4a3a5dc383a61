"""View objects: what templates see, built from the site model.

Templates never reach into model internals; they get these small values with
URLs already resolved against the base path (``url``) or absolute (``permalink``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from markupsafe import Markup

from sitegen.language import Words, site_words
from sitegen.model import Heading, Picture, RenderedArticle, RenderedLanding, Site, Taxon, Urls
from sitegen.render.pictures import SourceView, picture_values, rewrite_images
from sitegen.slugs import slugify


@dataclass(frozen=True, slots=True)
class LinkView:
    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ImageView:
    """An image as ``partials/picture.html`` shows it: a local raster image
    processed by the build has its size, ``srcset`` and ``<source>`` elements."""

    src: str
    alt: str
    caption: str = ""
    """What the picture shows (front matter ``image_caption``)."""
    credit: str = ""
    """Who made it (front matter ``image_credit``)."""
    width: int | None = None
    height: int | None = None
    srcset: str = ""
    """The fallback format's variants, for the ``<img>`` itself."""
    sources: tuple[SourceView, ...] = ()
    """AVIF and WebP, in the order the browser should try them."""


@dataclass(frozen=True, slots=True)
class AuthorView:
    """An author of the article: the byline link and the box at the article's end."""

    name: str
    url: str | None
    """The author's page on this site."""
    bio: str = ""
    image: str = ""
    """Href of the portrait (site.yaml ``authors.<slug>.image``), or ``""``."""
    homepage: str = ""
    """The author's own site or profile (site.yaml ``authors.<slug>.url``)."""


@dataclass(frozen=True, slots=True)
class CorrectionView:
    date: datetime
    """In the site's time zone."""
    text: str


@dataclass(frozen=True, slots=True)
class ShareLink:
    """A plain link that shares the article: nothing is loaded from the network."""

    name: str
    """``Email``, ``Bluesky``, …: the link's text."""
    url: str


@dataclass(frozen=True, slots=True)
class CardView:
    """An article as a card in a listing or in "You may also like"."""

    title: str
    url: str
    date: datetime
    summary: str
    section: LinkView | None
    authors: tuple[LinkView, ...]
    image: ImageView | None
    reading_minutes: int


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article page's ``page``."""

    slug: str
    source: str
    """The article's file, relative to the site: its identity (slugs may repeat)."""
    title: str
    url: str
    permalink: str
    date: datetime
    updated: datetime | None
    summary: str
    authors: tuple[AuthorView, ...]
    tags: tuple[LinkView, ...]
    section: LinkView | None
    reading_minutes: int
    word_count: int
    content: Markup
    toc: tuple[Heading, ...]
    image: ImageView | None
    params: Mapping[str, object]
    dek: str = ""
    """The summary the author wrote, shown under the headline; ``""`` when the
    summary comes from the body (it would repeat the first paragraph)."""
    corrections: tuple[CorrectionView, ...] = ()
    """Newest first."""
    dated: bool = True
    """False for a page without a date (an About page): ``date`` is no date and
    is not shown."""
    breadcrumbs: tuple[LinkView, ...] = ()
    """Home, then the section: the trail the BreadcrumbList of the structured data
    gives, without the article itself."""
    share: tuple[ShareLink, ...] = ()


@dataclass(frozen=True, slots=True)
class LandingView:
    """A listing's ``_index.md`` text, as ``listing.landing``."""

    title: str
    """Empty when the file gives none."""
    summary: str
    """Its ``description`` (or ``summary``); may be empty."""
    content: Markup
    """The body as HTML; empty past the first page of the listing."""
    params: Mapping[str, object]


CARDS_KEPT = 16_384
"""Cards a ``ViewBuilder`` keeps made. Each page worker makes the cards of the
pages it renders, which in the end is every article's, so a site of 10,000
articles keeps them all. Past that, the listings (7.5 cards an article) and
the related lists (5) ask again for cards made long before, so making one must
stay cheap: ~3 us and ~270 B kept (tracemalloc, the 10,000-article benchmark),
with its section and byline links shared (``section_of``, ``authors_of``),
where a card with links of its own cost ~8 us and ~550 B."""


class ViewBuilder:
    """Builds views for one site; lookups are prepared once."""

    def __init__(self, site: Site, urls: Urls, words: Words | None = None) -> None:
        self.site = site
        self.urls = urls
        self.words = words or site_words(site.config.language, site.config.strings)
        """The theme's words: the breadcrumbs' "Home", the share links' "Email"."""
        self.by_source = {r.article.source: r for r in site.articles}
        self.tags = {t.slug: t for t in site.tags}
        self.authors = {t.slug: t for t in site.authors}
        self.sections = {t.slug: t for t in site.sections}
        self.made_cards = functools.lru_cache(maxsize=CARDS_KEPT)(self._card)
        """The cards made last (``CARDS_KEPT``), kept by the standard library's cache."""
        self.zone = ZoneInfo(site.config.timezone)
        # A site has a few sections and bylines and many articles: each card and
        # article page takes their links from here, made once (slugs and hrefs
        # were most of a card's cost, and a copy of them in every card kept).
        self._section_links: dict[str, LinkView] = {}
        self._author_links: dict[tuple[str, ...], tuple[LinkView, ...]] = {}

    def local(self, moment: datetime) -> datetime:
        """``moment`` in the site's time zone: every date a reader sees is in it."""
        return moment.astimezone(self.zone)

    def taxon_link(self, taxon: Taxon) -> LinkView:
        return LinkView(taxon.name, self.urls.href(taxon.url))

    def section_of(self, rendered: RenderedArticle) -> LinkView | None:
        section = rendered.article.section
        if not section:
            return None
        link = self._section_links.get(section)
        if link is None:
            taxon = self.sections.get(slugify(section))
            link = self.taxon_link(taxon) if taxon else LinkView(section, None)
            self._section_links[section] = link
        return link

    def authors_of(self, source: str) -> tuple[LinkView, ...]:
        slugs = self.site.article_authors.get(source, ())
        links = self._author_links.get(slugs)
        if links is None:
            links = tuple(self.taxon_link(self.authors[a]) for a in slugs)
            self._author_links[slugs] = links
        return links

    def image_of(self, rendered: RenderedArticle) -> ImageView | None:
        article = rendered.article
        if not article.image:
            return None
        src = self.article_media(rendered, article.image)
        alt = article.image_alt or ""
        caption, credit = article.image_caption or "", article.image_credit or ""
        picture = self.lead_picture(rendered)
        if picture is None:
            return ImageView(src, alt, caption, credit)
        values = picture_values(picture, self.urls.href, src)
        return ImageView(
            values.src,
            alt,
            caption,
            credit,
            values.width,
            values.height,
            values.srcset,
            values.sources,
        )

    def lead_picture(self, rendered: RenderedArticle) -> Picture | None:
        """The front matter image as the build processed it, if it did."""
        article = rendered.article
        return self.site.pictures.picture(article.source, article.image or "")

    def body_of(self, rendered: RenderedArticle) -> str:
        """The body's HTML with its processed images made responsive."""
        source = rendered.article.source
        if source not in self.site.pictures.shown:
            return rendered.html

        def find(src: str) -> Picture | None:
            return self.site.pictures.picture(source, src)

        return rewrite_images(rendered.html, find, self.urls.href)

    def picture_keys(self, rendered: RenderedArticle) -> tuple[tuple[str, str], ...]:
        """What an article's page reads of the image stage: each image reference
        with its processed image's key, and the social card."""
        pictures = self.site.pictures
        source = rendered.article.source
        keys = [
            (src, pictures.images[url].key if url in pictures.images else "")
            for src, url in sorted(pictures.shown.get(source, {}).items())
        ]
        card = pictures.cards.get(source)
        return (*keys, ("card", card.path if card else ""))

    def author_views(self, source: str) -> tuple[AuthorView, ...]:
        """The article's authors with what site.yaml says about each."""
        views = []
        for slug in self.site.article_authors.get(source, ()):
            taxon = self.authors[slug]
            info = self.site.config.authors.get(slug)
            image = self.urls.media(info.image) if info and info.image else ""
            views.append(
                AuthorView(taxon.name, self.urls.href(taxon.url), taxon.bio, image, taxon.homepage)
            )
        return tuple(views)

    def article_media(self, rendered: RenderedArticle, src: str) -> str:
        """A front matter image: relative to the article's file, or root-relative."""
        if "://" in src or src.startswith(("/", "//")):
            return self.urls.media(src)
        folder = rendered.article.source.rsplit("/", 1)[0]
        rel = folder[len("content") :].strip("/")
        return self.urls.href("/" + (rel + "/" if rel else "") + src)

    def card(self, source: str) -> CardView:
        """The card of an article, kept while it is among the ``CARDS_KEPT`` used
        last: the pages of one listing, and the related lists of neighbouring
        articles, share many."""
        return self.made_cards(source)

    def _card(self, source: str) -> CardView:
        rendered = self.by_source[source]
        article = rendered.article
        return CardView(
            title=article.title,
            url=self.urls.href(self.site.urls[source]),
            date=self.local(article.date),
            summary=rendered.summary,
            section=self.section_of(rendered),
            authors=self.authors_of(source),
            image=self.image_of(rendered),
            reading_minutes=rendered.reading_minutes,
        )

    def landing(self, rendered: RenderedLanding, first_page: bool) -> LandingView:
        landing = rendered.landing
        return LandingView(
            title=landing.title or "",
            summary=landing.summary or "",
            content=Markup(rendered.html if first_page else ""),
            params=landing.params,
        )

    def cards(self, sources: Sequence[str]) -> tuple[CardView, ...]:
        return tuple(self.card(s) for s in sources)

    def article(self, rendered: RenderedArticle) -> ArticleView:
        article = rendered.article
        source = article.source
        toc_headings = tuple(h for h in rendered.headings if h.level in (2, 3))
        show_toc = article.toc and sum(1 for h in toc_headings if h.level == 2) >= 3
        section = self.section_of(rendered)
        permalink = self.urls.absolute(self.site.urls[source])
        return ArticleView(
            slug=article.slug,
            source=source,
            title=article.title,
            url=self.urls.href(self.site.urls[source]),
            permalink=permalink,
            date=self.local(article.date),
            updated=self.local(article.updated) if article.updated else None,
            summary=rendered.summary,
            authors=self.author_views(source),
            tags=tuple(self.taxon_link(self.tags[t]) for t in self.site.article_tags[source]),
            section=section,
            reading_minutes=rendered.reading_minutes,
            word_count=rendered.word_count,
            content=Markup(self.body_of(rendered)),
            toc=toc_headings if show_toc else (),
            image=self.image_of(rendered),
            params=article.params,
            dek=rendered.summary if article.summary else "",  # its markup read
            corrections=tuple(
                CorrectionView(self.local(c.date), c.text) for c in article.corrections
            ),
            breadcrumbs=self.breadcrumbs(section),
            share=share_links(article.title, permalink, self.words.say("share.email")),
            dated=article.dated,
        )

    def breadcrumbs(self, section: LinkView | None) -> tuple[LinkView, ...]:
        """Home, then the section, when the article has a section with a page."""
        if section is None or section.url is None:
            return ()
        return (LinkView(self.words.say("home"), self.urls.href("/")), section)


def share_links(title: str, url: str, email: str = "Email") -> tuple[ShareLink, ...]:
    """The usual ways to share ``url``: each network's own share address, and
    e-mail (named ``email`` in the site's language)."""
    text, link = quote(title, safe=""), quote(url, safe="")
    both = quote(f"{title} {url}", safe="")
    return (
        ShareLink(email, f"mailto:?subject={text}&body={link}"),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?text={both}"),
        ShareLink("X", f"https://x.com/intent/post?text={text}&url={link}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={link}"),
        ShareLink("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={link}"),
        ShareLink("WhatsApp", f"https://wa.me/?text={both}"),
    )
