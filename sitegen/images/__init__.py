"""The image stage: responsive variants of every local image an article shows,
and a social card for every article without an image.

Takes the assembled site (rendered bodies: which images are shown is known only
once shortcodes and markdown have run) and returns ``Pictures`` for the pages
(sizes and variants, found by the reference each article writes) with the
files to publish: variants and cards, which live in the cache and are copied
from there, and originals whose location data was taken out. Runs after the
site model and before any page, since pages carry every image's size.

Variants are named by content (``static/img/harbour-3f2a9c1b7e-800.avif``), so
hosts may cache them for ever; the work runs over all cores and only for
images and cards the cache does not hold yet (``store.py``). Pillow is
loaded only when the site shows an image or draws a card.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import operator
import os
import posixpath
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.errors import Problem, Problems
from sitegen.images.cards import ENCODING, CardPainter, CardWords, card_words
from sitegen.images.process import MIME, Made, process_file, suffix_of, variant_name
from sitegen.images.shown import ImageUse, Resolve, find_uses, held_markdown, shown_map
from sitegen.images.store import ImageStore
from sitegen.images.template import CardTemplate
from sitegen.language import site_words
from sitegen.model import (
    Article,
    ImageVariant,
    OutputFile,
    Picture,
    Pictures,
    RenderedArticle,
    Site,
    SocialCard,
    StrPath,
    WithBodies,
)
from sitegen.slugs import slugify

log = logging.getLogger(__name__)

IMAGE_DIR = "static/img"
"""Where variants and cards are published: every name in it is content-addressed."""

MapChunks = Callable[[Callable[[Any, Sequence[Any]], list[Any]], object, Sequence[Any]], list[Any]]
"""``parallel_map`` with the number of jobs already chosen."""


@dataclass(frozen=True, slots=True)
class ImageFiles:
    """The stage's result: what pages show, and which files the build publishes."""

    pictures: Pictures
    copies: tuple[tuple[str, str], ...] = ()
    """(file in the cache, output path) of every variant and card."""
    originals: Mapping[str, Path] = field(default_factory=dict)
    """Content file (``content/x/photo.jpg``) → its copy without location data."""
    files: tuple[OutputFile, ...] = ()
    """What the cache could not hold (it cannot be written), published from memory:
    variants and cards, and originals without their location at their own paths."""
    replaced: frozenset[str] = frozenset()
    """Content files whose copy a file of ``files`` replaces (location taken out)."""
    drawing: CardDrawing | None = None
    """The cards still to draw, with ``make_pictures(draw=False)``: ``copies`` already
    names them in the cache, where ``CardDrawing.finish`` expects them."""


@dataclass(frozen=True, slots=True)
class DrawCard:
    """One social card to draw into the image cache: its key, and the place in
    ``site.articles`` of the article whose words it shows (a worker finds the
    words again: held for every card until the last page, they took 70 MB of
    the build's memory at 100,000 articles)."""

    key: str
    article: int


@dataclass(frozen=True, slots=True)
class CardDrawing:
    """Social cards planned but not drawn: their paths and sizes are known (the
    pages need no more), so a build draws them where it renders pages, before
    their first page, instead of in a pool of their own that every page waits
    for. ``finish`` takes what the workers gave back."""

    painter: CardPainter
    store: ImageStore
    site: Site
    """The site the cards were planned for: their words are found in it again."""
    todo: tuple[DrawCard, ...]
    paths: Mapping[str, str]
    """Output path → the key of the card drawn there."""
    prune: bool
    """Whether ``finish`` prunes the image cache (``ImageStore.save``)."""

    def finish(self, images: ImageFiles, drawn: Sequence[bytes | None]) -> ImageFiles:
        """``images`` once ``todo`` is drawn (``drawn``: ``draw_cards``'s results, in
        order): a card the cache could not take is published from memory
        instead of copied from it. Saves the image cache, which the workers
        wrote to (so not before)."""
        self.store.save(self.prune)
        kept = {card.key: data for card, data in zip(self.todo, drawn, strict=True)}
        failed = {
            path: data for path, key in self.paths.items() if (data := kept.get(key)) is not None
        }
        if not failed:
            return dataclasses.replace(images, drawing=None)
        copies = tuple(copy for copy in images.copies if copy[1] not in failed)
        made = sorted(
            [*images.files, *(OutputFile(p, d) for p, d in failed.items())],
            key=operator.attrgetter("path"),
        )
        return dataclasses.replace(images, copies=copies, files=tuple(made), drawing=None)


