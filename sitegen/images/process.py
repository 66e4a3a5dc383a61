"""One image file → its variants: sizes from a fixed set, AVIF and WebP beside the
original's format, location data taken out. The Pillow work, run in workers.

Pillow is imported here, inside the functions, and only the image stage calls
them: a site without local raster images never loads it.

A variant carries no metadata but the colour profile: orientation is applied
to the pixels first, so a phone photo taken sideways stands up without its
EXIF. The original file, which the build also publishes, keeps its bytes
unless it carries a location: then a JPEG loses its GPS block and XMP packets
losslessly, and another format is saved again without them.
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import os
import shutil
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (480, 800, 1200, 1600)
"""Variant widths; an image narrower than one also gets its own width, never more."""
RECIPE = "1"
"""Changes whenever the variants of the same file would differ: part of every key."""

log = logging.getLogger(__name__)

GPS_IFD = 0x8825
_SUFFIX = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
_FALLBACK = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
"""The format an ``<img>`` keeps, by Pillow's name of the original's; others become
PNG (with transparency) or JPEG."""


@dataclass(frozen=True, slots=True)
class Made:
    """What processing one file gave; ``meta.json`` of its cache entry."""

    width: int
    height: int
    variants: tuple[tuple[int, int, str], ...]
    """(width, height, format) in ``<picture>`` order; format is a key of MIME."""
    fallback: str
    original: str
    """File name in the entry of the original without its location, or ``""``
    when the original is published as it is."""
    files: tuple[tuple[str, int], ...] = ()
    """Every file of the entry with its size: a damaged entry is made again."""
    data: tuple[tuple[str, bytes], ...] = ()
    """The files themselves, when the cache could not hold them (else empty)."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "width": self.width,
                "height": self.height,
                "variants": [list(v) for v in self.variants],
                "fallback": self.fallback,
                "original": self.original,
                "files": [list(f) for f in self.files],
            }
        )

    def is_whole(self, entry: Path) -> bool:
        """Whether every file of the entry is there with the size it was written with."""
        try:
            return all((entry / name).stat().st_size == size for name, size in self.files)
        except OSError:
            return False

    @classmethod
    def from_json(cls, text: str) -> Made:
        data = json.loads(text)
        variants = tuple((int(w), int(h), str(f)) for w, h, f in data["variants"])
        if any(f not in MIME for _, _, f in variants):
            raise ValueError("unknown format")
        files = tuple((str(name), int(size)) for name, size in data["files"])
        return cls(
            int(data["width"]),
            int(data["height"]),
            variants,
            str(data["fallback"]),
            str(data["original"]),
            files,
        )


def variant_name(width: int, fmt: str) -> str:
    """The file of one variant inside a cache entry."""
    return f"{width}.{_SUFFIX[fmt]}"


def suffix_of(fmt: str) -> str:
    return _SUFFIX[fmt]


