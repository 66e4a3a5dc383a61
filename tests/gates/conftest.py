"""Fixtures of the quality gates: the example site built once and served, tools.

The example site is built once per test session by the real command line into
a temporary directory, served on 127.0.0.1, and shared by every gate. A gate
whose external tool (Java, the npm packages, Chromium) is missing skips with
the reason on a developer's machine and fails on CI (``CI`` set), where a
missing tool is a broken setup rather than a choice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from gate_browser import launch_chromium
from gate_site import BuildError, BuiltSite, built_and_served, missing_tools
from playwright.sync_api import Browser, sync_playwright


def require_tools(*names: str) -> None:
    """Skip (fail on CI) the calling test unless every named tool is installed."""
    reasons = missing_tools(*names)
    if not reasons:
        return
    message = "; ".join(reasons)
    if os.environ.get("CI"):
        pytest.fail(f"CI needs these tools for the quality gates: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The repository's example site, built once and served for the whole session."""
    out = tmp_path_factory.mktemp("gates") / "output"
    try:
        with built_and_served(out) as site:
            yield site
    except BuildError as error:
        pytest.fail(f"the example site does not build: {error}", pytrace=False)


@pytest.fixture
def nu_checker() -> None:
    """Requires Java and the Nu HTML Checker jar from npm."""
    require_tools("java", "vnu")


@pytest.fixture
def lighthouse() -> None:
    """Requires Chromium and Lighthouse from npm."""
    require_tools("chromium", "lighthouse")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per module, with axe-core at hand.

    Module scope, not session: Playwright's sync API refuses to start while another
    sync session is open in the thread, and other test modules start their own.
    """
    require_tools("chromium", "axe")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
