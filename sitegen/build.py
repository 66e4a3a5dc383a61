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
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import operator
import os
import sqlite3
import time
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast, overload

import jinja2
from markdown_it import MarkdownIt

from sitegen.collector import collector_paused
from sitegen.config import SiteConfig, load_config
from sitegen.content.discover import FoundSource, check_links, find_sources, read_source
from sitegen.content.frontmatter import parse_article, parse_landing, with_shared_lines
from sitegen.digests import code_fingerprint, digest, digest_bytes
from sitegen.entry import exclusive, say_waiting
from sitegen.errors import Problem, Problems, RunError, SiteError
from sitegen.executors import Executor, LocalExecutor, Recipe
from sitegen.executors.recipes import (
    COSTS,
    BodyRecipe,
    PageRecipe,
    TemplateSources,
    Value,
    index_records_chunk,
    parse_front_matter_chunk,
)
from sitegen.images import (
    IMAGE_DIR,
    CardDrawing,
    DrawCard,
    ImageFiles,
    draw_cards,
    make_pictures,
    published_paths,
)
from sitegen.images.shown import image_sources
from sitegen.images.store import STORE_FOLDER as IMAGE_STORE
from sitegen.images.store import ImageStore
from sitegen.images.template import CardTemplate, load_card_template
from sitegen.incremental.engine import Engine, output_keys
from sitegen.incremental.inputs import Inputs
from sitegen.incremental.store import Store
from sitegen.incremental.tables import Markdown, RenderedBodies, decode_body, encode_body
from sitegen.markdown import load_shortcode_registry, make_markdown, render_landing
from sitegen.markdown.bodies import BodyState, Progress, render_body_chunk
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.model import (
    READ_BACK,
    Article,
    Blob,
    KeptFile,
    Landing,
    Output,
    OutputFile,
    Outputs,
    RenderedArticle,
    RenderedLanding,
    Site,
    SourceFile,
    StagedFile,
    StrPath,
    Taxon,
    Urls,
    WithBodies,
    each_body,
    output_paths,
)
from sitegen.options import BuildOptions
from sitegen.output.claims import GENERATED, Claim, check_claims, site_claims
from sitegen.output.fingerprint import Assets, fingerprint_assets
from sitegen.output.manifest import Manifest
from sitegen.output.minify import minify_page
from sitegen.output.swap import spare_place
from sitegen.output.write import WriteStats, write_site
from sitegen.post.feeds import FEED_SIZE, FeedJob, atom_feeds, feed_jobs, json_feed, make_feeds
from sitegen.post.hosting import HOST_FILES, host_files
from sitegen.post.pagefind import Spill, spilled
from sitegen.post.search import (
    SEARCH_DIR,
    Fill,
    Index,
    RecordDigests,
    SearchIndex,
    SearchRecord,
    filled,
    index_here,
    search_index,
    search_roots,
)
from sitegen.post.sitemap import NEWS_WINDOW, news_sitemap, robots, sitemap
from sitegen.render.environment import (
    THEME_DIR,
    JinjaShortcodes,
    compile_page_templates,
    make_environment,
    shortcode_templates,
)
from sitegen.render.pages import PageRenderer, PageTask, page_tasks, page_view, reached_tasks
from sitegen.site.assemble import (
    assemble_site,
    check_related_slugs,
    related_inputs,
    related_texts,
    select_published,
)
from sitegen.site.patch import Refiling, merged, patched, refiled
from sitegen.site.related import Ranked, RelatedIndex, Spread, rank_apart, rank_positions
from sitegen.site.remembered import RelatedLists
from sitegen.site.taxonomy import name_warnings
from sitegen.site.textrank import TextNeighbours
from sitegen.site.urls import LinkRewriter, assign_urls
from sitegen.slugs import is_landing
from sitegen.urlpaths import output_path_for
from sitegen.workers import Share, forks, parallel_map, release_freed_memory


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a build would write, before writing: shared by build and check."""

    site: Site
    files: Sequence[Output]
    """Every output but the copies: a tuple, or ``Outputs`` when most are kept."""
    copies: tuple[tuple[StrPath, str], ...]
    """(source file, output path) of every file copied as it is; read back from
    the store, a source is the string it was kept as."""
    horizon: datetime | None = None
    """When the same inputs would first give other output (the clock moved on)."""
    complete: Callable[[Engine], Prepared] | None = None
    """With ``defer_search``: the same build with its search index made afresh
    (``files`` hold the last build's index until then)."""
    unbuilt: frozenset[str] = frozenset()
    """Articles left out for their problems (``keep_going``): links to them are
    not reported again as broken."""
    notes: tuple[Problem, ...] = ()
    """Warnings about the site as a whole (names that share a page)."""
    tools: RenderTools | None = None
    """What rendered it, for the next ``prepare`` handed this one."""
    edited: frozenset[str] = frozenset()
    """The articles the short way (``after_article_edits``) changed; empty when
    every stage ran."""
    refiling: Refiling | None = None
    """What the short way changed of the site model besides those articles, when
    their front matter changed: the tags, related lists (``site.patch``)."""
    search_digests: RecordDigests = field(default_factory=RecordDigests)
    """The digests of the site's search records, as far as known: the short way
    carries them without the edited articles' (see ``RecordDigests``)."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the build left out (raw HTML the sanitizer refused, a social card
        its font cannot draw) or suspects (names that share a page), by file and line."""
        found = [*(w for r in self.site.articles for w in r.warnings), *self.notes]
        found.extend(self.site.pictures.warnings)
        return tuple(sorted(found, key=lambda w: (w.path, w.line)))  # stable: as written

    @property
    def pages(self) -> int:
        return sum(map(_IS_PAGE, output_paths(self.files)))


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
    engine: Engine,
    executor: Executor | None = None,
) -> Loaded:
    """Every article with checked front matter, the other content files to copy,
    and the ``_index.md`` landing texts; a file unchanged since the last build is
    not read again (the engine remembers its parse). Files are read here, a
    window at a time; their front matter is parsed by ``executor`` (here, unless
    it is a cluster).

    The articles come without their markdown (``Article.body`` None): it goes to
    the store as each file is parsed, and the body stage reads it back
    (``StoredMarkdown``). So the build never holds every file's text at once."""
    run = executor or LocalExecutor(options.jobs)
    found, files = find_sources(options.site_dir, problems, config.exclude)
    parsed, markdown = engine.parsed(repr(config)), engine.markdown(repr(config))
    slots: list[Article | FoundSource] = []
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
        article = parsed.get(source.path, source.signature, source.file)
        if article is not None and markdown.has(article):
            slots.append(with_shared_lines(article))
        else:
            slots.append(source)
    todo = [slot for slot in slots if isinstance(slot, FoundSource)]
    fresh: dict[str, Article] = {}
    unread: set[str] = set()
    for start in range(0, len(todo), READ_WINDOW):
        window = todo[start : start + READ_WINDOW]
        texts = [t for source in window if (t := read_source(source, problems)) is not None]
        made = parse_sources(texts, config, problems, run)
        for source in window:
            article = made.get(source.path)
            if article is None:
                unread.add(source.path)
                continue
            markdown.put(article)
            fresh[source.path] = article = dataclasses.replace(article, body=None)
            parsed.put(source.path, source.signature, article, source.file)
    articles = [
        slot if isinstance(slot, Article) else fresh[slot.path]
        for slot in slots
        if isinstance(slot, Article) or slot.path in fresh
    ]
    notes.extend(warning for article in articles for warning in article.warnings)
    parsed.flush()
    markdown.flush(prune=True)
    return Loaded(tuple(articles), files, frozenset(unread), tuple(landings), tuple(notes))


