"""The preview server: files of the served build over HTTP, plus the live-reload stream.

Takes the directory the serve build writes to and an :class:`EventHub`;
answers like the published site would (pretty URLs, the site's own 404 page,
correct content types) and adds the reload script to every HTML response it
sends. :class:`LiveSite` holds the current build, runs the rebuild callable it
is handed (a full build today; an incremental one can plug in unchanged),
prints problems and tells open tabs what changed. It is the I/O edge of
``serve``: nothing here knows how a site is built.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import queue
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from sitegen.errors import Problem, RunError, SiteError
from sitegen.serve.livereload import (
    EVENTS_PATH,
    Change,
    EventHub,
    Fingerprints,
    diff_outputs,
    inject_script,
)

logger = logging.getLogger(__name__)

CONTENT_TYPES: Mapping[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
}
SPECIAL_TYPES: Mapping[str, str] = {
    "feed.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}
KEEP_ALIVE_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One good build as the server sees it."""

    prints: Fingerprints
    """Stable output path → (digest, actual path), to tell which pages changed."""
    finish: Callable[[], Callable[[], Snapshot]] | None = None
    """Work left once open tabs have reloaded: makes the rest of the build (the search
    index; slow, writes nothing) and returns the step that writes it."""
    warnings: tuple[Problem, ...] = ()
    """``PATH:LINE: warning: …`` lines of that build (raw HTML the sanitizer refused)."""


Rebuild = Callable[[tuple[str, ...]], Snapshot]
"""Builds the site into the served directory after changes to the given site-relative
paths (none: unknown, build it all); raises SiteError with its problems."""


class LiveSite:
    """The current build: rebuilds on request, reports, and tells open tabs."""

    def __init__(self, rebuild: Rebuild, hub: EventHub, out: TextIO, err: TextIO) -> None:
        self.rebuild = rebuild
        self.hub = hub
        self.out = out
        self.err = err
        self.snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._finishing = threading.Lock()
        self._generation = 0
        """Counts rebuilds: work left by one that a newer rebuild replaced is dropped."""
        self.finishing: threading.Thread | None = None
        """Completes the latest rebuild after the reload (tests wait on it)."""

    def refresh(self, changed: tuple[str, ...] = ()) -> Change | None:
        """Rebuild; on problems show them (terminal and tabs) and keep the last good build."""
        with self._lock:
            started = time.perf_counter()
            try:
                snapshot = self.rebuild(changed)
            except SiteError as error:
                self._show_problems("\n".join(str(p) for p in error.problems))
                return None
            except RunError as error:  # a full disk: the last good build stays served
                self._show_problems(f"sitegen: {error}")
                return None
            except Exception as error:  # a bug in sitegen must not stop the preview
                logger.exception("rebuild failed")
                self._show_problems(f"sitegen failed: {error!r} (see the terminal)")
                return None
            old = self.snapshot
            self.snapshot = snapshot
            self._generation += 1
            generation = self._generation
        change = diff_outputs(old.prints if old else {}, snapshot.prints)
        self.hub.publish("ok", "{}", state=True)
        if old is not None and (change.pages or change.css):
            self.hub.publish("change", change.to_json())
        if snapshot.warnings and snapshot.warnings != (old.warnings if old else ()):
            # Said when they change, not on every save.
            print("\n".join(str(w) for w in snapshot.warnings), file=self.err, flush=True)
        self._say(self._summary(changed, change, old, snapshot, time.perf_counter() - started))
        if snapshot.finish is not None:
            finish = snapshot.finish
            self.finishing = threading.Thread(
                target=self._finish, args=(finish, generation), daemon=True
            )
            self.finishing.start()
        return change

    def _finish(self, finish: Callable[[], Callable[[], Snapshot]], generation: int) -> None:
        """Complete a rebuild after the reload, unless a newer one replaced it meanwhile.

        Runs beside the next rebuild (a save while Pagefind indexes the last one
        does not wait for it); one at a time, and written only while still current.
        """
        with self._finishing:
            if generation != self._generation:
                return
            try:
                commit = finish()
                with self._lock:
                    if generation == self._generation:
                        self.snapshot = commit()
            except SiteError as error:
                self._show_problems("\n".join(str(p) for p in error.problems))
            except RunError as error:
                self._show_problems(f"sitegen: {error}")
            except Exception as error:  # a bug in sitegen must not stop the preview
                logger.exception("finishing the rebuild failed")
                self._show_problems(f"sitegen failed: {error!r} (see the terminal)")

    def _summary(
        self,
        changed: tuple[str, ...],
        change: Change,
        old: Snapshot | None,
        new: Snapshot,
        seconds: float,
    ) -> str:
        if old is None:
            return f"built {len(new.prints)} files in {seconds:.2f} s"
        return (
            f"{', '.join(changed) or 'rebuilt'}: {len(change.pages)} pages and "
            f"{len(change.css)} stylesheets changed in {seconds:.2f} s"
        )

    def _show_problems(self, text: str) -> None:
        print(text, file=self.err, flush=True)
        self.hub.publish("problems", json.dumps({"text": text}), state=True)

    def _say(self, line: str) -> None:
        print(line, file=self.out, flush=True)


