"""The search index: Pagefind records fed from the site model, returned as files.

Takes the Site and returns the Pagefind bundle (index, fragments, filters, the
``pagefind.js`` runtime and the default UI) as files under ``pagefind/``, so
the index goes through the same atomic write as every page: its fragments and
word chunks, most of its bytes, already written into the build's staging
folder (``StagedFile``s), the rest in memory. Records are
built from the rendered articles instead of crawling the written HTML: each
has the article's site-relative URL (Pagefind adds the base path it is served from),
its plain text, its title, image and date as metadata and its section, tags
and authors as filters.

Pagefind runs as a service process (``pagefind_extended --service``) speaking
base64 JSON messages separated by commas on stdin and stdout; the client here
is synchronous, one message at a time, so it needs no event loop and no
polling delay, and a large index is read whole. Pagefind holds every record
until it writes the index, so a large site is indexed in batches, each by its
own short-lived process, and ``pagefind.merge`` joins them into one index.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
import json
import operator
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, overload

from sitegen.model import (
    Blob,
    Output,
    OutputFile,
    Outputs,
    RenderedArticle,
    Site,
    Urls,
    blob_bytes,
    source_of,
)
from sitegen.post import pagefind
from sitegen.urlpaths import encode_url_path

SEARCH_DIR = "pagefind"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One searchable article, as Pagefind's ``AddRecord`` takes it."""

    url: str
    """Site-relative (``/articles/x/``); Pagefind's runtime prefixes the base path it was
    loaded from, so a site under ``/blog/`` links to ``/blog/articles/x/``."""
    content: str
    """Plain text: title, summary, body (or see ``parts``)."""
    meta: Mapping[str, str]
    filters: Mapping[str, tuple[str, ...]]
    made_from: str = ""
    """Digest of what ``content`` is made of (title, summary, body), so the record is
    fingerprinted without hashing its text; empty means hash the text."""
    parts: tuple[str, ...] = ()
    """The text in pieces, joined only for the few records a build indexes:
    joining every article's text costs a large site most of a second per build."""
    source: str = ""
    """The article it is made from (its identity in the site model); Pagefind is
    not given it."""

    def text(self) -> str:
        """``content``, or the ``parts`` joined by newlines."""
        return "\n".join(self.parts) if self.parts else self.content


class SiteRecords(Sequence[SearchRecord]):
    """One record per published article, in the site's order (newest first), each
    made when it is read.

    A base index reads every record twice, for its digest and when Pagefind is
    given its batch. Making one again costs a few microseconds; holding all of
    them from the first read to the last batch cost a 100,000-article build
    60 to 90 MB over its page map."""

    def __init__(self, site: Site, urls: Urls) -> None:
        self._site, self._urls, self._names = site, urls, _names(site)

    def __len__(self) -> int:
        return len(self._site.articles)

    @overload
    def __getitem__(self, at: int) -> SearchRecord: ...

    @overload
    def __getitem__(self, at: slice) -> list[SearchRecord]: ...

    def __getitem__(self, at: int | slice) -> SearchRecord | list[SearchRecord]:
        if isinstance(at, slice):
            return list(map(self._made, self._site.articles[at]))
        return self._made(self._site.articles[at])

    def __iter__(self) -> Iterator[SearchRecord]:
        return map(self._made, self._site.articles)

    def _made(self, rendered: RenderedArticle) -> SearchRecord:
        return _record(self._site, self._urls, rendered, self._names)

    def sources(self) -> list[str]:
        """Each record's article, in the records' order."""
        return [rendered.article.source for rendered in self._site.articles]

    def by_url(self) -> dict[str, str]:
        """Each record's ``url`` → its article: without making the records."""
        urls = self._site.urls
        return {encode_url_path(urls[source]): source for source in self.sources()}


def _names(site: Site) -> dict[str, str]:
    """Tag and author slug → the name a record's filters show."""
    return {t.slug: t.name for t in (*site.tags, *site.authors)}


