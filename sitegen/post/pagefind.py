"""Everything sitegen knows about the inside of Pagefind's files, in one place.

Pagefind writes its index as gzip-compressed CBOR behind a ``pagefind_dcd``
signature (metadata ``*.pf_meta``, word chunks ``index/*.pf_index``, filters
``filter/*.pf_filter``) plus ``pagefind-entry.json`` naming the metadata file
and gzip-compressed JSON fragments (``fragment/*.pf_fragment``, one per page).
sitegen reads and rewrites some of them: to sort the filter files that
Pagefind writes in hash-map order (so two builds give the same bytes), to map
pages to URLs, to mark pages that a newer index replaces, to write an index of
no pages, and to merge the indexes of consecutive batches of records into the
one index Pagefind would have made of them all (``merge``). None of that is a
documented interface, so this module accepts only the Pagefind versions it was
tested with (``SUPPORTED``) and raises ``PagefindFormatError`` for any other,
rather than write a broken index.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import io
import itertools
import json
import operator
import os
import re
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import cbor2
from zlib_ng import gzip_ng

from sitegen.collector import collector_paused
from sitegen.digests import digest_bytes
from sitegen.errors import RunError
from sitegen.model import Blob, StagedBytes, blob_bytes

SUPPORTED = ("1.5.2",)
"""Pagefind versions whose file layout this module was tested against."""

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
STALE = "stale_"
"""Prefix of a page hash that a newer index replaces: the search page drops such
results (their fragment is still there under the hash without the prefix)."""

_META = re.compile(r"^pagefind\.(?P<lang>[^.]+)_(?P<hash>[0-9a-f]+)\.pf_meta$")
_FILTER = re.compile(r"^filter/(?P<lang>[^/]+)_(?P<hash>[0-9a-f]+)\.pf_filter$")
_FRAGMENT = re.compile(r"^fragment/(?P<hash>[^/]+)\.pf_fragment$")

# The metadata file is a CBOR array of six: the version, the pages ([name, word
# count] each), the word chunks ([from, to, name] each), the filters ([name, file]
# each), the sort orders and the names of the metadata fields (sorted), which the
# word index's metadata locations number from 1.
_META_VERSION, _META_PAGES, _META_CHUNKS, _META_FILTERS, _META_SORTS, _META_FIELDS = range(6)


class PagefindFormatError(RuntimeError):
    """A Pagefind file this module cannot read or was not tested with."""


def unpack(data: bytes) -> Any:
    """A ``.pf_meta``, ``.pf_index`` or ``.pf_filter`` file's value."""
    raw = _decompressed(data)
    if not raw.startswith(SIGNATURE):
        raise PagefindFormatError("pagefind: unexpected index file format")
    try:
        return cbor2.loads(raw[len(SIGNATURE) :])
    except cbor2.CBORDecodeError as error:
        raise PagefindFormatError(f"pagefind: unreadable index file ({error})") from None


def pack(value: Any) -> bytes:
    """The file for ``value``: the same bytes however often it is made (gzip without a time)."""
    return _packed_cbor(cbor2.dumps(value))


def _gzip(data: bytes, level: int) -> bytes:
    """A gzip file of ``data``, with no time in it, by zlib-ng (``gzip_ng``, a
    maintained drop-in for the standard library's, which declares no types):
    see ``_CHUNK_LEVEL``."""
    return cast(bytes, gzip_ng.compress(data, level, mtime=0))  # type: ignore[no-untyped-call]


def _gunzip(data: bytes) -> bytes:
    """``data`` out of its gzip file; raises OSError or EOFError when it is not one."""
    return cast(bytes, gzip_ng.decompress(data))  # type: ignore[no-untyped-call]


def _packed_cbor(encoded: bytes) -> bytes:
    """The file of a value already CBOR-encoded, as ``pack`` makes it."""
    return _gzip(SIGNATURE + encoded, _PACK_LEVEL)


_PACK_LEVEL = 6
"""The deflate level of the metadata and filter files this module writes: on the
10,000-article benchmark's metadata, zlib's level 6 makes 41,361 bytes in 17 ms
where level 9 makes 41,358 in 64 ms. A body edit rewrites the metadata to mark
its page stale, and at 100,000 articles level 9 cost it a fifth of a second.
Every file here is compressed and read by zlib-ng (``gzip_ng``), a maintained
drop-in for the standard library's zlib: see ``_CHUNK_LEVEL``."""


def check_version(bundle: Mapping[str, Blob]) -> str:
    """The bundle's Pagefind version, when this module supports it."""
    try:
        version = str(json.loads(blob_bytes(bundle[ENTRY]))["version"])
    except (KeyError, ValueError, TypeError):
        raise PagefindFormatError(f"pagefind: the bundle has no readable {ENTRY}") from None
    if version not in SUPPORTED:
        raise PagefindFormatError(
            f"pagefind: version {version} is not supported (sitegen reads the files of "
            f"Pagefind {', '.join(SUPPORTED)}); install one of those"
        )
    return version


