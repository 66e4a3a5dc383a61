"""Which pages an edit marks stale, decided from the site model before and after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from sitegen.build import prepare
from sitegen.errors import Problems
from sitegen.model import BuildOptions, Site
from sitegen.serve.stale import stale_pages
from tests.conftest import article

MakeSite = Callable[[Mapping[str, str | bytes]], Path]

FILES = {
    "site.yaml": "title: T\npaginate: 2\n",
    "content/a.md": article("Alpha", "2025-01-01", tags="[energy, grid]", section="Energy"),
    "content/b.md": article("Beta", "2025-01-02", tags="[energy]", section="Energy"),
    "content/c.md": article("Gamma", "2025-01-03", tags="[courts]", section="Law"),
    "content/d.md": article("Delta", "2025-01-04", tags="[courts]", section="Law"),
    "content/e.md": article("Epsilon", "2025-01-05", tags="[water]", section="Law"),
}


def site_of(root: Path) -> Site:
    options = BuildOptions(root, root / "output", datetime(2026, 1, 1, tzinfo=UTC), minify=False)
    return prepare(options, Problems()).site


def edit(make_site: MakeSite, path: str, text: str) -> tuple[Site, Site]:
    root = make_site(FILES)
    old = site_of(root)
    (root / path).write_text(text, encoding="utf-8")
    return old, site_of(root)


def test_editing_a_body_marks_its_page_listings_feeds_and_pages_that_show_it(
    make_site: MakeSite,
) -> None:
    old, new = edit(
        make_site,
        "content/a.md",
        article("Alpha", "2025-01-01", "New text.", tags="[energy, grid]", section="Energy"),
    )
    stale = stale_pages(old, new, "content/a.md")
    showing_a = sorted(new.urls[s] for s, related in new.related.items() if "a" in related)
    assert "/articles/b/" in showing_a
    assert set(showing_a) <= set(stale)
    for page in (
        "/articles/a/",
        "/",
        "/page/2/",
        "/page/3/",
        "/tags/energy/",
        "/tags/grid/",
        "/sections/energy/",
        "/tags/energy/feed.xml",
        "/feed.xml",
        "/feed.json",
        "/sitemap.xml",
        "/tags/",
    ):
        assert page in stale
    assert "/tags/courts/" not in stale
    assert "/sections/law/" not in stale


def test_retagging_marks_the_old_and_the_new_tag_pages(make_site: MakeSite) -> None:
    old, new = edit(
        make_site,
        "content/e.md",
        article("Epsilon", "2025-01-05", tags="[courts]", section="Law"),
    )
    stale = stale_pages(old, new, "content/e.md")
    assert {"/tags/water/", "/tags/courts/", "/tags/water/feed.xml"} <= set(stale)
    # Gamma and Delta now share a tag with Epsilon: their "You may also like" changed.
    assert {"/articles/c/", "/articles/d/"} <= set(stale)


def test_a_template_or_site_yaml_change_marks_every_page(make_site: MakeSite) -> None:
    root = make_site(FILES)
    site = site_of(root)
    for changed in ("layouts/article.html", "site.yaml"):
        stale = stale_pages(site, site, changed)
        assert {"/articles/a/", "/articles/e/", "/tags/water/", "/404.html", "/search/"} <= set(
            stale
        )


def test_a_new_section_marks_every_page_because_the_header_lists_sections(
    make_site: MakeSite,
) -> None:
    old, new = edit(
        make_site, "content/f.md", article("Zeta", "2025-01-06", tags="[sport]", section="Sport")
    )
    stale = stale_pages(old, new, "content/f.md")
    assert {"/articles/f/", "/articles/a/", "/tags/courts/", "/sections/sport/"} <= set(stale)


def test_a_file_in_a_bundle_marks_only_itself(make_site: MakeSite) -> None:
    site = site_of(make_site(FILES))
    assert stale_pages(site, site, "content/bundle/chart.png") == ("/bundle/chart.png",)


def test_a_draft_nobody_publishes_marks_nothing(make_site: MakeSite) -> None:
    old, new = edit(
        make_site, "content/g.md", article("Eta", "2025-01-07", draft="true", section="Law")
    )
    assert stale_pages(old, new, "content/g.md") == ()


def test_a_deleted_article_marks_the_pages_it_was_on(make_site: MakeSite) -> None:
    root = make_site(FILES)
    old = site_of(root)
    (root / "content/c.md").unlink()
    stale = stale_pages(old, site_of(root), "content/c.md")
    assert {"/articles/c/", "/tags/courts/", "/", "/sections/law/"} <= set(stale)