def draw_cards(drawing: CardDrawing, cards: Sequence[DrawCard]) -> list[bytes | None]:
    """Draw ``cards`` into the cache, each whole or not at all (in a page worker:
    ``drawing`` was made before it forked); a card the cache cannot take comes
    back as bytes, to be published from memory."""
    articles, words_of = drawing.site.articles, _Words(drawing.site)
    todo = [(card.key, words_of(articles[card.article])) for card in cards]
    return _paint_chunk((drawing.painter, drawing.store), todo)


def make_pictures(
    site: Site,
    site_dir: Path,
    resolve: Resolve,
    base_path: str,
    other_files: Collection[str],
    store: ImageStore,
    map_chunks: MapChunks,
    card_template: Callable[[], CardTemplate | None] | None,
    problems: Problems,
    bodies: WithBodies = list,
    markdown: Callable[[Article], str] = held_markdown,
    draw: bool = True,
) -> ImageFiles:
    """Process every image the site's articles show and draw the missing cards.

    ``card_template`` loads the social card template, or is None when the site
    makes no cards. Problems: a missing image written relative to its article, an
    image file that cannot be read, at each line that shows it. ``bodies``
    reads back the bodies of lean articles, which show the images, and
    ``markdown`` their markdown, where a message names the line of an image.
    Without ``draw`` the cards are only planned: the result's ``drawing`` says
    what to draw, and the caller saves ``store`` once they are drawn
    (``CardDrawing.finish``), not before.
    """
    uses = find_uses(site, resolve, base_path, other_files, problems, bodies, markdown)
    out = _Published()
    images = _process(uses, site_dir, store, map_chunks, problems, out)
    warnings: list[Problem] = []
    needing = [i for i, r in enumerate(site.articles) if not _shares_image(r.article.image)]
    template = card_template() if card_template is not None and needing else None
    planned = _plan_cards(site, needing, template, store, warnings) if template else None
    cards = planned.cards if planned is not None else {}
    pictures = Pictures(shown_map(uses), images, cards, tuple(sorted(set(warnings))))
    drawn: dict[str, bytes | None] = {}
    drawing = None
    if planned is not None and planned.todo:
        # Which characters a font lacks was learnt while planning; the glyphs
        # drawn now are inherited by every worker forked after.
        planned.painter.warm()
        if draw:
            results = map_chunks(_paint_chunk, (planned.painter, store), planned.todo)
            drawn = {key: data for (key, _), data in zip(planned.todo, results, strict=True)}
        else:
            places = zip(planned.todo, planned.places, strict=True)
            todo = tuple(DrawCard(key, place) for (key, _), place in places)
            drawing = CardDrawing(planned.painter, store, site, todo, planned.paths, prune=False)
    for path, key in planned.paths.items() if planned is not None else ():
        out.publish(path, store.card(key), drawn.get(key))
    return dataclasses.replace(out.result(pictures, site.files), drawing=drawing)


class _Published:
    """The files the stage publishes, as it finds them: from the cache, or from memory."""

    def __init__(self) -> None:
        self.copies: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.originals: dict[str, Path] = {}
        self.in_memory: dict[str, bytes] = {}

    def publish(self, path: str, cached: StrPath, data: bytes | None) -> None:
        if data is None:
            self.copies[path] = os.fspath(cached)
        else:
            self.files[path] = data

    def result(self, pictures: Pictures, files: Sequence[tuple[str, str]]) -> ImageFiles:
        at = dict(files)
        made = [OutputFile(p, d) for p, d in sorted(self.files.items())]
        made.extend(OutputFile(at[src], d) for src, d in sorted(self.in_memory.items()))
        return ImageFiles(
            pictures,
            tuple((cached, path) for path, cached in sorted(self.copies.items())),
            self.originals,
            tuple(made),
            frozenset(self.in_memory),
        )


