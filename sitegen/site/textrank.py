"""Articles ranked by closeness of text, for the related slots that pins and tags leave.

SPEC §8. "More like this", as search engines do it (Lucene's MoreLikeThis,
Elasticsearch's ``more_like_this``): an article's most telling words are a
query, and every other article scores the BM25 sum of those words in its own
text. The telling words are the ``QUERY_TERMS`` words of highest BM25 weight
in the article, leaving out stop words of the site's language, words no other
article uses (they match nothing) and words used by more than half of the
articles (they say little about what one is about, and their long posting
lists would make a 10,000-article site slow).

BM25 is Lucene's (k1 1.2, b 0.75). The stop word lists are NLTK's, as the
``bm25s`` library ships them for fourteen languages; a language without a list
keeps every word, and the rules above still keep its commonest words out of
queries. Words are counted by ``Counter`` (in C) and everything after that is
numpy over all articles at once, with no Python loop over words. ``bm25s``'
own tokenizer and indexer loop in Python over every word (3.5-5.3 s for
10,000 articles of ~900 words where this takes 2.5-4 s) and build the index
from every text's words, so they could not reuse what an earlier build
counted: here a ``CountStore`` keeps each text's counts by a digest of it,
and an edit counts only the edited texts. numpy is imported only when some
related list needs text.

Everything here works on opaque keys. Documents are numbered in key order,
sums run in a fixed order, and scores are rounded to ``SCORE_DIGITS``
decimals, so the same texts always give the same scores, and two candidates
equally close are left for the caller to order (by date, then key).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

QUERY_TERMS = 25
"""How many of an article's words make its query (Lucene's MoreLikeThis default)."""

K1 = 1.2
B = 0.75

SCORE_DIGITS = 3

FORMAT = 1
"""Bump whenever the scores change, so lists ranked the old way are not reused."""

_WORDS = re.compile(r"\w\w+")
"""Words of two letters or more (scikit-learn's and bm25s' default)."""

_STOP_WORDS = {
    "da": "STOPWORDS_DANISH",
    "de": "STOPWORDS_GERMAN",
    "en": "STOPWORDS_EN_PLUS",
    "es": "STOPWORDS_SPANISH",
    "fr": "STOPWORDS_FRENCH",
    "it": "STOPWORDS_ITALIAN",
    "ko": "STOPWORDS_KOREAN",
    "nb": "STOPWORDS_NORWEGIAN",
    "nl": "STOPWORDS_DUTCH",
    "nn": "STOPWORDS_NORWEGIAN",
    "no": "STOPWORDS_NORWEGIAN",
    "pt": "STOPWORDS_PORTUGUESE",
    "ru": "STOPWORDS_RUSSIAN",
    "sv": "STOPWORDS_SWEDISH",
    "tr": "STOPWORDS_TURKISH",
    "zh": "STOPWORDS_CHINESE",
}
"""Primary language subtag → the list's name in ``bm25s.stopwords``."""


def stop_words(language: str) -> frozenset[str]:
    """The stop words of a site ``language`` such as ``en-GB``; none for other languages."""
    name = _STOP_WORDS.get(re.split(r"[-_]", language.strip(), maxsplit=1)[0].lower())
    if name is None:
        return frozenset()
    from bm25s import stopwords

    return frozenset(getattr(stopwords, name, ()))


Counted = tuple[bytes, bytes]
"""One text's distinct words, in the order they first appear in it, as ids into
a vocabulary, and their counts: both ``array("I")`` bytes of the same length."""


@dataclass(frozen=True, slots=True)
class Counts:
    """Counted texts by a digest of each, and the vocabulary their ids point into."""

    words: Sequence[str]
    texts: Mapping[bytes, Counted]
    compacted: int = 0
    """How many words the vocabulary had when it last held no unused word."""


