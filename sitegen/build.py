"""The build pipeline, top to bottom. The only module that knows the order.

config → discover + front matter → URLs → markdown (+ shortcodes) → site model
→ pages → feeds, sitemaps → minify → stage and swap into the output directory.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from sitegen.bodies import BodyState, Progress, render_bodies
from sitegen.cache import (
    BodyCache,
    BundleFiles,
    ParsedArticles,
    RelatedLists,
    code_fingerprint,
    salt_for,
)
from sitegen.config import SiteConfig, load_config
from sitegen.content.discover import check_links, find_sources, read_source
from sitegen.content.frontmatter import parse_landing
from sitegen.deps import Stamp, input_stamp
from sitegen.errors import Problem, Problems, RunError, SiteError
from sitegen.executors import Executor, LocalExecutor
from sitegen.executors.recipes import (
    COSTS,
    BodyRecipe,
    PageRecipe,
    TemplateSources,
    Value,
    index_shard_chunk,
    parse_front_matter_chunk,
)
from sitegen.images import IMAGE_DIR, ImageFiles, make_pictures, published_paths
from sitegen.images.store import ImageStore
from sitegen.images.template import CardTemplate, load_card_template
from sitegen.markdown import load_shortcode_registry, make_markdown, render_landing
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.model import (
    Article,
    BuildOptions,
    Landing,
    OutputFile,
    RenderedArticle,
    RenderedLanding,
    Site,
    SourceFile,
    Urls,
)
from sitegen.output.claims import GENERATED, Claim, check_claims, site_claims
from sitegen.output.fingerprint import Assets, fingerprint_assets
from sitegen.output.lock import holding, output_lock_path
from sitegen.output.manifest import Manifest, output_is_intact
from sitegen.output.minify import minify_page
from sitegen.output.write import write_site
from sitegen.post.feeds import atom_feeds, json_feed
from sitegen.post.hosting import host_files
from sitegen.post.search import SEARCH_DIR, IndexMany, search_index, shard_count, shard_paths
from sitegen.post.sitemap import NEWS_WINDOW, news_sitemap, robots, sitemap
from sitegen.render.environment import (
    THEME_DIR,
    JinjaShortcodes,
    make_environment,
    shortcode_templates,
)
from sitegen.render.pages import PageKeys, PageRenderer, PageTask, page_tasks, render_page
from sitegen.reuse import (
    cache_directory,
    manifest_path,
    previous_page_keys,
    reused_are_intact,
    save_page_keys,
)
from sitegen.site.assemble import assemble_site, check_related_slugs, select_published
from sitegen.site.taxonomy import name_warnings
from sitegen.site.urls import LinkRewriter, assign_urls
from sitegen.slugs import is_landing
from sitegen.workers import forks, parallel_map


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a build would write, before writing: shared by build and check."""

    site: Site
    files: tuple[OutputFile, ...]
    copies: tuple[tuple[Path, str], ...]
    horizon: datetime | None = None
    """When the same inputs would first give other output (the clock moved on)."""
    complete: Callable[[], Prepared] | None = None
    """With ``defer_search``: the same build with its search index made afresh
    (``files`` hold the last build's index until then)."""
    unbuilt: frozenset[str] = frozenset()
    """Articles left out for their problems (``keep_going``): links to them are
    not reported again as broken."""
    notes: tuple[Problem, ...] = ()
    """Warnings about the site as a whole (names that share a page)."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the build left out (raw HTML the sanitizer refused, a social card
        its font cannot draw) or suspects (names that share a page), by file and line."""
        found = [*(w for r in self.site.articles for w in r.warnings), *self.notes]
        found.extend(self.site.pictures.warnings)
        return tuple(sorted(found, key=lambda w: (w.path, w.line)))  # stable: as written


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What the summary line reports."""

    pages: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """``warning: …`` messages at file lines; the build still succeeded."""


def effective_config(
    options: BuildOptions, problems: Problems, warnings: list[Problem] | None = None
) -> SiteConfig:
    """site.yaml with the command line's overrides applied."""
    config = load_config(options.site_dir, problems, warnings)
    if options.base_url:
        base = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
        config = dataclasses.replace(config, base_url=base)
    return config