def _shares_image(image: str | None) -> bool:
    """Whether an article has an image networks show: not none, not an SVG."""
    path = (image or "").split("?")[0].split("#")[0]
    return bool(path) and not path.lower().endswith(".svg")


def published_paths(pictures: Pictures) -> frozenset[str]:
    """Output paths of every variant and card: named by content, so immutable."""
    variants = (v.path for p in pictures.images.values() for v in p.variants)
    return frozenset([*variants, *(c.path for c in pictures.cards.values())])


# -- images -------------------------------------------------------------------


def _process(
    uses: Mapping[str, list[ImageUse]],
    site_dir: Path,
    store: ImageStore,
    map_chunks: MapChunks,
    problems: Problems,
    out: _Published,
) -> dict[str, Picture]:
    """Each shown image once (by URL), from the cache or made now, its variants
    and its original without location data (if it had any) published."""
    by_url: dict[str, list[ImageUse]] = {}
    for found in uses.values():
        for use in found:
            by_url.setdefault(use.url, []).append(use)
    keys, made = _made(by_url, site_dir, store, map_chunks, problems)
    images: dict[str, Picture] = {}
    for url, result in sorted(made.items()):
        if isinstance(result, str):
            _report(by_url[url], result, problems)
            continue
        entry = store.entry(keys[url])
        picture = _picture(url, keys[url], result)
        images[url] = picture
        data = dict(result.data) if result.data else None
        for variant in picture.variants:
            name = variant_name(variant.width, _format_of(variant.mime))
            out.publish(variant.path, entry / name, data[name] if data else None)
        if result.original and data:
            out.in_memory[by_url[url][0].file] = data[result.original]
        elif result.original:
            out.originals[by_url[url][0].file] = entry / result.original
    return images


def _made(
    by_url: Mapping[str, Sequence[ImageUse]],
    site_dir: Path,
    store: ImageStore,
    map_chunks: MapChunks,
    problems: Problems,
) -> tuple[dict[str, str], dict[str, Made | str]]:
    """Each image's cache key and what processing it gave (or why it could not),
    the work shared out over the cores for what the cache lacks."""
    keys: dict[str, str] = {}
    for url, places in sorted(by_url.items()):
        try:
            keys[url] = store.key_of(site_dir / places[0].file)
        except OSError as error:
            _report(places, f"cannot be read ({error.strerror or error})", problems)
    made: dict[str, Made | str] = {}
    todo: dict[str, Path] = {}  # key → file: two copies of one photo are made once
    for url, key in keys.items():
        known = store.made(key)
        if known is not None:
            made[url] = known
        elif key not in todo:
            todo[key] = site_dir / by_url[url][0].file
    fresh = dict(zip(todo, map_chunks(_process_chunk, store, list(todo.items())), strict=True))
    for url, key in keys.items():
        if url not in made:
            made[url] = fresh[key]
    return keys, made


def _process_chunk(store: ImageStore, todo: Sequence[tuple[str, Path]]) -> list[Made | str]:
    return [process_file(path, store.entry(key)) for key, path in todo]


def _report(places: Sequence[ImageUse], reason: str, problems: Problems) -> None:
    for use in places:
        problems.add(use.article, use.line, f"image '{use.written or use.src}' {reason}")


def _picture(url: str, key: str, made: Made) -> Picture:
    """Output paths for the variants of the image at ``url``."""
    stem = slugify(posixpath.splitext(posixpath.basename(url))[0])[:48].strip("-") or "image"
    variants = tuple(
        ImageVariant(
            f"{IMAGE_DIR}/{stem}-{key[:10]}-{width}.{suffix_of(fmt)}", width, height, MIME[fmt]
        )
        for width, height, fmt in made.variants
    )
    fallback = MIME.get(made.fallback, "")
    return Picture(made.width, made.height, variants, fallback, key)


def _format_of(mime: str) -> str:
    return next(fmt for fmt, known in MIME.items() if known == mime)


