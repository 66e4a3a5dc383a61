"""The front page: the lead story, then the latest of each section, then the rest.

A news site's home page is not one long list: the newest piece leads, each
section shows its own latest pieces under its name, and what is left of the
first page follows. Takes the site model and the first home page's articles;
returns which article goes where (``FrontPlan``), which both the page's key
and its view are made from, so the two cannot drift apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sitegen.model import Site, Taxon
from sitegen.render.views import CardView, LinkView

SECTION_CARDS = 3
"""Articles each section block shows."""


@dataclass(frozen=True, slots=True)
class FrontPlan:
    """Article sources by place on the front page."""

    lead: str | None
    sections: tuple[tuple[Taxon, tuple[str, ...]], ...]
    """Each section with articles besides the lead, in the menu's order, and its
    newest articles but the lead."""
    rest: tuple[str, ...]
    """The first page's articles shown in neither the lead nor a section block."""


@dataclass(frozen=True, slots=True)
class SectionBlockView:
    """One section on the front page: its name, its page, its latest cards."""

    section: LinkView
    cards: tuple[CardView, ...]


@dataclass(frozen=True, slots=True)
class FrontView:
    """``listing.front`` on the first home page; None on every other listing."""

    lead: CardView | None
    sections: tuple[SectionBlockView, ...]
    rest: tuple[CardView, ...]
    dateline: datetime | None
    """When the newest article was published, in the site's zone: the edition's date."""
    tagline: str
    """site.yaml ``description``, else the home ``_index.md`` description."""


def plan_front(site: Site, items: Sequence[str]) -> FrontPlan:
    """Place the first home page's ``items`` (newest first) and each section's latest."""
    lead = items[0] if items else None
    blocks: list[tuple[Taxon, tuple[str, ...]]] = []
    placed = {lead}
    for taxon in site.sections:
        # The first few alone: a section of a large archive lists tens of thousands.
        chosen = tuple(itertools.islice((s for s in taxon.articles if s != lead), SECTION_CARDS))
        if chosen:
            blocks.append((taxon, chosen))
            placed.update(chosen)
    rest = tuple(s for s in items[1:] if s not in placed)
    return FrontPlan(lead, tuple(blocks), rest)


def front_view(
    plan: FrontPlan,
    card: Callable[[str], CardView],
    link: Callable[[Taxon], LinkView],
    tagline: str,
) -> FrontView:
    """The view of ``plan``, with cards and section links made by the caller."""
    lead = card(plan.lead) if plan.lead is not None else None
    return FrontView(
        lead=lead,
        sections=tuple(
            SectionBlockView(link(taxon), tuple(card(s) for s in chosen))
            for taxon, chosen in plan.sections
        ),
        rest=tuple(card(s) for s in plan.rest),
        dateline=lead.date if lead is not None else None,
        tagline=tagline,
    )