def _record(
    site: Site, urls: Urls, rendered: RenderedArticle, names: Mapping[str, str]
) -> SearchRecord:
    article = rendered.article
    meta = {"title": article.title, "date": article.date.date().isoformat()}
    if not article.dated:  # a page: its date is no date
        del meta["date"]
    if article.image and ("://" in article.image or article.image.startswith("/")):
        meta["image"] = urls.media(article.image)
        meta["image_alt"] = article.image_alt or ""
    filters: dict[str, tuple[str, ...]] = {
        "tag": tuple(names.get(t, t) for t in site.article_tags.get(article.source, ())),
        "author": tuple(names.get(a, a) for a in site.article_authors.get(article.source, ())),
    }
    if article.section:
        filters["section"] = (article.section,)
    return SearchRecord(
        url=encode_url_path(site.urls[article.source]),
        content="",
        parts=(article.title, rendered.summary, rendered.text),
        meta=meta,
        filters={k: v for k, v in sorted(filters.items()) if v},
        made_from=f"{article.title}\0{rendered.digest}" if rendered.digest else "",
        source=article.source,
    )


class PagefindError(RuntimeError):
    """The Pagefind service failed: a broken installation, not an author's mistake."""


class _PagefindService:
    """A ``pagefind --service`` process, one request and one response at a time."""

    def __init__(self, executable: Path) -> None:
        self.process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.message_id = 0
        assert self.process.stdout is not None
        self.responses = _Responses(self.process.stdout)

    def send(self, payload: Mapping[str, object]) -> dict[str, object]:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        self.message_id += 1
        message = {"message_id": self.message_id, "payload": dict(payload)}
        stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
        stdin.flush()
        response = json.loads(base64.b64decode(self.responses.next()))
        result: dict[str, object] = response["payload"]
        if result.get("type") == "Error":
            raise PagefindError(f"pagefind: {result.get('message')}")
        return result

    def send_all(self, payloads: Iterable[Mapping[str, object]]) -> None:
        """Send many requests without waiting for each answer; fail on any error.

        One write and a few large reads, not one per message: each call needs
        this interpreter's lock, which a build busy in another thread hands
        over only every few milliseconds.
        """
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        messages = []
        for payload in payloads:
            self.message_id += 1
            message = {"message_id": self.message_id, "payload": dict(payload)}
            messages.append(base64.b64encode(json.dumps(message).encode()) + b",")
        data = b"".join(messages)

        def write() -> None:
            try:
                stdin.write(data)
                stdin.flush()
            except OSError:
                pass  # the service died; reading below reports it

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers = self.responses.take(len(messages))
        writer.join()
        for answer in answers:
            response = json.loads(base64.b64decode(answer))
            if response["payload"].get("type") == "Error":
                raise PagefindError(f"pagefind: {response['payload'].get('message')}")

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.terminate()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class _Responses:
    """Comma-separated responses from the service's stdout, however they arrive."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buffer = b""

    def next(self) -> bytes:
        """The next response; linear in its size however many reads it takes."""
        parts: list[bytes] = []
        while (end := self.buffer.find(b",")) < 0:
            parts.append(self.buffer)
            self.buffer = self.stream.read1(1 << 20) if hasattr(self.stream, "read1") else b""
            if not self.buffer:
                raise PagefindError("pagefind: the service stopped before answering")
        parts.append(self.buffer[:end])
        self.buffer = self.buffer[end + 1 :]
        return b"".join(parts)

    def take(self, count: int) -> list[bytes]:
        """The next ``count`` responses, read in as few calls as the pipe allows."""
        parts = [self.buffer]
        found = self.buffer.count(b",")
        while found < count:
            chunk = self.stream.read1(1 << 20) if hasattr(self.stream, "read1") else b""
            if not chunk:
                raise PagefindError("pagefind: the service stopped before answering")
            parts.append(chunk)
            found += chunk.count(b",")
        pieces = b"".join(parts).split(b",")
        self.buffer = b",".join(pieces[count:])
        return pieces[:count]


def _executable() -> Path:
    """The binary ``pagefind.service`` would run, found without importing it (and
    asyncio, which it imports) when ``pagefind[extended]`` installed it: that
    import cost an edit's search stage a sixth of its time."""
    if "PAGEFIND_BINARY_PATH" not in os.environ:
        try:
            from pagefind_bin_extended import get_executable as extended

            return Path(extended())
        except (ImportError, OSError):
            pass
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise PagefindError("pagefind: no Pagefind binary; install 'pagefind[extended]'")
    return found


