"""The short way after article edits, and the remembered build it starts from.

After a save that changed only article bodies or front matter that moves no
article, ``after_article_edits`` patches the last build's site model and views
only the pages the edit can reach. ``sitegen serve`` hands it the build it
holds; ``sitegen build`` reads it back from the store (``remembered_build``),
where each build leaves its site model (``remember_build``). The related
lists a build starts from are the remembered ones too (``remembered_lists``),
ranked again over the worker processes where a change reaches them
(``ranking_spread``): every build asks for them, the short way most often."""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sitegen.build.bodies import (
    BodyLostError,
    RenderTools,
    effective_config,
    filler,
    hydrated,
    lean_article,
    memo_reader,
    titles_of,
)
from sitegen.build.indexing import index_site
from sitegen.build.pages import (
    SHORT_WAY_FORK,
    PageState,
    page_recipe,
    render_pages,
    render_pages_here,
)
from sitegen.build.prepared import IS_SEARCH, Prepared
from sitegen.content.discover import FoundSource, read_source
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.executors import Executor
from sitegen.images import published_paths
from sitegen.images.shown import image_sources
from sitegen.incremental.engine import Engine
from sitegen.model import (
    Article,
    KeptFile,
    Output,
    Outputs,
    RenderedArticle,
    Site,
    StrPath,
    Taxon,
    output_paths,
    source_of,
)
from sitegen.options import BuildOptions
from sitegen.output.swap import spare_place
from sitegen.permalinks import own_address
from sitegen.post.feeds import FEED_SIZE, atom_feeds, json_feed
from sitegen.post.hosting import HOST_FILES, host_files
from sitegen.post.search import RecordDigests, search_roots
from sitegen.post.sitemap import sitemap
from sitegen.render.pages import PageRenderer, reached_tasks
from sitegen.site.assemble import related_inputs, related_texts
from sitegen.site.patch import Refiling, merged, patched, refiled
from sitegen.site.related import Ranked, RelatedIndex, Spread, rank_apart, rank_positions
from sitegen.site.remembered import RelatedLists
from sitegen.site.taxonomy import site_sections
from sitegen.site.textrank import TextNeighbours
from sitegen.urlpaths import output_path_for
from sitegen.workers import parallel_map


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
    # The short way changes no title (``PATCHABLE``): one map for every reader.
    titles = titles_of(r.article for r in before.articles)
    bodies = tools.bodies(
        list(edited.values()),
        before.urls,
        problems,
        engine,
        every=False,
        files=copied,
        sections=site_sections(before),
        titles=titles,
    )
    problems.raise_if_any()
    fresh = {r.article.source: r for r in bodies}
    stripped = any(not r.html and not r.article.body for r in before.articles)
    shown_before = hydrated(before, fresh.keys(), tools, engine, titles)  # the images they showed
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
            ranked, by_text = _ranked_by_text(site, tools, engine, options.jobs, titles)
        except BodyLostError:
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
        found = hydrated(site, shown, tools, engine, titles)
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
        recipe = page_recipe(site, tools, options, salt, extra_shards)
        made.extend(
            render_pages(
                jobs, jobs, renderer, options, problems, engine.staging, tools.executor, recipe
            )[0]
        )
    else:
        state: PageState = (
            renderer, options.minify, engine.staging, options.output_dir, list, None
        )  # fmt: skip
        for file, trouble in render_pages_here(state, jobs):
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
            index.kept.__contains__, filter(IS_SEARCH, output_paths(files))
        )
        others = _without(files, [*renamed, *HOST_FILES])
        kept = others.kept
        kept.update(index.kept)
        outputs = [*others.made, *index.made]
        if gone or added or _searched(index) != any(map(IS_SEARCH, output_paths(before))):
            # Other outputs: the host files read every path (aliases and pictures,
            # which they read too, are as they were, or the whole way would run).
            paths = [*kept, *(f.path for f in outputs), *(d for _, d in previous.copies)]
            immutable = tools.assets.immutable | published_paths(site.pictures)
            hosting = host_files(site, tools.urls, paths, immutable)
        return patched_build(Outputs(kept, [*outputs, *hosting]), None, found)

    def search(later: Engine) -> Prepared:
        fill = filler(site, memo_reader(site, tools, later, titles=titles)) if stripped else None
        made = index_site(site, tools.urls, later, options, tools.executor, fill, digests)
        return finish(made.files, made.digests)

    if not defer_search:
        try:
            return search(engine)
        except BodyLostError:
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
    where = dict(zip(map(source_of, site.articles), itertools.count()))
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
    """Equal but for the body and the front matter of ``PATCHABLE``, and with the
    same address: ``url`` and ``permalink`` are in ``params`` but move the article."""
    kept = {name: getattr(old, name) for name in PATCHABLE}
    if own_address(old) != own_address(new) or not old.dated:  # a page: in no listing
        return False
    return _same_front_matter(old, dataclasses.replace(new, **kept))


def _images_of(rendered: RenderedArticle) -> tuple[list[str], list[str]]:
    """The images a body shows and the ones its markdown names."""
    named = [link.href for link in rendered.links if link.kind == "image"]
    return list(image_sources(rendered.html)), named


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
    return any(IS_SEARCH(f.path) for f in files)


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
    site: Site, tools: RenderTools, engine: Engine, jobs: int, titles: Mapping[str, str]
) -> tuple[Mapping[str, tuple[str, ...]], bool]:
    """Every related list of ``site`` (an edit's short way: its articles as they
    are now, the lean ones' texts in the body memo) and whether some list asked
    the texts. Only the lists the edit reaches by tags, and those that asked the
    texts when a text changed, are ranked; a text is read only when the body
    memo's key of its article is new. Raises ``BodyLostError``. ``titles``: the
    articles' titles (``titles_of``)."""
    memo = tools.body_memo(engine)
    reader = memo_reader(site, tools, engine, memo, titles)
    listed = site.listed()  # pages without a date are in no related list
    texts = related_texts(listed, site.config, reader, memo.key)
    inputs = related_inputs([r.article for r in listed])
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
    (markdown, HTML, text, headings, links, FAQ), which ``hydrated`` reads back."""
    return lean_article(rendered, without_markdown=True)


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


def only_articles_edited(edited: Sequence[str], options: BuildOptions, engine: Engine) -> bool:
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
