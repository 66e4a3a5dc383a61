"""The one module that reads Pagefind's files, against the Pagefind installed here."""

from __future__ import annotations

import gzip
import json
from importlib.metadata import version

import pytest

from sitegen.post import pagefind
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
    urls = pagefind.page_urls(canonical)
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
    assert sorted(pagefind.page_urls(renamed)) == ["en_ab0", "en_ab1", "en_ab2"]


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
