"""Frozen values that cross stage boundaries.

A new type per stage, never an object that fills itself in:
``SourceFile`` → ``Article`` → ``RenderedArticle`` → ``Site`` → ``OutputFile``.
Relations are keys (an article's source path, tag slugs, URL paths), not object
references, so values pickle cheaply for ``--jobs`` and diff easily for cached
builds. An article is its source file: slugs are not unique.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from typing import TYPE_CHECKING, overload
from urllib.parse import urlsplit

from sitegen.errors import Problem
from sitegen.urlpaths import encode_url_path

if TYPE_CHECKING:  # not at run time: a build with nothing to do never reads a configuration
    from sitegen.config import SiteConfig


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A markdown file as read from disk, before anything is parsed."""

    path: str
    """Relative to the site directory, forward slashes: ``content/2024/a.md``."""
    text: str
    warnings: tuple[Problem, ...] = ()
    """What reading dropped from the text (characters no page or feed can carry)."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction the article carries (front matter ``corrections``), shown at its end."""

    date: datetime
    """Aware, like the article's ``date``."""
    text: str
    """What was wrong and what the article now says, as plain text."""


@dataclass(frozen=True, slots=True)
class Article:
    """An article whose front matter has been checked (SPEC §3)."""

    source: str
    """Path relative to the site directory, as in error messages."""
    slug: str
    title: str
    date: datetime
    """Aware datetime."""
    updated: datetime | None
    summary: str | None
    """The front matter ``summary``; None means derive it from the body."""
    authors: tuple[str, ...]
    """As written (or ``default_author``): a key of site.yaml ``authors`` or a plain name."""
    tags: tuple[str, ...]
    """As written, in front matter order; merging by slug happens in the site model."""
    section: str | None
    image: str | None
    image_alt: str | None
    draft: bool
    related: tuple[str, ...]
    """Pinned slugs for "You may also like"."""
    aliases: tuple[str, ...]
    """URL paths that redirect to the article."""
    body: str | None
    """The markdown after the closing ``---``; None where the build's store holds
    it instead (``load_articles``: a build holds no article's markdown)."""
    body_line: int
    """1-based line number, in the file, of the body's first line."""
    toc: bool = True
    """Front matter ``toc: false`` hides the table of contents."""
    params: Mapping[str, object] = field(default_factory=dict)
    """Unknown front matter keys, for templates (``page.params``)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Front matter key → line in the file, for errors found in later stages."""
    bundle: str | None = None
    """For ``…/NAME/index.md``, the bundle folder relative to the site directory."""
    digest: str = ""
    """Hash of the source file's path and text. With the configuration, everything
    the article is made of: caches and page fingerprints key on it, not on the body."""
    warnings: tuple[Problem, ...] = ()
    """What reading the file dropped (characters no page or feed can carry), as
    ``warning: …`` messages at file lines; kept with a cached parse, so every
    build says them again."""
    image_caption: str | None = None
    """What the lead image shows, printed under it."""
    image_credit: str | None = None
    """Who made the lead image (``Photo: Ana Diaz/Reuters``), printed after the caption."""
    corrections: tuple[Correction, ...] = ()
    """Newest first, whatever the order in the front matter."""
    expires: datetime | None = None
    """When the article is taken down (Hugo's ``expiryDate``): from then on no
    build publishes it, as no build publishes a draft."""
    dated: bool = True
    """False for a page without a date (an About page, as Zola and Hugo build
    one): built at its URL and found by search, but listed nowhere (home,
    tags, authors, sections, feeds, related lists); ``date`` is then
    1970-01-01, for ordering only, and never shown."""


