"""View objects: what templates see, built from the site model.

Templates never reach into model internals; they get these small values with
URLs already resolved against the base path (``url``) or absolute (``permalink``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

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
    width: int | None = None
    height: int | None = None
    srcset: str = ""
    """The fallback format's variants, for the ``<img>`` itself."""
    sources: tuple[SourceView, ...] = ()
    """AVIF and WebP, in the order the browser should try them."""


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
    authors: tuple[LinkView, ...]
    tags: tuple[LinkView, ...]
    section: LinkView | None
    reading_minutes: int
    word_count: int
    content: Markup
    toc: tuple[Heading, ...]
    image: ImageView | None
    params: Mapping[str, object]


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


class ViewBuilder:
    """Builds views for one site; lookups are prepared once."""

    def __init__(self, site: Site, urls: Urls) -> None:
        self.site = site
        self.urls = urls
        self.by_source = {r.article.source: r for r in site.articles}
        self.tags = {t.slug: t for t in site.tags}
        self.authors = {t.slug: t for t in site.authors}
        self.sections = {t.slug: t for t in site.sections}
        self.made_cards: dict[str, CardView] = {}

    def taxon_link(self, taxon: Taxon) -> LinkView:
        return LinkView(taxon.name, self.urls.href(taxon.url))

    def section_of(self, rendered: RenderedArticle) -> LinkView | None:
        section = rendered.article.section
        if not section:
            return None
        taxon = self.sections.get(slugify(section))
        return self.taxon_link(taxon) if taxon else LinkView(section, None)

    def authors_of(self, source: str) -> tuple[LinkView, ...]:
        return tuple(
            self.taxon_link(self.authors[a]) for a in self.site.article_authors.get(source, ())
        )

    def image_of(self, rendered: RenderedArticle) -> ImageView | None:
        article = rendered.article
        if not article.image:
            return None
        src = self.article_media(rendered, article.image)
        picture = self.lead_picture(rendered)
        if picture is None:
            return ImageView(src, article.image_alt or "")
        values = picture_values(picture, self.urls.href, src)
        return ImageView(
            values.src,
            article.image_alt or "",
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

    def article_media(self, rendered: RenderedArticle, src: str) -> str:
        """A front matter image: relative to the article's file, or root-relative."""
        if "://" in src or src.startswith(("/", "//")):
            return self.urls.media(src)
        folder = rendered.article.source.rsplit("/", 1)[0]
        rel = folder[len("content") :].strip("/")
        return self.urls.href("/" + (rel + "/" if rel else "") + src)

    def card(self, source: str) -> CardView:
        """The card of an article, made once: listings and related lists share it."""
        if source not in self.made_cards:
            self.made_cards[source] = self._card(source)
        return self.made_cards[source]

    def _card(self, source: str) -> CardView:
        rendered = self.by_source[source]
        article = rendered.article
        return CardView(
            title=article.title,
            url=self.urls.href(self.site.urls[source]),
            date=article.date,
            summary=rendered.summary,
            section=self.section_of(rendered),
            authors=self.authors_of(source),
            image=self.image_of(rendered),
            reading_minutes=rendered.reading_minutes,
        )

    def card_inputs(self, source: str) -> tuple[object, ...]:
        """Everything ``_card`` reads, cheaply: a page's fingerprint includes it for
        each card shown, so a card is never built to learn it did not change.
        Keep the two in step."""
        rendered = self.by_source[source]
        article = rendered.article
        return (
            article.title,
            article.date,
            article.image,
            article.image_alt,
            picture.key if (picture := self.lead_picture(rendered)) else "",
            article.source,
            self.site.urls[source],
            rendered.summary,
            rendered.reading_minutes,
            self.section_of(rendered),
            self.authors_of(source),
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
        return ArticleView(
            slug=article.slug,
            source=source,
            title=article.title,
            url=self.urls.href(self.site.urls[source]),
            permalink=self.urls.absolute(self.site.urls[source]),
            date=article.date,
            updated=article.updated,
            summary=rendered.summary,
            authors=self.authors_of(source),
            tags=tuple(self.taxon_link(self.tags[t]) for t in self.site.article_tags[source]),
            section=self.section_of(rendered),
            reading_minutes=rendered.reading_minutes,
            word_count=rendered.word_count,
            content=Markup(self.body_of(rendered)),
            toc=toc_headings if show_toc else (),
            image=self.image_of(rendered),
            params=article.params,
        )