class CountStore(Protocol):
    """Where counted words are kept between builds."""

    def load(self) -> Counts:
        """What the last build kept; empty when there is nothing usable. Every
        id is below ``len(words)`` and every entry's two arrays are as long."""
        ...

    def save(self, counts: Counts) -> None:
        """Keep these, and only these, for the next build."""
        ...


class TextNeighbours:
    """Other documents by closeness of text; nothing is computed before it is asked.

    ``documents`` maps each key to its text (for an article: title, summary,
    body); ``positions`` (for an article: its date) decides between equal
    scores, the closest first, then key order. ``used`` tells whether some
    ranking depends on the texts: set when
    one asks, or by a cache that reuses rankings that had asked. With a
    ``store``, a text counted by an earlier build is not counted again: after an
    edit, every score is computed afresh (idf is global), but only the edited
    texts are read.
    """

    def __init__(
        self,
        documents: Mapping[str, str],
        language: str,
        store: CountStore | None = None,
        positions: Mapping[str, float] | None = None,
        identity: Callable[[str], str] | None = None,
    ) -> None:
        """``identity``: a name of a key's text, the same name only for the same
        text (for an article: its body memo's key); a ranking that remembers
        digests by these (``remembered.RelatedLists``) puts in ``known`` the
        digests it need not read the texts for."""
        self.documents = documents
        self.language = language
        self.store = store
        self.positions = positions or {}
        self.identity = identity
        self.known: Mapping[str, bytes] = {}
        """Key → its text's digest, known without reading the text."""
        self.used = False
        self._model: _Model | None = None
        self._digests: dict[str, bytes] | None = None

    @property
    def digests(self) -> Mapping[str, bytes]:
        """Key → a digest of its text (and of how text is cut into words)."""
        if self._digests is None:
            prefix = f"{FORMAT}\0".encode()
            known = self.known
            missing = [key for key in self.documents if key not in known]
            texts = (
                self.documents.items()
                if len(missing) == len(self.documents)  # read together, a few at a time
                else ((key, self.documents[key]) for key in missing)
            )
            read = {
                key: hashlib.blake2b(prefix + text.encode(), digest_size=16).digest()
                for key, text in texts
            }
            self._digests = {key: known.get(key) or read[key] for key in self.documents}
        return self._digests

    @property
    def digested(self) -> bool:
        """Whether ``digests`` has been asked (reading the texts it did not know)."""
        return self._digests is not None

    @property
    def fingerprint(self) -> str:
        """Changes whenever a score could: any text or key, the language, this code."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{FORMAT}\0{self.language}\0{_stop_list_version()}".encode())
        for key, text_digest in sorted(self.digests.items()):
            digest.update(f"\0{key}\0".encode() + text_digest)
        return digest.hexdigest()

    def ready(self) -> None:
        """Read and weigh every text now: before the build's processes fork to
        rank the lists that ask the texts, so that they share what this made."""
        self._ready()

    def _ready(self) -> _Model:
        self.used = True
        if self._model is None:
            keys = sorted(self.documents)
            counts = _count_all(keys, self.digests, self.documents, self.store)
            self._model = _Model(keys, counts, stop_words(self.language))
            self._model.place([self.positions.get(k, 0.0) for k in keys])
        return self._model

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        """The ``slots`` best-scoring other keys with their scores, best first.

        Equal scores: the closest in position first, then key order (decided
        here, so that thousands of equal scores cost one numpy sort). Never
        ``key`` itself, a key of ``skip``, or one matching none of ``key``'s
        query words.
        """
        if slots <= 0 or key not in self.documents:
            return []
        return self._ready().similar(key, slots, skip)

    def matching_terms(self, key: str, other: str, limit: int = 5) -> tuple[str, ...]:
        """The words of ``key``'s query that weigh most in ``other``'s score, heaviest first."""
        if key not in self.documents or other not in self.documents:
            return ()
        return self._ready().matching_terms(key, other, limit)


def _stop_list_version() -> str:
    from importlib import metadata  # only when a list needs text: it costs a build's start

    try:
        return metadata.version("bm25s")
    except metadata.PackageNotFoundError:
        return ""


class _Model:
    """BM25 weights of every (document, word) pair, by document and by word.

    By document (``doc_ptr``, ``doc_words``, ``doc_weights``): each document's
    words in the order they first appear in it. By word (``word_ptr``,
    ``word_docs``, ``word_weights``): the documents of each word that a query
    may use, in document order; scoring walks these.
    """

    def __init__(
        self, keys: list[str], counts: tuple[list[str], list[Counted]], stop: frozenset[str]
    ) -> None:
        import numpy as np

        self.np: Any = np
        self.keys = keys
        self.number = {key: i for i, key in enumerate(self.keys)}
        size = len(self.keys)
        self.words, docs, self.doc_words, tf = _arrays(*counts, stop, np)
        per_doc = np.bincount(docs, minlength=size)
        self.doc_ptr = np.concatenate(([0], np.cumsum(per_doc)))
        frequency = np.bincount(self.doc_words, minlength=len(self.words))
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        length = np.bincount(docs, weights=tf, minlength=size)
        norm = K1 * (1 - B + B * length / max(float(length.mean()), 1.0))
        self.doc_weights = idf[self.doc_words] * tf / (tf + norm[docs])
        self.eligible = (frequency >= 2) & (frequency * 2 <= size)
        usable = self.eligible[self.doc_words]
        words = self.doc_words[usable]
        order = np.argsort(words, kind="stable")
        self.word_ptr = np.concatenate(
            ([0], np.cumsum(np.bincount(words, minlength=len(self.words))))
        )
        self.word_docs = docs[usable][order]
        self.word_weights = self.doc_weights[usable][order]
        self.queries: dict[int, Any] = {}
        self.positions = np.zeros(size)

    def place(self, positions: Sequence[float]) -> None:
        """Each document's position, in key order, for ties."""
        self.positions = self.np.asarray(positions, dtype=float)

    def query(self, number: int) -> Any:
        """The document's ``QUERY_TERMS`` heaviest eligible words; equal weights in
        the order the words first appear in it (title first)."""
        if number not in self.queries:
            np = self.np
            start, end = self.doc_ptr[number], self.doc_ptr[number + 1]
            words = self.doc_words[start:end]
            usable = self.eligible[words]
            heaviest = np.argsort(-self.doc_weights[start:end][usable], kind="stable")
            self.queries[number] = words[usable][heaviest[:QUERY_TERMS]]
        return self.queries[number]

    def _scores(self, query: Any) -> Any:
        np = self.np
        starts, ends = self.word_ptr[query], self.word_ptr[query + 1]
        found = np.concatenate([self.word_docs[s:e] for s, e in zip(starts, ends, strict=True)])
        weights = np.concatenate(
            [self.word_weights[s:e] for s, e in zip(starts, ends, strict=True)]
        )
        scores = np.bincount(found, weights=weights, minlength=len(self.keys))
        return np.round(scores, SCORE_DIGITS)

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        np = self.np
        number = self.number[key]
        query = self.query(number)
        if len(query) == 0:
            return []
        scores = self._scores(query)
        scores[number] = 0.0
        scores[[self.number[k] for k in skip if k in self.number]] = 0.0
        found = np.flatnonzero(scores > 0)
        if len(found) > slots:
            cut = len(found) - slots
            found = found[scores[found] >= np.partition(scores[found], cut)[cut]]
        distance = np.abs(self.positions[found] - self.positions[number])
        found = found[np.lexsort((found, distance, -scores[found]))[:slots]]
        return [(self.keys[i], float(scores[i])) for i in found.tolist()]

    def matching_terms(self, key: str, other: str, limit: int) -> tuple[str, ...]:
        target = self.number[other]
        start, end = self.doc_ptr[target], self.doc_ptr[target + 1]
        weights = dict(
            zip(
                self.doc_words[start:end].tolist(),
                self.doc_weights[start:end].tolist(),
                strict=True,
            )
        )
        weighed = [
            (-round(weights[word], SCORE_DIGITS), self.words[word])
            for word in self.query(self.number[key]).tolist()
            if word in weights
        ]
        return tuple(word for _, word in sorted(weighed)[:limit])