READ_WINDOW = 1024
"""Files ``load_articles`` reads before it parses them and lets their text go."""


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
        engine: Engine,
        executor: Executor | None = None,
    ) -> RenderTools:
        """Records a broken shortcode declaration in ``problems``; raises SiteError
        for a symbolic link in ``layouts/`` that leaves the site (nothing is read)."""
        layouts = Problems()
        check_links(options.site_dir, "layouts", layouts)
        layouts.raise_if_any()
        # Asset names are hashed before any page renders: pages link to the hashed names.
        assets = fingerprint_assets(_static_files(options.site_dir, "static"))
        env = make_environment(options.site_dir, compiled_dir=engine.compiled_templates)
        templates = shortcode_templates(env, options.site_dir)
        inner = _InnerUse(engine, templates)
        registry = load_shortcode_registry(templates, problems, inner.known)
        inner.keep()
        markdown = make_markdown(config.markdown, registry)
        urls = Urls.for_config(config, assets.names)
        run = executor or LocalExecutor(options.jobs)
        return cls(options, config, env, assets, urls, markdown, registry, run)

    def page_salt(self, engine: Engine) -> str:
        """What every page and feed reads besides the site model: every template,
        the configuration, asset names (and sitegen's code, minifying: the engine's)."""
        return engine.salt(repr(self.config), repr(self.urls), _template_sources(self.env))

    def bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        engine: Engine,
        progress: Progress = _no_progress,
        every: bool = True,
        files: Iterable[str] = (),
    ) -> list[RenderedArticle]:
        """Rendered bodies, whole, kept from an earlier build when current; ``sources``
        maps every published article's file to its URL, for links between
        articles, and ``files`` lists the files copied from ``content/``, for
        links to them. With ``every`` (all published articles), the engine
        forgets the bodies of no other."""
        return self._bodies(articles, sources, problems, engine, progress, every, files, None)[0]

    def lean_bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        engine: Engine,
        progress: Progress = _no_progress,
        files: Iterable[str] = (),
    ) -> tuple[list[RenderedArticle], StoredBodies]:
        """``bodies`` of every published article, lean (``_lean``): what the site
        model holds, while the HTML, text, headings and FAQ stay in the store,
        which the stages that show them read back (``StoredBodies``). So the
        build never holds every body at once: at 10,000 articles, 180 MB."""
        keys: dict[str, str] = {}
        rendered, store = self._bodies(
            articles, sources, problems, engine, progress, True, files, keys
        )
        engine.share()  # for the page workers
        return rendered, StoredBodies(store, self.body_memo(engine).salt, keys)

    def _bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        engine: Engine,
        progress: Progress,
        every: bool,
        files: Iterable[str],
        lean: dict[str, str] | None,
    ) -> tuple[list[RenderedArticle], SharedStore]:
        """``bodies``; with ``lean``, those the store keeps are lean, and ``lean``
        gets their memo keys by source. Also the store as the workers read it."""
        options = self.options
        store = SharedStore(engine.store, engine.share())  # the markdown, for the workers
        markdown = StoredMarkdown(store, self.markdown_salt(engine))
        rewriter = LinkRewriter(sources, self.urls.base_path, files)
        shortcodes = JinjaShortcodes(self.env, options.site_dir, self.urls)
        memo = self.body_memo(engine)
        kept: dict[str, RenderedArticle] = {}
        missing: list[Article] = []
        for start in range(0, len(articles), READ_BACK):  # a few at a time: lean ones are kept
            batch = articles[start : start + READ_BACK]
            stored = memo.get_many(batch, rewriter)
            for article in batch:
                found = stored[article.source]
                if found is None:
                    missing.append(article)
                elif lean is not None:
                    lean[article.source] = memo.key(article)
                    kept[article.source] = _lean(found)
                else:
                    kept[article.source] = found
        progress("render", len(articles) - len(missing), len(articles))
        with_markdown: WithMarkdown = markdown
        if self.executor.remote or not store.everywhere:  # no worker reads the store
            missing, with_markdown = markdown(missing), list
        state = (BodyState(self.markdown, shortcodes, rewriter), with_markdown)

        def recipe() -> BodyRecipe:
            sources = TemplateSources.of(self.env, options.site_dir)
            return BodyRecipe(self.config.markdown, self.registry, sources, self.urls, rewriter)

        made = self.executor.map(_body_chunk, state, missing, recipe, COSTS["bodies"])
        fresh: dict[str, RenderedArticle] = {}
        for article, (rendered, found, data) in zip(missing, made, strict=True):
            problems.extend(found)
            if rendered is None:
                continue
            if data is None:  # problems: made again next time, to report them again
                fresh[article.source] = _received(rendered, article)
                continue
            key = memo.put(article, data)
            if lean is not None:  # lean as the worker sent it, with this process's article
                lean[article.source] = key
                fresh[article.source] = _received(rendered, article)
            else:
                fresh[article.source] = decode_body(article, data)
        memo.flush(prune=every)
        progress("render", len(articles), len(articles))
        made_in_order = (kept.get(a.source) or fresh.get(a.source) for a in articles)
        return [r for r in made_in_order if r is not None], store

    def markdown_salt(self, engine: Engine) -> str:
        """How ``load_articles`` keeps the articles' markdown (``Engine.markdown``)."""
        return engine.markdown(repr(self.config)).salt

    def body_memo(self, engine: Engine) -> RenderedBodies:
        """The engine's table of bodies, keyed by what every body reads: the
        configuration and the shortcode templates."""
        templates = repr(shortcode_templates(self.env, self.options.site_dir))
        # A shortcode's asset() gives a content-hashed name; only then does a
        # stylesheet edit change bodies (url() reads base_url, in the config).
        assets = repr(sorted(self.urls.assets.items())) if "asset" in templates else ""
        return engine.bodies(digest((repr(self.config), templates, assets)))

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

    def pictures(
        self,
        site: Site,
        problems: Problems,
        engine: Engine,
        bodies: WithBodies = list,
        every: bool = True,
        draw: bool = True,
    ) -> ImageFiles:
        """The images the articles show, processed, and their social cards; from
        the cache when current. With ``every`` (all published articles), cached
        images and cards of no other are dropped. ``bodies`` reads back the
        bodies of lean articles. Without ``draw``, the cards the cache lacks
        are left to the page workers (``ImageFiles.drawing``)."""
        options = self.options
        copied = [src for src, _ in site.files]
        rewriter = LinkRewriter(site.urls, self.urls.base_path, copied)
        store = ImageStore(engine.directory, engine.started_ns)
        assets = [dest for _, dest in self.assets.copies] + [f.path for f in self.assets.files]

        def map_chunks(
            fn: Callable[[Any, Sequence[Any]], list[Any]], state: object, items: Sequence[Any]
        ) -> list[Any]:
            return parallel_map(fn, state, items, options.jobs)

        def template() -> CardTemplate | None:
            return load_card_template(options.site_dir, THEME_DIR, problems)

        cards = template if self.config.social_cards else None
        try:
            images = make_pictures(
                site,
                options.site_dir,
                rewriter,
                self.urls.base_path,
                assets,
                store,
                map_chunks,
                cards,
                problems,
                bodies,
                StoredMarkdown(SharedStore(engine.store, None), self.markdown_salt(engine)).of,
                draw,
            )
        except BaseException:
            store.save(prune=False)
            raise
        prune = every and not problems
        if images.drawing is None:
            store.save(prune)
            return images
        return dataclasses.replace(images, drawing=dataclasses.replace(images.drawing, prune=prune))


def _lean(rendered: RenderedArticle, without_markdown: bool = False) -> RenderedArticle:
    """What the site model holds of a body the store keeps: all that listings,
    cards, keys and feeds' digests read (summary, counts, warnings, digest). The
    HTML, text, headings, FAQ and links are read back by the few stages that
    use them (``StoredBodies``: the images a body shows, ``check``'s links). The
    links alone were 27 MB of a 100,000-article build's model, held through
    the pages that never read them. An article already without its markdown is
    taken as it is, not copied."""
    article = rendered.article
    if without_markdown and article.body is not None:
        article = dataclasses.replace(article, body=None)
    return RenderedArticle(
        article=article,
        html="",
        summary=_own_summary(rendered.summary, article),
        word_count=rendered.word_count,
        reading_minutes=rendered.reading_minutes,
        warnings=rendered.warnings,
        digest=rendered.digest,
        shows_images=rendered.shows_images,
    )


