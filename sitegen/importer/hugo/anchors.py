"""Heading ids as Hugo made them, so links to ``#a-heading`` keep landing.

Hugo gives every markdown heading an id from its text (Goldmark's
``autoHeadingIDType``: ``github``, ``github-ascii`` or ``blackfriday``), with
``-1``, ``-2`` for repeats. sitegen makes its own by GitHub's rule, which is
Hugo's default, but a site may have chosen another (``blackfriday`` makes
``what-s-new`` of ``What's new``), and Hugo drops an emoji code's letters.
Wherever the two differ, the heading gets Hugo's id written as sitegen reads
an author's own: ``## What's new {#what-s-new}``. Headings whose id the author
wrote are left alone: both read it the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.markdown.document import plain_text
from sitegen.markdown.headings import github_anchor, unique_id

_MARKDOWN = MarkdownIt("commonmark")
_ATTRIBUTES = re.compile(r"\{[^{}]*\}\s*$")
_CLOSING_HASHES = re.compile(r"(?:\s+#+)?\s*$")
_FAQ = re.compile(r"\{\{[<%]\s*faq\b")


EMOJI = "+emoji"
"""After a kind: Hugo's ``enableEmoji`` was on, so ``:lock:`` in a heading was an
emoji when Goldmark made its id (which drops it: ``-security-enhancements``)."""
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")


def hugo_anchor(text: str, kind: str) -> str:
    """The id Hugo's Goldmark gives a heading whose text is ``text``, before repeats;
    with ``kind`` ``kramdown``, the one kramdown's own parser gives (Jekyll's GFM
    input gives GitHub's, ``github``): leading characters up to a letter dropped,
    then everything but ASCII letters, digits, spaces and dashes, spaces dashes."""
    if kind.endswith(EMOJI):
        kind = kind.removesuffix(EMOJI)
        text = _EMOJI_CODE.sub("\u25a0", text)  # a symbol: no letter of the id
    if kind == "kramdown":
        kept = re.sub(r"[^a-zA-Z0-9 -]", "", re.sub(r"^[^a-zA-Z]+", "", text.strip()))
        return kept.replace(" ", "-").lower() or "section"
    if kind == "blackfriday":
        out: list[str] = []
        dash = False
        for char in text:
            if unicodedata.category(char)[0] in "LN":
                if dash and out:
                    out.append("-")
                dash = False
                out.append(char.lower())
            else:
                dash = True
        return "".join(out)
    if kind == "github-ascii":
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
    out = []
    for char in text.strip():
        if kind == "github-ascii" and not char.isascii():
            continue
        if char in "- ":
            out.append("-")
        elif char == "_" or unicodedata.category(char)[0] == "L" or char.isdigit():
            out.append(char.lower())
    return "".join(out)


def keep_heading_ids(markdown: str, kind: str) -> str:
    """``markdown`` with Hugo's id on every heading where sitegen's would differ."""
    if _FAQ.search(markdown):
        return markdown  # headings in an FAQ are its questions and take no id
    tokens = _MARKDOWN.parse(markdown)
    headings = [
        (tokens[i], tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    if not headings:
        return markdown
    hugo = _hugo_ids([inline for _, inline in headings], kind)
    explicit = {i for i, (_, inline) in enumerate(headings) if _written_id(inline)}
    added: dict[int, str] = {}
    for _ in range(len(headings) + 1):
        mine = _sitegen_ids([inline for _, inline in headings], explicit | set(added), hugo)
        wrong = {i for i in range(len(headings)) if i not in explicit and mine[i] != hugo[i]}
        if wrong <= set(added):
            break
        added.update((i, hugo[i]) for i in wrong)
    return _write_ids(markdown, headings, added)


def _hugo_ids(inlines: Sequence[Token], kind: str) -> list[str]:
    seen: set[str] = set()
    ids = []
    for inline in inlines:
        anchor = _written_id(inline)
        if not anchor:
            base = hugo_anchor(_text(inline), kind) or "heading"
            anchor, number = base, 0
            while anchor in seen:
                number += 1
                anchor = f"{base}-{number}"
        seen.add(anchor)
        ids.append(anchor)
    return ids


def _sitegen_ids(inlines: Sequence[Token], explicit: set[int], hugo: list[str]) -> list[str]:
    """The ids sitegen would give, the ``explicit`` ones being Hugo's (written)."""
    used = {hugo[i] for i in explicit}
    ids = []
    for index, inline in enumerate(inlines):
        if index in explicit:
            ids.append(hugo[index])
        else:
            ids.append(unique_id(github_anchor(_text(inline)) or "section", used))
    return ids


def _written_id(inline: Token) -> str:
    """The id of a trailing ``{#id …}`` block the author wrote, or ``""``."""
    block = _ATTRIBUTES.search(inline.content)
    found = re.search(r"(?:^|[\s{])#([^\s}]+)", block.group(0)) if block else None
    return found.group(1) if found else ""


def _text(inline: Token) -> str:
    """The heading's text as both read it: without a trailing attribute block."""
    return _ATTRIBUTES.sub("", plain_text(inline.children)).strip()


def _write_ids(markdown: str, headings: list[tuple[Token, Token]], added: dict[int, str]) -> str:
    lines = markdown.split("\n")
    for index, anchor in added.items():
        opening, _ = headings[index]
        if not opening.map:
            continue
        setext = opening.markup in ("=", "-")
        number = opening.map[1] - 2 if setext else opening.map[0]
        line = lines[number]
        if not setext:
            line = _CLOSING_HASHES.sub("", line)
        lines[number] = f"{line.rstrip()} {{#{anchor}}}"
    return "\n".join(lines)