def _meta_name(bundle: Mapping[str, Blob]) -> str | None:
    return next((name for name in sorted(bundle) if _META.match(name)), None)


def canonical_bundle(bundle: Mapping[str, Blob]) -> dict[str, Blob]:
    """The same bundle with filter values and filter lists in sorted order.

    Pagefind writes each filter's values (and the list of filters in its
    metadata) in hash-map order, which changes from run to run; the rest is
    stable. The filter files are re-encoded sorted and renamed after their new
    content, and the metadata file that names them (and the entry naming it) follow.
    """
    check_version(bundle)
    result = {name: data for name, data in bundle.items() if not _FILTER.match(name)}
    renamed: dict[str, str] = {}
    for name, data in bundle.items():
        if match := _FILTER.match(name):
            filter_name, values = unpack(blob_bytes(data))
            packed = pack([filter_name, sorted(values, key=lambda v: (v[0], v[1]))])
            digest = hashlib.sha256(packed).hexdigest()[:7]
            renamed[f"{match['lang']}_{match['hash']}"] = f"{match['lang']}_{digest}"
            result[f"filter/{match['lang']}_{digest}.pf_filter"] = packed
    if (meta_name := _meta_name(bundle)) is not None:
        meta = unpack(blob_bytes(bundle[meta_name]))
        meta[_META_FILTERS] = sorted([f, renamed.get(h, h)] for f, h in meta[_META_FILTERS])
        del result[meta_name]
        result.update(_with_meta(result, meta_name, meta))
    return result


def _with_meta(bundle: Mapping[str, Blob], old_name: str, meta: Any) -> dict[str, bytes]:
    """The metadata file for ``meta``, named after its content, and the entry naming it."""
    live = sum(1 for page in meta[_META_PAGES] if not str(page[0]).startswith(STALE))
    return _with_packed(bundle, old_name, pack(meta), live)


def _with_packed(
    bundle: Mapping[str, Blob], old_name: str, packed: bytes, live: int
) -> dict[str, bytes]:
    """``_with_meta`` for a metadata file already packed, of ``live`` pages not stale."""
    match = _META.match(old_name)
    assert match is not None
    old = f"{match['lang']}_{match['hash']}"
    new = f"{match['lang']}_{hashlib.sha256(packed).hexdigest()[:10]}"
    entry = json.loads(blob_bytes(bundle[ENTRY]))
    for language in entry.get("languages", {}).values():
        if language.get("hash") == old:
            language["hash"] = new
            language["page_count"] = live
    return {
        f"pagefind.{new}.pf_meta": packed,
        ENTRY: json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode(),
    }


def head(bundle: Mapping[str, Blob]) -> dict[str, bytes]:
    """The entry and metadata files: what ``mark_stale`` rewrites."""
    name = _meta_name(bundle)
    return {n: blob_bytes(bundle[n]) for n in (ENTRY, name) if n is not None and n in bundle}


def page_urls(bundle: Mapping[str, Blob]) -> Iterator[tuple[str, str]]:
    """Each page's hash and the URL its record was given, read from the fragments
    one at a time, for a caller that keys its own map by them: at 100,000 pages
    a map of hashes to URLs is 22 MB."""
    for name, data in bundle.items():
        if match := _FRAGMENT.match(name):
            try:
                url = json.loads(_gunzip(blob_bytes(data))[len(SIGNATURE) :])["url"]
            except (OSError, EOFError, ValueError, KeyError) as error:
                raise PagefindFormatError(
                    f"pagefind: unreadable fragment {name} ({error})"
                ) from None
            yield match["hash"], str(url)


def mark_stale(
    head_files: Mapping[str, bytes],
    stale: frozenset[str],
    offsets: Mapping[str, int] | None = None,
) -> dict[str, bytes]:
    """``head_files`` (from ``head``) with the pages ``stale`` (page hashes) marked.

    The pages stay in the index (rewriting every word chunk they appear in
    would cost as much as indexing again); their hash gets the ``STALE``
    prefix, which the search page reads as "replaced or deleted" and skips.
    With the metadata's ``page_offsets``, only the stale pages' names are
    rewritten in place: decoding the metadata of 10,000 pages and encoding it
    again cost a body edit most of a tenth of a second. Either way the bytes
    are the same.
    """
    check_version(head_files)
    name = _meta_name(head_files)
    if name is None or not stale:
        return dict(head_files)
    if offsets is not None and (marked := _marked_in_place(head_files, name, stale, offsets)):
        return marked
    meta = unpack(head_files[name])
    meta[_META_PAGES] = [
        [STALE + page[0] if page[0] in stale else page[0], *page[1:]] for page in meta[_META_PAGES]
    ]
    return _with_meta(head_files, name, meta)


