"""Everything sitegen knows about the inside of Pagefind's files, in one place.

Pagefind writes its index as gzip-compressed CBOR behind a ``pagefind_dcd``
signature (metadata ``*.pf_meta``, word chunks ``index/*.pf_index``, filters
``filter/*.pf_filter``) plus ``pagefind-entry.json`` naming the metadata file
and gzip-compressed JSON fragments (``fragment/*.pf_fragment``, one per page).
sitegen reads and rewrites some of them: to sort the filter files that
Pagefind writes in hash-map order (so two builds give the same bytes), to map
pages to URLs, to mark pages that a newer index replaces, and to write an
index of no pages. None of that is a documented interface, so this module
accepts only the Pagefind versions it was tested with (``SUPPORTED``) and
raises ``PagefindFormatError`` for any other, rather than write a broken index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

import cbor2

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

# The metadata file is a CBOR array; these are the fields sitegen touches.
_META_VERSION, _META_PAGES, _META_CHUNKS, _META_FILTERS, _META_SORTS = range(5)


class PagefindFormatError(RuntimeError):
    """A Pagefind file this module cannot read or was not tested with."""


def unpack(data: bytes) -> Any:
    """A ``.pf_meta``, ``.pf_index`` or ``.pf_filter`` file's value."""
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise PagefindFormatError(f"pagefind: an index file is not gzip ({error})") from None
    if not raw.startswith(SIGNATURE):
        raise PagefindFormatError("pagefind: unexpected index file format")
    try:
        return cbor2.loads(raw[len(SIGNATURE) :])
    except cbor2.CBORDecodeError as error:
        raise PagefindFormatError(f"pagefind: unreadable index file ({error})") from None


def pack(value: Any) -> bytes:
    """The file for ``value``: the same bytes however often it is made (gzip without a time)."""
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def check_version(bundle: Mapping[str, bytes]) -> str:
    """The bundle's Pagefind version, when this module supports it."""
    try:
        version = str(json.loads(bundle[ENTRY])["version"])
    except (KeyError, ValueError, TypeError):
        raise PagefindFormatError(f"pagefind: the bundle has no readable {ENTRY}") from None
    if version not in SUPPORTED:
        raise PagefindFormatError(
            f"pagefind: version {version} is not supported (sitegen reads the files of "
            f"Pagefind {', '.join(SUPPORTED)}); install one of those"
        )
    return version


def _meta_name(bundle: Mapping[str, bytes]) -> str | None:
    return next((name for name in sorted(bundle) if _META.match(name)), None)


