"""Old addresses with a query string (WordPress's ``/?p=12``) keep answering.

A static host cannot put a file at ``/?p=12``: such an alias gets a redirect
rule on its query parameters in ``_redirects`` and an entry in the map that the
home and 404 pages look the visitor's address up in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Run, article, serve_directory

SiteMaker = Callable[[dict[str, str | bytes]], Path]


def test_a_query_alias_gets_a_rule_and_a_map_entry_but_no_folder(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": 'base_url: "https://example.org/blog/"\n',
            "content/a.md": article("A", aliases="['/?p=12', '/index.php?p=12&lang=en', '/old/']"),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "output"
    redirects = (out / "_redirects").read_text().splitlines()
    assert "/blog/ p=12 /blog/articles/a/ 301" in redirects
    assert "/blog/index.php lang=en p=12 /blog/articles/a/ 301" not in redirects
    assert "/blog/index.php p=12 lang=en /blog/articles/a/ 301" in redirects
    assert "/blog/old/ /blog/articles/a/ 301" in redirects
    lookup = json.loads((out / "query-redirects.json").read_text())
    assert lookup == {
        "/blog/?p=12": "/blog/articles/a/",
        "/blog/index.php?p=12&lang=en": "/blog/articles/a/",
    }
    assert not [p for p in out.rglob("*") if "?" in p.name]
    lookup_script = re.compile(r'<script [^>]*data-map="?/blog/query-redirects\.json')
    assert lookup_script.search((out / "index.html").read_text())
    assert lookup_script.search((out / "404.html").read_text())
    assert "query-redirect" not in (out / "articles/a/index.html").read_text()


def test_a_site_without_query_aliases_loads_no_lookup(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": article("A", aliases="['/old/']")})
    assert build_site(site).code == 0
    assert not (site / "output/query-redirects.json").exists()
    assert "query-redirect" not in (site / "output/index.html").read_text()


def test_two_articles_with_one_query_alias_is_an_error(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", aliases="['/?p=12']"),
            "content/b.md": article("B", aliases="['/?p=12']"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == ["content/b.md:4: alias /?p=12 is also an alias of content/a.md"]


def test_an_alias_with_a_fragment_is_an_error(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": article("A", aliases="['/old/#part']")})
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/a.md:4: alias '/old/#part' must not contain '#': a fragment never reaches"
        " the server; leave it out"
    ]


@pytest.mark.slow
def test_a_browser_at_an_old_query_address_lands_on_the_article(
    make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    site = make_site(
        {
            "site.yaml": 'base_url: "http://localhost/blog/"\n',
            "content/a.md": article("Where it went", aliases="['/?p=12']"),
            "content/b.md": article("Another"),
        }
    )
    root = tmp_path / "www"
    assert build_site(site, "-o", str(root / "blog")).code == 0
    with serve_directory(root) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for old in ("blog/?p=12", "blog/?utm_source=x&p=12"):
                page.goto(base + "blog/tags/")
                page.goto(base + old)
                page.wait_for_url("**/blog/articles/a/", timeout=10_000)
            page.goto(base + "blog/?p=99")
            page.wait_for_load_state("networkidle")
            assert page.url.endswith("/blog/?p=99")
        finally:
            browser.close()


def test_an_alias_written_with_percent_escapes_is_the_folder_a_host_looks_in(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    aliases = "['/edge%20case/old/', '/caf%C3%A9/', '/search/?q=a%20b']"
    site = make_site(
        {
            "content/a.md": article("A", aliases=aliases, url="/new%20home/"),
            "content/b.md": article("B", aliases="['/%2e%2e/x/']"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert (
        result.err.strip() == "content/b.md:4: alias '/%2e%2e/x/' must not contain a '..' segment"
    )
    (site / "content/b.md").unlink()
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "output"
    assert (out / "new home/index.html").is_file()
    assert (
        "href=http://localhost:8000/new%20home/>" in (out / "edge case/old/index.html").read_text()
    )
    assert (out / "café/index.html").is_file()
    assert not [p for p in out.rglob("*") if "%" in p.name]
    redirects = (out / "_redirects").read_text().splitlines()
    assert "/edge%20case/old/ /new%20home/ 301" in redirects
    assert "/search/ q=a%20b /new%20home/ 301" in redirects
