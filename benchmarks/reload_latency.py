"""Save-to-reloaded-page latency of ``sitegen serve``, measured in a real browser.

Runs ``sitegen serve --port 0`` on a copy of the example site and on a
generated corpus site (``BENCH_RELOAD_N`` articles, default ``BENCH_N`` or
1000; the corpus of ``corpus.py``), opens one article in Debian's Chromium, then saves that
article ``BENCH_RELOAD_SAVES`` times (default 10) with a new marker sentence
and times each save until the marker is visible in the open tab. Prints the
initial build time, the median and the range, and writes them into
``benchmarks/RESULTS.md``. Sites are written under ``benchmarks/work/reload/``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import generate_corpus
from playwright.sync_api import Page, sync_playwright
from report import replace_marked_section
from sites import article_path, write_sitegen_site

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "reload"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
LIVE = "document.documentElement.dataset.sitegenLive === '1'"


def example_site() -> tuple[Path, Path, str]:
    """A copy of the repository's example site; (site, article file, its URL path)."""
    site = WORK / "example"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    for name in ("content", "layouts"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy2(REPO / "site.yaml", site / "site.yaml")
    return site, site / "content" / "2026-03-10-rail-strikes.md", "/articles/rail-strikes/"


def corpus_site(size: int) -> tuple[Path, Path, str]:
    site = WORK / f"n{size}"
    shutil.rmtree(site, ignore_errors=True)
    articles = generate_corpus(size)
    write_sitegen_site(articles, site)
    edited = articles[len(articles) // 2]
    return site, article_path(site, edited), f"/articles/{edited.slug}/"


def start_serve(site: Path) -> tuple[subprocess.Popen[str], str, float]:
    """The serve process, its URL and the seconds until it printed it (first build)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        cwd=REPO,
    )
    assert process.stdout is not None
    for line in process.stdout:
        found = re.search(r" at (http://\S+) ", line)
        if found:
            return process, found.group(1), time.perf_counter() - started
    raise SystemExit(f"serve did not start for {site}")


def time_saves(page: Page, article: Path, saves: int) -> list[float]:
    original = article.read_text(encoding="utf-8")
    timings = []
    for round_ in range(saves):
        page.wait_for_function(LIVE, timeout=0)
        marker = f"Reload marker {round_} {time.time_ns()}."
        started = time.perf_counter()
        article.write_text(f"{original}\n{marker}\n", encoding="utf-8")
        page.wait_for_function(f"document.body.innerText.includes({marker!r})", timeout=0)
        timings.append(time.perf_counter() - started)
        time.sleep(0.3)  # let the reloaded page settle and reconnect
    article.write_text(original, encoding="utf-8")
    return timings


def measure(name: str, site: Path, article: Path, url_path: str, saves: int) -> str:
    process, url, first = start_serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + url_path.lstrip("/"))
            timings = time_saves(page, article, saves)
            browser.close()
    finally:
        process.send_signal(signal.SIGTERM)  # SIGINT is ignored when make runs in the background
        process.wait(timeout=30)
    median = statistics.median(timings)
    return (
        f"{name}: first build {first:.2f} s; save to reloaded page, median {median:.3f} s "
        f"(min {min(timings):.3f}, max {max(timings):.3f}, {len(timings)} saves)"
    )


RESULTS = REPO / "benchmarks" / "RESULTS.md"


def write_results(lines: list[str], size: int, saves: int) -> None:
    """Put this run's lines in RESULTS.md's reload section, above the build tables."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    script = ".venv/bin/python benchmarks/reload_latency.py"
    command = f"BENCH_RELOAD_N={size} BENCH_RELOAD_SAVES={saves} {script}"
    section = "\n".join(
        [
            "<!-- reload -->",
            "## Preview: save to reloaded page (`reload_latency.py`)",
            "",
            f"Command: `{command}` (also run by `make bench`), {when}.",
            "",
            *(f"- {line}" for line in lines),
            "<!-- /reload -->",
            "",
        ]
    )
    replace_marked_section(RESULTS, "reload", section)


def main() -> int:
    size = int(os.environ.get("BENCH_RELOAD_N", os.environ.get("BENCH_N", "1000")))
    saves = int(os.environ.get("BENCH_RELOAD_SAVES", "10"))
    lines = [measure("example site", *example_site(), saves)]
    print(lines[-1], flush=True)
    if size > 0:
        lines.append(measure(f"{size:,} articles", *corpus_site(size), saves))
        print(lines[-1], flush=True)
    write_results(lines, size, saves)
    return 0


if __name__ == "__main__":
    sys.exit(main())