@dataclass(frozen=True, slots=True)
class Loaded:
    """The content as read: articles, landing texts, files to copy, and the files
    that failed."""

    articles: tuple[Article, ...]
    files: tuple[tuple[str, str], ...]
    """(source path relative to the site, output path) of every other content file."""
    unread: frozenset[str]
    """Articles whose front matter has problems (already recorded): later stages
    must not report them again as missing (one cause, one message)."""
    landings: tuple[Landing, ...] = ()
    """The ``_index.md`` landing texts."""
    notes: tuple[Problem, ...] = ()
    """What reading dropped (characters no page or feed can carry), as warnings."""


def load_articles(
    options: BuildOptions,
    config: SiteConfig,
    problems: Problems,
    executor: Executor | None = None,
) -> Loaded:
    """Every article with checked front matter, the other content files to copy,
    and the ``_index.md`` landing texts.

    A file unchanged since the last build is not read again: its parse is cached.
    Files are read here; their front matter is parsed by ``executor`` (here,
    unless it is a cluster).
    """
    run = executor or LocalExecutor(options.jobs)
    found, files = find_sources(options.site_dir, problems, config.exclude)
    salt = salt_for([code_fingerprint(), repr(config)])
    parsed = ParsedArticles(cache_directory(options), salt, time.time_ns())
    slots: list[Article | SourceFile] = []
    unread: set[str] = set()
    signatures: dict[str, tuple[int, ...]] = {}
    landings: list[Landing] = []
    notes: list[Problem] = []
    for source in found:
        if is_landing(source.path.rpartition("/")[2]):
            text = read_source(source, problems)
            landing = parse_landing(text, config, problems) if text is not None else None
            if landing is not None:
                landings.append(landing)
                notes.extend(text.warnings if text is not None else ())
            continue
        article = parsed.get(source.path, source.signature)
        if article is not None:
            slots.append(article)
            continue
        text = read_source(source, problems)
        if text is None:
            unread.add(source.path)
            continue
        signatures[source.path] = source.signature
        slots.append(text)
    fresh = parse_sources([s for s in slots if isinstance(s, SourceFile)], config, problems, run)
    unread.update(path for path, made in fresh.items() if made is None)
    articles: list[Article] = []
    for slot in slots:
        if isinstance(slot, Article):
            articles.append(slot)
        elif (made := fresh[slot.path]) is not None:
            parsed.put(slot.path, signatures[slot.path], made)
            articles.append(made)
    notes.extend(warning for article in articles for warning in article.warnings)
    parsed.save()
    return Loaded(tuple(articles), files, frozenset(unread), tuple(landings), tuple(notes))


def parse_sources(
    sources: Sequence[SourceFile], config: SiteConfig, problems: Problems, executor: Executor
) -> dict[str, Article | None]:
    """Each source's Article (None when its front matter has problems, recorded)."""
    results = executor.map(
        parse_front_matter_chunk,
        config,
        sources,
        lambda: Value(config),
        COSTS["front matter"],
        fork=False,
    )
    parsed: dict[str, Article | None] = {}
    for source, (article, found) in zip(sources, results, strict=True):
        problems.extend(found)
        parsed[source.path] = article
    return parsed


