"""``sitegen check --external`` against a local HTTP server: ok, broken, timed out."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.commands.linkcheck.external import probe_url, probe_urls
from tests.conftest import Run, run_sitegen

Site = Callable[[Mapping[str, str | bytes]], Path]


class Handler(BaseHTTPRequestHandler):
    """``/ok`` 200, ``/missing`` 404, ``/get-only`` 405 to HEAD, ``/slow`` answers only
    once the test is over, ``/together`` once eight requests are in at the same time.

    Conditions, not durations: a sleep that is "long enough" is not on a busy machine.
    """

    released = threading.Event()
    together = threading.Barrier(8)

    def do_HEAD(self) -> None:
        if self.path == "/get-only":
            self.answer(405)
        else:
            self.do_GET()

    def do_GET(self) -> None:
        if self.path == "/slow":
            self.released.wait(60)
        if self.path.startswith("/together"):
            try:
                self.together.wait(30)
            except threading.BrokenBarrierError:
                self.answer(500)  # fewer than eight at once: they were not concurrent
                return
        self.answer(404 if self.path == "/missing" else 200)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[str]:
    """Base URL of a server on 127.0.0.1, running in a thread for one test."""
    Handler.released.clear()
    Handler.together.reset()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        Handler.released.set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("SITEGEN_BASE_URL", raising=False)
    return lambda site, *flags: run_sitegen("check", str(site), *flags)


def article(body: str) -> str:
    return f"---\ntitle: A\ndate: 2025-03-01\n---\n\n{body}\n"


def test_external_links_report_broken_and_timed_out_at_their_lines(
    make_site: Site, check, server: str
) -> None:
    body = (
        f"[fine]({server}/ok)\n"
        f"[gone]({server}/missing)\n"
        f"[head refused]({server}/get-only)\n"
        f"[late]({server}/slow)\n"
        f"[again]({server}/missing#part)"
    )
    site = make_site({"content/a.md": article(body)})
    result = check(site, "--external", "--timeout", "2")  # the others answer well within it
    assert result.code == 1
    assert result.errors == [
        f"content/a.md:7: link to {server}/missing is broken (404 Not Found)",
        f"content/a.md:9: link to {server}/slow timed out after 2 s",
        f"content/a.md:10: link to {server}/missing#part is broken (404 Not Found)",
    ]
    assert result.out == "external links: 4 checked, 2 ok, 1 broken, 1 timed out\n"


def test_external_links_that_answer_pass_with_a_summary(
    make_site: Site, check, server: str
) -> None:
    site = make_site({"content/a.md": article(f"[a]({server}/ok) [b]({server}/get-only)")})
    result = check(site, "--external", "--timeout", "2")
    assert result.code == 0, result.err
    assert result.out == (
        "external links: 2 checked, 2 ok, 0 broken, 0 timed out\n"
        "checked 1 articles, 2 links: no problems\n"
    )


def test_an_unreachable_host_is_broken(make_site: Site, check) -> None:
    site = make_site({"content/a.md": article("[x](http://127.0.0.1:9/closed)")})
    result = check(site, "--external", "--timeout", "2")
    assert result.code == 1
    prefix = "content/a.md:6: link to http://127.0.0.1:9/closed is broken ("
    assert result.errors[0].startswith(prefix)


def test_external_links_are_left_alone_without_the_flag(
    make_site: Site, check, server: str
) -> None:
    site = make_site({"content/a.md": article(f"[gone]({server}/missing)")})
    assert check(site).code == 0


def test_a_timeout_that_is_not_positive_is_a_usage_error(make_site: Site, check) -> None:
    site = make_site({"content/a.md": article("Text.")})
    assert check(site, "--external", "--timeout", "0").code == 2


def test_probe_falls_back_to_get_when_head_is_refused(server: str) -> None:
    assert probe_url(f"{server}/get-only", 2).outcome == "ok"


def test_probing_many_urls_runs_them_concurrently(server: str) -> None:
    """Each answer waits until all eight requests are in: one at a time, none would be."""
    urls = [f"{server}/together?n={n}" for n in range(8)]
    probes = probe_urls(urls, timeout=60)
    assert sorted(p.outcome for p in probes.values()) == ["ok"] * 8
