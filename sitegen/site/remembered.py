"""Related lists remembered from the last build, so an edit ranks only what it reaches.

The engine keeps the values (``Memory``: one record each); what they mean and
when they still apply is this stage's business.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from sitegen.site.assemble import rank_keys
from sitegen.site.related import RelatedInput, Spread, rerank
from sitegen.site.textrank import Counts, TextNeighbours

log = logging.getLogger(__name__)


class Memory(Protocol):
    """One value kept between builds; ``get`` gives None (or anything: damage is
    the reader's to refuse) when there is none."""

    def get(self) -> Any: ...
    def set(self, value: object) -> None: ...


Stored = tuple[list[RelatedInput], dict[str, tuple[str, ...]], str | None]
"""Inputs, lists, and the fingerprint of the texts when some list was ranked by text."""


class RelatedLists:
    """ "You may also like" lists of the last build, with the inputs they were ranked from.

    The ranking reads every article's slug, date, tags, section and pinned
    slugs, and, for the lists that tags do not fill, every article's text. A
    body edit reuses every list when no list needed text, and ranks all again
    when one did (idf is global: one new word changes every score); a tag
    change ranks again only the articles it can reach (``related.rerank``).
    Marks ``text.used`` when the lists it returns depend on the texts.
    """

    def __init__(self, lists: Memory, words: Memory, spread: Spread | None = None) -> None:
        """``spread``: ranks the lists tags fill on the build's processes
        (``related.ranked_keys``); without it, here."""
        self.memory = lists
        self.words = WordCounts(words)
        self.spread = spread

    def __call__(
        self, items: Sequence[RelatedInput], count: int, text: TextNeighbours
    ) -> Mapping[str, tuple[str, ...]]:
        text.store = text.store or self.words
        stored = self._load(count)
        ranked = None
        if stored is not None and (stored[2] is None or stored[2] == text.fingerprint):
            ranked = rerank(stored[0], stored[1], items, count, text, self.spread)
            text.used = text.used or stored[2] is not None
        if ranked is None:
            ranked = dict(rank_keys(items, count, text, self.spread))
        fingerprint = text.fingerprint if text.used else None
        if stored is None or stored != (list(items), ranked, fingerprint):
            inputs = tuple((i.key, i.slug, i.timestamp, i.tags, i.section, i.pinned) for i in items)
            self.memory.set((count, inputs, dict(ranked), fingerprint))
        return ranked

    def _load(self, count: int) -> Stored | None:
        """The remembered ranking, or None when there is none, it was for another
        list length, or it is damaged (then everything is ranked again)."""
        value = self.memory.get()
        try:
            stored_count, inputs, lists, fingerprint = value
            if stored_count != count:
                return None
            items = [
                RelatedInput(str(key), str(slug), float(when), _texts(tags), section, _texts(pins))
                for key, slug, when, tags, section, pins in inputs
            ]
            if not all(i.section is None or isinstance(i.section, str) for i in items):
                raise TypeError("a section is not text")
            if fingerprint is not None and not isinstance(fingerprint, str):
                raise TypeError("the text fingerprint is not text")
            kept = {str(key): _texts(keys) for key, keys in dict(lists).items()}
            return items, kept, fingerprint
        except (TypeError, ValueError) as error:
            if value is not None:
                log.warning("ignoring damaged remembered related lists (%s)", error)
            return None


class WordCounts:
    """The words of each article's text as the last build that ranked by text
    counted them (``textrank.CountStore``), so an edit counts only what changed."""

    def __init__(self, memory: Memory) -> None:
        self.memory = memory

    def load(self) -> Counts:
        value = self.memory.get()
        try:
            words, texts, compacted = value
            _check_counts(words, texts)
            return Counts(words, dict(texts), int(compacted))
        except (TypeError, ValueError) as error:
            if value is not None:
                log.warning("ignoring damaged remembered word counts (%s)", error)
            return Counts((), {})

    def save(self, counts: Counts) -> None:
        self.memory.set((list(counts.words), dict(counts.texts), counts.compacted))


def _check_counts(words: object, texts: object) -> None:
    """Raises TypeError unless ``words`` and ``texts`` are what ``Counts`` promises:
    a damaged record must not index outside the vocabulary."""
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise TypeError("the vocabulary is not a list of text")
    if not isinstance(texts, dict):
        raise TypeError("the counts are not a mapping")
    for key, entry in texts.items():
        if not (
            isinstance(key, bytes)
            and isinstance(entry, tuple)
            and len(entry) == 2
            and all(isinstance(part, bytes) for part in entry)
            and len(entry[0]) == len(entry[1])
            and len(entry[0]) % 4 == 0
        ):
            raise TypeError("a text's counts are damaged")
        if entry[0] and max(array("I", entry[0])) >= len(words):
            raise TypeError("a word id is outside the vocabulary")


def _texts(values: object) -> tuple[str, ...]:
    if not isinstance(values, tuple | list) or not all(isinstance(v, str) for v in values):
        raise TypeError("expected a list of text")
    return tuple(values)