def _marked_in_place(
    head_files: Mapping[str, bytes], name: str, stale: frozenset[str], offsets: Mapping[str, int]
) -> dict[str, bytes] | None:
    """``mark_stale`` by splicing the new names into the metadata's CBOR; None when a
    stale page is not where ``offsets`` says (``mark_stale`` then decodes the file)."""
    if not all(page in offsets for page in stale):
        return None
    match = _META.match(name)
    assert match is not None
    languages = json.loads(head_files[ENTRY]).get("languages", {}).values()
    hashed = f"{match['lang']}_{match['hash']}"
    counts = [x.get("page_count") for x in languages if x.get("hash") == hashed]
    if len(counts) != 1 or not isinstance(counts[0], int):
        return None
    live = counts[0]
    try:
        raw = _gunzip(head_files[name])
    except (OSError, EOFError):
        return None
    pieces: list[bytes] = []
    done = 0
    for page in sorted(stale, key=offsets.__getitem__):
        at = len(SIGNATURE) + offsets[page]
        was = cbor2.dumps(page)
        if at < done or raw[at : at + len(was)] != was:
            return None
        pieces.extend((raw[done:at], cbor2.dumps(STALE + page)))
        done = at + len(was)
    pieces.append(raw[done:])
    packed = _gzip(b"".join(pieces), _PACK_LEVEL)
    return _with_packed(head_files, name, packed, live - len(stale))


def page_offsets(meta_file: bytes) -> dict[str, int]:
    """Page hash → where its name starts in the metadata file's CBOR (after the
    signature), for ``mark_stale`` to rename a few pages without decoding the rest.

    CBOR's arrays of definite length are their header followed by their items,
    so each page's place follows from the encoded sizes of what comes before.
    Empty when the file is not encoded as ``pack`` encodes (``mark_stale`` then
    decodes it).
    """
    meta = unpack(meta_file)
    if _gunzip(meta_file) != SIGNATURE + cbor2.dumps(meta):
        return {}
    at = len(_array_header(len(meta))) + len(cbor2.dumps(meta[_META_VERSION]))
    at += len(_array_header(len(meta[_META_PAGES])))
    offsets: dict[str, int] = {}
    for page in meta[_META_PAGES]:
        offsets[str(page[0])] = at + len(_array_header(len(page)))
        at += len(cbor2.dumps(page))
    return offsets


def _array_header(length: int) -> bytes:
    """The CBOR header of an array of ``length`` items (major type 4, shortest form)."""
    if length < 24:
        return bytes([0x80 | length])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([0x80 | code]) + length.to_bytes(size, "big")
    raise ValueError(length)


def empty_index(like: Mapping[str, Blob]) -> dict[str, bytes]:
    """An index of no pages in the language of ``like`` (Pagefind writes none for no records).

    Lets the search page always merge the same bundles, whether or not there is
    anything to put in one of them.
    """
    check_version(like)
    found = _meta_name(like)
    entry = {ENTRY: blob_bytes(like[ENTRY])}
    if found is None:
        return entry
    meta = unpack(blob_bytes(like[found]))
    meta[_META_PAGES] = []
    meta[_META_CHUNKS] = []
    meta[_META_FILTERS] = []
    meta[_META_SORTS] = []
    return _with_meta(entry, found, meta)


def short_page_names(bundle: Mapping[str, Blob], prefix: str) -> dict[str, Blob]:
    """The bundle with each page (and its fragment file) named ``<lang>_<prefix><n>``.

    Pagefind names a page after a hash of its fragment; the metadata file,
    which every search downloads first, lists every page's name, and random
    hashes do not compress: at 10,000 pages they are ~30 KB of its ~70 KB.
    Numbered names compress to almost nothing. ``prefix`` (from what the index
    was made of) keeps one index's names from meaning another's pages.
    """
    check_version(bundle)
    name = _meta_name(bundle)
    if name is None:
        return dict(bundle)
    meta = unpack(blob_bytes(bundle[name]))
    renamed: dict[str, str] = {}
    for number, page in enumerate(meta[_META_PAGES]):
        language = str(page[0]).split("_", 1)[0]
        renamed[page[0]] = f"{language}_{prefix}{number:x}"
        page[0] = renamed[page[0]]
    result: dict[str, Blob] = {}
    for file, data in bundle.items():
        match = _FRAGMENT.match(file)
        if match and match["hash"] in renamed:
            result[f"fragment/{renamed[match['hash']]}.pf_fragment"] = data
        elif file != name:
            result[file] = data
    result.update(_with_meta(result, name, meta))
    return result


def index_parts(bundle: Mapping[str, Blob]) -> dict[str, Blob]:
    """The files that hold the index itself (entry, metadata, chunks, filters, fragments),
    without Pagefind's runtime and UI, which the primary bundle already serves."""
    kept = (ENTRY, "index/", "filter/", "fragment/")
    return {n: d for n, d in bundle.items() if n.startswith(kept) or _META.match(n)}


