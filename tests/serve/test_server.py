"""The preview server over real HTTP: pretty URLs, 404 page, types, problems, port in use."""

from __future__ import annotations

import io
import signal
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.serve.livereload import EventHub
from sitegen.serve.server import LiveSite, Snapshot, open_server
from sitegen.serve.session import full_rebuild, serve_options
from tests.conftest import article, run_sitegen
from tests.serve.live import serving

MakeSite = Callable[[Mapping[str, str | bytes]], Path]


@dataclass
class Preview:
    url: str
    root: Path
    live: LiveSite
    hub: EventHub
    err: io.StringIO


@pytest.fixture
def preview(make_site: MakeSite) -> Iterator[Preview]:
    root = make_site(
        {
            "content/a.md": article("Alpha", body="Alpha body."),
            "content/bundle/index.md": article("Bundle", body="![Chart](chart.svg)"),
            "content/bundle/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        }
    )
    hub, lock = EventHub(), threading.Lock()
    options = serve_options(root, datetime(2026, 1, 1, tzinfo=UTC))
    server = open_server("127.0.0.1", 0, options.output_dir, hub, lock)
    err = io.StringIO()
    live = LiveSite(full_rebuild(options, lock), hub, io.StringIO(), err)
    live.refresh()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Preview(f"http://127.0.0.1:{server.server_address[1]}/", root, live, hub, err)
    hub.close()
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_pages_are_served_at_pretty_urls_with_the_reload_script(preview: Preview) -> None:
    status, kind, body = fetch(preview.url + "articles/a/")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert b"Alpha body." in body
    assert b"<script data-sitegen-live>" in body


def test_the_reload_script_is_never_written_to_disk(preview: Preview) -> None:
    page = preview.root / ".sitegen-cache/serve/articles/a/index.html"
    assert b"Alpha body." in page.read_bytes()
    assert b"sitegen-live" not in page.read_bytes()
    assert not (preview.root / "output").exists()


def test_a_folder_without_its_slash_redirects_to_it(preview: Preview) -> None:
    status, _, body = fetch(preview.url + "articles/a")  # urllib follows the redirect
    assert status == 200
    assert b"Alpha body." in body


def test_a_missing_page_gets_the_sites_404_page(preview: Preview) -> None:
    status, kind, body = fetch(preview.url + "no/such/page/")
    assert (status, kind) == (404, "text/html; charset=utf-8")
    assert b"Page not found" in body


def test_feeds_and_bundle_files_have_their_content_types(preview: Preview) -> None:
    assert fetch(preview.url + "feed.xml")[1] == "application/atom+xml"
    assert fetch(preview.url + "feed.json")[1] == "application/feed+json"
    assert fetch(preview.url + "bundle/chart.svg")[1] == "image/svg+xml"


def test_paths_that_climb_out_are_not_found(preview: Preview) -> None:
    assert fetch(preview.url + "%2e%2e/%2e%2e/content/a.md")[0] == 404


def test_a_broken_front_matter_is_reported_and_the_last_good_build_stays(
    preview: Preview,
) -> None:
    (preview.root / "content/a.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    mailbox = preview.hub.subscribe()
    assert preview.live.refresh(("content/a.md",)) is None
    assert preview.err.getvalue().startswith("content/a.md:")
    mailbox.get_nowait()  # the state it connected in
    event = mailbox.get_nowait()
    assert event is not None and event.startswith(b'event: problems\ndata: {"text": "content/a.md:')
    assert b"Alpha body." in fetch(preview.url + "articles/a/")[2]


def test_the_next_good_save_clears_the_problems_and_names_the_changed_page(
    preview: Preview,
) -> None:
    (preview.root / "content/a.md").write_text("---\ntitle: [oops\n---\n", encoding="utf-8")
    preview.live.refresh(("content/a.md",))
    (preview.root / "content/a.md").write_text(article("Alpha", body="Fixed."), encoding="utf-8")
    mailbox = preview.hub.subscribe()
    change = preview.live.refresh(("content/a.md",))
    assert change is not None and "/articles/a/" in change.pages
    events = [mailbox.get_nowait() for _ in range(3)]
    assert events[0] is not None and events[0].startswith(b"event: problems")
    assert events[1] == b"event: ok\ndata: {}\n\n"
    assert events[2] is not None and events[2].startswith(b"event: change")


def test_raw_html_warnings_are_said_when_they_change(preview: Preview) -> None:
    body = 'Alpha <b onclick="x()">body</b>.'
    (preview.root / "content/a.md").write_text(article("Alpha", body=body), encoding="utf-8")
    preview.live.refresh(("content/a.md",))
    warning = (
        "content/a.md:6: warning: removed onclick from <b> (event handlers run scripts,"
        " which sanitized HTML does not allow; set markdown.html: unsafe to keep it)\n"
    )
    assert preview.err.getvalue() == warning
    (preview.root / "content/bundle/index.md").write_text(article("Bundle"), encoding="utf-8")
    preview.live.refresh(("content/bundle/index.md",))
    assert preview.err.getvalue() == warning  # unchanged: not said again
    assert b"Alpha <b>body</b>." in fetch(preview.url + "articles/a/")[2]


def test_a_port_in_use_is_a_command_line_error(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("Alpha")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_sitegen("serve", str(root), "--port", str(port))
    assert run.code == 2
    assert run.errors == [
        f"sitegen: cannot listen on 127.0.0.1:{port}: Address already in use; "
        "choose another port with --port (--port 0 picks a free one)"
    ]


def _search_files(root: Path) -> dict[str, bytes]:
    folder = root / "pagefind"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_search_index_catches_up_after_the_reload(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/a.md": article("Alpha", body="Alpha body.")})
    options = serve_options(root, datetime(2026, 1, 1, tzinfo=UTC))
    rebuild = full_rebuild(options, threading.Lock())
    assert rebuild(()).finish is None  # no index yet to show meanwhile: made at once
    before = _search_files(options.output_dir)
    (root / "content/a.md").write_text(article("Alpha", body="Zanzibar body."))
    snapshot = rebuild(())
    page = options.output_dir / "articles/a/index.html"
    assert b"Zanzibar" in page.read_bytes()
    assert _search_files(options.output_dir) == before  # the reload does not wait for it
    assert snapshot.finish is not None
    snapshot.finish()()
    after = _search_files(options.output_dir)
    assert after != before
    clean = run_sitegen(
        "build", str(root), "--drafts", "--future", "--no-minify", "-o", str(tmp_path / "clean")
    )
    assert clean.code == 0, clean.err
    assert after == _search_files(tmp_path / "clean")


def test_work_left_by_a_rebuild_that_a_newer_one_replaced_is_dropped() -> None:
    committed: list[int] = []
    gate = threading.Event()
    builds = iter(range(10))

    def rebuild(changed: tuple[str, ...]) -> Snapshot:
        number = next(builds)

        def commit() -> Snapshot:
            committed.append(number)
            return Snapshot({})

        def finish() -> Callable[[], Snapshot]:
            gate.wait(5)  # Pagefind is still indexing when the next save comes
            return commit

        return Snapshot({}, finish)

    live = LiveSite(rebuild, EventHub(), io.StringIO(), io.StringIO())
    live.refresh(("content/a.md",))
    first = live.finishing
    live.refresh(("content/a.md",))  # does not wait for the first build's index
    second = live.finishing
    gate.set()
    assert first is not None and second is not None
    first.join(5)
    second.join(5)
    assert committed == [1]  # only the latest build's index is written


def test_sigterm_stops_the_preview_cleanly(make_site: MakeSite) -> None:
    root = make_site({"content/a.md": article("Alpha")})
    with serving(root) as served:
        served.process.send_signal(signal.SIGTERM)
        assert served.process.wait(timeout=10) == 0
        assert served.process.stderr is not None
        assert "Traceback" not in served.process.stderr.read()