def _count_all(
    keys: Sequence[str],
    digests: Mapping[str, bytes],
    documents: Mapping[str, str],
    store: CountStore | None,
) -> tuple[list[str], list[Counted]]:
    """The vocabulary and the words and counts of each of ``keys``' texts; a
    text the store has counted is not read (at 10,000 articles, reading every
    text back took more than a second). Ids never change while the store keeps
    them, so cached counts need no translation (nothing depends on which word
    has which id)."""
    known = store.load() if store is not None else Counts((), {})
    ids = {word: number for number, word in enumerate(known.words)}
    counted = [known.texts.get(digests[key]) or _count(documents[key], ids) for key in keys]
    words = list(ids)
    if store is not None:
        kept = {digests[key]: entry for key, entry in zip(keys, counted, strict=True)}
        fresh = sum(1 for digest in kept if digest not in known.texts)
        unused = len(known.texts) - (len(kept) - fresh)
        if fresh > RECOUNTED or unused > RECOUNTED or not known.texts:
            counts = Counts(words, kept, known.compacted if known.texts else len(words))
            store.save(_compact(counts) if len(words) * 4 > counts.compacted * 5 else counts)
    return words, counted


RECOUNTED = 32
"""Texts the word store may lack, or hold unused, before it is written again: an
edit counts its own text again rather than rewrite every text's counts (0.08 s
at 10,000 articles, on every body edit of a site that ranks by text)."""


