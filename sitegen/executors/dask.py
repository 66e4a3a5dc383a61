"""The map stages on a Dask cluster (``--executor dask://HOST:PORT``).

This process stays the only reader of the site folder and the only writer of
``.sitegen-cache/`` and ``output/``: it looks the cache up, sends only the
misses, and stores what comes back. Workers get, once each, the pickled
recipe of a map's state (scattered to every worker, keyed by its digest) and
build the live state from it on first use; each task then carries only its
batch of items. Results come back in order through a bounded window of
futures, so neither the cluster nor this process holds every result at once.

A worker that dies has its tasks re-run by Dask (they are pure). A scheduler
that cannot be reached or goes away is a RunError (one line, exit 1) raised
before anything is written, so ``output/`` stays as it was.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import pickle
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, Any

import distributed

from sitegen import __version__
from sitegen.errors import RunError
from sitegen.executors import ChunkFn, Recipe

if TYPE_CHECKING:
    from sitegen.workers import Share

log = logging.getLogger(__name__)

BATCH_SECONDS = 1.0
"""About how long one batch works at most: short enough to spread a stage over
every worker and to lose little when a worker dies."""
OVERHEAD_SHARE = 0.02
"""At most this share of a batch's time goes to scheduling it."""
BATCHES_PER_SLOT = 4
"""Batches per worker thread when the stage is small: the last ones balance the load."""
RETRIES = 3
"""Times a batch is sent again after the workers holding its recipe died."""
PROBE_TASKS = 32
"""No-op tasks timed on connecting, to learn this cluster's cost per task."""


def batch_size(items: int, cost: float, overhead: float, slots: int) -> int:
    """Items per task: each batch works at least ``overhead / OVERHEAD_SHARE``
    seconds, at most about ``BATCH_SECONDS`` (unless that is less), and a
    stage is cut into ``BATCHES_PER_SLOT`` batches per worker thread when it
    is smaller than that."""
    cost = max(cost, 1e-6)
    smallest = math.ceil(overhead / OVERHEAD_SHARE / cost)
    largest = max(1, int(BATCH_SECONDS / cost))
    spread = math.ceil(items / max(1, slots * BATCHES_PER_SLOT))
    return max(1, min(items, max(smallest, min(spread, largest))))


