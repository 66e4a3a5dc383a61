"""``sitegen related SLUG --explain``: why an article's "You may also like" is what it is.

Takes the site directory, a slug and the build's clock; returns the lines to
print: each candidate in page order with its reason (pinned, tags, text,
section, newest), its score and the shared tags or matching words behind it.
The ranking is the build's own (``RelatedIndex`` over the same published
articles, with their rendered text when tags leave slots), so what this
prints is what the page shows.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.build import published_bodies, read_site
from sitegen.model import Article
from sitegen.site.assemble import related_inputs, related_texts, select_published
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
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Slug of a ``text`` candidate → the words that matched, heaviest first."""


def explain_related(site_dir: Path, slug: str, now: datetime) -> Explanation:
    """The related list of ``slug`` as a default build (no drafts, no future) ranks it.

    Raises SiteError when the site has errors, UnknownSlugError for a slug with no page.
    """
    config, articles = read_site(site_dir, now)
    published = select_published(articles, now, drafts=False, future=False)
    chosen = next((a for a in published if a.slug == slug), None)
    if chosen is None:
        raise UnknownSlugError(_unknown_message(slug, articles, published))
    inputs = related_inputs(published)
    count = config.related.count
    candidates = RelatedIndex(inputs).rank(slug, count)
    if sum(c.reason in ("pinned", "tags") for c in candidates) == count:
        return Explanation(slug, chosen.source, count, candidates)
    # Tags leave slots: the text of every article matters, so render them as the build does.
    text = related_texts(published_bodies(site_dir, now, config, articles), config)
    candidates = RelatedIndex(inputs, text).rank(slug, count)
    terms = {c.slug: text.matching_terms(slug, c.slug) for c in candidates if c.reason == "text"}
    return Explanation(slug, chosen.source, count, candidates, terms)


def _unknown_message(slug: str, articles: Sequence[Article], published: Sequence[Article]) -> str:
    unpublished = next((a for a in articles if a.slug == slug), None)
    if unpublished is not None:
        why = "a draft" if unpublished.draft else "dated in the future"
        return f"'{slug}' ({unpublished.source}) is {why}, so it has no page to explain"
    close = difflib.get_close_matches(slug, sorted(a.slug for a in published), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no published article has the slug '{slug}'{hint}"


def format_explanation(explanation: Explanation) -> list[str]:
    """One header line, then one line per candidate: rank, reason, score, slug, and the
    shared tags or matching words."""
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
        if explanation.terms.get(candidate.slug):
            line += "  matching words: " + ", ".join(explanation.terms[candidate.slug])
        lines.append(line.rstrip())
    return lines