@dataclass(frozen=True, slots=True)
class Landing:
    """Hugo's ``_index.md``: the text a listing shows above its cards, not an article.

    ``content/_index.md`` introduces the home page; ``content/FOLDER/_index.md``
    the section its ``section`` names, else the section named like ``FOLDER``.
    """

    source: str
    """Path relative to the site directory."""
    title: str | None
    summary: str | None
    """Front matter ``description`` (or ``summary``): the listing's intro line."""
    section: str | None
    """Front matter ``section``: the section it introduces, as written."""
    body: str
    body_line: int
    params: Mapping[str, object] = field(default_factory=dict)
    """Other front matter keys, for shortcodes (``page.params``)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    digest: str = ""
    """Hash of the file's path and text."""

    @property
    def folder(self) -> str:
        """The folder below ``content/`` it sits in; ``""`` for the home page's."""
        return self.source.rpartition("/")[0].partition("/")[2]


@dataclass(frozen=True, slots=True)
class RenderedLanding:
    """A landing with its body rendered to HTML."""

    landing: Landing
    html: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the rendered body, for the table of contents and ``#anchor`` checks."""

    level: int
    text: str
    """Plain text."""
    id: str
    """Unique within the page, stable across builds."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image reference written in the markdown, with its source line."""

    href: str
    line: int
    """Line in the file (not the body)."""
    kind: str = "link"
    """``link`` or ``image``."""


@dataclass(frozen=True, slots=True)
class FaqItem:
    """One question of an ``faq`` shortcode, for the FAQPage JSON-LD."""

    question: str
    """Plain text."""
    answer_html: str


@dataclass(frozen=True, slots=True)
class RenderedArticle:
    """An article with its body rendered to HTML."""

    article: Article
    html: str
    summary: str
    """Front matter summary, or the first paragraph as plain text cut at ~160 chars."""
    word_count: int
    reading_minutes: int
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    faq: tuple[FaqItem, ...] = ()
    text: str = ""
    """The body as plain text, for the search index and related lists."""
    warnings: tuple[Problem, ...] = ()
    """What rendering removed (raw HTML refused by the sanitizer), as
    ``warning: …`` messages at file lines; cached with the body, so a build from
    the cache says them again."""
    digest: str = ""
    """Hash of what pages show of the body (HTML, summary, counts, headings, FAQ), so
    a page's fingerprint need not carry the HTML itself."""
    shows_images: bool = False
    """Whether the body has an ``<img>`` or links an image (``body_shows_images``):
    kept when the article is held lean, so that the image stage reads back only
    the bodies that show one (reading every body back took 0.55 s of a
    10,000-article build, most of whose bodies show no image)."""


_IMG = re.compile(r"<img\b", re.IGNORECASE)


def body_shows_images(html: str, links: Sequence[Link]) -> bool:
    """``RenderedArticle.shows_images`` of a body: an ``<img>`` tag in its HTML (what
    the image stage looks for, and more), or a markdown image link (which it
    reports when the file is missing)."""
    return _IMG.search(html) is not None or any(link.kind == "image" for link in links)


WithBodies = Callable[[Sequence[RenderedArticle]], list[RenderedArticle]]
"""The same articles with their bodies. A build's site model may hold its
articles lean (``html`` empty, no text, headings or FAQ) while the store keeps
the bodies: a stage that shows them reads them back through this, a few at a
time. ``list`` gives them as they are (a site model that holds its bodies)."""

READ_BACK = 256
"""Bodies read back from the store at a time, where a stage reads many: it
holds no more of them than that at once."""


def each_body(rendered: Sequence[RenderedArticle], bodies: WithBodies) -> Iterator[RenderedArticle]:
    """``rendered`` with their bodies, read back through ``bodies`` ``READ_BACK``
    at a time, in order: a stage that reads every body holds a few at once."""
    for start in range(0, len(rendered), READ_BACK):
        yield from bodies(rendered[start : start + READ_BACK])


@dataclass(frozen=True, slots=True)
class Taxon:
    """A tag, author or section: a listing page of articles."""

    kind: str
    """``tag``, ``author`` or ``section``."""
    slug: str
    name: str
    """Display name; for tags, the spelling used most often."""
    url: str
    """Site-relative URL path, e.g. ``/tags/nato/``."""
    articles: tuple[str, ...]
    """Article sources, newest first."""
    bio: str = ""
    homepage: str = ""


