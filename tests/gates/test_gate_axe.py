"""Gate: axe-core finds no serious or critical accessibility violation.

Four representative pages (home, the newest article, a tag page, the 404), in
light and dark colour schemes, at a desktop and a phone width.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gate_browser import axe_violations, describe_violations, open_context, visit
from gate_site import SCHEMES, WIDTHS, BuiltSite, representative_pages
from playwright.sync_api import Browser, BrowserContext

PAGES = ("home", "article", "tag", "404")


VIEWS = [(scheme, width) for scheme in SCHEMES for width in WIDTHS]


@pytest.fixture(scope="module", params=VIEWS, ids=[f"{s}-{w}" for s, w in VIEWS])
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    """One browser context per colour scheme and width, shared by the four pages."""
    scheme, width = request.param
    context = open_context(browser, scheme, width)
    yield context
    context.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(
    name: str, context: BrowserContext, built_site: BuiltSite
) -> None:
    url = built_site.url_for(representative_pages(built_site)[name])
    page = visit(context, url)
    try:
        blocking = describe_violations(axe_violations(page))
    finally:
        page.close()
    assert not blocking, f"axe-core on {url}:\n" + "\n".join(blocking)