def live_pages(bundle: Mapping[str, Blob]) -> dict[str, Any]:
    """URL → fragment (text, metadata, filters) of every page a search can show.

    What two indexes must agree on to find the same articles, whatever their bytes.
    """
    check_version(bundle)
    name = f"pagefind.{_entry_hash(bundle)}.pf_meta"
    if name not in bundle:
        return {}
    pages: dict[str, Any] = {}
    for page in unpack(blob_bytes(bundle[name]))[_META_PAGES]:
        if str(page[0]).startswith(STALE):
            continue
        raw = _gunzip(blob_bytes(bundle[f"fragment/{page[0]}.pf_fragment"]))
        fragment = json.loads(raw[len(SIGNATURE) :])
        pages[fragment["url"]] = fragment
    return pages


def _entry_hash(bundle: Mapping[str, Blob]) -> str:
    languages: dict[str, dict[str, object]] = json.loads(blob_bytes(bundle[ENTRY])).get(
        "languages", {}
    )
    return next((str(language.get("hash", "")) for language in languages.values()), "")


CHUNK_SIZE = 20_000
"""Pagefind closes a word chunk once its words' page entries count this much, each
entry one plus its locations and metadata locations (so every chunk of its
indexes is cut): ``merge`` cuts its chunks the same way, so a search downloads
the same chunks, and as many, as from one index of every record."""

_PENDING = 4
"""Word chunks ``merge`` has made and not yet compressed, at most: compression runs
on other threads while the words are merged, and this bounds what waits for it."""


def merge(bundles: Sequence[Mapping[str, Blob]], spill: Spill | None = None) -> dict[str, Blob]:
    """One index of the pages of ``bundles``: Pagefind's indexes of consecutive
    batches of records, in order, each of one language.

    Pagefind keeps every record it is given in memory until it writes the index,
    about 35 bytes for every byte of text; indexing in batches bounds that, and
    the merge rebuilds the one index the search page loads. Its files hold what
    ``canonical_bundle`` of one index of all those records holds, under the same
    names (only compressed by another deflate), but where two pages' names
    collide (Pagefind's rule still names them, only not as one index whose
    collisions fall elsewhere would).

    Page ``n`` of bundle ``i`` becomes page ``n`` plus the pages of the bundles
    before it. A word lists its pages as the first page and then the difference
    from the page before, so of each bundle's list of a word only the first page
    changes: the merged word is Pagefind's own encoding spliced, not re-encoded.
    Metadata locations name a field by its place among all fields, which the
    union of the bundles' fields renumbers. Filters list pages as they are. The
    words of every bundle are merged in order one chunk at a time, so memory
    holds a chunk of each bundle, not the whole index decoded; the Pagefind
    runtime and UI files come from the first bundle. With ``spill``, each merged
    word chunk is written there as it is made (the bundles' own files may be
    there already: ``spilled``), so the merge holds no more than the metadata
    and filters it rewrites.
    """
    if not bundles:
        raise ValueError("merge needs at least one bundle")
    version = check_version(bundles[0])
    parts = [_Part.read(bundle, version) for bundle in bundles]
    language = parts[0].language
    if any(part.language != language for part in parts):
        raise PagefindFormatError("pagefind: cannot merge indexes of different languages")
    fields = sorted(set().union(*(part.fields for part in parts)))
    for part in parts:
        part.renumber_to(fields)
    result = {
        name: data
        for name, data in bundles[0].items()
        if not (name.startswith(_INDEX_DIRS) or _META.match(name))
    }
    offsets = list(itertools.accumulate((len(part.pages) for part in parts), initial=0))
    pages = _merged_pages(parts, language, result)
    # The merge decodes millions of small lists and makes no cycle: collecting
    # while they live cost it a sixth of its time.
    with collector_paused():
        chunks = _merged_words(parts, offsets, language, result, spill)
    filters = _merged_filters(parts, offsets, language, result)
    meta = [version, pages, chunks, filters, [], fields]
    result.update(_with_meta(result, parts[0].meta_name, meta))
    return result


_INDEX_DIRS = ("index/", "filter/", "fragment/")
_FIRST, _SECOND, _THIRD = (operator.itemgetter(n) for n in range(3))


