"""``sitegen related SLUG --explain``: why an article's "You may also like" is what it is.

Takes the site directory, a slug and the build's clock; returns the lines to
print: each candidate in page order with its reason (pinned, tags, section,
newest), its score and the shared tags behind it. The ranking is the build's
own (``RelatedIndex`` over the same published articles), so what this prints
is what the page shows.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.build import read_site
from sitegen.model import Article
from sitegen.site.assemble import related_inputs, select_published
from sitegen.site.related import Candidate, RelatedIndex


class UnknownSlugError(Exception):
    """No published article has the slug asked for; the message says what might."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """An article's related list, with the ranking's reasons."""

    slug: str
    source: str
    count: int
    candidates: tuple[Candidate, ...]


def explain_related(site_dir: Path, slug: str, now: datetime) -> Explanation:
    """The related list of ``slug`` as a default build (no drafts, no future) ranks it.

    Raises SiteError when the site has errors, UnknownSlugError for a slug with no page.
    """
    config, articles = read_site(site_dir, now)
    published = select_published(articles, now, drafts=False, future=False)
    chosen = next((a for a in published if a.slug == slug), None)
    if chosen is None:
        raise UnknownSlugError(_unknown_message(slug, articles, published))
    index = RelatedIndex(related_inputs(published))
    count = config.related.count
    return Explanation(slug, chosen.source, count, index.rank(slug, count))


def _unknown_message(slug: str, articles: Sequence[Article], published: Sequence[Article]) -> str:
    unpublished = next((a for a in articles if a.slug == slug), None)
    if unpublished is not None:
        why = "a draft" if unpublished.draft else "dated in the future"
        return f"'{slug}' ({unpublished.source}) is {why}, so it has no page to explain"
    close = difflib.get_close_matches(slug, sorted(a.slug for a in published), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no published article has the slug '{slug}'{hint}"


def format_explanation(explanation: Explanation) -> list[str]:
    """One header line, then one line per candidate: rank, reason, score, slug, shared tags."""
    found = len(explanation.candidates)
    lines = [
        f'"You may also like" for {explanation.slug} ({explanation.source}): '
        f"{found} of {explanation.count}"
    ]
    if not explanation.candidates:
        lines.append("  no other published article: the page shows no such section")
    width = max((len(c.slug) for c in explanation.candidates), default=0)
    for rank, candidate in enumerate(explanation.candidates, start=1):
        line = f"  {rank}. {candidate.reason:<8} {candidate.score:6.3f}  {candidate.slug:<{width}}"
        if candidate.shared_tags:
            line += "  shared tags: " + ", ".join(candidate.shared_tags)
        lines.append(line.rstrip())
    return lines
