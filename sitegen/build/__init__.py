"""The build pipeline, top to bottom. The only module that knows the order.

config → discover + front matter → URLs → markdown (+ shortcodes) → site model
→ images (social cards planned) → cards drawn, then pages (one pool; search
beside them) → feeds, sitemaps → minify → swap into the output.

The incremental engine (``incremental/``) is asked at a few named points: is
there anything to do (``Engine.unchanged``), what was parsed, rendered and
ranked before (its memo tables, in ``load_articles``, ``RenderTools.bodies``
and ``assemble_site``), which outputs the last build already wrote
(``Engine.known``, ``Engine.settle``, ``Engine.kept_intact``), and, once the
site is written, the record of this build (``Engine.record``).

This module is the order; the steps it calls are its parts: ``bodies`` (front
matter and bodies, and what the store keeps of them), ``pages`` (the page map
on the worker pool), ``indexing`` (the search step), ``edits`` (the short way
after article edits, and the remembered build it starts from) and
``prepared`` (what ``prepare`` hands the writer).
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from sitegen.build.bodies import (
    RenderTools,
    effective_config,
    filler,
    load_articles,
    memo_reader,
    no_progress,
    titles_of,
)
from sitegen.build.edits import (
    after_article_edits,
    only_articles_edited,
    remember_build,
    remembered_build,
    remembered_lists,
)
from sitegen.build.indexing import index_site
from sitegen.build.pages import PagePlan, page_recipe, render_pages, stager
from sitegen.build.prepared import BuildResult, Prepared
from sitegen.collector import collector_paused
from sitegen.entry import exclusive, say_waiting
from sitegen.errors import Problem, Problems, RunError, SiteError
from sitegen.executors import Executor, LocalExecutor
from sitegen.images import IMAGE_DIR, CardDrawing, published_paths
from sitegen.images.store import STORE_FOLDER as IMAGE_STORE
from sitegen.incremental.engine import Engine, output_keys
from sitegen.incremental.inputs import Inputs
from sitegen.markdown.bodies import Progress
from sitegen.model import Article, KeptFile, Output, OutputFile, Site, StrPath, WithBodies
from sitegen.options import BuildOptions
from sitegen.output.claims import GENERATED, Claim, check_claims, site_claims
from sitegen.output.manifest import Manifest
from sitegen.output.write import WriteStats, write_site
from sitegen.post.feeds import feed_jobs, json_feed
from sitegen.post.hosting import host_files
from sitegen.post.search import SEARCH_DIR, RecordDigests, search_roots
from sitegen.post.sitemap import NEWS_WINDOW, news_sitemap, robots, sitemap
from sitegen.render.environment import THEME_DIR
from sitegen.render.pages import PageRenderer, page_tasks
from sitegen.site.assemble import assemble_site, check_related_slugs, select_published
from sitegen.site.taxonomy import name_warnings, section_slugs
from sitegen.site.urls import assign_urls
from sitegen.workers import release_freed_memory


def build(
    options: BuildOptions,
    progress: Progress = no_progress,
    waiting: Callable[[str], None] = say_waiting,
    executor: Executor | None = None,
    inputs: Inputs | None = None,
) -> BuildResult:
    """Build the site into ``options.output_dir``; raises SiteError with every problem,
    RunError when the machine stops it (a full disk, a folder it cannot write, a
    cluster ``executor`` that went away: then nothing is written).

    Waits while another build uses the same output or cache (``waiting`` says for whom).
    When no input changed since the last build into the same directory (and the
    output is untouched), nothing is done. ``inputs``: as this process read them
    for ``options`` just before (``unchanged_build``), not walked again.
    """
    with exclusive(options, f"the build of {options.output_dir}", waiting):
        try:
            with Engine(options, inputs=inputs) as engine:
                return _build(options, engine, progress, executor)
        except OSError as error:  # the cache's own files; output/ is as it was
            name = os.fsdecode(error.filename) if error.filename is not None else "sitegen"
            raise RunError(f"{name}: {error.strerror or error}") from None


def _build(
    options: BuildOptions, engine: Engine, progress: Progress, executor: Executor | None = None
) -> BuildResult:
    started = time.perf_counter()
    # What the build reads back of the last one (its record, its site: at 10,000
    # articles, half a million objects) lives as long as the build and holds no
    # cycles. Read with the collector off and then frozen out of it, it is never
    # walked; left to the collector, each collection of the older generations
    # walked all of it again (a quarter of a body edit's time).
    gc.disable()
    try:
        engine.inputs(THEME_DIR)  # first: an edit during the build is seen by the next one
        last = engine.unchanged(THEME_DIR)
        if last is not None:
            elapsed = time.perf_counter() - started
            return BuildResult(last.pages, 0, last.files, elapsed, last.warnings)
        edited = engine.edited_since(THEME_DIR)
        articles_only = (
            edited is not None and bool(edited) and only_articles_edited(edited, options, engine)
        )
        previous = remembered_build(options, engine, executor) if articles_only else None
    finally:
        gc.freeze()
        gc.enable()
    engine.stage()
    prepared = prepare(
        options,
        Problems(),
        engine,
        progress,
        previous=previous,
        changed=edited or (),
        executor=executor,
    )
    release_freed_memory()  # what the stages let go (the search index's batches) is not kept
    stats, manifest = write_out(prepared, options, engine)
    pages, keys = prepared.pages, output_keys(prepared.files)
    # The files are written: their objects (at 100,000 articles, 280,000 of them,
    # some 125 MB) are let go before the records, at the build's last peak.
    prepared = dataclasses.replace(prepared, files=())
    # Records of the whole site: many objects, no cycle (at 100,000 articles,
    # collecting while they were made took up to as long again as making them).
    with collector_paused():
        remember_build(prepared, engine)  # committed with the record: the two always agree
        engine.record(keys, manifest, prepared.horizon, pages, prepared.warnings, THEME_DIR)
    elapsed = time.perf_counter() - started
    return BuildResult(pages, stats.written, stats.unchanged, elapsed, prepared.warnings)


def prepare(
    options: BuildOptions,
    problems: Problems,
    engine: Engine,
    progress: Progress = no_progress,
    defer_search: bool = False,
    keep_going: bool = False,
    previous: Prepared | None = None,
    changed: Collection[str] = (),
    executor: Executor | None = None,
) -> Prepared:
    """Run every stage up to, not including, writing, and raise SiteError with
    every problem found by any stage.

    A file with problems is left out and the stages go on with the rest, so one
    run reports the front matter, shortcodes and templates of every file; only
    site.yaml and the shortcode declarations, which every article depends on,
    stop it early. ``keep_going`` (``check``) returns what could be prepared
    instead of raising, with the problems recorded.

    Handed the ``previous`` build and the site paths ``changed`` since, an edit
    to articles that moves none takes the short way (``after_article_edits``).
    ``defer_search`` (the preview) keeps the last build's search index in ``files``
    and leaves indexing to ``Prepared.complete``: a reader sees an edit before
    Pagefind has indexed it.

    ``executor`` runs the map stages (front matter, bodies, pages, the search
    index's Pagefind runs); by default this machine's ``options.jobs`` processes.
    """
    executor = executor or LocalExecutor(options.jobs)
    if previous is not None and changed:
        quick = after_article_edits(previous, changed, options, problems, engine, defer_search)
        if quick is not None:
            return quick
    read_notes: list[Problem] = []
    config = effective_config(options, problems, read_notes)
    problems.raise_if_any()  # every later stage reads the config

    loaded = load_articles(options, config, problems, engine, executor)
    articles, files, landings = loaded.articles, loaded.files, loaded.landings
    progress("read", len(articles), len(articles))
    check_related_slugs(articles, problems, loaded.unread)
    published = select_published(
        articles, options.now, drafts=options.drafts, future=options.future
    )
    # URLs come before markdown: bodies link to other articles by file or URL.
    urls = assign_urls(published, config, problems)
    declarations = Problems()
    tools = RenderTools.make(options, config, declarations, engine, executor)
    if declarations:  # a broken shortcode declaration would misreport every article
        problems.extend(declarations)
        problems.raise_if_any()
    assets, link_map = tools.assets, tools.urls
    # Bodies without a URL are still rendered, for their own problems, then left
    # out. The site model holds them lean: the stages that show them read them
    # back from the store, a few at a time.
    copied = [s for s, _ in files]
    sections = section_slugs(published)  # links to a section's _index.md lead to its page
    made, bodies = tools.lean_bodies(
        published, urls, problems, engine, progress, files=copied, sections=sections
    )
    rendered = [r for r in made if r.article.source in urls]
    texts = tools.landings(landings, urls, problems, copied, sections, titles_of(published))
    built = {r.article.source for r in rendered}
    unbuilt = loaded.unread | {a.source for a in published if a.source not in built}

    site = assemble_site(
        config,
        rendered,
        urls,
        files,
        options.now,
        remembered_lists(engine, options.jobs),
        texts,
        bodies,
        tools.body_memo(engine).key,
    )
    # Images after the site model (which ones a body shows is known once it is
    # rendered) and before pages, which carry every image's size.
    # The cards the cache lacks are drawn where the pages render, before them
    # (a cluster's workers cannot reach the image cache: they are drawn here).
    images = tools.pictures(site, problems, engine, bodies, draw=executor.remote)
    site = dataclasses.replace(site, pictures=images.pictures)
    shown: WithBodies = bodies
    if not bodies.store.everywhere:  # a store in memory, which no worker can read
        site, shown = dataclasses.replace(site, articles=tuple(bodies(site.articles))), list

    indexed: list[RecordDigests] = []  # the search index's, once made

    def index() -> list[Output]:
        made = index_site(site, link_map, engine, options, executor, filler(site, shown))
        indexed.append(made.digests)
        return list(made.files)

    last_index = [
        KeptFile(path, key)
        for path, key in engine.last.keys.items()
        if path.startswith(SEARCH_DIR + "/")
    ]
    deferred = defer_search and bool(last_index)
    failing = bool(problems)  # pages still render, for their template errors; none is indexed

    def search() -> list[Output]:
        return [] if failing else list(last_index) if deferred else index()

    drawing = images.drawing
    outputs, drawn = produce_outputs(site, tools, options, engine, problems, search, shown, drawing)
    if drawing is not None:
        images = drawing.finish(images, drawn)
    if problems and not keep_going:
        raise SiteError(problems.sorted())
    if not problems and not engine.kept_intact(outputs):  # changed behind our back
        deferred = False
        engine.forget_outputs()
        outputs, _ = produce_outputs(site, tools, options, engine, problems, index, shown)
        if not keep_going:
            problems.raise_if_any()
    progress("pages", sum(1 for f in outputs if f.path.endswith(".html")), len(outputs))
    # An original whose location data was taken out is published from the cache
    # (or, when the cache cannot be written, from memory: images.files).
    copies: list[tuple[StrPath, str]] = [
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
    notes = (*read_notes, *loaded.notes, *name_warnings([r.article for r in site.articles], config))

    def finish(made: Sequence[Output], digests: RecordDigests) -> Prepared:
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
            notes=notes,
            tools=tools,
            search_digests=digests,
        )

    found = indexed[-1] if indexed else RecordDigests()

    if not deferred:
        return finish(outputs, found)
    others = [f for f in outputs if not f.path.startswith(SEARCH_DIR + "/")]

    def complete(later: Engine) -> Prepared:
        fill = filler(site, memo_reader(site, tools, later))
        fresh = index_site(site, link_map, later, options, executor, fill)
        return finish([*others, *fresh.files], fresh.digests)

    return dataclasses.replace(finish(outputs, found), complete=complete)


def produce_outputs(
    site: Site,
    tools: RenderTools,
    options: BuildOptions,
    engine: Engine,
    problems: Problems,
    search: Callable[[], list[Output]],
    bodies: WithBodies = list,
    cards: CardDrawing | None = None,
) -> tuple[list[Output], list[bytes | None]]:
    """Pages, feeds, sitemaps and the search index, each kept when the last build
    made it of the same inputs; and the ``cards`` drawn (``draw_cards``' results).

    A page whose articles and place did not change is kept without building its
    view; the others are viewed, and rendered when their view changed (see
    ``PageRenderer.shows``). Pagefind indexes in a process of its own, mostly on
    one core, so a thread waits on it while the pages render: it starts once
    the page workers are forked (forking while a thread runs is unsafe). This
    process renders pages beside the workers only once that index is made:
    before, its pages took the interpreter from the thread feeding Pagefind,
    whose index then ended after the pages (at 10,000 articles, alternated cold
    builds: 270 to 276 MiB at peak this way, 291 to 295 MiB the other, in the
    same time within this machine's noise).

    ``bodies`` reads back the bodies of lean articles, for the pages and feeds
    that show them. The Atom feeds are made on the page workers too, staged as
    they are made, like the pages: at 10,000 articles, 1.7 to 3.7 s that the build's
    process spent alone after the pages, with the search index's end waiting on
    the same interpreter. ``cards``: the social cards to draw, which the page
    workers draw first, so Pagefind starts before them and no page waits for
    the last card.
    """
    salt = tools.page_salt(engine)
    shards = search_roots()[1:]
    renderer = PageRenderer(site, tools.env, tools.urls, options.site_dir, salt, shards)
    plan = PagePlan(renderer, page_tasks(site), engine.known)
    planned, todo = plan.jobs(), plan.jobs(plan.unseen())
    feeds = feed_jobs(site, tools.urls, salt)
    feeds_todo = [job for job in feeds if not engine.kept(job.path, job.key)]
    executor = tools.executor
    recipe = page_recipe(site, tools, options, salt, shards, bodies)
    stage = stager(engine.staging, options.output_dir)

    with ThreadPoolExecutor(1) as background:
        indexing: list[Future[list[Output]]] = []

        def index() -> list[Output]:
            try:
                return search()
            finally:
                # What the index took and let go (the merge of a large site's
                # batches) is given back before this process renders beside its
                # worker: at 10,000 articles, 25 MiB less to the map's end.
                release_freed_memory()

        def start_indexing() -> None:  # once page rendering forks no more
            indexing.append(background.submit(index))

        def indexed() -> bool:
            return bool(indexing) and indexing[0].done()

        outputs, drawn, made_feeds = render_pages(
            planned, todo, renderer, options, problems, engine.staging, executor, recipe,
            start_indexing, bodies, cards, feeds_todo, share=indexed,
        )  # fmt: skip
        if not indexing:
            start_indexing()
        outputs.extend(made_feeds.get(job.path) or KeptFile(job.path, job.key) for job in feeds)
        outputs.append(stage(json_feed(site, tools.urls, bodies)))
        outputs.append(stage(sitemap(site, tools.urls)))
        outputs.append(robots(site, tools.urls))
        if site.config.news_sitemap:
            outputs.append(news_sitemap(site, tools.urls))
        # The Pagefind bundle (at 10,000 articles, 45 MB): its fragments and word
        # chunks staged as they were made, the rest staged here like the pages.
        outputs.extend(stage(f) if isinstance(f, OutputFile) else f for f in indexing[0].result())
    return outputs, drawn


def write_out(
    prepared: Prepared, options: BuildOptions, engine: Engine
) -> tuple[WriteStats, Manifest]:
    """Swap the prepared site into the output directory."""
    return write_site(
        prepared.files,
        prepared.copies,
        options.output_dir,
        engine.manifest,
        engine.spare_near,
        engine.void_last,
        engine.intact,
        *engine.asked_aside(),
        owned=engine.directory / IMAGE_STORE,
    )


def clock_horizon(
    articles: Sequence[Article], site: Site, options: BuildOptions
) -> datetime | None:
    """The first moment the build's clock changes the output of these same inputs."""
    if not site.articles:
        return options.now  # feeds of an empty site carry the build time
    moments = [] if options.future else [a.date for a in articles if a.date > options.now]
    if not options.drafts:  # an article taken down at a set time
        moments.extend(a.expires for a in articles if a.expires and a.expires > options.now)
    if site.config.news_sitemap:
        moments.extend(
            r.article.date + NEWS_WINDOW
            for r in site.articles
            if r.article.date + NEWS_WINDOW >= options.now
        )
    return min(moments, default=None)
