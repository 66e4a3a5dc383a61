"""One build at a time per output directory and per cache directory.

Two builds writing one output, or one cache, at once remove each other's
files mid-build. Each holds an exclusive ``flock`` on a lock file: beside the
output (``.output.lock``) and in the cache (``lock``). The kernel releases it
when its holder ends, however it ends, so a killed build never leaves a stale
lock. The holder writes its process id and what it is doing into the file; a
second build says ``waiting for the build of output by process 1234 to
finish`` once, then waits for it, up to ``WAIT_LIMIT`` seconds.

The holder removes the file as it lets go (the folder holding the output is
the author's, not ours to litter). A waiter that had opened the removed file
gets its lock on a name that no longer exists, notices, and tries again.
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import RunError

WAIT_LIMIT = 600.0
"""Seconds a build waits for another before it gives up: a cold build of a large
archive takes minutes; a process stopped in a debugger should not hold CI forever."""
POLL = 0.1

_GUARD = threading.Lock()
_HELD: dict[tuple[Path, ...], _Held] = {}
"""Locks this process holds, with how many blocks hold them. The preview indexes
a build for search in one thread while the next save rebuilds in another, by
design: threads of one process share the locks, which keep other processes out."""


def output_lock_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.lock"


@contextmanager
def holding(
    paths: Sequence[Path],
    doing: str,
    waiting: Callable[[str], None],
    limit: float | None = None,
) -> Iterator[None]:
    """Hold every lock file of ``paths``, in order, for the block.

    ``doing`` says what this process does (``the build of site/output``), for
    whoever waits; ``waiting`` receives the one line saying whom this one waits
    for. Raises RunError after ``limit`` seconds (default ``WAIT_LIMIT``).
    """
    key = tuple(paths)
    deadline = time.monotonic() + (WAIT_LIMIT if limit is None else limit)
    with _GUARD:
        if key in _HELD:
            _HELD[key].count += 1
        else:
            held = _Held()
            try:
                for path in paths:
                    descriptor = _acquire(path, doing, waiting, deadline)
                    if descriptor is not None:
                        held.files.append((descriptor, path))
            except BaseException:
                held.release()
                raise
            _HELD[key] = held
    try:
        yield
    finally:
        with _GUARD:
            _HELD[key].count -= 1
            if _HELD[key].count == 0:
                _HELD.pop(key).release()


@dataclass
class _Held:
    """The lock files one process holds for a set of paths, and how many blocks hold them."""

    count: int = 1
    files: list[tuple[int, Path]] = field(default_factory=list)

    def release(self) -> None:
        for descriptor, path in reversed(self.files):
            _release(descriptor, path)


def _acquire(path: Path, doing: str, waiting: Callable[[str], None], deadline: float) -> int | None:
    """The open, locked lock file at ``path``; None where the folder is read-only
    (no build can write there either, so there is nothing to keep out)."""
    told, started = False, time.monotonic()
    while True:
        descriptor = _open(path)
        if descriptor is None:
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            named = _holder(descriptor)  # empty for the instant before the holder writes it
            os.close(descriptor)
            holder = named or "another sitegen process"
            if not told and (named or time.monotonic() - started > 1):
                waiting(f"waiting for {holder} to finish")
                told = True
            if time.monotonic() >= deadline:
                waited = time.monotonic() - started
                raise RunError(
                    f"gave up after {waited:.0f} s waiting for {holder} to finish "
                    f"({path} is locked)"
                ) from None
            time.sleep(POLL)
            continue
        if _names(path, descriptor):
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n{doing}\n".encode())
            return descriptor
        os.close(descriptor)  # its holder removed it meanwhile: lock the new one


def _open(path: Path) -> int | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except (FileExistsError, NotADirectoryError):
        raise RunError(
            f"cannot use {path.parent} as a folder: a file has its name (remove it, "
            "or choose another folder: -o for the output, --cache-dir for the cache)"
        ) from None
    except OSError as error:
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return None
        raise RunError(f"cannot write {path}: {error.strerror or error}") from None


def _holder(descriptor: int) -> str:
    """``the build of output by process 1234``, from the holder's lock file."""
    try:
        text = os.pread(descriptor, 4096, 0).decode("utf-8", "replace")
    except OSError:
        return ""
    pid, _, doing = text.partition("\n")
    doing = doing.strip()
    return f"{doing} by process {pid.strip()}" if pid.strip().isdigit() and doing else ""


def _names(path: Path, descriptor: int) -> bool:
    """Whether ``path`` still is the file open at ``descriptor``."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _release(descriptor: int, path: Path) -> None:
    try:
        if _names(path, descriptor):
            path.unlink()
    except OSError:
        pass  # the next holder truncates it
    finally:
        os.close(descriptor)
