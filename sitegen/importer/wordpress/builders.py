"""Page builders' shortcodes (Divi, WPBakery, Avada…): their images and buttons.

A page builder stores a post as nested shortcodes (``[et_pb_section]
[et_pb_row][et_pb_text]…``) that its plugin turns into a layout when the
page is shown. The layout cannot come along, but what readers saw in it
must: the text those shortcodes wrap is kept, and the images and buttons
they stood for become HTML here. A post built so is one note naming the
builder, not a note per shortcode.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from sitegen.importer.wordpress.shortcodes import Attachment

BUILDERS = (
    ("et_pb_", "Divi"),
    ("vc_", "WPBakery"),
    ("fusion_", "Avada"),
    ("fl_", "Beaver Builder"),
    ("cs_", "Cornerstone"),
    ("av_", "Enfold"),
    ("themify_", "Themify"),
)
"""Each builder's shortcode prefix and the name a user knows it by."""
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)

BuilderPiece = tuple[str, str]
"""The HTML a builder's image or button stands for, and a note ("" when all is well)."""


def builder_of(name: str) -> str:
    """The page builder a shortcode belongs to, or ""."""
    lower = name.lower()
    return next((builder for prefix, builder in BUILDERS if lower.startswith(prefix)), "")


def builder_piece(
    name: str, attrs: Mapping[str, str], inner: str | None, attachments: Mapping[int, Attachment]
) -> BuilderPiece | None:
    """A builder's image or button as HTML; None for a layout shortcode."""
    render = _PIECES.get(name.lower())
    return render(attrs, inner or "", attachments) if render is not None else None


_IMAGE_KEYS = ("src", "image", "image_url", "img")
"""Where builders' other modules (Divi's blurbs, slides and full-width images, a
WPBakery carousel…) name the image they show; ``background_*`` ones are decoration."""
_GALLERY_KEYS = ("gallery_ids", "images", "image_ids")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)", re.IGNORECASE)
"""A URL of an image file: a module's ``src`` may as well be a video's."""


def builder_images(
    name: str, attrs: Mapping[str, str], attachments: Mapping[int, Attachment]
) -> BuilderPiece:
    """The images any other builder shortcode shows (an image URL or attachment IDs in
    its attributes), so none is lost with the layout; a missing ID is a note."""
    pictures, missing = [], []
    alt = attrs.get("alt") or attrs.get("title", "")
    for key in _IMAGE_KEYS:
        value = attrs.get(key, "").strip()
        if value.startswith(("http://", "https://", "/")) and _IMAGE_FILE.search(value):
            pictures.append(_picture(value, alt))
        elif value.split("|", 1)[0].isdigit():
            found = _by_id(value, attachments)
            if found is None or not found.url:
                missing.append(value)
            else:
                pictures.append(_picture(found.url, found.alt or found.title))
    for key in _GALLERY_KEYS:
        for ident in re.findall(r"\d+", attrs.get(key, "")):
            found = _by_id(ident, attachments)
            if found is None or not found.url:
                missing.append(ident)
            else:
                pictures.append(_picture(found.url, found.alt or found.title))
    problem = f"images of [{name}] {', '.join(missing)} are not in the export; left out"
    return ("".join(pictures), problem if missing else "")


def _picture(url: str, alt: str, link: str = "") -> str:
    tag = f'<img src="{html.escape(url, quote=True)}" alt="{html.escape(alt, quote=True)}" />'
    if link:
        tag = f'<a href="{html.escape(link, quote=True)}">{tag}</a>'
    return f"\n<p>{tag}</p>\n"


def _button(label: str, url: str) -> BuilderPiece:
    """A button is a link readers followed: a paragraph with that link."""
    text = html.escape(label.strip() or url)
    if not url:
        return (f"\n<p>{text}</p>\n", f"button {label.strip()!r} has no link; its label is kept")
    return (f'\n<p><a href="{html.escape(url, quote=True)}">{text}</a></p>\n', "")


def _by_id(ident: str, attachments: Mapping[int, Attachment]) -> Attachment | None:
    number = ident.split("|", 1)[0].strip()
    return attachments.get(int(number)) if number.isdigit() else None


def _no_file(name: str, what: str) -> BuilderPiece:
    return ("", f"image [{name}] {what} is not in the export; left out")


def _divi_image(
    attrs: Mapping[str, str], inner: str, attachments: Mapping[int, Attachment]
) -> BuilderPiece:
    url = attrs.get("src", "").strip()
    if not url:
        return _no_file("et_pb_image", "without src")
    return (
        _picture(url, attrs.get("alt") or attrs.get("title_text", ""), attrs.get("url", "")),
        "",
    )


def _wpbakery_image(
    attrs: Mapping[str, str], inner: str, attachments: Mapping[int, Attachment]
) -> BuilderPiece:
    if attrs.get("source") == "external_link" and attrs.get("custom_src"):
        return (_picture(attrs["custom_src"], attrs.get("alt", ""), attrs.get("link", "")), "")
    ident = attrs.get("image", "")
    attachment = _by_id(ident, attachments)
    if attachment is None or not attachment.url:
        return _no_file("vc_single_image", f"{ident or 'without image'}")
    alt = attachment.alt or attachment.title
    return (_picture(attachment.url, alt, attrs.get("link", "")), "")


def _avada_image(
    attrs: Mapping[str, str], inner: str, attachments: Mapping[int, Attachment]
) -> BuilderPiece:
    found = _IMG.search(inner)
    if found:
        return (f"\n<p>{found.group(0)}</p>\n", "")
    attachment = _by_id(attrs.get("image_id", ""), attachments)
    url = inner.strip() if inner.strip().startswith("http") else ""
    url = url or (attachment.url if attachment is not None else "")
    if not url:
        return _no_file("fusion_imageframe", attrs.get("image_id", "without image"))
    alt = attrs.get("alt") or (attachment.alt if attachment is not None else "")
    return (_picture(url, alt, attrs.get("link", "")), "")


def _wpbakery_link(value: str) -> str:
    """WPBakery's ``link="url:https%3A%2F%2F…|title:…"``: the URL in it."""
    for part in value.split("|"):
        key, _, found = part.partition(":")
        if key == "url":
            return unquote(found)
    return value if value.startswith(("http", "/")) else ""


_PIECES: Mapping[
    str, Callable[[Mapping[str, str], str, Mapping[int, Attachment]], BuilderPiece]
] = {
    "et_pb_image": _divi_image,
    "vc_single_image": _wpbakery_image,
    "fusion_imageframe": _avada_image,
    "et_pb_button": lambda a, i, _: _button(a.get("button_text", ""), a.get("button_url", "")),
    "vc_btn": lambda a, i, _: _button(a.get("title", ""), _wpbakery_link(a.get("link", ""))),
    "vc_button": lambda a, i, _: _button(a.get("title", ""), a.get("href", "")),
    "vc_button2": lambda a, i, _: _button(a.get("title", ""), _wpbakery_link(a.get("link", ""))),
    "fusion_button": lambda a, i, _: _button(re.sub(r"<[^>]+>", "", i), a.get("link", "")),
}
