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
queries. Counting words and scoring are numpy operations over all articles at
once: ``bm25s``' own tokenizer and indexer loop in Python over every word and
took 4-6 s for 10,000 articles where this takes under 3 s (see ``build``).
numpy is imported only when some related list needs text.

Everything here works on opaque keys. Documents are numbered in key order,
sums run in a fixed order, and scores are rounded to ``SCORE_DIGITS``
decimals, so the same texts always give the same scores, and two candidates
equally close are left for the caller to order (by date, then key).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from importlib import metadata
from typing import Any

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


class TextNeighbours:
    """Other documents by closeness of text; nothing is computed before it is asked.

    ``documents`` maps each key to its text (for an article: title, summary,
    body). ``used`` tells whether any ranking asked, so a cache of related
    lists knows whether the texts matter to them.
    """

    def __init__(self, documents: Mapping[str, str], language: str) -> None:
        self.documents = documents
        self.language = language
        self.used = False
        self._model: _Model | None = None
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """Changes whenever a score could: any text or key, the language, this code."""
        if self._fingerprint is None:
            digest = hashlib.blake2b(digest_size=16)
            digest.update(f"{FORMAT}\0{self.language}\0{_stop_list_version()}".encode())
            for key in sorted(self.documents):
                digest.update(f"\0{key}\0{len(self.documents[key])}\0".encode())
                digest.update(self.documents[key].encode())
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def _ready(self) -> _Model:
        self.used = True
        if self._model is None:
            self._model = _Model(self.documents, stop_words(self.language))
        return self._model

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        """The ``slots`` best-scoring other keys, and any tied with the last, best first.

        Never ``key`` itself, a key of ``skip``, or a document matching none
        of ``key``'s query words. Ties come in key order.
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
    try:
        return metadata.version("bm25s")
    except metadata.PackageNotFoundError:
        return ""


class _Model:
    """BM25 weights of every (document, word) pair, by document and by word.

    ``by_doc`` holds each document's words in id order (CSR); ``by_word`` holds
    each word's documents in number order (CSC), which is what scoring walks.
    """

    def __init__(self, documents: Mapping[str, str], stop: frozenset[str]) -> None:
        import numpy as np

        self.np: Any = np
        self.keys = sorted(documents)
        self.number = {key: i for i, key in enumerate(self.keys)}
        size = len(self.keys)
        self.words, docs, self.doc_words, tf = _count_words(
            [documents[key] for key in self.keys], stop, np
        )
        self.doc_ptr = np.searchsorted(docs, np.arange(size + 1))
        frequency = np.bincount(self.doc_words, minlength=len(self.words))
        idf = np.log1p((size - frequency + 0.5) / (frequency + 0.5))
        length = np.bincount(docs, weights=tf, minlength=size)
        norm = K1 * (1 - B + B * length / max(float(length.mean()), 1.0))
        self.doc_weights = idf[self.doc_words] * tf / (tf + norm[docs])
        order = np.argsort(self.doc_words, kind="stable")
        self.word_ptr = np.concatenate(([0], np.cumsum(frequency)))
        self.word_docs = docs[order]
        self.word_weights = self.doc_weights[order]
        eligible = ((frequency >= 2) & (frequency * 2 <= size))[self.doc_words]
        self.queries = self._queries(docs, eligible)

    def _queries(self, docs: Any, eligible: Any) -> list[Any]:
        """Each document's query: its ``QUERY_TERMS`` heaviest eligible words.

        One stable sort of every (document, word) pair by document, then
        weight: pairs are in word order, which is alphabetical, so equal
        weights are cut the same way each time.
        """
        np = self.np
        words, doc = self.doc_words[eligible], docs[eligible]
        order = np.lexsort((-self.doc_weights[eligible], doc))
        words, doc = words[order], doc[order]
        first = np.searchsorted(doc, np.arange(len(self.keys) + 1))
        return [
            words[first[i] : min(first[i] + QUERY_TERMS, first[i + 1])]
            for i in range(len(self.keys))
        ]

    def _scores(self, number: int) -> Any:
        np = self.np
        query = self.queries[number]
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
        if len(self.queries[number]) == 0:
            return []
        scores = self._scores(number)
        scores[number] = 0.0
        scores[[self.number[k] for k in skip if k in self.number]] = 0.0
        found = np.flatnonzero(scores > 0)
        if len(found) > slots:
            cut = len(found) - slots
            found = found[scores[found] >= np.partition(scores[found], cut)[cut]]
        ranked = sorted((-float(scores[i]), int(i)) for i in found)
        return [(self.keys[i], -negative) for negative, i in ranked]

    def matching_terms(self, key: str, other: str, limit: int) -> tuple[str, ...]:
        np = self.np
        target = self.number[other]
        start, end = self.doc_ptr[target], self.doc_ptr[target + 1]
        own = self.doc_words[start:end]
        weighed = []
        for word in self.queries[self.number[key]]:
            at = int(np.searchsorted(own, word))
            if at < len(own) and own[at] == word:
                weight = round(float(self.doc_weights[start + at]), SCORE_DIGITS)
                weighed.append((-weight, self.words[word]))
        return tuple(word for _, word in sorted(weighed)[:limit])


def _count_words(
    texts: Sequence[str], stop: frozenset[str], np: Any
) -> tuple[list[str], Any, Any, Any]:
    """Every text's distinct words with their counts: the vocabulary in
    alphabetical order, then for each (text, word) pair, in that order, the
    text's number, the word's id and the count.

    Words are lower-cased; stop words and numbers are left out. Python does
    no work per word: ``Counter`` counts in C, and ids come from a dict
    filled by ``map`` (each new word gets the running count, an id that is
    unique though not dense; numpy makes them dense).
    """
    words: list[str] = []
    counts: list[int] = []
    sizes: list[int] = []
    for text in texts:
        counted = Counter(_WORDS.findall(text.lower()))
        words.extend(counted)
        counts.extend(counted.values())
        sizes.append(len(counted))
    first_seen: dict[str, int] = {}
    raw = np.fromiter(map(first_seen.setdefault, words, itertools.count()), np.int64, len(words))
    ids = np.unique(raw, return_inverse=True)[1]  # dense, in order of first appearance
    vocabulary = list(first_seen)
    alphabetical = sorted(range(len(vocabulary)), key=vocabulary.__getitem__)
    rank = np.empty(len(vocabulary), dtype=np.int32)
    rank[alphabetical] = np.arange(len(vocabulary), dtype=np.int32)
    kept = np.fromiter(
        (not (word in stop or word.isdigit()) for word in vocabulary), bool, len(vocabulary)
    )
    docs = np.repeat(np.arange(len(texts), dtype=np.int32), sizes)
    keep = kept[ids]
    ids, docs = rank[ids[keep]], docs[keep]
    tf = np.asarray(counts, dtype=np.float64)[keep]
    order = np.lexsort((ids, docs))
    return [vocabulary[i] for i in alphabetical], docs[order], ids[order], tf[order]
