"""Text → URL slug: tag, author and section slugs, and article slugs.

Two rules share one transliteration (accents dropped, ``ß`` → ``ss``, lower case):

- :func:`slugify`, for tags, authors, sections and heading anchors: lower-case
  ASCII letters, digits and single dashes (SPEC §3). Two spellings of a tag are
  one tag exactly when their slugs are equal, so this function is the
  definition of "the same tag".
- :func:`article_slug`, for an article's slug as the author wrote it, in its
  file name or front matter ``slug``: every URL-safe character is kept
  (``go1.14``, ``v1.0-trio``, ``notes_2024``), as Hugo keeps them; only the
  others change. Which characters are URL-safe is said in one place,
  ``_URL_SAFE``.

Both lower-case, as Hugo does by default (its ``disablePathToLower`` is off):
an imported site's ``slug: Ending-OCSP`` was served at ``/ending-ocsp/``, and
two articles must not differ only by case on a case-insensitive disk.

Also here: which file names are articles and how a file name becomes a slug,
since every stage that meets a file name (discovery, links between articles)
must agree on it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from types import MappingProxyType

_LETTERS = MappingProxyType(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "\u0131": "i",  # dotless i
        "ŀ": "l",
        "ŧ": "t",
        "ĸ": "k",
        "ŋ": "n",
        "ƒ": "f",
    }
)
"""Latin letters that NFKD does not decompose into an ASCII base letter."""

_TRANSLITERATION = str.maketrans(dict(_LETTERS))
_SEPARATORS = re.compile(r"[^a-z0-9]+")

_URL_SAFE = "a-z0-9._~-"
"""What an article slug keeps, as a regex class body: RFC 3986's unreserved
characters after lower-casing. The one place that says it."""
_UNSAFE = f"[^{_URL_SAFE}]"
_ARTICLE_SEPARATORS = re.compile(rf"[-.]*{_UNSAFE}(?:[-.]|{_UNSAFE})*")
"""A run of unsafe characters, with the dots and dashes touching it: ``Dr. Who``
gives ``dr-who``, ``v1.0 - trio`` gives ``v1.0-trio``."""
_WORD = re.compile("[a-z0-9]")
_ENDS = "-."
"""Stripped from both ends: no slug is ``.`` or ``..`` or starts with a dot (a
hidden folder), and none ends with one (a folder name Windows refuses)."""

MARKDOWN_SUFFIXES = (".md", ".markdown")
"""File names that are articles, as Hugo and Jekyll read them."""
LANDING_STEM = "_index"
"""Hugo's ``_index.md``: a folder's (or the home page's) own text, not an article."""
_DATE_PREFIX = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-")
"""Jekyll's ``2015-10-8-`` as well as ``2015-10-08-``."""


def _fold(text: str) -> str:
    """Lower case, accents and ligatures transliterated to ASCII letters."""
    decomposed = unicodedata.normalize("NFKD", text).lower().translate(_TRANSLITERATION)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Return the slug of ``text``: ``slugify("Café au lait") == "cafe-au-lait"``.

    Idempotent, so a slug written by hand stays as it is. Text with no Latin
    letters or digits gives ``""``; callers report that.
    Remembered: a site names its few hundred tags tens of thousands of times.
    """
    return _SEPARATORS.sub("-", _fold(text)).strip("-")


def article_slug(text: str) -> str:
    """Return the article slug of ``text``: ``article_slug("Go 1.14") == "go-1.14"``.

    URL-safe characters are kept as written, lower-cased; every run of others
    becomes one ``-``. Idempotent. Safe as one URL path segment: never ``.`` or
    ``..``, no ``/``; ``""`` when there is no letter or digit (callers report
    that: ``__`` or ``~`` alone is no name for a page).
    """
    slug = _ARTICLE_SEPARATORS.sub("-", _fold(text)).strip(_ENDS)
    return slug if _WORD.search(slug) else ""


def markdown_stem(name: str) -> str | None:
    """``a.markdown`` → ``a``; None when file name ``name`` is not markdown."""
    for suffix in MARKDOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def is_landing(name: str) -> bool:
    """True for ``_index.md`` (and ``_index.markdown``)."""
    return markdown_stem(name) == LANDING_STEM


def slug_of_name(stem: str) -> str:
    """The slug a file or folder name gives: ``2015-10-8-our-news`` → ``our-news``."""
    return article_slug(_DATE_PREFIX.sub("", stem, count=1))
