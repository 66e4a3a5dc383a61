"""Names in other scripts (SPEC §8): kept in slugs, percent-encoded in URLs, never dropped.

``section: Новости`` once gave ``<a href="None">`` and no section page, ``author:
Иван`` vanished from the byline, a Cyrillic tag was refused and ``C++``, ``C#``
and ``C`` merged into one tag ``c``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sitegen.render.pages import text_direction
from tests.conftest import Run, article, run_sitegen

SiteMaker = Callable[[dict[str, str | bytes]], Path]

NEWS = quote("новости")
IVAN = quote("иван")
POLITICS = quote("политика")
TOKYO = quote("東京タワー")


def _site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "site.yaml": "base_url: https://example.org/\n",
            "content/a.md": article(
                "Выборы",
                section="Новости",
                author="Иван",
                tags="[Политика, 'C++', 'C#', C]",
                aliases="['/старое/']",
            ),
            "content/東京タワー.md": article("東京", date="2025-05-02", body="[a](a.md)"),
        }
    )


def test_a_cyrillic_section_author_and_tag_get_their_pages(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = _site(make_site)
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "output"
    for folder in ("sections/новости", "authors/иван", "tags/политика", "articles/東京タワー"):
        assert (out / folder / "index.html").is_file(), folder
    page = (out / "articles/a/index.html").read_text()
    assert f"href=/sections/{NEWS}/>Новости</a>" in page
    assert f"href=/authors/{IVAN}/ rel=author>Иван</a>" in page
    assert f"href=/tags/{POLITICS}/ rel=tag>Политика</a>" in page
    assert "None" not in page
    found = re.search(r'ld\+json>(\{"@context".*?)</script>', page)
    assert found
    structured = json.loads(found[1])["@graph"][0]
    assert structured["articleSection"] == "Новости"
    assert structured["author"] == [
        {"@type": "Person", "name": "Иван", "url": f"https://example.org/authors/{IVAN}/"}
    ]


def test_c_plus_plus_c_sharp_and_c_are_three_tags(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = _site(make_site)
    assert build_site(site).code == 0
    page = (site / "output/articles/a/index.html").read_text()
    for slug, name in (("c-plus-plus", "C++"), ("c-sharp", "C#"), ("c", "C")):
        assert f"href=/tags/{slug}/ rel=tag>{name}</a>" in page
        assert (site / f"output/tags/{slug}/index.html").is_file()


def test_feeds_sitemaps_and_redirects_carry_percent_encoded_urls(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = _site(make_site)
    assert build_site(site).code == 0
    out = site / "output"
    locs = [
        loc.text
        for loc in ET.parse(out / "sitemap.xml").getroot().iter()
        if loc.tag.endswith("loc")
    ]
    assert f"https://example.org/sections/{NEWS}/" in locs
    assert f"https://example.org/articles/{TOKYO}/" in locs
    assert all(loc and loc.isascii() for loc in locs)
    feed = ET.parse(out / "tags/политика/feed.xml").getroot()
    links = [e.get("href") for e in feed.iter() if e.tag.endswith("link")]
    assert f"https://example.org/tags/{POLITICS}/" in links
    assert all(link and link.isascii() for link in links)
    assert (out / "authors/иван/feed.xml").is_file()
    json_feed = json.loads((out / "feed.json").read_text())
    assert f"https://example.org/articles/{TOKYO}/" in [i["url"] for i in json_feed["items"]]
    assert f"/{quote('старое')}/ /articles/a/ 301" in (out / "_redirects").read_text()
    tokyo = (out / "articles/東京タワー/index.html").read_text()
    assert "href=/articles/a/>a</a>" in tokyo


def test_check_passes_on_links_to_pages_named_in_other_scripts(
    make_site: SiteMaker, monkeypatch: object
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", section="Новости", body="[news](/sections/новости/)"),
            "content/b.md": article(
                "B", body="[c](/sections/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/)"
            ),
        }
    )
    result = run_sitegen("check", str(site))
    assert result.code == 0, result.err


def test_names_that_share_a_page_while_written_differently_are_a_warning(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", tags="[C, NATO, Türkiye]", section="World News"),
            "content/b.md": article("B", tags="['C.', nato, Turkiye]", section="world-news"),
        }
    )
    result = build_site(site)
    assert result.code == 0
    assert result.errors == [
        "content/b.md:4: warning: tag 'C.' shares the page /tags/c/ with 'C' (content/a.md:4);"
        " write them alike if they are one tag, or tell them apart",
        "content/b.md:5: warning: section 'world-news' shares the page /sections/world-news/"
        " with 'World News' (content/a.md:5); write them alike if they are one section,"
        " or tell them apart",
    ]


def test_a_name_without_letters_or_digits_is_an_error_never_a_dropped_link(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": article("A", section="'!!!'", author="'🙂'")})
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/a.md:4: section '!!!' has no letters or digits, so it cannot have a page",
        "content/a.md:5: author '🙂' has no letters or digits, so it cannot have a page",
    ]


def test_a_right_to_left_language_lays_the_pages_out_right_to_left(
    make_site: Callable[[dict[str, str]], Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": "title: مدونة\nbase_url: https://example.org/\nlanguage: ar\n",
            "content/a.md": article("مرحبا بالعالم", slug="a", body="أولا: نص عربي!"),
        }
    )
    assert build_site(site).code == 0
    for page in ("index.html", "articles/a/index.html"):
        html = (site / "output" / page).read_text(encoding="utf-8")
        assert html.startswith("<!doctype html><html dir=rtl lang=ar>"), page
    assert text_direction("pa-Arab") == "rtl" and text_direction("pt-BR") == "ltr"
