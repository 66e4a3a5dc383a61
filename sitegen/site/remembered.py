"""Related lists remembered from the last build, so an edit ranks only what it reaches.

The engine keeps the values (``Memory``: one record each); what they mean and
when they still apply is this stage's business.
"""

from __future__ import annotations

import functools
import logging
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sitegen.site.related import (
    RelatedIndex,
    RelatedInput,
    Spread,
    ranked_keys,
    reached,
)
from sitegen.site.textrank import Counts, TextNeighbours

log = logging.getLogger(__name__)


class Memory(Protocol):
    """One value kept between builds; ``get`` gives None (or anything: damage is
    the reader's to refuse) when there is none."""

    def get(self) -> Any: ...
    def set(self, value: object) -> None: ...


@dataclass(frozen=True, slots=True)
class Stored:
    """A remembered ranking: its inputs, its lists, the fingerprint of the texts
    when some list was ranked by text, and which lists asked the texts."""

    inputs: list[RelatedInput]
    lists: dict[str, tuple[str, ...]]
    fingerprint: str | None
    asked: frozenset[str]


class RelatedLists:
    """ "You may also like" lists of the last build, with the inputs they were ranked from.

    The ranking reads every article's slug, date, tags, section and pinned
    slugs, and, for the lists that tags do not fill, every article's text. A
    tag change ranks again only the articles it can reach (``related.reached``);
    a text change ranks again the lists that asked the texts (idf is global:
    one new word changes every score), and no list that tags fill, which a text
    cannot change. Marks ``text.used`` when the lists it returns depend on the
    texts.

    With ``digests``, the digests of the texts are remembered by the texts'
    identities (``TextNeighbours.identity``); with ``reuse`` too, a text whose
    identity the last ranking saw is not read again to learn whether it
    changed. Only a build that knows no link moved since may reuse them (an
    edit's short way): a body's text can show where a link of it leads.
    """

    def __init__(
        self,
        lists: Memory,
        words: Memory,
        spread: Spread | None = None,
        digests: Memory | None = None,
        reuse: bool = False,
    ) -> None:
        """``spread``: ranks the lists tags fill on the build's processes
        (``related.ranked_keys``); without it, here."""
        self.memory = lists
        self.words = WordCounts(words)
        self.spread = spread
        self.digests = digests
        self.reuse = reuse

    def __call__(
        self, items: Sequence[RelatedInput], count: int, text: TextNeighbours
    ) -> Mapping[str, tuple[str, ...]]:
        text.store = text.store or self.words
        # Each article's name is a digest of its own: made once, asked twice.
        named = text.identity if self.digests is not None else None
        identity = functools.cache(named) if named is not None else None
        by_identity = self._known_digests() if identity is not None and self.reuse else {}
        if by_identity and identity is not None:
            text.known = {
                key: found
                for key in text.documents
                if (found := by_identity.get(identity(key))) is not None
            }
        stored = self._load(count)
        again = reached(stored.inputs, stored.lists, items) if stored is not None else None
        if (
            stored is not None
            and again is not None
            and stored.fingerprint is not None
            and stored.fingerprint != text.fingerprint
        ):
            again |= stored.asked  # every score by text moved; tags fill the others
        index = RelatedIndex(items, text)
        if stored is None or again is None:
            ranked = ranked_keys(index, sorted(i.key for i in items), count, self.spread)
            asked = frozenset(index.asked)
        else:
            ranked = dict(stored.lists)
            ranked.update(ranked_keys(index, sorted(again), count, self.spread))
            ranked = {key: ranked[key] for key in sorted(ranked)}
            asked = (stored.asked - again) | index.asked
        text.used = bool(asked)
        fingerprint = text.fingerprint if asked else None
        if stored is None or stored != Stored(list(items), ranked, fingerprint, frozenset(asked)):
            inputs = tuple((i.key, i.slug, i.timestamp, i.tags, i.section, i.pinned) for i in items)
            self.memory.set((count, inputs, ranked, fingerprint, sorted(asked)))
        if identity is not None and self.digests is not None and text.digested:
            kept = {identity(key): found for key, found in text.digests.items()}
            if kept != by_identity:
                self.digests.set(kept)
        return ranked

    def _known_digests(self) -> dict[str, bytes]:
        """Identity → digest of the texts the last ranking by text digested."""
        value = self.digests.get() if self.digests is not None else None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, bytes) for k, v in value.items()
        ):
            return {}
        return value

    def _load(self, count: int) -> Stored | None:
        """The remembered ranking, or None when there is none, it was for another
        list length, or it is damaged (then everything is ranked again)."""
        value = self.memory.get()
        if isinstance(value, tuple | list) and len(value) == 4:
            return None  # kept by a version that did not note which lists asked the texts
        try:
            stored_count, inputs, lists, fingerprint, asked = value
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
            return Stored(items, kept, fingerprint, frozenset(_texts(asked)))
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
    ids = array("I", b"".join(numbers for numbers, _ in texts.values()))  # one pass, in C
    if ids and max(ids) >= len(words):
        raise TypeError("a word id is outside the vocabulary")


def _texts(values: object) -> tuple[str, ...]:
    if not isinstance(values, tuple | list) or not all(isinstance(v, str) for v in values):
        raise TypeError("expected a list of text")
    return tuple(values)
