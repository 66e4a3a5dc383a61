"""Images made at test time, and readers of what the build wrote about them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lxml import html
from PIL import Image, ImageDraw

GPS_IFD = 0x8825


def photo(width: int, height: int, fmt: str = "JPEG", **save: Any) -> bytes:
    """A small picture with detail in it (encoders behave as on a real photo)."""
    image = Image.new("RGB", (width, height), (40, 60, 110))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, max(1, width // 12)):
        draw.rectangle((i, height // 3, i + width // 24, height), fill=(200, 120 + i % 100, 60))
    draw.ellipse((width // 2, 10, width // 2 + height // 3, 10 + height // 3), fill="white")
    if fmt == "PNG" and save.pop("alpha", False):
        image.putalpha(200)
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def with_location(width: int = 640, height: int = 480, orientation: int = 1) -> bytes:
    """A JPEG from a phone: maker, orientation and where it was taken."""
    exif = Image.Exif()
    exif[0x010F] = "Phone Maker"
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 1.5), 3: "E", 4: (4.0, 53.0, 0.0)}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>52,22N</exif:GPSLatitude>'
    return photo(width, height, exif=exif.tobytes(), xmp=xmp + b"</x:xmpmeta>")


def page(path: Path) -> Any:
    return html.fromstring(path.read_bytes())


def within(doc: Any, css_class: str, tag: str) -> list[Any]:
    """Every ``tag`` element inside an element of class ``css_class``."""
    return list(doc.xpath(f"//*[contains(concat(' ', @class, ' '), ' {css_class} ')]//{tag}"))


def size_of(path: Path) -> tuple[str | None, tuple[int, int]]:
    with Image.open(path) as image:
        return image.format, image.size


def output_file(out: Path, href: str) -> Path:
    """The output file a root-relative href of the site names."""
    return out / href.lstrip("/")
