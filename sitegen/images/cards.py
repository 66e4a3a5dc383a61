"""Social cards: the 1200 by 630 PNG an article without an image shares as ``og:image``.

Takes the card template (``template.py``) and one article's words; draws the
card with Pillow and writes it as a PNG. Words a font cannot show (no glyph:
a script it does not cover) make no card, so the page falls back to the
site's ``default_image`` rather than share boxes of tofu.

Speed matters here: a site of a thousand articles without images draws a
thousand cards on its first build. Rasterising every glyph of every card
costs ten times what the rest does, so each worker keeps each glyph it drew,
per font and size, and sets lines from those (advances and kerning pairs
measured once, the way Pillow's basic layout places them). The card is then
drawn straight in the indices of a palette made from the template's colours
(a general quantizer takes eight milliseconds a card) and written as a palette
PNG by ``_png`` here rather than by Pillow, because compressing the pixels was
most of a card's cost and most of a card is the same in every card: the rows
no text touches are compressed once per worker, and so is a band of rows
whose words come back (a section's name, the site's name over a date), so a
card compresses little more than its title.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from zlib_ng import zlib_ng as zlib

from sitegen.images.template import PLACEHOLDERS, CardTemplate, TextBox

if TYPE_CHECKING:
    from PIL import Image, ImageFont

ENCODING = "2"
"""Changes whenever the same words would give other PNG bytes (2: pieces compressed
apart, one IDAT): part of every card's key, so a card an older sitegen left in
the cache is never published under the name this one gives other bytes. The
pixels are compressed by zlib-ng into the bytes the standard library's zlib
gives (a test holds it to that), so the compressor is not part of it."""
ELLIPSIS = "…"
_NO_GLYPH = "\U0010fffd"
"""A private-use code point no font draws: what a missing glyph looks like."""
_STEPS = 16
"""Shades of each ink over each fill in the palette: antialiasing, still smooth."""
_BAND = 8
"""Rows a text touches are compressed in bands that start and end on a multiple of
this: the runs between them come in few sizes, each compressed once."""
_KEPT_BANDS = 64
"""Compressed bands a painter keeps (the least recently used goes first): enough
for every section name and the site's name over recent dates; titles, never
drawn twice, pass through."""
_STRATEGY = zlib.Z_RLE
"""How the card's pixels are compressed: runs of one colour, which is what a card
is made of; as fast as deflate's quickest general level and smaller than its
third. By zlib-ng rather than the system's zlib: a band of a card's title
(1,201 by 200 pixels) took 0.47 ms against 0.89 ms, the same bytes out (every
card of the benchmark's 1,000 articles alike), the card's costliest part."""


@dataclass(frozen=True, slots=True)
class CardWords:
    """What one card says, by placeholder name."""

    values: tuple[tuple[str, str], ...]
    """``(("title", "…"), ("section", "…"), …)`` in ``template.PLACEHOLDERS`` order."""

    def fill(self, pattern: str) -> str:
        return pattern.format_map(dict(self.values)).strip()

    @property
    def title(self) -> str:
        return self.values[0][1]


def card_words(values: Mapping[str, str]) -> CardWords:
    return CardWords(tuple((name, values.get(name, "")) for name in PLACEHOLDERS))


class Face:
    """One text box's fonts at one size, with every glyph, advance and kerning pair
    it measured: the template's font, then its fallbacks; each character is drawn
    by the first that has it (``source``), its baseline on the first one's.

    Lines of scripts that are shaped (Arabic letters join) or set right to left
    (Arabic, Hebrew) are laid out by Pillow's Raqm engine instead, in runs of one
    font each (``_shaped``); every other line, Latin, Cyrillic, Greek, CJK, is set
    from the glyphs kept here, as fast as before there were fallbacks."""

    def __init__(self, size: int, coverage: Coverage) -> None:
        self.size = size
        self.font = coverage.font(0, size)
        self.fonts: list[ImageFont.FreeTypeFont | None] = [self.font]
        self.fonts += [None] * (len(coverage.files) - 1)
        """Each file's font at this size, opened the first time one of its glyphs is
        drawn: a Latin card never opens the fallbacks."""
        self.shifts: list[int] = [0] * len(coverage.files)
        """How far down each font's glyphs go so that its baseline is the first's."""
        self.glyphs: dict[str, tuple[Image.Image | None, tuple[int, int]]] = {}
        self.advances: dict[str, float] = {}
        self.pairs: dict[tuple[str, str], float] = {}
        self.coverage = coverage
        self.sources = coverage.sources
        self.plain: set[str] = set()
        """Characters found to need neither shaping nor right-to-left setting."""
        self.lines: dict[tuple[str, bool], _Shaped] = {}
        self.shaping: dict[int, ImageFont.FreeTypeFont] = {}

    def advance(self, char: str) -> float:
        found = self.advances.get(char)
        if found is None:
            found = self.advances[char] = self.font_at(self.source(char)).getlength(char)
        return found

    def kerning(self, left: str, right: str) -> float:
        found = self.pairs.get((left, right))
        if found is None:
            font = self.source(left)
            if font != self.source(right):
                found = self.pairs[(left, right)] = 0.0
            else:
                pair = self.font_at(font).getlength(left + right)
                found = pair - self.advance(left) - self.advance(right)
                self.pairs[(left, right)] = found
        return found

    def length(self, text: str, rtl: bool = False) -> float:
        if not self.is_plain(text):
            return self._shaped(text, rtl).width
        return self.extend(0.0, "", text)[0]

    def extend(self, total: float, previous: str, text: str) -> tuple[float, str]:
        """The length of a line that measured ``total`` and ended in ``previous``, with
        ``text`` after it, and its last character: the sums ``length`` of the whole
        line makes, in the same order, so the same to the last bit."""
        for char in text:
            total += self.advance(char) + (self.kerning(previous, char) if previous else 0.0)
            previous = char
        return total, previous

    def is_plain(self, text: str) -> bool:
        """Whether ``text`` is set glyph by glyph, left to right (no shaping): one set
        test for a text of characters seen before."""
        return _all_plain(self.plain, text)

    def draw(
        self, card: Image.Image, x: float, y: float, text: str, ink: str | int, rtl: bool = False
    ) -> None:
        """Set ``text`` with its top at ``y`` (the font's ascender) from ``x``; ``rtl``:
        the line is part of a right-to-left paragraph.

        ``card`` is an image this module made (never a read-only view of a file):
        glyphs go straight to its pixels, as ``Image.paste`` would put them after
        checks that cost more than the pasting, a few dozen times a card."""
        from PIL import ImageColor

        colour = ImageColor.getcolor(ink, card.mode) if isinstance(ink, str) else ink
        pixels = card.im
        if not self.is_plain(text):
            for at, run, (dx, dy) in self._shaped(text, rtl).pieces:
                left, top = round(x + at) + dx, round(y) + dy
                pixels.paste(colour, (left, top, left + run.width, top + run.height), run.im)
            return
        previous = ""
        for char in text:
            if previous:
                x += self.kerning(previous, char)
            mask, (dx, dy) = self.glyph(char)
            if mask is not None:
                left, top = round(x) + dx, round(y) + dy
                pixels.paste(colour, (left, top, left + mask.width, top + mask.height), mask.im)
            x += self.advance(char)
            previous = char

    def extent(self, x: float, y: float, text: str, rtl: bool = False) -> tuple[int, int, int, int]:
        """The pixels ``draw`` would touch: left, top, right, bottom (exclusive)."""
        left = top = 1 << 30
        right = bottom = -(1 << 30)
        if not self.is_plain(text):
            for at, run, (dx, dy) in self._shaped(text, rtl).pieces:
                gx, gy = round(x + at) + dx, round(y) + dy
                left, top = min(left, gx), min(top, gy)
                right, bottom = max(right, gx + run.width), max(bottom, gy + run.height)
            return left, top, right, bottom
        previous = ""
        for char in text:
            if previous:
                x += self.kerning(previous, char)
            mask, (dx, dy) = self.glyph(char)
            if mask is not None:
                gx, gy = round(x) + dx, round(y) + dy
                left, top = min(left, gx), min(top, gy)
                right, bottom = max(right, gx + mask.width), max(bottom, gy + mask.height)
            x += self.advance(char)
            previous = char
        return left, top, right, bottom

    def glyph(self, char: str) -> tuple[Image.Image | None, tuple[int, int]]:
        found = self.glyphs.get(char)
        if found is None:
            found = self.glyphs[char] = self._rendered(char)
        return found

    def _rendered(self, char: str) -> tuple[Image.Image | None, tuple[int, int]]:
        """A glyph's mask and offset, drawn once: ``glyph`` is asked for every
        character of every card, and an import statement in it, though a lookup
        once Pillow is loaded, cost a twentieth of drawing a card."""
        from PIL import Image

        font = self.source(char)
        bitmap, (dx, dy) = self.font_at(font).getmask2(char, "L")
        width, height = bitmap.size
        mask = Image.frombytes("L", (width, height), bytes(bitmap)) if width and height else None
        return mask, (dx, dy + self.shifts[font])

    def font_at(self, index: int) -> ImageFont.FreeTypeFont:
        found = self.fonts[index]
        if found is None:
            found = self.fonts[index] = self.coverage.font(index, self.size)
            self.shifts[index] = self.font.getmetrics()[0] - found.getmetrics()[0]
        return found

    def source(self, char: str) -> int:
        """The index of the font that draws ``char``: the first that has it (the
        first of all for a space, or for what none has)."""
        found = self.sources.get(char, -1)
        if found == -1:
            found = self.coverage.find(char)
        return found or 0

    def covers(self, char: str) -> bool:
        """Whether a font of the face has ``char``."""
        return self.coverage.find(char) is not None

    def has_glyph(self, char: str, font: int = 0) -> bool:
        return self.coverage.has(char, font)

    def _shaped(self, line: str, rtl: bool) -> _Shaped:
        """A line laid out by Raqm: shaped, in bidirectional order, in runs of one font
        (a run's spaces and punctuation stay in its font while it has them), the
        runs right to left in a right-to-left paragraph."""
        found = self.lines.get((line, rtl))
        if found is not None:
            return found
        from PIL import Image, ImageFont

        runs: list[tuple[int, str]] = []
        for char in line:
            if runs and (
                (not _is_strong(char) and self.has_glyph(char, runs[-1][0]))
                or self.source(char) == runs[-1][0]
            ):
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
            else:
                runs.append((self.source(char), char))
        direction = "rtl" if rtl else "ltr"
        pieces: list[tuple[float, Image.Image, tuple[int, int]]] = []
        at = 0.0
        for font, text in reversed(runs) if rtl else runs:
            shaper = self.shaping.get(font)
            if shaper is None:
                shaper = self.font_at(font).font_variant(layout_engine=ImageFont.Layout.RAQM)
                self.shaping[font] = shaper
            bitmap, (dx, dy) = shaper.getmask2(text, "L", direction=direction)
            if bitmap.size[0] and bitmap.size[1]:
                mask = Image.frombytes("L", bitmap.size, bytes(bitmap))
                pieces.append((at, mask, (dx, dy + self.shifts[font])))
            at += shaper.getlength(text, direction=direction)
        if len(self.lines) >= _KEPT_LINES:
            self.lines.clear()
        found = self.lines[(line, rtl)] = _Shaped(at, tuple(pieces))
        return found


class Coverage:
    """Which of one font name's files (the template's font, then its fallbacks)
    draws each character, for its faces at every size.

    Asked of a copy of each font at a small size: a glyph is there or not at any
    size, and telling costs two drawings (the character, and one no font has, to
    compare), which at a headline's size made a build's first card 20 ms slower."""

    def __init__(self, files: Sequence[Path]) -> None:
        self.files = tuple(files)
        self.probes: dict[int, ImageFont.FreeTypeFont] = {}
        self.sources: dict[str, int | None] = {}
        """Character → the index of the font that draws it, None when none has it."""
        self.known: dict[tuple[int, str], bool] = {}
        self.blanks: dict[int, tuple[tuple[int, int], bytes]] = {}

    def font(self, index: int, size: int) -> ImageFont.FreeTypeFont:
        from PIL import ImageFont

        file = str(self.files[index])
        return ImageFont.truetype(file, size, layout_engine=ImageFont.Layout.BASIC)

    def find(self, char: str) -> int | None:
        found = self.sources.get(char, -1)
        if found == -1:
            if not _leaves_ink(char):
                found = 0
            else:
                fonts = range(len(self.files))
                found = next((i for i in fonts if self.has(char, i)), None)
            self.sources[char] = found
        return found

    def has(self, char: str, font: int) -> bool:
        known = self.known.get((font, char))
        if known is None:
            probe = self.probes.get(font)
            if probe is None:
                probe = self.probes[font] = self.font(font, _PROBE_SIZE)
            blank = self.blanks.get(font)
            if blank is None:
                missing = probe.getmask(_NO_GLYPH)
                blank = self.blanks[font] = (missing.size, bytes(missing))
            mask = probe.getmask(char)
            known = self.known[(font, char)] = (mask.size, bytes(mask)) != blank
        return known


_PROBE_SIZE = 16
"""The size ``Coverage`` draws at: small, and large enough that no glyph but a
space comes out empty."""

_KEPT_LINES = 256
"""Shaped lines a face keeps: a title's lines are measured while wrapping, then
drawn; past that, never asked for again."""


@dataclass(frozen=True, slots=True)
class _Shaped:
    """A line Raqm laid out: its width and each run's mask, left to right."""

    width: float
    pieces: tuple[tuple[float, Image.Image, tuple[int, int]], ...]
    """(x from the line's start, mask, offset of the mask from there)."""


class CardPainter:
    """Draws the cards of one template; what it measured, it keeps."""

    def __init__(self, template: CardTemplate) -> None:
        self.template = template
        self.faces: dict[tuple[str, int], Face] = {}
        self.coverages: dict[str, Coverage] = {}
        """By font name: which of its fonts draws each character."""
        self.glyphs: dict[tuple[str, str], bool] = {}
        self.shapes: bool | None = None
        self.plain: set[str] = set()
        """Characters found to need no shaping, for ``shaper``."""
        """Whether this Pillow lays out text with Raqm (shaping, right to left)."""
        self.shown: dict[str, set[str]] = {}
        """By font: the characters found to draw (or to need no ink), for ``unshown``."""
        self.drawable: dict[str, set[str]] = {}
        """By font: the characters found to draw, for ``_text``."""
        self.background: Image.Image | None = None
        self.palette: Palette | bool | None = None
        self.base: Image.Image | None = None
        self.runs: dict[tuple[int, int], _Deflated] = {}
        self.bands: dict[tuple[int, int, tuple[tuple[int, str, bool], ...]], _Deflated] = {}

    def face(self, name: str, size: int) -> Face:

        found = self.faces.get((name, size))
        if found is None:
            coverage = self.coverages.get(name)
            if coverage is None:
                files = (self.template.fonts[name], *self.template.fallbacks.get(name, ()))
                coverage = self.coverages[name] = Coverage(files)
            found = Face(size, coverage)
            self.faces[(name, size)] = found
        return found

    def warm(self) -> None:
        """Draw the printable ASCII of every text box at its first size, so that
        workers forked after this start with those glyphs."""
        sample = "".join(chr(c) for c in range(0x21, 0x7F))
        for box in self.template.texts:
            face = self.face(box.font, box.size)
            for char in sample:
                face.glyph(char)

    def unshown(self, words: CardWords) -> str:
        """The characters of the card's text no font of its box can draw, in order,
        and those that need shaping when this Pillow cannot shape (``can_shape``).

        A text whose characters were all seen drawn before is passed in one set
        test (in C): asked character by character, a card cost 33 to 42 us, on one
        core before the pages (0.3 to 0.4 s at 10,000 articles); now 9 to 10 us."""
        absent: dict[str, None] = {}
        for box in self.template.texts:
            text = text_of(box, words)
            shown = self.shown.setdefault(box.font, set())
            if shown.issuperset(text):
                continue
            for char in text:
                if char in shown:
                    continue
                if (_leaves_ink(char) and not self._has_glyph(box.font, char)) or (
                    _needs_shaping(char) and not self._can_shape()
                ):
                    absent[char] = None
                else:
                    shown.add(char)
        return "".join(absent)

    def shaper(self, words: CardWords) -> str:
        """What lays out the card's shaped lines, for its key: "" for a card with
        none (most, whose names then do not depend on the machine), else the
        versions of Raqm, FriBiDi and HarfBuzz, whose upgrade may move a glyph."""
        if _all_plain(self.plain, "".join(value for _, value in words.values)):
            return ""
        from PIL import features

        names = ("raqm", "fribidi", "harfbuzz")
        return "\0" + " ".join(f"{n} {features.version(n)}" for n in names)

    def sort_unshown(self, unshown: str) -> tuple[str, str, str]:
        """``unshown``'s characters by what becomes of the card: (letters no font
        has: no card; characters to be shaped without Raqm: no card; symbols no
        font has, emoji: the card is drawn without them)."""
        missing, unshaped, dropped = [], [], []
        for char in unshown:
            if any(self._has_glyph(box.font, char) for box in self.template.texts):
                unshaped.append(char)
            elif unicodedata.category(char) in _DROPPED:
                dropped.append(char)
            else:
                missing.append(char)
        return "".join(missing), "".join(unshaped), "".join(dropped)

    def _has_glyph(self, name: str, char: str) -> bool:
        known = self.glyphs.get((name, char))
        if known is None:
            known = self.glyphs[(name, char)] = self.face(name, 32).covers(char)
        return known

    def _can_shape(self) -> bool:
        if self.shapes is None:
            self.shapes = can_shape()
        return self.shapes

    def _text(self, box: TextBox, words: CardWords) -> str:
        """What a box shows: its words less the characters no font has (a symbol,
        an emoji: ``unshown`` let the card be drawn without them), with what
        joined them to others (a variation selector, a zero-width joiner)."""
        text = text_of(box, words)
        shown = self.drawable.setdefault(box.font, set())
        if shown.issuperset(text):
            return text
        kept = []
        dropped = False
        for char in text:
            if char in shown or not _leaves_ink(char) or self._has_glyph(box.font, char):
                shown.add(char)
                kept.append(char)
            else:
                dropped = True
        if not dropped:
            return text
        return " ".join("".join(c for c in kept if c not in _JOINERS).split())

    def paint(self, words: CardWords) -> bytes:
        """Draw the card: a PNG file's bytes."""
        plan = self._plan()
        data = self._indexed(words, plan) if plan is not None else None
        if data is not None:
            return data
        out = io.BytesIO()
        self._rgb(words).save(out, "PNG", compress_level=3)
        return out.getvalue()

    def _indexed(self, words: CardWords, plan: Palette) -> bytes | None:
        """The card drawn straight in palette indices, as a PNG: fills as they are,
        each text as its coverage mapped onto the shades of its ink over the fill
        under it. None when a text lies across the edge of a shape (no one fill
        under it)."""
        t = self.template
        layers: list[_Layer] = []
        mirrored = _is_rtl(words.title)
        for index, box in enumerate(t.texts):
            text = self._text(box, words)
            if not text:
                continue
            face, placed, rtl = self._layout(box, text, mirrored)
            extents = [face.extent(x, y, line, rtl) for x, y, line in placed]
            left = max(0, min(e[0] for e in extents))
            top = max(0, min(e[1] for e in extents))
            right = min(t.width, max(e[2] for e in extents))
            bottom = min(t.height, max(e[3] for e in extents))
            if right <= left or bottom <= top:
                continue
            region = (left, top, right, bottom)
            fill = _fill_under(t, region)
            if fill is None:
                return None
            layers.append(_Layer(index, text, face, tuple(placed), region, fill, rtl, mirrored))
        pieces: list[_Deflated] = []
        row = 0
        for top, bottom, members in _bands(layers, t.height):
            if row < top:
                pieces.append(self._base_rows(row, top, plan))
            pieces.append(self._band(top, bottom, members, plan))
            row = bottom
        if row < t.height:
            pieces.append(self._base_rows(row, t.height, plan))
        return _png(t.width, t.height, plan.colours, pieces)

    def _base(self, plan: Palette) -> Image.Image:
        """The fills and shapes of every card, in palette indices."""
        from PIL import Image, ImageDraw

        if self.base is None:
            t = self.template
            base = Image.new("L", (t.width, t.height), plan.fills[t.background])
            draw = ImageDraw.Draw(base)
            for shape in t.shapes:
                x, y, w, h = shape.box
                draw.rectangle((x, y, x + w - 1, y + h - 1), fill=plan.fills[shape.fill])
            self.base = base
        return self.base

    def _base_rows(self, top: int, bottom: int, plan: Palette) -> _Deflated:
        """Rows no text touches, compressed once."""
        found = self.runs.get((top, bottom))
        if found is None:
            base = self._base(plan)
            found = _deflate(base.crop((0, top, base.width, bottom)))
            self.runs[(top, bottom)] = found
        return found

    def _band(self, top: int, bottom: int, members: Sequence[_Layer], plan: Palette) -> _Deflated:
        """Rows ``top`` to ``bottom`` with the texts that touch them, compressed; from
        the painter's recent bands when the same words were drawn there before."""
        from PIL import Image

        key = (top, bottom, tuple((m.index, m.text, m.mirrored) for m in members))
        found = self.bands.pop(key, None)
        if found is None:
            base = self._base(plan)
            band = base.crop((0, top, base.width, bottom))
            for layer in members:
                left, up, right, down = layer.region
                coverage = Image.new("L", (right - left, down - up), 0)
                for at_x, at_y, line in layer.placed:
                    layer.face.draw(coverage, at_x - left, at_y - up, line, 255, layer.rtl)
                ink = self.template.texts[layer.index].color
                # As Image.point and Image.paste do, less their Python: a table of
                # ints needs no rounding, and the images are this module's own.
                shades = coverage.im.point(plan.ramp(layer.fill, ink), None)
                inked = coverage.im.point(_INKED, None)
                band.im.paste(shades, (left, up - top, right, down - top), inked)
            found = _deflate(band)
            if len(self.bands) >= _KEPT_BANDS:
                del self.bands[next(iter(self.bands))]
        self.bands[key] = found  # last: the most recently used
        return found

    def _rgb(self, words: CardWords) -> Image.Image:
        """The card drawn in colour, then given a palette: for a photograph behind
        the words, or text over a shape's edge."""
        from PIL import Image, ImageDraw

        t = self.template
        card = Image.new("RGB", (t.width, t.height), t.background)
        if t.background_image is not None:
            card.paste(self._background(), (0, 0))
        draw = ImageDraw.Draw(card)
        for shape in t.shapes:
            x, y, w, h = shape.box
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=shape.fill)
        mirrored = _is_rtl(words.title)
        for box in t.texts:
            text = self._text(box, words)
            if text:
                face, placed, rtl = self._layout(box, text, mirrored)
                for at_x, at_y, line in placed:
                    face.draw(card, at_x, at_y, line, box.color, rtl)
        return card.quantize(256, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)

    def _plan(self) -> Palette | None:
        """The palette of the indexed drawing, or None when it cannot be used."""
        if self.palette is None:
            self.palette = _palette_for(self.template) or False
        return self.palette if isinstance(self.palette, Palette) else None

    def _background(self) -> Image.Image:
        from PIL import Image, ImageOps

        if self.background is None:
            t = self.template
            assert t.background_image is not None
            with Image.open(t.background_image) as image:
                self.background = ImageOps.fit(image.convert("RGB"), (t.width, t.height))
        return self.background

    def _layout(
        self, box: TextBox, text: str, mirrored: bool = False
    ) -> tuple[Face, list[tuple[float, float, str]], bool]:
        """Wrap ``text`` into ``box``: smaller until it fits, then cut with an ellipsis.
        Returns the face used, each line with where it starts, and whether the text
        is right to left (its first letter is Arabic or Hebrew: its lines are then
        laid out from the right).

        ``mirrored``: the card's title is right to left, so the card is read from
        the right: every box stands where the template has it seen in a mirror,
        and its alignment is mirrored too (a title set flush left stands flush
        right, the site's name goes to the right and the date to the left)."""
        x, y, width, height = box.box
        rtl = _is_rtl(text)
        align = box.align
        if mirrored:
            x = self.template.width - x - width
            align = _MIRRORED.get(align, align)
        size = box.size
        while True:
            face = self.face(box.font, size)
            lines = wrap(text, face, width, rtl)
            step = size * box.line_height
            if (len(lines) - 1) * step + size <= height or size <= box.min_size:
                break
            size = max(box.min_size, size - max(1, size // 16))
        room = max(1, int((height - size) // step) + 1)
        if len(lines) > room:
            lines = lines[:room]
            lines[-1] = _ellipsize(lines[-1], face, width, rtl)
        used = (len(lines) - 1) * step + size
        top = {"top": y, "middle": y + (height - used) / 2, "bottom": y + height - used}
        placed = []
        for index, line in enumerate(lines):
            left: float = x
            if align != "left":
                spare = width - face.length(line, rtl)
                left = x + (spare if align == "right" else spare / 2)
            placed.append((left, top[box.valign] + index * step, line))
        return face, placed, rtl


_MIRRORED = {"left": "right", "right": "left"}


_INKED = [0] + [255] * 255
"""Coverage → paste mask: every pixel a glyph touched."""


@dataclass(frozen=True, slots=True)
class _Layer:
    """One text box of one card, laid out: where it inks and over which fill."""

    index: int
    """The box's place in ``CardTemplate.texts``."""
    text: str
    face: Face
    placed: tuple[tuple[float, float, str], ...]
    region: tuple[int, int, int, int]
    """Left, top, right, bottom (exclusive) of its ink, within the card."""
    fill: str
    rtl: bool
    """Its words are a right-to-left paragraph."""
    mirrored: bool
    """The card is laid out mirrored (``CardPainter._layout``)."""


def _bands(layers: Sequence[_Layer], height: int) -> list[tuple[int, int, list[_Layer]]]:
    """The rows the layers touch, widened to multiples of ``_BAND`` and merged where
    they meet: (top, bottom, the layers in it, in drawing order), top to bottom."""
    spans = sorted(
        (
            (
                layer.region[1] // _BAND * _BAND,
                min(height, -(-layer.region[3] // _BAND) * _BAND),
                layer,
            )
            for layer in layers
        ),
        key=lambda span: (span[0], span[1], span[2].index),  # two boxes may share rows
    )
    bands: list[tuple[int, int, list[_Layer]]] = []
    for top, bottom, layer in spans:
        if bands and top < bands[-1][1]:
            last = bands[-1]
            bands[-1] = (last[0], max(last[1], bottom), [*last[2], layer])
        else:
            bands.append((top, bottom, [layer]))
    return [(top, bottom, sorted(members, key=lambda m: m.index)) for top, bottom, members in bands]


@dataclass(frozen=True, slots=True)
class _Deflated:
    """Rows of a PNG's pixels (each led by its filter byte, 0: none) as a piece of a
    deflate stream that ends on a byte and refers to nothing before it, so pieces
    made apart join into one stream."""

    data: bytes
    adler: int
    """The Adler-32 checksum of the rows, which the zlib stream ends with."""
    length: int
    """How many bytes the rows are."""


def _deflate(rows: Image.Image) -> _Deflated:
    from PIL import Image

    width, height = rows.size
    lined = Image.new("L", (width + 1, height), 0)  # column 0: each row's filter byte
    lined.paste(rows, (1, 0))
    raw = lined.tobytes()
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15, 9, _STRATEGY)
    data = compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return _Deflated(data, zlib.adler32(raw), len(raw))


_ADLER_BASE = 65521


def _adler_joined(first: int, second: int, length: int) -> int:
    """The Adler-32 of two byte strings end to end, from each one's and the second's
    length (zlib's ``adler32_combine``, which Python's zlib does not offer)."""
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _ADLER_BASE
    high = ((first >> 16) + (second >> 16) + length * ((first & 0xFFFF) - 1)) % _ADLER_BASE
    return high << 16 | low


def _png(width: int, height: int, colours: Sequence[int], pieces: Sequence[_Deflated]) -> bytes:
    """An 8-bit palette PNG from its palette and its rows, compressed in pieces."""
    adler = 1  # of nothing
    for piece in pieces:
        adler = _adler_joined(adler, piece.adler, piece.length)
    # A zlib header (deflate, 32K window, "fastest" level), the pieces, an empty
    # final block, the checksum.
    stream = b"".join([b"\x78\x01", *(p.data for p in pieces), b"\x03\x00", adler.to_bytes(4)])
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"PLTE", bytes(colours)),
            _chunk(b"IDAT", stream),
            _chunk(b"IEND", b""),
        ]
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return b"".join([len(data).to_bytes(4), kind, data, zlib.crc32(kind + data).to_bytes(4)])


@dataclass(frozen=True, slots=True)
class Palette:
    """The card's colours: each fill, then each (fill, ink) ramp of shades."""

    colours: tuple[int, ...]
    """Flat RGB triples, as ``putpalette`` takes them."""
    fills: Mapping[str, int]
    """Fill colour → its index."""
    ramps: Mapping[tuple[str, str], int]
    """(fill, ink) → the index of its first shade (the faintest)."""

    lookups: dict[tuple[str, str], list[int]] = field(default_factory=dict, compare=False)
    """Each ramp's table, made on first use."""

    def ramp(self, fill: str, ink: str) -> list[int]:
        """Coverage 0-255 → palette index: 0 untouched, else the nearest shade."""
        table = self.lookups.get((fill, ink))
        if table is None:
            first, steps = self.ramps[(fill, ink)], _STEPS - 1
            table = [0] + [first + max(1, round(c * steps / 255)) - 1 for c in range(1, 256)]
            self.lookups[(fill, ink)] = table
        return table


def _palette_for(template: CardTemplate) -> Palette | None:
    """Every fill and every ink's shades over every fill; None when a background
    image brings colours of its own, or there are more than 256."""
    from PIL import ImageColor

    if template.background_image is not None:
        return None
    fills = list(dict.fromkeys([template.background, *(s.fill for s in template.shapes)]))
    inks = list(dict.fromkeys(box.color for box in template.texts))
    if len(fills) * (1 + len(inks) * (_STEPS - 1)) > 256:
        return None
    colours = [ImageColor.getrgb(c)[:3] for c in fills]
    ramps = {}
    for fill in fills:
        for ink in inks:
            ramps[(fill, ink)] = len(colours)
            below, above = ImageColor.getrgb(fill)[:3], ImageColor.getrgb(ink)[:3]
            colours.extend(_blend(below, above, k / (_STEPS - 1)) for k in range(1, _STEPS))
    flat = tuple(v for colour in colours for v in colour)
    return Palette(flat, {f: i for i, f in enumerate(fills)}, ramps)


def _fill_under(template: CardTemplate, region: tuple[int, int, int, int]) -> str | None:
    """The one colour under ``region`` (left, top, right, bottom), or None when the
    edge of a shape crosses it."""
    left, top, right, bottom = region
    fill = template.background
    for shape in template.shapes:
        x, y, w, h = shape.box
        if x <= left and y <= top and x + w >= right and y + h >= bottom:
            fill = shape.fill
        elif x < right and y < bottom and x + w > left and y + h > top:
            return None
    return fill


def _blend(under: tuple[int, ...], over: tuple[int, ...], k: float) -> tuple[int, int, int]:
    r, g, b = (round(u + (o - u) * k) for u, o in zip(under, over, strict=True))
    return r, g, b


def text_of(box: TextBox, words: CardWords) -> str:
    """What a box says for one article: placeholders filled, spaces collapsed."""
    text = " ".join(words.fill(box.text).split())
    return _capitals(text) if box.uppercase else text


_GREEK_CAPITAL_MARKS = re.compile("(?<=[\u0391-\u03a9])[\u0300-\u036f]+")
_GREEK_ACCENTS = dict.fromkeys(map(ord, "\u0300\u0301\u0313\u0314\u0342\u0345"))


def _capitals(text: str) -> str:
    """``text`` in capitals, as each script writes them: Greek in capitals drops
    its accents and breathings (an economy section is not set with a tonos over
    its iota), keeping the diaeresis."""
    upper = text.upper()
    if upper.isascii() or not any("\u0370" <= c <= "\u03ff" for c in upper):
        return upper
    decomposed = unicodedata.normalize("NFD", upper)
    bare = _GREEK_CAPITAL_MARKS.sub(lambda m: m[0].translate(_GREEK_ACCENTS), decomposed)
    return unicodedata.normalize("NFC", bare)


def _leaves_ink(char: str) -> bool:
    """Spaces and format characters draw nothing, glyph or not."""
    return unicodedata.category(char)[0] not in "ZC"


def can_shape() -> bool:
    """Whether this Pillow has Raqm (libraqm, with FriBiDi and HarfBuzz), which
    joins Arabic letters and sets right-to-left lines: without it they would come
    out apart and backwards, so such cards are not drawn (``unshown``)."""
    from PIL import features

    return bool(features.check("raqm"))


_SHAPED_BLOCKS = ((0x0900, 0x0DFF), (0x1000, 0x109F), (0x1780, 0x17FF))
"""Scripts whose letters change with their neighbours though written left to right
(Devanagari to Sinhala, Myanmar, Khmer): no theme font has them, a site's may."""


def _all_plain(seen: set[str], text: str) -> bool:
    """Whether no character of ``text`` needs shaping; those that need none join
    ``seen``, so a text of characters met before costs one set test."""
    if seen.issuperset(text):
        return True
    plain = True
    for char in text:
        if _needs_shaping(char):
            plain = False
        else:
            seen.add(char)
    return plain


def _needs_shaping(char: str) -> bool:
    """Whether a line with ``char`` must be laid out by Raqm: a letter or digit of a
    right-to-left script (Arabic letters also join) or of ``_SHAPED_BLOCKS``."""
    if unicodedata.bidirectional(char) in ("R", "AL", "AN"):
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _SHAPED_BLOCKS)


def _is_strong(char: str) -> bool:
    """A letter with a direction of its own (not a space, a digit, punctuation)."""
    return unicodedata.bidirectional(char) in ("L", "R", "AL")


def _is_rtl(text: str) -> bool:
    """Whether ``text`` is a right-to-left paragraph: its first letter with a
    direction is Arabic or Hebrew (the Unicode bidirectional algorithm's rule)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


_DROPPED = ("So", "Sk")
"""Characters a card is drawn without when no font has them (emoji, pictographs,
their skin tones): a title loses an ornament, not its card."""
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
"""What joins an emoji to the next or picks its style: left out with the emoji."""

_CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)
"""Chinese and Japanese characters (and their punctuation), between which a line
may break without a space."""
_NO_LINE_START = frozenset(
    "\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f\u3011\u3015\u3009"
    "\u300b\u3019\u3017\u30fb\u30fc\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087"
    "\u308e\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u3005"
)
"""Characters a CJK line does not start with (closing punctuation, small kana):
they stay with the character before them."""


def _pieces(word: str) -> list[str]:
    """A word cut where a line may break inside it: between Chinese or Japanese
    characters (which are written without spaces), never before closing
    punctuation. A Latin word is one piece."""
    if word.isascii() or not _CJK.search(word):
        return [word]
    pieces: list[str] = []
    for char in word:
        if pieces and (
            char in _NO_LINE_START or not (_CJK.match(char) or _CJK.match(pieces[-1][-1]))
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap(text: str, face: Face, width: int, rtl: bool = False) -> list[str]:
    """Words into lines no wider than ``width``; a word wider than a line is broken.
    Chinese and Japanese break between characters (``_pieces``)."""
    if not face.is_plain(text):
        return _wrap_shaped(text, face, width, rtl)
    lines: list[str] = []
    line, measured = "", (0.0, "")
    for word in text.split(" "):
        for index, piece in enumerate(_pieces(word)):
            gap = "" if index else " "
            # The line so far is measured once, not again with every word added.
            if line:
                total, last = face.extend(*measured, f"{gap}{piece}")
            else:
                total, last = face.extend(0.0, "", piece)
            if total <= width:
                line, measured = (f"{line}{gap}{piece}" if line else piece), (total, last)
                continue
            if line:
                lines.append(line)
            lines.extend(_broken(piece, face, width, rtl))
            line = lines.pop()
            measured = face.extend(0.0, "", line)
    if line:
        lines.append(line)
    return lines


def _broken(word: str, face: Face, width: int, rtl: bool) -> list[str]:
    """A word wider than a line, cut into lines that fit (the last may be short)."""
    lines = []
    while len(word) > 1 and face.length(word, rtl) > width:
        cut = len(word) - 1
        while cut > 1 and face.length(word[:cut], rtl) > width:
            cut -= 1
        lines.append(word[:cut])
        word = word[cut:]
    return [*lines, word]


def _wrap_shaped(text: str, face: Face, width: int, rtl: bool) -> list[str]:
    """``wrap`` for a text laid out by Raqm: each line measured whole, since a
    letter's width depends on its neighbours."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if face.length(candidate, rtl) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        lines.extend(_broken(word, face, width, rtl))
        line = lines.pop()
    if line:
        lines.append(line)
    return lines


def _ellipsize(line: str, face: Face, width: int, rtl: bool = False) -> str:
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(",.;:\u2013\u2014-\u060c\u061b") + ELLIPSIS
        if face.length(candidate, rtl) <= width:
            return candidate
        words.pop()
    return ELLIPSIS
