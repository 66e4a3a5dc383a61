"""What the build keeps of each page its workers made while the page map runs."""

from __future__ import annotations

import pickle
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from sitegen.build.pages import MapItem, PageJob, PagePlan, _Joined, _PageResults, staged_path
from sitegen.digests import digest_bytes
from sitegen.images import DrawCard
from sitegen.model import KeptFile, OutputFile, StagedFile
from sitegen.render.pages import PageRenderer, PageTask

STAGING = Path("/cache/outputs/last.staging")


def _page(index: int) -> tuple[PageJob, StagedFile]:
    """A planned page and the file a worker staged for it."""
    path = f"articles/article-{index}/index.html"
    shown = digest_bytes(f"shown {index}".encode())
    view = digest_bytes(f"view {index}".encode())
    file = StagedFile(
        path, f"{shown}.{view}", staged_path(STAGING, path), digest_bytes(b"%d" % index)
    )
    return (("article", index, 0), path, shown, ""), file


def test_pages_kept_while_the_map_runs_come_back_as_the_workers_made_them() -> None:
    jobs, files = zip(*(_page(index) for index in range(50)), strict=True)
    results = _PageResults(STAGING)
    for job, file in zip(jobs, files, strict=True):
        results.add(job, file)
    assert results.files(jobs) == {file.path: file for file in files}


def test_a_page_of_another_form_is_kept_as_it_came_and_a_failed_one_is_left_out() -> None:
    jobs = [_page(index)[0] for index in range(4)]
    odd_key = StagedFile(jobs[1][1], "no dot", staged_path(STAGING, jobs[1][1]), "d" * 32)
    elsewhere = StagedFile(jobs[2][1], _page(2)[1].key, "/tmp/elsewhere", "e" * 32)
    results = _PageResults(STAGING)
    results.add(jobs[0], _page(0)[1])
    results.add(jobs[1], odd_key)
    results.add(jobs[2], elsewhere)
    results.add(jobs[3], None)  # its template failed: the problem is reported, no file
    assert results.files(jobs) == {
        jobs[0][1]: _page(0)[1],
        jobs[1][1]: odd_key,
        jobs[2][1]: elsewhere,
    }


def test_without_a_staging_folder_the_pages_are_kept_with_their_bytes() -> None:
    job = _page(0)[0]
    page = OutputFile(job[1], b"<p>page</p>", key=f"{job[2]}.{'a' * 32}")
    kept = KeptFile("feed.xml", "k")
    results = _PageResults(None)
    results.add(job, page)
    results.add(_page(1)[0], kept)
    assert results.files([job, _page(1)[0]]) == {job[1]: page, _page(1)[0][1]: kept}


def test_a_page_kept_while_the_map_runs_costs_a_few_dozen_bytes() -> None:
    """At 100,000 articles a map makes 180,000 pages; as ``StagedFile`` objects
    with their strings they took about 500 bytes each in the build's memory
    until the map ended, at the build's peak. Each result here is made anew,
    as a worker's comes back (its strings its own), and let go unless kept."""
    jobs = [_page(index)[0] for index in range(5000)]
    results = _PageResults(STAGING)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index, job in enumerate(jobs):
            results.add(job, _page(index)[1])
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held / len(jobs) < 64


class _Shows:
    """A renderer as ``PagePlan`` asks it: each page's path and what it shows."""

    def shows(self, task: PageTask) -> tuple[str, str]:
        kind, index, part = task
        return f"{kind}/{index}/{part}/index.html", digest_bytes(repr(task).encode())


def _plan(count: int, known: Callable[[str], str] = lambda path: "") -> PagePlan:
    tasks = [("article", index, 0) for index in range(count)]
    return PagePlan(cast(PageRenderer, _Shows()), tasks, known)


def test_the_plan_gives_each_page_as_the_workers_are_sent_it() -> None:
    tasks = [("article", index, 0) for index in range(300)]
    made = _plan(300)
    expected = [(task, *_Shows().shows(task), "") for task in tasks]
    assert list(made.jobs()) == expected
    assert made.jobs()[7] == expected[7]
    assert made.jobs()[-1] == expected[-1]
    assert list(made.jobs()[100:250]) == expected[100:250]
    assert pickle.loads(pickle.dumps(made.jobs()[5:9])) == expected[5:9]


def test_only_pages_whose_articles_or_place_changed_are_to_view() -> None:
    shown = dict(map(_Shows().shows, _plan(6).tasks))
    last = {
        "article/1/0/index.html": f"{shown['article/1/0/index.html']}.{'a' * 32}",  # same
        "article/4/0/index.html": f"{'0' * 32}.{'a' * 32}",  # changed
    }
    made = _plan(6, lambda path: last.get(path, ""))
    assert [job[1] for job in made.jobs(made.unseen())] == [
        f"article/{index}/0/index.html" for index in (0, 2, 3, 4, 5)
    ]
    assert list(_plan(6).unseen()) == list(range(6))  # a first build views every page


def test_the_map_items_are_sliced_and_sent_as_one_list_of_cards_feeds_and_pages() -> None:
    cards = [DrawCard(f"card{index}", index) for index in range(5)]
    feeds = ["feed-a", "feed-b"]  # as the map sees them: items of their own kind
    pages = _plan(9).jobs()
    joined = _Joined(cast(Sequence[Sequence[MapItem]], [cards, feeds, pages]))
    whole = [*cards, *feeds, *pages]
    assert len(joined) == len(whole)
    assert [joined[index] for index in range(-len(whole), len(whole))] == whole + whole
    for start in range(len(whole) + 1):
        for stop in range(start, len(whole) + 2):
            assert list(joined[start:stop]) == whole[start:stop]
            assert pickle.loads(pickle.dumps(joined[start:stop])) == whole[start:stop]


def test_the_plan_of_many_pages_holds_no_tuple_or_digest_string_for_each() -> None:
    """At 100,000 articles a build plans 175,000 pages; as a tuple and a digest's
    hexadecimal string each, they took 140 bytes a page more than this."""
    tasks = [("article", index, 0) for index in range(5000)]
    paths = [_Shows().shows(task)[0] for task in tasks]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        made = PagePlan(cast(PageRenderer, _Paths(paths)), tasks, lambda path: "")
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(made.jobs()) == 5000
    assert held / len(tasks) < 40


class _Paths:
    """``_Shows`` with its paths made beforehand: the plan's own memory alone is measured."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.paths = iter(paths)

    def shows(self, task: PageTask) -> tuple[str, str]:
        return next(self.paths), "ab" * 16
