"""The fork pool: results in input order whoever mapped them; a shared map (the
pages) is ``--jobs N`` - 1 workers and the build's own process."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from sitegen.workers import forks, parallel_map, parallel_results

pytestmark = pytest.mark.skipif(not forks(100, 2), reason="needs fork")

PATIENCE = 60.0
"""Seconds a worker waits for the build's process to have taken a chunk."""


def _who_made(state: tuple[int, Path], chunk: Sequence[int]) -> list[tuple[int, int]]:
    """Each item with the process that mapped it. A worker holds its chunk until the
    build's process has mapped one: so the result shows that it did, whatever
    the machine's speed, and the worker's chunks are the late ones."""
    parent, marker = state
    if os.getpid() == parent:
        marker.touch()
    else:
        deadline = time.monotonic() + PATIENCE
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.005)  # polls for the marker: there is nothing to be notified by
    return [(item, os.getpid()) for item in chunk]


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_build_process_maps_chunks_beside_its_workers(tmp_path: Path, jobs: int) -> None:
    items = list(range(500))
    state = (os.getpid(), tmp_path / "taken")
    made = parallel_map(_who_made, state, items, jobs, share=True)
    assert [item for item, _ in made] == items  # in order, each once
    makers = {pid for _, pid in made}
    assert os.getpid() in makers, "the build's process mapped no chunk"
    assert len(makers - {os.getpid()}) <= jobs - 1  # N - 1 workers, never N


def _late_once_helped(state: tuple[int, Path, Path], chunk: Sequence[int]) -> list[tuple[int, int]]:
    """``_who_made``, but a worker waits only once the build's process may help
    (``helping`` exists): before, it is never behind for long."""
    parent, marker, helping = state
    if os.getpid() == parent:
        marker.touch()
    elif helping.exists():
        deadline = time.monotonic() + PATIENCE
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.005)  # polls for the marker: there is nothing to be notified by
    return [(item, os.getpid()) for item in chunk]


def test_the_build_process_maps_chunks_only_while_its_test_holds(tmp_path: Path) -> None:
    """Shared on a test (the pages, while the search index is being made), the
    build's process leaves every chunk to the workers until the test holds, then
    maps chunks too."""
    items = list(range(600))
    helping = tmp_path / "helping"
    taken: list[tuple[int, int]] = []

    def helps() -> bool:
        if len(taken) < 200:
            return False
        helping.touch()
        return True

    state = (os.getpid(), tmp_path / "taken", helping)
    for result in parallel_results(_late_once_helped, state, items, 2, share=helps):
        taken.append(result)
    assert [item for item, _ in taken] == items
    early = {pid for _, pid in taken[:200]}
    assert os.getpid() not in early, "the build's process mapped a chunk before its test held"
    assert os.getpid() in {pid for _, pid in taken[200:]}


def _fails_on_seven(state: object, chunk: Sequence[int]) -> list[int]:
    if 7 in chunk:
        raise ValueError("item 7")
    return list(chunk)


@pytest.mark.parametrize("share", [False, True])
def test_an_error_in_any_chunk_reaches_the_caller(share: bool) -> None:
    with pytest.raises(ValueError, match="item 7"):
        parallel_map(_fails_on_seven, None, list(range(400)), 2, share=share)


def _maker(state: object, chunk: Sequence[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in chunk]


def test_a_map_that_does_not_share_keeps_every_worker_busy_and_this_process_out() -> None:
    """The body map: the build stores each result as it comes, so it maps none."""
    made = parallel_map(_maker, None, list(range(300)), 2)
    assert [item for item, _ in made] == list(range(300))
    assert os.getpid() not in {pid for _, pid in made}
