"""Elementor's ``_elementor_data`` as the HTML its page showed.

A post built with Elementor may keep nothing in its content: the page is the
JSON of sections, columns (or containers) and widgets in that post meta,
which Elementor renders each time the page is shown. The widgets that carry
what readers read (text, headings, images, buttons, videos, HTML,
shortcodes) become HTML here, in the page's order, so the post's body is
converted like any other; spacing and decoration widgets carry nothing to
read; any other widget is named in a note.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from sitegen.importer.wordpress.shortcodes import Attachment

ELEMENTOR_DATA = "_elementor_data"
_DECORATION = frozenset({"spacer", "divider", "menu-anchor", "sidebar", "google_maps"})
"""Widgets with nothing to read: leaving them out changes only the layout."""
_MISSING_FILE = {"image": "image (its file is not in the export)"}
_HEADING_SIZES = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(slots=True)
class ElementorPage:
    """The HTML of an Elementor page, and what could not be carried over."""

    html: str = ""
    skipped: list[str] = field(default_factory=list)
    """Each widget type left out, once, in the page's order."""
    readable: bool = True


def elementor_html(data: str, attachments: Mapping[int, Attachment]) -> ElementorPage:
    """The page ``data`` (the post meta's JSON) describes, widget by widget."""
    page = ElementorPage()
    try:
        tree = json.loads(data)
    except ValueError:
        page.readable = False
        return page
    parts = []
    for widget in _widgets(tree):
        kind = str(widget.get("widgetType", ""))
        settings = widget.get("settings")
        rendered = _render(kind, settings if isinstance(settings, dict) else {}, attachments)
        if rendered is None:
            label = _MISSING_FILE.get(kind, kind)
            if kind not in _DECORATION and label not in page.skipped:
                page.skipped.append(label)
            continue
        if rendered:
            parts.append(rendered)
    page.html = "\n\n".join(parts)
    return page


def _widgets(node: object) -> Iterator[Mapping[str, object]]:
    """The widgets under ``node``, depth first, as the page shows them."""
    if isinstance(node, list):
        for child in node:
            yield from _widgets(child)
    elif isinstance(node, dict):
        if node.get("elType") == "widget":
            yield node
        yield from _widgets(node.get("elements", []))


def _render(
    kind: str, settings: Mapping[str, object], attachments: Mapping[int, Attachment]
) -> str | None:
    """One widget's HTML; None for a widget that is not carried over."""
    if kind == "heading":
        size = _text(settings, "header_size") or "h2"
        tag = size if size in _HEADING_SIZES else "h2"
        title = _linked(_text(settings, "title"), _link(settings))
        return f"<{tag}>{title}</{tag}>" if title else ""
    if kind == "text-editor":
        return _text(settings, "editor")
    if kind in ("html", "shortcode"):
        return _text(settings, kind)
    if kind == "image":
        return _image(settings.get("image"), _text(settings, "caption"), attachments) or None
    if kind == "button":
        return _button(settings)
    if kind == "video":
        url = next((_text(settings, k) for k in ("youtube_url", "vimeo_url", "hosted_url")), "")
        return _linked(html.escape(url), url) if url else ""
    if kind == "image-gallery":
        images = settings.get("wp_gallery")
        found = images if isinstance(images, list) else []
        return "\n".join(_image(image, "", attachments) for image in found)
    return None


def _text(settings: Mapping[str, object], key: str) -> str:
    value = settings.get(key)
    return value.strip() if isinstance(value, str) else ""


def _link(settings: Mapping[str, object]) -> str:
    link = settings.get("link")
    url = link.get("url") if isinstance(link, dict) else ""
    return url.strip() if isinstance(url, str) else ""


def _linked(content: str, url: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{content}</a>' if url else content


def _button(settings: Mapping[str, object]) -> str:
    """A button is a link readers followed: a paragraph with that link."""
    label = _text(settings, "text") or "Click here"
    url = _link(settings)
    return f"<p>{_linked(html.escape(label), url)}</p>"


def _image(image: object, caption: str, attachments: Mapping[int, Attachment]) -> str:
    """An image by its URL, else by its attachment ID; its alt text is the attachment's."""
    if not isinstance(image, dict):
        return ""
    ident = str(image.get("id", ""))
    attachment = attachments.get(int(ident)) if ident.isdigit() else None
    given = image.get("url")
    url = given.strip() if isinstance(given, str) else ""
    url = url or (attachment.url if attachment is not None else "")
    if not url:
        return ""
    alt = attachment.alt or attachment.title if attachment is not None else ""
    tag = f'<img src="{html.escape(url, quote=True)}" alt="{html.escape(alt, quote=True)}" />'
    if caption:
        return f"<figure>{tag}<figcaption>{html.escape(caption)}</figcaption></figure>"
    return f"<p>{tag}</p>"
