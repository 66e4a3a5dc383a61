"""kramdown's attribute lists in a Jekyll post, as what the theme made of them.

kramdown reads ``{: .class}`` on the line under a block as that block's
attributes. An attribute list (``{: .lead}``, ``{:toc}``) is left out, each
with a note at its own line naming what it was. Code is the author's
text: an attribute list written in a code span or a fence stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sitegen.fences import CODE_SPAN, fenced_lines

_ALONE = re.compile(r"\A[ \t]*\{:(?![:/])([^}\n]*)\}[ \t]*\Z")
"""An attribute list on a line of its own (``{: .prompt-tip }``)."""
_AFTER_SPAN = re.compile(r"(?<=[`*_\])])\{:(?![:/])[^}]{0,400}\}")
"""An attribute list right after a span (`` `x`{:.language-ruby} ``), on one line
or over several (``{:\n  lang="ja"}``, as kramdown reads it too)."""
_LIST_ITEM = re.compile(r"\A[ \t]*[*+-][ \t]+\S")

Noted = Callable[[int, str], None]
"""``noted(line, message)``: a note at ``line`` of the body (0 its first)."""


def kramdown_attributes(body: str, noted: Noted) -> str:
    """``body`` with its attribute lists made into callouts and code captions, or
    left out with a note at their line."""
    body = _after_spans(body, noted)  # first: it keeps the lines, so notes find theirs
    out: list[str] = []
    for index, (line, code) in enumerate(fenced_lines(body)):
        found = None if code else _ALONE.match(line)
        if found is None:
            out.append(line)
        elif not _applied(found.group(1), out):
            noted(index, _left_out(found.group(1)))
            if found.group(1).strip() == "toc" and out and _LIST_ITEM.match(out[-1]):
                out.pop()  # kramdown's table of contents: the one-item list above it
    return "\n".join(out)


def _applied(attributes: str, out: list[str]) -> bool:
    """Whether ``attributes`` (under the lines ``out``) was carried over: none is yet."""
    return False


def _left_out(attributes: str) -> str:
    shown = "{:" + attributes + "}"
    if attributes.strip() == "toc":
        return f"kramdown {shown} left out: sitegen shows its own table of contents"
    return f"kramdown attribute list {shown} left out"


def _after_spans(body: str, noted: Noted) -> str:
    """``body`` without the attribute lists written after a span, outside code; the
    text of a code span (`` `{: .notice}` ``, kramdown's syntax shown) is kept."""
    runs: list[tuple[list[str], bool]] = []
    for line, code in fenced_lines(body):
        if runs and runs[-1][1] == code:
            runs[-1][0].append(line)
        else:
            runs.append(([line], code))
    out: list[str] = []
    first = 0
    for lines, code in runs:
        text = "\n".join(lines)
        out.append(text if code else _spans_out(text, first, noted))
        first += len(lines)
    return "\n".join(out)


def _spans_out(text: str, first: int, noted: Noted) -> str:
    code = [span.span() for span in CODE_SPAN.finditer(text)]
    pieces: list[str] = []
    position = 0
    for found in _AFTER_SPAN.finditer(text):
        if any(start <= found.start() < end for start, end in code):
            continue
        line = first + text.count("\n", 0, found.start())
        shown = " ".join(found.group(0).split())
        noted(line, f"kramdown attribute list {shown} left out")
        pieces.append(text[position : found.start()] + "\n" * found.group(0).count("\n"))
        position = found.end()
    pieces.append(text[position:])
    return "".join(pieces)