class SharedStore:
    """The build's store as each of its processes reads it: this process, its
    own; a forked worker, a read-only connection of its own (SQLite's may not
    cross a fork) to the file ``Engine.share`` committed to. With no file (a
    store in memory), only this process can read (``everywhere``)."""

    def __init__(self, store: Store, path: Path | None) -> None:
        self.store = store
        self.path = path
        self.pid = os.getpid()

    @property
    def everywhere(self) -> bool:
        """Whether a forked worker can read it."""
        return self.path is not None

    def get(self) -> Store:
        if os.getpid() != self.pid:
            if self.path is None:
                raise RunError("a worker cannot read a cache kept in memory")
            try:
                self.store = Store.reading(self.path)
            except sqlite3.Error as error:
                raise RunError(f"cannot read the cache {self.path}: {error}") from None
            self.pid = os.getpid()
        return self.store


class StoredMarkdown:
    """The markdown of the articles ``load_articles`` holds without it, read back
    from the store (``incremental.tables.Markdown``), in this process or a worker."""

    def __init__(self, store: SharedStore, salt: str) -> None:
        self.store = store
        self.salt = salt

    def __call__(self, articles: Sequence[Article]) -> list[Article]:
        """``articles`` with their markdown; raises RunError when the store lost one."""
        wanted = [a for a in articles if a.body is None]
        if not wanted:
            return list(articles)
        found = Markdown(self.store.get(), self.salt).read(wanted)
        lost = next((a.source for a in wanted if a.source not in found), None)
        if lost is not None:
            raise RunError(f"the cache lost the markdown of {lost} during the build; build again")
        return [
            dataclasses.replace(a, body=found[a.source]) if a.body is None else a for a in articles
        ]

    def of(self, article: Article) -> str:
        """One article's markdown."""
        body = self([article])[0].body
        assert body is not None
        return body


WithMarkdown = Callable[[Sequence[Article]], list[Article]]
"""The same articles with their markdown (``StoredMarkdown``, or ``list`` where
they carry it)."""

LeanBody = tuple[RenderedArticle | None, tuple[Problem, ...], bytes | None]
"""(the body, lean, or whole when it has problems; its problems; the memo's
bytes of it, None when it has problems)."""


def _body_chunk(
    state: tuple[BodyState, WithMarkdown], articles: Sequence[Article]
) -> list[LeanBody]:
    """The body map: each article's markdown read back, its body rendered,
    encoded for the memo where it was rendered, and sent back lean, its article
    without the markdown: the build passes the bytes on to the store and never
    unpickles a body's HTML. A body with problems, which the memo never keeps,
    comes back whole."""
    parser, with_markdown = state
    results: list[LeanBody] = []
    for rendered, found, resolved, refs in render_body_chunk(parser, with_markdown(articles)):
        if rendered is None:
            results.append((rendered, found, None))
        elif found:
            results.append((dataclasses.replace(rendered, article=_STAND_IN), found, None))
        else:
            data = encode_body(rendered, resolved, refs)
            sent = _lean(dataclasses.replace(rendered, article=_STAND_IN))
            results.append((sent, found, data))
    return results


def _own_summary(summary: str, article: Article) -> str:
    """``summary``, or the article's own string when it is the summary the author
    wrote: a worker or the store gives back a copy of the front matter's, and the
    model holds that string once (at 100,000 articles, 20 MB in the build and in
    what each page worker copies of it)."""
    own = article.summary
    return own if own is not None and summary == own else summary


_STAND_IN = Article(
    source="", slug="", title="", date=datetime(1970, 1, 1, tzinfo=UTC), updated=None,
    summary=None, authors=(), tags=(), section=None, image=None, image_alt=None, draft=False,
    related=(), aliases=(), body=None, body_line=0,
)  # fmt: skip
"""What a body worker sends in place of the article, which the build has already
(``_received``): the worker's copy was unpickled in the build only to be dropped."""


def _received(rendered: RenderedArticle, article: Article) -> RenderedArticle:
    """A body as a worker sent it, with this process's ``article`` in place of the
    stand-in (``_own_summary``: the summary the author wrote held once)."""
    summary = _own_summary(rendered.summary, article)
    return dataclasses.replace(rendered, article=article, summary=summary)


