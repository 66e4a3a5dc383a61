"""Write every file into a staging directory beside ``output/``, then swap it in.

Atomic (SPEC §6): a build that fails before the swap leaves the previous
output exactly as it was, and a failed build creates no output directory.
Exact: the new tree holds only this build's files, so pages of deleted
articles disappear. A file whose bytes did not change is hard-linked from the
previous output instead of rewritten, so it keeps its modification time (what
rsync and CDN uploads compare).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.model import OutputFile
from sitegen.output.update import Manifest, record_manifest, update_in_place


@dataclass(frozen=True, slots=True)
class WriteStats:
    """What the write did, for the summary line."""

    written: int
    unchanged: int


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


class _Folders:
    """Creates each folder once: a mkdir per file costs seconds at archive scale."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def ensure(self, folder: Path) -> None:
        if folder not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.add(folder)


def _place(dest: Path, previous: Path, data: bytes) -> bool:
    """Write ``data`` at ``dest``; hard-link ``previous`` instead when identical."""
    if _same_bytes(previous, data):
        try:
            os.link(previous, dest)
            return False
        except OSError:
            pass
    dest.write_bytes(data)
    return True


def _keep(dest: Path, previous: Path) -> None:
    try:
        os.link(previous, dest)
    except OSError:
        shutil.copy2(previous, dest)


def _copy(source: Path, dest: Path, previous: Path) -> bool:
    try:
        src_stat, old_stat = source.stat(), previous.stat()
        if (src_stat.st_size, int(src_stat.st_mtime)) == (old_stat.st_size, int(old_stat.st_mtime)):
            os.link(previous, dest)
            return False
    except OSError:
        pass
    shutil.copy2(source, dest)
    return True


def _inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that could leave ``root``.

    Lexical, with no filesystem calls: the staging tree is new and holds no links.
    """
    return root / _checked(relative)


def _checked(relative: str) -> str:
    """``relative`` normalised, refusing any path that could leave the output directory."""
    normal = posixpath.normpath(relative)
    if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in relative:
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    return normal


def write_site(
    files: Sequence[OutputFile],
    copies: Sequence[tuple[Path, str]],
    output_dir: Path,
    manifest_path: Path | None = None,
) -> WriteStats:
    """Update ``output_dir`` to hold exactly ``files`` and ``copies``.

    With a manifest from the previous build of this same directory, only what
    changed is written (``update.py``); otherwise every file is staged and the
    staging tree swapped into place. Either way the manifest is refreshed.
    """
    output_dir = output_dir.absolute()
    for file in files:
        _checked(file.path)
    for _, relative in copies:
        _checked(relative)
    manifest = Manifest.load(manifest_path, output_dir) if manifest_path else None
    fresh: Manifest | None
    if manifest is not None and output_dir.is_dir():
        try:
            fresh, written, unchanged = update_in_place(files, copies, output_dir, manifest)
        except OSError:
            stats = _write_staged(files, copies, output_dir)
            fresh = record_manifest(files, copies, output_dir)
        else:
            stats = WriteStats(written, unchanged)
    else:
        stats = _write_staged(files, copies, output_dir)
        fresh = record_manifest(files, copies, output_dir) if manifest_path else None
    if manifest_path is not None and fresh is not None:
        try:
            fresh.save(manifest_path)
        except OSError:
            manifest_path.unlink(missing_ok=True)
    return stats


def write_changed(files: Sequence[OutputFile], output_dir: Path) -> int:
    """Replace the files whose bytes changed, each atomically; returns how many.

    The preview's first step after a save: the pages open tabs will reload. The
    manifest, pruning and the rest wait for ``write_site``, which must follow.
    """
    output_dir = output_dir.absolute()
    written = 0
    for file in files:
        if file.reused:
            continue
        path = output_dir / _checked(file.path)
        if not _same_bytes(path, file.data):
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.partial")
            partial.write_bytes(file.data)
            partial.replace(path)
            written += 1
    return written


def _write_staged(
    files: Sequence[OutputFile], copies: Sequence[tuple[Path, str]], output_dir: Path
) -> WriteStats:
    """Stage every file and copied asset, then swap the staging tree into place."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = output_dir.parent / f".{output_dir.name}.staging-{os.getpid()}"
    retired = output_dir.parent / f".{output_dir.name}.previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = unchanged = 0
    try:
        folders = _Folders()
        for file in files:
            dest = _inside(staging, file.path)
            folders.ensure(dest.parent)
            if file.reused:  # unchanged since the last build: its file holds the bytes
                _keep(dest, output_dir / file.path)
                unchanged += 1
                continue
            changed = _place(dest, output_dir / file.path, file.data)
            written, unchanged = written + changed, unchanged + (not changed)
        for source, relative in copies:
            dest = _inside(staging, relative)
            folders.ensure(dest.parent)
            changed = _copy(source, dest, output_dir / relative)
            written, unchanged = written + changed, unchanged + (not changed)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output_dir.exists():
        os.rename(output_dir, retired)
        os.rename(staging, output_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, output_dir)
    return WriteStats(written, unchanged)