class _Part:
    """One bundle to merge: its files, metadata and language."""

    def __init__(self, bundle: Mapping[str, Blob], meta_name: str, meta: Any) -> None:
        self.bundle = bundle
        self.meta_name = meta_name
        match = _META.match(meta_name)
        assert match is not None
        self.language = match["lang"]
        self.pages: list[list[Any]] = meta[_META_PAGES]
        self.chunks: list[list[str]] = meta[_META_CHUNKS]
        self.filters: list[list[str]] = meta[_META_FILTERS]
        self.fields: list[str] = meta[_META_FIELDS]
        self.renumber: dict[int, int] | None = None
        """Old field marker → new, when the merged fields number its fields otherwise."""

    @classmethod
    def read(cls, bundle: Mapping[str, Blob], version: str) -> _Part:
        if check_version(bundle) != version:
            raise PagefindFormatError("pagefind: cannot merge indexes of different versions")
        names = [name for name in bundle if _META.match(name)]
        if len(names) != 1:
            raise PagefindFormatError(f"pagefind: a bundle to merge has {len(names)} languages")
        meta = unpack(blob_bytes(bundle[names[0]]))
        if not isinstance(meta, list) or len(meta) != 6:
            raise PagefindFormatError("pagefind: unexpected metadata in a bundle to merge")
        if meta[_META_SORTS]:
            raise PagefindFormatError("pagefind: cannot merge indexes with sort orders")
        return cls(bundle, names[0], meta)

    def renumber_to(self, fields: Sequence[str]) -> None:
        if self.fields != list(fields):
            at = {name: number for number, name in enumerate(fields)}
            self.renumber = {-1 - old: -1 - at[name] for old, name in enumerate(self.fields)}

    def words(self, number: int) -> Iterator[tuple[str, int, _Word, bytes]]:
        """Its words in order: the word, ``number``, what merging reads of
        ``[word, pages, variants]`` (``_Word``) and their bytes as Pagefind
        encoded them; one chunk decompressed at a time, one word at a time."""
        for _from, _to, chunk in self.chunks:
            yield from _chunk_words(_decompressed(self.bundle[f"index/{chunk}.pf_index"]), number)


@dataclass(frozen=True, slots=True)
class _Word:
    """What the merge reads of one part's word, its page entries let go. The merge
    of the parts' streams holds every part's current word at once, and each was
    held decoded: at 10,000 articles (35 parts), the words' pieces were 9.3 of
    the 13.7 MB the merge held at its peak, 3.4 of 7.9 MB this way. A word that
    cannot be spliced is decoded again from its bytes."""

    size: int
    """Its entries as ``CHUNK_SIZE`` counts them (``_entries_size``)."""
    count: int
    """Its page entries."""
    first: int
    """The number of its first page within its part (0 without pages)."""
    last: int
    """The number of its last page within its part: the page numbers are differences."""
    spliceable: bool
    """No variants: its bytes can be spliced as they are, unless its part's
    metadata fields are renumbered and it has metadata locations (``located``)."""
    located: bool

    @classmethod
    def of(cls, word: list[Any]) -> _Word:
        pages = word[1]
        try:
            located = any(map(_THIRD, pages))
        except (IndexError, TypeError):
            located = any(len(entry) > 2 and entry[2] for entry in pages)
        return cls(
            _entries_size(pages),
            len(pages),
            pages[0][0] if pages else 0,
            sum(map(_FIRST, pages)),
            not word[2],
            located,
        )


def _decompressed(blob: Blob) -> bytes:
    """A Pagefind file's bytes uncompressed. The merge takes a word chunk's this
    way so that its compressed bytes are not kept: it holds each part's current
    chunk at once (at 100,000 articles, 349 of them)."""
    try:
        return _gunzip(blob_bytes(blob))
    except (OSError, EOFError) as error:
        raise PagefindFormatError(f"pagefind: an index file is not gzip ({error})") from None


def _chunk_words(raw: bytes, number: int) -> Iterator[tuple[str, int, _Word, bytes]]:
    """Each word of a decompressed word chunk file: as ``_Part.words`` gives it.

    The decoded word is let go before it is given: the merge holds each part's
    current word while it waits for the others, and a suspended generator keeps
    its locals. Holding the decoded words (a word on every page lists every
    page) was the merge's largest part at 100,000 articles: 31 MB in 700,000
    objects, held by 349 suspended generators."""
    at = len(SIGNATURE)
    if not raw.startswith(SIGNATURE) or raw[at : at + 1] != b"\x81":
        raise PagefindFormatError("pagefind: unexpected index file format")
    count, at = _read_length(raw, at + 1)
    stream = io.BytesIO(raw)
    stream.seek(at)
    decoder = cbor2.CBORDecoder(stream)
    for _ in range(count):
        try:
            word = decoder.decode()
        except cbor2.CBORDecodeError as error:
            raise PagefindFormatError(f"pagefind: unreadable index file ({error})") from None
        if not (isinstance(word, list) and len(word) == 3 and isinstance(word[0], str)):
            raise PagefindFormatError("pagefind: unexpected word in an index file")
        end = stream.tell()
        text, summary = word[0], _Word.of(word)
        del word
        yield text, number, summary, raw[at:end]
        at = end


def _read_length(raw: bytes, at: int) -> tuple[int, int]:
    """The length in the CBOR array header at ``at``, and where its items start."""
    info = raw[at] & 0x1F
    if raw[at] >> 5 != 4 or info > 27:
        raise PagefindFormatError("pagefind: unexpected index file format")
    if info < 24:
        return info, at + 1
    size = 1 << (info - 24)
    return int.from_bytes(raw[at + 1 : at + 1 + size], "big"), at + 1 + size


