"""Content-hashed names for the theme's CSS and JavaScript.

Takes the static files chosen for ``output/static/`` (theme files with the
site's ``layouts/static/`` over them) and returns the asset map
(``style.css`` → ``style.3f2a9c1b.css``) that templates reach through
``asset(name)``, the hashed files to write, and the other files to copy under
their own names (a logo keeps its name). A hashed name changes exactly when
the bytes change, so hosts can cache these files for a year, and a page's
HTML changes only when an asset it references changed. The unhashed CSS and
JS are not written at all, so no page can reference a stale copy.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.model import OutputFile

FINGERPRINTED_SUFFIXES = (".css", ".js")
"""File name endings that get a content hash; everything else keeps its name."""

HASH_LENGTH = 8


@dataclass(frozen=True, slots=True)
class Assets:
    """The static files of a build, split into hashed files and plain copies."""

    names: Mapping[str, str]
    """Name relative to ``static/`` → hashed name: ``css/site.css`` → ``css/site.0a1b2c3d.css``."""
    files: tuple[OutputFile, ...]
    """Hashed files, paths relative to the output directory, sorted."""
    copies: tuple[tuple[Path, str], ...]
    """(source, output path) of every file that keeps its name."""

    @property
    def immutable(self) -> frozenset[str]:
        """Output paths whose bytes never change under the same name."""
        return frozenset(f.path for f in self.files)


def fingerprinted_name(name: str, data: bytes) -> str:
    """``css/style.css`` → ``css/style.3f2a9c1b.css`` (first hex digits of SHA-256)."""
    folder, base = posixpath.split(name)
    stem, dot, suffix = base.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    hashed = f"{stem}.{digest}.{suffix}" if dot and stem else f"{base}.{digest}"
    return posixpath.join(folder, hashed)


def fingerprint_assets(static: Sequence[tuple[Path, str]], prefix: str = "static/") -> Assets:
    """Hash every CSS and JS file of ``static`` (source, output path under ``prefix``)."""
    names: dict[str, str] = {}
    files: list[OutputFile] = []
    copies: list[tuple[Path, str]] = []
    for source, dest in sorted(static, key=lambda item: item[1]):
        name = dest.removeprefix(prefix)
        if not name.lower().endswith(FINGERPRINTED_SUFFIXES):
            copies.append((source, dest))
            continue
        data = source.read_bytes()
        names[name] = fingerprinted_name(name, data)
        files.append(OutputFile(prefix + names[name], data))
    return Assets(names, tuple(files), tuple(copies))
