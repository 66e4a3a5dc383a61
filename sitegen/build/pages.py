"""The page map: which pages a build views (``PagePlan``), the map function its
workers run (cards, feeds, then pages, each staged as it is made) and the
results as the build keeps them while the map runs."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast, overload

from sitegen.build.bodies import RenderTools
from sitegen.digests import digest, digest_bytes
from sitegen.errors import Problem, Problems, RunError, SiteError
from sitegen.executors import Executor, Recipe
from sitegen.executors.recipes import COSTS, PageRecipe, TemplateSources
from sitegen.images import CardDrawing, DrawCard, draw_cards
from sitegen.model import KeptFile, Output, OutputFile, Site, StagedFile, WithBodies
from sitegen.options import BuildOptions
from sitegen.output.minify import minify_page
from sitegen.post.feeds import FeedJob, make_feeds
from sitegen.render.environment import compile_page_templates
from sitegen.render.pages import PageRenderer, PageTask, page_view
from sitegen.workers import Share, forks, release_freed_memory

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


def stager(staging: Path | None, output_dir: Path) -> Callable[[OutputFile], Output]:
    """An output made in this process, written into the staging folder (when the
    build has one) so that it is not held until the write: ``stage_file``."""
    if staging is None:
        return lambda file: file
    return lambda file: stage_file(file, staging, output_dir)


SHORT_WAY_FORK = 64
"""Pages an edit must render before the short way renders them on the worker
processes (``--jobs``): a retag of a tag on half the articles moves every page
of its listing, hundreds; a body edit renders a handful, fewer than a fork costs."""


def page_recipe(
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
        sources = TemplateSources.of(tools.env, options.site_dir, tools.words)
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
    return [*done, *render_pages_here(state, jobs)]


def render_pages_here(
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
