"""The spare tree a build makes the new site in (see ``write.py``).

It starts as whatever the last swap left: the previous output, less the files
that build changed; or a half-made site, if a build was killed; or nothing.
``open`` prunes it to the paths of this build, so filling it is a link where a
file is unchanged and not already linked, a write where it changed, and
nothing at all for the rest. When the last build's record of the spare still
holds (its claim file), that costs a ``stat`` per folder and a listing of the
folders whose time moved; the record tells the spare's files against the
output's manifest (the same files and inodes, but those that build wrote or
dropped), so the files both agree on are never visited. Otherwise it is one
walk (a ``scandir`` per folder, noting each remaining file's inode on the
way). A file in the spare may be the very inode that ``output/`` shows, so it
is never written in place: replaced files are unlinked first.
"""

from __future__ import annotations

import array
import errno
import itertools
import operator
import os
import shutil
from collections.abc import Collection, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.output.manifest import (
    UNKNOWN,
    AskedTimes,
    Entry,
    Known,
    folder_set,
    folder_times,
    opened,
    positions,
    recorded_inode,
)

if TYPE_CHECKING:
    from sitegen.model import StrPath

NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}
"""Why a file system may refuse a hard link; anything else (ENOSPC, EIO) is an error."""


def prune(
    root: str, keep: Set[str], wanted: Set[str] | None = None
) -> tuple[dict[str, int], set[str]]:
    """Remove from the tree at ``root`` everything but the files ``keep`` names and
    their folders; returns the inode of each file left and every folder left
    (relative, ``.`` for the root).

    A link is removed like a file, never followed. A missing ``root`` is made.
    """
    if os.path.islink(root) or (os.path.lexists(root) and not os.path.isdir(root)):
        os.unlink(root)
    if not os.path.isdir(root):
        os.makedirs(root)
        return {}, {"."}
    folders = folder_set(keep) if wanted is None else wanted
    inodes: dict[str, int] = {}
    left = set()
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        left.add(prefix[:-1] or ".")
        with os.scandir(folder) as scan:
            entries = list(scan)
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if relative in folders:
                    stack.append((entry.path, relative + "/"))
                else:
                    shutil.rmtree(entry.path)
            elif relative in keep and entry.is_file(follow_symlinks=False):
                inodes[relative] = entry.inode()
            else:
                os.unlink(entry.path)
    return inodes, left


def claim_path(root: Path) -> Path:
    return root.with_name(root.name + ".known")


def claim(root: Path, known: Known | None) -> Known | None:
    """``known`` when the spare at ``root`` is still as it says, else None; either
    way the claim file is gone, so a build killed from now on leaves a spare that
    the next build lists in full."""
    path = claim_path(root)
    try:
        token = path.read_text()
    except (OSError, UnicodeDecodeError):
        return None
    os.unlink(path)
    return known if known is not None and token == known.token else None


@dataclass(frozen=True, slots=True)
class Seen:
    """The folders of a spare that ``prune_known`` found as the record describes them."""

    folders: list[str]
    """The record's folders, ``.`` first."""
    times: array.array[int]
    """``mtime_ns, inode`` of each, as found; ``UNKNOWN`` for a folder not trusted
    (missing, or changed since the record). Those not wanted are in no new stamp."""


@dataclass(slots=True)
class Pruned:
    """What ``prune_known`` left and found."""

    trusted: set[str]
    """The folders that hold what the record says: the manifest's files there
    are in the spare (the same inodes) but ``dropped``, besides those of ``inodes``."""
    inodes: dict[str, int]
    """Files of this build found in the spare otherwise: in a folder listed, or
    among the record's extra files."""
    dropped: set[str]
    left: set[str]
    """Every folder left in the spare."""
    seen: Seen
    touched: set[str]
    """The trusted folders a name was removed from."""


