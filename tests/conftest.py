"""Shared fixtures: write a small site from a dict of files, run the CLI in-process."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import textwrap
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("sitegen", deadline=None)
settings.load_profile("sitegen")
"""No property test has a deadline: Hypothesis's default (200 ms an example) is a
guess of time, which a machine busy with other work misses, and the test then
fails for no fault of the code (a related-list property took 261 ms once)."""

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium, which Playwright drives (never a downloaded browser)."""
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
)
"""No first-run network traffic: these machines reach no web host."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without writing one log line per request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at an ephemeral port; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass(frozen=True)
class Run:
    """The outcome of one ``sitegen`` invocation."""

    code: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{"content/a.md": "..."}`` under ``root``; text is dedented."""
    for name, body in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


def run_sitegen(*args: str) -> Run:
    """Run the command line in this process; returns exit status and both streams."""
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds whose output stamps are never racy, as on a large site, where the swap
    alone outlasts a tick of the file system's clock: the mark is written again
    until that clock has moved past every change the build made."""
    from sitegen.output import manifest, write

    real = manifest.mark

    def mark(path: str, text: str) -> int:
        first = real(path, text)
        while (moved := real(path, text)) == first:
            pass
        return moved

    monkeypatch.setattr(write, "mark", mark)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """A site directory made from a dict of files (relative path → content)."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_files(tmp_path / "site", files)

    return make


@pytest.fixture
def build_site(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``build_site(site, *flags)``: build with a fixed clock into SITE/output."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z

    def build(site: Path, *flags: str) -> Run:
        return run_sitegen("build", str(site), "--jobs", "1", *flags)

    return build


def article(
    title: str = "A title", date: str = "2025-05-01", body: str = "Body text.", **front: object
) -> str:
    """Markdown for one article; extra keyword arguments become front matter lines."""
    lines = ["---", f"title: {title!r}", f"date: {date}"]
    for key, value in front.items():
        lines.append(f"{key}: {value}")
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def prepare_once(options: Any, problems: Any, **kwargs: Any) -> Any:
    """``build.prepare`` with an engine of its own, as one build would open it."""
    from sitegen.build import prepare
    from sitegen.incremental.engine import Engine

    with Engine(options) as engine:
        return prepare(options, problems, engine, **kwargs)


def prepare_body_edit(previous: Any, changed: Any, options: Any, problems: Any) -> Any:
    """The short way of ``prepare`` after body edits; None when it does not apply."""
    from sitegen.build.edits import after_article_edits
    from sitegen.incremental.engine import Engine

    with Engine(options) as engine:
        return after_article_edits(previous, changed, options, problems, engine)


def damage_record(cache_dir: Path, name: str, data: bytes) -> bool:
    """Replace the bytes of the store's record ``name``; False when there is none."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(cache_dir / "store.sqlite")) as db, db:
        found = db.execute("UPDATE record SET value = ? WHERE name = ?", (data, name))
        return found.rowcount == 1
