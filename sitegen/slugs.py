"""Text → URL slug: tag, author and section slugs, and article slugs.

Two rules share one folding (lower case; Latin accents and ligatures
transliterated to ASCII, ``ß`` → ``ss``; letters of other scripts kept;
``+`` → ``plus``, ``#`` after a letter → ``sharp``):

- :func:`slugify`, for tags, authors and sections: letters
  and digits joined by single dashes (SPEC §3). Two spellings of a tag are
  one tag exactly when their slugs are equal, so this function is the
  definition of "the same tag".
- :func:`article_slug`, for an article's slug as the author wrote it, in its
  file name or front matter ``slug``: every URL-safe character is kept
  (``go1.14``, ``v1.0-trio``, ``notes_2024``), as Hugo keeps them; only the
  others change. Which characters are URL-safe is said in one place,
  ``_URL_SAFE``.

Letters of other scripts (Cyrillic, Greek, Arabic, CJK…) are kept as they
are, lower-cased: ``Новости`` is ``новости``, as Hugo keeps them, and a URL
carries them percent-encoded (``urlpaths.encode_url_path``). Transliterating
them would need a table per language and still merge words; dropping them
would leave a Russian site without tags. Latin accents are still
transliterated, so ``Türkiye`` and ``Turkiye`` stay one tag. ``C++``, ``C#``
and ``C`` are three tags: ``c-plus-plus``, ``c-sharp`` and ``c``.

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
import string
import unicodedata
from types import MappingProxyType

import babel.localedata

from sitegen.urlpaths import MAX_SEGMENT_BYTES

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

_SYMBOLS = MappingProxyType({"+": " plus ", "#": " sharp "})
"""Symbols that tell names apart (``C++``, ``C#``, ``C``): a word each, not a dash.
``#`` only after a letter or digit (``F#``); a leading ``#`` is a hashtag's mark."""


def _ascii_but(kept: str) -> str:
    """A regex class of the ASCII characters not in ``kept``. Written out, not as
    the negation of ``kept`` and all of Unicode above ASCII: compiling that
    range took 10 ms, paid by every command at start."""
    return "[" + "".join(f"\\x{code:02x}" for code in range(128) if chr(code) not in kept) + "]"


_LETTERS_AND_DIGITS = string.ascii_lowercase + string.digits
_SEPARATORS = re.compile(_ascii_but(_LETTERS_AND_DIGITS) + "+")
"""After folding, every non-ASCII character left is a letter, mark or digit."""

_URL_SAFE = _LETTERS_AND_DIGITS + "._~-"
"""What an article slug keeps of ASCII: RFC 3986's unreserved characters after
lower-casing; it keeps every letter of other scripts too (which a URL carries
percent-encoded). The one place that says it."""
_UNSAFE = _ascii_but(_URL_SAFE)
_ARTICLE_SEPARATORS = re.compile(rf"[-.]*{_UNSAFE}(?:[-.]|{_UNSAFE})*")
"""A run of unsafe characters, with the dots and dashes touching it: ``Dr. Who``
gives ``dr-who``, ``v1.0 - trio`` gives ``v1.0-trio``."""
_WORD = re.compile("[^._~-]")
_ENDS = "-."
"""Stripped from both ends: no slug is ``.`` or ``..`` or starts with a dot (a
hidden folder), and none ends with one (a folder name Windows refuses)."""

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mkdown", ".mdx", ".rst")
"""File names that are articles: markdown, under every name Hugo, Jekyll and
Pelican read it by (``.mkd`` and ``.mdown`` are Pelican's too), MDX (the
markdown of Astro, Docusaurus, Gatsby and Next.js blogs: ``content/mdx.py``),
and reStructuredText, Pelican's first format (``markdown/rst.py``)."""
LANDING_STEM = "_index"
"""Hugo's ``_index.md``: a folder's (or the home page's) own text, not an article."""
NAME_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[-_ ]")
"""The date a file name starts with: Jekyll's ``2015-10-8-`` as well as ``2015-10-08-``,
Pelican's ``2012-11-30_`` and ``2014-01-14 `` (a name typed with spaces)."""


def _fold(text: str, symbols: bool = True) -> str:
    """Lower case; Latin letters to ASCII, other scripts' letters, marks and digits
    kept; every other non-ASCII character a space; ``+`` and ``#`` words."""
    folded: list[str] = []
    # NFKC first: half-width katakana, full-width Latin and ligatures take their usual form.
    for char in unicodedata.normalize("NFKC", text).lower():
        if char.isascii():
            word = folded and folded[-1][-1:].isalnum()
            if symbols and char in _SYMBOLS and (char == "+" or word):
                folded.append(_SYMBOLS[char])
            else:
                folded.append(char)
        elif char in _LETTERS:
            folded.append(_LETTERS[char])
        else:
            folded.append(_fold_other(char, folded[-1][-1:] if folded else ""))
    return "".join(folded)


def _fold_other(char: str, before: str) -> str:
    """One non-ASCII character: its ASCII letters when it is Latin (``é``, the
    ``ﬁ`` ligature), itself when it is a letter, mark or digit of another
    script, else a space (a separator)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base.isascii():
        return base.lower()
    if unicodedata.category(char)[0] not in "LMN":
        return " "
    if not base:  # a combining mark: kept on another script's letter, dropped on Latin
        return char if before and not before.isascii() else ""
    return char


NAMES_KEPT = 4096
"""Slugs ``slugify`` remembers: a site's tags, authors and sections, named tens
of thousands of times, are a few hundred. Every article's card is named once
too; at 65,536 remembered those filled the cache (11 MB at 100,000 articles),
held through the build and copied into each page worker as it read them."""


@functools.lru_cache(maxsize=NAMES_KEPT)
def slugify(text: str) -> str:
    """Return the slug of ``text``: ``slugify("Café au lait") == "cafe-au-lait"``,
    ``slugify("Новости") == "новости"``, ``slugify("C++") == "c-plus-plus"``.

    Idempotent, so a slug written by hand stays as it is. Text with no letters
    or digits gives ``""``; callers report that. (Heading ids follow GitHub's
    rule instead: ``markdown/headings.py``.) Remembered: a site names its few
    hundred tags tens of thousands of times.
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


def looks_alike(one: str, other: str) -> bool:
    """True when two names differ at most by case and Latin accents
    (``NATO``/``nato``, ``Türkiye``/``Turkiye``): no author needs telling that
    they share a page. ``C.``/``C`` or ``New York``/``new-york`` do not."""
    return _plain(one) == _plain(other)


@functools.lru_cache(maxsize=NAMES_KEPT)
def _plain(name: str) -> str:
    return " ".join(_fold(name, symbols=False).split())


def markdown_stem(name: str) -> str | None:
    """``a.markdown`` → ``a``; None when file name ``name`` is not markdown. A
    language Hugo and Zola name before the suffix is not part of it:
    ``index.fr.md`` is a bundle's page and ``_index.en.md`` a landing text, as
    ``index.md`` and ``_index.md`` are (``content/discover.py`` builds one file
    of each name and its translations)."""
    for suffix in MARKDOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            named = language_named(name)
            return named[0][: -len(suffix)] if named else name[: -len(suffix)]
    return None


_LANGUAGE_NAMED = re.compile(r"(.+)\.([a-z]{2}(?:[-_][a-z0-9]{2,4})?)(\.[a-z]+)\Z", re.IGNORECASE)
"""``index.es.md``, ``post.pt-br.md``: a page's language as Hugo and Zola name it."""


def language_named(name: str) -> tuple[str, str] | None:
    """``(name without its language, language)`` for a file name that says its
    language before its suffix (``post.pt-br.md`` → ``("post.md", "pt-br")``), as
    Hugo and Zola name a page's translations; None for any other name. The
    language is one CLDR knows (``notes.js.md`` says none)."""
    found = _LANGUAGE_NAMED.fullmatch(name)
    if found is None or not _is_language(found.group(2)[:2].lower()):
        return None
    return found.group(1) + found.group(3), found.group(2).lower().replace("_", "-")


@functools.cache
def _is_language(code: str) -> bool:
    """Whether ``code`` is a language CLDR has data for (``fr``, not ``js``)."""
    return bool(babel.localedata.exists(code))


def is_landing(name: str) -> bool:
    """True for ``_index.md`` (and ``_index.markdown``)."""
    return markdown_stem(name) == LANDING_STEM


def slug_of_name(stem: str) -> str:
    """The slug a file or folder name gives: ``2015-10-8-our-news`` → ``our-news``."""
    dated = NAME_DATE.match(stem)
    return article_slug(stem[dated.end() :] if dated else stem)


# -- names that become addresses -----------------------------------------------
# A tag, author, section or slug ends up as a folder name (``/tags/<slug>/``), so
# it needs a letter or digit and must fit a file name: a 300-character tag
# failed the build with ``File name too long`` from deep inside the writer.

_SHOWN = 40
"""How much of a long name a message quotes."""


def shown(name: str) -> str:
    """The name as a message quotes it: whole, or its start and ``…``."""
    return name if len(name) <= _SHOWN else name[:_SHOWN] + "…"


def slug_length_problem(slug: str) -> str | None:
    """Why ``slug`` is too long for a folder name, to follow "… gives a slug that", or None."""
    size = len(slug.encode())
    if size <= MAX_SEGMENT_BYTES:
        return None
    return (
        f"is {size} bytes long; a slug names a folder of the site and may be at most "
        f"{MAX_SEGMENT_BYTES} bytes (UTF-8)"
    )


def page_name_problem(what: str, name: str) -> str | None:
    """Why the tag, author or section ``name`` (``what``) cannot have a page, or None."""
    slug = slugify(name)
    if not slug:
        return f"{what} '{shown(name)}' has no letters or digits, so it cannot have a page"
    too_long = slug_length_problem(slug)
    if too_long:
        return f"{what} '{shown(name)}' gives a slug that {too_long}; shorten it"
    return None