@dataclass(frozen=True, slots=True)
class ImageVariant:
    """One resized, re-encoded copy of an image the build wrote."""

    path: str
    """Relative to the output directory: ``static/img/harbour-3f2a9c1b7e-800.avif``."""
    width: int
    height: int
    mime: str
    """``image/avif``, ``image/webp``, ``image/jpeg``, ``image/png``…"""


@dataclass(frozen=True, slots=True)
class Picture:
    """A local raster image an article shows, as the build processed it."""

    width: int
    """Of the largest variant (or of the original when there is none): what the
    ``width`` and ``height`` attributes say, so the browser reserves the space."""
    height: int
    variants: tuple[ImageVariant, ...] = ()
    """Every width in every format, by format (AVIF, WebP, the fallback) then
    width; empty for an image shown as it is (an animation)."""
    fallback: str = ""
    """The MIME type of the ``<img>`` itself; the others are ``<source>`` elements."""
    key: str = ""
    """Digest of the file's content and of how it was processed: page keys read it."""


@dataclass(frozen=True, slots=True)
class SocialCard:
    """The image made for an article that has none, for ``og:image``."""

    path: str
    """Relative to the output directory."""
    width: int
    height: int
    alt: str


@dataclass(frozen=True, slots=True)
class Pictures:
    """What the image stage found and made, for the pages that show it."""

    shown: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Article source → {an image reference as the article's HTML or front matter
    writes it → the site URL path of the file it names (``/bundle/harbour.jpg``)}."""
    images: Mapping[str, Picture] = field(default_factory=dict)
    """Site URL path of a local raster image → how it was processed."""
    cards: Mapping[str, SocialCard] = field(default_factory=dict)
    """Article source → its social card."""
    warnings: tuple[Problem, ...] = ()
    """What the stage left out (a card whose words its font cannot draw)."""

    def picture(self, source: str, src: str) -> Picture | None:
        """The processed image that ``src``, written in the article ``source``, shows."""
        url = self.shown.get(source, {}).get(src)
        return self.images.get(url) if url is not None else None


@dataclass(frozen=True, slots=True)
class Site:
    """The whole site, gathered, with every URL assigned before anything renders."""

    config: SiteConfig
    """With ``base_url`` already overridden by the command line."""
    articles: tuple[RenderedArticle, ...]
    """Published articles, newest first, ties by slug."""
    urls: Mapping[str, str]
    """Article source (its identity: ``content/2024/a.md``) → site-relative URL path
    (``/articles/x/``). Slugs are not unique: ``/{year}/{slug}/`` lets two articles
    share one; every map of the site model is keyed by source."""
    tags: tuple[Taxon, ...]
    authors: tuple[Taxon, ...]
    sections: tuple[Taxon, ...]
    related: Mapping[str, tuple[str, ...]]
    """Article source → "You may also like" article sources, in order."""
    article_tags: Mapping[str, tuple[str, ...]]
    """Article source → its tag slugs (merged), in front matter order."""
    article_authors: Mapping[str, tuple[str, ...]]
    """Article source → author slugs."""
    listings: tuple[Listing, ...] = ()
    """Home, tag, author and section listings, each already paginated."""
    files: tuple[tuple[str, str], ...] = ()
    """(source path relative to site, output path relative to output dir) to copy."""
    now: datetime | None = None
    pictures: Pictures = field(default_factory=Pictures)
    """The images articles show, processed, and the social cards; empty until the
    image stage has run (after the site is assembled, before pages render)."""
    related_by_text: bool = False
    """Some related list had slots that tags left, so it reads the articles' text:
    a body edit can change related lists."""

    def listed(self) -> tuple[RenderedArticle, ...]:
        """The articles that listings and feeds show, newest first: every one but
        the pages without a date (``Article.dated``), which sort last."""
        articles = self.articles
        if articles and not articles[-1].article.dated:
            return tuple(r for r in articles if r.article.dated)
        return articles


source_of: Callable[[RenderedArticle], str] = operator.attrgetter("article.source")
"""A rendered article's source path: ``map(source_of, site.articles)`` asks every
article of a large site in C, where the short way asks them on each edit."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the result, relative to the output directory."""

    path: str
    """Forward slashes, no leading slash: ``articles/x/index.html``."""
    data: bytes
    key: str = ""
    """Digest of everything the file was made from; equal keys, equal bytes."""