def _renumber_fields(word: list[Any], renumber: Mapping[int, int]) -> None:
    """Rewrite the field markers (negative numbers) of ``word``'s metadata locations."""
    entries = itertools.chain(word[1], *(pages for _form, pages in word[2]))
    for entry in entries:
        if len(entry) > 2 and entry[2]:
            entry[2] = [renumber.get(at, at) if at < 0 else at for at in entry[2]]


def _merged_pages(parts: Sequence[_Part], language: str, result: dict[str, Blob]) -> list[Any]:
    """Every part's pages in order, their fragments put in ``result``; a page whose
    name an earlier different page took gets a longer name, as Pagefind does."""
    pages: list[Any] = []
    for part in parts:
        for entry in part.pages:  # each ``[name, word count]``, kept, not copied
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                raise PagefindFormatError("pagefind: unexpected page in a bundle to merge")
            name = entry[0]
            data = part.bundle[f"fragment/{name}.pf_fragment"]
            taken = result.get(f"fragment/{name}.pf_fragment")
            if taken is not None and _digest(taken) != _digest(data):
                entry[0] = name = _longer_name(name, blob_bytes(data), language, result)
            result[f"fragment/{name}.pf_fragment"] = data
            pages.append(entry)
    return pages


def _digest(blob: Blob) -> str:
    """What tells two files apart, whether in memory or staged."""
    return digest_bytes(blob) if isinstance(blob, bytes) else blob.digest


def _longer_name(name: str, fragment: bytes, language: str, taken: Mapping[str, Blob]) -> str:
    """The shortest free name that Pagefind's full hash of the fragment begins with."""
    full = f"{language}_{_full_hash(_gunzip(fragment)[len(SIGNATURE) :])}"
    for end in range(len(name) + 1, len(full) + 1):
        if f"fragment/{full[:end]}.pf_fragment" not in taken:
            return full[:end]
    raise PagefindFormatError(f"pagefind: two pages share the name {full}")


