"""Small Hugo sites written from a dict, imported with the command line, then looked at."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Run, run_sitegen, write_files

EPOCH = "1767225600"
"""2026-01-01T00:00:00Z: the clock of every import and build here."""


@dataclass(frozen=True)
class Imported:
    """The outcome of one ``sitegen import hugo``."""

    source: Path
    dest: Path
    result: Run

    @property
    def report(self) -> str:
        return (self.dest / "import-report.txt").read_text(encoding="utf-8")

    @property
    def notes(self) -> list[str]:
        return self.report.split("Not carried over as it was", 1)[1].splitlines()[1:]

    def urls(self) -> dict[str, str]:
        block = self.report.split("Old URL -> new URL", 1)[1].split("\n\n", 1)[0]
        return dict(line.split(" -> ", 1) for line in block.splitlines()[1:])

    def text(self, path: str) -> str:
        return (self.dest / path).read_text(encoding="utf-8")

    def front(self, path: str) -> dict[str, object]:
        head = self.text(path).split("---\n", 2)[1]
        loaded = yaml.safe_load(head)
        return loaded if isinstance(loaded, dict) else {}

    def body(self, path: str) -> str:
        return self.text(path).split("---\n", 2)[2].strip("\n")

    def site(self) -> dict[str, object]:
        loaded = yaml.safe_load(self.text("site.yaml"))
        assert isinstance(loaded, dict)
        return loaded

    def build(self, *flags: str) -> Run:
        built = run_sitegen("build", str(self.dest), "--jobs", "1", *flags)
        assert built.code == 0, built.err
        return built

    def page(self, url: str) -> str:
        """The built page at site path ``url``."""
        path = url.strip("/")
        named = "." in path.rsplit("/", 1)[-1] and not url.endswith("/")
        file = self.dest / "output" / path if named else self.dest / "output" / path / "index.html"
        return file.read_text(encoding="utf-8")

    def note(self, fragment: str) -> str:
        """The one note containing ``fragment``."""
        found = [n for n in self.notes if fragment in n]
        assert len(found) == 1, (fragment, self.notes)
        return found[0]


def front_and_body(path: Path) -> tuple[dict[str, Any], str]:
    """An imported article's front matter and markdown, for the imports whose
    tests name files rather than go through ``Imported``."""
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def build_imported(site: Path) -> str:
    """``sitegen build`` of an imported site at the imports' clock; what it said."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        built = run_sitegen("build", str(site), "--jobs", "1")
    assert built.code == 0, built.err
    return built.err


def _importing(kind: str, tmp_path: Path) -> Callable[..., Imported]:
    """``run(files, *flags)``: write ``files`` as a ``kind`` site, ``sitegen import`` it
    into a new folder."""
    count = iter(range(1000))

    def run(files: Mapping[str, str | bytes], *flags: str) -> Imported:
        number = next(count)
        source = write_files(tmp_path / f"{kind}{number}", files)
        dest = tmp_path / f"dest{number}"
        return Imported(source, dest, run_sitegen("import", kind, str(source), str(dest), *flags))

    return run


@pytest.fixture
def hugo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Imported]:
    """``hugo({"hugo.toml": ..., "content/posts/a.md": ...})``: import it into a new folder."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return _importing("hugo", tmp_path)


@pytest.fixture
def jekyll(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Imported]:
    """``jekyll({"_config.yml": ..., "_posts/2024-01-05-a.md": ...})``: import it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return _importing("jekyll", tmp_path)


BASIC_CONFIG = """
baseURL = "https://example.org/"
title = "Example"
"""


def post(front: str, body: str = "Body text.", fence: str = "---") -> str:
    """A content file: ``front`` between ``fence`` lines, then ``body``."""
    return f"{fence}\n{front.strip()}\n{fence}\n\n{body}\n"
