"""Which Hugo files without a date stay pages without one.

sitegen builds a file without a date as a page: at its URL, found by search,
in no list or feed. Hugo showed such a file without a date too, but whether
readers met it in a list depends on where it lives: themes list the site's
main sections (``mainSections``: the config's, else the section with the
most pages, as Hugo picks it), where an undated post came last. So:

- a file that Hugo would not have listed among the posts stays a page: one
  at the top of ``content/`` (``about.md``), one in a section that is not a
  main one (``docs/``), one that says it is a page (``type: page`` or
  ``layout: page``), and a section's text imported as its page;
- an undated file in a main section is a post Hugo listed: it keeps being
  listed, dated from git's history or 1970 as before (``mapping.py``), a note;
- so is any file when Hugo itself dated pages from git (``enableGitInfo`` and
  ``:git`` among the ``date`` handlers): the date git gives is the one Hugo
  showed.

A file whose name starts with a date is dated from it, as sitegen would.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.pages import HugoPage, loose_filename_date

PAGE_KINDS = frozenset({"page"})
"""``type`` or ``layout`` values that say a file is a page, not a post."""


def undated_pages(pages: Sequence[HugoPage], config: HugoConfig) -> frozenset[str]:
    """The origins of ``pages`` (the articles to import) that stay pages without a date."""
    if config.flag("enablegitinfo") and ":git" in config.date_sources("date"):
        return frozenset()
    main = main_sections(config, pages)
    return frozenset(
        page.origin
        for page in pages
        if page.date is None
        and loose_filename_date(page.item.base_name) is None
        and (page.from_branch or _says_page(page) or page.facts.section not in main)
    )


def main_sections(config: HugoConfig, pages: Sequence[HugoPage]) -> frozenset[str]:
    """The sections the site's lists show: ``mainSections`` as configured (top
    level or in ``params``), else the section with the most pages."""
    for configured in (config.get("mainsections"), config.params.get("mainsections")):
        names = [configured] if isinstance(configured, str) else configured
        if isinstance(names, list) and names:
            return frozenset(str(name) for name in names)
    counts = Counter(p.facts.section for p in pages if p.facts.section and not p.from_branch)
    if not counts:
        return frozenset()
    return frozenset({max(counts.items(), key=lambda item: (item[1], item[0]))[0]})


def _says_page(page: HugoPage) -> bool:
    return any(str(page.front.get(key) or "").lower() in PAGE_KINDS for key in ("type", "layout"))
