"""Which lines of a markdown text are fenced code, for the passes that rewrite the
rest as text before markdown reads it (Zola's shortcode calls, kramdown's math):
code is shown as written, so those passes leave it alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}(?=[^`]*\Z)|~{3,})")
"""A fence's opening or closing marks; backticks followed by another backtick on
their line (```` ```props``` are passed ````) are code spans, as CommonMark reads them."""
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
"""A code span, its backticks paired as CommonMark pairs them."""


def fenced_lines(text: str) -> Iterator[tuple[str, bool]]:
    """Each line of ``text``, and whether it belongs to a fenced block (its fences
    included): a fence closes at a line of at least as many of its own marks."""
    for line, part in fence_parts(text):
        yield line, part != TEXT


def fenced_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as runs of lines, each all fenced code or all not (``fenced_lines``):
    for the passes that rewrite a run of prose at a time."""
    runs: list[tuple[list[str], bool]] = []
    for line, code in fenced_lines(text):
        if runs and runs[-1][1] == code:
            runs[-1][0].append(line)
        else:
            runs.append(([line], code))
    return [("\n".join(lines), code) for lines, code in runs]


_UNSPACED_HEADING = re.compile(r"\A( {0,3})(#{1,6})(?=[^#\s])")
"""``###Heading``: the hashes of a heading with no space after them."""


def spaced_headings(text: str) -> str:
    """``text`` with ``###Heading`` written ``### Heading`` outside code: the
    heading Python-Markdown, rdiscount and redcarpet read without the space,
    which CommonMark needs (without it, a paragraph of hashes)."""
    if "#" not in text:
        return text
    return "\n".join(
        line if code else _UNSPACED_HEADING.sub(r"\1\2 ", line, count=1)
        for line, code in fenced_lines(text)
    )


TEXT, OPENING, CODE, CLOSING = "text", "opening", "code", "closing"


def fence_parts(text: str) -> Iterator[tuple[str, str]]:
    """Each line of ``text`` and what it is: ``TEXT``, or a fenced block's
    ``OPENING`` fence (where its language is written), ``CODE`` or ``CLOSING``
    fence (a block never closed ends with the text)."""
    fence = ""
    for line in text.split("\n"):
        found = _FENCE.match(line)
        marker = found.group(1) if found else ""
        if fence:
            closes = marker[:1] == fence[0] and len(marker) >= len(fence)
            fence = "" if closes else fence
            yield line, CLOSING if closes else CODE
        elif marker:
            fence = marker
            yield line, OPENING
        else:
            yield line, TEXT


def code_fence(code: str, info: str = "") -> str:
    """``code`` as a fenced block with ``info`` (its language and options) after the
    opening fence, which is longer than any run of backticks inside, so code that
    shows a fence of its own stays inside this one."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{code}\n{fence}"


_BLOCKS = MarkdownIt("commonmark").disable("inline")
"""CommonMark's block parser alone: where code blocks are, not what is in them."""


def code_lines(text: str) -> list[bool]:
    """For each line of ``text``, whether it is code as CommonMark reads it: a
    fenced block (its fences included) or an indented one, at any depth of
    quotes and lists (``> ```…``, a fence in a list item, four spaces after
    a blank line), where ``fenced_lines`` sees top-level fences only. For the
    passes that must leave every code block as typed."""
    lines = text.split("\n")
    code = [False] * len(lines)
    if "`" not in text and "~" not in text and "    " not in text and "\t" not in text:
        return code
    for token in _BLOCKS.parse(text):
        if token.type in ("fence", "code_block") and token.map:
            start, end = token.map
            code[start:end] = [True] * (min(end, len(lines)) - start)
    return code