@dataclass(frozen=True, slots=True)
class RenderTools:
    """What renders bodies and pages, made once per build from the layouts and config."""

    options: BuildOptions
    config: SiteConfig
    env: jinja2.Environment
    assets: Assets
    urls: Urls
    markdown: MarkdownIt
    registry: ShortcodeRegistry
    executor: Executor
    """Where bodies and pages render: this machine's cores or a cluster."""

    @classmethod
    def make(
        cls,
        options: BuildOptions,
        config: SiteConfig,
        problems: Problems,
        executor: Executor | None = None,
    ) -> RenderTools:
        """Records a broken shortcode declaration in ``problems``; raises SiteError
        for a symbolic link in ``layouts/`` that leaves the site (nothing is read)."""
        layouts = Problems()
        check_links(options.site_dir, "layouts", layouts)
        layouts.raise_if_any()
        # Asset names are hashed before any page renders: pages link to the hashed names.
        assets = fingerprint_assets(_static_files(options.site_dir, "static"))
        compiled = cache_directory(options) / "templates" / code_fingerprint()[:16]
        env = make_environment(options.site_dir, compiled_dir=compiled)
        registry = load_shortcode_registry(shortcode_templates(env, options.site_dir), problems)
        markdown = make_markdown(config.markdown, registry)
        urls = Urls.for_config(config, assets.names)
        run = executor or LocalExecutor(options.jobs)
        return cls(options, config, env, assets, urls, markdown, registry, run)

    def bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        progress: Progress = _no_progress,
        every: bool = True,
        files: Iterable[str] = (),
    ) -> list[RenderedArticle]:
        """Rendered bodies, from the cache when current; ``sources`` maps every
        published article's file to its URL, for links between articles, and
        ``files`` lists the files copied from ``content/``, for links to them. With
        ``every`` (all published articles), cached bodies of no other are dropped."""
        options = self.options
        rewriter = LinkRewriter(sources, self.urls.base_path, files)
        shortcodes = JinjaShortcodes(self.env, options.site_dir, self.urls)
        templates = repr(shortcode_templates(self.env, options.site_dir))
        # A shortcode's asset() gives a content-hashed name; only then does a
        # stylesheet edit change bodies (url() reads base_url, in the config).
        assets = repr(sorted(self.urls.assets.items())) if "asset" in templates else ""
        salt = salt_for([code_fingerprint(), repr(self.config), templates, assets])
        cache = BodyCache(cache_directory(options), salt)
        state = BodyState(self.markdown, shortcodes, rewriter)

        def recipe() -> BodyRecipe:
            sources = TemplateSources.of(self.env, options.site_dir)
            return BodyRecipe(self.config.markdown, self.registry, sources, self.urls, rewriter)

        def map_chunks(
            fn: Callable[[Any, Sequence[Any]], list[Any]], state: object, items: Sequence[Any]
        ) -> Iterable[Any]:
            return self.executor.map(fn, state, items, recipe, COSTS["bodies"])

        try:
            return render_bodies(articles, state, cache, map_chunks, problems, progress)
        finally:
            cache.close(prune=every)

    def landings(
        self,
        landings: Sequence[Landing],
        sources: Mapping[str, str],
        problems: Problems,
        files: Iterable[str] = (),
    ) -> list[RenderedLanding]:
        """The ``_index.md`` bodies, rendered afresh (a site has a handful)."""
        rewriter = LinkRewriter(sources, self.urls.base_path, files)
        shortcodes = JinjaShortcodes(self.env, self.options.site_dir, self.urls)
        rendered = (
            render_landing(
                landing, self.markdown, shortcodes, rewriter, problems, rewriter.find_article
            )
            for landing in landings
        )
        return [r for r in rendered if r is not None]

    def pictures(self, site: Site, problems: Problems, every: bool = True) -> ImageFiles:
        """The images the articles show, processed, and their social cards; from
        the cache when current. With ``every`` (all published articles), cached
        images and cards of no other are dropped."""
        options = self.options
        copied = [src for src, _ in site.files]
        rewriter = LinkRewriter(site.urls, self.urls.base_path, copied)
        store = ImageStore(cache_directory(options), time.time_ns())
        assets = [dest for _, dest in self.assets.copies] + [f.path for f in self.assets.files]

        def map_chunks(
            fn: Callable[[Any, Sequence[Any]], list[Any]], state: object, items: Sequence[Any]
        ) -> list[Any]:
            return parallel_map(fn, state, items, options.jobs)

        def template() -> CardTemplate | None:
            return load_card_template(options.site_dir, THEME_DIR, problems)

        cards = template if self.config.social_cards else None
        try:
            return make_pictures(
                site,
                options.site_dir,
                rewriter,
                self.urls.base_path,
                assets,
                store,
                map_chunks,
                cards,
                problems,
            )
        finally:
            store.save(prune=every and not problems)


