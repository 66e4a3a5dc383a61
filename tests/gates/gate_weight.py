"""What a page costs a reader: the bytes Chromium transfers to load it, by resource.

Takes a launched browser, a URL, a viewport width and a device pixel ratio;
loads the page as a phone or desktop would (lazy images below the fold stay
unloaded) and returns the transferred bytes of the document and of each
resource, from the browser's own Resource Timing entries. Shared by the image
gate and ``benchmarks/page_weight.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Browser

HEIGHT = 844
"""A common phone's viewport height, in CSS pixels."""

_ENTRIES = """() => [
  ...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource'),
].map(e => [e.name, e.initiatorType, e.transferSize])"""


@dataclass(frozen=True)
class Weight:
    """Transferred bytes of one page load."""

    url: str
    resources: tuple[tuple[str, str, int], ...]
    """(URL, initiator: navigation, img, link, script…, bytes) in load order."""

    @property
    def total(self) -> int:
        return sum(size for _, _, size in self.resources)

    @property
    def images(self) -> tuple[tuple[str, int], ...]:
        return tuple((url, size) for url, kind, size in self.resources if kind == "img")


def page_weight(browser: Browser, url: str, width: int, scale: float = 1) -> Weight:
    """Load ``url`` in a fresh context (empty cache) and measure what it transferred."""
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT},
        device_scale_factor=scale,
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        entries = page.evaluate(_ENTRIES)
        return Weight(url, tuple((str(n), str(k), int(s)) for n, k, s in entries))
    finally:
        context.close()
