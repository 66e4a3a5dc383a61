"""Full-page screenshots of the example site, for reviewing the theme by eye.

Builds the example site into a temporary directory, serves it on 127.0.0.1
and writes PNGs of the home page, the newest article, a tag page, the search
page and the 404 into ``screenshots/`` (git-ignored): at 1280 px (desktop) and
390 px (phone) in light and dark colour schemes, named
``PAGE-WIDTH-SCHEME.png``, and as printed (print media at an A4 page's 794 px),
``PAGE-print.png``. Run by ``make screenshots``; the browser is the one the
accessibility gate uses.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from gate_browser import launch_chromium, open_context, visit
from gate_site import (
    REPO,
    SCHEMES,
    WIDTHS,
    BuildError,
    BuiltSite,
    built_and_served,
    missing_tools,
    reader_pages,
)
from playwright.sync_api import Browser, sync_playwright

SCREENSHOTS = REPO / "screenshots"


PRINT_WIDTH = 794
"""An A4 page at 96 dpi, as Chromium lays it out for printing."""


def take_screenshots(browser: Browser, site: BuiltSite, folder: Path) -> list[Path]:
    """Every reader page at every width and scheme, then printed; returns the files."""
    folder.mkdir(exist_ok=True)
    pages = reader_pages(site)
    written = []
    views = [(width, scheme, f"{width}-{scheme}") for scheme in SCHEMES for width in WIDTHS]
    views.append((PRINT_WIDTH, "light", "print"))
    for width, scheme, label in views:
        context = open_context(browser, scheme, width)
        for name, path in pages.items():
            page = visit(context, site.url_for(path))
            if label == "print":
                page.emulate_media(media="print")
            target = folder / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            page.close()
            written.append(target)
        context.close()
    return written


def main() -> int:
    """Build, serve, shoot; exit 1 with the reason when a tool or the build fails."""
    missing = missing_tools("chromium")
    if missing:
        print("; ".join(missing), file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sitegen-screenshots-") as temp:
        try:
            with built_and_served(Path(temp) / "output") as site, sync_playwright() as pw:
                browser = launch_chromium(pw)
                written = take_screenshots(browser, site, SCREENSHOTS)
                browser.close()
        except BuildError as error:
            print(error, file=sys.stderr)
            return 1
    for path in written:
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