# -- social cards ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Planned:
    """The cards of a build before any is drawn: what the pages show, and the work."""

    painter: CardPainter
    cards: dict[str, SocialCard]
    """Article source → its card."""
    paths: dict[str, str]
    """Output path → the card's key."""
    todo: list[tuple[str, CardWords]]
    """The cards the cache lacks: key and words."""
    places: list[int]
    """Where the article of each of ``todo`` is in ``site.articles``."""


def _plan_cards(
    site: Site,
    needing: Sequence[int],
    template: CardTemplate,
    store: ImageStore,
    warnings: list[Problem],
) -> _Planned:
    """A card for each article ``needing`` one (by its place in ``site.articles``),
    and those to draw (the cache lacks them).

    A card is named by the digest of what is drawn on it, so its path is known
    before it is drawn: the pages that show it need not wait for it.
    """
    painter = CardPainter(template)
    planned = _Planned(painter, {}, {}, [], [])
    words_of = _Words(site)
    cardless: list[tuple[str, int, str]] = []  # (source, line, the characters missing)
    unshaped: list[tuple[str, int, str]] = []  # the same, for letters Pillow cannot shape
    dropped: list[tuple[str, int, str]] = []  # the same, for symbols the card goes without
    for place in needing:
        rendered = site.articles[place]
        article = rendered.article
        words = words_of(rendered)
        made_of = f"{template.digest}\0{words!r}\0{store.salt}\0{ENCODING}"
        made_of += painter.shaper(words)
        key = hashlib.blake2b(made_of.encode(), digest_size=16).hexdigest()
        if not store.has_card(key):
            line = article.lines.get("title", 1)
            missing, unshapeable, symbols = painter.sort_unshown(painter.unshown(words))
            if unshapeable and not missing:
                unshaped.append((article.source, line, unshapeable))
                continue
            if missing:
                if not set(missing) & set(article.title):  # the site's name, a section
                    missing = f"{missing}\0"
                cardless.append((article.source, line, missing))
                continue
            if symbols:
                dropped.append((article.source, line, symbols))
            planned.todo.append((key, words))
            planned.places.append(place)
        path = f"{IMAGE_DIR}/{slugify(article.slug)[:60] or 'card'}-card-{key[:10]}.png"
        planned.cards[article.source] = SocialCard(
            path, template.width, template.height, article.title
        )
        planned.paths[path] = key
    warnings.extend(_cardless(cardless, template))
    warnings.extend(_unshaped(unshaped))
    warnings.extend(_dropped(dropped))
    return planned


CARDLESS_ONE_BY_ONE = 3
"""Articles without a card (their title's script not in the font) told one by
one; past that, one warning tells them all: a blog written in Chinese or
Russian printed one per article at every build, and nothing else was read."""


_ELSEWHERE = "\0"
"""Marks the characters of a card whose title has none of them."""


def _where(chars: str) -> str:
    """Where the missing characters are when not in the title: the warning is at
    the title's line, which a reader would search in vain."""
    return (
        " (in the card's other words: the site's name, the section)"
        if chars.endswith(_ELSEWHERE)
        else ""
    )


_CJK_FONTS = (
    "; for Chinese, Japanese or Korean, a Noto Serif CJK or Noto Sans CJK font "
    "(SC, TC, JP or KR) from fonts.google.com or your system's fonts, saved in layouts/fonts/ "
    '(README: "Social cards in other scripts")'
)


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def _cardless(cardless: list[tuple[str, int, str]], template: CardTemplate) -> list[Problem]:
    """The warnings for the articles that get no card (``_plan_cards``): what a
    font must have, and where to name it."""
    fix = (
        f"add a font that has them to 'fallbacks' in {template.source}"
        if template.source
        else "copy the theme's social-card.yaml into layouts/ and add a font that has them "
        "to its 'fallbacks'"
    )
    if any(_is_cjk(c) for _, _, chars in cardless for c in chars):
        fix += _CJK_FONTS
    if len(cardless) <= CARDLESS_ONE_BY_ONE:
        return [
            Problem(
                source,
                line,
                f"warning: the social card's fonts have no glyph for "
                f"{' '.join(chars.rstrip(_ELSEWHERE))}{_where(chars)}, "
                f"so this article gets no card; {fix}",
            )
            for source, line, chars in cardless
        ]
    missing = list(dict.fromkeys(c for _, _, chars in cardless for c in chars.rstrip(_ELSEWHERE)))
    shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
    source, line, _ = cardless[0]
    message = (
        f"warning: {len(cardless)} articles get no social card (this one and "
        f"{len(cardless) - 1} more): the card's fonts have no glyph for {shown}; {fix}, "
        "or set social_cards: false"
    )
    return [Problem(source, line, message)]


