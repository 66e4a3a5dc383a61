"""Article bodies: markdown and shortcodes for many articles, as one map.

A worker gets ``BodyState`` (parser, templates, link rewriter) once and
renders chunks of articles; each result carries what the engine needs to
decide whether it may keep the body for the next build: how its relative links
resolved and which article each ``ref`` found, since both depend on the other
articles. The search text is made here too, so it is kept with the body.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape
from typing import Protocol

from markdown_it import MarkdownIt

from sitegen.errors import Problem, Problems
from sitegen.markdown.document import ShortcodeRenderer
from sitegen.markdown.render import render_article
from sitegen.model import Article, RenderedArticle

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the CLI shows it on a terminal only."""


class Rewriter(Protocol):
    """How hrefs and ``ref`` paths resolve now (the site stage's ``LinkRewriter``)."""

    def __call__(self, href: str, source: str) -> str: ...
    def find_article(self, path: str, source: str) -> str: ...
    def reads_site(self, href: str) -> bool:
        """Whether the href resolves through other articles' URLs or files."""
        ...


@dataclass(frozen=True, slots=True)
class BodyState:
    """What a worker needs to render bodies; inherited by fork, never pickled."""

    md: MarkdownIt
    shortcodes: ShortcodeRenderer
    rewriter: Rewriter


class RecordingResolver:
    """Resolves links and remembers how relative links resolved: they depend on
    other articles' URLs and on the files in ``content/``. So do the articles a
    ``ref`` found, which depend on which articles there are."""

    def __init__(self, resolve: Rewriter) -> None:
        self.resolve = resolve
        self.resolved: dict[str, str] = {}
        self.refs: dict[str, str] = {}

    def __call__(self, href: str, source: str) -> str:
        result = self.resolve(href, source)
        if self.resolve.reads_site(href):
            self.resolved[href] = result
        return result

    def find_article(self, path: str, source: str) -> str:
        """``LinkRewriter.find_article``, remembered when it finds one."""
        found = self.resolve.find_article(path, source)
        self.refs[path] = found
        return found


BodyResult = tuple[RenderedArticle | None, tuple[Problem, ...], dict[str, str], dict[str, str]]
"""(body, its problems, how its relative links resolved, what its refs found)."""


def render_body_chunk(state: BodyState, articles: Sequence[Article]) -> list[BodyResult]:
    """The map function: one result per article, in order."""
    results: list[BodyResult] = []
    for article in articles:
        found = Problems()
        recorder = RecordingResolver(state.rewriter)
        rendered = render_article(
            article, state.md, state.shortcodes, recorder, found, recorder.find_article
        )
        if rendered is not None:
            rendered = dataclasses.replace(rendered, text=plain_text(rendered.html))
        results.append((rendered, found.sorted(), recorder.resolved, recorder.refs))
    return results


# -- the search text --------------------------------------------------------------

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
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    lines = (" ".join(line.split()) for line in unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
