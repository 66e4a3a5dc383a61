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
mapped to a palette made from the template's colours, which Pillow does in a
millisecond where a general quantizer takes eight, and saved as a palette PNG.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.images.template import PLACEHOLDERS, CardTemplate, TextBox

if TYPE_CHECKING:
    from PIL import Image, ImageFont

ELLIPSIS = "…"
_NO_GLYPH = "\U0010fffd"
"""A private-use code point no font draws: what a missing glyph looks like."""
_STEPS = 16
"""Shades of each ink over each fill in the palette: antialiasing, still smooth."""


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
        total, previous = 0.0, ""
        for char in text:
            total += self.advance(char) + (self.kerning(previous, char) if previous else 0.0)
            previous = char
        return total

    def draw(self, card: Image.Image, x: float, y: float, text: str, ink: str) -> None:
        """Set ``text`` with its top at ``y`` (the font's ascender) from ``x``."""
        previous = ""
        for char in text:
            if previous:
                x += self.kerning(previous, char)
            mask, (dx, dy) = self.glyph(char)
            if mask is not None:
                left, top = round(x) + dx, round(y) + dy
                card.paste(ink, (left, top, left + mask.width, top + mask.height), mask)
            x += self.advance(char)
            previous = char

    def glyph(self, char: str) -> tuple[Image.Image | None, tuple[int, int]]:
        from PIL import Image

        found = self.glyphs.get(char)
        if found is None:
            bitmap, offset = self.font.getmask2(char, "L")
            width, height = bitmap.size
            mask = (
                Image.frombytes("L", (width, height), bytes(bitmap)) if width and height else None
            )
            found = self.glyphs[char] = (mask, offset)
        return found

    def has_glyph(self, char: str) -> bool:
        blank, mask = self.font.getmask(_NO_GLYPH), self.font.getmask(char)
        return not (mask.size == blank.size and bytes(mask) == bytes(blank))


class CardPainter:
    """Draws the cards of one template; what it measured, it keeps."""

    def __init__(self, template: CardTemplate) -> None:
        self.template = template
        self.faces: dict[tuple[str, int], Face] = {}
        self.glyphs: dict[tuple[str, str], bool] = {}
        self.background: Image.Image | None = None
        self.palette: Image.Image | None = None

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
        """The characters of the card's text no font of its box can draw, in order."""
        absent: dict[str, None] = {}
        for box in self.template.texts:
            for char in text_of(box, words):
                if _leaves_ink(char) and not self._has_glyph(box.font, char):
                    absent[char] = None
        return "".join(absent)

    def _has_glyph(self, name: str, char: str) -> bool:
        known = self.glyphs.get((name, char))
        if known is None:
            known = self.glyphs[(name, char)] = self.face(name, 32).has_glyph(char)
        return known

    def paint(self, words: CardWords, path: Path) -> None:
        """Draw the card and write it to ``path`` as a PNG."""
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
                self._set(card, box, text)
        self._save(card, path)

    def _save(self, card: Image.Image, path: Path) -> None:
        from PIL import Image

        palette = self._palette()
        if palette is not None:
            card = card.quantize(palette=palette, dither=Image.Dither.NONE)
        else:  # a photograph behind the words: a general quantizer's 256 colours
            card = card.quantize(256, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        card.save(path, "PNG", compress_level=3)

    def _palette(self) -> Image.Image | None:
        """Each fill, and every ink blended over every fill in ``_STEPS`` shades;
        None when a background image brings colours of its own."""
        from PIL import Image, ImageColor

        t = self.template
        if self.palette is None and t.background_image is None:
            fills = list(dict.fromkeys([t.background, *(s.fill for s in t.shapes)]))
            inks = list(dict.fromkeys(box.color for box in t.texts))
            colours = [ImageColor.getrgb(c)[:3] for c in fills]
            for fill in fills:
                under = ImageColor.getrgb(fill)[:3]
                for ink in inks:
                    over = ImageColor.getrgb(ink)[:3]
                    colours.extend(_blend(under, over, k / (_STEPS - 1)) for k in range(1, _STEPS))
            colours = list(dict.fromkeys(colours))
            if len(colours) <= 256:
                palette = Image.new("P", (1, 1))
                palette.putpalette([v for c in colours for v in c])
                self.palette = palette
        return self.palette

    def _background(self) -> Image.Image:
        from PIL import Image, ImageOps

        if self.background is None:
            t = self.template
            assert t.background_image is not None
            with Image.open(t.background_image) as image:
                self.background = ImageOps.fit(image.convert("RGB"), (t.width, t.height))
        return self.background

    def _set(self, card: Image.Image, box: TextBox, text: str) -> None:
        """Wrap ``text`` into ``box``: smaller until it fits, then cut with an ellipsis."""
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
        for index, line in enumerate(lines):
            left: float = x
            if box.align != "left":
                spare = width - face.length(line)
                left = x + (spare if box.align == "right" else spare / 2)
            face.draw(card, left, top[box.valign] + index * step, line, box.color)


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
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if face.length(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and face.length(word) > width:
            cut = len(word) - 1
            while cut > 1 and face.length(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
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