def content_type(path: Path) -> str:
    """What the published site's web server would say for this file."""
    if path.name in SPECIAL_TYPES:
        return SPECIAL_TYPES[path.name]
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


_FINGERPRINTED = re.compile(r"^/(?:.*/)?static/.+\.[0-9a-f]{8}\.(?:css|js)$")


def cache_control(path: str, status: int) -> str:
    """Hashed CSS/JS never change under their name: the browser may keep them, so a
    reload after a save fetches only the page. Everything else is fetched afresh."""
    if status == HTTPStatus.OK and _FINGERPRINTED.match(path):
        return "public, max-age=31536000, immutable"
    return "no-store"


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves ``root`` with pretty URLs; ``/__sitegen/events`` is the reload stream."""

    root: Path
    hub: EventHub
    files_lock: threading.Lock
    """Held by the rebuild while it swaps the served directory."""

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            self._stream_events()
        else:
            self._send_file(path, body=True)

    def do_HEAD(self) -> None:
        self._send_file(unquote(urlsplit(self.path).path), body=False)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def _locate(self, path: str) -> tuple[Path | None, str | None]:
        """(file to send, or None for 404; URL to redirect to, for a folder without ``/``)."""
        parts = [p for p in path.split("/") if p]
        if "\0" in path or any(p in {".", ".."} or "\\" in p for p in parts):
            return None, None
        target = self.root.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return None, path + "/"
            target = target / "index.html"
        if not target.is_file() or not target.resolve().is_relative_to(self.root.resolve()):
            return None, None
        return target, None

    def _send_file(self, path: str, body: bool) -> None:
        with self.files_lock:
            target, redirect = self._locate(path)
            if redirect:
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.OK
            if target is None:
                status, target = HTTPStatus.NOT_FOUND, self.root / "404.html"
            data = target.read_bytes() if target.is_file() else b"Not found"
        kind = content_type(target) if status == HTTPStatus.OK else "text/html; charset=utf-8"
        if kind.startswith("text/html"):
            data = inject_script(data)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", cache_control(path, status))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        mailbox = self.hub.subscribe()
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                try:
                    event = mailbox.get(timeout=KEEP_ALIVE_SECONDS)
                except queue.Empty:
                    event = b": keep-alive\n\n"
                if event is None:
                    break
                self.wfile.write(event)
                self.wfile.flush()
        except OSError:
            pass  # the tab closed or reloaded
        finally:
            self.hub.unsubscribe(mailbox)


def open_server(
    host: str, port: int, root: Path, hub: EventHub, files_lock: threading.Lock
) -> ThreadingHTTPServer:
    """Bind the preview server; raises OSError when the address is taken."""
    handler = type(
        "SiteHandler",
        (PreviewHandler,),
        {"root": root, "hub": hub, "files_lock": files_lock},
    )
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
