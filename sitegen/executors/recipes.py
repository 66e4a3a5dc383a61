"""What a cluster worker needs for each map stage, as picklable recipes.

A Jinja environment or a markdown-it parser does not pickle, and a worker on
another machine cannot read the site folder. So a recipe carries values (the
configuration, the shortcode registry, every template's source, the site
model) and its ``build`` makes the live state on the worker, once per worker.
Template sources keep the file names this machine gave them, so an error in a
template is reported at the same ``PATH:LINE`` wherever it rendered.

Also the two map functions that only a cluster runs: front matter (on this
machine it is cheaper than forking) and Pagefind indexing of the search
index's base or delta (on this machine, a thread waits on a Pagefind process).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from sitegen.config import MarkdownConfig, SiteConfig
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problem, Problems
from sitegen.language import Words, site_words
from sitegen.markdown import make_markdown
from sitegen.markdown.bodies import BodyState
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.model import Article, Blob, Site, SourceFile, Urls, WithBodies
from sitegen.post.search import SearchRecord, index_here
from sitegen.render.environment import THEME_DIR, JinjaShortcodes, make_environment
from sitegen.render.pages import PageRenderer
from sitegen.site.urls import LinkRewriter

COSTS = {
    "front matter": 0.0001,
    "bodies": 0.002,
    "pages": 0.0035,
    "search": 2.0,
}
"""About how many seconds one item of each stage takes (``benchmarks/cluster.py``
measures them per article; a search item is one whole index, the base or the
delta, so it always goes alone): a cluster sizes its batches from them."""


@dataclass(frozen=True, slots=True)
class TemplateSources:
    """Every template the build's loader sees, by name: source and file name."""

    site_dir: str
    """The site folder, resolved: template paths in messages are relative to it."""
    templates: tuple[tuple[str, str, str, str], ...]
    """``(name, source, root, path)``: root ``site`` or ``theme`` (``path`` under it),
    or empty (``path`` as the loader gave it)."""
    words: Words = field(default_factory=site_words)
    """The theme's words in the site's language, as ``t()`` gives them."""

    @classmethod
    def of(cls, env: jinja2.Environment, site_dir: Path, words: Words) -> TemplateSources:
        """The sources ``env`` would load, the site's ``layouts/`` over the theme."""
        assert env.loader is not None
        site, theme = site_dir.resolve(), THEME_DIR.resolve()
        found = []
        for name in sorted(env.loader.list_templates()):
            source, filename, _ = env.loader.get_source(env, name)
            root, path = "", filename or ""
            if filename:
                resolved = Path(filename).resolve()
                for label, base in (("site", site), ("theme", theme)):
                    if resolved.is_relative_to(base):
                        root, path = label, resolved.relative_to(base).as_posix()
                        break
            found.append((name, source, root, path))
        return cls(str(site), tuple(found), words)

    def environment(self) -> jinja2.Environment:
        """The environment of ``make_environment``, loading from these sources."""
        site = Path(self.site_dir)
        bases = {"site": site, "theme": THEME_DIR}
        env = make_environment(site, words=self.words)
        env.loader = _SourcesLoader(
            {
                name: (source, str(bases[root] / path) if root else path)
                for name, source, root, path in self.templates
            }
        )
        return env


class _SourcesLoader(jinja2.BaseLoader):
    """Templates from memory, with the file names they had where they were read."""

    def __init__(self, sources: Mapping[str, tuple[str, str]]) -> None:
        self.sources = dict(sources)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, None]:
        try:
            source, filename = self.sources[template]
        except KeyError:
            raise jinja2.TemplateNotFound(template) from None
        return source, filename or None, None

    def list_templates(self) -> list[str]:
        return sorted(self.sources)


@dataclass(frozen=True, slots=True)
class BodyRecipe:
    """``BodyState`` as values: parser options, shortcodes, templates, link targets."""

    markdown: MarkdownConfig
    registry: ShortcodeRegistry
    templates: TemplateSources
    urls: Urls
    rewriter: LinkRewriter
    language: str = "en"

    def build(self) -> tuple[BodyState, Callable[[Sequence[Article]], list[Article]]]:
        """The body map's state; the articles come with their markdown (a worker
        cannot read the build's store)."""
        env = self.templates.environment()
        shortcodes = JinjaShortcodes(env, Path(self.templates.site_dir), self.urls)
        parser = make_markdown(self.markdown, self.registry, self.language, self.templates.words)
        return BodyState(parser, shortcodes, self.rewriter), list


@dataclass(frozen=True, slots=True)
class PageRecipe:
    """A ``PageRenderer`` and ``minify`` as values: the site model and the templates."""

    site: Site
    templates: TemplateSources
    urls: Urls
    salt: str
    """What every page reads besides the site model (``RenderTools.page_salt``):
    the worker keys each page's view as this process would."""
    search_bundles: tuple[str, ...]
    minify: bool
    output_dir: Path
    """Only named in messages; a worker writes nothing."""

    def build(self) -> tuple[PageRenderer, bool, None, Path, WithBodies, None]:
        """The page map's state, without a staging folder: the worker sends each
        page's bytes back, and the client stages them. The site model holds its
        bodies (a worker cannot read the build's store). No social cards: the
        client draws them, into its image cache."""
        renderer = PageRenderer(
            self.site,
            self.templates.environment(),
            self.urls,
            Path(self.templates.site_dir),
            self.salt,
            self.search_bundles,
        )
        return renderer, self.minify, None, self.output_dir, list, None


@dataclass(frozen=True, slots=True)
class Value:
    """A state that pickles as it is (the configuration, a language)."""

    value: object

    def build(self) -> object:
        return self.value


FrontMatterResult = tuple[Article | None, tuple[Problem, ...]]


def parse_front_matter_chunk(
    config: SiteConfig, sources: Sequence[SourceFile]
) -> list[FrontMatterResult]:
    """``parse_article`` over ``sources``, each with the problems it reported."""
    results: list[FrontMatterResult] = []
    for source in sources:
        found = Problems()
        article = parse_article(source, config, found)
        results.append((article, tuple(found)))
    return results


def index_records_chunk(
    language: str, indexes: Sequence[Sequence[SearchRecord]]
) -> list[dict[str, Blob]]:
    """The Pagefind bundle of each index's records (the worker runs its own Pagefind),
    all in memory: it goes back to the build whole."""
    return [index_here(records, language) for records in indexes]