def read_site(site_dir: Path, now: datetime) -> tuple[SiteConfig, tuple[Article, ...]]:
    """The configuration and every article as a default build reads them, for the
    commands that look at the content without building it (``related``, ``schedule``).

    Raises SiteError with every problem of site.yaml or of the front matter.
    """
    problems = Problems()
    options = BuildOptions(site_dir=site_dir, output_dir=site_dir / "output", now=now)
    config = effective_config(options, problems)
    problems.raise_if_any()
    articles = load_articles(options, config, problems).articles
    problems.raise_if_any()
    return config, articles


def published_bodies(
    site_dir: Path, now: datetime, config: SiteConfig, articles: Sequence[Article]
) -> list[RenderedArticle]:
    """The rendered bodies of what a default build publishes, from its cache when
    current, for the commands that need an article's text (``related --explain``).

    Raises SiteError with every problem of the bodies.
    """
    problems = Problems()
    options = BuildOptions(site_dir=site_dir, output_dir=site_dir / "output", now=now)
    published = select_published(articles, now, drafts=False, future=False)
    urls = assign_urls(published, config, problems)
    tools = RenderTools.make(options, config, problems)
    problems.raise_if_any()
    rendered = tools.bodies(published, urls, problems, every=False)
    problems.raise_if_any()
    return rendered