def canonical_bundle(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
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
            filter_name, values = unpack(data)
            packed = pack([filter_name, sorted(values, key=lambda v: (v[0], v[1]))])
            digest = hashlib.sha256(packed).hexdigest()[:7]
            renamed[f"{match['lang']}_{match['hash']}"] = f"{match['lang']}_{digest}"
            result[f"filter/{match['lang']}_{digest}.pf_filter"] = packed
    if (meta_name := _meta_name(bundle)) is not None:
        meta = unpack(bundle[meta_name])
        meta[_META_FILTERS] = sorted([f, renamed.get(h, h)] for f, h in meta[_META_FILTERS])
        del result[meta_name]
        result.update(_with_meta(result, meta_name, meta))
    return result


def _with_meta(bundle: Mapping[str, bytes], old_name: str, meta: Any) -> dict[str, bytes]:
    """The metadata file for ``meta``, named after its content, and the entry naming it."""
    live = sum(1 for page in meta[_META_PAGES] if not str(page[0]).startswith(STALE))
    return _with_packed(bundle, old_name, pack(meta), live)


def _with_packed(
    bundle: Mapping[str, bytes], old_name: str, packed: bytes, live: int
) -> dict[str, bytes]:
    """``_with_meta`` for a metadata file already packed, of ``live`` pages not stale."""
    match = _META.match(old_name)
    assert match is not None
    old = f"{match['lang']}_{match['hash']}"
    new = f"{match['lang']}_{hashlib.sha256(packed).hexdigest()[:10]}"
    entry = json.loads(bundle[ENTRY])
    for language in entry.get("languages", {}).values():
        if language.get("hash") == old:
            language["hash"] = new
            language["page_count"] = live
    return {
        f"pagefind.{new}.pf_meta": packed,
        ENTRY: json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode(),
    }


def head(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """The entry and metadata files: what ``mark_stale`` rewrites."""
    name = _meta_name(bundle)
    return {n: bundle[n] for n in (ENTRY, name) if n is not None and n in bundle}


def page_urls(bundle: Mapping[str, bytes]) -> dict[str, str]:
    """Page hash → the URL its record was given, read from the fragments."""
    urls = {}
    for name, data in bundle.items():
        if match := _FRAGMENT.match(name):
            try:
                urls[match["hash"]] = str(
                    json.loads(gzip.decompress(data)[len(SIGNATURE) :])["url"]
                )
            except (OSError, EOFError, ValueError, KeyError) as error:
                raise PagefindFormatError(
                    f"pagefind: unreadable fragment {name} ({error})"
                ) from None
    return urls


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
        raw = gzip.decompress(head_files[name])
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
    packed = gzip.compress(b"".join(pieces), compresslevel=9, mtime=0)
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
    if gzip.decompress(meta_file) != SIGNATURE + cbor2.dumps(meta):
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


def empty_index(like: Mapping[str, bytes]) -> dict[str, bytes]:
    """An index of no pages in the language of ``like`` (Pagefind writes none for no records).

    Lets the search page always merge the same bundles, whether or not there is
    anything to put in one of them.
    """
    check_version(like)
    found = _meta_name(like)
    if found is None:
        return {ENTRY: like[ENTRY]}
    meta = unpack(like[found])
    meta[_META_PAGES] = []
    meta[_META_CHUNKS] = []
    meta[_META_FILTERS] = []
    meta[_META_SORTS] = []
    return _with_meta({ENTRY: like[ENTRY]}, found, meta)


def short_page_names(bundle: Mapping[str, bytes], prefix: str) -> dict[str, bytes]:
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
    meta = unpack(bundle[name])
    renamed: dict[str, str] = {}
    for number, page in enumerate(meta[_META_PAGES]):
        language = str(page[0]).split("_", 1)[0]
        renamed[page[0]] = f"{language}_{prefix}{number:x}"
        page[0] = renamed[page[0]]
    result: dict[str, bytes] = {}
    for file, data in bundle.items():
        match = _FRAGMENT.match(file)
        if match and match["hash"] in renamed:
            result[f"fragment/{renamed[match['hash']]}.pf_fragment"] = data
        elif file != name:
            result[file] = data
    result.update(_with_meta(result, name, meta))
    return result


def index_parts(bundle: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files that hold the index itself (entry, metadata, chunks, filters, fragments),
    without Pagefind's runtime and UI, which the primary bundle already serves."""
    kept = (ENTRY, "index/", "filter/", "fragment/")
    return {n: d for n, d in bundle.items() if n.startswith(kept) or _META.match(n)}


def live_pages(bundle: Mapping[str, bytes]) -> dict[str, Any]:
    """URL → fragment (text, metadata, filters) of every page a search can show.

    What two indexes must agree on to find the same articles, whatever their bytes.
    """
    check_version(bundle)
    name = f"pagefind.{_entry_hash(bundle)}.pf_meta"
    if name not in bundle:
        return {}
    pages: dict[str, Any] = {}
    for page in unpack(bundle[name])[_META_PAGES]:
        if str(page[0]).startswith(STALE):
            continue
        raw = gzip.decompress(bundle[f"fragment/{page[0]}.pf_fragment"])
        fragment = json.loads(raw[len(SIGNATURE) :])
        pages[fragment["url"]] = fragment
    return pages


def _entry_hash(bundle: Mapping[str, bytes]) -> str:
    languages: dict[str, dict[str, object]] = json.loads(bundle[ENTRY]).get("languages", {})
    return next((str(language.get("hash", "")) for language in languages.values()), "")