def index_records(records: Sequence[SearchRecord], language: str) -> dict[str, bytes]:
    """Run Pagefind over ``records``; returns its bundle, path (in ``pagefind/``) → bytes.

    Records are streamed to the service from a thread while responses are read
    here, so Pagefind indexes on all its threads instead of one record per
    round trip.
    """
    service = _PagefindService(_executable())
    try:
        created = service.send({"type": "NewIndex", "config": {"force_language": language}})
        index_id = created["index_id"]
        service.send_all(
            {
                "type": "AddRecord",
                "index_id": index_id,
                "url": record.url,
                "content": record.text(),
                "language": language,
                "meta": dict(record.meta),
                "filters": {k: list(v) for k, v in record.filters.items()},
                "sort": None,
            }
            for record in records
        )
        files = service.send({"type": "GetFiles", "index_id": index_id})["files"]
    finally:
        service.close()
    assert isinstance(files, list)
    return {str(f["path"]): base64.b64decode(f["content"]) for f in files}


class BundleStore(Protocol):
    """Where a previous Pagefind bundle is kept between builds (the build's cache).

    Keys used: ``POINTER_KEY`` (names the base), the base's key, that key plus
    ``-head`` (its entry, metadata, page map and output paths: all a build reads
    of the base when its files are already in the output), the delta's key and
    the key of the entry and metadata with this build's stale pages marked.
    """

    def get(
        self, key: str, keep: Callable[[str, bytes], Blob] | None = None
    ) -> Mapping[str, Blob] | None:
        """The bundle ``key``, each file handed to ``keep`` as it is read."""

    def put(self, key: str, bundle: Mapping[str, Blob]) -> None:
        """Keep ``bundle``, reading its staged files one at a time: never all at once."""

    def keep(self, keys: Sequence[str]) -> None: ...


def record_digest(record: SearchRecord, salt: str) -> str:
    """A hash of everything Pagefind is given for ``record``; ``salt`` from ``digest_salt``."""
    content = f"made from {record.made_from}" if record.made_from else record.text()
    given = (salt, record.url, content, record.meta, record.filters)
    return hashlib.blake2b(repr(given).encode(), digest_size=16).hexdigest()


def digest_salt(language: str) -> str:
    """What every record's index depends on: the language and the Pagefind that
    indexes, known by its binary's size and time. (Its package's version is read
    with ``importlib.metadata``, whose import alone cost a one-article edit's
    search stage 10 to 15 ms.)"""
    return f"{_pagefind_signature()}\0{language}"


def _pagefind_signature() -> str:
    try:
        status = _executable().stat()
    except (PagefindError, OSError):
        return "unknown"
    return f"{status.st_size}:{status.st_mtime_ns}"


DELTA_DIR = "delta"
DELTA_LIMIT = 150
"""Records the delta index may hold before the next build indexes the whole site
again: Pagefind cannot update an index, so every build that changes a record
indexes the whole delta (about 4 ms a record), and a body edit should stay well
under a second."""

POINTER_KEY = "pagefind-base"
"""Store key of the small bundle naming the current base index."""
_POINTER = "base.json"
_BASE = "sitegen-base.json"
"""Beside the base: per article source, its page, the digest of its record and
where the page is in the metadata. (Before it was named so, the file was keyed by URL.)"""
_COLUMNS = ("sources", "pages", "digests", "offsets")
_PATHS = "sitegen-paths.json"


def search_roots() -> tuple[str, ...]:
    """Site paths of the two bundles the search page loads: the base, then the delta."""
    return (f"/{SEARCH_DIR}/", f"/{SEARCH_DIR}/{DELTA_DIR}/")


Fill = Callable[[Sequence[SearchRecord]], list[SearchRecord]]
"""The same records with their text, where the site model left it out."""


class Index(Protocol):
    """``index(records, language, fill, spill)``: the canonical Pagefind bundle of the
    records, ``fill`` giving those whose text is left out their text as they are
    indexed; its bulky files written to ``spill`` (``pagefind.spilled``) as they
    are made, where the index can."""

    def __call__(
        self,
        records: Sequence[SearchRecord],
        language: str,
        fill: Fill | None = None,
        spill: pagefind.Spill | None = None,
    ) -> Mapping[str, Blob]: ...


FILL_BLOCK = 256
"""Records given their text at a time (``Fill``): reading bodies back from the store
costs a few queries per block, and a block's text is all the index holds beyond
the batch Pagefind is given."""