@dataclass(frozen=True, slots=True)
class KeptFile:
    """A file the last build wrote that this build would write again byte for byte:
    the output directory holds its bytes, so it is neither made nor carried."""

    path: str
    key: str


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A file this build made and a worker already wrote into the staging folder:
    the build carries its name and digest, never its bytes, so its memory does not
    grow with the site (the writer moves the file into place)."""

    path: str
    key: str
    staged: str
    """Where the bytes are, until the writer moves them."""
    digest: str
    """``digests.digest_bytes`` of the bytes."""

    def read(self) -> bytes:
        with open(self.staged, "rb") as handle:
            return handle.read()


@dataclass(frozen=True, slots=True)
class StagedBytes:
    """Bytes this build wrote into its staging folder before they had a place in
    the output: a file of the search index, written as its batch is indexed and
    renamed by the merge, carried as a name and a digest so that the build never
    holds the whole index (at 30,000 articles, some 180 MB)."""

    staged: str
    """Where the bytes are, until the writer moves them (``as_output``)."""
    digest: str
    """``digests.digest_bytes`` of the bytes: equal digests, equal bytes."""

    def read(self) -> bytes:
        with open(self.staged, "rb") as handle:
            return handle.read()

    def as_output(self, path: str, key: str) -> StagedFile:
        """The output file at ``path`` these bytes become."""
        return StagedFile(path, key, self.staged, self.digest)


Blob = bytes | StagedBytes
"""A file's bytes: in memory, or in the staging folder."""


def blob_bytes(blob: Blob) -> bytes:
    """The bytes themselves, read from the staging folder when they are there."""
    return blob if isinstance(blob, bytes) else blob.read()


Output = OutputFile | KeptFile | StagedFile


class Outputs(Sequence[Output]):
    """A build's outputs told in two parts: the last build's files it keeps as they
    are (``kept``: path → the key that build recorded, in its order), then the
    files it made (``made``). Read one by one, a kept file is a ``KeptFile``.

    An edit of a large site keeps nearly every file: at 100,000 articles,
    376,000 of them. As one object each, every stage that only passes them on
    (the check of kept files, the writer, the record) paid a loop over them in
    Python, a dozen loops in all; as one map taken from the last build's record,
    those stages take them as a set, in C (``kept_paths``, ``output_paths``)."""

    __slots__ = ("kept", "made")

    def __init__(self, kept: dict[str, str], made: Sequence[Output] = ()) -> None:
        self.kept = kept
        self.made = tuple(made)

    def __len__(self) -> int:
        return len(self.kept) + len(self.made)

    def __iter__(self) -> Iterator[Output]:
        yield from map(KeptFile, self.kept.keys(), self.kept.values())
        yield from self.made

    def __reversed__(self) -> Iterator[Output]:
        yield from reversed(self.made)
        yield from map(KeptFile, reversed(self.kept.keys()), reversed(self.kept.values()))

    @overload
    def __getitem__(self, index: int) -> Output: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Output]: ...

    def __getitem__(self, index: int | slice) -> Output | Sequence[Output]:
        return list(self)[index]  # no stage reads one by position: the protocol's due

    def __repr__(self) -> str:
        return f"Outputs({len(self.kept)} kept, {len(self.made)} made)"


