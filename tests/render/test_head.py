"""The built article page's ``<head>``: canonical, description, social cards, feeds, JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from tests.conftest import Run

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]

SITE_YAML = """
title: The Desk
base_url: https://news.example.org/blog/
timezone: Europe/Brussels
authors:
  ana:
    name: Ana Diaz
    url: https://example.org/ana
publisher:
  name: The Desk
  logo: /static/logo.svg
markdown:
  unsafe_html: true
"""

ARTICLE = """
---
title: "Why grids stall"
date: 2025-03-04T09:30:00
updated: 2025-03-05T10:00:00
summary: "Permits, not panels, hold up the energy transition."
author: ana
section: Energy
tags: [Grid, Permits]
image: /media/grid.png
image_alt: "Pylons at dusk"
---

Short body about grids and permits.

{{< faq >}}
### Is it slow?
Yes. <b>Very</b></script><script>alert(1)</script>
{{< /faq >}}
"""


@pytest.fixture
def built(make_site: SiteMaker, build_site: Callable[..., Run]) -> Path:
    site = make_site({"site.yaml": SITE_YAML, "content/grids.md": ARTICLE})
    run = build_site(site)
    assert run.code == 0, run.err
    return site / "output"


def head_of(path: Path) -> Any:
    return html.fromstring(path.read_bytes()).find("head")


def meta(head: Any, key: str) -> list[str]:
    found = head.xpath(f'meta[@property="{key}" or @name="{key}"]/@content')
    return [str(value) for value in found]


def graph(head: Any) -> list[dict[str, Any]]:
    scripts = head.xpath('script[@type="application/ld+json"]/text()')
    assert len(scripts) == 1
    data = json.loads(scripts[0])
    assert data["@context"] == "https://schema.org"
    return list(data["@graph"])


def node(items: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    (found,) = [item for item in items if item["@type"] == kind]
    return found


PERMALINK = "https://news.example.org/blog/articles/grids/"


def test_article_head_has_canonical_and_description(built: Path) -> None:
    head = head_of(built / "articles/grids/index.html")

    assert head.xpath('link[@rel="canonical"]/@href') == [PERMALINK]
    assert meta(head, "description") == ["Permits, not panels, hold up the energy transition."]


def test_article_head_has_open_graph_article_tags(built: Path) -> None:
    head = head_of(built / "articles/grids/index.html")

    assert meta(head, "og:type") == ["article"]
    assert meta(head, "og:title") == ["Why grids stall"]
    assert meta(head, "og:description") == ["Permits, not panels, hold up the energy transition."]
    assert meta(head, "og:url") == [PERMALINK]
    assert meta(head, "og:image") == ["https://news.example.org/blog/media/grid.png"]
    assert meta(head, "og:image:alt") == ["Pylons at dusk"]
    assert meta(head, "og:site_name") == ["The Desk"]
    assert meta(head, "article:published_time") == ["2025-03-04T09:30:00+01:00"]
    assert meta(head, "article:modified_time") == ["2025-03-05T10:00:00+01:00"]
    assert meta(head, "article:author") == ["Ana Diaz"]
    assert meta(head, "article:section") == ["Energy"]
    assert meta(head, "article:tag") == ["Grid", "Permits"]


def test_article_with_an_image_gets_a_large_twitter_card(built: Path) -> None:
    head = head_of(built / "articles/grids/index.html")

    assert meta(head, "twitter:card") == ["summary_large_image"]


def test_article_head_links_the_feeds(built: Path) -> None:
    head = head_of(built / "articles/grids/index.html")

    feeds = {
        str(link.get("type")): str(link.get("href"))
        for link in head.xpath('link[@rel="alternate"]')
    }
    assert feeds == {
        "application/atom+xml": "https://news.example.org/blog/feed.xml",
        "application/feed+json": "https://news.example.org/blog/feed.json",
    }


def test_news_article_has_every_field_google_documents(built: Path) -> None:
    news = node(graph(head_of(built / "articles/grids/index.html")), "NewsArticle")

    assert news["headline"] == "Why grids stall"
    assert news["description"] == "Permits, not panels, hold up the energy transition."
    assert news["datePublished"] == "2025-03-04T09:30:00+01:00"
    assert news["dateModified"] == "2025-03-05T10:00:00+01:00"
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ana Diaz",
            "url": "https://news.example.org/blog/authors/ana/",
            "sameAs": ["https://example.org/ana"],
        }
    ]
    assert news["publisher"] == {
        "@type": "Organization",
        "name": "The Desk",
        "logo": {"@type": "ImageObject", "url": "https://news.example.org/blog/static/logo.svg"},
    }
    assert news["image"] == ["https://news.example.org/blog/media/grid.png"]
    assert news["articleSection"] == "Energy"
    assert news["keywords"] == ["Grid", "Permits"]
    assert news["wordCount"] > 0
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": PERMALINK}
    assert news["isAccessibleForFree"] is True


def test_breadcrumbs_go_home_section_article(built: Path) -> None:
    crumbs = node(graph(head_of(built / "articles/grids/index.html")), "BreadcrumbList")

    assert [(c["position"], c["name"], c["item"]) for c in crumbs["itemListElement"]] == [
        (1, "Home", "https://news.example.org/blog/"),
        (2, "Energy", "https://news.example.org/blog/sections/energy/"),
        (3, "Why grids stall", PERMALINK),
    ]


def test_faq_page_is_merged_into_the_same_graph(built: Path) -> None:
    faq = node(graph(head_of(built / "articles/grids/index.html")), "FAQPage")

    (question,) = faq["mainEntity"]
    assert question["name"] == "Is it slow?"
    assert question["acceptedAnswer"]["@type"] == "Answer"


def test_an_answer_containing_a_script_end_tag_cannot_break_out(built: Path) -> None:
    head = head_of(built / "articles/grids/index.html")

    assert head.xpath("script[not(@type)]") == []
    faq = node(graph(head), "FAQPage")
    assert "</script><script>alert(1)" in faq["mainEntity"][0]["acceptedAnswer"]["text"]


def test_home_page_has_website_with_search_action(built: Path) -> None:
    site = node(graph(head_of(built / "index.html")), "WebSite")

    assert site["url"] == "https://news.example.org/blog/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        "https://news.example.org/blog/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"


def test_the_search_and_tags_pages_describe_themselves(built: Path) -> None:
    assert meta(head_of(built / "search/index.html"), "description") == [
        "Search every article The Desk has published."
    ]
    assert meta(head_of(built / "tags/index.html"), "description") == [
        "Every topic The Desk covers, with its number of articles."
    ]
