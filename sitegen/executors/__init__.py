"""Where the build's map stages run: this machine's cores, or a Dask cluster.

A map stage (front matter, bodies, pages, search indexes) is
``fn(state, chunk) -> results``, one result per item, over chunks of items;
``state`` is what every item needs (the parser, the templates, the site). An
:class:`Executor` runs such a map and yields the results in input order, so
the bytes never depend on where the work ran.

Two kinds of state travel differently. The local pool forks after the state is
built, so the live objects are inherited and nothing is pickled. A cluster's
workers share no memory and no disk with this process: they get a
:class:`Recipe`, a small picklable description (template sources, not paths),
and build the live state from it once per worker. Making a recipe costs time,
so the caller hands a function that makes it, and only a remote executor
calls it.

Nothing here imports Dask: ``dask://`` loads :mod:`sitegen.executors.dask`
when asked for, and only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import parse_qs, urlsplit

from sitegen.errors import RunError

if TYPE_CHECKING:  # a type only: importing the fork pool costs a build that forks none
    from sitegen.workers import Share

S = TypeVar("S")
S_co = TypeVar("S_co", covariant=True)
T = TypeVar("T")
R = TypeVar("R")

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for a scheduler, for a worker to join, and for a batch to return."""


class Recipe(Protocol[S_co]):
    """A picklable description of a map's state, built into the live state on a worker."""

    def build(self) -> S_co:
        """The live state (a Jinja environment, a markdown parser…), made once per worker."""
        ...


ChunkFn = Callable[[Any, Sequence[Any]], list[Any]]
"""``fn(state, chunk)``: a module-level function (it is pickled by name)."""


class Executor(Protocol):
    """Runs map stages; ``remote`` when the work leaves this process's memory."""

    @property
    def remote(self) -> bool:
        """Whether state travels as a recipe (a cluster) rather than by fork."""
        ...

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
        """``fn(state, chunk)`` over chunks of ``items``, one result per item, in order.

        ``cost`` is about how many seconds one item takes: a remote executor
        sizes its batches with it. ``fork=False`` keeps a cheap stage in this
        process when the work stays on this machine (forking would cost more).
        ``started`` is called once this process forks no more for the map: a
        caller may start a thread from then on. ``share``: this process maps
        chunks too, beside one worker fewer, when they are on this machine
        (``workers.parallel_results``); when a test, only while it holds.
        """
        ...


@dataclass(frozen=True, slots=True)
class LocalExecutor:
    """Today's fork pool (``sitegen.workers``): ``jobs`` processes, live state
    inherited, results yielded as each chunk comes back."""

    jobs: int
    remote: bool = False

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
        from sitegen.workers import parallel_results

        # Without forking, the map runs here as with one job: chunk by chunk, as
        # the results are taken.
        return parallel_results(fn, state, items, self.jobs if fork else 1, started, share)


@dataclass(frozen=True, slots=True)
class ExecutorSpec:
    """``--executor`` as given: ``local``, or the address of a Dask scheduler."""

    address: str | None = None
    """``tcp://HOST:PORT`` of the scheduler; None for the local pool."""
    timeout: float | None = None
    """From ``?timeout=SECONDS`` in the address, when given there."""

    @property
    def local(self) -> bool:
        return self.address is None


def parse_executor(text: str) -> ExecutorSpec:
    """``local`` or ``dask://HOST:PORT[?timeout=SECONDS]``; raises ValueError with a
    message for the command line."""
    text = text.strip()
    if text in ("", "local"):
        return ExecutorSpec()
    parts = urlsplit(text)
    if parts.scheme != "dask" or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError(f"expected 'local' or 'dask://HOST:PORT', got {text!r}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{text!r}: the port must be a number") from None
    if port is None:
        raise ValueError(f"{text!r}: give the scheduler's port, e.g. dask://{parts.hostname}:8786")
    query = parse_qs(parts.query)
    unknown = sorted(set(query) - {"timeout"})
    if unknown:
        raise ValueError(f"{text!r}: unknown parameter {unknown[0]!r} (only 'timeout')")
    timeout = None
    if "timeout" in query:
        timeout = positive_seconds(query["timeout"][-1], "timeout")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return ExecutorSpec(f"tcp://{host}:{port}", timeout)


def positive_seconds(text: str, name: str) -> float:
    """``text`` as a positive number of seconds; raises ValueError naming ``name``."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {text!r}") from None
    if not value > 0:
        raise ValueError(f"{name} must be a positive number of seconds")
    return value


def open_executor(
    spec: ExecutorSpec, jobs: int, timeout: float | None = None
) -> AbstractContextManager[Executor]:
    """The executor ``spec`` names, closed at the end of the block.

    ``timeout`` (``--executor-timeout``) wins over the address's ``?timeout=``.
    Raises RunError when Dask is asked for and not installed.
    """
    if spec.local:
        return _Opened(LocalExecutor(jobs))
    try:
        from sitegen.executors.dask import DaskExecutor
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("dask", "distributed"):
            raise
        raise RunError(
            f"--executor {_shown(spec)} needs Dask: pip install 'sitegen[dask]'"
        ) from None
    assert spec.address is not None
    return DaskExecutor(spec.address, timeout or spec.timeout or DEFAULT_TIMEOUT)


def _shown(spec: ExecutorSpec) -> str:
    return (spec.address or "local").replace("tcp://", "dask://")


class _Opened(AbstractContextManager[Executor]):
    """An executor with nothing to close."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    def __enter__(self) -> Executor:
        return self.executor

    def __exit__(self, *exc: object) -> None:
        return None