def prune_known(
    root: str,
    keep: Set[str],
    known: Known,
    base: Mapping[str, Entry],
    wanted: Set[str] | None = None,
    asked: AskedTimes | None = None,
) -> Pruned | None:
    """``prune`` for a spare whose state ``known`` describes (against ``base``, the
    manifest of the same record): a ``stat`` per folder, a listing only of the
    folders whose time moved (a name added or removed there since), no walk.
    None for a record of another shape. ``asked``: the folders' times as asked
    earlier in this build, taken instead of asking them here when they are
    this tree's and the record's folders.

    The work beyond the ``stat`` calls is in proportion to what changed: times are
    compared by stretches of memory, files by set operations, and the files the
    record and the manifest agree on are not visited."""
    folders = known.folders.split("\0")
    recorded = array.array("q")
    recorded.frombytes(known.times)
    extra = known.extra.split("\0") if known.extra else []
    numbers = array.array("q")
    numbers.frombytes(known.inodes)
    if len(recorded) != 2 * len(folders) or len(numbers) != len(extra) or folders[0] != ".":
        return None
    if set(map(len, base.values())) - {4}:
        return None  # a manifest without inodes
    now = asked.of(root, known.folders) if asked is not None else None
    if now is None:
        with opened(root) as descriptor:
            now = folder_times(descriptor, folders)
    wanted = folder_set(keep) if wanted is None else wanted
    seen = array.array("q", now)
    changed = set()
    for index in _differing(now, recorded):
        changed.add(folders[index])
        seen[2 * index] = seen[2 * index + 1] = UNKNOWN
    missing = {folders[position // 2] for position in positions(now, UNKNOWN)}
    recorded_folders = set(folders)
    unwanted = recorded_folders - wanted - {"."}  # in no new stamp: their times do not matter
    listed = sorted(changed - missing - unwanted)
    trusted = recorded_folders - changed - missing - unwanted
    left = trusted | set(listed)
    dropped = set(known.dropped.split("\0")) if known.dropped else set()
    extras = dict(zip(extra, numbers, strict=True))
    touched: set[str] = set()
    for path in (base.keys() - keep - dropped) | (extras.keys() - keep):  # not in this build
        folder = path.rpartition("/")[0] or "."
        if folder in trusted:  # the others are listed below, or removed whole
            _remove(os.path.join(root, path), folder=False)
            touched.add(folder)
    inodes = {
        path: inode
        for path, inode in extras.items()
        if path in keep and (path.rpartition("/")[0] or ".") in trusted
    }
    for folder in unwanted:
        parent = folder.rpartition("/")[0] or "."
        if parent in trusted:  # else removed by the parent's listing, or with the parent
            _remove(os.path.join(root, folder), folder=True)
            touched.add(parent)
    stack = [(root, "") if f == "." else (os.path.join(root, f), f + "/") for f in listed]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as scan:
            entries = list(scan)
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if relative not in wanted:
                    shutil.rmtree(entry.path)
                elif relative not in left:  # a folder the record does not know
                    left.add(relative)
                    stack.append((entry.path, relative + "/"))
            elif relative in keep and entry.is_file(follow_symlinks=False):
                inodes[relative] = entry.inode()
            else:
                os.unlink(entry.path)
    return Pruned(trusted, inodes, dropped, left, Seen(folders, seen), touched)


def _differing(now: array.array[int], recorded: array.array[int]) -> list[int]:
    """The indices of the pairs (``mtime, inode`` of a folder) that differ between
    two arrays of the same length: halves compared whole, so a tree with a few
    changed folders costs a few dozen comparisons of memory, not one per folder."""
    first, second = memoryview(now), memoryview(recorded)
    found: list[int] = []
    stack = [(0, len(now) // 2)]
    while stack:
        low, high = stack.pop()
        if first[2 * low : 2 * high] == second[2 * low : 2 * high]:
            continue
        if high - low <= 8:
            found.extend(
                index
                for index in range(low, high)
                if now[2 * index] != recorded[2 * index]
                or now[2 * index + 1] != recorded[2 * index + 1]
            )
            continue
        middle = (low + high) // 2
        stack.extend(((middle, high), (low, middle)))
    return found


def _remove(path: str, folder: bool) -> None:
    """Remove a file or tree the record names; one already gone is no matter."""
    try:
        if folder:
            shutil.rmtree(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass


_SPLIT_FOLDER = operator.methodcaller("rpartition", "/")
_HEAD = operator.itemgetter(0)


class Spare:
    """The spare tree at ``root``, pruned once by ``open`` and then filled file by file."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.inodes: dict[str, int] = {}
        """Files of this build in the spare with their inodes, besides those the
        record and the manifest tell (``inode``)."""
        self.base: Mapping[str, Entry] = {}
        self.trusted: set[str] = set()
        self.dropped: set[str] = set()
        self.wanted: set[str] = set()
        """Every folder of this build's files (relative, without the root)."""
        self.seen: Seen | None = None
        """The folders ``open`` found as the spare's record says, with their times."""
        self.touched: set[str] = set()
        """Every folder in which this build added or removed a name (``.`` for the root)."""
        self._folders: list[str] | None = None

    def folders(self) -> list[str]:
        """``wanted`` as ``folders_of`` lists it: ``.`` first, the rest sorted."""
        if self._folders is None:
            self._folders = [".", *sorted(self.wanted)]
        return self._folders

    def open(
        self,
        keep: Set[str],
        known: Known | None = None,
        base: Mapping[str, Entry] | None = None,
        folders_known: list[str] | None = None,
        asked: AskedTimes | None = None,
    ) -> None:
        """Prune the tree to the paths of ``keep``; call once, before the rest.
        ``known``: what the tree holds, from ``claim``, against ``base`` (the
        manifest of the same record). ``folders_known``: ``folders_of(keep)``, when
        the caller has it (the last build's stamp, when it made the same files):
        at 100,000 articles, finding the folders of 476,000 paths and sorting them
        cost 0.3 s. ``asked``: the times of the record's folders, if asked
        earlier in this build (``prune_known``)."""
        if folders_known is not None and folders_known[:1] == ["."]:
            self.wanted, self._folders = set(folders_known[1:]), folders_known
        else:
            self.wanted = folder_set(keep)
        pruned = None
        if known is not None and os.path.isdir(self.root) and not os.path.islink(self.root):
            pruned = prune_known(self.root, keep, known, base or {}, self.wanted, asked)
        if pruned is None:
            self.inodes, folders = prune(self.root, keep, self.wanted)
        else:
            self.base, self.trusted, self.dropped = base or {}, pruned.trusted, pruned.dropped
            self.inodes, folders = pruned.inodes, pruned.left
            self.seen, self.touched = pruned.seen, pruned.touched
        # Every folder the build needs, made now, parents first: one call each, and
        # none of the checks of making a file's folders as it comes.
        for folder in sorted(self.wanted - folders):
            os.mkdir(os.path.join(self.root, folder))
            self.touched.add(folder.rpartition("/")[0] or ".")

    def inode(self, relative: str) -> int | None:
        """The inode of the file ``relative`` in the spare; None if it has none."""
        found = self.inodes.get(relative)
        if found is not None or relative in self.dropped:
            return found
        if (relative.rpartition("/")[0] or ".") not in self.trusted:
            return None  # listed (the listing found what there is), or made now
        entry = self.base.get(relative)
        return None if entry is None else recorded_inode(entry)

    def unsure(self, paths: Collection[str]) -> set[str]:
        """Those of ``paths`` whose ``inode`` is not simply the base's (the manifest
        ``open`` was given): in a folder the record does not vouch for, found by
        a listing, or dropped. For every other path the spare holds the very file
        the base describes, which a caller may then take without asking ``inode``
        path by path (a tenth of a second at 30,000 articles).

        Each path's folder is found and looked up by ``map`` in C, not a loop in
        Python: at 10,000 articles that loop was a fifth of a body edit's write."""
        vouched = self.trusted | {""} if "." in self.trusted else self.trusted  # "": the root
        folders = map(_HEAD, map(_SPLIT_FOLDER, paths))
        outside = map(operator.not_, map(vouched.__contains__, folders))
        found = set(itertools.compress(paths, outside))
        found.update(self.inodes.keys(), self.dropped)
        return found

    def adopt(self, relative: str, previous: str, inode: int) -> bool:
        """Make ``relative`` the file ``previous`` (whose ``inode`` is given), linked;
        False where the file system refuses links."""
        if self.inode(relative) == inode:
            return True  # linked by an earlier build: the common case
        target = self._fresh(relative)
        try:
            os.link(previous, target, follow_symlinks=False)
        except OSError as error:
            if error.errno in NO_LINKS:
                return False
            raise
        return True

    def keep(self, relative: str, previous: str, inode: int) -> None:
        """Make ``relative`` the unchanged file ``previous`` (of ``inode``): linked, or
        copied with its time where links are refused."""
        if not self.adopt(relative, previous, inode):
            shutil.copy2(previous, self._fresh(relative))

    def put(self, relative: str, data: bytes) -> os.stat_result:
        """Write ``relative`` anew; returns its status."""
        with open(self._fresh(relative), "wb") as handle:
            handle.write(data)
            handle.flush()
            return os.fstat(handle.fileno())

    def move(self, relative: str, staged: str) -> os.stat_result:
        """Move the staged file ``staged`` to ``relative``; returns its status."""
        target = self._fresh(relative)
        try:
            os.rename(staged, target)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            shutil.move(staged, target)  # staging on another file system: a copy
        return os.stat(target)

    def copy(self, relative: str, source: StrPath, made: bool = False) -> os.stat_result:
        """Copy ``source`` to ``relative``, keeping its time (the next build compares it).
        ``made``: the source is a plain file the build made itself (in its
        cache), copied without what a copy of the author's file keeps (its
        permissions, extended attributes) and without ``shutil``'s checks: half
        the calls, and 100 to 140 us a social card against 220 to 400 (at 10,000
        articles, one to two and a half seconds of the write, on one core).
        Never a link: a file of the output edited in place must not reach the
        cache, which would publish it again."""
        target = self._fresh(relative)
        copied = _plain_copy(source, target) if made else None
        if copied is not None:
            return copied
        shutil.copy2(source, target)
        return os.stat(target)

    def _fresh(self, relative: str) -> str:
        """The path of ``relative``, with nothing at it (its folder is made by ``open``),
        its folder noted as touched before anything is done there."""
        target = os.path.join(self.root, relative)
        self.touched.add(relative.rpartition("/")[0] or ".")
        if self.inode(relative) is not None:
            os.unlink(target)  # perhaps the inode output/ shows: never write into it
        self.inodes.pop(relative, None)
        self.dropped.add(relative)
        return target


def _plain_copy(source: StrPath, target: str) -> os.stat_result | None:
    """Copy the bytes and the time of ``source`` to a new ``target`` in the kernel
    (``os.copy_file_range``); returns the copy's status, or None where it
    cannot, for ``shutil`` to do it."""
    if not hasattr(os, "copy_file_range"):
        return None
    reading = os.open(source, os.O_RDONLY | os.O_CLOEXEC)
    try:
        status = os.fstat(reading)
        writing = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            left = status.st_size
            while left > 0:
                done = os.copy_file_range(reading, writing, left)
                if done == 0:
                    return None  # the source shrank under us: let shutil say so
                left -= done
            os.utime(writing, ns=(status.st_atime_ns, status.st_mtime_ns))
            return os.fstat(writing)
        except OSError as error:
            if error.errno in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                return None  # across file systems, or not offered by this one
            raise
        finally:
            os.close(writing)
    finally:
        os.close(reading)
