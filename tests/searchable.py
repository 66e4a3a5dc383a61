"""Comparing built sites where the search index may differ in bytes but not in results.

An incremental build keeps the last clean build's base index and adds a delta,
so its ``pagefind/`` files differ from a clean build's; what a reader can find
(the pages, their text, metadata and filters) must not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitegen.post import pagefind
from sitegen.post.search import DELTA_DIR, SEARCH_DIR


def searchable(tree: dict[str, bytes]) -> dict[str, Any]:
    """A built tree with ``pagefind/`` replaced by the pages a search can show."""
    others = {p: d for p, d in tree.items() if not p.startswith(SEARCH_DIR + "/")}
    found: dict[str, Any] = {}
    for root in (f"{SEARCH_DIR}/", f"{SEARCH_DIR}/{DELTA_DIR}/"):
        bundle = {p[len(root) :]: d for p, d in tree.items() if p.startswith(root)}
        if pagefind.ENTRY in bundle:
            found.update(pagefind.live_pages(bundle))
    return {**others, "(search)": found}


def searchable_tree(root: Path) -> dict[str, Any]:
    return searchable(
        {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    )
