"""File watching for ``sitegen serve``: watchdog events → one debounced batch of paths.

Takes the site directory and a callback; returns a running watchdog observer
that calls the callback once per burst of changes with the sorted site-relative
paths that changed. An editor's save is several events (write, chmod, rename of
a temporary file), and a full rebuild per event would be wasted work, so
events are gathered until the tree has been quiet for ``delay`` seconds.
Only ``content/``, ``layouts/`` and ``site.yaml`` are watched: the served
build lives in ``.sitegen-cache/`` and must not trigger itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

WATCHED_DIRS = ("content", "layouts")
WATCHED_FILES = ("site.yaml",)
DEFAULT_DELAY = 0.05
"""Seconds of quiet that end a burst: long enough for one save, short enough to feel instant."""


class Debouncer:
    """Collects paths and calls ``callback(paths)`` once they stop arriving for ``delay`` s.

    Calls never overlap: a burst that arrives while the callback runs becomes
    the next call, after the current one returns.
    """

    def __init__(self, delay: float, callback: Callable[[tuple[str, ...]], object]) -> None:
        self.delay = delay
        self.callback = callback
        self._lock = threading.Lock()
        self._running = threading.Lock()
        self._pending: set[str] = set()
        self._timer: threading.Timer | None = None

    def push(self, path: str) -> None:
        """Record one changed path and restart the quiet period."""
        with self._lock:
            self._pending.add(path)
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._running:
            with self._lock:
                paths = tuple(sorted(self._pending))
                self._pending.clear()
            if paths:
                self.callback(paths)

    def cancel(self) -> None:
        """Drop whatever is pending; used on shutdown."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._pending.clear()


def is_watched(relative: str) -> bool:
    """True for paths under ``content/`` or ``layouts/`` and for ``site.yaml``.

    Hidden files and editor leftovers (``.#a.md``, ``a.md~``, ``.a.md.swp``) are
    ignored so a save is one rebuild, not three.
    """
    parts = relative.split("/")
    if any(part.startswith(".") for part in parts) or relative.endswith("~"):
        return False
    return relative in WATCHED_FILES or (len(parts) > 1 and parts[0] in WATCHED_DIRS)


class _Forwarder(FileSystemEventHandler):
    """Turns watchdog events into site-relative paths pushed to a debouncer."""

    def __init__(self, site_dir: Path, debouncer: Debouncer) -> None:
        self.site_dir = site_dir.resolve()
        self.debouncer = debouncer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a directory's mtime changes with every file event inside it
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            if not path:
                continue
            try:
                relative = Path(path).resolve().relative_to(self.site_dir).as_posix()
            except ValueError:
                continue
            if is_watched(relative):
                self.debouncer.push(relative)


def watch_site(
    site_dir: Path,
    callback: Callable[[tuple[str, ...]], object],
    delay: float = DEFAULT_DELAY,
) -> tuple[BaseObserver, Debouncer]:
    """Start watching; the caller stops the observer (``stop()``, ``join()``)."""
    debouncer = Debouncer(delay, callback)
    handler = _Forwarder(site_dir, debouncer)
    observer = Observer()
    observer.schedule(handler, str(site_dir), recursive=False)  # site.yaml
    for name in _existing(site_dir, WATCHED_DIRS):
        observer.schedule(handler, str(site_dir / name), recursive=True)
    observer.daemon = True
    observer.start()
    return observer, debouncer


def _existing(site_dir: Path, names: Sequence[str]) -> list[str]:
    return [name for name in names if (site_dir / name).is_dir()]