class StoredBodies:
    """The bodies a build left in its store (``RenderTools.lean_bodies``), read
    back for the stages that show them (a ``WithBodies``), in this process or a
    forked worker (``SharedStore``)."""

    def __init__(self, store: SharedStore, salt: str, keys: Mapping[str, str]) -> None:
        self.store = store
        self.salt = salt
        """The body memo's (``RenderTools.body_memo``)."""
        self.keys = keys
        """Source → memo key, of the bodies left in the store."""

    def __call__(self, rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        """``rendered`` with their bodies; raises RunError when the store lost one."""
        keys = self.keys
        wanted = [
            (keys[source], r.article)
            for r in rendered
            if not r.html and (source := r.article.source) in keys
        ]
        if not wanted:
            return list(rendered)
        found = RenderedBodies(self.store.get(), self.salt).read(wanted)
        lost = next((a.source for _, a in wanted if a.source not in found), None)
        if lost is not None:
            raise RunError(f"the cache lost the body of {lost} during the build; build again")
        return [found.get(r.article.source, r) for r in rendered]


def _template_sources(env: jinja2.Environment) -> list[tuple[str, str]]:
    """Every template's name and text. Files of ``layouts/static/`` are assets (their
    names are in the salt through the URLs) and fonts or pictures beside the
    templates (a social card's) are no template: neither is read as text."""
    assert env.loader is not None
    found = []
    for name in sorted(env.loader.list_templates()):
        if name.startswith("static/"):
            continue
        try:
            found.append((name, env.loader.get_source(env, name)[0]))
        except UnicodeDecodeError:
            continue
    return found


def read_site(site_dir: Path, now: datetime) -> tuple[SiteConfig, tuple[Article, ...]]:
    """The configuration and every article as a default build reads them, for the
    commands that look at the content without building it (``related``, ``schedule``).

    Raises SiteError with every problem of site.yaml or of the front matter.
    """
    problems = Problems()
    options = BuildOptions(site_dir=site_dir, output_dir=site_dir / "output", now=now)
    config = effective_config(options, problems)
    problems.raise_if_any()
    with Engine(options) as engine:
        articles = load_articles(options, config, problems, engine).articles
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
    with Engine(options) as engine:
        tools = RenderTools.make(options, config, problems, engine)
        problems.raise_if_any()
        rendered = tools.bodies(published, urls, problems, engine, every=False)
    problems.raise_if_any()
    return rendered


def prepare(
    options: BuildOptions,
    problems: Problems,
    engine: Engine,
    progress: Progress = _no_progress,
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
    made, bodies = tools.lean_bodies(published, urls, problems, engine, progress, files=copied)
    rendered = [r for r in made if r.article.source in urls]
    texts = tools.landings(landings, urls, problems, copied)
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
        made = index_site(site, link_map, engine, options, executor, _filler(site, shown))
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
        fill = _filler(site, _memo_reader(site, tools, later))
        fresh = index_site(site, link_map, later, options, executor, fill)
        return finish([*others, *fresh.files], fresh.digests)

    return dataclasses.replace(finish(outputs, found), complete=complete)


def index_site(
    site: Site,
    urls: Urls,
    engine: Engine,
    options: BuildOptions,
    executor: Executor,
    fill: Fill | None = None,
    digests: RecordDigests | None = None,
) -> SearchIndex:
    """The search index: Pagefind runs here, or on a cluster's worker. Its files
    are written into the staging folder as they are made (``search_index``)."""
    index = remote_indexing(executor) if executor.remote else index_here
    store, known = engine.search(), engine.last.keys
    return search_index(
        site, urls, store, options.jobs, known, fill, index, digests, engine.staging
    )


def remote_indexing(executor: Executor) -> Index:
    """Pagefind on a cluster's worker: one index (the base, or the delta) per task.
    The records go with their text, which the worker cannot read back; the bundle
    comes back whole (the worker cannot reach the staging folder) and is written
    to ``spill`` as it arrives."""

    def index(
        records: Sequence[SearchRecord],
        language: str,
        fill: Fill | None = None,
        spill: Spill | None = None,
    ) -> dict[str, Blob]:
        given = list(filled(records, fill))
        (bundle,) = executor.map(
            index_records_chunk, language, [given], lambda: Value(language), COSTS["search"]
        )
        return spilled(bundle, spill)

    return index


def after_article_edits(
    previous: Prepared,
    changed: Collection[str],
    options: BuildOptions,
    problems: Problems,
    engine: Engine,
    defer_search: bool = False,
) -> Prepared | None:
    """The next build when ``changed`` (site paths) only edited articles' bodies
    or the front matter that moves no article (``PATCHABLE``: tags, summary…).

    The preview's most common rebuild: an author saves an article. Given the
    previous build, such an edit changes only what reads the article: its own
    page, the pages that show its card (listings, related lists), the listings
    of the tags it gained or lost, the related lists that share one of those
    tags, the feeds that carry it, the sitemap when a listing changed, and the
    search index. The site model is patched (``site.patch``), the pages it
    reaches are viewed and the rest kept. None for any other edit (a new date,
    slug, image…): ``prepare`` then runs every stage, which keeps what did not
    change.
    """
    before, tools = previous.site, previous.tools
    edited = _edited_articles(before, changed, options)
    if not edited or tools is None:
        return None
    moved = {
        a.source for i, a in edited.items() if not _same_front_matter(before.articles[i].article, a)
    }
    if any(n.path in moved for n in previous.notes):
        return None  # warnings at lines that may have moved
    copied = (src for src, _ in before.files)
    bodies = tools.bodies(
        list(edited.values()), before.urls, problems, engine, every=False, files=copied
    )
    problems.raise_if_any()
    fresh = {r.article.source: r for r in bodies}
    stripped = any(not r.html and not r.article.body for r in before.articles)
    shown_before = _hydrated(before, fresh.keys(), tools, engine)  # which images they showed
    if shown_before is None:
        return None
    articles = list(before.articles)
    for index, article in edited.items():
        if _images_of(fresh[article.source]) != _images_of(shown_before.articles[index]):
            return None  # the image stage has work to do
        articles[index] = fresh[article.source]
    site = dataclasses.replace(before, articles=tuple(articles))
    refiling, ranked = None, None
    if site.related_by_text:  # some list asked the texts: those are ranked again
        try:
            ranked, by_text = _ranked_by_text(site, tools, engine, options.jobs)
        except _BodyLostError:
            return None
    if moved:
        refile = refiled(before, site, fresh.keys(), ranking_spread(options.jobs), ranked)
        if refile is None:
            return None
        site, refiling = refile
    elif ranked is not None and dict(ranked) != dict(site.related):
        lists = {key: value for key, value in ranked.items() if site.related.get(key) != value}
        refiling = Refiling({}, lists, {})
        site = patched(site, refiling)
    if ranked is not None:
        site = dataclasses.replace(site, related_by_text=by_text)
    touched = frozenset(refiling.tags if refiling else ())
    tasks = reached_tasks(before, site, fresh.keys(), touched)
    pages_before, pages_after = _tag_pages(before, touched), _tag_pages(site, touched)
    if _collides(pages_after - pages_before, previous):
        return None
    gone = pages_before - pages_after
    olds = {t.url: t.articles[:FEED_SIZE] for t in (*before.tags, *before.authors)}
    feeds = {"/"}  # the pages whose feeds may change: the site's, and those that list an edit
    for taxon in (*site.tags, *site.authors):
        top = taxon.articles[:FEED_SIZE]
        if not fresh.keys().isdisjoint(top) or olds.get(taxon.url) != top:
            feeds.add(taxon.url)
    if stripped:  # remembered from disk: read back the bodies this way shows
        shown = {site.articles[i].article.source for kind, i, _ in tasks if kind == "article"}
        shown.update(r.article.source for r in site.articles[:FEED_SIZE])
        for taxon in (*site.tags, *site.authors):
            if taxon.url in feeds:
                shown.update(taxon.articles[:FEED_SIZE])  # its feed is made again
        found = _hydrated(site, shown, tools, engine)
        if found is None:
            return None
        site = found

    salt = tools.page_salt(engine)
    extra_shards = search_roots()[1:]
    renderer = PageRenderer(site, tools.env, tools.urls, options.site_dir, salt, extra_shards)
    jobs = [
        (task, path, shown, engine.known(path))
        for task in tasks
        for path, shown in [renderer.shows(task)]
    ]
    made: list[Output] = []
    if len(jobs) >= SHORT_WAY_FORK and not tools.executor.remote:
        recipe = _page_recipe(site, tools, options, salt, extra_shards)
        made.extend(
            render_pages(
                jobs, jobs, renderer, options, problems, engine.staging, tools.executor, recipe
            )[0]
        )
    else:
        state: PageState = (
            renderer, options.minify, engine.staging, options.output_dir, list, None
        )  # fmt: skip
        for file, trouble in _render_pages_here(state, jobs):
            problems.extend(trouble)
            if file is not None:
                made.append(file)
    problems.raise_if_any()
    made.extend(engine.settle(atom_feeds(site, tools.urls, salt, feeds)))
    made.append(json_feed(site, tools.urls))
    if refiling is not None:  # a listing changed: its newest date, or its pages
        made.append(sitemap(site, tools.urls))
    files, added = _replacing(previous.files, made, gone)  # added: a new tag's pages and feed
    changed_sources = frozenset(fresh)
    # Only the edited articles' records change: the short way moves no article
    # and renames no tag (``refiled``), and all else a record reads is site-wide.
    digests = previous.search_digests.without(changed_sources)

    def patched_build(
        outputs: Outputs,
        complete: Callable[[Engine], Prepared] | None,
        found: RecordDigests,
    ) -> Prepared:
        """The previous build with the patched site and ``outputs``."""
        return dataclasses.replace(
            previous,
            site=site,
            files=outputs,
            complete=complete,
            edited=changed_sources,
            refiling=refiling,
            search_digests=found,
        )

    def finish(index: Outputs, found: RecordDigests) -> Prepared:
        """The files with ``index`` as the search index and host files made for them."""
        before = previous.files
        hosting: Sequence[Output] = [_kept(f) for f in _files_at(before, HOST_FILES)]
        # The index's base, kept as it was (at 100,000 articles, 100,000 files),
        # stays in the kept map as it is; its delta is made.
        renamed = itertools.filterfalse(
            index.kept.__contains__, filter(_IS_SEARCH, output_paths(files))
        )
        others = _without(files, [*renamed, *HOST_FILES])
        kept = others.kept
        kept.update(index.kept)
        outputs = [*others.made, *index.made]
        if gone or added or _searched(index) != any(map(_IS_SEARCH, output_paths(before))):
            # Other outputs: the host files read every path (aliases and pictures,
            # which they read too, are as they were, or the whole way would run).
            paths = [*kept, *(f.path for f in outputs), *(d for _, d in previous.copies)]
            immutable = tools.assets.immutable | published_paths(site.pictures)
            hosting = host_files(site, tools.urls, paths, immutable)
        return patched_build(Outputs(kept, [*outputs, *hosting]), None, found)

    def search(later: Engine) -> Prepared:
        fill = _filler(site, _memo_reader(site, tools, later)) if stripped else None
        made = index_site(site, tools.urls, later, options, tools.executor, fill, digests)
        return finish(made.files, made.digests)

    if not defer_search:
        try:
            return search(engine)
        except _BodyLostError:
            return None
    return patched_build(files, search, digests)


def _tag_pages(site: Site, tags: Collection[str]) -> set[str]:
    """The pages and feeds of the listings of ``tags``."""
    found: set[str] = set()
    for listing in site.listings:
        if listing.kind == "tag" and listing.taxon is not None and listing.taxon.slug in tags:
            found.update(output_path_for(piece.url) for piece in listing.pages)
            found.add(output_path_for(listing.taxon.url + "feed.xml"))
    return found


def _collides(paths: Collection[str], previous: Prepared) -> bool:
    """Whether a page or feed made for the first time takes the place of another
    output (an alias, a copied content file) or of a folder of one: the whole
    way reports it (``check_claims``)."""
    if not paths:
        return False
    taken = {f.path for f in previous.files} | {dest for _, dest in previous.copies}
    for path in paths:
        parts = path.split("/")
        if any("/".join(parts[:n]) in taken for n in range(1, len(parts) + 1)):
            return True
    return False


def _edited_articles(
    site: Site, changed: Collection[str], options: BuildOptions
) -> dict[int, Article]:
    """Index in the site → new Article, for changed files whose front matter
    changed at most in what the short way patches (``_patchable``).

    Empty when any changed path is not a published article's markdown, cannot be
    read or parsed cleanly, or has other front matter.
    """
    where = {r.article.source: i for i, r in enumerate(site.articles)}
    edited: dict[int, Article] = {}
    for path in changed:
        index = where.get(path)
        if index is None:
            return {}
        local = Problems()
        source = read_source(FoundSource(path, str(options.site_dir / path), None), local)
        article = parse_article(source, site.config, local) if source is not None else None
        if article is None or local or not _patchable(site.articles[index].article, article):
            return {}
        edited[index] = article
    return edited


PATCHABLE = ("tags", "summary", "updated", "toc", "params", "corrections")
"""Front matter the short way patches into the site model: none of it moves an
article (date, slug, section, authors), shows on its social card (title), names
an image the image stage processes, or decides what is published."""


def _same_front_matter(old: Article, new: Article) -> bool:
    """Equal but for the body (and what follows from it: the digest, the lines)."""
    return old == dataclasses.replace(
        new, body=old.body, body_line=old.body_line, digest=old.digest, lines=old.lines
    )


def _patchable(old: Article, new: Article) -> bool:
    """Equal but for the body and the front matter of ``PATCHABLE``."""
    kept = {name: getattr(old, name) for name in PATCHABLE}
    return _same_front_matter(old, dataclasses.replace(new, **kept))


def _images_of(rendered: RenderedArticle) -> tuple[list[str], list[str]]:
    """The images a body shows and the ones its markdown names."""
    named = [link.href for link in rendered.links if link.kind == "image"]
    return list(image_sources(rendered.html)), named


_IS_SEARCH = operator.methodcaller("startswith", SEARCH_DIR + "/")
"""Whether a path is the search index's: called from C (``filter``, ``map``),
never once per path in Python, since an edit passes 376,000 of them."""
_IS_PAGE = operator.methodcaller("endswith", ".html")
"""Whether a path is a page, called the same way (``Prepared.pages``)."""


def _replacing(
    files: Sequence[Output], made: Sequence[Output], gone: Collection[str]
) -> tuple[Outputs, list[Output]]:
    """``files`` (the previous build's) kept, less ``gone`` and the paths of
    ``made``, then ``made``; and those of ``made`` that are new paths."""
    kept = dict(files.kept) if isinstance(files, Outputs) else {}
    kept.update((f.path, f.key) for f in (files.made if isinstance(files, Outputs) else files))
    added = [f for f in made if f.path not in kept]
    for path in itertools.chain((f.path for f in made), gone):
        kept.pop(path, None)
    return Outputs(kept, made), added


def _without(files: Outputs, paths: Iterable[str]) -> Outputs:
    """``files`` less the files at ``paths``."""
    dropped = set(paths)
    kept = dict(files.kept)
    for path in dropped.intersection(kept):
        del kept[path]
    return Outputs(kept, [f for f in files.made if f.path not in dropped])


def _files_at(files: Sequence[Output], paths: Collection[str]) -> list[Output]:
    """Those of ``files`` at ``paths`` (a few), in order; the kept ones found by path."""
    if not isinstance(files, Outputs):
        return [f for f in files if f.path in paths]
    kept = [KeptFile(p, files.kept[p]) for p in paths if p in files.kept]
    return [*kept, *(f for f in files.made if f.path in paths)]


def _searched(files: Iterable[Output]) -> bool:
    """Whether a search index is among ``files`` (from the end, where the index is).

    With it and the paths of every other output, the host files are what they
    were: each edit renames the index's files (Pagefind names them by content),
    but none is immutable, so ``_headers`` gives the whole folder one rule
    whatever it holds. The short way's other paths change only with a tag's
    pages and feed, gone or added."""
    return any(_IS_SEARCH(f.path) for f in files)


def _kept(file: Output) -> Output:
    """A file of the previous build, unchanged: the output directory holds its bytes."""
    return file if isinstance(file, KeptFile) else KeptFile(file.path, file.key)


def remembered_lists(engine: Engine, jobs: int = 1, reuse: bool = False) -> RelatedLists:
    """The related ranking, remembering its lists, word counts and the digests of
    the texts in the engine, the lists tags fill ranked on ``jobs`` processes
    (``ranking_spread``). ``reuse``: the texts' digests are taken as remembered
    (see ``RelatedLists``): only for an edit's short way, which no link moved."""
    return RelatedLists(
        engine.slot("related"),
        engine.slot("words"),
        ranking_spread(jobs),
        engine.slot(f"related-texts:{engine.name}"),  # this output's builds: its links
        reuse,
    )


def _ranked_by_text(
    site: Site, tools: RenderTools, engine: Engine, jobs: int
) -> tuple[Mapping[str, tuple[str, ...]], bool]:
    """Every related list of ``site`` (an edit's short way: its articles as they
    are now, the lean ones' texts in the body memo) and whether some list asked
    the texts. Only the lists the edit reaches by tags, and those that asked the
    texts when a text changed, are ranked; a text is read only when the body
    memo's key of its article is new. Raises ``_BodyLostError``."""
    memo = tools.body_memo(engine)
    reader = _memo_reader(site, tools, engine, memo)
    texts = related_texts(site.articles, site.config, reader, memo.key)
    inputs = related_inputs([r.article for r in site.articles])
    ranked = remembered_lists(engine, jobs, reuse=True)(inputs, site.config.related.count, texts)
    return ranked, texts.used


def ranking_spread(jobs: int) -> Spread | None:
    """Related lists ranked on ``jobs`` processes of this machine, this one
    among them; None for one job. Ranking reads every article's tags, no file,
    and is short beside a cluster's round trip: it never goes to one. Every
    list of the benchmark's site, ranked alone: 0.82 to 0.88 s on one core
    and 0.56 to 0.69 s on two at 10,000 articles, 16.6 to 19.4 s and 13.6 to
    14.9 s at 100,000 (the index is built here first, and the two processes
    share the machine's memory). A retag of a tag on half the articles ranks
    half the lists again."""
    if jobs < 2:
        return None

    def spread(
        index: RelatedIndex, keys: Sequence[str], count: int, with_text: bool
    ) -> list[Ranked]:
        if len(keys) < SPREAD_RANKING_FROM:
            return (rank_positions if with_text else rank_apart)(index, keys, count)
        if with_text and isinstance(index.text, TextNeighbours):
            index.text.ready()  # weighed here, shared with the workers by the fork
        work = _rank_text_chunk if with_text else _rank_chunk
        return parallel_map(work, (index, count), keys, jobs, share=True)

    return spread


SPREAD_RANKING_FROM = 2_000
"""Lists from which ranking forks: below, a pool costs what it saves (ranked
alone, 200 articles took 0.01 s here and 0.02 s spread; 1,000, 0.06 to 0.07 s
either way). Lists by text cost more each (a third of a millisecond at 10,000
articles) and fork from the same count."""


def _rank_chunk(state: tuple[RelatedIndex, int], keys: Sequence[str]) -> list[Ranked]:
    index, count = state
    return rank_apart(index, keys, count)


def _rank_text_chunk(state: tuple[RelatedIndex, int], keys: Sequence[str]) -> list[Ranked]:
    index, count = state
    return rank_positions(index, keys, count)


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


PageJob = tuple[PageTask, str, str, str]
"""``(task, output path, digest of what the page shows, the last build's key)``."""


class PagePlan:
    """Every page of a build, as its process holds them through the page map: in
    columns (each page's task, output path, the digest of what it shows as 16
    bytes, and the last build's key), its ``PageJob``s made only as they are read
    (``jobs``). At 100,000 articles, a tuple and a hexadecimal digest for each of
    175,000 pages were 25 MB, and this process held them twice: a page worker,
    forked after they were made, keeps the memory they were in while this
    process, sending them, copies it (copy on write)."""

    def __init__(
        self, renderer: PageRenderer, tasks: Sequence[PageTask], known: Callable[[str], str]
    ) -> None:
        self.tasks = tasks
        self.paths: list[str] = []
        self.shown = bytearray()
        self.known: list[str] = []
        for task in tasks:
            path, shown = renderer.shows(task)
            packed = bytes.fromhex(shown)
            assert len(packed) == 16, "a page shows what digest() sums up in 16 bytes"
            self.paths.append(path)
            self.shown += packed
            self.known.append(known(path))

    def job(self, row: int) -> PageJob:
        """The page of ``row`` (its place in ``tasks``) as a worker is sent it."""
        shown = self.shown[16 * row : 16 * row + 16].hex()
        return self.tasks[row], self.paths[row], shown, self.known[row]

    def unseen(self) -> Sequence[int]:
        """The rows of the pages whose articles or place changed since the last
        build (the others are kept without a view)."""
        rows = array("q")
        for row, known in enumerate(self.known):
            if known.partition(".")[0] != self.shown[16 * row : 16 * row + 16].hex():
                rows.append(row)
        return range(len(self.tasks)) if len(rows) == len(self.tasks) else rows

    def jobs(self, rows: Sequence[int] | None = None) -> PageJobs:
        """The pages of ``rows`` (all by default), in order."""
        return PageJobs(self, range(len(self.tasks)) if rows is None else rows)


class PageJobs(Sequence[PageJob]):
    """Some pages of a ``PagePlan``, each ``PageJob`` made as it is read; a slice is
    another such view, and pickled (sent to a worker) it is the list of its jobs."""

    def __init__(self, plan: PagePlan, rows: Sequence[int]) -> None:
        self.plan = plan
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> PageJob: ...

    @overload
    def __getitem__(self, index: slice) -> PageJobs: ...

    def __getitem__(self, index: int | slice) -> PageJob | PageJobs:
        if isinstance(index, slice):
            return PageJobs(self.plan, self.rows[index])
        return self.plan.job(self.rows[index])

    def __iter__(self) -> Iterator[PageJob]:
        return map(self.plan.job, self.rows)

    def __reduce__(self) -> tuple[type[list[PageJob]], tuple[list[PageJob]]]:
        return list, (list(self),)


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
    recipe = _page_recipe(site, tools, options, salt, shards, bodies)
    stage = _stager(engine.staging, options.output_dir)

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


def _stager(staging: Path | None, output_dir: Path) -> Callable[[OutputFile], Output]:
    """An output made in this process, written into the staging folder (when the
    build has one) so that it is not held until the write: ``stage_file``."""
    if staging is None:
        return lambda file: file
    return lambda file: stage_file(file, staging, output_dir)


SHORT_WAY_FORK = 64
"""Pages an edit must render before the short way renders them on the worker
processes (``--jobs``): a retag of a tag on half the articles moves every page
of its listing, hundreds; a body edit renders a handful, fewer than a fork costs."""


def _page_recipe(
    site: Site,
    tools: RenderTools,
    options: BuildOptions,
    salt: str,
    shards: Sequence[str],
    bodies: WithBodies = list,
) -> Callable[[], PageRecipe]:
    """How a cluster's worker makes the page renderer (``render_pages``'s ``recipe``):
    with every body in the site model, which ``bodies`` reads back (the worker
    cannot read the store)."""

    def recipe() -> PageRecipe:
        sources = TemplateSources.of(tools.env, options.site_dir)
        whole = dataclasses.replace(site, articles=tuple(bodies(site.articles)))
        return PageRecipe(
            whole, sources, tools.urls, salt, tuple(shards), options.minify, options.output_dir
        )

    return recipe


def render_pages(
    planned: Sequence[PageJob],
    todo: Sequence[PageJob],
    renderer: PageRenderer,
    options: BuildOptions,
    problems: Problems,
    staging: Path | None,
    executor: Executor,
    recipe: Callable[[], Recipe[Any]],
    started: Callable[[], None] | None = None,
    bodies: WithBodies = list,
    cards: CardDrawing | None = None,
    feeds: Sequence[FeedJob] = (),
    share: Share = True,
) -> tuple[list[Output], list[bytes | None], dict[str, Output]]:
    """Every planned page in order: ``todo`` viewed (and rendered when its view
    changed) over all cores, the others kept. With ``staging``, workers write
    the pages there and send back names and digests only. ``started``: see
    ``Executor.map``. ``bodies`` reads back the bodies of lean articles (in a
    worker too). The ``cards`` (not on a cluster) are drawn on the same
    workers, before the pages: their results come second. The ``feeds`` are
    made there too, between the cards and the pages: they come third, by path.
    ``share``: whether this process renders pages beside the workers (a test:
    while it holds; see ``Executor.map``).

    A cluster's workers (``executor.remote``, their state from ``recipe``)
    cannot reach the staging folder: they send each page's bytes, and this
    process stages the pages as they come back, so it never holds them all.
    """
    local = None if executor.remote else staging
    assert cards is None or not executor.remote, "a cluster cannot reach the image cache"
    drawing: Sequence[DrawCard] = cards.todo if cards is not None else ()
    items: Sequence[MapItem] = _Joined([drawing, feeds, todo]) if drawing or feeds else todo
    if not executor.remote and forks(len(items), options.jobs):
        compile_page_templates(renderer.env)
    state: PageState = (renderer, options.minify, local, options.output_dir, bodies, cards)
    made = iter(
        executor.map(
            _render_page_chunk, state, items, recipe, COSTS["pages"], started=started, share=share
        )
    )
    drawn: list[bytes | None] = [next(made) for _ in drawing]
    made_feeds: dict[str, Output] = {}
    for feed in feeds:
        file, found = next(made)
        problems.extend(found)
        if isinstance(file, OutputFile) and staging is not None:  # a cluster's feed
            file = stage_file(file, staging, options.output_dir)
        if file is not None:
            made_feeds[feed.path] = file
    pages = _PageResults(staging)
    for page, (file, found) in zip(todo, made, strict=True):
        problems.extend(found)
        if isinstance(file, OutputFile) and staging is not None:  # a cluster's page
            file = stage_file(file, staging, options.output_dir)
        pages.add(page, file)
    fresh = pages.files(todo)  # the workers are gone: their copies of the site with them
    viewed = {job[1] for job in todo}
    outputs = [
        fresh[path] if path in viewed else KeptFile(path, known)
        for _, path, _, known in planned
        if path not in viewed or path in fresh
    ]
    return outputs, drawn, made_feeds


class _PageResults:
    """The pages a map made, as this process keeps them while the map runs: the
    part of each page's key its worker found (the digest of its view) and the
    digest of its bytes, 32 bytes a page in one buffer, where a ``StagedFile``
    with its strings took some 500. At 100,000 articles the map's 180,000
    pages came back as objects that were the build's largest growth while its
    worker was alive: it held 660 MiB at the map's end this way, 770 before.
    The files are made of them once the map has ended (``files``), its
    workers gone.

    A page that does not fit that form (no staging folder, a key of another
    shape, a page with problems) is kept as it came."""

    def __init__(self, staging: Path | None) -> None:
        self.staging = staging
        self.packed = bytearray()
        self.others: dict[int, Output | None] = {}

    def add(self, job: PageJob, file: Output | None) -> None:
        """The result of the next page of ``todo``."""
        shown, dot, view = file.key.partition(".") if file is not None else ("", "", "")
        if (
            isinstance(file, StagedFile)
            and self.staging is not None
            and dot
            and shown == job[2]
            and len(view) == len(file.digest) == 32
            and file.staged == staged_path(self.staging, file.path)
        ):
            with contextlib.suppress(ValueError):  # not hexadecimal: kept as it is
                self.packed += bytes.fromhex(view) + bytes.fromhex(file.digest)
                return
        self.others[len(self.packed) // 32] = file
        self.packed += bytes(32)

    def files(self, todo: Sequence[PageJob]) -> dict[str, Output]:
        """Each page of ``todo`` that was made, by its path."""
        found: dict[str, Output] = {}
        staging, packed, others = self.staging, self.packed, self.others
        for index, job in enumerate(todo):
            if index in others:
                other = others[index]
                if other is not None:
                    found[job[1]] = other
                continue
            assert staging is not None
            at = 32 * index
            path, key = job[1], f"{job[2]}.{packed[at : at + 16].hex()}"
            found[path] = StagedFile(
                path, key, staged_path(staging, path), packed[at + 16 : at + 32].hex()
            )
        return found


PageState = tuple[PageRenderer, bool, Path | None, Path, WithBodies, CardDrawing | None]
"""What renders pages: the renderer, whether to minify, the staging folder, the
output folder (for messages), where the bodies of lean articles are read, and
the social cards to draw first."""


MapItem = DrawCard | FeedJob | PageJob
"""What the page map is handed, in this order: cards, feeds, pages."""


class _Joined(Sequence[MapItem]):
    """Sequences one after the other, without a list of them all: the pages are a
    ``PageJobs`` view, which a list would make every job of at once. Sliced
    (the map's chunks), it is another such view; pickled, the list of its items."""

    def __init__(self, parts: Sequence[Sequence[MapItem]]) -> None:
        self.parts = [part for part in parts if part]

    def __len__(self) -> int:
        return sum(map(len, self.parts))

    @overload
    def __getitem__(self, index: int) -> MapItem: ...

    @overload
    def __getitem__(self, index: slice) -> _Joined: ...

    def __getitem__(self, index: int | slice) -> MapItem | _Joined:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            assert step == 1, "the map slices in order"
            parts: list[Sequence[MapItem]] = []
            for part in self.parts:
                if stop > 0 and start < len(part):
                    parts.append(part[max(start, 0) : stop])
                start, stop = start - len(part), stop - len(part)
            return _Joined(parts)
        if index < 0:
            index += len(self)
        for part in self.parts:
            if index < len(part):
                return part[index]
            index -= len(part)
        raise IndexError(index)

    def __iter__(self) -> Iterator[MapItem]:
        return itertools.chain.from_iterable(self.parts)

    def __reduce__(self) -> tuple[type[list[MapItem]], tuple[list[MapItem]]]:
        return list, (list(self),)


def _render_page_chunk(
    state: PageState, items: Sequence[MapItem]
) -> list[tuple[Output | None, tuple[Problem, ...]] | bytes | None]:
    """The map function: the cards first (``draw_cards``), then the feeds (staged
    like pages), then each page's view; the page kept when its view is the one
    the last build rendered, else rendered (and minified, and staged). The
    bodies its feeds and article pages show are read back at once."""
    cards = [item for item in items if isinstance(item, DrawCard)]
    feeds = [item for item in items[len(cards) :] if isinstance(item, FeedJob)]
    jobs = cast(Sequence[PageJob], items[len(cards) + len(feeds) :])
    done: list[tuple[Output | None, tuple[Problem, ...]] | bytes | None] = []
    if cards:
        assert state[5] is not None
        done.extend(draw_cards(state[5], cards))
    if feeds:
        renderer, _, staging, output_dir, bodies, _ = state
        for file in make_feeds(renderer.site, renderer.urls, feeds, bodies):
            done.append((stage_file(file, staging, output_dir) if staging else file, ()))
        # The entries' text, let go in pieces too small to go back to the system
        # by themselves, would stay with the process through the pages: at
        # 10,000 articles, 45 MB in each.
        release_freed_memory()
    return [*done, *_render_pages_here(state, jobs)]


def _render_pages_here(
    state: PageState, jobs: Sequence[PageJob]
) -> list[tuple[Output | None, tuple[Problem, ...]]]:
    """``_render_page_chunk`` for pages alone: in this process, or a worker."""
    renderer, minify, staging, output_dir, bodies, _ = state
    articles = renderer.site.articles
    shown = [articles[index] for (kind, index, _), *_ in jobs if kind == "article"]
    whole = {r.article.source: r for r in bodies(shown)}
    results: list[tuple[Output | None, tuple[Problem, ...]]] = []
    for task, path, shown_digest, known in jobs:
        try:
            view = page_view(renderer, task, whole)
            key = f"{shown_digest}.{renderer.key(view)}"
            if known.partition(".")[2] == key.partition(".")[2]:
                results.append((KeptFile(path, key), ()))
                continue
            file = renderer.render(view, key)
        except SiteError as error:
            results.append((None, tuple(error.problems)))
            continue
        file = minify_page(file) if minify else file
        results.append((stage_file(file, staging, output_dir) if staging else file, ()))
    return results


def stage_file(file: OutputFile, staging: Path, output_dir: Path) -> StagedFile:
    """Write ``file`` into the staging folder (``staged_path``); raises RunError
    naming the file as the author knows it (``output/x/index.html``)."""
    staged = staged_path(staging, file.path)
    try:
        with open(staged, "wb") as handle:
            handle.write(file.data)
    except OSError as error:
        raise RunError(f"cannot write {output_dir / file.path}: {error.strerror}") from None
    return StagedFile(file.path, file.key, staged, digest_bytes(file.data))


def staged_path(staging: Path, path: str) -> str:
    """Where the output file ``path`` is staged: named by the path's digest, so
    that the build can tell it again without keeping it (``_PageResults``)."""
    return os.path.join(staging, f"{digest(path)}-{path.rpartition('/')[2]}")


class _InnerUse:
    """How each shortcode template uses ``inner``, as the last build found it
    (``load_shortcode_registry``'s ``known``), kept in the store again when a
    template changed. Tied to sitegen's code and Jinja's version, which decide
    how a template parses."""

    NAME = "shortcode-inner"

    def __init__(self, engine: Engine, templates: Mapping[str, tuple[str, str]]) -> None:
        self.slot = engine.slot(self.NAME)
        self.version = digest((code_fingerprint(), jinja2.__version__))
        stored = self.slot.get()
        ok = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == self.version
        kept = stored[1] if ok and isinstance(stored[1], dict) else {}
        self.sources = {source for _, source in templates.values()}
        self.before = {
            s: use for s, use in kept.items() if s in self.sources and use in ("optional", "none")
        }
        self.known = dict(self.before)

    def keep(self) -> None:
        found = {s: use for s, use in self.known.items() if s in self.sources}
        if found != self.before:
            self.slot.set((self.version, found))


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


def build(
    options: BuildOptions,
    progress: Progress = _no_progress,
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
            edited is not None and bool(edited) and _articles_only(edited, options, engine)
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


SITE_RECORD = "site"
COPIES_RECORD = "site-copies"
"""The copies of the site ``SITE_RECORD`` keeps, read on their own: the check
aside (``Engine.kept_intact_aside``) asks their sources while the site is read."""
EDITS_RECORD = "site-edits"
MAX_EDITS = 200
"""Articles the short way may patch into the remembered site before it is kept whole
again (reading the patches back costs little; writing the whole site, a second)."""


def _kept_form(rendered: RenderedArticle) -> RenderedArticle:
    """An article as the remembered site keeps it: without what the body memo holds
    (markdown, HTML, text, headings, links, FAQ), which ``_hydrated`` reads back."""
    return _lean(rendered, without_markdown=True)


def remember_build(prepared: Prepared, engine: Engine) -> None:
    """Keep the site model for the next CLI build, so that an article edit takes
    the preview's short way from disk too. Bodies are left out (the body memo holds
    them): at 10,000 articles they are most of the model. After the short way,
    only the articles it changed are kept, as patches over the last whole site,
    with what it changed of the tags and related lists (``site.patch``)."""
    edits = engine.remembered(EDITS_RECORD) if prepared.edited else None
    if isinstance(edits, dict) and len(edits) + len(prepared.edited) <= MAX_EDITS:
        refiling = _remembered_refiling(engine)
        if refiling is not None:
            by_source = {r.article.source: r for r in prepared.site.articles}
            edits.update((s, _kept_form(by_source[s])) for s in prepared.edited)
            if prepared.refiling is not None:
                refiling = merged(refiling, prepared.refiling)
            engine.remember(EDITS_RECORD, edits)
            engine.remember(REFILING_RECORD, _refiling_value(refiling))
            return
    site = prepared.site
    kept = dataclasses.replace(site, articles=tuple(_kept_form(r) for r in site.articles))
    copies = tuple((os.fspath(source), dest) for source, dest in prepared.copies)
    value = (kept, prepared.horizon, prepared.notes, prepared.unbuilt)
    engine.remember(SITE_RECORD, value)
    engine.remember(COPIES_RECORD, copies)
    digests = prepared.search_digests
    engine.remember(SEARCH_RECORD, (digests.salt, dict(digests.by_source)))
    engine.remember(EDITS_RECORD, {})
    engine.remember(REFILING_RECORD, _refiling_value(Refiling({}, {}, {})))


REFILING_RECORD = "site-refiling"
SEARCH_RECORD = "site-search"
"""The search records' digests of the site ``SITE_RECORD`` keeps: true of the
articles ``EDITS_RECORD`` has not replaced since."""


def _remembered_digests(engine: Engine, edits: Collection[str]) -> RecordDigests:
    """``SEARCH_RECORD`` without the articles edited since: none when damaged."""
    value = engine.remembered(SEARCH_RECORD)
    try:
        salt, by_source = value
        if isinstance(salt, str) and isinstance(by_source, dict):
            return RecordDigests(salt, by_source).without(edits)
    except (TypeError, ValueError):
        pass
    return RecordDigests()


def _refiling_value(refiling: Refiling) -> tuple[dict[str, Any], ...]:
    """The record's form: plain mappings, which the store's codec reads back."""
    return (dict(refiling.tags), dict(refiling.related), dict(refiling.article_tags))


def _remembered_refiling(engine: Engine) -> Refiling | None:
    """The tags and related lists the short ways changed since the last whole site
    was kept; None when the record is damaged. A cache kept before the record
    existed has none: its short ways patched bodies only, so there is nothing to
    apply."""
    value = engine.remembered(REFILING_RECORD)
    if value is None:
        return Refiling({}, {}, {})
    try:
        tags, related, article_tags = (dict(part) for part in value)
        lists = (*related.values(), *article_tags.values())
        if not all(isinstance(t, Taxon | None) for t in tags.values()) or not all(
            isinstance(v, tuple) and all(isinstance(s, str) for s in v) for v in lists
        ):
            return None
        return Refiling(tags, related, article_tags)
    except (TypeError, ValueError):
        return None


def _articles_only(edited: Sequence[str], options: BuildOptions, engine: Engine) -> bool:
    """Whether ``edited`` are articles whose front matter differs from the last
    parse at most in what the short way patches: asked before the remembered
    site is read back, which costs a second at 10,000 articles and is of no use
    to any other edit."""
    problems = Problems()
    config = effective_config(options, problems)
    before = engine.parsed_before(repr(config), edited)
    for path in edited:
        old = before.get(path)
        if old is None:
            continue  # not remembered (changed just before that build): the short way decides
        source = read_source(FoundSource(path, str(options.site_dir / path), None), problems)
        new = parse_article(source, config, problems) if source is not None else None
        if new is None or problems or not _patchable(old, new):
            return False
    return True


def remembered_build(
    options: BuildOptions, engine: Engine, executor: Executor | None = None
) -> Prepared | None:
    """The last build as ``remember_build`` kept it, its outputs as ``KeptFile``s
    (every file the last build wrote, from its record), when it is whole and the
    output directory still holds its files; else None. Its tools render on
    ``executor`` (by default this machine's processes)."""
    copies = engine.remembered(COPIES_RECORD)
    if not isinstance(copies, tuple):
        return None
    place = spare_place(Path(os.path.realpath(engine.output_dir)), engine.spare_near)
    with engine.kept_intact_aside(copies, str(place) if place else None) as kept_intact:
        return _remembered_build(options, engine, kept_intact, copies, executor)


def _remembered_build(
    options: BuildOptions,
    engine: Engine,
    kept_intact: Callable[[Sequence[Output]], bool],
    copies: tuple[tuple[StrPath, str], ...],
    executor: Executor | None,
) -> Prepared | None:
    try:
        site, horizon, notes, unbuilt = engine.remembered(SITE_RECORD)
        edits = engine.remembered(EDITS_RECORD)
        if not isinstance(site, Site) or not isinstance(edits, dict):
            return None
        refiling = _remembered_refiling(engine)
        if refiling is None:
            return None
        if edits:
            articles = tuple(edits.get(r.article.source, r) for r in site.articles)
            if not all(isinstance(r, RenderedArticle) for r in articles):
                return None
            site = patched(dataclasses.replace(site, articles=articles), refiling)
        copied = {dest for _, dest in copies}
        paths = list(itertools.filterfalse(copied.__contains__, engine.last.manifest))
        keys = map(engine.last.keys.get, paths, itertools.repeat(""))
        files = Outputs(dict(zip(paths, keys, strict=True)))
    except (TypeError, ValueError):
        return None
    if not kept_intact(files):
        return None
    problems = Problems()
    tools = RenderTools.make(options, site.config, problems, engine, executor)
    if problems:
        return None
    digests = _remembered_digests(engine, edits)
    return Prepared(
        site,
        files,
        copies,
        horizon,
        unbuilt=unbuilt,
        notes=tuple(notes),
        tools=tools,
        search_digests=digests,
    )


class _BodyLostError(Exception):
    """A body the short way needs is no longer in the memo: take the whole way."""


def _filler(site: Site, bodies: WithBodies) -> Fill:
    """The search index's ``fill``: records given their text, the bodies of lean
    articles read back through ``bodies``, a few at a time."""
    by_source = {r.article.source: r for r in site.articles}

    def fill(records: Sequence[SearchRecord]) -> list[SearchRecord]:
        wanted = [by_source[r.source] for r in records if r.source in by_source]
        texts = {body.article.source: body.text for body in each_body(wanted, bodies)}
        return [
            dataclasses.replace(r, parts=(*r.parts[:2], texts[r.source]))
            if r.source in texts
            else r
            for r in records
        ]

    return fill


def _memo_reader(
    site: Site, tools: RenderTools, engine: Engine, memo: RenderedBodies | None = None
) -> WithBodies:
    """The bodies of lean articles of ``site``, a site model of an earlier build
    (``remember_build``, or the preview's last), from the body memo (``memo``,
    if already opened) while their links still resolve as they did; raises
    ``_BodyLostError`` when one is not there any more."""
    copied = [src for src, _ in site.files]
    rewriter = LinkRewriter(site.urls, tools.urls.base_path, copied)
    memo = memo or tools.body_memo(engine)

    def read(rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        wanted = [r.article for r in rendered if not r.html]
        if not wanted:
            return list(rendered)
        found = memo.get_many(wanted, rewriter)
        if any(found[a.source] is None for a in wanted):
            raise _BodyLostError
        return [found.get(r.article.source) or r for r in rendered]

    return read


def stored_bodies(prepared: Prepared, engine: Engine) -> WithBodies:
    """The bodies of ``prepared``'s lean articles, read back from ``engine``'s body
    memo: what ``check`` reads each link an author wrote from (the site model
    holds none). Raises RunError when the memo lost one since."""
    if prepared.tools is None:
        return list
    read = _memo_reader(prepared.site, prepared.tools, engine)

    def bodies(rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        try:
            return read(rendered)
        except _BodyLostError:
            raise RunError("the cache lost a body while it was read; run again") from None

    return bodies


def _hydrated(
    site: Site, sources: Collection[str], tools: RenderTools, engine: Engine
) -> Site | None:
    """``site`` with the bodies of ``sources`` read back from the body memo, where
    it holds them lean; None when one is not there any more."""
    wanted = [r for r in site.articles if r.article.source in sources and not r.html]
    if not wanted:
        return site
    try:
        full = {r.article.source: r for r in _memo_reader(site, tools, engine)(wanted)}
    except _BodyLostError:
        return None
    articles = tuple(full.get(r.article.source, r) for r in site.articles)
    return dataclasses.replace(site, articles=articles)
