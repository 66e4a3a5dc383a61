"""What the build keeps of each page its workers made while the page map runs."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from sitegen.build import PageJob, _PageResults, staged_path
from sitegen.digests import digest_bytes
from sitegen.model import KeptFile, OutputFile, StagedFile

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
