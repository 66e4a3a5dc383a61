"""Article bodies: markdown and shortcodes over all cores, from the cache when current.

Workers are forked with everything they need (parser, templates, link
rewriter) and only results travel back; a body rendered with problems is
never cached, so its errors are reported on every build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from sitegen.cache import BodyCache
from sitegen.errors import Problem, Problems
from sitegen.markdown import render_article
from sitegen.model import Article, RenderedArticle
from sitegen.post.search import plain_text
from sitegen.render.environment import JinjaShortcodes
from sitegen.site.urls import LinkRewriter, is_relative_href

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the CLI shows it on a terminal only."""

MapChunks = Callable[[Callable[[Any, Sequence[Any]], list[Any]], Any, Sequence[Any]], Iterable[Any]]
"""``map_chunks(fn, state, items)``: ``fn(state, chunk)`` over chunks, results in order
(the build's executor: a fork pool here, or a cluster)."""


@dataclass(frozen=True, slots=True)
class BodyState:
    """What a worker needs to render bodies; inherited by fork, never pickled."""

    md: MarkdownIt
    shortcodes: JinjaShortcodes
    rewriter: LinkRewriter


class RecordingResolver:
    """Resolves links and remembers how relative links resolved, for the cache: they
    depend on other articles' URLs and on the files in ``content/``. So do the
    articles a ``ref`` found, which depend on which articles there are."""

    def __init__(self, resolve: LinkRewriter) -> None:
        self.resolve = resolve
        self.resolved: dict[str, str] = {}
        self.refs: dict[str, str] = {}

    def __call__(self, href: str, source: str) -> str:
        result = self.resolve(href, source)
        if is_relative_href(href):
            self.resolved[href] = result
        return result

    def find_article(self, path: str, source: str) -> str:
        """``LinkRewriter.find_article``, remembered when it finds one."""
        found = self.resolve.find_article(path, source)
        self.refs[path] = found
        return found


BodyResult = tuple[RenderedArticle | None, tuple[Problem, ...], dict[str, str], dict[str, str]]
"""(body, its problems, how its relative links resolved, what its refs found)."""


def _render_body_chunk(state: BodyState, articles: Sequence[Article]) -> list[BodyResult]:
    results: list[BodyResult] = []
    for article in articles:
        found = Problems()
        recorder = RecordingResolver(state.rewriter)
        rendered = render_article(
            article, state.md, state.shortcodes, recorder, found, recorder.find_article
        )
        if rendered is not None:  # the search text, made here so it is cached with the body
            rendered = dataclasses.replace(rendered, text=plain_text(rendered.html))
        results.append((rendered, found.sorted(), recorder.resolved, recorder.refs))
    return results


def render_bodies(
    articles: Sequence[Article],
    state: BodyState,
    cache: BodyCache,
    map_chunks: MapChunks,
    problems: Problems,
    progress: Progress,
) -> list[RenderedArticle]:
    """Markdown and shortcodes for every published article, from the cache when current.

    A body with problems is never cached, so its errors are reported on every build.
    """
    cached = cache.get_many(articles, state.rewriter)
    missing = [a for a in articles if cached[a.source] is None]
    progress("render", len(articles) - len(missing), len(articles))
    fresh: dict[str, RenderedArticle] = {}
    for article, (rendered, found, resolved, refs) in zip(
        missing, map_chunks(_render_body_chunk, state, missing), strict=True
    ):
        problems.extend(found)
        if rendered is not None:
            fresh[article.source] = rendered
            if not found:
                cache.put(rendered, resolved, refs)
    progress("render", len(articles), len(articles))
    return [r for a in articles if (r := cached[a.source] or fresh.get(a.source)) is not None]
