"""The Hugo front matter keys sitegen has no place for, kept as params.

sitegen keeps every unknown key for templates (``page.params``), so nothing is
lost; a key whose effect sitegen lacks (``layout``, ``menu``…) is said in the
report, and one whose name sitegen reads with another meaning (``related``,
``section``…) is kept as ``hugo_KEY`` so that it cannot be misread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.pages import HugoPage
from sitegen.importer.model import Note

SITEGEN_KEYS = frozenset(
    {
        "title",
        "date",
        "updated",
        "slug",
        "summary",
        "author",
        "authors",
        "tags",
        "section",
        "image",
        "image_alt",
        "image_caption",
        "image_credit",
        "corrections",
        "draft",
        "related",
        "aliases",
        "toc",
    }
)
"""Keys sitegen reads itself: a Hugo key with one of these names and another
meaning is kept as ``hugo_KEY``."""

CONSUMED = frozenset(
    {
        "title",
        "date",
        "publishdate",
        "pubdate",
        "published",
        "lastmod",
        "modified",
        "expirydate",
        "unpublishdate",
        "slug",
        "url",
        "aliases",
        "summary",
        "description",
        "excerpt",
        "author",
        "authors",
        "tags",
        "categories",
        "draft",
        "build",
        "_build",
        "headless",
        "cascade",
        "params",
    }
)
"""Hugo keys the mapping reads; they are not also kept as params."""

EFFECTS = {
    "layout": "sitegen renders every article with one template (article.html)",
    "type": "sitegen renders every article with one template (article.html)",
    "menu": "sitegen has no menus: link the page from your templates",
    "menus": "sitegen has no menus: link the page from your templates",
    "outputs": "sitegen makes one HTML page per article",
    "markup": "sitegen reads every article as markdown",
    "canonicalurl": "the original the theme named in <link rel=canonical> (PaperMod's); "
    "sitegen's page names its own URL there, so search engines now take this copy for "
    "the original: print the param from a template of yours (layouts/) to keep it",
}
"""Hugo keys with an effect sitegen lacks: kept as params, with a note."""

_IMAGES = frozenset({"images", "image", "featured_image", "featuredimage", "cover", "hero"})
ALT_KEYS = ("image_alt", "imagealt", "alt", "featured_image_alt")


def note_at(page: HugoPage, key: str, message: str) -> Note:
    """A note at the line of ``key`` in ``page``'s front matter."""
    return Note(page.origin, page.front.line(key), message)


def params_of(
    page: HugoPage, config: HugoConfig, notes: list[Note], kept: frozenset[str]
) -> dict[str, object]:
    """Every other key, as written; nested ``params:`` flattened as Hugo reads them.

    ``kept``: consumed keys whose value was not used (a second summary text).
    """
    params: dict[str, object] = {}
    values = dict(page.front.values)
    nested = page.front.get("params")
    if isinstance(nested, Mapping):
        for key, value in nested.items():
            values.setdefault(str(key), value)
    plurals = set(config.taxonomies.values()) - {"tags", "categories"}
    for key, value in values.items():
        name = _param_name(page, str(key), value, kept, plurals, notes)
        if name is not None:
            params[name] = _safe(value)
    return params


def _param_name(
    page: HugoPage,
    key: str,
    value: object,
    kept: frozenset[str],
    plurals: set[str],
    notes: list[Note],
) -> str | None:
    """The param a front matter key is kept as; None when the mapping used it."""
    lower = key.lower()
    if lower in CONSUMED and lower not in kept:
        expiry = lower in ("expirydate", "unpublishdate") and page.expiry is not None
        return key if expiry else None
    if lower in _IMAGES:  # the first image is `image`; a list of several stays too
        if not (isinstance(value, list) and len(value) > 1):
            return None
        return f"hugo_{key}" if lower in SITEGEN_KEYS else key
    if lower in ALT_KEYS:  # the picture's: taken with it, else kept for a template
        return None if lower not in kept else f"hugo_{key}" if lower in SITEGEN_KEYS else key
    if lower == "toc" and isinstance(value, bool):
        return "toc"  # the same meaning in both
    if lower in SITEGEN_KEYS:
        message = f"'{key}' means something else to sitegen: kept as the param 'hugo_{key}'"
        notes.append(note_at(page, lower, message))
        return f"hugo_{key}"
    if lower in EFFECTS:
        notes.append(note_at(page, lower, f"'{key}' kept as a param: {EFFECTS[lower]}"))
    elif lower in plurals:
        message = (
            f"'{key}' (a Hugo taxonomy) kept as a param: sitegen has pages for tags, "
            "sections and authors only"
        )
        notes.append(note_at(page, lower, message))
    return key


def _safe(value: Any) -> Any:
    """A value YAML can write and sitegen can read back (a TOML time becomes text)."""
    if isinstance(value, Mapping):
        return {str(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe(v) for v in value]
    if isinstance(value, datetime | date | str | int | float | bool) or value is None:
        return value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)
