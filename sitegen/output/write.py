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
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.model import OutputFile


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


def _place(dest: Path, previous: Path, data: bytes) -> bool:
    """Write ``data`` at ``dest``; hard-link ``previous`` instead when identical."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if _same_bytes(previous, data):
        try:
            os.link(previous, dest)
            return False
        except OSError:
            pass
    dest.write_bytes(data)
    return True


def _copy(source: Path, dest: Path, previous: Path) -> bool:
    dest.parent.mkdir(parents=True, exist_ok=True)
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
    dest = (root / relative).resolve()
    if not dest.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the output directory: {relative}")
    return dest


def write_site(
    files: Sequence[OutputFile],
    copies: Sequence[tuple[Path, str]],
    output_dir: Path,
) -> WriteStats:
    """Stage every file and copied asset, then swap the staging tree into place."""
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = output_dir.parent / f".{output_dir.name}.staging-{os.getpid()}"
    retired = output_dir.parent / f".{output_dir.name}.previous-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    written = unchanged = 0
    try:
        for file in files:
            changed = _place(_inside(staging, file.path), output_dir / file.path, file.data)
            written, unchanged = written + changed, unchanged + (not changed)
        for source, relative in copies:
            changed = _copy(source, _inside(staging, relative), output_dir / relative)
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