def _count(text: str, ids: dict[str, int]) -> Counted:
    """Words are lower-cased runs of two letters or more; a word not in ``ids``
    gets the next id. ``Counter``, the set difference and ``map`` loop in C."""
    counted = Counter(_WORDS.findall(text.lower()))
    fresh = sorted(set(counted).difference(ids))  # walks the text's words, not ``ids``
    ids.update(zip(fresh, range(len(ids), len(ids) + len(fresh)), strict=True))
    numbers = array("I", map(ids.__getitem__, counted))
    return numbers.tobytes(), array("I", counted.values()).tobytes()


def _compact(counts: Counts) -> Counts:
    """The same counts with ids renumbered over the words still used: edits and
    deleted articles leave words behind, and the vocabulary is compacted once it
    has grown by a quarter."""
    import numpy as np

    entries = list(counts.texts.items())
    ids = np.frombuffer(b"".join(numbers for _, (numbers, _) in entries), dtype=np.uint32)
    used, renumbered = np.unique(ids, return_inverse=True)
    data = renumbered.astype(np.uint32).tobytes()
    texts, at = {}, 0
    for digest, (numbers, tally) in entries:
        texts[digest] = (data[at : at + len(numbers)], tally)
        at += len(numbers)
    return Counts([counts.words[i] for i in used.tolist()], texts, len(used))


def _arrays(
    vocabulary: list[str], counted: Sequence[Counted], stop: frozenset[str], np: Any
) -> tuple[list[str], Any, Any, Any]:
    """For every (text, word) pair, texts in order and each text's words in the
    order they first appear in it: the text's number, the word's id and the
    count; stop words and numbers left out. No Python loop over words."""
    ids = np.frombuffer(b"".join(numbers for numbers, _ in counted), dtype=np.uint32)
    tf = np.frombuffer(b"".join(tally for _, tally in counted), dtype=np.uint32)
    sizes = [len(numbers) // 4 for numbers, _ in counted]
    docs = np.repeat(np.arange(len(counted), dtype=np.int32), sizes)
    kept = np.fromiter(
        (not (word in stop or word.isdigit()) for word in vocabulary), bool, len(vocabulary)
    )
    keep = kept[ids]
    return vocabulary, docs[keep], ids[keep].astype(np.int32), tf[keep].astype(np.float64)
