"""The one module that reads Pagefind's files, against the Pagefind installed here."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import tracemalloc
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import pytest

from sitegen.post import pagefind, search
from sitegen.post.search import SearchRecord, index_records

RECORDS = [
    SearchRecord(
        url=f"/articles/{slug}/",
        content=text,
        meta={"title": slug.title(), "date": "2025-01-0" + str(i + 1)},
        filters={"section": (section,), "tag": tags},
    )
    for i, (slug, text, section, tags) in enumerate(
        [
            ("grid", "Transmission permits take a decade.", "Climate", ("Energy", "Permits")),
            ("rates", "Central bankers weigh inflation.", "Economy", ("Economy",)),
            ("silt", "Silt closes the northern channel.", "Climate", ("Ports", "Energy")),
        ]
    )
]


@pytest.fixture(scope="module")
def bundle() -> dict[str, bytes]:
    return index_records(RECORDS, "en")


def test_the_installed_pagefind_is_a_supported_version(bundle: dict[str, bytes]) -> None:
    assert version("pagefind") in pagefind.SUPPORTED
    assert pagefind.check_version(bundle) == version("pagefind")


def test_every_index_file_kind_reads_and_writes_back_the_same(
    bundle: dict[str, bytes],
) -> None:
    kinds = {".pf_meta": 0, ".pf_index": 0, ".pf_filter": 0}
    for name, data in bundle.items():
        kind = next((k for k in kinds if name.endswith(k)), None)
        if kind is None:
            continue
        kinds[kind] += 1
        value = pagefind.unpack(data)
        assert pagefind.unpack(pagefind.pack(value)) == value
        assert gzip.decompress(pagefind.pack(value)) == gzip.decompress(data)
    assert all(kinds.values()), kinds


def test_canonical_bundle_sorts_filters_and_names_files_after_their_content(
    bundle: dict[str, bytes],
) -> None:
    once = pagefind.canonical_bundle(bundle)
    assert pagefind.canonical_bundle(index_records(RECORDS, "en")) == once
    filters = {
        pagefind.unpack(d)[0]: pagefind.unpack(d)[1] for n, d in once.items() if ".pf_filter" in n
    }
    assert [v for v, _ in filters["tag"]] == ["Economy", "Energy", "Permits", "Ports"]


def test_pages_map_to_urls_and_stale_pages_are_marked_in_the_metadata(
    bundle: dict[str, bytes],
) -> None:
    canonical = pagefind.canonical_bundle(bundle)
    urls = dict(pagefind.page_urls(canonical))
    assert sorted(urls.values()) == sorted(r.url for r in RECORDS)
    stale = next(page for page, url in urls.items() if url == "/articles/rates/")
    marked = pagefind.mark_stale(pagefind.head(canonical), frozenset({stale}))
    (meta,) = [d for n, d in marked.items() if n.endswith(".pf_meta")]
    pages = [p[0] for p in pagefind.unpack(meta)[1]]
    assert pagefind.STALE + stale in pages and stale not in pages
    entry = json.loads(marked[pagefind.ENTRY])
    (language,) = entry["languages"].values()
    assert language["page_count"] == 2
    assert f"pagefind.{language['hash']}.pf_meta" in marked


def test_an_empty_index_has_no_pages_and_the_same_language(bundle: dict[str, bytes]) -> None:
    empty = pagefind.empty_index(pagefind.canonical_bundle(bundle))
    (meta,) = [d for n, d in empty.items() if n.endswith(".pf_meta")]
    assert pagefind.unpack(meta)[1] == []
    (language,) = json.loads(empty[pagefind.ENTRY])["languages"].values()
    assert language["page_count"] == 0


def test_an_unsupported_pagefind_version_is_a_clear_error(bundle: dict[str, bytes]) -> None:
    entry = json.loads(bundle[pagefind.ENTRY])
    entry["version"] = "9.0.0"
    other = {**bundle, pagefind.ENTRY: json.dumps(entry).encode()}
    with pytest.raises(pagefind.PagefindFormatError, match=r"version 9\.0\.0 is not supported"):
        pagefind.canonical_bundle(other)


def test_a_file_in_another_format_is_a_clear_error() -> None:
    with pytest.raises(pagefind.PagefindFormatError, match="unexpected index file format"):
        pagefind.unpack(gzip.compress(b"not pagefind"))


def test_pages_renamed_short_keep_their_fragments(bundle: dict[str, bytes]) -> None:
    canonical = pagefind.canonical_bundle(bundle)
    renamed = pagefind.short_page_names(canonical, "ab")
    assert sorted(pagefind.live_pages(renamed)) == sorted(pagefind.live_pages(canonical))
    assert sorted(dict(pagefind.page_urls(renamed))) == ["en_ab0", "en_ab1", "en_ab2"]


def test_stale_pages_marked_in_place_give_the_same_files_without_decoding(
    bundle: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pagefind.head(pagefind.short_page_names(pagefind.canonical_bundle(bundle), "ab"))
    (meta,) = [d for n, d in head.items() if n.endswith(".pf_meta")]
    offsets = pagefind.page_offsets(meta)
    assert sorted(offsets) == ["en_ab0", "en_ab1", "en_ab2"]
    expected = {
        stale: pagefind.mark_stale(head, stale)
        for stale in (frozenset({"en_ab1"}), frozenset({"en_ab0", "en_ab2"}))
    }
    wrong = {page: at + 1 for page, at in offsets.items()}
    moved = pagefind.mark_stale(head, frozenset({"en_ab1"}), wrong)  # decodes instead
    assert moved == expected[frozenset({"en_ab1"})]
    monkeypatch.setattr(pagefind, "unpack", lambda data: pytest.fail("decoded"))
    for stale, files in expected.items():
        assert pagefind.mark_stale(head, stale, offsets) == files


# -- merging the indexes of batches -------------------------------------------


def _corpus() -> list[SearchRecord]:
    """Enough text for several word chunks, with forms that differ only by
    diacritics (Pagefind's variants), an image only in the first batch's records
    (so the later batches number their metadata fields otherwise), and filter
    values shared across batches."""
    rng = random.Random(7)
    stems = ["harbour", "grain", "tariff", "silt", "permit", "levee", "ferry", "quota", "dune"]
    vocabulary = [f"{rng.choice(stems)}{rng.choice('abcdefghij')}{n % 40}" for n in range(900)]
    vocabulary += ["café", "cafe", "résumé", "resume", "Zürich", "Zurich", "naïve"]
    records = []
    for n in range(420):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(40, 160))]
        meta = {
            "title": f"{rng.choice(stems).title()} report {n}",
            "date": f"2025-0{n % 9 + 1}-1{n % 10}",
        }
        if n < 150 and n % 4 == 0:
            meta |= {"image": f"/media/{n}.png", "image_alt": f"{rng.choice(stems)} at dusk"}
        records.append(
            SearchRecord(
                url=f"/articles/report-{n}/",
                content=" ".join(words),
                meta=meta,
                filters={
                    "section": (rng.choice(["Climate", "Ports", "Trade"]),),
                    "tag": tuple(sorted({rng.choice(stems) for _ in range(2)})),
                },
            )
        )
    return records


CORPUS = _corpus()
BATCHES = (CORPUS[:150], CORPUS[150:170], CORPUS[170:])


@pytest.fixture(scope="module")
def single() -> dict[str, bytes]:
    return pagefind.canonical_bundle(index_records(CORPUS, "en"))


@pytest.fixture(scope="module")
def batches() -> list[dict[str, bytes]]:
    return [index_records(batch, "en") for batch in BATCHES]


def _decoded(bundle: dict[str, bytes]) -> dict[str, Any]:
    """What a search reads of ``bundle``, with pages as URLs and metadata fields by name:
    the pages and their word counts, each word's pages with their locations (and its
    variants'), each filter value's pages, and how many chunks hold the words."""
    urls = dict(pagefind.page_urls(bundle))
    (meta_name,) = [name for name in bundle if name.endswith(".pf_meta")]
    version, pages, chunks, filters, sorts, fields = pagefind.unpack(bundle[meta_name])
    numbered = [urls[name] for name, _count in pages]

    def entries(listed: list[Any]) -> list[tuple[str, list[int], list[int | str]]]:
        found, page = [], 0
        for at, (delta, locs, meta_locs) in enumerate(listed):
            page = delta if at == 0 else page + delta
            named = [fields[-1 - x] if x < 0 else x for x in meta_locs]
            found.append((numbered[page], locs, named))
        return found

    words = {}
    for _low, _high, chunk in chunks:
        for word, listed, variants in pagefind.unpack(bundle[f"index/{chunk}.pf_index"])[0]:
            words[word] = (entries(listed), {form: entries(v) for form, v in variants})
    values = {}
    for name, file in filters:
        _name, listed = pagefind.unpack(bundle[f"filter/{file}.pf_filter"])
        values[name] = {value: [numbered[p] for p in on] for value, on in listed}
    return {
        "version": version,
        "pages": [(numbered[n], count) for n, (_name, count) in enumerate(pages)],
        "words": words,
        "filters": values,
        "sorts": sorts,
        "chunks": [(low, high) for low, high, _name in chunks],
    }


def test_merged_batches_index_what_one_process_indexes(
    single: dict[str, bytes], batches: list[dict[str, bytes]]
) -> None:
    merged = pagefind.merge(batches)
    expected, found = _decoded(single), _decoded(merged)
    assert len(expected["chunks"]) >= 3  # the words span several chunks
    assert any(variants for _pages, variants in expected["words"].values())
    fields = [pagefind.unpack(d)[5] for b in batches for n, d in b.items() if n.endswith("pf_meta")]
    assert fields[0] != fields[1]  # the later batches number their fields otherwise
    assert found["pages"] == expected["pages"]  # same order, same word counts
    assert found["words"] == expected["words"]
    assert found["filters"] == expected["filters"]
    assert found == expected  # the chunk boundaries too: a search loads the same chunks


def test_a_word_on_every_page_is_merged_without_every_batch_decoding_it_at_once() -> None:
    """The merge of a large site's batches (330 at 100,000 articles) is the build's
    peak of memory; it held every batch's current word decoded, and for a word
    on every page, every batch's entries of it at once. Here forty batches of a word
    at 1,000 places on each of 6 pages: the merge took 3.9 MB beyond what it
    returns that way, 2.8 MB with each batch's word summed up but still held by
    its suspended generator, 1.7 MB now (mostly the word's bytes, which it joins)."""
    common = [
        SearchRecord(f"/articles/common-{n}/", " ".join(["tide"] * 1000 + [f"w{n}"]), {}, {})
        for n in range(240)
    ]
    parts = [index_records(common[n : n + 6], "en") for n in range(0, 240, 6)]
    tracemalloc.start()
    try:
        merged = pagefind.merge(parts)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _decoded(merged) == _decoded(pagefind.canonical_bundle(index_records(common, "en")))
    assert peak - held < 2_200_000


def test_merged_batches_are_the_files_of_one_process(
    single: dict[str, bytes], batches: list[dict[str, bytes]]
) -> None:
    merged = pagefind.merge(batches)
    assert sorted(merged) == sorted(single)
    for name, data in single.items():
        if name.startswith("index/"):  # compressed by zlib, not Pagefind's deflate
            assert gzip.decompress(merged[name]) == gzip.decompress(data), name
            # zlib's level 7 (pagefind._CHUNK_LEVEL): within 2% of Pagefind's bytes
            assert len(merged[name]) <= len(data) * 1.02, name
        else:
            assert merged[name] == data, name


def test_indexing_in_batches_gives_the_same_bytes_every_time(
    batches: list[dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "BATCH_RECORDS", 150)
    assert [len(b) for b in search.record_batches(CORPUS)] == [150, 150, 120]
    once = search.index_here(CORPUS, "en")
    assert search.index_here(CORPUS, "en") == once
    assert _decoded(once) == _decoded(pagefind.merge(batches))


def test_records_get_their_text_a_block_at_a_time_as_their_batch_is_indexed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A site model read back without its bodies gives Pagefind each batch's text as
    the batch is cut, not the whole site's before the first batch."""
    monkeypatch.setattr(search, "BATCH_RECORDS", 150)
    monkeypatch.setattr(search, "FILL_BLOCK", 50)
    whole = {r.url: r for r in CORPUS}
    lean = [dataclasses.replace(r, content="") for r in CORPUS]
    filled_so_far, indexed_so_far, ahead = [0], [0], []

    def fill(records: Sequence[SearchRecord]) -> list[SearchRecord]:
        assert len(records) <= 50
        filled_so_far[0] += len(records)
        return [whole[r.url] for r in records]

    real = search.index_records

    def index(records: Sequence[SearchRecord], language: str) -> dict[str, bytes]:
        assert all(r.content for r in records)
        indexed_so_far[0] += len(records)
        ahead.append(filled_so_far[0] - indexed_so_far[0])
        return real(records, language)

    monkeypatch.setattr(search, "index_records", index)
    bundle = search.index_here(lean, "en", fill)
    assert indexed_so_far == [len(CORPUS)]
    # The second batch is cut before the first is indexed (one process without a
    # merge for a site of one batch); beyond that, one block of read-ahead.
    assert max(ahead) <= 150 + 50
    monkeypatch.setattr(search, "index_records", real)
    assert bundle == search.index_here(CORPUS, "en")


def test_batches_hold_records_in_order_within_the_text_and_count_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "BATCH_TEXT", 100)
    monkeypatch.setattr(search, "BATCH_RECORDS", 3)
    sizes = [30, 30, 30, 30, 250, 10, 10, 10, 10, 60, 50]
    records = [SearchRecord(f"/{n}/", "x" * size, {}, {}) for n, size in enumerate(sizes)]
    parted = [[int(r.url.strip("/")) for r in batch] for batch in search.record_batches(records)]
    assert parted == [[0, 1, 2], [3], [4], [5, 6, 7], [8, 9], [10]]


def test_a_small_site_is_one_process_and_no_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = search.index_records
    monkeypatch.setattr(
        search, "index_records", lambda r, lang: calls.append(len(r)) or real(r, lang)
    )
    monkeypatch.setattr(pagefind, "merge", lambda bundles: pytest.fail("merged"))
    bundle = search.index_here(RECORDS, "en")
    assert calls == [3]
    assert bundle == pagefind.canonical_bundle(index_records(RECORDS, "en"))


def test_a_page_whose_name_an_earlier_batch_took_gets_a_longer_name(
    batches: list[dict[str, bytes]],
) -> None:
    first, second = (_meta(b) for b in batches[:2])
    taken, clashing = first[1][0][0], second[1][0][0]
    renamed = {
        n.replace(clashing, taken): d for n, d in batches[1].items() if not n.endswith("pf_meta")
    }
    second[1][0][0] = taken
    clash = {**renamed, **pagefind._with_meta(renamed, _meta_name(batches[1]), second)}
    merged = pagefind.merge([batches[0], clash, batches[2]])
    names = [page for page, _count in _meta(merged)[1]]
    # Pagefind's rule: the shortest name, one character longer, that its own hash begins with
    assert names[0] == taken and names[150][:-1] == clashing
    assert len(set(names)) == len(names)
    assert pagefind.live_pages(merged) == pagefind.live_pages(pagefind.merge(batches))


def test_merging_an_unsupported_pagefind_version_is_a_clear_error(
    batches: list[dict[str, bytes]],
) -> None:
    entry = json.loads(batches[1][pagefind.ENTRY])
    entry["version"] = "9.0.0"
    other = {**batches[1], pagefind.ENTRY: json.dumps(entry).encode()}
    with pytest.raises(pagefind.PagefindFormatError, match=r"version 9\.0\.0 is not supported"):
        pagefind.merge([batches[0], other])


def _meta_name(bundle: dict[str, bytes]) -> str:
    return next(name for name in bundle if name.endswith(".pf_meta"))


def _meta(bundle: dict[str, bytes]) -> Any:
    return pagefind.unpack(bundle[_meta_name(bundle)])


def test_a_filter_of_many_pages_is_merged_one_value_at_a_time() -> None:
    """A filter of a large site lists every page under some value (at 100,000
    articles, half a million numbers for the tags): merged as lists of Python
    numbers, 36 bytes each, for every value at once. Here 20 batches of 2,000
    pages, each page under one of 100 values: the merge took 2.0 MB beyond what
    it makes that way, 0.9 MB now, and the file is the same bytes."""
    batches, values = 20, [f"tag-{n:03}" for n in range(100)]

    class Part:
        def __init__(self, number: int) -> None:
            listed = [[v, [p for p in range(2_000) if p % 100 == n]] for n, v in enumerate(values)]
            self.bundle = {f"filter/en_{number}.pf_filter": pagefind.pack(["tag", listed])}
            self.filters = [["tag", f"en_{number}"]]

    parts = [Part(n) for n in range(batches)]
    offsets = [2_000 * n for n in range(batches)]
    result: dict[str, Any] = {}
    tracemalloc.start()
    try:
        listed = pagefind._merged_filters(parts, offsets, "en", result)  # type: ignore[arg-type]
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    expected = [
        [v, [p for p in range(2_000 * batches) if p % 100 == n]] for n, v in enumerate(values)
    ]
    [(name, file)] = listed
    assert name == "tag" and result[f"filter/{file}.pf_filter"] == pagefind.pack(["tag", expected])
    assert peak - held < 1_200_000
