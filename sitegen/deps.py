"""Input fingerprints: is the output already what a build would make?

A rebuild with nothing changed should cost a directory walk, not a build. The
stamp of a build is every input's path, size, times and inode (content,
layouts, site.yaml, the packaged theme), sitegen's own code, the options that
shape output, and the build's clock horizon: the moment the same inputs would
give other output (a future article going live, an article leaving the news
sitemap's window). When the stamp matches the last build's, the horizon is
still ahead and every output file is as the writer left it, nothing is done.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.model import BuildOptions

RACY_NS = 2_000_000_000
"""A file changed this close to the build may change again within the file
system's timestamp granularity and keep its times: such a stamp never matches."""


class _Inputs:
    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.racy_after = time.time_ns() - RACY_NS
        self.racy = False

    def add(self, path: str) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        # The change time and inode catch an edit that kept size and modification time.
        signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        self.digest.update(f"{path}\0{signature}\n".encode())
        self.racy = self.racy or stat.st_mtime_ns > self.racy_after

    def walk(self, root: Path) -> None:
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                self.add(os.path.join(folder, name))


def input_stamp(options: BuildOptions, theme_dir: Path, code: str) -> str:
    """One hash over every input's metadata and the output-shaping options."""
    inputs = _Inputs()
    digest = inputs.digest
    site = options.site_dir.absolute()
    for name in ("site.yaml", "site.yml"):
        inputs.add(str(site / name))
    for root in (site / "content", site / "layouts", theme_dir):
        inputs.walk(root)
    if inputs.racy:
        digest.update(f"changed just now, at {time.time_ns()}".encode())
    settings = (
        options.drafts,
        options.future,
        options.base_url,
        options.minify,
        os.environ.get("SITEGEN_BASE_URL", ""),
        str(options.output_dir.absolute()),
        code,
    )
    digest.update(repr(settings).encode())
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the last successful build into an output directory was made from."""

    inputs: str
    horizon: str | None
    """ISO time from which the same inputs give other output, or None for never."""
    pages: int

    def current(self, inputs: str, now: datetime) -> bool:
        if inputs != self.inputs:
            return False
        return self.horizon is None or now < datetime.fromisoformat(self.horizon)

    @classmethod
    def load(cls, path: Path) -> Stamp | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(data["inputs"]), data["horizon"], int(data["pages"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        body = {"inputs": self.inputs, "horizon": self.horizon, "pages": self.pages}
        path.write_text(json.dumps(body), encoding="utf-8")
