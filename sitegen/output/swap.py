"""Put the spare tree in the place of ``output/`` in one step; clear up after killed builds.

The spare (see ``write.py``) is on the output's file system. On Linux
``renameat2(RENAME_EXCHANGE)`` exchanges the two names in one atomic step:
whoever opens ``output/…`` gets the previous complete site or the new one,
never a mix and never nothing, and the old output becomes the spare. Where the
exchange is not available (another system, a file system that refuses it)
three renames do the same: ``output`` → ``.output.previous-PID``, spare →
``output``, ``.output.previous-PID`` → spare. Between the first two,
``output/`` does not exist for a moment; a build killed right there leaves
the previous complete site in ``.output.previous-PID``.

A killed build runs no cleanup. The next build into the same directory (it
holds the lock, so no other build owns these names) first puts a missing
``output/`` back from ``.output.previous-PID``, then clears every
``.output.previous-PID`` and ``.output.staging-PID`` left beside it.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("sitegen")

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}
"""What renameat2 answers where the kernel or the file system cannot exchange."""


def spare_path(output_dir: Path, near: Path | None) -> Path:
    """Where the next site is made: at ``near`` (in the cache) when that is on the
    output's file system (the swap is a rename), else beside the output."""
    beside = output_dir.parent / f".{output_dir.name}.previous"
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    if near is None:
        return beside
    cached = near.with_suffix(".previous")
    cached.parent.mkdir(parents=True, exist_ok=True)
    if os.stat(cached.parent).st_dev != os.stat(output_dir.parent).st_dev:
        return beside
    if os.path.lexists(beside):  # left when the cache was elsewhere
        remove_tree(beside)
        remove_tree(beside.with_name(beside.name + ".known"))  # its claim (``spare.py``)
    return cached


def spare_place(output_dir: Path, near: Path | None) -> Path | None:
    """Where ``spare_path`` puts the spare, told without making or removing
    anything (for a process that only looks); None when a folder it would make
    is missing."""
    beside = output_dir.parent / f".{output_dir.name}.previous"
    if near is None:
        return beside
    cached = near.with_suffix(".previous")
    try:
        same = os.stat(cached.parent).st_dev == os.stat(output_dir.parent).st_dev
    except OSError:
        return None
    return cached if same else beside


def _previous_path(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.previous-{os.getpid()}"


def _leftovers(output_dir: Path) -> list[str]:
    """Names of the trees killed builds of ``output_dir`` left beside it, sorted."""
    pattern = re.compile(rf"\.{re.escape(output_dir.name)}\.(staging|previous)-\d+")
    try:
        names = os.listdir(output_dir.parent)
    except FileNotFoundError:
        return []
    return sorted(name for name in names if pattern.fullmatch(name))


def recover(output_dir: Path, spare: Path) -> bool:
    """Undo what killed builds of ``output_dir`` left; call it holding the build lock.
    Returns whether there was anything to undo (then the spare is not as the
    last build left it).

    A missing ``output/`` beside a previous tree is a build killed between two
    renames: the previous complete site goes back in place. Another previous
    tree becomes the spare if there is none (it saves linking every file).
    """
    left = _leftovers(output_dir)
    found = bool(left)
    previous = [name for name in left if ".previous-" in name]
    if previous and not os.path.lexists(output_dir):
        os.rename(output_dir.parent / previous[-1], output_dir)
        left.remove(previous[-1])
    for name in left:
        if ".previous-" in name and not os.path.lexists(spare):
            os.rename(output_dir.parent / name, spare)
        else:
            remove_tree(output_dir.parent / name)
    return found


def swap_in(spare: Path, output_dir: Path) -> None:
    """Make the ``spare`` tree ``output_dir``; the old output becomes the spare.

    Raises OSError, with ``output_dir`` as it was, when the swap itself fails.
    """
    if not os.path.lexists(output_dir):
        os.rename(spare, output_dir)  # nothing to replace: one rename is atomic
        return
    if _exchange(spare, output_dir):
        return
    retired = _previous_path(output_dir)
    os.rename(output_dir, retired)
    try:
        os.rename(spare, output_dir)
    except OSError:
        os.rename(retired, output_dir)
        raise
    try:
        os.rename(retired, spare)
    except OSError:
        remove_tree(retired)  # the new site is in place; only the spare is lost


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically; False where this system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE):
        code = ctypes.get_errno()
        if code in _UNSUPPORTED:
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return None
    return function


def remove_tree(path: Path) -> None:
    """Delete a tree sitegen made, making read-only folders writable on the way.

    A failure is a warning: the build already succeeded, and the next one
    tries again.
    """

    def writable_then_retry(function: Callable[..., object], name: str, _: object) -> None:
        parent = os.path.dirname(name)
        os.chmod(parent, os.stat(parent).st_mode | stat.S_IRWXU)
        function(name)

    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, onerror=writable_then_retry)
        else:
            path.unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove %s (%s); the next build tries again", path, error.strerror)
