"""Text → URL slug, shared by articles (their slugs) and the site model (tag slugs).

Takes any text and returns lower-case ASCII letters, digits and single dashes
(SPEC §3): accents are transliterated, every run of other characters becomes one
``-``, and there is no leading or trailing ``-``. Two spellings of a tag are one
tag exactly when their slugs are equal, so this function is the definition of
"the same tag" as well as of article URLs.
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


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Return the slug of ``text``: ``slugify("Café au lait") == "cafe-au-lait"``.

    Idempotent, so a slug written by hand in front matter stays as it is.
    Text with no Latin letters or digits gives ``""``; callers report that.
    Remembered: a site names its few hundred tags tens of thousands of times.
    """
    decomposed = unicodedata.normalize("NFKD", text).lower().translate(_TRANSLITERATION)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub("-", bare).strip("-")