BATCH_TEXT = 2_000_000
"""Characters of text one Pagefind process is given at most. Pagefind keeps all it
is given until it writes the index, about 35 bytes for each character (a batch
this size peaks near 75 MB): a larger site is indexed in batches, so the memory
indexing takes stays that of one batch however large the site (10,000 articles
in one process took 2 GB). Much smaller batches only add processes and merging."""

BATCH_RECORDS = 2_000
"""Records one Pagefind process is given at most, however short: each costs it
about 17 kB besides its text (its fragment, metadata and filters)."""


def record_batches(records: Iterable[SearchRecord]) -> Iterator[list[SearchRecord]]:
    """``records`` cut, in order, into batches within ``BATCH_TEXT`` and ``BATCH_RECORDS``
    (a record longer than ``BATCH_TEXT`` is a batch of its own). Lazy: a batch is
    cut as its records arrive, so records given their text on the way
    (``filled``) hold no more of it than the batch being cut."""
    batch: list[SearchRecord] = []
    text = 0
    for record in records:
        size = sum(map(len, record.parts)) if record.parts else len(record.content)
        if batch and (text + size > BATCH_TEXT or len(batch) >= BATCH_RECORDS):
            yield batch
            batch, text = [], 0
        batch.append(record)
        text += size
    if batch:
        yield batch


def filled(records: Sequence[SearchRecord], fill: Fill | None) -> Iterator[SearchRecord]:
    """``records`` with their text, given ``FILL_BLOCK`` at a time as they are taken:
    a large site's text (70 MB at 10,000 articles) is never all held at once."""
    if fill is None:
        yield from records
        return
    for start in range(0, len(records), FILL_BLOCK):
        yield from fill(records[start : start + FILL_BLOCK])


def index_here(
    records: Sequence[SearchRecord],
    language: str,
    fill: Fill | None = None,
    spill: pagefind.Spill | None = None,
) -> dict[str, Blob]:
    """Pagefind on this machine (the default ``Index``): one process for a site
    within one batch (``record_batches``), else one per batch, one after the
    other, and their merge. Records are given their text (``fill``) as their
    batch is cut, so indexing holds one batch's text, not the site's. With
    ``spill``, each batch's fragments and word chunks are written there as the
    batch ends, and the merge writes its chunks there too: indexing then holds
    one batch's files and every batch's metadata and filters, not the index
    (at 30,000 articles, 180 MB held from the first batch to the write).

    One batch at a time, one batch's memory is all indexing takes: two at once
    (on two cores, in a cold build of 10,000 articles, where the rest of the
    build runs beside the index) gained no measurable time (median 79 s against
    81 s) for twice the memory."""
    batches = record_batches(filled(records, fill))
    first = next(batches, [])
    second = next(batches, None)
    if second is None:
        return pagefind.spilled(pagefind.canonical_bundle(index_records(first, language)), spill)
    bundles = [pagefind.spilled(index_records(first, language), spill)]
    del first
    for batch in itertools.chain([second], batches):
        # One runtime is enough: the later batches give only their index parts.
        parts = pagefind.index_parts(index_records(batch, language))
        bundles.append(pagefind.spilled(parts, spill))
        del batch, parts
    merged = pagefind.merge(bundles, spill)
    if spill is not None:  # the batches' word chunks, merged into new ones
        spill.discard(bundles, kept=merged)
    return merged


@dataclass(frozen=True, slots=True)
class RecordDigests:
    """``record_digest`` of each article's search record, by article source, as far
    as they are known, for one site model.

    A record is a pure function of its article and of what the whole site shares
    (the config, the URLs, the names of tags and authors). An edit that changes a
    few articles and nothing the site shares changes only their records, so the
    site model patched for them carries these digests ``without`` theirs and
    ``search_index`` builds and hashes only those few records: building every
    article's costs a large site a fifth of a second per edit. They are kept with
    the site model, not with the search index: a preview may never make the index
    of an edit, and digests kept there would stay an edit behind.
    """

    salt: str = ""
    """The ``digest_salt`` they were made with: with another, none is used."""
    by_source: Mapping[str, str] = field(default_factory=dict)

    def without(self, sources: Collection[str]) -> RecordDigests:
        """These digests but those of ``sources``, whose records may have changed."""
        kept = dict(self.by_source)
        for source in sources:
            kept.pop(source, None)
        return RecordDigests(self.salt, kept)


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """What ``search_index`` makes: the files, and the digests of every record,
    for the site model to carry to the next build."""

    files: Outputs
    """Sorted by path within each part: the base's files kept from the last build
    (at 100,000 articles, 100,000 of them, told as one map rather than an object
    each), then those made."""
    digests: RecordDigests


