"""Hugo's ``_index.md`` files → the listing each introduces.

``content/_index.md`` introduces the home page. ``content/FOLDER/_index.md``
introduces a section: the one its front matter ``section`` names, else the one
whose slug is the slug of the folder's own name (``content/news/economy/`` →
``economy``). Sections come from the articles' ``section``, not from folders,
so a landing whose section has no published article has no page to go on: a
warning says it is not shown and why. Of two landings for one listing, the
first by path is shown and the other warned about.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from sitegen.model import Listing, RenderedLanding, Taxon
from sitegen.slugs import slugify

log = logging.getLogger(__name__)

HOME = ""
"""The target of ``content/_index.md``; any other target is a section slug."""


def attach_landings(
    listings: Sequence[Listing], landings: Sequence[RenderedLanding]
) -> tuple[Listing, ...]:
    """``listings`` with each one's landing attached; warns of landings not shown."""
    sections = {
        lst.taxon.slug: lst.taxon
        for lst in listings
        if lst.kind == "section" and lst.taxon is not None
    }
    chosen: dict[str, RenderedLanding] = {}
    for rendered in sorted(landings, key=lambda r: r.landing.source):
        target = _target(rendered, sections)
        if target is None:
            continue
        first = chosen.setdefault(target, rendered)
        if first is not rendered:
            what = "the home page" if target == HOME else f"section '{sections[target].name}'"
            _warn(rendered, 1, f"not shown: {first.landing.source} already introduces {what}")
    return tuple(_with_landing(lst, chosen) for lst in listings)


def _with_landing(listing: Listing, chosen: dict[str, RenderedLanding]) -> Listing:
    if listing.kind == "home":
        key = HOME
    elif listing.kind == "section" and listing.taxon is not None:
        key = listing.taxon.slug
    else:
        return listing
    landing = chosen.get(key)
    return dataclasses.replace(listing, landing=landing) if landing else listing


def _target(rendered: RenderedLanding, sections: dict[str, Taxon]) -> str | None:
    """The listing ``rendered`` introduces, or None (warned) when it has none."""
    landing = rendered.landing
    if not landing.folder and landing.section is None:
        return HOME
    named = landing.section if landing.section is not None else landing.folder.split("/")[-1]
    slug = slugify(named)
    if slug in sections:
        return slug
    known = ", ".join(sorted(t.name for t in sections.values()))
    hint = f" (the sections: {known})" if known else ""
    if landing.section is not None:
        message = f"not shown: no published article has section '{named}'{hint}"
        _warn(rendered, landing.lines.get("section", 1), message)
    else:
        message = (
            f"not shown: no published article has a section named like the folder"
            f" '{named}'; add 'section:' naming the section this text introduces{hint}"
        )
        _warn(rendered, 1, message)
    return None


def _warn(rendered: RenderedLanding, line: int, message: str) -> None:
    log.warning("%s:%d: %s", rendered.landing.source, line, message)
