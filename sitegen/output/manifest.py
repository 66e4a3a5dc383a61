"""What an output directory holds, per file: content digest, size, modification time.

The cache keeps one manifest per output directory, written after each build.
With it the next build knows which files are current without reading them
(``write.py`` links those into the new tree), which pages it may reuse
(``reuse.py``) and, when no input changed, that there is nothing to do
(``output_is_intact``). A manifest that is missing, foreign or unreadable only
costs speed: every file is then compared by its bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

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