def prepare(
    options: BuildOptions,
    problems: Problems,
    progress: Progress = _no_progress,
    defer_search: bool = False,
    keep_going: bool = False,
    executor: Executor | None = None,
) -> Prepared:
    """Run every stage up to, not including, writing, and raise SiteError with
    every problem found by any stage.

    A file with problems is left out and the stages go on with the rest, so one
    run reports the front matter, shortcodes and templates of every file; only
    site.yaml and the shortcode declarations, which every article depends on,
    stop it early. ``keep_going`` (``check``) returns what could be prepared
    instead of raising, with the problems recorded.

    ``defer_search`` (the preview) keeps the last build's search index in ``files``
    and leaves indexing to ``Prepared.complete``: a reader sees an edit before
    Pagefind has indexed it.

    ``executor`` runs the map stages (front matter, bodies, pages, search
    shards); by default this machine's ``options.jobs`` processes.
    """
    executor = executor or LocalExecutor(options.jobs)
    read_notes: list[Problem] = []
    config = effective_config(options, problems, read_notes)
    problems.raise_if_any()  # every later stage reads the config

    loaded = load_articles(options, config, problems, executor)
    articles, files, landings = loaded.articles, loaded.files, loaded.landings
    progress("read", len(articles), len(articles))
    check_related_slugs(articles, problems, loaded.unread)
    published = select_published(
        articles, options.now, drafts=options.drafts, future=options.future
    )
    # URLs come before markdown: bodies link to other articles by file or URL.
    urls = assign_urls(published, config, problems)
    declarations = Problems()
    tools = RenderTools.make(options, config, declarations, executor)
    if declarations:  # a broken shortcode declaration would misreport every article
        problems.extend(declarations)
        problems.raise_if_any()
    env, assets, link_map = tools.env, tools.assets, tools.urls
    # Bodies without a URL are still rendered, for their own problems, then left out.
    copied = [s for s, _ in files]
    rendered = [
        r
        for r in tools.bodies(published, urls, problems, progress, files=copied)
        if r.article.source in urls
    ]
    texts = tools.landings(landings, urls, problems, copied)
    built = {r.article.source for r in rendered}
    unbuilt = loaded.unread | {a.source for a in published if a.source not in built}

    site = assemble_site(
        config, rendered, urls, files, options.now, RelatedLists(cache_directory(options)), texts
    )
    # Images after the site model (which ones a body shows is known once it is
    # rendered) and before pages, which carry every image's size.
    images = tools.pictures(site, problems)
    site = dataclasses.replace(site, pictures=images.pictures)
    known = previous_page_keys(options, env, link_map, config)
    bundles = BundleFiles(cache_directory(options))

    def index(keys: Mapping[str, str]) -> list[OutputFile]:
        spread = remote_indexing(executor) if executor.remote else None
        return search_index(site, link_map, bundles, options.jobs, keys, spread)

    last_index = [
        OutputFile(path, b"", key=key, reused=True)
        for path, key in known.keys.items()
        if path.startswith(SEARCH_DIR + "/")
    ]
    deferred = defer_search and bool(last_index)
    failing = bool(problems)  # pages still render, for their template errors; none is indexed
    search = (lambda keys: []) if failing else (lambda keys: last_index) if deferred else index
    outputs = produce_outputs(site, env, link_map, options, known, problems, search, executor)
    if problems and not keep_going:
        raise SiteError(problems.sorted())
    if not problems and not reused_are_intact(outputs, options):  # changed behind our back
        deferred, unkeyed = False, PageKeys(known.salt, {})
        outputs = produce_outputs(site, env, link_map, options, unkeyed, problems, index, executor)
        if not keep_going:
            problems.raise_if_any()
    pages = sum(1 for f in outputs if f.path.endswith(".html"))
    progress("pages", pages, pages)
    # An original whose location data was taken out is published from the cache
    # (or, when the cache cannot be written, from memory: images.files).
    copies = [
        (images.originals.get(src) or options.site_dir / src, dest)
        for src, dest in files
        if src not in images.replaced
    ]
    copies.extend(assets.copies)
    copies.extend(images.copies)
    generated = [dest for _, dest in images.copies]
    generated.extend(f.path for f in images.files if f.path.startswith(IMAGE_DIR + "/"))
    # Nothing may silently replace another output: an alias "/" or a content/feed.xml.
    claims = site_claims(site, outputs, assets.copies, options.site_dir)
    claims.extend(Claim(dest, GENERATED) for dest in generated)
    check_claims(claims, problems)
    if problems and not keep_going:
        raise SiteError(problems.sorted())
    horizon = clock_horizon(articles, site, options)

    def finish(made: Sequence[OutputFile]) -> Prepared:
        outputs = [*made, *assets.files, *images.files]
        # Last: the host files (_headers) give every other output path its caching.
        paths = [f.path for f in outputs] + [dest for _, dest in copies]
        immutable = assets.immutable | published_paths(site.pictures)
        outputs.extend(host_files(site, link_map, paths, immutable))
        return Prepared(
            site,
            tuple(outputs),
            tuple(copies),
            horizon,
            unbuilt=frozenset(unbuilt),
            notes=(
                *read_notes,
                *loaded.notes,
                *name_warnings([r.article for r in site.articles], config),
            ),
        )

    if not deferred:
        return finish(outputs)
    others = [f for f in outputs if not f.path.startswith(SEARCH_DIR + "/")]
    return dataclasses.replace(
        finish(outputs), complete=lambda: finish([*others, *index(known.keys)])
    )


def clock_horizon(
    articles: Sequence[Article], site: Site, options: BuildOptions
) -> datetime | None:
    """The first moment the build's clock changes the output of these same inputs."""
    if not site.articles:
        return options.now  # feeds of an empty site carry the build time
    moments = [] if options.future else [a.date for a in articles if a.date > options.now]
    if site.config.news_sitemap:
        moments.extend(
            r.article.date + NEWS_WINDOW
            for r in site.articles
            if r.article.date + NEWS_WINDOW >= options.now
        )
    return min(moments, default=None)


