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
import struct
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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


def card_words(values: Mapping[str, str]) -> CardWords:
    return CardWords(tuple((name, values.get(name, "")) for name in PLACEHOLDERS))


class Face:
    """One font at one size, with every glyph, advance and kerning pair it measured."""

    def __init__(self, font: ImageFont.FreeTypeFont) -> None:
        self.font = font
        self.glyphs: dict[str, tuple[Image.Image | None, tuple[int, int]]] = {}
        self.advances: dict[str, float] = {}
        self.pairs: dict[tuple[str, str], float] = {}

    def advance(self, char: str) -> float:
        found = self.advances.get(char)
        if found is None:
            found = self.advances[char] = self.font.getlength(char)
        return found

    def kerning(self, left: str, right: str) -> float:
        found = self.pairs.get((left, right))
        if found is None:
            pair = self.font.getlength(left + right)
            found = self.pairs[(left, right)] = pair - self.advance(left) - self.advance(right)
        return found

    def length(self, text: str) -> float:
        return self.extend(0.0, "", text)[0]

    def extend(self, total: float, previous: str, text: str) -> tuple[float, str]:
        """The length of a line that measured ``total`` and ended in ``previous``, with
        ``text`` after it, and its last character: the sums ``length`` of the whole
        line makes, in the same order, so the same to the last bit."""
        for char in text:
            total += self.advance(char) + (self.kerning(previous, char) if previous else 0.0)
            previous = char
        return total, previous

    def draw(self, card: Image.Image, x: float, y: float, text: str, ink: str | int) -> None:
        """Set ``text`` with its top at ``y`` (the font's ascender) from ``x``.

        ``card`` is an image this module made (never a read-only view of a file):
        glyphs go straight to its pixels, as ``Image.paste`` would put them after
        checks that cost more than the pasting, a few dozen times a card."""
        from PIL import ImageColor

        colour = ImageColor.getcolor(ink, card.mode) if isinstance(ink, str) else ink
        pixels = card.im
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

    def extent(self, x: float, y: float, text: str) -> tuple[int, int, int, int]:
        """The pixels ``draw`` would touch: left, top, right, bottom (exclusive)."""
        left = top = 1 << 30
        right = bottom = -(1 << 30)
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

        bitmap, offset = self.font.getmask2(char, "L")
        width, height = bitmap.size
        mask = Image.frombytes("L", (width, height), bytes(bitmap)) if width and height else None
        return mask, offset

    def has_glyph(self, char: str) -> bool:
        blank, mask = self.font.getmask(_NO_GLYPH), self.font.getmask(char)
        return not (mask.size == blank.size and bytes(mask) == bytes(blank))


class CardPainter:
    """Draws the cards of one template; what it measured, it keeps."""

    def __init__(self, template: CardTemplate) -> None:
        self.template = template
        self.faces: dict[tuple[str, int], Face] = {}
        self.glyphs: dict[tuple[str, str], bool] = {}
        self.shown: dict[str, set[str]] = {}
        """By font: the characters found to draw (or to need no ink), for ``unshown``."""
        self.background: Image.Image | None = None
        self.palette: Palette | bool | None = None
        self.base: Image.Image | None = None
        self.runs: dict[tuple[int, int], _Deflated] = {}
        self.bands: dict[tuple[int, int, tuple[tuple[int, str], ...]], _Deflated] = {}

    def face(self, name: str, size: int) -> Face:
        from PIL import ImageFont

        found = self.faces.get((name, size))
        if found is None:
            font = ImageFont.truetype(
                str(self.template.fonts[name]), size, layout_engine=ImageFont.Layout.BASIC
            )
            found = self.faces[(name, size)] = Face(font)
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
        """The characters of the card's text no font of its box can draw, in order.

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
                if _leaves_ink(char) and not self._has_glyph(box.font, char):
                    absent[char] = None
                else:
                    shown.add(char)
        return "".join(absent)

    def _has_glyph(self, name: str, char: str) -> bool:
        known = self.glyphs.get((name, char))
        if known is None:
            known = self.glyphs[(name, char)] = self.face(name, 32).has_glyph(char)
        return known

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
        for index, box in enumerate(t.texts):
            text = text_of(box, words)
            if not text:
                continue
            face, placed = self._layout(box, text)
            extents = [face.extent(x, y, line) for x, y, line in placed]
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
            layers.append(_Layer(index, text, face, tuple(placed), region, fill))
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

        key = (top, bottom, tuple((m.index, m.text) for m in members))
        found = self.bands.pop(key, None)
        if found is None:
            base = self._base(plan)
            band = base.crop((0, top, base.width, bottom))
            for layer in members:
                left, up, right, down = layer.region
                coverage = Image.new("L", (right - left, down - up), 0)
                for at_x, at_y, line in layer.placed:
                    layer.face.draw(coverage, at_x - left, at_y - up, line, 255)
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
        for box in t.texts:
            text = text_of(box, words)
            if text:
                face, placed = self._layout(box, text)
                for at_x, at_y, line in placed:
                    face.draw(card, at_x, at_y, line, box.color)
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

    def _layout(self, box: TextBox, text: str) -> tuple[Face, list[tuple[float, float, str]]]:
        """Wrap ``text`` into ``box``: smaller until it fits, then cut with an ellipsis.
        Returns the face used and each line with where it starts."""
        x, y, width, height = box.box
        size = box.size
        while True:
            face = self.face(box.font, size)
            lines = wrap(text, face, width)
            step = size * box.line_height
            if (len(lines) - 1) * step + size <= height or size <= box.min_size:
                break
            size = max(box.min_size, size - max(1, size // 16))
        room = max(1, int((height - size) // step) + 1)
        if len(lines) > room:
            lines = lines[:room]
            lines[-1] = _ellipsize(lines[-1], face, width)
        used = (len(lines) - 1) * step + size
        top = {"top": y, "middle": y + (height - used) / 2, "bottom": y + height - used}
        placed = []
        for index, line in enumerate(lines):
            left: float = x
            if box.align != "left":
                spare = width - face.length(line)
                left = x + (spare if box.align == "right" else spare / 2)
            placed.append((left, top[box.valign] + index * step, line))
        return face, placed


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
    return text.upper() if box.uppercase else text


def _leaves_ink(char: str) -> bool:
    """Spaces and format characters draw nothing, glyph or not."""
    return unicodedata.category(char)[0] not in "ZC"


def wrap(text: str, face: Face, width: int) -> list[str]:
    """Words into lines no wider than ``width``; a word wider than a line is broken."""
    lines: list[str] = []
    line, measured = "", (0.0, "")
    for word in text.split(" "):
        # The line so far is measured once, not again with every word added.
        total, last = face.extend(*measured, f" {word}") if line else face.extend(0.0, "", word)
        if total <= width:
            line, measured = (f"{line} {word}" if line else word), (total, last)
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and face.length(word) > width:
            cut = len(word) - 1
            while cut > 1 and face.length(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line, measured = word, face.extend(0.0, "", word)
    if line:
        lines.append(line)
    return lines


def _ellipsize(line: str, face: Face, width: int) -> str:
    words = line.split(" ")
    while words:
        candidate = " ".join(words).rstrip(",.;:\u2013\u2014-") + ELLIPSIS
        if face.length(candidate) <= width:
            return candidate
        words.pop()
    return ELLIPSIS
