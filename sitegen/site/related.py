""" "You may also like": rank other articles by shared tags, weighted by rarity.

SPEC §5: pinned slugs first; then articles sharing tags, scored by the sum of
each shared tag's weight (rarer tags weigh more, so two rare tags beat one
common tag), ties broken by closeness in date, then by slug; when fewer
articles share a tag than there are slots, the closest by text (SPEC §8, see
``textrank``; same ties), then fill from the same section (closest in date),
then from the newest articles.

The ranking walks an inverted index (tag → articles) from the rarest tag to the
most common and stops as soon as no unseen article could still make the list,
so the common tags' long posting lists are rarely read: this step must stay a
small fraction of a 10,000-article build.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RelatedInput:
    """What ranking needs of one published article."""

    key: str
    """The article's identity: its source path."""
    slug: str
    """Breaks ties of date (SPEC §5); not unique."""
    timestamp: float
    tags: tuple[str, ...]
    """Tag slugs."""
    section: str | None
    """Section slug."""
    pinned: tuple[str, ...] = ()
    """Keys of the pinned articles, as resolved from front matter ``related``."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entry of a related list, with why it is there (for ``--explain``)."""

    key: str
    """The candidate article's source path."""
    score: float
    shared_tags: tuple[str, ...]
    reason: str
    """``pinned``, ``tags``, ``text``, ``section`` or ``newest``."""


class TextSimilar(Protocol):
    """Articles close in text to one (``textrank.TextNeighbours``)."""

    def similar(self, key: str, slots: int, skip: Collection[str]) -> Sequence[tuple[str, float]]:
        """The best ``slots`` of the other articles but ``skip``, with scores; equal
        scores by closeness in date, then slug (or every article tied with the last)."""
        ...


MAX_SUBSET_TAGS = 10
"""Above this many tags, an article is ranked by scoring every candidate instead."""