def produce_outputs(
    site: Site,
    env: jinja2.Environment,
    link_map: Urls,
    options: BuildOptions,
    known: PageKeys,
    problems: Problems,
    search: Callable[[Mapping[str, str]], list[OutputFile]],
    executor: Executor | None = None,
) -> list[OutputFile]:
    """Pages, feeds, sitemaps and the search index, with ``known`` outputs reused.

    Pagefind indexes in a process of its own, mostly on one core, so a thread
    waits on it while this one renders pages and feeds. When page rendering
    forks workers the thread starts after it: forking while a thread runs is unsafe.
    """
    executor = executor or LocalExecutor(options.jobs)
    renderer = PageRenderer(
        site,
        env,
        link_map,
        options.site_dir,
        known,
        shard_paths(shard_count(len(site.articles)))[1:],
    )
    planned = [(task, *renderer.page_key(task)) for task in page_tasks(site)]
    todo = [(task, key) for task, path, key in planned if not key or known.keys.get(path) != key]

    def index() -> list[OutputFile]:
        return search(known.keys)

    with ThreadPoolExecutor(1) as background:
        forking = not executor.remote and forks(len(todo), options.jobs)
        indexing = None if forking else background.submit(index)
        outputs = render_pages(renderer, planned, todo, options, problems, executor)
        if indexing is None:
            indexing = background.submit(index)
        outputs.extend(
            [
                *atom_feeds(site, link_map, known.salt, known.keys),
                json_feed(site, link_map),
                sitemap(site, link_map),
                robots(site, link_map),
            ]
        )
        if site.config.news_sitemap:
            outputs.append(news_sitemap(site, link_map))
        outputs.extend(indexing.result())  # the Pagefind bundle, written with the pages
    return outputs


def render_pages(
    renderer: PageRenderer,
    planned: Sequence[tuple[PageTask, str, str]],
    todo: Sequence[tuple[PageTask, str]],
    options: BuildOptions,
    problems: Problems,
    executor: Executor | None = None,
) -> list[OutputFile]:
    """Every planned page in order: ``todo`` rendered over all cores, the others reused.

    A reused page comes back without its bytes: the output directory holds them
    (see ``reuse.py``).
    """
    executor = executor or LocalExecutor(options.jobs)
    fresh: dict[PageTask, OutputFile] = {}

    def recipe() -> PageRecipe:
        sources = TemplateSources.of(renderer.env, options.site_dir)
        bundles = renderer.site_view.search_bundles
        return PageRecipe(
            renderer.site, sources, renderer.urls, renderer.known.salt, bundles, options.minify
        )

    state = (renderer, options.minify)
    made = executor.map(_render_page_chunk, state, todo, recipe, COSTS["pages"])
    for (task, _), (file, found) in zip(todo, made, strict=True):
        problems.extend(found)
        if file is not None:
            fresh[task] = file
    return [
        fresh[task] if task in fresh else OutputFile(path, b"", key=key, reused=True)
        for task, path, key in planned
        if task in fresh or (key and renderer.known.keys.get(path) == key)
    ]


def remote_indexing(executor: Executor) -> IndexMany:
    """Pagefind over search shards on a cluster's workers, one shard per task."""

    def index_many(shards: Sequence[Sequence[Any]], language: str) -> Iterable[Mapping[str, bytes]]:
        return executor.map(
            index_shard_chunk, language, shards, lambda: Value(language), COSTS["search"]
        )

    return index_many


