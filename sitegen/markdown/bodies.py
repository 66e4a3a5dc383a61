"""Article bodies: markdown and shortcodes for many articles, as one map.

A worker gets ``BodyState`` (parser, templates, link rewriter) once and
renders chunks of articles; each result carries what the engine needs to
decide whether it may keep the body for the next build: how its relative links
resolved and which article each ``ref`` found, since both depend on the other
articles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    def article_title(self, source: str) -> str: ...
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
    ``ref`` found, which depend on which articles there are, and the titles a
    body shows of other articles (Hexo's ``post_link``)."""

    def __init__(self, resolve: Rewriter) -> None:
        self.resolve = resolve
        self.resolved: dict[str, str] = {}
        self.refs: dict[str, str] = {}
        self.titles: dict[str, str] = {}

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

    def article_title(self, source: str) -> str:
        """``LinkRewriter.article_title``, remembered."""
        title = self.resolve.article_title(source)
        self.titles[source] = title
        return title


BodyResult = tuple[
    RenderedArticle | None, tuple[Problem, ...], dict[str, str], dict[str, str], dict[str, str]
]
"""(body, its problems, how its relative links resolved, what its refs found, the
titles of other articles it shows)."""


def render_body_chunk(state: BodyState, articles: Sequence[Article]) -> list[BodyResult]:
    """The map function: one result per article, in order."""
    results: list[BodyResult] = []
    for article in articles:
        found = Problems()
        recorder = RecordingResolver(state.rewriter)
        rendered = render_article(
            article,
            state.md,
            state.shortcodes,
            recorder,
            found,
            recorder.find_article,
            recorder.article_title,
        )
        results.append(
            (rendered, found.sorted(), recorder.resolved, recorder.refs, recorder.titles)
        )
    return results
