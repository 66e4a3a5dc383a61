"""How long a reader on a phone network waits for the first search result.

Builds the corpus of ``corpus.py`` as a sitegen site at 300 articles and at
``BENCH_SEARCH_N`` (default 10,000; a smaller number gives a quick run), serves
each output on 127.0.0.1 and, in headless Chromium with the network throttled
as Chromium's "Slow 4G" preset (150 ms latency, 1.6 Mb/s down, 750 kb/s up)
and the cache disabled, opens the search page, types a query as soon as the
form listens (DOMContentLoaded) and records:

- the time from the start of navigation to the first result on screen, and
  from the first keystroke (the page starts loading the index on open);
- how many requests the search made (everything under ``/pagefind/``) and
  how many bytes they transferred.

Each site is measured ``BENCH_SEARCH_RUNS`` times (default 3) and the median
is kept. Prints both sites' figures and their ratio and writes them into
``benchmarks/RESULTS.md``. Sites are written under ``benchmarks/work/search/``.
"""

from __future__ import annotations

import functools
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from corpus import generate_corpus
from playwright.sync_api import Browser, Request, sync_playwright
from report import replace_marked_section
from sites import write_sitegen_site

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "search"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
QUERY = "grain"
"""A word of many articles at either size, so both show a full first page of results."""
SEARCH_PREFIX = "/pagefind/"
FIRST_RESULT = """() => new Promise(resolve => {
  const seen = () => document.querySelector('#search-results .search-result');
  if (seen()) { resolve(performance.now()); return; }
  new MutationObserver((_, observer) => {
    if (seen()) { observer.disconnect(); resolve(performance.now()); }
  }).observe(document.documentElement, {childList: true, subtree: true});
})"""


@dataclass(frozen=True, slots=True)
class Sample:
    """One search: milliseconds from navigation and from typing, requests, bytes."""

    from_navigation: float
    from_typing: float
    requests: int
    transferred: int


@dataclass(frozen=True, slots=True)
class Measured:
    """The median of a site's samples, with its size and build time."""

    articles: int
    build_seconds: float
    samples: tuple[Sample, ...]

    def median(self, field: str) -> float:
        return statistics.median(getattr(s, field) for s in self.samples)


def build(articles: int) -> tuple[Path, float]:
    """The corpus site of ``articles`` built afresh; returns its output and build time."""
    site = WORK / str(articles)
    if site.exists():
        shutil.rmtree(site)
    write_sitegen_site(generate_corpus(articles), site)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(site), "--jobs", str(os.cpu_count() or 1)],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    return site / "output", time.perf_counter() - started


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    """``root`` on an ephemeral port of 127.0.0.1, from a daemon thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _size(request: Request) -> int:
    sizes = request.sizes()
    return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])


def search_once(browser: Browser, origin: str) -> Sample:
    """Open the search page under Slow 4G, type the query, wait for a result."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    # Pagefind fetches from a web worker: the page's events include its requests
    # (and the page's throttling covers them), where the page's CDP events do not.
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))
    # The form listens once its deferred script has run, before DOMContentLoaded.
    page.goto(f"{origin}/search/", wait_until="domcontentloaded")
    typed = page.evaluate("performance.now()")
    page.type("#search-input", QUERY)
    shown = page.evaluate(FIRST_RESULT)
    page.wait_for_load_state("networkidle")
    search = [r for r in finished if r.url.startswith(origin + SEARCH_PREFIX)]
    sample = Sample(
        from_navigation=shown,
        from_typing=shown - typed,
        requests=len(search),
        transferred=sum(_size(r) for r in search),
    )
    context.close()
    return sample


def measure(browser: Browser, articles: int, runs: int) -> Measured:
    output, seconds = build(articles)
    server, origin = serve(output)
    try:
        samples = tuple(search_once(browser, origin) for _ in range(runs))
    finally:
        server.shutdown()
    return Measured(articles, seconds, samples)


def render(small: Measured, large: Measured, runs: int) -> str:
    """The RESULTS.md section: both sites from the same run, and their ratio."""

    def row(m: Measured) -> str:
        return (
            f"| {m.articles:,} | {m.median('from_navigation') / 1000:.2f} s "
            f"| {m.median('from_typing') / 1000:.2f} s | {m.median('requests'):.0f} "
            f"| {m.median('transferred') / 1024:,.0f} KiB | {m.build_seconds:.1f} s |"
        )

    ratio = large.median("from_navigation") / small.median("from_navigation")
    return "\n".join(
        [
            "<!-- search-latency -->",
            "## Search on a phone network",
            "",
            f"`benchmarks/search_latency.py`: the search page in headless Chromium under"
            f' "Slow 4G" (150 ms latency, 1.6 Mb/s down, 750 kb/s up), cache disabled;'
            f" the query `{QUERY}` is typed as soon as the form listens. Median of {runs}"
            " searches; requests and bytes are the search's (under `/pagefind/`).",
            "",
            "| articles | first result (from navigation) | from first keystroke | requests "
            "| transferred | cold build |",
            "|---:|---:|---:|---:|---:|---:|",
            row(small),
            row(large),
            "",
            f"{large.articles:,} articles take {ratio:.2f}x as long as 300 to show the first"
            " result.",
            "<!-- /search-latency -->",
            "",
        ]
    )


def main() -> int:
    large_size = int(os.environ.get("BENCH_SEARCH_N", "10000"))
    runs = int(os.environ.get("BENCH_SEARCH_RUNS", "3"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            small = measure(browser, 300, runs)
            large = measure(browser, large_size, runs)
        finally:
            browser.close()
    section = render(small, large, runs)
    print(section)
    replace_marked_section(RESULTS, "search-latency", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
