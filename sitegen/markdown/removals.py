"""What sanitizing removed from raw HTML, found by comparison, said as warnings.

The start tags and attributes of the raw spans (read with Python's
``html.parser``) are counted against those of the sanitizer's output, so a
removal is never guessed from a second copy of the policy; the allow-list only
says which occurrence it was, and why, in the author's words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from sitegen.errors import Problem
from sitegen.markdown.allowlist import (
    EMBEDS,
    REMOVED_WITH_CONTENT,
    TAGS,
    URL_SCHEMES,
    attribute_allowed,
    scheme_of,
    url_allowed,
)

KEEP = "set markdown.html: unsafe to keep it"
SHOWN_WARNINGS = 3
"""Removals listed one by one per file; the rest make one line with a count."""


@dataclass(frozen=True, slots=True)
class StartTag:
    """A start tag of raw HTML: its name, attributes (first of each name) and body line."""

    name: str
    attributes: tuple[tuple[str, str], ...]
    line: int


class _StartTags(HTMLParser):
    """Start tags in order; what is inside a removed-with-content element is skipped."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.found: list[StartTag] = []
        self.skipping: str | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            self.depth += tag == self.skipping
            return
        self.handle_startendtag(tag, attrs)
        if tag in REMOVED_WITH_CONTENT:
            self.skipping, self.depth = tag, 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping is not None:
            return
        first: dict[str, str] = {}
        for name, value in attrs:
            first.setdefault(name, value or "")
        line = self.first_line + self.getpos()[0] - 1
        self.found.append(StartTag(tag, tuple(first.items()), line))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.skipping:
            self.depth -= 1
            if self.depth == 0:
                self.skipping = None


def start_tags(html: str, first_line: int = 0) -> list[StartTag]:
    """The start tags of an HTML fragment, at lines counted from ``first_line``."""
    parser = _StartTags(first_line)
    parser.feed(html)
    parser.close()
    return parser.found


def find_removals(spans: Sequence[tuple[str, int]], cleaned: str) -> list[tuple[int, str, str]]:
    """(body line, short name, message) of each element and attribute of ``spans``
    (raw HTML, body line) that ``cleaned`` no longer has, in the order written.

    Counted per element name and per attribute of an element, so an element the
    parser moved (as browsers do) is not taken for removed. Which occurrence
    was removed is then the one the allow-list refuses; failing that, the first.
    """
    before = [tag for content, line in spans for tag in start_tags(content, line)]
    after = start_tags(cleaned)
    elements = Counter(tag.name for tag in after)
    attributes = Counter((tag.name, name) for tag in after for name, _ in tag.attributes)
    removed: list[tuple[tuple[int, int], int, str, str]] = []  # (where written, line, …)
    for name, count in Counter(tag.name for tag in before).items():
        places = [(i, tag.line) for i, tag in enumerate(before) if tag.name == name]
        gone = places[: max(0, count - elements[name])]
        removed.extend(((i, -1), line, f"<{name}>", element_message(name)) for i, line in gone)
    written: dict[tuple[str, str], list[tuple[tuple[int, int], int, str]]] = {}
    for i, tag in enumerate(before):
        if tag.name in TAGS:
            for j, (name, value) in enumerate(tag.attributes):
                written.setdefault((tag.name, name), []).append(((i, j), tag.line, value))
    for (element, name), uses in written.items():
        refused = [use for use in uses if not attribute_allowed(element, name, use[2])]
        ordered = refused + [use for use in uses if use not in refused]
        dropped = ordered[: len(uses) - attributes[(element, name)]]
        removed.extend(
            (at, line, *attribute_removal(element, name, value)) for at, line, value in dropped
        )
    removed.sort(key=lambda item: item[0])
    return [(line, name, message) for _, line, name, message in removed]


def element_message(name: str) -> str:
    """Why element ``name`` went, and what keeps it."""
    if name in TAGS:
        return f"removed a misplaced <{name}> (HTML does not allow it here; browsers ignore it)"
    if name in EMBEDS:
        return (
            f"removed <{name}> (embedded frames are not allowed in sanitized HTML;"
            f" embed it with a shortcode, or {KEEP})"
        )
    held = " and its content" if name in REMOVED_WITH_CONTENT else ""
    return f"removed <{name}>{held} (not allowed in sanitized HTML; {KEEP})"


def attribute_removal(element: str, name: str, value: str) -> tuple[str, str]:
    """(short name, message) for attribute ``name`` removed from ``element``."""
    scheme = scheme_of(value) if name in URL_SCHEMES else None
    if scheme is not None and not url_allowed(name, value):
        shown = value if len(value) <= 40 else value[:39] + "…"
        allowed = ", ".join(f"{s}:" for s in URL_SCHEMES[name])
        return f"{scheme}: URL", (
            f'removed {name}="{shown}" from <{element}> ({scheme}: URLs are not allowed here,'
            f" only {allowed} and relative ones; {KEEP})"
        )
    if name.startswith("on"):
        return name, (
            f"removed {name} from <{element}> (event handlers run scripts, which sanitized"
            f" HTML does not allow; {KEEP})"
        )
    return name, (
        f"removed the {name} attribute from <{element}> (not allowed in sanitized HTML; {KEEP})"
    )


def removal_warnings(
    source: str, body_line: int, removed: Iterable[tuple[int, str, str]]
) -> tuple[Problem, ...]:
    """Warnings at file lines: the first few removals one by one, the rest counted."""
    ordered = sorted(removed, key=lambda item: item[0])
    listed = len(ordered) if len(ordered) <= SHOWN_WARNINGS + 1 else SHOWN_WARNINGS
    shown = [
        Problem(source, body_line + line, f"warning: {message}")
        for line, _, message in ordered[:listed]
    ]
    rest = ordered[listed:]
    if not rest:
        return tuple(shown)
    counts = Counter(name for _, name, _ in rest)
    what = ", ".join(
        name if count == 1 else f"{name} ({count})" for name, count in sorted(counts.items())
    )
    last = body_line + rest[-1][0]
    summary = (
        f"warning: removed {len(rest)} more from raw HTML up to line {last}: {what}"
        " (set markdown.html: unsafe to keep them)"
    )
    return (*shown, Problem(source, body_line + rest[0][0], summary))
