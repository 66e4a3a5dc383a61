"""The build's articles and bodies: front matter read and parsed, bodies rendered
over the worker pool, and what the store keeps of both read back where a
stage needs it (``RenderTools``: the templates, Markdown, URLs every stage is
handed). ``prepare`` calls these; no stage knows the store."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt

from sitegen.config import SiteConfig, load_config
from sitegen.content.discover import FoundSource, check_links, find_sources, read_source
from sitegen.content.frontmatter import parse_landing, with_shared_lines
from sitegen.digests import code_fingerprint, digest
from sitegen.errors import Problem, Problems, RunError
from sitegen.executors import Executor, LocalExecutor
from sitegen.executors.recipes import (
    COSTS,
    BodyRecipe,
    TemplateSources,
    Value,
    parse_front_matter_chunk,
)
from sitegen.images import ImageFiles, make_pictures
from sitegen.images.store import ImageStore
from sitegen.images.template import CardTemplate, load_card_template
from sitegen.incremental.engine import Engine
from sitegen.incremental.store import Store
from sitegen.incremental.tables import Markdown, RenderedBodies, decode_body, encode_body
from sitegen.language import Words, site_words
from sitegen.markdown import load_shortcode_registry, make_markdown, render_landing
from sitegen.markdown.bodies import BodyState, Progress, render_body_chunk
from sitegen.markdown.code import highlighter_version
from sitegen.markdown.math import math_version
from sitegen.markdown.rst import rst_version
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.model import (
    READ_BACK,
    Article,
    Landing,
    RenderedArticle,
    RenderedLanding,
    Site,
    SourceFile,
    Urls,
    WithBodies,
    each_body,
)
from sitegen.options import BuildOptions
from sitegen.output.fingerprint import Assets, fingerprint_assets
from sitegen.post.search import Fill, SearchRecord
from sitegen.render.environment import (
    THEME_DIR,
    JinjaShortcodes,
    make_environment,
    shortcode_templates,
)
from sitegen.site.assemble import select_published
from sitegen.site.taxonomy import section_slugs, site_sections
from sitegen.site.urls import LinkRewriter, assign_urls
from sitegen.slugs import is_landing
from sitegen.workers import parallel_map


def no_progress(stage: str, done: int, total: int) -> None:
    return None


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
    found, files = find_sources(options.site_dir, problems, config.exclude, config.language)
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
    words: Words
    """The theme's words in the site's language, which templates and shortcodes write."""
    shortcodes: Mapping[str, tuple[str, str]]
    """Every shortcode template, name → (path, source), as read once per build: the
    registry is made of them and every body's memo key reads them."""

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
        words = site_words(config.language, config.strings)
        env = make_environment(
            options.site_dir, compiled_dir=engine.compiled_templates, words=words
        )
        templates = shortcode_templates(env, options.site_dir)
        inner = _InnerUse(engine, templates)
        registry = load_shortcode_registry(templates, problems, inner.known)
        inner.keep()
        markdown = make_markdown(config.markdown, registry, config.language, words)
        urls = Urls.for_config(config, assets.names)
        run = executor or LocalExecutor(options.jobs)
        return cls(options, config, env, assets, urls, markdown, registry, run, words, templates)

    def page_salt(self, engine: Engine) -> str:
        """What every page and feed reads besides the site model: every template,
        the configuration, asset names (and sitegen's code, minifying: the engine's)."""
        return engine.salt(
            repr(self.config), repr(self.urls), _template_sources(self.env), repr(self.words)
        )

    def bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        engine: Engine,
        progress: Progress = no_progress,
        every: bool = True,
        files: Iterable[str] = (),
        sections: Iterable[str] = (),
        titles: Mapping[str, str] | None = None,
    ) -> list[RenderedArticle]:
        """Rendered bodies, whole, kept from an earlier build when current; ``sources``
        maps every published article's file to its URL, for links between
        articles, ``files`` lists the files copied from ``content/``, for
        links to them, ``sections`` the slugs of the sections with a list
        page, for links to a section's ``_index.md``, and ``titles`` every
        published article's file to its title, for a body showing one (by
        default those of ``articles``). With ``every`` (all published
        articles), the engine forgets the bodies of no other."""
        shown = titles if titles is not None else titles_of(articles)
        found = self._bodies(
            articles, sources, problems, engine, progress, every, files, None, sections, shown
        )
        return found[0]

    def lean_bodies(
        self,
        articles: Sequence[Article],
        sources: Mapping[str, str],
        problems: Problems,
        engine: Engine,
        progress: Progress = no_progress,
        files: Iterable[str] = (),
        sections: Iterable[str] = (),
    ) -> tuple[list[RenderedArticle], StoredBodies]:
        """``bodies`` of every published article, lean (``lean_article``): what the site
        model holds, while the HTML, text, headings and FAQ stay in the store,
        which the stages that show them read back (``StoredBodies``). So the
        build never holds every body at once: at 10,000 articles, 180 MB."""
        keys: dict[str, str] = {}
        titles = titles_of(articles)
        rendered, store = self._bodies(
            articles, sources, problems, engine, progress, True, files, keys, sections, titles
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
        sections: Iterable[str],
        titles: Mapping[str, str],
    ) -> tuple[list[RenderedArticle], SharedStore]:
        """``bodies``; with ``lean``, those the store keeps are lean, and ``lean``
        gets their memo keys by source. Also the store as the workers read it."""
        options = self.options
        store = SharedStore(engine.store, engine.share())  # the markdown, for the workers
        markdown = StoredMarkdown(store, self.markdown_salt(engine))
        rewriter = LinkRewriter(sources, self.urls.base_path, files, sections, titles)
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
                    kept[article.source] = lean_article(found)
                else:
                    kept[article.source] = found
        progress("render", len(articles) - len(missing), len(articles))
        with_markdown: WithMarkdown = markdown
        if self.executor.remote or not store.everywhere:  # no worker reads the store
            missing, with_markdown = markdown(missing), list
        state = (BodyState(self.markdown, shortcodes, rewriter), with_markdown)

        def recipe() -> BodyRecipe:
            sources = TemplateSources.of(self.env, options.site_dir, self.words)
            return BodyRecipe(
                self.config.markdown,
                self.registry,
                sources,
                self.urls,
                rewriter,
                self.config.language,
            )

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
        templates = repr(self.shortcodes)
        # A shortcode's asset() gives a content-hashed name; only then does a
        # stylesheet edit change bodies (url() reads base_url, in the config).
        assets = repr(sorted(self.urls.assets.items())) if "asset" in templates else ""
        colours = highlighter_version(self.config.markdown.highlight)
        formulas = math_version(self.config.markdown.math)
        readers = rst_version()
        words = repr(self.words)  # a callout's title, an embed's link text
        made = (repr(self.config), templates, assets, colours, formulas, readers, words)
        return engine.bodies(digest(made))

    def landings(
        self,
        landings: Sequence[Landing],
        sources: Mapping[str, str],
        problems: Problems,
        files: Iterable[str] = (),
        sections: Iterable[str] = (),
        titles: Mapping[str, str] | None = None,
    ) -> list[RenderedLanding]:
        """The ``_index.md`` bodies, rendered afresh (a site has a handful);
        ``titles``: the published articles' (``bodies``)."""
        rewriter = LinkRewriter(sources, self.urls.base_path, files, sections, titles)
        shortcodes = JinjaShortcodes(self.env, self.options.site_dir, self.urls)
        rendered = (
            render_landing(
                landing,
                self.markdown,
                shortcodes,
                rewriter,
                problems,
                rewriter.find_article,
                rewriter.article_title,
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
        rewriter = LinkRewriter(site.urls, self.urls.base_path, copied, site_sections(site))
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


def lean_article(rendered: RenderedArticle, without_markdown: bool = False) -> RenderedArticle:
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


def titles_of(articles: Iterable[Article]) -> dict[str, str]:
    """Article file → title: what a body showing another article's title reads."""
    return {article.source: article.title for article in articles}


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
    for rendered, found, resolved, refs, titles in render_body_chunk(
        parser, with_markdown(articles)
    ):
        if rendered is None:
            results.append((rendered, found, None))
        elif found:
            results.append((dataclasses.replace(rendered, article=_STAND_IN), found, None))
        else:
            data = encode_body(rendered, resolved, refs, titles)
            sent = lean_article(dataclasses.replace(rendered, article=_STAND_IN))
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
        sections = section_slugs(published)
        rendered = tools.bodies(published, urls, problems, engine, every=False, sections=sections)
    problems.raise_if_any()
    return rendered


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


class BodyLostError(Exception):
    """A body the short way needs is no longer in the memo: take the whole way."""


def filler(site: Site, bodies: WithBodies) -> Fill:
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


def memo_reader(
    site: Site,
    tools: RenderTools,
    engine: Engine,
    memo: RenderedBodies | None = None,
    titles: Mapping[str, str] | None = None,
) -> WithBodies:
    """The bodies of lean articles of ``site``, a site model of an earlier build
    (``remember_build``, or the preview's last), from the body memo (``memo``,
    if already opened) while their links still resolve as they did; raises
    ``BodyLostError`` when one is not there any more. ``titles``: ``titles_of``
    the site's articles, when the caller has it (at 10,000 articles, making it
    again for each reader was 2 % of a body edit)."""
    copied = [src for src, _ in site.files]
    titles = titles_of(r.article for r in site.articles) if titles is None else titles
    rewriter = LinkRewriter(site.urls, tools.urls.base_path, copied, site_sections(site), titles)
    memo = memo or tools.body_memo(engine)

    def read(rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        wanted = [r.article for r in rendered if not r.html]
        if not wanted:
            return list(rendered)
        found = memo.get_many(wanted, rewriter)
        if any(found[a.source] is None for a in wanted):
            raise BodyLostError
        return [found.get(r.article.source) or r for r in rendered]

    return read


def hydrated(
    site: Site,
    sources: Collection[str],
    tools: RenderTools,
    engine: Engine,
    titles: Mapping[str, str] | None = None,
) -> Site | None:
    """``site`` with the bodies of ``sources`` read back from the body memo, where
    it holds them lean; None when one is not there any more. ``titles``: see
    ``memo_reader``."""
    wanted = [r for r in site.articles if r.article.source in sources and not r.html]
    if not wanted:
        return site
    try:
        read = memo_reader(site, tools, engine, titles=titles)
        full = {r.article.source: r for r in read(wanted)}
    except BodyLostError:
        return None
    articles = tuple(full.get(r.article.source, r) for r in site.articles)
    return dataclasses.replace(site, articles=articles)
