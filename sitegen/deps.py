"""Input fingerprints: is the output already what a build would make?

A rebuild with nothing changed should cost a directory walk, not a build. The
stamp of a build is every input's path, size and modification time (content,
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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.model import BuildOptions


def _walk(root: Path, digest: hashlib._Hash) -> None:
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def input_stamp(options: BuildOptions, theme_dir: Path, code: str) -> str:
    """One hash over every input's metadata and the output-shaping options."""
    digest = hashlib.sha256()
    site = options.site_dir.absolute()
    for name in ("site.yaml", "site.yml"):
        path = site / name
        if path.exists():
            stat = path.stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for root in (site / "content", site / "layouts", theme_dir):
        _walk(root, digest)
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
