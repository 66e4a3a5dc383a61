"""``sitegen check``: links, anchors and images at the markdown line, nothing written."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import REPO, Run, run_sitegen

Site = Callable[[Mapping[str, str | bytes]], Path]

# Line 1-4 front matter, 5 blank, body from line 6.
B = """\
---
title: B
date: 2025-02-01
---

Intro of B.

## Background

Text.
"""


def page(title: str, body: str, date: str = "2025-03-01", **front: str) -> str:
    """An article whose body starts on line 6 plus one line per extra front matter key."""
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


@pytest.fixture
def check(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """``check(site, *flags)`` with a fixed clock (2026-01-01)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("SITEGEN_BASE_URL", raising=False)

    def run(site: Path, *flags: str) -> Run:
        return run_sitegen("check", str(site), *flags)

    return run


def site_with(make_site: Site, body: str, **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {"content/b.md": B, "content/a.md": page("A", body)}
    files.update({name.replace("__", "/"): value for name, value in extra.items()})
    return make_site(files)


def test_link_to_a_url_no_page_has_is_reported_at_its_line(make_site: Site, check) -> None:
    site = site_with(make_site, "First.\n\nSee [the other](/articles/missing/).")
    result = check(site)
    assert result.code == 1
    assert result.errors == ["content/a.md:8: link to /articles/missing/ does not match any page"]


def test_link_close_to_a_page_suggests_it(make_site: Site, check) -> None:
    site = site_with(make_site, "See [b](/articles/bb/).")
    assert check(site).errors == [
        "content/a.md:6: link to /articles/bb/ does not match any page (did you mean /articles/b/?)"
    ]


def test_link_to_an_unknown_markdown_file_is_reported(make_site: Site, check) -> None:
    site = site_with(make_site, "See [c](c.md).")
    assert check(site).errors == [
        "content/a.md:6: link to c.md does not match any page "
        "(no published article at content/c.md)"
    ]


def test_raw_htmls_links_and_pictures_are_checked_too(make_site: Site, check) -> None:
    """Imported posts keep much of their HTML; its <img> and <a> lead somewhere or not."""
    body = '<p><img src="/images/gone.png" alt="x"></p>\n\nText <a href="/articles/bb/">b</a>.'
    assert check(site_with(make_site, body)).errors == [
        "content/a.md:6: image '/images/gone.png' does not exist",
        "content/a.md:8: link to /articles/bb/ does not match any page "
        "(did you mean /articles/b/?)",
    ]


def test_a_broken_link_is_shown_as_the_author_typed_it(make_site: Site, check) -> None:
    """Not as markdown-it hands it over, percent-encoded (``%7Bfilename%7D``)."""
    site = site_with(make_site, "See [p]({filename}/nope.md) and [n](/новости/).")
    assert check(site).errors == [
        "content/a.md:6: link to /новости/ does not match any page",
        "content/a.md:6: link to {filename}/nope.md does not match any page "
        "(no published article at content/nope.md)",
    ]


def test_links_to_articles_by_url_file_and_relative_path_pass(make_site: Site, check) -> None:
    body = "[1](/articles/b/) [2](b.md) [3](./b.md#background) [4](../b/) [5](/articles/b)"
    result = check(site_with(make_site, body))
    assert result.code == 0, result.err
    assert result.out == "checked 2 articles, 5 links: no problems\n"


def test_missing_anchor_on_another_page_is_reported(make_site: Site, check) -> None:
    site = site_with(make_site, "One.\n\nTwo.\n\nRead [why](/articles/b/#no-such-heading).")
    assert check(site).errors == [
        "content/a.md:10: #no-such-heading is not an anchor on /articles/b/"
    ]


def test_anchor_through_a_markdown_file_link_is_checked(make_site: Site, check) -> None:
    site = site_with(make_site, "[ok](b.md#background)\n[bad](b.md#backgroud)")
    assert check(site).errors == [
        "content/a.md:7: #backgroud is not an anchor on /articles/b/ (did you mean #background?)"
    ]


def test_same_page_anchor_must_be_a_heading_of_the_article(make_site: Site, check) -> None:
    body = "## Context\n\nSee [above](#context), [top](#top) and [gone](#later)."
    assert check(site_with(make_site, body)).errors == [
        "content/a.md:8: #later is not an anchor on this page"
    ]


def test_an_id_written_on_a_heading_is_an_anchor(make_site: Site, check) -> None:
    body = "## Year in numbers {#numbers}\n\nSee [the numbers](#numbers)."
    other = page("B", "Read [the numbers](a.md#numbers), not [these](a.md#year-in-numbers).")
    site = make_site({"content/a.md": page("A", body), "content/b.md": other})
    assert check(site).errors == [
        "content/b.md:6: #year-in-numbers is not an anchor on /articles/a/"
    ]


BY_YEAR = {"site.yaml": "base_url: https://x.org/blog/\npermalinks: {article: '/{year}/{slug}/'}\n"}
"""Articles at ``/blog/YYYY/slug/``: ``content/2022/a.md`` is the page ``/blog/2022/a/``."""


def test_relative_links_are_checked_where_the_browser_takes_them(make_site: Site, check) -> None:
    body = "[b](../b/) [b.md](b.md#background)\n[gone](../gone/)\n[up](../../../x/)"
    site = make_site(
        {
            **BY_YEAR,
            "content/2022/a.md": page("A", body, "2022-03-01"),
            "content/2022/b.md": B.replace("2025", "2022"),
        }
    )
    assert check(site).errors == [
        "content/2022/a.md:7: link to ../gone/ does not match any page",
        "content/2022/a.md:8: link to ../../../x/ climbs above the site root from /2022/a/",
    ]


def test_a_link_above_the_root_is_reported_even_where_the_browser_stops(
    make_site: Site, check
) -> None:
    """Without a sub-path a browser stops at the root: the link works, but not as written."""
    body = "[tags](../../tags/) [too far](../../../tags/)"
    files = {"site.yaml": "permalinks: {article: '/{year}/{slug}/'}\n"}
    site = make_site({**files, "content/2022/a.md": page("A", body, "2022-03-01")})
    assert check(site).errors == [
        "content/2022/a.md:6: link to ../../../tags/ climbs above the site root from /2022/a/"
    ]


def test_missing_image_in_the_body_is_reported(make_site: Site, check) -> None:
    site = site_with(make_site, "Text.\n\n![A chart](chart.png)")
    assert check(site).errors == ["content/a.md:8: image 'chart.png' does not exist"]


def test_missing_front_matter_image_is_reported_at_its_key(make_site: Site, check) -> None:
    body = page("A", "Text.", image="chart.png", image_alt="A chart")
    site = make_site({"content/a.md": body})
    assert check(site).errors == ["content/a.md:4: image 'chart.png' does not exist"]


def test_page_bundle_images_beside_the_article_pass(make_site: Site, check) -> None:
    bundle = page("Bundle", "![Chart](chart.svg)", image="chart.svg", image_alt="A chart")
    site = make_site({"content/bundle/index.md": bundle, "content/bundle/chart.svg": "<svg/>"})
    result = check(site)
    assert result.code == 0, result.err
    assert result.out == "checked 1 articles, 2 links: no problems\n"


def test_links_to_feeds_listings_and_theme_assets_pass(make_site: Site, check) -> None:
    body = "[a](/feed.xml) [b](/tags/) [c](/tags/ports/) [d](/) [e](/sitemap.xml) [f](/404.html)"
    site = make_site({"content/a.md": page("A", body, tags="[Ports]"), "content/b.md": B})
    result = check(site)
    assert result.code == 0, result.err


def test_static_asset_of_the_site_passes_and_a_missing_one_fails(make_site: Site, check) -> None:
    body = "![logo](/static/logo.svg)\n![gone](/static/nope.svg)"
    site = make_site({"content/a.md": page("A", body), "layouts/static/logo.svg": "<svg/>"})
    assert check(site).errors == ["content/a.md:7: image '/static/nope.svg' does not exist"]


def test_a_site_under_a_sub_path_resolves_links_within_it(make_site: Site, check) -> None:
    body = "[b](/articles/b/#background) [c](b.md) [d](/articles/nope/)"
    files = {"site.yaml": "base_url: https://x.org/blog/\n", "content/b.md": B}
    site = make_site({**files, "content/a.md": page("A", body)})
    expected = ["content/a.md:6: link to /articles/nope/ does not match any page"]
    assert check(site).errors == expected
    assert check(site, "--base-url", "https://y.org/news").errors == expected


def test_link_to_a_draft_is_reported_unless_drafts_are_included(make_site: Site, check) -> None:
    site = site_with(make_site, "See [c](c.md).", content__c_md="")
    (site / "content/c.md").write_text(page("C", "Draft.", draft="true"), encoding="utf-8")
    assert check(site).errors == [
        "content/a.md:6: link to c.md does not match any page "
        "(no published article at content/c.md)"
    ]
    assert check(site, "--drafts").code == 0


def test_every_problem_is_reported_in_file_order(make_site: Site, check) -> None:
    site = site_with(make_site, "[x](/nope/)\n![y](y.png)\n[z](#z)")
    assert check(site).errors == [
        "content/a.md:6: link to /nope/ does not match any page",
        "content/a.md:7: image 'y.png' does not exist",
        "content/a.md:8: #z is not an anchor on this page",
    ]


def test_mail_and_external_links_are_not_fetched_by_default(make_site: Site, check) -> None:
    site = site_with(make_site, "[m](mailto:x@example.org) [w](https://unreachable.invalid/)")
    result = check(site)
    assert result.code == 0, result.err
    assert result.out == "checked 2 articles, 0 links: no problems\n"


def test_build_errors_are_reported_as_a_build_would(make_site: Site, check) -> None:
    site = make_site({"content/a.md": "---\ntitle: A\ndate: someday\n---\n\nBad date.\n"})
    result = check(site)
    assert result.code == 1
    assert result.errors and all(e.startswith("content/a.md:") for e in result.errors)


def test_check_creates_no_output_directory(make_site: Site, check) -> None:
    good = site_with(make_site, "[b](b.md)")
    assert check(good).code == 0
    (good / "content/a.md").write_text(page("A", "[x](/nope/)"), encoding="utf-8")
    assert check(good).code == 1
    assert not (good / "output").exists()


def test_a_missing_site_directory_is_a_usage_error(tmp_path: Path, check) -> None:
    result = check(tmp_path / "nowhere")
    assert result.code == 2


def test_the_example_site_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030: every example article is out
    monkeypatch.delenv("SITEGEN_BASE_URL", raising=False)
    result = run_sitegen("check", str(REPO))
    assert result.code == 0, result.err
    assert result.out.startswith("checked ")
    assert result.out.endswith(" links: no problems\n")
