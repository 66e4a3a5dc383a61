"""Which lines of a markdown text are fenced code, for the passes that rewrite the
rest as text before markdown reads it (Zola's shortcode calls, kramdown's math):
code is shown as written, so those passes leave it alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}(?=[^`]*\Z)|~{3,})")
"""A fence's opening or closing marks; backticks followed by another backtick on
their line (```` ```props``` are passed ````) are code spans, as CommonMark reads them."""
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
"""A code span, its backticks paired as CommonMark pairs them."""


def fenced_lines(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of ``text``, and whether it belongs to a fenced block (its fences
    included): a fence closes at a line of at least as many of its own marks."""
    fence = ""
    for line in text.split("\n"):
        found = _FENCE.match(line)
        marker = found.group(1) if found else ""
        if fence:
            if marker[:1] == fence[0] and len(marker) >= len(fence):
                fence = ""
            yield line, True
        elif marker:
            fence = marker
            yield line, True
        else:
            yield line, False


def code_fence(code: str, info: str = "") -> str:
    """``code`` as a fenced block with ``info`` (its language and options) after the
    opening fence, which is longer than any run of backticks inside, so code that
    shows a fence of its own stays inside this one."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{code}\n{fence}"
