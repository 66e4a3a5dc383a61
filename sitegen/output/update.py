"""Bring an existing output directory up to date in place, file by file.

The staged swap of ``write.py`` rewrites (or hard-links) every file and then
deletes the old tree: at 10,000 articles that is tens of thousands of
filesystem operations even when one page changed. When the output directory is
the one this cache last wrote, a manifest of what it holds (content digest,
size, modification time per file) says which files are current without
reading them; only changed files are written, each to a temporary name and
renamed over the old one, and files the build no longer produces are removed.

A build with problems never gets here, so it still leaves ``output/`` exactly
as it was. A manifest that is missing, foreign or unreadable makes the caller
fall back to the staged swap.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.model import OutputFile

MANIFEST_VERSION = 1
Entry = list[object]
"""``[digest, size, mtime_ns]`` of one output file."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an output directory held after the last build."""

    output: str
    entries: dict[str, Entry]

    @classmethod
    def load(cls, path: Path, output_dir: Path) -> Manifest | None:
        """The manifest at ``path`` if it describes ``output_dir``; read once per version
        of the file in a process (a build asks twice, the preview on every save)."""
        try:
            stat = path.stat()
            signature = (str(path), str(output_dir), stat.st_size, stat.st_mtime_ns, stat.st_ino)
            if _LOADED and _LOADED[0][0] == signature:
                return _LOADED[0][1]
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != MANIFEST_VERSION or data["output"] != str(output_dir):
                return None
            manifest = cls(data["output"], dict(data["files"]))
            _LOADED[:] = [(signature, manifest)]
            return manifest
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        body = {"version": MANIFEST_VERSION, "output": self.output, "files": self.entries}
        partial.write_text(json.dumps(body, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)


_LOADED: list[tuple[tuple[object, ...], Manifest]] = []
"""The last manifest read and the signature of its file (a replaced file gets a new inode)."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def copy_digest(source: Path) -> str:
    """A copied file is identified by its source's size and modification time."""
    stat = source.stat()
    return f"copy:{stat.st_size}:{stat.st_mtime_ns}"


def _entry(path: Path, key: str) -> Entry:
    stat = path.stat()
    return [key, stat.st_size, stat.st_mtime_ns]


def _current(path: Path, key: str, old: Entry | None, data: bytes | None) -> bool:
    """True when ``path`` already holds what the build produced."""
    try:
        stat = path.stat()
    except OSError:
        return False
    if old is not None and old == [key, stat.st_size, stat.st_mtime_ns]:
        return True
    # Touched or not recorded: compare bytes (a copy never matches a touched file).
    return data is not None and stat.st_size == len(data) and path.read_bytes() == data


def _replace(path: Path, data: bytes | None, source: Path | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    if source is not None:
        shutil.copy2(source, partial)
    else:
        assert data is not None
        partial.write_bytes(data)
    partial.replace(path)


def update_in_place(
    files: Sequence[OutputFile],
    copies: Sequence[tuple[Path, str]],
    output_dir: Path,
    manifest: Manifest,
) -> tuple[Manifest, int, int]:
    """Write what changed, remove what is gone; returns the new manifest and counts."""
    entries: dict[str, Entry] = {}
    written = 0
    items: list[tuple[str, str, bytes | None, Path | None]] = []
    for file in files:
        old = manifest.entries.get(file.path)
        if file.reused:
            # Checked against the manifest before rendering: nothing to hash or compare.
            if old is None:
                path = output_dir / file.path
                old = _entry(path, digest(path.read_bytes()))
            entries[file.path] = old
            continue
        items.append((file.path, digest(file.data), file.data, None))
    items.extend((dest, copy_digest(src), None, src) for src, dest in copies)
    for relative, key, data, source in items:
        path = output_dir / relative
        if not _current(path, key, manifest.entries.get(relative), data):
            _replace(path, data, source)
            written += 1
        entries[relative] = _entry(path, key)
    _remove_others(output_dir, set(entries))
    return Manifest(manifest.output, entries), written, len(entries) - written


def _remove_others(output_dir: Path, keep: set[str]) -> None:
    """Delete files the build no longer produces, then folders left empty."""
    _prune(str(output_dir), "", keep)


def _prune(folder: str, prefix: str, keep: set[str]) -> bool:
    """Prune below ``folder`` (``prefix`` in the output); True when it is left empty.

    One ``scandir`` per folder and no path objects: it visits every output file.
    A link is removed like a file, never followed.
    """
    left = 0
    with os.scandir(folder) as scan:
        entries = list(scan)
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _prune(entry.path, relative + "/", keep):
                os.rmdir(entry.path)
            else:
                left += 1
        elif relative in keep:
            left += 1
        else:
            os.unlink(entry.path)
    return left == 0


def record_manifest(
    files: Sequence[OutputFile], copies: Sequence[tuple[Path, str]], output_dir: Path
) -> Manifest:
    """The manifest of a freshly written output directory."""
    entries = {
        f.path: _entry(
            output_dir / f.path, digest((output_dir / f.path).read_bytes() if f.reused else f.data)
        )
        for f in files
    }
    entries.update((dest, _entry(output_dir / dest, copy_digest(src))) for src, dest in copies)
    return Manifest(str(output_dir), entries)


def output_is_intact(output_dir: Path, manifest: Manifest) -> bool:
    """True when the directory holds exactly the manifest's files, untouched.

    The whole check of a rebuild with nothing to do: one ``scandir`` per folder,
    strings rather than path objects.
    """
    try:
        seen = _count_intact(str(output_dir), "", manifest.entries)
    except OSError:
        return False
    return seen == len(manifest.entries)


def _count_intact(folder: str, prefix: str, entries: dict[str, Entry]) -> int:
    """How many files below ``folder`` match their entry; -1 at the first that does not."""
    seen = 0
    with os.scandir(folder) as scan:
        for item in scan:
            if item.is_symlink():
                return -1  # the writer never makes links: something else put it there
            if item.is_dir():
                found = _count_intact(item.path, prefix + item.name + "/", entries)
                if found < 0:
                    return -1
                seen += found
                continue
            entry = entries.get(prefix + item.name)
            stat = item.stat()
            if entry is None or entry[1:] != [stat.st_size, stat.st_mtime_ns]:
                return -1
            seen += 1
    return seen