def process_file(source: Path, entry: Path) -> Made | str:
    """Make every variant of ``source`` and store them in the folder ``entry`` (whole
    or not at all); returns what was made, or why the file cannot be read.

    Reading and encoding happen in memory, so a file that cannot be read and a
    cache that cannot be written are never confused: when ``entry`` cannot be
    written, the variants come back in ``Made.data`` and the build publishes
    them from there (a cache that fails costs only speed).
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings(), Image.open(source) as image:
            # Above Pillow's pixel limit a warning, twice above it an error (below).
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
            made, files = _process(image, source)
    except Image.DecompressionBombError:
        return "has too many pixels to process (over Pillow's limit against decompression bombs)"
    except UnidentifiedImageError:
        return "cannot be read as an image (not JPEG, PNG, WebP, AVIF, GIF, TIFF or BMP)"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        reason = str(error).replace(str(source), source.name) or type(error).__name__
        return f"cannot be read as an image ({reason}); save it again from an image editor"
    made = dataclasses.replace(made, files=tuple(sorted((n, len(d)) for n, d in files.items())))
    try:
        _store(entry, made, files)
    except OSError as error:
        log.warning(
            "could not store an image in the cache (%s); it is published all the same", error
        )
        return dataclasses.replace(made, data=tuple(sorted(files.items())))
    return made


def _store(entry: Path, made: Made, files: Mapping[str, bytes]) -> None:
    """The entry written beside its place, then renamed into it."""
    partial = entry.with_name(f"{entry.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
        for name, data in files.items():
            (partial / name).write_bytes(data)
        (partial / "meta.json").write_text(made.to_json(), encoding="utf-8")
        shutil.rmtree(entry, ignore_errors=True)
        partial.rename(entry)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def _process(image: Image.Image, source: Path) -> tuple[Made, dict[str, bytes]]:
    """The variants of one opened image, encoded in memory, by file name."""
    from PIL import ImageOps

    files: dict[str, bytes] = {}
    original = _without_location(image, source, files)
    if getattr(image, "n_frames", 1) > 1:  # an animation is shown as it is
        return Made(image.width, image.height, (), "", original), files
    icc = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    if upright.mode.startswith(("I", "F")):  # 16-bit grey: scaled, not clipped, to 8 bits
        upright = upright.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    pixels = upright.convert("RGBA" if alpha else "RGB")
    fallback = _FALLBACK.get(image.format or "", "png" if alpha else "jpeg")
    formats = list(dict.fromkeys(("avif", "webp", fallback)))
    widths = sorted({w for w in WIDTHS if w < pixels.width} | {min(pixels.width, WIDTHS[-1])})
    graphic = image.format in ("PNG", "GIF", "BMP")
    sized: list[tuple[int, int, Image.Image]] = []
    for width in widths:
        height = max(1, round(pixels.height * width / pixels.width))
        resized = (
            pixels
            if width == pixels.width
            else pixels.resize((width, height), _lanczos(), reducing_gap=3.0)
        )
        sized.append((width, height, resized))
    variants = []
    for fmt in formats:
        for width, height, resized in sized:
            files[variant_name(width, fmt)] = _encode(resized, fmt, graphic, icc)
            variants.append((width, height, fmt))
    width, height, _ = sized[-1]
    return Made(width, height, tuple(variants), fallback, original), files


def _lanczos() -> Any:
    from PIL import Image

    return Image.Resampling.LANCZOS


def _encode(image: Image.Image, fmt: str, graphic: bool, icc: bytes | None) -> bytes:
    """One variant; charts and screenshots (PNG) get a higher quality than photos."""
    options: dict[str, Any] = {"icc_profile": icc} if icc else {}
    if fmt == "avif":
        options.update(quality=72 if graphic else 55, speed=8)
    elif fmt == "webp":
        options.update(quality=88 if graphic else 75, method=4)
    elif fmt == "jpeg":
        options.update(quality=80, optimize=True, progressive=True)
    else:
        options.update(optimize=False)
    out = io.BytesIO()
    image.save(out, fmt.upper(), **options)
    return out.getvalue()


def has_location(image: Image.Image) -> bool:
    """GPS coordinates in the EXIF block, or any in an XMP packet."""
    if image.getexif().get_ifd(GPS_IFD):
        return True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return b"GPS" in (xmp.encode() if isinstance(xmp, str) else xmp)


def _without_location(image: Image.Image, source: Path, files: dict[str, bytes]) -> str:
    """The original without its location, into ``files``; its name, or ``""`` when
    the original has none and is published as it is."""
    if not has_location(image):
        return ""
    name = "original" + source.suffix.lower()
    if image.format in ("JPEG", "MPO"):
        files[name] = strip_jpeg_location(source.read_bytes())
        return name
    exif = image.getexif()
    exif.pop(GPS_IFD, None)
    options: dict[str, Any] = {"exif": exif.tobytes()}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if image.format in ("WEBP", "AVIF"):
        options.update(quality=95)
    out = io.BytesIO()
    image.save(out, image.format, **options)
    files[name] = out.getvalue()
    return name


def strip_jpeg_location(data: bytes) -> bytes:
    """The JPEG ``data`` with the GPS block removed from its EXIF segment and its XMP
    segments dropped; the compressed image itself is copied byte for byte."""
    from PIL import Image

    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG file")
    out = io.BytesIO()
    out.write(data[:2])
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            break
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        segment = data[at : at + 2 + length]
        payload = segment[4:]
        at += 2 + length
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            exif = Image.Exif()
            exif.load(payload)
            exif.pop(GPS_IFD, None)
            body = exif.tobytes()
            segment = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
        elif marker == 0xE1 and payload.startswith(b"http://ns.adobe.com/"):
            continue  # XMP, main or extended: it may repeat the location
        out.write(segment)
    out.write(data[at:])
    return out.getvalue()
