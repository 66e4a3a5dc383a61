"""What the example site's pages cost a phone: bytes transferred and Lighthouse scores.

Builds the example site, serves it on 127.0.0.1 and, in Debian's Chromium:

- loads the newest article (its lead image is a 2400 px JPEG) at a 390 px
  viewport at device pixel ratios 1, 2 and 3, and counts the bytes each load
  transferred (Resource Timing), with the image file the browser chose; beside
  it, the same load had the page sent the original image instead;
- runs Lighthouse (mobile) on the home, article, tag and search pages and
  reports every category, performance included (the test gate holds
  accessibility, best practices and SEO to 100; performance is only reported).

Prints the figures and writes them into ``benchmarks/RESULTS.md``. Run by
``make bench``; needs ``npm ci`` (Lighthouse) and ``/usr/bin/chromium``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests" / "gates"), str(REPO)]

from gate_browser import launch_chromium  # noqa: E402
from gate_lighthouse import run_lighthouse  # noqa: E402
from gate_site import BuiltSite, built_and_served, missing_tools, reader_pages  # noqa: E402
from gate_weight import page_weight  # noqa: E402
from lxml import html  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from report import replace_marked_section  # noqa: E402

RESULTS = REPO / "benchmarks" / "RESULTS.md"
WIDTH = 390
SCALES = (1, 2, 3)


def transfer_lines(site: BuiltSite) -> list[str]:
    """The lead-image article at 390 px, per pixel ratio."""
    article = reader_pages(site)["article"]
    doc = html.fromstring(article.read_bytes())
    lead = doc.xpath("//*[contains(@class, 'article__image')]//img")
    originals = list((site.root / "grain-shipping-routes").glob("harbour.*"))
    original = originals[0].stat().st_size if originals else 0
    lines = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for scale in SCALES:
            weight = page_weight(browser, site.url_for(article), WIDTH, scale)
            rasters = [(u, s) for u, s in weight.images if not u.endswith(".svg")]
            chosen = ", ".join(f"`{u.rsplit('/', 1)[-1]}` {s:,} B" for u, s in rasters)
            instead = weight.total - sum(s for _, s in rasters) + original
            lines.append(
                f"{WIDTH} px at {scale}x: {weight.total:,} bytes transferred ({chosen}); "
                f"with the original image ({original:,} B) it would be {instead:,} bytes"
            )
        browser.close()
    if not lead:
        lines.append("the article has no lead image: nothing to compare")
    return lines


def lighthouse_lines(site: BuiltSite) -> list[str]:
    lines = []
    for name in ("home", "article", "tag", "search"):
        report = run_lighthouse(site.url_for(reader_pages(site)[name]))
        scores = ", ".join(f"{c} {s}" for c, s in sorted(report.scores.items()))
        lost = "; ".join(report.losses.get("performance", [])[:4])
        lines.append(f"{name}: {scores}" + (f" (performance lost on: {lost})" if lost else ""))
    return lines


def write_results(transfer: list[str], lighthouse: list[str]) -> None:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = "\n".join(
        [
            "<!-- page-weight -->",
            "## A phone's view of the example site (`page_weight.py`)",
            "",
            f"Command: `.venv/bin/python benchmarks/page_weight.py` (also run by `make bench`), "
            f"{when}.",
            "",
            "Bytes the newest article (lead image: a 2400 px JPEG) transfers at a 390 px viewport:",
            "",
            *(f"- {line}" for line in transfer),
            "",
            "Lighthouse 12.2.3, mobile (the gate holds accessibility, best practices and SEO "
            "to 100):",
            "",
            *(f"- {line}" for line in lighthouse),
            "<!-- /page-weight -->",
            "",
        ]
    )
    replace_marked_section(RESULTS, "page-weight", section)


def main() -> int:
    missing = missing_tools("chromium", "lighthouse")
    if missing:
        print("; ".join(missing), file=sys.stderr)
        return 1
    with (
        tempfile.TemporaryDirectory(prefix="sitegen-weight-") as temp,
        built_and_served(Path(temp) / "output") as site,
    ):
        transfer = transfer_lines(site)
        for line in transfer:
            print(line, flush=True)
        lighthouse = lighthouse_lines(site)
        for line in lighthouse:
            print(line, flush=True)
    write_results(transfer, lighthouse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
