"""``sitegen serve`` from start to Ctrl-C: bind, build, watch, serve, stop cleanly.

Takes the site directory, an address and the clock; builds with drafts and
future articles into ``SITE/.sitegen-cache/serve/`` (never ``output/``, which
stays the publishable site), serves it and rebuilds on every debounced change
of ``content/``, ``layouts/`` or ``site.yaml``. The rebuild is a callable
handed to :class:`LiveSite`, so a faster, incremental build replaces
:func:`full_rebuild` without touching the server.
"""

from __future__ import annotations

import dataclasses
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sitegen.build import prepare, write_out
from sitegen.build.prepared import Prepared
from sitegen.entry import exclusive
from sitegen.errors import Problems
from sitegen.incremental.engine import Engine, output_keys
from sitegen.options import BuildOptions
from sitegen.output.write import write_changed
from sitegen.render.environment import THEME_DIR
from sitegen.serve.livereload import EventHub, fingerprint_files
from sitegen.serve.server import LiveSite, Rebuild, Snapshot, open_server
from sitegen.serve.watch import watch_site


class ListenError(Exception):
    """The address cannot be used (port taken, no such host): a command line problem."""


def serve_options(site_dir: Path, now: datetime, cache_dir: Path | None = None) -> BuildOptions:
    """Build options for the preview: drafts and future included, readable HTML."""
    cache = cache_dir if cache_dir else site_dir / ".sitegen-cache"
    return BuildOptions(
        site_dir=site_dir,
        output_dir=cache / "serve",
        now=now,
        drafts=True,
        future=True,
        minify=False,  # faster rebuilds; the preview is for reading, not for shipping
    )


def full_rebuild(options: BuildOptions, files_lock: threading.Lock) -> Rebuild:
    """The whole pipeline into ``options.output_dir``; writes files under ``files_lock``.

    It is the build's own incremental path: bodies come from the cache, pages
    whose inputs are unchanged are not rendered, and only changed files are
    written. The search index is made after open tabs reload (``Snapshot.finish``).
    Each step holds the build lock of the cache: a ``sitegen build`` of the same
    site waits for it, and it for the build.
    """
    doing = f"the preview's rebuild of {options.site_dir}"

    last: list[tuple[Prepared, Snapshot]] = []

    def write(prepared: Prepared, engine: Engine) -> Snapshot:
        """All of a finished build; of one that will be completed, only what changed."""
        with files_lock:  # requests wait while the changed files are written
            if prepared.complete is not None:
                write_changed(prepared.files, options.output_dir)
            else:
                _, manifest = write_out(prepared, options, engine)
                engine.record(
                    output_keys(prepared.files),
                    manifest,
                    prepared.horizon,
                    prepared.pages,
                    prepared.warnings,
                    THEME_DIR,
                    complete=False,  # the preview builds on the files, never on the stamp
                )
        previous = last[0][1].prints if last else None
        prints = fingerprint_files(prepared.files, prepared.copies, previous)
        snapshot = Snapshot(prints, warnings=prepared.warnings)
        last[:] = [(prepared, snapshot)]
        return snapshot

    unsettled: set[str] = set()
    """Paths changed since the last good build: a failed one leaves its edits pending."""

    def rebuild(changed: tuple[str, ...] = ()) -> Snapshot:
        with exclusive(options, doing):
            return locked_rebuild(changed)

    def locked_rebuild(changed: tuple[str, ...]) -> Snapshot:
        # Raises SiteError with every problem. The search index follows the reload.
        unsettled.update(changed)
        previous = last[0][0] if last and changed else None  # a body edit needs only it
        since = sorted(unsettled)
        with Engine(options) as engine:
            prepared = prepare(
                options, Problems(), engine, defer_search=True, previous=previous, changed=since
            )
            snapshot = write(prepared, engine)
        unsettled.clear()
        complete = prepared.complete
        if complete is None:
            return snapshot

        def finish() -> Callable[[], Snapshot]:
            with exclusive(options, doing), Engine(options) as engine:
                final = complete(engine)

            def commit() -> Snapshot:
                with exclusive(options, doing), Engine(options) as engine:
                    return write(final, engine)

            return commit

        return dataclasses.replace(snapshot, finish=finish)

    return rebuild


def display_url(host: str, port: int) -> str:
    """The URL to open: a wildcard address is reachable as localhost."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else host
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def serve_site(
    site_dir: Path, host: str, port: int, now: datetime, out: TextIO, err: TextIO
) -> int:
    """Serve until interrupted; returns the exit status. Raises ListenError."""
    hub, files_lock = EventHub(), threading.Lock()
    options = serve_options(site_dir, now)
    try:
        server = open_server(host, port, options.output_dir, hub, files_lock)
    except OSError as error:
        raise ListenError(
            f"cannot listen on {host}:{port}: {error.strerror or error}; "
            "choose another port with --port (--port 0 picks a free one)"
        ) from None
    url = display_url(host, server.server_address[1])
    options = dataclasses.replace(options, base_url=url)
    live = LiveSite(full_rebuild(options, files_lock), hub, out, err)
    live.refresh()  # a broken site still serves: the overlay says what to fix
    observer, debouncer = watch_site(site_dir, live.refresh)
    # SIGTERM (kill, a process manager, a script that started it in the background,
    # where shells ignore SIGINT) stops it as Ctrl-C does. Installed before the
    # line that says it is ready: whoever waits for that line may send it at once.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        print(f"serving {site_dir} at {url} (Ctrl-C to stop)", file=out, flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("stopped", file=out, flush=True)
    finally:
        debouncer.cancel()
        observer.stop()
        hub.close()
        server.server_close()
        observer.join(timeout=2)
        signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
