"""What a reader finds on the built pages: dek, times, menu, front page, article furniture."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from tests.conftest import Run, article

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]

SITE_YAML = """
title: The Desk
description: "Analysis of money, power and the planet"
base_url: https://news.example.org/blog/
timezone: Europe/Brussels
paginate: 3
authors:
  ana:
    name: Ana Diaz
    bio: Covers energy and the grid.
    url: https://ana.example.org/
    image: /static/people/ana.jpg
"""

GRID = """
---
title: "Why grids stall"
date: 2025-03-04T09:30:00
updated: 2025-03-05T17:45:00
summary: "Permits, not panels, hold up the energy transition."
author: ana
section: Energy
tags: [Grid]
image: /media/grid.png
image_alt: "Pylons at dusk"
image_caption: "Pylons near the northern border."
image_credit: "Photo: Ana Diaz"
corrections:
  - date: 2025-03-06
    text: "An earlier version misstated the length of the line."
  - date: 2025-03-08T10:00:00
    text: "The minister's name is Jansen, not Jensen."
---

Transmission permits take a decade. Every province asks again.

## Background

The *first* line was approved in 1998.
"""

FILES: dict[str, str | bytes] = {
    "site.yaml": SITE_YAML,
    "content/grid.md": GRID,
    "content/plain.md": article(
        "Ports reopen",
        "2025-03-01",
        "Cranes moved again on Monday. Unions and owners signed at dawn.\n\nMore text.",
        section="Trade",
    ),
    "content/rates.md": article("Rates hold", "2025-02-01", "Banks wait.", section="Economy"),
    "content/old.md": article("Old energy", "2024-06-01", "Older.", section="Energy"),
    "content/loose.md": article("No section", "2025-01-15", "Loose."),
}


@pytest.fixture
def built(make_site: SiteMaker, build_site: Callable[..., Run]) -> Path:
    site = make_site(FILES)
    run = build_site(site)
    assert run.code == 0, run.err
    return site / "output"


def doc(path: Path) -> Any:
    return html.fromstring(path.read_bytes())


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


def graph(page: Any) -> list[dict[str, Any]]:
    (script,) = page.xpath('//script[@type="application/ld+json"]/text()')
    return list(json.loads(script)["@graph"])


def node(items: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [item for item in items if item["@type"] == kind]
    return found


# -- the dek and the title ----------------------------------------------------


def test_a_dek_is_shown_only_when_the_author_wrote_a_summary(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")
    plain = doc(built / "articles/plain/index.html")

    assert [text(p) for p in grid.xpath('//p[@class="dek"]')] == [
        "Permits, not panels, hold up the energy transition."
    ]
    assert plain.xpath('//p[@class="dek"]') == []  # it would repeat the first paragraph
    # Cards still show the derived summary.
    home = doc(built / "index.html")
    deks = [text(p) for p in home.xpath('//p[@class="card__dek"]')]
    assert "Cranes moved again on Monday. Unions and owners signed at dawn." in deks


def test_an_article_title_names_the_site_not_the_section(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    assert grid.findtext(".//title") == "Why grids stall | The Desk"
    assert grid.xpath('//meta[@property="og:title"]/@content') == ["Why grids stall"]


# -- times --------------------------------------------------------------------


def test_byline_gives_the_time_in_the_site_zone_and_the_update_time(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (published,) = grid.xpath('//span[@class="byline__date"]/time')
    assert text(published) == "4 March 2025, 09:30 CET"
    assert published.get("datetime") == "2025-03-04T09:30:00+01:00"
    (updated,) = grid.xpath('//span[@class="byline__updated"]')
    assert text(updated) == "Updated 5 March 2025, 17:45 CET"
    # A date written without a time shows none.
    plain = doc(built / "articles/plain/index.html")
    assert text(plain.xpath('//span[@class="byline__date"]')[0]) == "1 March 2025"


def test_an_aware_date_is_shown_in_the_site_zone(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": "timezone: Europe/Brussels\n",
            "content/a.md": article("A", "2025-07-01T23:30:00+00:00"),
        }
    )
    assert build_site(site).code == 0
    page = doc(site / "output/articles/a/index.html")
    assert text(page.xpath('//span[@class="byline__date"]')[0]) == "2 July 2025, 01:30 CEST"


def test_reading_time_cannot_break_between_number_and_unit(built: Path) -> None:
    grid = (built / "articles/grid/index.html").read_text()

    assert "1&nbsp;min read" in grid or "1\u00a0min read" in grid


# -- menu and header ----------------------------------------------------------


def current_links(page: Any) -> dict[str, str]:
    return {
        text(a): a.get("aria-current")
        for a in page.xpath('//nav[@class="site-nav"]//a[@aria-current]')
    }


def test_the_menu_marks_the_current_section(built: Path) -> None:
    assert current_links(doc(built / "sections/energy/index.html")) == {"Energy": "page"}
    assert current_links(doc(built / "articles/grid/index.html")) == {"Energy": "true"}
    assert current_links(doc(built / "tags/index.html")) == {"Tags": "page"}
    assert current_links(doc(built / "tags/grid/index.html")) == {"Tags": "true"}
    assert current_links(doc(built / "index.html")) == {}
    assert current_links(doc(built / "articles/loose/index.html")) == {}


def test_every_page_has_a_labelled_search_box_in_the_header(built: Path) -> None:
    for path in ("index.html", "articles/grid/index.html", "tags/grid/index.html"):
        page = doc(built / path)
        (form,) = page.xpath('//header//form[@role="search"]')
        assert form.get("action") == "/blog/search/"
        (field,) = form.xpath('.//input[@name="q"]')
        assert form.xpath(f'.//label[@for="{field.get("id")}"]')


# -- the front page -----------------------------------------------------------


def test_the_front_page_has_a_heading_tagline_date_lead_and_section_blocks(
    built: Path,
) -> None:
    home = doc(built / "index.html")

    assert [text(h) for h in home.xpath("//h1")] == ["The Desk"]
    assert text(home.xpath('//p[@class="site-tagline"]')[0]) == (
        "Analysis of money, power and the planet"
    )
    (date,) = home.xpath('//p[@class="edition__date"]/time')
    assert text(date) == "Tuesday 4 March 2025"  # the newest article's day
    lead = home.xpath('//div[@class="front__lead"]//a[@class="card__link"]')
    assert [text(a) for a in lead] == ["Why grids stall"]
    blocks = {
        str(section.xpath(".//h2/a/text()")[0]).strip(): [
            text(a) for a in section.xpath('.//a[@class="card__link"]')
        ]
        for section in home.xpath('//section[@class="section-block"]')
    }
    # Each section's latest, the lead excepted; in the menu's order.
    assert blocks == {
        "Economy": ["Rates hold"],
        "Energy": ["Old energy"],
        "Trade": ["Ports reopen"],
    }
    assert list(blocks) == [text(a) for a in home.xpath('//nav[@class="site-nav"]//a')][:3]


def test_the_front_page_ends_with_the_stories_placed_nowhere_else(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site({**FILES, "site.yaml": SITE_YAML.replace("paginate: 3", "paginate: 5")})
    assert build_site(site).code == 0
    home = doc(site / "output/index.html")
    (more,) = home.xpath('//section[contains(@class, "section-block--more")]')
    assert [text(a) for a in more.xpath('.//a[@class="card__link"]')] == ["No section"]


def test_the_feed_link_sits_in_the_edition_line_not_above_the_lead(built: Path) -> None:
    home = doc(built / "index.html")

    (feed,) = home.xpath('//main//a[contains(@class, "feed-link")]')
    assert feed.xpath('ancestor::div[@class="edition"]')
    assert feed.get("href") == "/blog/feed.xml"


def test_the_site_description_describes_the_home_page(built: Path) -> None:
    home = doc(built / "index.html")

    assert home.xpath('//meta[@name="description"]/@content') == [
        "Analysis of money, power and the planet"
    ]
    website = node(graph(home), "WebSite")
    assert website["description"] == "Analysis of money, power and the planet"


# -- the lead image -----------------------------------------------------------


def test_the_lead_image_has_its_caption_and_credit(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (figure,) = grid.xpath('//figure[@class="article__image"]')
    assert figure.xpath(".//img/@alt") == ["Pylons at dusk"]
    assert text(figure.xpath(".//figcaption")[0]) == (
        "Pylons near the northern border. Photo: Ana Diaz"
    )
    assert text(figure.xpath('.//span[@class="credit"]')[0]) == "Photo: Ana Diaz"
    news = node(graph(grid), "NewsArticle")
    assert news["image"] == [
        {
            "@type": "ImageObject",
            "url": "https://news.example.org/blog/media/grid.png",
            "caption": "Pylons near the northern border.",
            "creditText": "Photo: Ana Diaz",
        }
    ]


# -- the end of an article ----------------------------------------------------


def test_corrections_are_shown_newest_first_and_in_the_structured_data(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (section,) = grid.xpath('//section[@class="corrections"]')
    assert text(section.xpath(".//h2")[0]) == "Corrections"
    assert [text(li) for li in section.xpath(".//li")] == [
        "8 March 2025, 10:00 CET: The minister's name is Jansen, not Jensen.",
        "6 March 2025: An earlier version misstated the length of the line.",
    ]
    news = node(graph(grid), "NewsArticle")
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The minister's name is Jansen, not Jensen.",
            "datePublished": "2025-03-08T10:00:00+01:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misstated the length of the line.",
            "datePublished": "2025-03-06T00:00:00+01:00",
        },
    ]
    plain = doc(built / "articles/plain/index.html")
    assert plain.xpath('//section[@class="corrections"]') == []
    assert "correction" not in node(graph(plain), "NewsArticle")


def test_the_author_box_has_photo_bio_and_links(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (box,) = grid.xpath('//section[@class="authors"]')
    (photo,) = box.xpath('.//img[@class="author__photo"]')
    assert (photo.get("src"), photo.get("alt")) == ("/blog/static/people/ana.jpg", "")
    assert (photo.get("width"), photo.get("height")) == ("72", "72")
    assert box.xpath('.//p[@class="author__name"]/a/@href') == ["/blog/authors/ana/"]
    assert text(box.xpath('.//p[@class="author__bio"]')[0]) == "Covers energy and the grid."
    assert "https://ana.example.org/" in box.xpath(".//a/@href")
    person = node(graph(grid), "NewsArticle")["author"][0]
    assert person["sameAs"] == ["https://ana.example.org/"]
    assert person["image"] == "https://news.example.org/blog/static/people/ana.jpg"
    # The author page shows the portrait too.
    author_page = doc(built / "authors/ana/index.html")
    assert author_page.xpath('//img[@class="listing__portrait"]/@src') == [
        "/blog/static/people/ana.jpg"
    ]


def test_share_links_load_nothing_and_cover_the_usual_ways(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (share,) = grid.xpath('//section[@class="share"]')
    links = {text(a): a.get("href") for a in share.xpath(".//a")}
    assert set(links) == {"Email", "Bluesky", "X", "Facebook", "LinkedIn", "WhatsApp"}
    permalink = "https://news.example.org/blog/articles/grid/"
    mail = urlsplit(links["Email"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": ["Why grids stall"], "body": [permalink]}
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [permalink]}
    assert parse_qs(urlsplit(links["Bluesky"]).query) == {"text": [f"Why grids stall {permalink}"]}
    buttons = share.xpath(".//li[@hidden]")
    assert [b.get("data-share-copy") for b in buttons if b.get("data-share-copy")] == [permalink]
    assert [b for b in buttons if b.get("data-share-native") is not None]
    # Nothing on the page comes from another host.
    loaded = grid.xpath("//script/@src | //link[@rel='stylesheet']/@href | //img/@src")
    assert all(str(url).startswith("/blog/") for url in loaded)


def test_breadcrumbs_show_the_trail_of_the_structured_data(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    crumbs = grid.xpath('//nav[@class="breadcrumbs"]//a')
    assert [(text(a), a.get("href")) for a in crumbs] == [
        ("Home", "/blog/"),
        ("Energy", "/blog/sections/energy/"),
    ]
    trail = node(graph(grid), "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail[: len(crumbs)]] == ["Home", "Energy"]
    assert [item["item"] for item in trail[: len(crumbs)]] == [
        "https://news.example.org/blog/",
        "https://news.example.org/blog/sections/energy/",
    ]
    loose = doc(built / "articles/loose/index.html")
    assert loose.xpath('//nav[@class="breadcrumbs"]') == []


def test_the_printed_article_carries_its_address_and_the_site_origin(built: Path) -> None:
    grid = doc(built / "articles/grid/index.html")

    (address,) = grid.xpath('//p[contains(@class, "article__address")]')
    assert text(address) == "https://news.example.org/blog/articles/grid/"
    assert "print-only" in address.get("class")
    styles = grid.xpath("//head/style/text()")
    assert ':root{--site-origin:"https://news.example.org"}' in styles