@dataclass(frozen=True, slots=True)
class _Base:
    """The base index: its store key and, per article it indexed (in columns:
    a large site's base is read back every build), its source, page hash, the
    digest of its record and the page's place in the metadata file."""

    key: str
    sources: Sequence[str]
    pages: Sequence[str]
    digests: Sequence[str]
    offsets: Sequence[int]
    """Where each page's name is in the metadata file (``pagefind.page_offsets``)."""
    paths: Sequence[str] = ()
    """Its output paths but those of its entry and metadata (``mark_stale`` writes
    them), kept beside it so reusing it never reads the big bundle."""
    head: Mapping[str, bytes] = field(default_factory=dict)
    """Its entry and metadata files, as stored beside it."""

    def compare(self, current: Mapping[str, str]) -> tuple[list[str], list[str], int]:
        """Against every article's record digest now (``current``): the articles
        whose record it does not hold, the pages whose record changed or went,
        and how many went. (Run every build over every article: in C loops.)"""
        now = list(map(current.get, self.sources))
        rows = list(itertools.compress(range(len(now)), map(operator.ne, self.digests, now)))
        gone = sum(1 for row in rows if now[row] is None)
        changed = [self.sources[row] for row in rows if now[row] is not None]
        if len(self.sources) - gone != len(current):  # articles it never held
            held = set(self.sources)
            changed.extend(source for source in current if source not in held)
        return changed, [self.pages[row] for row in rows], gone

    @classmethod
    def read(cls, key: str, made_of: bytes, **others: Any) -> _Base:
        """The base from its ``_BASE`` file; raises ValueError when it is not one."""
        columns = json.loads(made_of)
        sources, pages, digests, offsets = (columns[c] for c in _COLUMNS)
        if not all(
            isinstance(c, list) and len(c) == len(sources) for c in (pages, digests, offsets)
        ):
            raise ValueError(f"{_BASE} is damaged")
        return cls(key, sources, pages, digests, offsets, **others)


