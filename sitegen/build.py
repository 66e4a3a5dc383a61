"""The build pipeline, top to bottom. The only module that knows the order.

config → discover + front matter → URLs → markdown (+ shortcodes) → site model
→ pages → feeds, sitemaps → minify → stage and swap into the output directory.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.config import SiteConfig, load_config
from sitegen.content.discover import discover_sources
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.markdown import load_shortcode_registry, make_markdown, render_article
from sitegen.model import Article, BuildOptions, OutputFile, RenderedArticle, Site, Urls
from sitegen.output.fingerprint import fingerprint_assets
from sitegen.output.minify import minify_page
from sitegen.output.write import write_site
from sitegen.post.feeds import atom_feeds, json_feed
from sitegen.post.hosting import host_files
from sitegen.post.sitemap import news_sitemap, robots, sitemap
from sitegen.render.environment import JinjaShortcodes, make_environment, shortcode_templates
from sitegen.render.pages import render_pages
from sitegen.site.assemble import assemble_site, check_related_slugs, select_published
from sitegen.site.urls import LinkRewriter, assign_urls

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; the CLI shows it on a terminal only."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a build would write, before writing: shared by build and check."""

    site: Site
    files: tuple[OutputFile, ...]
    copies: tuple[tuple[Path, str], ...]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What the summary line reports."""

    pages: int
    written: int
    unchanged: int
    seconds: float


def effective_config(options: BuildOptions, problems: Problems) -> SiteConfig:
    """site.yaml with the command line's overrides applied."""
    config = load_config(options.site_dir, problems)
    if options.base_url:
        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        config = dataclasses.replace(config, base_url=base)
    return config


def load_articles(
    options: BuildOptions, config: SiteConfig, problems: Problems
) -> tuple[tuple[Article, ...], tuple[tuple[str, str], ...]]:
    """Every article with checked front matter, and the other content files to copy."""
    sources, files = discover_sources(options.site_dir, problems)
    articles = tuple(
        article
        for source in sources
        if (article := parse_article(source, config, problems)) is not None
    )
    return articles, files


def prepare(
    options: BuildOptions, problems: Problems, progress: Progress = _no_progress
) -> Prepared:
    """Run every stage up to, not including, writing. Problems end it at a stage boundary."""
    config = effective_config(options, problems)
    problems.raise_if_any()  # every later stage reads the config

    articles, files = load_articles(options, config, problems)
    progress("read", len(articles), len(articles))
    check_related_slugs(articles, problems)
    published = select_published(
        articles, options.now, drafts=options.drafts, future=options.future
    )
    # URLs come before markdown: bodies link to other articles by file or URL.
    urls = assign_urls(published, config, problems)
    # Asset names are hashed before any page renders: pages link to the hashed names.
    assets = fingerprint_assets(_static_files(options.site_dir / "layouts" / "static", "static"))
    link_map = Urls.for_config(config, assets.names)

    env = make_environment(options.site_dir)
    registry = load_shortcode_registry(shortcode_templates(env, options.site_dir), problems)
    problems.raise_if_any()  # a broken shortcode declaration would misreport every article

    rewriter = LinkRewriter(
        {a.source: urls[a.slug] for a in published if a.slug in urls}, link_map.base_path
    )
    md = make_markdown(config.markdown, registry)
    shortcodes = JinjaShortcodes(env, options.site_dir)

    def render_one(article: Article, found: Problems) -> RenderedArticle | None:
        return render_article(article, md, shortcodes, rewriter, found)

    rendered = render_bodies(published, render_one, problems, progress)
    problems.raise_if_any()

    site = assemble_site(config, rendered, urls, files, options.now)
    pages = render_pages(site, env, link_map, options.site_dir, problems)
    problems.raise_if_any()
    extra = [
        *atom_feeds(site, link_map),
        json_feed(site, link_map),
        sitemap(site, link_map),
        robots(site, link_map),
    ]
    if config.news_sitemap:
        extra.append(news_sitemap(site, link_map))
    outputs = [*(minify_page(p) for p in pages), *extra] if options.minify else [*pages, *extra]
    outputs.extend(assets.files)
    copies = [(options.site_dir / src, dest) for src, dest in files]
    copies.extend(assets.copies)
    # Last: the host files (_headers) give every other output path its caching.
    paths = [f.path for f in outputs] + [dest for _, dest in copies]
    outputs.extend(host_files(site, link_map, paths, assets.immutable))
    return Prepared(site, tuple(outputs), tuple(copies))


def render_bodies(
    articles: Sequence[Article],
    render_one: Callable[[Article, Problems], RenderedArticle | None],
    problems: Problems,
    progress: Progress,
) -> list[RenderedArticle]:
    """Markdown and shortcodes for every published article, in order."""
    result = []
    for done, article in enumerate(articles, start=1):
        rendered = render_one(article, problems)
        if rendered is not None:
            result.append(rendered)
        if done % 50 == 0 or done == len(articles):
            progress("render", done, len(articles))
    return result


def _static_files(root: Path, prefix: str) -> list[tuple[Path, str]]:
    """Theme assets first, then the site's ``layouts/static/`` over them, file by file."""
    from sitegen.render.environment import THEME_DIR

    chosen: dict[str, Path] = {}
    for base in (THEME_DIR / "static", root):
        if not base.is_dir():
            continue
        for folder, dirs, names in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                if path.is_symlink() and not path.resolve().is_relative_to(base.resolve()):
                    continue
                chosen[f"{prefix}/{path.relative_to(base).as_posix()}"] = path
    return [(path, dest) for dest, path in sorted(chosen.items())]


def build(options: BuildOptions, progress: Progress = _no_progress) -> BuildResult:
    """Build the site into ``options.output_dir``; raises SiteError with every problem."""
    started = time.perf_counter()
    problems = Problems()
    prepared = prepare(options, problems, progress)
    stats = write_site(prepared.files, prepared.copies, options.output_dir)
    pages = sum(1 for f in prepared.files if f.path.endswith(".html"))
    return BuildResult(pages, stats.written, stats.unchanged, time.perf_counter() - started)
