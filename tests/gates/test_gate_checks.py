"""The gate checks catch what they claim to, shown on small hand-written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gate_checks import feed_problems, jsonld_problems, sitemap_problems, vnu_problems
from gate_site import BuiltSite

BASE = "http://127.0.0.1:8123/"

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>The Desk</title>
<id>{base}</id>
<updated>2025-06-02T07:30:00+02:00</updated>
<link rel="self" href="{base}feed.xml"/>
<author><name>Mara Okafor</name></author>
<entry>
<title>Chip rules</title>
<id>{base}articles/chip-rules/</id>
{updated}
<link href="{base}articles/chip-rules/"/>
<content type="html">&lt;p&gt;Body&lt;/p&gt;</content>
</entry>
</feed>
"""
UPDATED = "<updated>2025-06-02T07:30:00+02:00</updated>"

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}</loc><lastmod>2025-06-02</lastmod></url>
<url><loc>{base}articles/chip-rules/</loc>{extra}</url>
</urlset>
"""

ARTICLE = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "NewsArticle",
            "headline": "Chip rules",
            "datePublished": "2025-06-02T07:30:00+02:00",
            "author": [{"@type": "Person", "name": "Mara Okafor"}],
        },
        {
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": BASE},
                {"@type": "ListItem", "position": 2, "name": "Chip rules"},
            ],
        },
    ],
}


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page_with(json_ld: str) -> str:
    return (
        "<!doctype html><html lang=en><head><title>t</title>\n"
        f"<script type=application/ld+json>{json_ld}</script></head><body></body></html>"
    )


def test_complete_feed_passes(tmp_path: Path) -> None:
    feed = write(tmp_path, "feed.xml", FEED.format(base=BASE, updated=UPDATED))
    assert feed_problems(feed, tmp_path) == []


def test_feed_entry_without_updated_is_reported(tmp_path: Path) -> None:
    feed = write(tmp_path, "tags/chips/feed.xml", FEED.format(base=BASE, updated=""))
    problems = feed_problems(feed, tmp_path)
    assert "tags/chips/feed.xml: entry 1 (Chip rules) has no updated" in problems
    assert "tags/chips/feed.xml:8: Element entry failed to validate content" in problems


def test_feed_that_is_not_well_formed_is_reported(tmp_path: Path) -> None:
    feed = write(tmp_path, "feed.xml", "<feed><title>Unclosed</feed>")
    [problem] = feed_problems(feed, tmp_path)
    assert problem.startswith("feed.xml: not well-formed: ")


def test_feed_without_any_author_is_reported(tmp_path: Path) -> None:
    text = FEED.format(base=BASE, updated=UPDATED).replace(
        "<author><name>Mara Okafor</name></author>", ""
    )
    feed = write(tmp_path, "feed.xml", text)
    assert feed_problems(feed, tmp_path) == [
        "feed.xml: entry 1 has no author and the feed names none"
    ]


def test_sitemap_url_without_an_output_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "index.html", "")
    sitemap = write(tmp_path, "sitemap.xml", SITEMAP.format(base=BASE, extra=""))
    problems = sitemap_problems(sitemap, BuiltSite(tmp_path, BASE))
    assert problems == [
        f"sitemap.xml:4: {BASE}articles/chip-rules/ has no file articles/chip-rules/index.html"
    ]


def test_sitemap_against_the_schema_rejects_an_unknown_change_frequency(tmp_path: Path) -> None:
    write(tmp_path, "index.html", "")
    write(tmp_path, "articles/chip-rules/index.html", "")
    extra = "<changefreq>often</changefreq>"
    sitemap = write(tmp_path, "sitemap.xml", SITEMAP.format(base=BASE, extra=extra))
    [problem] = sitemap_problems(sitemap, BuiltSite(tmp_path, BASE))
    assert problem.startswith("sitemap.xml:4: Element '{http://www.sitemaps.org/")
    assert "'often' is not an element of the set" in problem


def test_sitemap_url_of_another_site_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "index.html", "")
    text = SITEMAP.format(base=BASE, extra="").replace(f"{BASE}articles", "https://x.org/articles")
    sitemap = write(tmp_path, "sitemap.xml", text)
    assert sitemap_problems(sitemap, BuiltSite(tmp_path, BASE)) == [
        f"sitemap.xml:4: https://x.org/articles/chip-rules/ is not under {BASE}"
    ]


def test_complete_article_structured_data_passes(tmp_path: Path) -> None:
    page = write(tmp_path, "a/index.html", page_with(json.dumps(ARTICLE)))
    assert jsonld_problems(page, tmp_path) == []


def test_article_structured_data_without_date_or_author_name_is_reported(tmp_path: Path) -> None:
    article = {**ARTICLE["@graph"][0], "author": [{"@type": "Person"}]}  # type: ignore[dict-item]
    del article["datePublished"]
    data = {"@context": "https://schema.org", "@graph": [article]}
    page = write(tmp_path, "a/index.html", page_with(json.dumps(data)))
    assert jsonld_problems(page, tmp_path) == [
        "a/index.html:2: NewsArticle has no datePublished",
        "a/index.html:2: Person has no name",
    ]


def test_faq_question_without_an_answer_is_reported(tmp_path: Path) -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [{"@type": "Question", "name": "Why?"}],
    }
    page = write(tmp_path, "a/index.html", page_with(json.dumps(data)))
    assert jsonld_problems(page, tmp_path) == [
        "a/index.html:2: FAQPage question 1 has no Answer as acceptedAnswer",
        "a/index.html:2: Question has no acceptedAnswer",
    ]


def test_breadcrumb_needs_a_link_on_every_item_but_the_last(tmp_path: Path) -> None:
    items = [
        {"@type": "ListItem", "position": 1, "name": "Home"},
        {"@type": "ListItem", "position": 2, "name": "Chip rules"},
    ]
    data = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    page = write(tmp_path, "a/index.html", page_with(json.dumps(data)))
    assert jsonld_problems(page, tmp_path) == [
        "a/index.html:2: BreadcrumbList element 1 has no item"
    ]


def test_json_ld_that_does_not_parse_is_reported(tmp_path: Path) -> None:
    page = write(tmp_path, "a/index.html", page_with('{"@context": "https://schema.org",}'))
    [problem] = jsonld_problems(page, tmp_path)
    assert problem.startswith("a/index.html:2: JSON-LD does not parse: ")


@pytest.mark.slow
@pytest.mark.usefixtures("nu_checker")
def test_nu_checker_reports_a_stray_end_tag_with_its_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "ok/index.html", "<!doctype html><html lang=en><title>ok</title></html>")
    write(tmp_path, "bad/index.html", "<!doctype html><html lang=en><title>x</title>\n<p>a</span>")
    assert vnu_problems(tmp_path) == ["bad/index.html:2: Stray end tag “span”. [itle> <p>a</span>]"]