def search_index(
    site: Site,
    urls: Urls,
    store: BundleStore | None = None,
    jobs: int = 1,
    known: Mapping[str, str] | None = None,
    fill: Fill | None = None,
    index: Index = index_here,
    digests: RecordDigests | None = None,
    staging: Path | None = None,
) -> SearchIndex:
    """The site's search index as files under ``pagefind/``, sorted by path.

    Two Pagefind indexes, which the search page merges: the *base* under
    ``pagefind/`` (every article, indexed when there is no usable base or the
    delta outgrew ``DELTA_LIMIT``) and the *delta* under ``pagefind/delta/``
    (the articles added or changed since the base was made). The base's
    metadata marks the pages the delta replaces or that were deleted, so the
    search page never shows a stale or deleted article. A build without a
    stored base (a clean build) makes a base of everything and an empty delta;
    after edits the files differ from that but a search finds the same articles.

    Each file's key is its part's; when the last build's output (``known``)
    already carries the base's key on every base file, those come back kept
    (``Outputs.kept``). ``jobs`` is unused: ``index_here`` runs its batches one at a
    time. ``fill`` gives the records whose text is left out (a site model read
    back without its bodies) their text, as ``index`` gives them to Pagefind;
    their digests do not read it.
    ``index`` runs Pagefind (elsewhere, on a cluster). ``digests``: those the site
    model carries (``RecordDigests``); only the other articles' records are built
    to compare with the base, and only the changed ones are given Pagefind.
    ``staging``: the build's staging folder, where the index's fragments and word
    chunks are written as they are made and read from when the store keeps them
    (``pagefind.Spill``): they come back as ``StagedFile``s, so the build does not
    hold them until the write. Without it they come back in memory.
    """
    del jobs
    spill = _spill(staging)
    language = site.config.language.split("-")[0].lower() or "en"
    salt = digest_salt(language)
    current = _current_digests(site, urls, salt, digests)
    base, bundle = _stored_base(store), None
    compared = base.compare(current) if base is not None else None
    if compared is not None and len(compared[0]) + compared[2] > DELTA_LIMIT:
        base = None
    reused = _reused_base(base, known) if base is not None else None
    if base is not None and reused is None:
        bundle = _get(store, base.key, spill)  # None: the store lost it since it named it
    if base is None or (reused is None and bundle is None):
        records = SiteRecords(site, urls)
        # Made afresh: what the new base records of each page is what it indexed.
        current = {r.source: record_digest(r, salt) for r in records}
        base, bundle = _make_base(records, current, language, store, index, fill, spill)
        compared = [], [], 0  # it holds every article's record as it is now
    changed, stale_pages, _ = compared or base.compare(current)
    stale = frozenset(stale_pages)
    kept = dict.fromkeys(sorted(reused or ()), base.key)
    files: list[Output] = []
    head_files = dict(base.head)
    if bundle is not None:
        head_files = pagefind.head(bundle)
        files.extend(
            _output(f"{SEARCH_DIR}/{name}", data, base.key)
            for name, data in sorted(bundle.items())
            if name not in head_files and name != _BASE
        )
        del bundle
    head_key = hashlib.sha256(f"{base.key}\0{sorted(stale)}".encode()).hexdigest()
    marked = _get(store, head_key) if stale else head_files
    if marked is None:
        offsets = {p: at for p, at in zip(base.pages, base.offsets, strict=True) if at >= 0}
        marked = pagefind.mark_stale(head_files, stale, offsets)
        if store is not None:
            store.put(head_key, marked)
    files.extend(
        _output(f"{SEARCH_DIR}/{name}", data, head_key) for name, data in sorted(marked.items())
    )
    made_of = sorted(f"{source}\0{current[source]}" for source in changed)
    delta_key = hashlib.sha256(f"{base.key}\0{made_of}".encode()).hexdigest()
    delta = _get(store, delta_key)
    if delta is None:
        fresh = _records(site, urls, changed)
        made = index(fresh, language, fill, spill) if fresh else None
        delta = pagefind.index_parts(made) if made else {**pagefind.empty_index(head_files)}
        if store is not None:
            store.put(delta_key, delta)
    files.extend(
        _output(f"{SEARCH_DIR}/{DELTA_DIR}/{name}", data, delta_key)
        for name, data in sorted(delta.items())
    )
    if store is not None:
        marks = [head_key] if stale else []
        store.keep([POINTER_KEY, base.key, base.key + "-head", *marks, delta_key])
    found = RecordDigests(salt, current)
    return SearchIndex(Outputs(kept, sorted(files, key=_PATH)), found)


_PATH = operator.attrgetter("path")


def _current_digests(
    site: Site, urls: Urls, salt: str, digests: RecordDigests | None
) -> Mapping[str, str]:
    """Every article's record digest, by source: those ``digests`` knows, the
    others made from their records."""
    known = digests.by_source if digests is not None and digests.salt == salt else {}
    # Asked of every article on each edit: the passes are in C (``map``, ``compress``).
    sources = list(map(source_of, site.articles))
    rows = itertools.compress(
        itertools.count(), map(operator.not_, map(known.__contains__, sources))
    )
    missing = [site.articles[row] for row in rows]
    if not missing and len(known) == len(site.articles):
        return known
    names = _names(site)
    found = {r.article.source: record_digest(_record(site, urls, r, names), salt) for r in missing}
    current = {**known, **found}
    if len(current) != len(site.articles):  # ``known`` has articles the site has not
        current = dict(zip(sources, map(current.__getitem__, sources), strict=True))
    return current


def _records(site: Site, urls: Urls, sources: Collection[str]) -> list[SearchRecord]:
    """The records of the articles ``sources``, in the site's order."""
    wanted = set(sources)
    names = _names(site) if wanted else {}
    return [_record(site, urls, r, names) for r in site.articles if r.article.source in wanted]


def _spill(staging: Path | None) -> pagefind.Spill | None:
    """A folder of its own in ``staging`` for this index's files; None without one."""
    if staging is None:
        return None
    try:
        return pagefind.Spill(Path(tempfile.mkdtemp(prefix="search-", dir=staging)))
    except OSError:  # the files then stay in memory, which costs memory, not the build
        return None


def _output(path: str, data: Blob, key: str) -> Output:
    """The output file of a bundle's file: staged already, or in memory."""
    return OutputFile(path, data, key=key) if isinstance(data, bytes) else data.as_output(path, key)


