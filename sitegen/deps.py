"""Input fingerprints: is the output already what a build would make?

A rebuild with nothing changed should cost a directory walk, not a build. The
stamp of a build is every input's path, size, times and inode (content,
layouts, site.yaml, the packaged theme), sitegen's own code, the options that
shape output, and the build's clock horizon: the moment the same inputs would
give other output (a future article going live, an article leaving the news
sitemap's window). When the stamp matches the last build's, the horizon is
still ahead and every output file is as the writer left it, nothing is done.
A file changed within two seconds before a build is recorded by its content
too, as git treats racily clean files: a second save in the same clock tick
could keep its size and times.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.errors import Problem
from sitegen.model import BuildOptions

Signature = tuple[str, tuple[int, ...]]
"""A file's path and its size, modification and change times and inode."""

RACY_NS = 2_000_000_000
"""A file changed this close to a build may change again within the file system's
timestamp granularity and keep its times: its content is what the stamp records."""


@dataclass(frozen=True, slots=True)
class Inputs:
    """Every input file's signature, and which of them changed just before the build."""

    signatures: tuple[Signature, ...]
    racy: frozenset[str]
    settings: str

    def digest(self, by_content: frozenset[str]) -> str:
        """One hash over every input, reading the files of ``by_content`` (as git
        re-reads racily clean files) instead of trusting their times."""
        digest = hashlib.sha256()
        for path, signature in self.signatures:
            digest.update(f"{path}\0{signature}\n".encode())
            if path in by_content:
                try:
                    digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
        digest.update(self.settings.encode())
        return digest.hexdigest()


def _signatures(
    paths: list[str], racy_after: int, racy: set[str]
) -> list[tuple[str, tuple[int, ...]]]:
    found: list[Signature] = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        # The change time and inode catch an edit that kept size and modification time.
        found.append((path, (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)))
        if stat.st_mtime_ns > racy_after:
            racy.add(path)
    return found


def _files(root: Path) -> list[str]:
    """Every file below ``root``, through linked folders as the build follows them
    (an edit in a linked folder is an edit), each real folder once: a link that
    leads back up is not walked round and round."""
    paths: list[str] = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        seen.add(os.path.realpath(folder))
        dirs[:] = sorted(d for d in dirs if os.path.realpath(os.path.join(folder, d)) not in seen)
        paths.extend(os.path.join(folder, name) for name in sorted(names))
    return paths


def input_stamp(options: BuildOptions, theme_dir: Path, code: str) -> Inputs:
    """Every input's metadata and the output-shaping options, read now."""
    site = options.site_dir.absolute()
    paths = [str(site / name) for name in ("site.yaml", "site.yml")]
    for root in (site / "content", site / "layouts", theme_dir):
        paths.extend(_files(root))
    racy: set[str] = set()
    signatures = _signatures(paths, time.time_ns() - RACY_NS, racy)
    settings = (
        options.drafts,
        options.future,
        options.base_url,
        options.minify,
        os.environ.get("SITEGEN_BASE_URL", ""),
        str(options.output_dir.absolute()),
        code,
    )
    return Inputs(tuple(signatures), frozenset(racy), repr(settings))


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last successful build into an output directory was made from."""

    inputs: str
    horizon: str | None
    """ISO time from which the same inputs give other output, or None for never."""
    pages: int
    by_content: frozenset[str] = frozenset()
    """Files changed just before that build: ``inputs`` holds their content's hash."""
    warnings: tuple[Problem, ...] = ()
    """That build's warnings, said again by a build that has nothing to do."""

    @classmethod
    def of(
        cls, inputs: Inputs, horizon: str | None, pages: int, warnings: tuple[Problem, ...] = ()
    ) -> Stamp:
        return cls(inputs.digest(inputs.racy), horizon, pages, inputs.racy, warnings)

    def current(self, inputs: Inputs, now: datetime) -> bool:
        if inputs.digest(self.by_content) != self.inputs:
            return False
        return self.horizon is None or now < datetime.fromisoformat(self.horizon)

    @classmethod
    def load(cls, path: Path) -> Stamp | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            by_content = frozenset(str(p) for p in data["by_content"])
            warnings = tuple(Problem(str(p), int(n), str(m)) for p, n, m in data["warnings"])
            return cls(
                str(data["inputs"]), data["horizon"], int(data["pages"]), by_content, warnings
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "inputs": self.inputs,
            "horizon": self.horizon,
            "pages": self.pages,
            "by_content": sorted(self.by_content),
            "warnings": [[w.path, w.line, w.message] for w in self.warnings],
        }
        path.write_text(json.dumps(body), encoding="utf-8")
