"""Debian's Chromium driven by Playwright, and axe-core run inside its pages.

Takes a Playwright instance and page URLs; returns a launched browser, one
browser context per colour scheme and width, and axe-core's violations as
plain dicts. Shared by the accessibility gate and ``screenshots.py``. The
browser is the system one with fixed flags: the machines that run the gates
reach no web host, so Playwright's own browser download is never used.
"""

from __future__ import annotations

from typing import Any

from gate_site import AXE_JS
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

BLOCKING_IMPACTS = ("serious", "critical")


def launch_chromium(playwright: Playwright) -> Browser:
    """The system Chromium, headless, with no background network traffic."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=list(CHROMIUM_ARGS),
        headless=True,
    )


def open_context(browser: Browser, scheme: str, width: int) -> BrowserContext:
    """A fresh context in ``light`` or ``dark`` colour scheme at a viewport width."""
    return browser.new_context(
        color_scheme=scheme,  # type: ignore[arg-type]
        viewport={"width": width, "height": 900},
        reduced_motion="reduce",
    )


def visit(context: BrowserContext, url: str) -> Page:
    """A page of the context that has loaded ``url`` and its resources."""
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on a loaded page, every rule and impact."""
    page.add_script_tag(path=str(AXE_JS))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    """The serious and critical violations as ``rule (impact): help — targets`` lines."""
    lines = []
    for violation in violations:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {', '.join(targets)}"
        )
    return lines