def _full_hash(data: bytes) -> str:
    """Pagefind's name for ``data``: its SHA-1 with each byte in hex without padding."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _merged_words(
    parts: Sequence[_Part],
    offsets: Sequence[int],
    language: str,
    result: dict[str, Blob],
    spill: Spill | None,
) -> list[list[str]]:
    """The words of every part merged into chunks put in ``result`` (written to
    ``spill`` when given); their list for the metadata. Words sort as Pagefind
    sorts them (by code point, as UTF-8 bytes)."""
    streams = [part.words(number) for number, part in enumerate(parts)]
    renumbers = [part.renumber for part in parts]
    chunks = _Chunks(language, result, spill)
    for text, same in itertools.groupby(heapq.merge(*streams), key=_FIRST):
        found = [(number, word, encoded) for _text, number, word, encoded in same]
        chunks.add(text, *_merged_word(text, found, offsets, renumbers))
    return chunks.close()


def _merged_word(
    text: str,
    found: Sequence[tuple[int, _Word, bytes]],
    offsets: Sequence[int],
    renumbers: Sequence[Mapping[int, int] | None],
) -> tuple[bytes, int]:
    """The word ``text`` as its parts (``found``: part number, ``_Word``, encoded) had
    it, encoded, and its size as Pagefind counts it (``CHUNK_SIZE``)."""
    size = sum(word.size for _number, word, _encoded in found)
    spliceable = all(
        word.spliceable and (renumbers[number] is None or not word.located)
        for number, word, _encoded in found
    )
    if not spliceable:
        decoded = [(number, _decoded_word(encoded), encoded) for number, _word, encoded in found]
        return _reencoded_word(text, decoded, offsets, renumbers), size
    if len(found) == 1 and offsets[found[0][0]] == 0:
        return found[0][2], size
    head = cbor2.dumps(text)
    pieces: list[bytes] = []
    count, last = 0, -1
    for number, word, encoded in found:
        if not word.count:
            continue
        if encoded[0] != 0x83 or encoded[-1] != 0x80:  # [word, pages, no variants]
            raise PagefindFormatError("pagefind: unexpected word in an index file")
        _length, at = _read_length(encoded, 1 + len(head))
        first = word.first + offsets[number]
        skip = _UINT_SIZES.get(encoded[at + 1], 0)
        if not skip:
            raise PagefindFormatError("pagefind: unexpected page number in an index file")
        pieces += encoded[at : at + 1], cbor2.dumps(first - last if last >= 0 else first)
        pieces.append(encoded[at + 1 + skip : -1])  # up to the empty variants
        count += word.count
        last = offsets[number] + word.last
    return b"".join((b"\x83", head, _array_header(count), *pieces, b"\x80")), size


def _decoded_word(encoded: bytes) -> list[Any]:
    """``[word, pages, variants]`` from its bytes, as ``_chunk_words`` decoded it."""
    try:
        word = cbor2.loads(encoded)
    except cbor2.CBORDecodeError as error:
        raise PagefindFormatError(f"pagefind: unreadable index file ({error})") from None
    if not isinstance(word, list):
        raise PagefindFormatError("pagefind: unexpected word in an index file")
    return word


_UINT_SIZES = {**dict.fromkeys(range(24), 1), 24: 2, 25: 3, 26: 5, 27: 9}
"""First byte of a CBOR unsigned integer → its encoded size."""


def _entries_size(pages: list[Any]) -> int:
    """What page entries count towards ``CHUNK_SIZE``: one each plus their locations."""
    try:
        locations = sum(map(len, map(_SECOND, pages))) + sum(map(len, map(_THIRD, pages)))
    except (IndexError, TypeError):
        locations = sum(len(e[1]) + (len(e[2]) if len(e) > 2 else 0) for e in pages)
    return len(pages) + locations


def _reencoded_word(
    text: str,
    found: Sequence[tuple[int, list[Any], bytes]],
    offsets: Sequence[int],
    renumbers: Sequence[Mapping[int, int] | None],
) -> bytes:
    """``_merged_word`` decoded and encoded again: for words with variants (the forms
    with diacritics, each with its own pages) or metadata fields to renumber."""
    pages: list[Any] = []
    variants: dict[str, list[Any]] = {}
    last, last_variant = -1, dict[str, int]()
    for number, word, _encoded in found:
        if (renumber := renumbers[number]) is not None:
            _renumber_fields(word, renumber)
        last = _append_pages(pages, word[1], offsets[number], last)
        for form, form_pages in word[2]:
            at = last_variant.get(form, -1)
            last_variant[form] = _append_pages(
                variants.setdefault(form, []), form_pages, offsets[number], at
            )
    return cbor2.dumps([text, pages, [[form, listed] for form, listed in variants.items()]])


def _append_pages(pages: list[Any], more: list[Any], offset: int, last: int) -> int:
    """Add ``more`` (a part's page entries, the first page absolute within it and
    the others as differences) to ``pages``, which end at page ``last`` (-1: none);
    returns the page ``pages`` then ends at."""
    if not more:
        return last
    first: int = more[0][0] + offset
    more[0][0] = first - last if last >= 0 else first
    pages.extend(more)
    end: int = first + sum(map(_FIRST, more[1:]))
    return end


class _Chunks:
    """The merged words cut into chunks as Pagefind cuts them, each named as
    Pagefind names it and compressed on other threads."""

    def __init__(self, language: str, result: dict[str, Blob], spill: Spill | None) -> None:
        self.language = language
        self.result = result
        self.spill = spill
        self.words: list[bytes] = []
        self.size = 0
        self.bounds: list[list[str]] = []
        self.names: list[str] = []
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pagefind-merge")
        self.pending: deque[tuple[str, Future[Blob]]] = deque()

    def add(self, text: str, encoded: bytes, size: int) -> None:
        if not self.words:
            self.bounds.append([text, text])
        self.bounds[-1][1] = text
        self.words.append(encoded)
        self.size += size
        if self.size >= CHUNK_SIZE:
            self._cut()

    def _cut(self) -> None:
        encoded = b"".join((b"\x81", _array_header(len(self.words)), *self.words))
        self.words, self.size = [], 0
        full = f"{self.language}_{_full_hash(encoded)}"
        end = len(self.language) + 8
        while full[:end] in self.names and end < len(full):
            end += 1
        self.names.append(full[:end])
        self.pending.append((full[:end], self.pool.submit(_packed, encoded, self.spill)))
        while len(self.pending) > _PENDING:
            self._store()

    def _store(self) -> None:
        name, packed = self.pending.popleft()
        self.result[f"index/{name}.pf_index"] = packed.result()

    def close(self) -> list[list[str]]:
        """Wait for the last chunks; the chunks' ``[from, to, name]`` for the metadata."""
        try:
            if self.words:
                self._cut()
            while self.pending:
                self._store()
        finally:
            self.pool.shutdown(cancel_futures=True)
        bounds = _bounds(self.bounds)
        return [[low, high, name] for (low, high), name in zip(bounds, self.names, strict=True)]


