"""Live reload in a real browser: edit, break and fix an article while a tab watches."""

from __future__ import annotations

import signal
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.errors import Problems, SiteError
from sitegen.options import BuildOptions
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, article, prepare_once
from tests.serve.live import serving

pytestmark = pytest.mark.slow

MakeSite = Callable[[Mapping[str, str | bytes]], Path]
BROKEN = "---\ntitle: [unclosed\ndate: 2025-05-01\n---\n\nBody.\n"


def expected_problem(site: Path) -> str:
    """The exact ``PATH:LINE: message`` a build reports for the broken file."""
    options = BuildOptions(site, site / "unused", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(SiteError) as caught:
        prepare_once(options, Problems())
    return str(caught.value.problems[0])


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_an_open_tab_follows_edits_shows_errors_and_swaps_styles(make_site: MakeSite) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    site = make_site(
        {
            "content/a.md": article("Alpha", body="First words."),
            "content/b.md": article("Beta", body="Other words."),
            "layouts/static/style.css": "body { background: rgb(250, 250, 250); }\n",
        }
    )
    with serving(site) as served, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        page = browser.new_page()
        page.goto(served.url + "articles/a/")
        page.wait_for_function("document.documentElement.dataset.sitegenLive === '1'")

        save(site / "content/a.md", article("Alpha", body="Freshly edited words."))
        page.wait_for_function("document.body.innerText.includes('Freshly edited words.')")

        page.wait_for_function("document.documentElement.dataset.sitegenLive === '1'")
        save(site / "content/a.md", BROKEN)
        overlay = page.locator("#sitegen-overlay")
        overlay.wait_for(state="visible")
        assert expected_problem(site) in overlay.inner_text()

        save(site / "content/a.md", article("Alpha", body="Fixed words."))
        overlay.wait_for(state="detached")
        page.wait_for_function("document.body.innerText.includes('Fixed words.')")

        page.wait_for_function("document.documentElement.dataset.sitegenLive === '1'")
        page.evaluate("window.sitegenStayed = true")
        save(site / "layouts/static/style.css", "body { background: rgb(1, 2, 3); }\n")
        page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'")
        assert page.evaluate("window.sitegenStayed === true")  # swapped, not reloaded
        browser.close()
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=10) == 0
        assert served.process.stderr is not None
        assert "Traceback" not in served.process.stderr.read()  # Ctrl-C exits cleanly
