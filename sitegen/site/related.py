""" "You may also like": rank other articles by shared tags, weighted by rarity.

SPEC §5: pinned slugs first; then articles sharing tags, scored by the sum of
each shared tag's weight (rarer tags weigh more, so two rare tags beat one
common tag), ties broken by closeness in date, then by slug; when fewer
articles share a tag than there are slots, fill from the same section (closest
in date), then from the newest articles.

The ranking walks an inverted index (tag → articles) from the rarest tag to the
most common and stops as soon as no unseen article could still make the list,
so the common tags' long posting lists are rarely read: this step must stay a
small fraction of a 10,000-article build.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RelatedInput:
    """What ranking needs of one published article."""

    slug: str
    timestamp: float
    tags: tuple[str, ...]
    """Tag slugs."""
    section: str | None
    """Section slug."""
    pinned: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entry of a related list, with why it is there (for ``--explain``)."""

    slug: str
    score: float
    shared_tags: tuple[str, ...]
    reason: str
    """``pinned``, ``tags``, ``section`` or ``newest``."""


class _DatedList:
    """Slugs sorted by (timestamp, slug), searchable by closeness in date."""

    def __init__(self, items: list[tuple[float, str]]) -> None:
        items.sort()
        self.times = [t for t, _ in items]
        self.slugs = [s for _, s in items]

    def __len__(self) -> int:
        return len(self.slugs)

    def closest(self, timestamp: float) -> Iterator[str]:
        """Slugs ordered by (distance in time, slug), walking outward from ``timestamp``."""
        times, slugs = self.times, self.slugs
        right = bisect_left(times, timestamp)
        left = right - 1
        while left >= 0 or right < len(slugs):
            d_left = timestamp - times[left] if left >= 0 else math.inf
            d_right = times[right] - timestamp if right < len(slugs) else math.inf
            distance = min(d_left, d_right)
            group: list[str] = []
            while left >= 0 and timestamp - times[left] == distance:
                group.append(slugs[left])
                left -= 1
            while right < len(slugs) and times[right] - timestamp == distance:
                group.append(slugs[right])
                right += 1
            yield from sorted(group)


class RelatedIndex:
    """Inverted indexes over the published articles, built once per build."""

    def __init__(self, items: Sequence[RelatedInput]) -> None:
        self.items = {item.slug: item for item in items}
        by_tag: dict[str, list[tuple[float, str]]] = defaultdict(list)
        by_section: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for item in items:
            for tag in item.tags:
                by_tag[tag].append((item.timestamp, item.slug))
            if item.section:
                by_section[item.section].append((item.timestamp, item.slug))
        total = len(items)
        self.tags = {tag: _DatedList(members) for tag, members in by_tag.items()}
        self.sections = {name: _DatedList(members) for name, members in by_section.items()}
        self.weights = {tag: math.log(1 + total / len(lst)) for tag, lst in self.tags.items()}
        self.newest = [s for _, s in sorted((-item.timestamp, item.slug) for item in items)]

    def rank(self, slug: str, count: int) -> tuple[Candidate, ...]:
        """The related list of one article: at most ``count``, never itself."""
        item = self.items[slug]
        chosen: list[Candidate] = []
        taken = {slug}
        for pinned in item.pinned:
            if len(chosen) < count and pinned in self.items and pinned not in taken:
                chosen.append(Candidate(pinned, 0.0, (), "pinned"))
                taken.add(pinned)
        chosen.extend(self._by_tags(item, count - len(chosen), taken))
        taken.update(c.slug for c in chosen)
        if len(chosen) < count and item.section in self.sections:
            for other in self.sections[item.section].closest(item.timestamp):
                if len(chosen) >= count:
                    break
                if other not in taken:
                    chosen.append(Candidate(other, 0.0, (), "section"))
                    taken.add(other)
        for other in self.newest:
            if len(chosen) >= count:
                break
            if other not in taken:
                chosen.append(Candidate(other, 0.0, (), "newest"))
                taken.add(other)
        return tuple(chosen)

    def _score(self, item: RelatedInput, other: str) -> tuple[float, tuple[str, ...]]:
        shared = tuple(sorted(set(item.tags).intersection(self.items[other].tags)))
        return math.fsum(self.weights[t] for t in shared), shared

    def _by_tags(self, item: RelatedInput, slots: int, taken: set[str]) -> list[Candidate]:
        if slots <= 0 or not item.tags:
            return []
        order = sorted(item.tags, key=lambda t: (-self.weights[t], t))
        remaining = [math.fsum(self.weights[t] for t in order[i:]) for i in range(len(order))]
        scored: dict[str, tuple[float, tuple[str, ...]]] = {}
        for i, tag in enumerate(order):
            if _enough(scored, slots, remaining[i]):
                break
            posting = self.tags[tag]
            if i == len(order) - 1:
                # Unseen articles here share only this tag: equal scores, so the
                # closest in date win and the walk can stop after `slots` of them.
                found = 0
                for other in posting.closest(item.timestamp):
                    if found >= slots:
                        break
                    if other not in taken and other not in scored:
                        scored[other] = (self.weights[tag], (tag,))
                        found += 1
                break
            for other in posting.slugs:
                if other not in taken and other not in scored:
                    scored[other] = self._score(item, other)
        best = sorted(
            scored.items(),
            key=lambda kv: (-kv[1][0], abs(self.items[kv[0]].timestamp - item.timestamp), kv[0]),
        )
        return [Candidate(s, score, shared, "tags") for s, (score, shared) in best[:slots]]


def _enough(scored: Mapping[str, tuple[float, tuple[str, ...]]], slots: int, bound: float) -> bool:
    """True when ``slots`` candidates already beat anything not yet seen can score."""
    if len(scored) < slots:
        return False
    top = sorted((score for score, _ in scored.values()), reverse=True)
    return top[slots - 1] > bound + 1e-9


def rank_related(items: Sequence[RelatedInput], count: int) -> dict[str, tuple[Candidate, ...]]:
    """Every article's related list; same result whatever the order of ``items``."""
    index = RelatedIndex(items)
    return {item.slug: index.rank(item.slug, count) for item in sorted(items, key=lambda i: i.slug)}