def _render_page_chunk(
    state: tuple[PageRenderer, bool], tasks: Sequence[tuple[PageTask, str]]
) -> list[tuple[OutputFile | None, tuple[Problem, ...]]]:
    renderer, minify = state
    results: list[tuple[OutputFile | None, tuple[Problem, ...]]] = []
    for task, key in tasks:
        try:
            file = render_page(renderer, task, key)
        except SiteError as error:
            results.append((None, tuple(error.problems)))
            continue
        results.append((minify_page(file) if minify else file, ()))
    return results


def _static_files(site_dir: Path, prefix: str) -> list[tuple[Path, str]]:
    """Theme assets first, then the site's ``layouts/static/`` over them, file by file.

    Links are followed: ``check_links`` has refused, before, any that leaves the
    site or loops.
    """
    chosen: dict[str, Path] = {}
    for base in (THEME_DIR / "static", site_dir / "layouts" / "static"):
        if not base.is_dir():
            continue
        for folder, dirs, names in os.walk(base, followlinks=True):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = Path(folder) / name
                chosen[f"{prefix}/{path.relative_to(base).as_posix()}"] = path
    return [(path, dest) for dest, path in sorted(chosen.items())]


def say_waiting(line: str) -> None:
    print(f"sitegen: {line}", file=sys.stderr, flush=True)


def exclusive(
    options: BuildOptions, doing: str, waiting: Callable[[str], None] = say_waiting
) -> AbstractContextManager[None]:
    """Hold the locks of ``options``' cache and output directory for a block: one
    build (or preview rebuild, or check) at a time uses them. See ``output/lock.py``."""
    locks = [cache_directory(options) / "lock", output_lock_path(options.output_dir.absolute())]
    return holding(locks, doing, waiting)


def build(
    options: BuildOptions,
    progress: Progress = _no_progress,
    waiting: Callable[[str], None] = say_waiting,
    executor: Executor | None = None,
) -> BuildResult:
    """Build the site into ``options.output_dir``; raises SiteError with every problem,
    RunError when the machine stops it (a full disk, a folder it cannot write, a
    cluster ``executor`` that went away: then nothing is written).

    Waits while another build uses the same output or cache (``waiting`` says for whom).
    When no input changed since the last build into the same directory (and the
    output is untouched), nothing is done: see ``deps.py``.
    """
    with exclusive(options, f"the build of {options.output_dir}", waiting):
        try:
            return _build(options, progress, executor)
        except OSError as error:  # the cache's own files; output/ is as it was
            name = os.fsdecode(error.filename) if error.filename is not None else "sitegen"
            raise RunError(f"{name}: {error.strerror or error}") from None


def _build(
    options: BuildOptions, progress: Progress, executor: Executor | None = None
) -> BuildResult:
    started = time.perf_counter()
    stamp_path = manifest_path(options).with_suffix(".stamp.json")
    inputs = input_stamp(options, THEME_DIR, code_fingerprint())
    previous = Stamp.load(stamp_path)
    if previous is not None and previous.current(inputs, options.now):
        manifest = Manifest.load(manifest_path(options), options.output_dir.absolute())
        if manifest is not None and output_is_intact(options.output_dir.absolute(), manifest):
            elapsed = time.perf_counter() - started
            entries = len(manifest.entries)
            return BuildResult(previous.pages, 0, entries, elapsed, previous.warnings)
    stamp_path.unlink(missing_ok=True)
    problems = Problems()
    prepared = prepare(options, problems, progress, executor=executor)
    stats = write_site(prepared.files, prepared.copies, options.output_dir, manifest_path(options))
    save_page_keys(options, prepared.files)
    pages = sum(1 for f in prepared.files if f.path.endswith(".html"))
    horizon = prepared.horizon.isoformat() if prepared.horizon else None
    try:
        Stamp.of(inputs, horizon, pages, prepared.warnings).save(stamp_path)
    except OSError:
        stamp_path.unlink(missing_ok=True)
    elapsed = time.perf_counter() - started
    return BuildResult(pages, stats.written, stats.unchanged, elapsed, prepared.warnings)
