"""An article's body as the plain text a reader would search for."""

from __future__ import annotations

import re
from html import unescape

_BLOCKS = frozenset(
    {
        *("p", "li", "blockquote", "pre", "td", "th", "dt", "dd", "br", "div"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "summary", "section", "aside"),
    }
)
_SKIPPED = frozenset({"script", "style", "template"})


_SKIPPED_ELEMENTS = re.compile(
    r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_LINE_NUMBERS = re.compile(r'<span class="linenos" aria-hidden="true">[^<]*</span>')
"""A code line's number (``markdown/code.py``): no word of the article."""
_BLOCK_NAMES = "|".join(sorted(_BLOCKS))
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_NAMES})\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def plain_text(html: str) -> str:
    """``<p>A <em>b</em></p><p>c</p>`` → ``A b\\nc``: what a reader would search for.

    Regular expressions rather than an HTML parser: the input is sitegen's own
    rendered markdown (well-formed, attributes escaped), and at 10,000
    articles a parser costs seconds.
    """
    text = _SKIPPED_ELEMENTS.sub(" ", html)
    if 'class="linenos"' in text:
        text = _LINE_NUMBERS.sub("", text)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    lines = (" ".join(line.split()) for line in unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
