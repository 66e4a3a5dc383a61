"""Gate: on a phone, the article with a lead image loads a small variant, not the original.

The newest article of the example site has a 2400 px JPEG as its lead image.
At a 390 px viewport a phone at 1x and at 3x must each load one AVIF variant
sized for it, far fewer bytes than the original, and no other raster image.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gate_browser import launch_chromium
from gate_site import BuiltSite, reader_pages
from gate_weight import page_weight
from lxml import html
from playwright.sync_api import Browser, sync_playwright


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    from tests.gates.conftest import require_tools

    require_tools("chromium")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize(("scale", "widest"), [(1, 480), (3, 1200)])
def test_a_phone_loads_a_lead_image_variant_sized_for_it(
    built_site: BuiltSite, chromium: Browser, scale: int, widest: int
) -> None:
    article = reader_pages(built_site)["article"]
    doc = html.fromstring(article.read_bytes())
    (img,) = doc.xpath("//*[contains(@class, 'article__image')]//img")
    original = built_site.root / "grain-shipping-routes" / "harbour.jpg"

    weight = page_weight(chromium, built_site.url_for(article), 390, scale)

    (loaded,) = [image for image in weight.images if not image[0].endswith(".svg")]
    assert loaded[0].endswith(f"-{widest}.avif"), weight.images
    assert loaded[1] < original.stat().st_size / 4
    assert img.get("fetchpriority") == "high"
