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

from sitegen.build.bodies import published_bodies, read_site
from sitegen.model import Article
from sitegen.site.assemble import ArticleFinder, related_inputs, related_texts, select_published
from sitegen.site.related import Candidate, RelatedIndex


class UnknownSlugError(Exception):
    """No published article, or more than one, answers to the name asked for; the
    message says what might."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """An article's related list, with the ranking's reasons."""

    slug: str
    source: str
    count: int
    candidates: tuple[Candidate, ...]
    slugs: Mapping[str, str]
    """Article source → slug, to name each candidate as authors know it."""
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Source of a ``text`` candidate → the words that matched, heaviest first."""

    def name(self, candidate: Candidate) -> str:
        """A candidate's slug, or its file where another published article shares it."""
        slug = self.slugs[candidate.key]
        shared = sum(1 for s in self.slugs.values() if s == slug) > 1
        return candidate.key if shared else slug


def explain_related(site_dir: Path, name: str, now: datetime) -> Explanation:
    """The related list of the article ``name`` (a slug, or a path to its file where
    two articles share the slug) as a default build (no drafts, no future) ranks it.

    Raises SiteError when the site has errors, UnknownSlugError for a name with no
    page or with several.
    """
    config, articles = read_site(site_dir, now)
    published = select_published(articles, now, drafts=False, future=False)
    found = ArticleFinder(published).matches(name, "content/")
    if len(found) != 1:
        raise UnknownSlugError(_unknown_message(name, found, articles, published))
    chosen = next(a for a in published if a.source == found[0])
    key = chosen.source
    inputs = related_inputs(published)
    count = config.related.count
    slugs = {a.source: a.slug for a in published}
    candidates = RelatedIndex(inputs).rank(key, count)
    if sum(c.reason in ("pinned", "tags") for c in candidates) == count:
        return Explanation(chosen.slug, key, count, candidates, slugs)
    # Tags leave slots: the text of every article matters, so render them as the build does.
    text = related_texts(published_bodies(site_dir, now, config, articles), config)
    candidates = RelatedIndex(inputs, text).rank(key, count)
    terms = {c.key: text.matching_terms(key, c.key) for c in candidates if c.reason == "text"}
    return Explanation(chosen.slug, key, count, candidates, slugs, terms)


def _unknown_message(
    name: str, found: Sequence[str], articles: Sequence[Article], published: Sequence[Article]
) -> str:
    if found:
        return (
            f"'{name}' is the slug of {len(found)} published articles ({', '.join(found)}); "
            "give the path of the one you mean"
        )
    unpublished = ArticleFinder(articles).matches(name, "content/")
    if unpublished:
        article = next(a for a in articles if a.source == unpublished[0])
        why = "a draft" if article.draft else "dated in the future"
        return f"'{name}' ({article.source}) is {why}, so it has no page to explain"
    close = difflib.get_close_matches(name, sorted(a.slug for a in published), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no published article has the slug '{name}'{hint}"


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
    names = [explanation.name(c) for c in explanation.candidates]
    width = max((len(n) for n in names), default=0)
    for rank, (candidate, name) in enumerate(
        zip(explanation.candidates, names, strict=True), start=1
    ):
        line = f"  {rank}. {candidate.reason:<8} {candidate.score:6.3f}  {name:<{width}}"
        if candidate.shared_tags:
            line += "  shared tags: " + ", ".join(candidate.shared_tags)
        if explanation.terms.get(candidate.key):
            line += "  matching words: " + ", ".join(explanation.terms[candidate.key])
        lines.append(line.rstrip())
    return lines
