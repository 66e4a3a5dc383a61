"""Run the two expensive maps, markdown bodies and pages, over all cores.

Workers are forked after the parent has built everything they need (the
markdown parser, the Jinja environment with compiled templates, the Site), so
nothing large is pickled on the way in; only results travel back. Results come
back in input order, so ``--jobs 4`` gives the same bytes as ``--jobs 1``.
Where ``fork`` is unavailable the map runs in this process.

The page map forks N - 1 workers for ``--jobs N``, and the build's own process
takes chunks too, while it waits for theirs (``share``): it would otherwise
sit idle beside them, and each worker is a copy of the site model as it reads
it (copy on write), the largest part of the build's peak. The body map, whose
results the build stores as they come, keeps N workers.

A worker dies with its parent: a build killed with SIGKILL (or by the
out-of-memory killer) runs no cleanup, and its workers would otherwise wait on
their task queue forever.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The state a forked worker inherits. Set only by parallel_map, around the pool's
# lifetime, because fork copies it into workers without pickling.
_INHERITED: dict[str, Any] = {}


PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal a process gets when the thread that forked it ends."""


def _die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker as soon as ``parent`` ends.

    On Linux the kernel sends SIGKILL (``PR_SET_PDEATHSIG``); the parent may
    already be gone by the time that is set, hence the check right after.
    Elsewhere a thread polls for the parent once a second.
    """
    if sys.platform.startswith("linux") and _set_death_signal(signal.SIGKILL):
        if os.getppid() != parent:
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _set_death_signal(signum: int) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def release_freed_memory() -> None:
    """Give the system back the memory this process freed and its allocator kept.

    glibc's ``malloc`` keeps freed memory for later unless it is at the top of
    its heap, so what a stage let go (the files as read, the bodies as workers
    sent them) stays resident, and a process forked then starts with it: at
    10,000 articles, 70 to 140 MB. ``malloc_trim`` returns every free page,
    wherever it is, in a few milliseconds. Elsewhere (no glibc) this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def _run_chunk(fn: Callable[[Any, Sequence[Any]], list[Any]], chunk: Sequence[Any]) -> list[Any]:
    return fn(_INHERITED["state"], chunk)


CHUNK_MAX = 128
"""Items a worker is handed at once, at most: it holds a chunk's results (a
page's view and bytes, a body and its encoding) until it sends them all, and
this process receives them at once."""