class DaskExecutor:
    """An ``Executor`` over a ``distributed.Client``; connects on first use."""

    remote = True

    def __init__(self, address: str, timeout: float) -> None:
        self.address = address
        self.shown = address.replace("tcp://", "dask://", 1)
        self.timeout = timeout
        self.client: distributed.Client | None = None
        self.overhead = 0.0
        """Seconds of scheduling per task, measured on connecting."""
        self.shared: dict[str, distributed.Future[Any]] = {}
        self.lock = threading.Lock()  # pages and search indexing map from two threads

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Forget the scattered states and leave the cluster (it keeps running)."""
        client, self.client = self.client, None
        if client is not None:
            try:
                client.close(timeout=min(self.timeout, 5))
            except Exception as error:  # leaving a dead cluster must not mask the build's error
                log.debug("closing the Dask client: %s", error)

    # -- connecting -------------------------------------------------------------

    def _connected(self) -> distributed.Client:
        with self.lock:
            if self.client is None:
                self.client = self._connect()
            return self.client

    def _connect(self) -> distributed.Client:
        _quiet_dask_logs()
        try:
            client = distributed.Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise RunError(
                f"cannot reach the Dask scheduler at {self.shown} within "
                f"{self.timeout:g} s ({_reason(error)})"
            ) from None
        try:
            try:
                client.wait_for_workers(1, timeout=self.timeout)
            except TimeoutError:
                raise RunError(
                    f"no Dask worker joined the scheduler at {self.shown} within {self.timeout:g} s"
                ) from None
            check_versions(client, self.shown)
            self.overhead = _probe(client)
        except BaseException:
            client.close()
            raise
        return client

    # -- mapping ----------------------------------------------------------------

    def map(
        self,
        fn: ChunkFn,
        state: object,
        items: Sequence[Any],
        recipe: Callable[[], Recipe[Any]],
        cost: float,
        fork: bool = True,
        started: Callable[[], None] | None = None,
        share: Share = False,
    ) -> Iterator[Any]:
        """Batches of ``items`` as tasks, at most a window of them in flight;
        results in order. The state goes out once per worker, as a recipe
        (``share`` is of no use: the scheduler's process holds no site)."""
        if started is not None:
            started()  # nothing forks here
        if not items:
            return iter(())
        return self._map(fn, items, recipe, cost)

    def _map(
        self, fn: ChunkFn, items: Sequence[Any], recipe: Callable[[], Recipe[Any]], cost: float
    ) -> Iterator[Any]:
        client = self._connected()
        data = pickle.dumps(recipe(), protocol=5)
        digest = hashlib.sha256(data).hexdigest()[:32]
        slots = max(1, sum(client.nthreads().values()))
        size = batch_size(len(items), cost, self.overhead, slots)
        batches = (items[i : i + size] for i in range(0, len(items), size))
        name = f"sitegen-{fn.__name__.strip('_')}-{uuid.uuid4().hex[:8]}"
        window: deque[tuple[distributed.Future[Any], Sequence[Any]]] = deque()

        def submit(batch: Sequence[Any]) -> distributed.Future[Any]:
            shared = self._share(client, digest, data)
            key = f"{name}-{next(numbers)}"
            return client.submit(_run_batch, fn, digest, shared, batch, key=key, pure=False)

        numbers = itertools.count()
        try:
            for batch in batches:
                window.append((submit(batch), batch))
                while len(window) >= 2 * slots:
                    yield from self._result(*window.popleft(), submit, digest)
            while window:
                yield from self._result(*window.popleft(), submit, digest)
        finally:
            for future, _ in window:
                future.cancel()

    def _share(
        self, client: distributed.Client, digest: str, data: bytes
    ) -> distributed.Future[Any]:
        """The pickled recipe on every worker, scattered once per build (again
        when the workers holding it died)."""
        with self.lock:
            if digest not in self.shared:
                try:
                    self.shared[digest] = client.scatter(data, broadcast=True, hash=False)
                except (OSError, TimeoutError, CancelledError) as error:
                    raise self._lost(error) from None
            return self.shared[digest]

    def _result(
        self,
        future: distributed.Future[Any],
        batch: Sequence[Any],
        submit: Callable[[Sequence[Any]], distributed.Future[Any]],
        digest: str,
    ) -> list[Any]:
        """The batch's results; a batch whose recipe was lost with the workers that
        held it (Dask cancels it) runs again, with the recipe scattered afresh."""
        for _ in range(RETRIES):
            try:
                return self._wait(future)
            except distributed.client.FutureCancelledError:
                if self.client is None or self.client.status != "running":
                    raise self._lost(None) from None
                with self.lock:
                    shared = self.shared.get(digest)
                    if shared is not None and shared.status != "finished":
                        del self.shared[digest]
                future = submit(batch)
        return self._wait(future)

    def _wait(self, future: distributed.Future[Any]) -> list[Any]:
        """The batch's results. A batch a worker is running is waited for however
        long it takes (the first one of a stage builds the worker's state); one
        that no worker has taken for ``timeout`` seconds ends the build."""
        try:
            while True:
                try:
                    result: list[Any] = future.result(timeout=self.timeout)
                    return result
                except distributed.TimeoutError:
                    client = self.client
                    if client is None or client.status != "running":
                        raise self._lost(None) from None
                    if not _is_running(client, future.key):
                        raise RunError(
                            f"no Dask worker of {self.shown} took a batch within "
                            f"{self.timeout:g} s (--executor-timeout)"
                        ) from None
        except distributed.client.FutureCancelledError:
            raise
        except (OSError, CancelledError) as error:
            raise self._lost(error) from None
        except KilledWorker as error:
            raise RunError(
                f"a batch of {future.key} stopped every Dask worker that ran it ({error})"
            ) from None

    def _lost(self, error: BaseException | None) -> RunError:
        reason = f" ({_reason(error)})" if error is not None else ""
        return RunError(f"lost the Dask scheduler at {self.shown} during the build{reason}")


KilledWorker = distributed.KilledWorker


def _is_running(client: distributed.Client, key: object) -> bool:
    """Whether a worker has the task ``key`` (running it or next in its queue)."""
    try:
        processing = client.processing()
    except (OSError, TimeoutError):
        return False
    return any(key in keys for keys in processing.values())


def _quiet_dask_logs() -> None:
    """Dask's client logs what this module reports as one line (a lost scheduler,
    a reconnection): leave it to the RunError, and keep its debug lines."""
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# -- on the workers ---------------------------------------------------------------

_LIVE: OrderedDict[str, object] = OrderedDict()
"""A worker's live states by recipe digest: built on first use, the last few kept."""
_LIVE_LOCK = threading.Lock()
_KEEP = 4


def _run_batch(fn: ChunkFn, digest: str, payload: bytes, batch: Sequence[Any]) -> list[Any]:
    """One task: the live state for ``digest`` (built once per worker), then ``fn``."""
    with _LIVE_LOCK:  # a worker with several threads builds each state once
        state = _LIVE.get(digest)
        if state is None:
            recipe: Recipe[Any] = pickle.loads(payload)
            state = _LIVE[digest] = recipe.build()
            while len(_LIVE) > _KEEP:
                _LIVE.popitem(last=False)
        _LIVE.move_to_end(digest)
    return fn(state, batch)


def _identity() -> tuple[str, str]:
    """This worker's sitegen version and code fingerprint."""
    from sitegen.digests import code_fingerprint

    return __version__, code_fingerprint()


def _noop() -> None:
    return None


def check_versions(client: distributed.Client, shown: str) -> None:
    """Raise RunError unless every worker runs this very sitegen (same version, same
    code): output would otherwise depend on which worker rendered a page."""
    from sitegen.digests import code_fingerprint

    mine = (__version__, code_fingerprint())
    found = client.run(_identity, on_error="return")
    for worker, theirs in sorted(found.items()):
        if isinstance(theirs, BaseException):
            what = (
                "has no sitegen installed"
                if isinstance(theirs, ImportError)
                else f"cannot run sitegen ({_reason(theirs)})"
            )
            raise RunError(
                f"Dask worker {worker} of {shown} {what}: install sitegen {__version__} there"
            )
        if tuple(theirs) != mine:
            raise RunError(
                f"Dask worker {worker} of {shown} runs sitegen {theirs[0]} (code "
                f"{theirs[1][:12]}), this is sitegen {mine[0]} (code {mine[1][:12]}): "
                "install the same sitegen on every worker"
            )


def _probe(client: distributed.Client) -> float:
    """Seconds the cluster spends per task, from ``PROBE_TASKS`` no-op tasks at once."""
    started = time.perf_counter()
    futures = [client.submit(_noop, pure=False) for _ in range(PROBE_TASKS)]
    client.gather(futures)
    return max(0.001, (time.perf_counter() - started) / PROBE_TASKS)
