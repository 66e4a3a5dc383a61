"""Body text measures: word count, reading time and the derived summary.

Take the folded token stream of a body; return the numbers and text an
article card and byline show. Code blocks are not prose and are not counted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from markdown_it.token import Token

from sitegen.markdown.document import plain_text, walk_blocks

WORDS_PER_MINUTE = 230
SUMMARY_LENGTH = 160


CHARACTERS_PER_MINUTE = 500
"""Chinese and Japanese characters read a minute, as Hugo counts them."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
"""A Chinese or Japanese character: a word of its own, since those languages put
no spaces between words (Hangul, which does, is counted by its words)."""


_WORDLIKE = re.compile(r"\w")


def count_words(tokens: Sequence[Token]) -> tuple[int, int]:
    """Words of the body text, shortcode inner text and FAQ included, each Chinese
    or Japanese character one (9,000 characters of Japanese were 30 words);
    and how many of them are such characters (they read faster)."""
    words = characters = 0
    for token in _inlines(tokens):
        text = plain_text(token.children)
        found = len(_CJK.findall(text)) if not text.isascii() else 0
        if found:  # the rest, without the full stops and commas left between them
            rest = [part for part in _CJK.sub(" ", text).split() if _WORDLIKE.search(part)]
            words, characters = words + found + len(rest), characters + found
        else:
            words += len(text.split())
    return words, characters


def _inlines(tokens: Sequence[Token]) -> list[Token]:
    return [token for _, token, _ in walk_blocks(tokens) if token.type == "inline"]


def reading_minutes(words: int, characters: int = 0) -> int:
    """Whole minutes at ~230 words a minute (``characters`` of ``words``, Chinese
    and Japanese, at 500), rounded up, at least 1."""
    minutes = (words - characters) / WORDS_PER_MINUTE + characters / CHARACTERS_PER_MINUTE
    return max(1, math.ceil(minutes))


def first_paragraph(tokens: Sequence[Token]) -> str:
    """The first top-level paragraph with text, as plain text, or ``""``.

    A paragraph holding only an image has none: the summary starts after it."""
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.level == 0:
            text = " ".join(plain_text(tokens[index + 1].children).split())
            if text:
                return text
    return ""


MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
"""The summary divider: what comes before it is the summary, whole. Hugo's
``<!--more-->``, and Hexo's, Jekyll's and WordPress's ``<!-- more -->``."""


def teaser(tokens: Sequence[Token]) -> str | None:
    """The text before a ``<!--more-->`` line, as plain text; None without one."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "html_block" and MORE.fullmatch(token.content.strip()):
            return " ".join(" ".join(parts).split())
        if token.type == "inline":
            parts.append(plain_text(token.children))
    return None


_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)]?(?=\s)")
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\b(?:e\.g|i\.e|etc|vs|Mr|Mrs|Ms|Dr|St|No))[.]$")
"""A full stop after an initial or a common abbreviation ends no sentence."""


def summarize(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters, at the end of a sentence when
    one ends past half of it, else on a word boundary with "…".

    A card's teaser reads better as whole sentences; a cut mid-sentence says so."""
    if len(text) <= limit:
        return text
    ends = [
        m.end()
        for m in _SENTENCE_END.finditer(text, 0, limit + 1)
        if m.end() >= limit // 2 and not _NOT_AN_END.search(text[: m.start() + 1])
    ]
    if ends:
        return text[: ends[-1]]
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"