def _chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """``items`` in about ``count`` chunks of at most ``CHUNK_MAX``."""
    size = min(CHUNK_MAX, max(1, -(-len(items) // count)))
    return [items[i : i + size] for i in range(0, len(items), size)]


def forks(items: int, jobs: int) -> bool:
    """Whether ``parallel_map`` of this many items starts worker processes.

    Few items run in this process: forking costs more than it saves. A caller
    running a thread must not have it running when the map forks.
    """
    return jobs > 1 and items >= 4 * jobs and "fork" in multiprocessing.get_all_start_methods()


def parallel_map(
    fn: Callable[[Any, Sequence[T]], list[R]],
    state: object,
    items: Sequence[T],
    jobs: int,
    started: Callable[[], None] | None = None,
    share: Share = False,
) -> list[R]:
    """``fn(state, chunk)`` over chunks of ``items``, concatenated in order.

    ``fn`` must be a module-level function (it is pickled by name). ``started``
    is called once no process will be forked any more (the workers exist, or
    the map runs here): from then on a caller may start a thread.
    """
    return list(parallel_results(fn, state, items, jobs, started, share))


IN_PROCESS_CHUNK = 256
"""Items of a map that runs in this process handed to ``fn`` at a time: their
results are taken as they come, like a worker's."""


def parallel_results(
    fn: Callable[[Any, Sequence[T]], list[R]],
    state: object,
    items: Sequence[T],
    jobs: int,
    started: Callable[[], None] | None = None,
    share: Share = False,
) -> Iterator[R]:
    """``parallel_map``'s results one by one, as each chunk's come back: a
    caller that keeps only a little of each (the body stage: a body's digest and
    summary, the rest in the store) never holds every result at once.

    Nothing runs before the first result is asked for; the workers last until
    the last one is taken (or the iterator is closed). ``share``: ``jobs`` - 1
    workers, and this process maps chunks beside them (``_shared_map``); when
    ``share`` is a test, only while it holds.
    """
    if not forks(len(items), jobs):
        if started is not None:
            started()
        for start in range(0, len(items), IN_PROCESS_CHUNK):
            yield from fn(state, items[start : start + IN_PROCESS_CHUNK])
        return
    _INHERITED["state"] = state
    # Objects the collector has seen are left where they are: a worker that
    # scanned them would copy every page of memory they sit on (copy-on-write).
    gc.freeze()
    release_freed_memory()
    try:
        chunks = _chunks(items, jobs * 8)
        if share:
            helps = share if callable(share) else _always
            yield from _shared_map(fn, state, chunks, jobs - 1, started, helps)
            return
        with _fork_pool(jobs) as pool:
            # Every chunk is submitted here, and a fork pool starts all its workers
            # at the first submission: nothing forks after this line.
            parts = pool.map(_run_chunk, [fn] * len(chunks), chunks)
            if started is not None:
                started()
            for part in parts:
                yield from part
    finally:
        _INHERITED.clear()
        gc.unfreeze()


Share = bool | Callable[[], bool]
"""Whether the process that maps also maps chunks itself: never, whenever a
worker is behind, or whenever a worker is behind and the test says so (asked
before each chunk it would take)."""


def _always() -> bool:
    return True


def _fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` forked processes, each ending with this one."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _shared_map(
    fn: Callable[[Any, Sequence[T]], list[R]],
    state: object,
    chunks: Sequence[Sequence[T]],
    workers: int,
    started: Callable[[], None] | None,
    helps: Callable[[], bool] = _always,
) -> Iterator[R]:
    """The results of ``fn`` over ``chunks``, in order, from ``workers`` forked
    processes and this one (while ``helps`` holds: else it waits for theirs).

    The pool is kept ``QUEUED`` chunks a worker ahead, in order. Whenever the next
    result due is a worker's and not back yet, this process maps the next
    chunk nobody has taken instead of waiting, so the cores stay as busy as
    with one more worker, without its copy of the site. A chunk this process
    finished early waits for those before it (results are in input order):
    never more than the pool's queue."""
    pool = _fork_pool(workers)
    futures: dict[int, Future[list[R]]] = {}
    done_here: dict[int, list[R]] = {}
    taken = 0
    finished = False

    def queue() -> None:
        nonlocal taken
        waiting = sum(1 for future in futures.values() if not future.done())
        while taken < len(chunks) and waiting < QUEUED * workers:
            futures[taken] = pool.submit(_run_chunk, fn, chunks[taken])
            taken, waiting = taken + 1, waiting + 1

    try:
        # A fork pool starts all its workers at the first submission: nothing
        # forks after this line.
        queue()
        if started is not None:
            started()
        for index in range(len(chunks)):
            while index not in done_here:
                future = futures.get(index)
                if future is not None and (future.done() or taken == len(chunks) or not helps()):
                    done_here[index] = future.result()
                    del futures[index]
                    queue()
                    break
                if future is None and not helps():
                    queue()  # the chunk due goes to the pool, which is idle
                    continue
                mine, taken = taken, taken + 1  # the pool is behind: one chunk here
                done_here[mine] = fn(state, chunks[mine])
                queue()
            yield from done_here.pop(index)
        finished = True
    finally:
        # On an error (or a caller that stopped early) the queued chunks are dropped,
        # not run to the end.
        pool.shutdown(wait=True, cancel_futures=not finished)


QUEUED = 2
"""Chunks queued for each worker: one it works on, one it takes next without
waiting for this process, which may be busy with a chunk of its own."""