def kept_paths(outputs: Sequence[Output]) -> AbstractSet[str]:
    """The paths of the kept files (``KeptFile``) among ``outputs``: those of an
    ``Outputs`` are its map's own keys, not a copy."""
    if isinstance(outputs, Outputs):
        more = {o.path for o in outputs.made if isinstance(o, KeptFile)}
        return outputs.kept.keys() | more if more else outputs.kept.keys()
    return {o.path for o in outputs if isinstance(o, KeptFile)}


def output_paths(outputs: Sequence[Output]) -> Iterator[str]:
    """The path of each of ``outputs``, in order, the kept ones without a ``KeptFile`` each."""
    if isinstance(outputs, Outputs):
        return itertools.chain(outputs.kept, (o.path for o in outputs.made))
    return (o.path for o in outputs)


StrPath = str | PathLike[str]
"""A file to copy: a ``Path`` as a stage finds it, a string as the store keeps it
(a string is read back in a fraction of a ``Path``'s time)."""
"""One file of a build's result: made now (in memory or staged), or kept from the
last build."""


@dataclass(frozen=True, slots=True)
class Planned:
    """An output known by the digest of what it is made from, made only when that
    digest is not the one the last build recorded for its path."""

    path: str
    key: str
    make: Callable[[], OutputFile]


@dataclass(frozen=True, slots=True)
class Urls:
    """Site-relative URL paths → hrefs (with the base path) and absolute URLs.

    Site paths are kept as the author's names make them (``/tags/новости/``);
    every href and absolute URL made here is percent-encoded
    (``/tags/%D0%BD…/``), as feeds and sitemaps require.
    """

    base_url: str
    base_path: str
    assets: Mapping[str, str] = field(default_factory=dict)
    """Theme asset name → fingerprinted name, when fingerprinting is on."""

    @classmethod
    def for_config(cls, config: SiteConfig, assets: Mapping[str, str] | None = None) -> Urls:
        parts = urlsplit(config.base_url)
        path = encode_url_path(parts.path or "/")
        path = path if path.endswith("/") else path + "/"
        base_url = parts._replace(path=path).geturl()
        return cls(base_url, path, assets or {})

    def href(self, path: str) -> str:
        """``/tags/x/`` → ``/blog/tags/x/`` for a site under ``/blog/``."""
        return self.base_path + _encoded(path.lstrip("/"))

    def absolute(self, path: str) -> str:
        """``/tags/x/`` → ``https://example.org/blog/tags/x/``."""
        return self.base_url + _encoded(path.lstrip("/"))

    def asset(self, name: str) -> str:
        return self.href("/static/" + self.assets.get(name, name))

    def media(self, src: str) -> str:
        """An image reference from front matter or site.yaml, as an href."""
        if "://" in src or src.startswith("//"):
            return src
        return self.href(src) if src.startswith("/") else src

    def media_absolute(self, src: str) -> str:
        if "://" in src or src.startswith("//"):
            return src
        return self.absolute(src)


def _encoded(path: str) -> str:
    """The path part percent-encoded; a ``?query`` or ``#fragment`` kept as written."""
    if "?" not in path and "#" not in path:  # nearly every href of a page: no search
        return encode_url_path(path)
    cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
    return encode_url_path(path[:cut]) + path[cut:]


@dataclass(frozen=True, slots=True)
class PageSlice:
    """One page of a listing."""

    number: int
    total: int
    url: str
    """Site-relative URL path of this page."""
    items: tuple[str, ...]
    """Article sources on this page."""
    urls: tuple[str, ...]
    """URL of every page of the listing, page 1 first."""

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None


@dataclass(frozen=True, slots=True)
class Listing:
    """A paginated list of articles: the home page or a tag, author or section page."""

    kind: str
    """``home``, ``tag``, ``author`` or ``section``."""
    title: str
    pages: tuple[PageSlice, ...]
    taxon: Taxon | None = None
    landing: RenderedLanding | None = None
    """The ``_index.md`` text shown above the cards, if the site has one for it."""
