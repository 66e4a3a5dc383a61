"""``<picture>`` markup for processed images: the body's ``<img>`` and the views' images.

Takes a body's HTML and the ``Picture`` each of its image references names
(``Site.pictures``); returns the HTML with each such ``<img>`` wrapped in a
``<picture>``: AVIF and WebP ``<source>`` elements, the fallback format's
``srcset``, ``sizes`` for the reading column, ``width`` and ``height`` so the
browser keeps the room before the file arrives, and lazy loading. The lead
image and cards get the same values as an ``ImageView`` for the theme's
``partials/picture.html``. Feeds keep the body as written: a feed reader shows
a plain ``<img>``, not a choice of files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sitegen.model import ImageVariant, Picture

BODY_SIZES = "(min-width: 44rem) 40rem, calc(100vw - 2rem)"
"""The reading column: the screen less its margins on a phone, about 40rem (the
theme's measure, 55 characters of its serif) on a wider screen."""

_TAG = re.compile(r"<(img|picture|/picture)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_REPLACED = frozenset(
    ("src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority")
)
"""Attributes the build sets on a processed image; the author's others are kept."""

Href = Callable[[str], str]
"""Output path → link (``urls.href``)."""


@dataclass(frozen=True, slots=True)
class SourceView:
    """One ``<source>`` of a ``<picture>``."""

    type: str
    srcset: str


@dataclass(frozen=True, slots=True)
class PictureValues:
    """What ``<img>`` and its ``<source>`` elements say for one processed image."""

    src: str
    srcset: str
    sources: tuple[SourceView, ...]
    width: int
    height: int


def picture_values(picture: Picture, href: Href, fallback_src: str) -> PictureValues:
    """The fallback's largest variant as ``src`` (``fallback_src`` for an image
    shown as it is), every format's variants as a ``srcset``."""
    by_type: dict[str, list[ImageVariant]] = {}
    for variant in picture.variants:
        by_type.setdefault(variant.mime, []).append(variant)

    def srcset(variants: Sequence[ImageVariant]) -> str:
        return ", ".join(f"{href('/' + v.path)} {v.width}w" for v in variants)

    own = by_type.pop(picture.fallback, [])
    sources = tuple(SourceView(mime, srcset(found)) for mime, found in by_type.items())
    src = href("/" + own[-1].path) if own else fallback_src
    return PictureValues(src, srcset(own), sources, picture.width, picture.height)


def rewrite_images(body: str, find: Callable[[str], Picture | None], href: Href) -> str:
    """``body`` with every ``<img>`` whose ``src`` names a processed image (``find``)
    made responsive; an ``<img>`` already inside a ``<picture>`` is left alone."""
    parts: list[str] = []
    depth = last = 0
    for match in _TAG.finditer(body):
        name = match.group(1).lower()
        if name != "img":
            depth = depth + 1 if name == "picture" else max(0, depth - 1)
            continue
        if depth:
            continue
        attributes = _attributes(match.group(2))
        src = next((html.unescape(v) for k, v in attributes if k == "src" and v), "")
        picture = find(src) if src else None
        if picture is None:
            continue
        parts.append(body[last : match.start()])
        parts.append(_markup(attributes, picture, href, src))
        last = match.end()
    parts.append(body[last:])
    return "".join(parts)


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """(lower-case name, value as written with ``"`` escaped, or None) in order."""
    found: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        quoted = next((v for v in match.group(2, 3, 4) if v is not None), None)
        value = quoted.replace('"', "&quot;") if quoted is not None else None
        found.append((match.group(1).lower(), value))
    return found


def _markup(
    attributes: list[tuple[str, str | None]], picture: Picture, href: Href, src: str
) -> str:
    values = picture_values(picture, href, src)
    width, height, sizes = values.width, values.height, BODY_SIZES
    asked = next((v for k, v in attributes if k == "width" and v and v.isdigit()), None)
    if asked is not None and 0 < int(asked) < width:  # the author's display width
        width, height = int(asked), max(1, round(values.height * int(asked) / values.width))
        sizes = f"(min-width: {width}px) {width}px, 100vw"
    kept = "".join(
        f' {k}="{v}"' if v is not None else f" {k}" for k, v in attributes if k not in _REPLACED
    )
    img = (
        f'<img src="{_escape(values.src)}"'
        + (f' srcset="{_escape(values.srcset)}" sizes="{sizes}"' if values.srcset else "")
        + f'{kept} width="{width}" height="{height}" loading="lazy" decoding="async">'
    )
    if not values.sources:
        return img
    sources = "".join(
        f'<source type="{s.type}" srcset="{_escape(s.srcset)}" sizes="{sizes}">'
        for s in values.sources
    )
    return f"<picture>{sources}{img}</picture>"


def _escape(value: str) -> str:
    return html.escape(value, quote=True)