def _get(
    store: BundleStore | None, key: str, spill: pagefind.Spill | None = None
) -> dict[str, Blob] | None:
    """The bundle ``key`` from the store, its bulky files written to ``spill``: the
    base read back for an output that lost it is the whole index."""
    if store is None:
        return None
    found = store.get(key, functools.partial(pagefind.spilled_file, spill=spill))
    return dict(found) if found is not None else None


def _stored_base(store: BundleStore | None) -> _Base | None:
    """The base the last build used, when the store still has it."""
    if store is None:
        return None
    pointer = store.get(POINTER_KEY)
    try:
        key = json.loads(blob_bytes(pointer[_POINTER]))["base"] if pointer else None
        stored = store.get(key + "-head") if key else None
        if key is None or stored is None:
            return None
        paths = json.loads(blob_bytes(stored[_PATHS]))
        head = {n: blob_bytes(d) for n, d in stored.items() if n not in (_BASE, _PATHS)}
        return _Base.read(key, blob_bytes(stored[_BASE]), paths=paths, head=head)
    except (KeyError, ValueError, TypeError):
        return None


def _base_columns(
    records: SiteRecords, digests: Mapping[str, str], bundle: Mapping[str, Blob]
) -> bytes:
    """The base's page map (``_BASE``): each article's page, digest and offset in the
    metadata, as ``json.dumps(columns, sort_keys=True)`` writes them. Its own
    function, so that the maps it is made of (at 100,000 articles, four of
    100,000 entries) are let go before the bundle is stored; one column encoded
    at a time, because the JSON of all four at once took three times the
    bytes it makes (4.4 MB beyond them at 10,000 articles, 1.6 MB this way)."""
    sources = records.by_url()
    pages = {sources[url]: page for page, url in pagefind.page_urls(bundle)}
    del sources
    metas = [data for name, data in pagefind.head(bundle).items() if name != pagefind.ENTRY]
    offsets = pagefind.page_offsets(metas[0]) if metas else {}
    order = sorted(pages)
    columns: dict[str, Callable[[], list[Any]]] = {
        "digests": lambda: [digests[source] for source in order],
        "offsets": lambda: [offsets.get(pages[source], -1) for source in order],
        "pages": lambda: [pages[source] for source in order],
        "sources": lambda: order,
    }
    pieces: list[bytes] = []
    for name, column in columns.items():
        pieces.append((b", " if pieces else b"{") + json.dumps(name).encode() + b": ")
        pieces.append(json.dumps(column()).encode())
    return b"".join((*pieces, b"}"))


def _make_base(
    records: SiteRecords,
    digests: Mapping[str, str],
    language: str,
    store: BundleStore | None,
    index: Index = index_here,
    fill: Fill | None = None,
    spill: pagefind.Spill | None = None,
) -> tuple[_Base, dict[str, Blob]]:
    """Index every record as the new base, store it and point the store at it;
    ``fill`` gives the records without their text their text as they are indexed.
    The bundle's bulky files are in ``spill`` when given (an ``index`` that cannot
    write them there, as a cluster's, has them written when it returns).

    The base comes back without its columns: it holds every record as it is
    now, so this build has nothing to compare with it, and reading the page
    map back (at 100,000 articles, 100,000 sources, pages and digests) made
    the build's largest moment, 41 MB, as the index ended beside the page workers."""
    key = hashlib.sha256(repr([digests[s] for s in records.sources()]).encode()).hexdigest()
    bundle = _get(store, key, spill)
    if bundle is None or _BASE not in bundle:
        made = pagefind.spilled(index(records, language, fill, spill), spill)
        bundle = pagefind.short_page_names(made, key[:4])
        del made
        bundle[_BASE] = _base_columns(records, digests, bundle)
        if store is not None:
            store.put(key, bundle)
    head = pagefind.head(bundle)
    if store is not None:
        paths = [f"{SEARCH_DIR}/{name}" for name in sorted(bundle) if name not in (*head, _BASE)]
        kept = {_BASE: bundle[_BASE], _PATHS: json.dumps(paths).encode()}
        store.put(key + "-head", {**head, **kept})
        store.put(POINTER_KEY, {_POINTER: json.dumps({"base": key}).encode()})
    return _Base(key, (), (), (), (), head=head), bundle


def _reused_base(base: _Base, known: Mapping[str, str] | None) -> Sequence[str] | None:
    """The base's output paths when the last build wrote them with this key."""
    if not base.paths or not known:
        return None
    return base.paths if all(map(base.key.__eq__, map(known.get, base.paths))) else None
