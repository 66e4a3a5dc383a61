"""Split a listing into pages: ``/tags/x/``, ``/tags/x/page/2/``, …"""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.model import PageSlice


def page_url(base: str, number: int) -> str:
    """Page 1 lives at the listing's own URL; page N at ``BASE/page/N/``."""
    return base if number == 1 else f"{base}page/{number}/"


def paginate(slugs: Sequence[str], per_page: int, base: str) -> tuple[PageSlice, ...]:
    """Each article on exactly one page; an empty listing still has page 1."""
    total = max(1, -(-len(slugs) // per_page))
    urls = tuple(page_url(base, n) for n in range(1, total + 1))
    return tuple(
        PageSlice(
            number=n,
            total=total,
            url=urls[n - 1],
            items=tuple(slugs[(n - 1) * per_page : n * per_page]),
            urls=urls,
        )
        for n in range(1, total + 1)
    )
