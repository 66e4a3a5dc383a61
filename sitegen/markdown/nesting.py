"""A cap on how deep markdown nests, with an error at the line that goes past it.

Emphasis 30,000 levels deep (30,000 ``*`` on each side of a word) crashed the whole
build with a segmentation fault in the HTML minifier, without a word; 30,000
raw ``<div>`` did the same. No real article nests past a few dozen
levels, so past :data:`NESTING_LIMIT` (lists, quotes, emphasis, links, raw
HTML elements and shortcodes inside each other, counted together) the
article is an error and nothing of it is rendered.

markdown-it-py has a cap of its own (``maxNesting``), but past it a block
parser silently drops the rest of the document; it is set just above ours,
so ours always speaks first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from sitegen.markdown.document import document_of

NESTING_LIMIT = 100
"""The deepest an article's markdown may nest (README: Limits)."""

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_VOID = "area base br col embed hr img input link meta param source track wbr"
_CLOSED_BY_NEXT = (
    "p li dt dd tr td th thead tbody tfoot option optgroup rb rt rtc rp colgroup caption"
    " html head body"
)
_NEVER_DEEP = frozenset((_VOID + " " + _CLOSED_BY_NEXT).split())
"""Raw HTML elements that do not count as nesting: those without a closing tag,
and those the next of their kind closes (``<p>a<p>b``, ``<li>``, ``<td>``), which
HTML, the sanitizer and the minifier do not nest: sloppy raw HTML is not deep."""
_BREAKS = frozenset(("softbreak", "hardbreak"))


def nesting_plugin(md: MarkdownIt, html: str, limit: int = NESTING_LIMIT) -> None:
    """Report an article nested deeper than ``limit``; register after the shortcodes.

    ``html`` is ``markdown.html``: raw HTML counts unless it is dropped, and an
    inline element a paragraph leaves open counts past the paragraph only when
    it is kept as written (the sanitizer closes it at the paragraph's end;
    nothing else does, and 40,000 paragraphs ending inside a ``<span>`` crash
    the minifier).
    """
    md.options["maxNesting"] = limit + 1
    depths = _Depths(limit, count_raw=html != "drop", carry_inline=html == "unsafe")

    def check(state: StateCore) -> None:
        line = depths.deepest(state.tokens, 0, [0], 0)
        if line is not None:
            document_of(state.env).error(line, too_deep(limit))
            state.tokens = []  # nothing this deep reaches the renderer or the minifier

    md.core.ruler.push("nesting_limit", check)


def too_deep(limit: int = NESTING_LIMIT) -> str:
    """The message for markdown nested past ``limit``."""
    return (
        f"markdown nested more than {limit} levels deep here (lists, quotes, emphasis, "
        f"links, raw HTML or shortcodes inside each other); at most {limit} are allowed"
    )


class _Depths:
    """Finds where tokens first nest past the limit."""

    def __init__(self, limit: int, count_raw: bool, carry_inline: bool) -> None:
        self.limit = limit
        self.count_raw = count_raw
        self.carry_inline = carry_inline

    def deepest(self, tokens: Sequence[Token], depth: int, raw: list[int], line: int) -> int | None:
        """The body line where ``tokens`` (inside ``depth`` elements) first pass the
        limit, or None. ``raw`` counts the elements raw HTML has opened and not
        closed: an element may open in one token and close in another."""
        for token in tokens:
            if token.map:
                line = token.map[0]
            elif token.type in _BREAKS:
                line += 1
            wraps = token.nesting == 1 or token.type.startswith("shortcode")
            if self.count_raw and token.type in ("html_block", "html_inline"):
                balance, peak = _raw_depths(token.content)
                if depth + raw[0] + peak > self.limit:
                    return line
                raw[0] = max(0, raw[0] + balance)
            elif depth + raw[0] + wraps > self.limit:
                return line
            if token.children and token.type != "image":
                inner = raw if self.carry_inline or token.type != "inline" else [raw[0]]
                found = self.deepest(token.children, depth + wraps, inner, line)
                if found is not None:
                    return found
            depth += token.nesting
        return None


def _raw_depths(html: str) -> tuple[int, int]:
    """(elements ``html`` opens minus those it closes, the most open at once)."""
    balance = peak = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _NEVER_DEEP or self_closing:
            continue
        balance += -1 if closing else 1
        peak = max(peak, balance)
    return balance, peak
