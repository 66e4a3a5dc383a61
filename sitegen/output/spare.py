"""The spare tree a build makes the new site in (see ``write.py``).

It starts as whatever the last swap left: the previous output, less the files
that build changed; or a half-made site, if a build was killed; or nothing.
``open`` prunes it to the paths of this build in one walk (a ``scandir`` per
folder, noting each remaining file's inode on the way), so filling it is a
link where a file is unchanged and not already linked, a write where it
changed, and nothing at all for the rest. A file in the spare may be the very
inode that ``output/`` shows, so it is never written in place: replaced files
are unlinked first.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Set
from pathlib import Path

_NO_LINKS = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}
"""Why a file system may refuse a hard link; anything else (ENOSPC, EIO) is an error."""

def prune(root: str, keep: Set[str]) -> tuple[dict[str, int], set[str]]:
    """Remove from the tree at ``root`` everything but the files ``keep`` names and
    their folders; returns the inode of each file left and every folder left.

    A link is removed like a file, never followed. A missing ``root`` is made.
    """
    if os.path.islink(root) or (os.path.lexists(root) and not os.path.isdir(root)):
        os.unlink(root)
    if not os.path.isdir(root):
        os.makedirs(root)
        return {}, {root}
    folders = _folders_of(keep)
    inodes: dict[str, int] = {}
    left = set()
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        left.add(folder)
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


def _folders_of(paths: Set[str]) -> set[str]:
    """Every folder (relative, no trailing slash) that holds one of ``paths``."""
    folders: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return folders


class Spare:
    """The spare tree at ``root``, pruned once by ``open`` and then filled file by file."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.inodes: dict[str, int] = {}
        self.folders: set[str] = set()

    def open(self, keep: Set[str]) -> None:
        """Prune the tree to the paths of ``keep``; call once, before the rest."""
        self.inodes, self.folders = prune(self.root, keep)

    def adopt(self, relative: str, previous: str, status: os.stat_result) -> bool:
        """Make ``relative`` the file ``previous`` (whose ``status`` is given), linked;
        False where the file system refuses links."""
        have = self.inodes.get(relative)
        if have == status.st_ino:
            return True  # linked by an earlier build: the common case
        target = self._fresh(relative)
        try:
            os.link(previous, target, follow_symlinks=False)
        except OSError as error:
            if error.errno in _NO_LINKS:
                return False
            raise
        return True

    def keep(self, relative: str, previous: str, status: os.stat_result) -> None:
        """Make ``relative`` the unchanged file ``previous``: linked, or copied with its
        time where links are refused."""
        if not self.adopt(relative, previous, status):
            shutil.copy2(previous, self._fresh(relative))

    def put(self, relative: str, data: bytes) -> os.stat_result:
        """Write ``relative`` anew; returns its status."""
        target = self._fresh(relative)
        with open(target, "wb") as handle:
            handle.write(data)
        return os.stat(target)

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

    def copy(self, relative: str, source: Path) -> os.stat_result:
        """Copy ``source`` to ``relative``, keeping its time (the next build compares it)."""
        target = self._fresh(relative)
        shutil.copy2(source, target)
        return os.stat(target)

    def _fresh(self, relative: str) -> str:
        """The path of ``relative`` with nothing at it and its folder made."""
        target = os.path.join(self.root, relative)
        if self.inodes.pop(relative, None) is not None:
            os.unlink(target)  # perhaps the inode output/ shows: never write into it
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        return target
