"""When each file of a site first entered its git history: the date of a post
that has none.

Hugo lists a post without a date (last, with no date shown); sitegen lists
dated articles only, so such a post needs one to stay in the listings and the
feeds (a file that was no post stays a page without a date: see
``hugo/undated.py``). Most sites are git repositories, and the commit that
added the file is when it was published, near enough: far better than a
made-up date the reader would see. One ``git log`` for the whole folder, read
once; no repository, no git or a history git cannot read gives nothing, and
the caller falls back.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

_TIMEOUT = 60
"""Seconds for git to list a history: a large one takes a few; a hung one no longer."""


def first_commits(folder: Path) -> dict[Path, datetime]:
    """Each file under ``folder`` (its resolved path) → the author date of the commit
    that added it under that name; empty when there is no history to read."""
    folder = folder.resolve()
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").strip()
        log = _git(
            folder,
            "-c",
            "core.quotePath=false",
            "log",
            "--diff-filter=A",
            "--no-renames",
            "--format=%x00%aI",
            "--name-only",
            "--",
            ".",
        )
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return {}
    root = Path(top)
    found: dict[Path, datetime] = {}
    for entry in log.split("\0")[1:]:  # newest first: the last date seen is the first
        stamp, _, names = entry.partition("\n")
        try:
            moment = datetime.fromisoformat(stamp.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip():
                found[root / name] = moment
    return found


def _git(folder: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *arguments],
        capture_output=True,
        check=True,
        timeout=_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout.decode("utf-8")