def _bounds(words: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    """The ``from`` and ``to`` of chunks whose first and last words are ``words``.

    As Pagefind bounds them: where two chunks meet, each word is cut one
    character past the prefix they share, so that a search term between them
    falls in one; a cut ``to`` that would sort before its chunk's ``from`` stays
    the whole last word (the runtime loads the first chunk whose ``from`` and
    ``to`` hold the term). Checked against all the chunks of Pagefind's indexes.
    """
    bounds = [[first, last] for first, last in words]
    for before, after in itertools.pairwise(bounds):
        before[1], after[0] = _prefixes(before[1], after[0])
    return [
        (low, high if high >= low else last)
        for (low, high), (_first, last) in zip(bounds, words, strict=True)
    ]


def _prefixes(before: str, after: str) -> tuple[str, str]:
    """Two neighbouring words each cut one character past the prefix they share."""
    common = 0
    for a, b in zip(before, after, strict=False):
        if a != b:
            break
        common += 1
    return before[: common + 1], after[: common + 1]


def _merged_filters(
    parts: Sequence[_Part], offsets: Sequence[int], language: str, result: dict[str, Blob]
) -> list[list[str]]:
    """Every filter's values with the pages of all parts, in ``canonical_bundle``'s
    order and names, put in ``result``; their list for the metadata."""
    merged: dict[str, dict[str, array[int]]] = {}
    for part, offset in zip(parts, offsets, strict=False):
        for filter_name, file in part.filters:
            name, values = unpack(blob_bytes(part.bundle[f"filter/{file}.pf_filter"]))
            if name != filter_name:
                raise PagefindFormatError(f"pagefind: filter file {file} is not {filter_name}")
            found = merged.setdefault(name, {})
            for value, pages in values:
                if value not in found:
                    found[value] = array("q")
                found[value].extend(page + offset for page in pages)
    listed = []
    for name, values in sorted(merged.items()):
        packed = _packed_filter(name, values)
        file = f"{language}_{hashlib.sha256(packed).hexdigest()[:7]}"
        result[f"filter/{file}.pf_filter"] = packed
        listed.append([name, file])
    return listed


def _packed_filter(name: str, values: Mapping[str, array[int]]) -> bytes:
    """``pack([name, sorted([value, pages], ...)])`` of one filter, one value's pages
    a list at a time: at 100,000 articles a filter's pages are half a million
    numbers, 36 bytes each as Python's lists hold them, 8 in an array."""
    pieces = [b"\x82", cbor2.dumps(name), _array_header(len(values))]
    pieces += (cbor2.dumps([value, values[value].tolist()]) for value in sorted(values))
    return _packed_cbor(b"".join(pieces))


_CHUNK_LEVEL = 7
"""The deflate level of merged word chunks, whose compressing is most of the
merge's time (beside the pages, on the same two cores: a cold build's CPU).
The 31.5 MB of a 10,000-article index took 4.7 s at the standard zlib's level
8 (the size Pagefind makes them) and 2.1 to 2.8 s at its level 7; zlib-ng's
level 7 takes 1.49 s and makes them smaller than that (16.46 MB against
16.87), and reads them back in 0.09 s against 0.16 s. Its level 6 (0.82 s)
made the tests' smaller chunks 2% bigger than Pagefind's. A search loads a
chunk or two."""


def _packed(encoded: bytes, spill: Spill | None = None) -> Blob:
    """A word chunk file of a chunk already CBOR-encoded, written to ``spill`` if given
    (on the thread that compressed it)."""
    packed = _gzip(SIGNATURE + encoded, _CHUNK_LEVEL)
    return spill.put(packed) if spill is not None else packed


class Spill:
    """A folder (in the build's staging folder) where a bundle's files are written
    as they are made, each becoming a ``StagedBytes``: the fragments and word
    chunks of a large site's index are most of its bytes (about 6 kB an article),
    and held in memory from the first batch to the write they were the largest
    thing the build held. The writer moves them into place from here; what the
    output does not take is removed with the staging folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = itertools.count()

    def put(self, data: bytes) -> StagedBytes:
        """``data`` written to a file of its own (any thread may call this)."""
        path = os.path.join(self.folder, f"{next(self.names)}.pf")
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise RunError(f"cannot write {path}: {error.strerror}") from None
        return StagedBytes(path, digest_bytes(data))

    def discard(self, bundles: Iterable[Mapping[str, Blob]], kept: Mapping[str, Blob]) -> None:
        """Remove the staged files of ``bundles`` that ``kept`` does not hold (the
        batches' word chunks, once merged into new ones)."""
        held = {blob.staged for blob in kept.values() if isinstance(blob, StagedBytes)}
        for bundle in bundles:
            for blob in bundle.values():
                if isinstance(blob, StagedBytes) and blob.staged not in held:
                    with contextlib.suppress(OSError):
                        os.remove(blob.staged)


_SPILLED = ("fragment/", "index/")
"""The files ``spilled`` writes out: the fragments and word chunks, which grow with
the site and which sitegen passes on as they are (the entry, metadata and filters,
which it decodes and rewrites, are a small part; the runtime does not grow)."""


def spilled(bundle: Mapping[str, Blob], spill: Spill | None) -> dict[str, Blob]:
    """``bundle`` with its fragments and word chunks in memory written to ``spill``;
    the same bundle without ``spill``."""
    if spill is None:
        return dict(bundle)
    return {name: spilled_file(name, data, spill) for name, data in bundle.items()}


def spilled_file(name: str, data: Blob, spill: Spill | None) -> Blob:
    """The file ``name`` of a bundle as ``spilled`` keeps it."""
    if spill is not None and isinstance(data, bytes) and name.startswith(_SPILLED):
        return spill.put(data)
    return data
