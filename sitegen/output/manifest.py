"""What an output directory holds, per file: content digest, size, modification time.

The record of the last build keeps one manifest per output directory. With it
the next build knows which files are current without reading them
(``write.py`` links those into the new tree), which files it may keep and,
when no input changed, that there is nothing to do (``output_is_intact``). A
missing manifest only costs speed: every file is then compared by its bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.digests import digest_bytes
from sitegen.output.spare import Known
from sitegen.output.tree import Stamp

Entry = list[object]
"""``[digest, size, mtime_ns, inode]`` of one output file."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an output directory held after the last build."""

    output: str
    entries: dict[str, Entry]
    stamp: Stamp | None = None
    """The tree's folders and files as that build left them (``tree.py``), if not racy."""
    spare: Known | None = None
    """What that build left in its spare tree (``spare.py``), if known."""


def digest(data: bytes) -> str:
    return digest_bytes(data)


def copy_digest(source: Path) -> str:
    """A copied file is identified by its source's size and modification time."""
    stat = os.stat(source)
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
            if entry is None or list(entry[1:3]) != [stat.st_size, stat.st_mtime_ns]:
                return -1
            seen += 1
    return seen