def _unshaped(unshaped: list[tuple[str, int, str]]) -> list[Problem]:
    """One warning for every article whose card needs text shaping this Pillow
    lacks: the fix is the same for all, one install."""
    if not unshaped:
        return []
    source, line, _ = unshaped[0]
    chars = " ".join(dict.fromkeys(c for _, _, chars in unshaped for c in chars))
    count = len(unshaped)
    who = (
        "this article gets no social card"
        if count == 1
        else (f"{count} articles get no social card (this one and {count - 1} more)")
    )
    return [
        Problem(
            source,
            line,
            f"warning: {who}: {chars} must be shaped (letters joined, "
            "set right to left), which Pillow does with libraqm, and this Pillow cannot "
            "load it; install FriBiDi, which Pillow's wheels load at run time (Debian and "
            "Ubuntu: apt install libfribidi0; macOS: brew install fribidi), or a Pillow "
            "built with libraqm, and build again, or set social_cards: false",
        )
    ]


def _dropped(dropped: list[tuple[str, int, str]]) -> list[Problem]:
    """The warnings for cards drawn without the symbols (emoji) no font has."""
    if len(dropped) <= CARDLESS_ONE_BY_ONE:
        return [
            Problem(
                source,
                line,
                f"warning: the social card's fonts have no glyph for {' '.join(chars)}, so "
                "this article's card is drawn without them",
            )
            for source, line, chars in dropped
        ]
    source, line, _ = dropped[0]
    chars = " ".join(dict.fromkeys(c for _, _, chars in dropped for c in chars))
    return [
        Problem(
            source,
            line,
            f"warning: {len(dropped)} articles' social cards (this one's and "
            f"{len(dropped) - 1} more) are drawn without {chars}: the card's fonts have no "
            "glyph for them",
        )
    ]


def _paint_chunk(
    state: tuple[CardPainter, ImageStore], todo: Sequence[tuple[str, CardWords]]
) -> list[bytes | None]:
    """Draw each card into the cache, whole or not at all; a card the cache cannot
    take comes back as bytes, to be published from memory."""
    painter, store = state
    results: list[bytes | None] = []
    folder_made = False
    for key, words in todo:
        data = painter.paint(words)
        path = store.card(key)
        partial = f"{path}.partial-{os.getpid()}"
        try:
            if not folder_made:
                os.makedirs(store.cards, exist_ok=True)
                folder_made = True
            with open(partial, "wb") as file:
                file.write(data)
            os.replace(partial, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            log.warning("could not store a social card in the cache (%s)", error)
            results.append(data)
            continue
        results.append(None)
    return results


class _Words:
    """What each card says, with the site's names looked up once: the byline and
    the date in the site's language, as the article's page writes them."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.words = site_words(site.config.language, site.config.strings)
        self.sections = {s.slug: s.name for s in site.sections}
        self.authors = {a.slug: a.name for a in site.authors}

    def __call__(self, rendered: RenderedArticle) -> CardWords:
        article = rendered.article
        written = self.site.article_authors.get(article.source, ())
        names = [self.authors.get(slug, slug) for slug in written]
        byline = self.words.names(names) if len(names) > 1 else ""
        section = article.section or ""
        return card_words(
            {
                "title": article.title,
                "section": self.sections.get(slugify(section), section) if section else "",
                "site": self.site.config.title,
                "authors": byline or "".join(names),
                "date": self.words.date(article.date) if article.dated else "",  # a page: none
            }
        )
