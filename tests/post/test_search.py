"""Search: the Pagefind bundle comes out of the build, stable, and finds articles."""

from __future__ import annotations

import contextlib
import random
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from lxml import html

from sitegen.markdown.text import plain_text
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Run, article, serve_directory

if TYPE_CHECKING:
    from playwright.sync_api import Page

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]

FILES: dict[str, str | bytes] = {
    "site.yaml": "title: Desk\nbase_url: http://127.0.0.1/blog/\n",
    "content/grid.md": article(
        "Why grids stall",
        "2025-03-04",
        "Transmission permits take a decade in most provinces.",
        tags="[Energy, Permits]",
        section="Climate",
        author="Ana",
    ),
    "content/rates.md": article(
        "The rate path", "2025-04-01", "Central bankers weigh inflation.", tags="[Economy]"
    ),
}


def test_plain_text_keeps_words_and_drops_markup_and_scripts() -> None:
    text = plain_text("<h2>Background</h2><p>A <em>b</em> c</p><script>x()</script><p>d</p>")

    assert text == "Background\nA b c\nd"


def test_build_writes_the_pagefind_bundle_under_pagefind(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(FILES)

    assert build_site(site).code == 0
    bundle = site / "output" / "pagefind"
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"):
        assert (bundle / name).is_file()
    assert len(list((bundle / "fragment").iterdir())) == 2
    assert len(list((bundle / "filter").iterdir())) == 3  # author, section, tag


def test_search_index_is_byte_identical_across_builds(
    make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(FILES)
    build_site(site, "-o", str(tmp_path / "one"))
    build_site(site, "-o", str(tmp_path / "two"))

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert files(tmp_path / "one" / "pagefind") == files(tmp_path / "two" / "pagefind")


def test_search_page_loads_the_ui_from_the_base_path(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    build_site(site)

    page = html.fromstring((site / "output" / "search" / "index.html").read_bytes())
    loaded = [*page.xpath("//script/@src"), *page.xpath('//link[@rel="stylesheet"]/@href')]
    assert any(str(url).startswith("/blog/static/search.") for url in loaded)
    assert page.xpath('//form[@id="search-form"]/@data-bundle') == ["/blog/pagefind/"]
    assert all(str(url).startswith("/blog/") for url in loaded)  # no third-party host


def test_search_box_has_a_visible_label(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    build_site(site)

    page = html.fromstring((site / "output" / "search" / "index.html").read_bytes())
    (label,) = page.xpath('//label[@for="search-input"]')
    assert label.text_content() == "Search articles"
    assert "visually-hidden" not in (label.get("class") or "")
    assert page.xpath('//input[@id="search-input"]/@name') == ["q"]


# -- in a browser ---------------------------------------------------------


@pytest.fixture
def served(make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path) -> Iterator[str]:
    """The built site under /blog/ on 127.0.0.1; yields the search page's URL."""
    site = make_site(FILES)
    root = tmp_path / "www"
    build_site(site, "-o", str(root / "blog"))
    with serve_directory(root) as base:
        yield base + "blog/search/"


@pytest.mark.slow
def test_typing_a_query_shows_the_matching_article(served: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            outside: list[str] = []
            page.on(
                "request",
                lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None,
            )
            page.goto(served)
            page.keyboard.press("Tab")  # skip link, then on to the search box by keyboard
            page.fill("#search-input", "grids permits")
            result = page.locator(".search-result__title a").first
            result.wait_for(timeout=10_000)
            assert result.inner_text() == "Why grids stall"
            assert result.get_attribute("href") == "/blog/articles/grid/"
            excerpt = page.locator(".search-result__excerpt").first.inner_text()
            assert "permits" in excerpt.lower()
            assert not excerpt.startswith("Why grids stall")  # the headline is not repeated
            assert page.locator(".search-result__meta time").first.inner_text() == "4 March 2025"
            assert page.locator(".search-result__kicker").first.inner_text().lower() == "climate"
            assert outside == []
        finally:
            browser.close()


@pytest.mark.slow
def test_a_french_site_searches_in_french(
    make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    """search.js writes its messages and dates from the page's table, not in English."""
    from playwright.sync_api import sync_playwright

    files = {**FILES, "site.yaml": "title: Desk\nbase_url: http://127.0.0.1/blog/\nlanguage: fr\n"}
    root = tmp_path / "www"
    assert build_site(make_site(files), "-o", str(root / "blog")).code == 0
    with serve_directory(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(base + "blog/search/?q=permits")
            page.locator(".search-result__title a").first.wait_for(timeout=10_000)
            status = page.locator("#search-status").inner_text()
            assert status == "1 article trouvé pour «\xa0permits\xa0»."
            assert page.locator(".search-result__meta time").first.inner_text() == "4 mars 2025"
            page.fill("#search-input", "zzzz")
            page.wait_for_function("!document.querySelector('.search-result')")
            assert (
                page.locator("#search-status").inner_text() == "Aucun résultat pour «\xa0zzzz\xa0»."
            )
        finally:
            browser.close()


SITE = {
    **FILES,
    "content/fourth.md": article(
        "Harbour dredging returns",
        "2025-05-01",
        "Silt closes the northern channel.",
        tags="[Ports]",
        section="Climate",
    ),
}


def test_an_edit_reindexes_only_the_delta_and_a_large_delta_reindexes_all(
    make_site: SiteMaker, build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitegen.post.search as search

    site = make_site(SITE)
    build_site(site)
    out = site / "output"
    assert (out / "pagefind/delta/pagefind-entry.json").exists()
    assert "/blog/pagefind/delta/" in (out / "search/index.html").read_text()
    calls: list[int] = []
    real = search.index_records
    monkeypatch.setattr(
        search, "index_records", lambda r, lang: calls.append(len(r)) or real(r, lang)
    )
    (site / "content/fourth.md").write_text(SITE["content/fourth.md"] + "\nMore silt.\n")
    build_site(site)
    assert calls == [1]
    monkeypatch.setattr(search, "DELTA_LIMIT", 1)
    (site / "content/rates.md").write_text(SITE["content/rates.md"] + "\nAnd rates.\n")
    build_site(site)
    assert calls == [1, 3]  # the delta would hold two: the whole site is indexed again


@contextlib.contextmanager
def _two_sites(first: Path, second: Path) -> Iterator[tuple[Page, str, str]]:
    """One Chromium page and the URLs of two built sites served side by side,
    for searching both with the same queries."""
    from playwright.sync_api import sync_playwright

    with (
        serve_directory(first) as one,
        serve_directory(second) as other,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(), one, other
        finally:
            browser.close()


def _found(page: Page, url: str) -> list[str]:
    """The headlines a search (``?q=...&section=...``) lists, once it has finished."""
    page.goto(url)
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.startsWith('Nothing')"
        " || document.querySelectorAll('#search-results li').length > 0",
        timeout=10_000,
    )
    return sorted(page.locator(".search-result__title a").all_inner_texts())


@pytest.mark.slow
def test_after_edits_search_finds_what_a_clean_build_finds(
    make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(SITE)
    root = tmp_path / "www"
    build_site(site, "-o", str(root / "blog"))
    # An edit (a word replaced), an added article and a deleted one.
    grid = site / "content/grid.md"
    grid.write_text(grid.read_text().replace("Transmission permits", "Transmission licences"))
    (site / "content/fifth.md").write_text(
        article("Silt and salt", "2025-06-01", "Dredgers meet the tide.", section="Climate")
    )
    (site / "content/rates.md").unlink()
    build_site(site, "-o", str(root / "blog"))
    assert list((root / "blog/pagefind/delta/fragment").iterdir())  # base + delta
    clean = tmp_path / "clean"
    build_site(site, "-o", str(clean / "blog"), "--cache-dir", str(tmp_path / "fresh-cache"))
    assert not (clean / "blog/pagefind/delta/fragment").exists()  # one index of everything
    queries = [
        ("permits", "", []),
        ("licences", "", ["Why grids stall"]),
        ("bankers", "", []),  # only in the deleted article
        ("silt", "", ["Harbour dredging returns", "Silt and salt"]),
        ("silt", "Climate", ["Harbour dredging returns", "Silt and salt"]),
        ("transmission", "Climate", ["Why grids stall"]),
        ("tide", "", ["Silt and salt"]),
    ]
    with _two_sites(root, clean) as (page, edited, rebuilt):
        for query, section, expected in queries:
            where = f"?q={query}&section={section}"
            incremental = _found(page, f"{edited}blog/search/{where}")
            fresh = _found(page, f"{rebuilt}blog/search/{where}")
            assert incremental == fresh == expected, (query, section)


def _ranked(page: Page, url: str) -> tuple[list[str], list[tuple[str, float]]]:
    """The headlines the search page lists for ``url`` (``?q=...``) in its order, and
    every result of the same query from Pagefind's own API: URL and score, ranked."""
    page.goto(url)
    page.wait_for_function(
        "() => document.getElementById('search-status').textContent.startsWith('Nothing')"
        " || document.querySelectorAll('#search-results li').length > 0",
        timeout=10_000,
    )
    shown = page.locator(".search-result__title a").all_inner_texts()
    query = url.split("?q=", 1)[1].split("&", 1)[0]
    ranked = page.evaluate(
        """async (query) => {
            const pagefind = await import(document.getElementById("search-form").dataset.bundle
                + "pagefind.js");
            const search = await pagefind.search(decodeURIComponent(query));
            return Promise.all(search.results.map(async (r) => [(await r.data()).url, r.score]));
        }""",
        query,
    )
    return shown, [(str(u), float(s)) for u, s in ranked]


BATCHED = {
    "site.yaml": "title: Desk\nbase_url: http://127.0.0.1/blog/\n",
    **{
        f"content/a{n}.md": article(
            f"Dispatch {n} on {('grain', 'harbour', 'tariff')[n % 3]}",
            f"2025-0{n % 9 + 1}-1{n % 10}",
            " ".join(
                ["harbour"] * (n % 4 + 1)
                + ["grain"] * (n % 3)
                + ["café" if n % 2 else "cafe", f"filler{n}", "the quay froze early"] * 3
            ),
            section=("Climate", "Trade")[n % 2],
            tags=f"[{('Ports', 'Food')[n % 2]}]",
        )
        for n in range(13)
    },
}


@pytest.mark.slow
def test_an_index_merged_from_batches_ranks_searches_as_one_index_does(
    make_site: SiteMaker,
    build_site: Callable[..., Run],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sitegen.post.search as search

    site = make_site(BATCHED)
    one, batched = tmp_path / "one", tmp_path / "batched"
    assert build_site(site, "-o", str(one / "blog"), "--cache-dir", str(tmp_path / "c1")).code == 0
    calls: list[int] = []
    real = search.index_records
    monkeypatch.setattr(
        search, "index_records", lambda r, lang: calls.append(len(r)) or real(r, lang)
    )
    monkeypatch.setattr(search, "BATCH_RECORDS", 5)
    flags = ("-o", str(batched / "blog"), "--cache-dir", str(tmp_path / "c2"))
    assert build_site(site, *flags).code == 0
    assert calls == [5, 5, 3]
    queries = ["harbour", "grain harbour", "cafe", "harb", "quay&section=Trade", "tariff"]
    with _two_sites(one, batched) as (page, whole, merged):
        for query in queries:
            expected = _ranked(page, f"{whole}blog/search/?q={query}")
            found = _ranked(page, f"{merged}blog/search/?q={query}")
            assert found == expected, query
            assert len(expected[1]) > 1 or query == "tariff", query
            assert len({score for _url, score in expected[1]}) > 1 or query == "tariff"


def _words(seed: int, count: int) -> str:
    """``count`` made-up words, few shared between articles: a large index per article."""
    chosen = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(chosen.choices(letters, k=chosen.randint(4, 9))) for _ in range(count))


def test_the_search_index_is_not_held_in_memory_until_the_write(
    make_site: SiteMaker, build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indexed in batches, the index's fragments and word chunks go to disk as each
    batch ends and reach the writer as staged files: what the search stage still
    holds when it hands the index over does not grow with the index (held whole,
    it was 180 MB at 30,000 articles). Five times the pages, five times the index,
    and hardly more held."""
    import sitegen.build.indexing as indexing
    import sitegen.post.search as search

    monkeypatch.setattr(search, "BATCH_RECORDS", 2)
    held: list[int] = []
    real = search.search_index

    def measured(*args: Any, **kwargs: Any) -> search.SearchIndex:
        tracemalloc.start(6)  # enough frames to reach sitegen from json, gzip or base64
        try:
            made = real(*args, **kwargs)
            # Only what the search stage allocated: pages and feeds are made meanwhile.
            ours = tracemalloc.Filter(True, "*/sitegen/post/*", all_frames=True)
            snapshot = tracemalloc.take_snapshot().filter_traces([ours])
            held.append(sum(stat.size for stat in snapshot.statistics("filename")))
            return made
        finally:
            tracemalloc.stop()

    monkeypatch.setattr(indexing, "search_index", measured)
    grown = []
    for articles in (4, 20):
        files: dict[str, str | bytes] = {"site.yaml": "title: Desk\nbase_url: http://x.org/\n"}
        for n in range(articles):
            body = "\n\n".join(_words(n * 100 + p, 800) for p in range(5))
            files[f"content/a{n}.md"] = article(f"Dispatch {n}", f"2025-01-{n % 28 + 1:02}", body)
        site = make_site(files)
        flags = ("-o", str(site / f"out{articles}"), "--cache-dir", str(site / f"c{articles}"))
        assert build_site(site, *flags).code == 0
        index = site / f"out{articles}" / "pagefind"
        assert len(list((index / "fragment").iterdir())) == articles
        grown.append(
            sum(f.stat().st_size for d in ("fragment", "index") for f in (index / d).iterdir())
        )
    more = grown[1] - grown[0]  # the fragments and word chunks: what grows with the site
    assert more > 700_000
    assert held[1] - held[0] < more / 10, (held, grown)


def test_a_base_index_holds_the_records_of_a_batch_not_of_the_site(
    make_site: SiteMaker, build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean build indexes every article, a batch at a time; the records it gives
    Pagefind are made as their batch is cut, so while a batch is indexed the build
    holds that batch's records (and the block being given its text), not one per
    article of the site: at 100,000 articles, 80 MB."""
    import gc

    import sitegen.post.search as search

    monkeypatch.setattr(search, "BATCH_RECORDS", 2)
    monkeypatch.setattr(search, "FILL_BLOCK", 2)
    alive: list[int] = []
    real = search.index_records

    def counted(records: Any, language: str) -> dict[str, bytes]:
        alive.append(sum(isinstance(o, search.SearchRecord) for o in gc.get_objects()))
        return real(records, language)

    monkeypatch.setattr(search, "index_records", counted)
    files: dict[str, str | bytes] = {"site.yaml": "title: Desk\nbase_url: http://x.org/\n"}
    for n in range(24):
        files[f"content/a{n}.md"] = article(f"Dispatch {n}", f"2025-01-{n + 1:02}", _words(n, 60))
    site = make_site(files)
    assert build_site(site, "-o", str(site / "out")).code == 0
    assert len(alive) == 12  # one Pagefind run per batch of two
    assert max(alive) <= 6, alive
    fragments = list((site / "out" / "pagefind" / "fragment").iterdir())
    assert len(fragments) == 24


def test_the_base_keeps_each_articles_page_digest_and_offset_as_plain_json(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """The page map a later build reads the base by (made a column at a time, to
    bound a large site's memory) is the JSON of its four columns, one entry per
    article, in the order of their sources."""
    import json

    from sitegen.incremental.store import FILE_NAME, Store
    from sitegen.incremental.tables import SearchBundles
    from sitegen.post import search

    site = make_site(FILES)
    assert build_site(site, "-o", str(site / "out"), "--cache-dir", str(site / "cache")).code == 0
    bundles = SearchBundles(Store(site / "cache" / FILE_NAME))
    pointer = bundles.get(search.POINTER_KEY)
    assert pointer is not None
    key = json.loads(pointer[search._POINTER])["base"]  # type: ignore[arg-type]
    head = bundles.get(key + "-head")
    assert head is not None
    raw = head[search._BASE]
    assert isinstance(raw, bytes)
    columns = json.loads(raw)
    assert raw == json.dumps(columns, sort_keys=True).encode()
    assert columns["sources"] == ["content/grid.md", "content/rates.md"]
    assert len(set(columns["pages"])) == 2 and all(at > 0 for at in columns["offsets"])
    assert len(set(columns["digests"])) == 2 and all(columns["digests"])