def _bits(positions: Sequence[int], size: int) -> int:
    """A bitset (Python int) with the given positions set; built in C via bytes."""
    raw = bytearray(size // 8 + 1)
    for position in positions:
        raw[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(raw, "little")


def _positions(bits: int) -> Iterator[int]:
    """Set positions of a bitset, lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


def _without(bits: int, removed: int) -> int:
    """``bits & ~removed``, without the negative operand (see ``_downward``)."""
    return bits ^ (bits & removed)


WINDOW = 256
"""Positions ``_downward`` and ``_upward`` read first; each further window is twice
the last. Most walks end within the first: the closest few of a pool."""


def _downward(pool: int, end: int) -> Iterator[int]:
    """Set positions of ``pool`` below ``end``, highest first.

    Only non-negative whole-site operations (a shift, a mask): on Python's
    integers, one with a negative operand (``~mask``, ``x & -x``) converts the
    whole bitset and costs ten times as much."""
    width = WINDOW
    while end > 0:
        begin = max(0, end - width)
        window = (pool >> begin) & ((1 << (end - begin)) - 1)
        while window:
            top = window.bit_length() - 1
            yield begin + top
            window ^= 1 << top
        end, width = begin, width * 2


def _upward(pool: int, start: int) -> Iterator[int]:
    """Set positions of ``pool`` from ``start`` on, lowest first (see ``_downward``)."""
    width = WINDOW
    rest = pool >> start
    while rest:
        window = rest & ((1 << width) - 1)
        yield from (start + p for p in _positions(window))
        rest >>= width
        start, width = start + width, width * 2


class RelatedIndex:
    """Bitsets over the published articles, built once per build.

    Articles are numbered in (date, slug) order, so "closest in date" is a walk
    outward from an article's own position, and each tag or section is one
    bitset: intersecting tags costs a few machine operations per 64 articles.
    """

    def __init__(self, items: Sequence[RelatedInput], text: TextSimilar | None = None) -> None:
        self.text = text
        ordered = sorted(items, key=lambda i: (i.timestamp, i.slug, i.key))
        size = len(ordered)
        self.ordered = ordered
        self.items = {item.key: item for item in ordered}
        self.position = {item.key: i for i, item in enumerate(ordered)}
        self.times = [item.timestamp for item in ordered]
        self.run_start = [0] * size
        self.run_end = [0] * size
        start = 0
        for i in range(1, size + 1):
            if i == size or self.times[i] != self.times[start]:
                for j in range(start, i):
                    self.run_start[j], self.run_end[j] = start, i
                start = i
        by_tag: dict[str, list[int]] = defaultdict(list)
        by_section: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(ordered):
            for tag in dict.fromkeys(item.tags):
                by_tag[tag].append(i)
            if item.section:
                by_section[item.section].append(i)
        self.tags = {tag: _bits(found, size) for tag, found in by_tag.items()}
        self.sections = {name: _bits(found, size) for name, found in by_section.items()}
        self.weights = {tag: math.log(1 + size / len(found)) for tag, found in by_tag.items()}
        self.newest = [k for *_, k in sorted((-i.timestamp, i.slug, i.key) for i in items)]
        self.asked: set[str] = set()
        """The keys whose lists asked the texts: tags left them slots."""

    def rank(self, key: str, count: int) -> tuple[Candidate, ...]:
        """The related list of one article: at most ``count``, never itself."""
        item = self.items[key]
        chosen: list[Candidate] = []
        taken = {key}
        for pinned in item.pinned:
            if len(chosen) < count and pinned in self.items and pinned not in taken:
                chosen.append(Candidate(pinned, 0.0, (), "pinned"))
                taken.add(pinned)
        if len(chosen) < count:
            chosen.extend(self._by_tags(item, count - len(chosen), self._mask(taken)))
            taken.update(c.key for c in chosen)
        if len(chosen) < count and self.text is not None:
            self.asked.add(key)
            chosen.extend(self._by_text(self.text, item, count - len(chosen), taken))
            taken.update(c.key for c in chosen)
        if len(chosen) < count and item.section in self.sections:
            pool = _without(self.sections[item.section], self._mask(taken))
            for position in self._closest(pool, self.position[key]):
                if len(chosen) >= count:
                    break
                chosen.append(Candidate(self.ordered[position].key, 0.0, (), "section"))
                taken.add(self.ordered[position].key)
        for other in self.newest:
            if len(chosen) >= count:
                break
            if other not in taken:
                chosen.append(Candidate(other, 0.0, (), "newest"))
                taken.add(other)
        return tuple(chosen)

    def _mask(self, keys: Iterable[str]) -> int:
        """The bitset of a few articles (those taken), one bit at a time: ``_bits``
        allocates the whole site's width for them."""
        mask = 0
        for key in keys:
            mask |= 1 << self.position[key]
        return mask

    def _closest(self, pool: int, position: int) -> Iterator[int]:
        """Positions in ``pool`` by (distance in time, slug, key), walking outward.

        Each side is read a window at a time (``_downward``, ``_upward``), so a
        step costs the window, not the site: masking the whole bitset at every
        step made ranking grow with the square of the archive (38 s of a
        100,000-article build)."""
        times, run_start, run_end = self.times, self.run_start, self.run_end
        when = times[position]
        lo, hi = run_start[position], run_end[position]
        own = (pool >> lo) & ((1 << (hi - lo)) - 1)
        yield from (lo + p for p in _positions(own))
        left, right = _downward(pool, lo), _upward(pool, hi)
        below, above = next(left, -1), next(right, -1)
        while below >= 0 or above >= 0:
            d_left = when - times[below] if below >= 0 else math.inf
            d_right = times[above] - when if above >= 0 else math.inf
            distance = min(d_left, d_right)
            group: list[int] = []
            if d_left == distance:  # the whole run of that time, in (slug, key) order
                first, run = run_start[below], []
                while below >= first:
                    run.append(below)
                    below = next(left, -1)
                group.extend(reversed(run))
            if d_right == distance:
                end = run_end[above]
                while 0 <= above < end:
                    group.append(above)
                    above = next(right, -1)
            if d_left == d_right:
                group.sort(key=lambda p: (self.ordered[p].slug, self.ordered[p].key))
            yield from group

    def _by_tags(self, item: RelatedInput, slots: int, excluded: int) -> list[Candidate]:
        """Walk groups of equal score, best first; within a group, closest in date.

        Every article sharing at least the tags S scores at least w(S); one
        scoring more shares a heavier set, met earlier and already taken, so
        the group of score w is every untaken article in some S with w(S) = w.
        """
        tags = sorted(dict.fromkeys(item.tags), key=lambda t: (-self.weights[t], t))
        if slots <= 0 or not tags:
            return []
        if len(tags) > MAX_SUBSET_TAGS:
            return self._by_scoring(item, tags, slots, excluded)
        weight = [self.weights[t] for t in tags].__getitem__
        subsets = sorted(
            (-math.fsum(map(weight, members)), bits) for bits, members in _subsets(len(tags))
        )
        masks: dict[int, int] = {}
        chosen: list[Candidate] = []
        position = self.position[item.key]
        mine = frozenset(tags)
        index, count = 0, len(subsets)
        while index < count and len(chosen) < slots:
            score, bits = subsets[index]
            pool = self._subset_mask(tags, bits, masks)
            index += 1
            while index < count and subsets[index][0] == score:
                pool |= self._subset_mask(tags, subsets[index][1], masks)
                index += 1
            pool = _without(pool, excluded)
            if not pool:
                continue  # most groups: no untaken article shares that many tags
            for found in self._closest(pool, position):
                other = self.ordered[found]
                shared = tuple(sorted(mine.intersection(other.tags)))
                chosen.append(Candidate(other.key, -score, shared, "tags"))
                excluded |= 1 << found
                if len(chosen) >= slots:
                    break
        return chosen

    def _by_text(
        self, text: TextSimilar, item: RelatedInput, slots: int, taken: set[str]
    ) -> list[Candidate]:
        """The closest by text; equal scores by closeness in date, then slug."""
        found = [f for f in text.similar(item.key, slots, taken) if f[0] in self.items]
        items, when = self.items, item.timestamp
        found.sort(key=lambda f: (-f[1], abs(items[f[0]].timestamp - when), items[f[0]].slug, f[0]))
        return [Candidate(k, score, (), "text") for k, score in found[:slots]]

    def _subset_mask(self, tags: Sequence[str], bits: int, memo: dict[int, int]) -> int:
        """Articles having every tag of the subset ``bits``, memoised per article."""
        if bits in memo:
            return memo[bits]
        highest = bits.bit_length() - 1
        rest = bits & ~(1 << highest)
        own = self.tags[tags[highest]]
        mask = own if not rest else own & self._subset_mask(tags, rest, memo)
        memo[bits] = mask
        return mask

    def _by_scoring(
        self, item: RelatedInput, tags: Sequence[str], slots: int, excluded: int
    ) -> list[Candidate]:
        """Fallback for articles with very many tags: score every candidate."""
        pool = 0
        for tag in tags:
            pool |= self.tags[tag]
        me = self.times[self.position[item.key]]
        scored = []
        for found in _positions(_without(pool, excluded)):
            shared = tuple(sorted(t for t in tags if self.tags[t] >> found & 1))
            score = math.fsum(self.weights[t] for t in shared)
            other = self.ordered[found]
            scored.append((-score, abs(other.timestamp - me), other.slug, other.key, shared))
        scored.sort()
        return [Candidate(k, -neg, shared, "tags") for neg, _, _, k, shared in scored[:slots]]


@functools.cache
def _subsets(size: int) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Every non-empty subset of ``size`` tags: its bits and its members' indexes.
    Every article with as many tags ranks over the same subsets."""
    return tuple(
        (bits, tuple(i for i in range(size) if bits >> i & 1)) for bits in range(1, 1 << size)
    )


def rank_related(
    items: Sequence[RelatedInput], count: int, text: TextSimilar | None = None
) -> dict[str, tuple[Candidate, ...]]:
    """Every article's related list; same result whatever the order of ``items``."""
    index = RelatedIndex(items, text)
    return {item.key: index.rank(item.key, count) for item in sorted(items, key=lambda i: i.key)}


Ranked = tuple[int, ...] | None
"""A list as ``rank_apart`` gives it: positions in ``RelatedIndex.ordered``, or
None for a list to rank with the texts."""

Spread = Callable[["RelatedIndex", Sequence[str], int, bool], Sequence[Ranked]]
"""Ranks many articles of one index, in order: ``rank_apart`` of each, or, asked
``True``, ``rank_positions`` (lists that need the texts). The build spreads
that over its processes; without one, they are ranked here."""


class TextNeededError(Exception):
    """A list tags leave slots in, ranked where the texts are out of reach."""


class NoText:
    """Stands for the texts where they are out of reach: a list that would read
    them raises ``TextNeededError`` (in a forked process: ranked by the build;
    in an edit's short way: the whole way is taken)."""

    def similar(self, key: str, slots: int, skip: Collection[str]) -> Sequence[tuple[str, float]]:
        raise TextNeededError


def rank_apart(index: RelatedIndex, keys: Sequence[str], count: int) -> list[Ranked]:
    """``rank`` of each of ``keys`` as positions in ``index.ordered``, without the
    texts: None for a list tags leave slots in (``ranked_keys`` ranks it with
    them). What a forked process can do for the build: reading the texts reads
    the store and marks them used, which it could not hand back."""
    text = index.text
    if text is not None:
        index.text = NoText()
    try:
        found: list[Ranked] = []
        for key in keys:
            try:
                ranked = index.rank(key, count)
            except TextNeededError:
                found.append(None)
                continue
            found.append(tuple(index.position[c.key] for c in ranked))
        return found
    finally:
        index.text = text


def rank_positions(index: RelatedIndex, keys: Sequence[str], count: int) -> list[Ranked]:
    """``rank`` of each of ``keys``, with the texts, as positions in ``index.ordered``."""
    return [tuple(index.position[c.key] for c in index.rank(key, count)) for key in keys]


def ranked_keys(
    index: RelatedIndex, keys: Sequence[str], count: int, spread: Spread | None = None
) -> dict[str, tuple[str, ...]]:
    """The related list of each of ``keys``, as keys, as one process would rank
    them all. With ``spread`` (the build's processes), the lists tags fill are
    ranked first, without the texts; then those tags left slots in, with them
    (the build makes what the texts need before its processes fork, so that
    they share it)."""
    if spread is None:
        return {key: tuple(c.key for c in index.rank(key, count)) for key in keys}
    found = dict(zip(keys, spread(index, keys, count, False), strict=True))
    waiting = [key for key, ranked in found.items() if ranked is None]
    if waiting:
        index.asked.update(waiting)
        found.update(zip(waiting, spread(index, waiting, count, True), strict=True))
    ordered = index.ordered
    lists: dict[str, tuple[str, ...]] = {}
    for key, ranked in found.items():
        if ranked is None:
            raise ValueError(f"no list ranked for {key}")  # a spread that broke its word
        lists[key] = tuple(ordered[position].key for position in ranked)
    return lists


def reached(
    before: Sequence[RelatedInput],
    lists: Mapping[str, tuple[str, ...]],
    after: Sequence[RelatedInput],
) -> set[str] | None:
    """The keys of ``after`` whose related list may differ from ``lists``, ranked
    for ``before``, when only tags or pinned slugs changed; None when any list may.

    A list can change only for an article that changed or that has a tag some
    changed article gained or lost: any other article shares the same tags with
    each changed one as before, and the weights of its own tags (which count
    articles per tag) are as they were. A change of date, section or of the set
    of articles moves the date and section fallbacks of any list. Text
    candidates depend on every text, not on tags: a caller whose texts changed
    adds the lists that asked them.
    """
    old = {item.key: item for item in before}
    if old.keys() != {item.key for item in after} or old.keys() != lists.keys():
        return None
    changed = [item for item in after if item != old[item.key]]
    if any(
        (item.timestamp, item.section, item.slug)
        != (old[item.key].timestamp, old[item.key].section, old[item.key].slug)
        for item in changed
    ):
        return None
    touched = {tag for item in changed for tag in set(item.tags) ^ set(old[item.key].tags)}
    again = {item.key for item in changed}
    again.update(item.key for item in after if touched.intersection(item.tags))
    return again


def rerank(
    before: Sequence[RelatedInput],
    lists: Mapping[str, tuple[str, ...]],
    after: Sequence[RelatedInput],
    count: int,
    text: TextSimilar | None = None,
    spread: Spread | None = None,
) -> dict[str, tuple[str, ...]] | None:
    """Every related list of ``after`` (keys), given ``lists`` ranked for
    ``before``: the lists ``reached`` ranked again, the rest kept; None when
    every list must be ranked. ``text`` serves the lists ranked again (the texts
    are as they were). A tag on half the articles reaches half the lists;
    ``spread`` ranks them on the build's processes (``ranked_keys``).
    """
    again = reached(before, lists, after)
    if again is None:
        return None
    ranked = dict(lists)
    if again:
        ranked.update(ranked_keys(RelatedIndex(after, text), sorted(again), count, spread))
    return {key: ranked[key] for key in sorted(ranked)}
