"""Which pages an edit makes stale: the build's dependency record, seen from outside.

Each test builds a small site, edits it, and asks the next build which HTML
pages it renders again; every other page is reused from the output directory.
The same record serves ``sitegen serve``, whose rebuilds go through this path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from sitegen.build import build
from sitegen.errors import Problems
from sitegen.model import KeptFile
from sitegen.options import BuildOptions
from tests.conftest import article, prepare_once

MakeSite = Callable[[Mapping[str, str | bytes]], Path]

BODY = "First paragraph, the summary.\n\nSecond paragraph."
FILES = {
    "site.yaml": "title: T\npaginate: 2\nrelated:\n  count: 2\n",
    "content/a.md": article("Alpha", "2025-01-01", BODY, tags="[energy, grid]", section="Energy"),
    "content/b.md": article("Beta", "2025-01-02", BODY, tags="[energy]", section="Energy"),
    "content/c.md": article("Gamma", "2025-01-03", BODY, tags="[courts]", section="Law"),
    "content/d.md": article("Delta", "2025-01-04", BODY, tags="[courts]", section="Law"),
    "content/e.md": article("Epsilon", "2025-01-05", BODY, tags="[water]", section="Law"),
}
EVERY_PAGE = {
    "/articles/a/", "/articles/b/", "/articles/c/", "/articles/d/", "/articles/e/",
    "/", "/page/2/", "/page/3/", "/tags/", "/404.html", "/search/",
    "/tags/energy/", "/tags/grid/", "/tags/courts/", "/tags/water/",
    "/sections/energy/", "/sections/law/",
}  # fmt: skip


def options_for(root: Path) -> BuildOptions:
    return BuildOptions(root, root / "output", datetime(2026, 1, 1, tzinfo=UTC), minify=False)


def rendered_after(
    make_site: MakeSite, edits: Mapping[str, str | None], suffix: str = ".html"
) -> set[str]:
    """Build, apply ``edits`` (None deletes), and return the URL paths made again."""
    root = make_site(FILES)
    options = options_for(root)
    build(options)
    for path, text in edits.items():
        if text is None:
            (root / path).unlink()
        else:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
    files = prepare_once(options, Problems()).files
    return {_url(f.path) for f in files if f.path.endswith(suffix) and not isinstance(f, KeptFile)}


def _url(path: str) -> str:
    return "/" + path.removesuffix("index.html")


def test_a_first_build_renders_every_page(make_site: MakeSite) -> None:
    files = prepare_once(options_for(make_site(FILES)), Problems()).files
    rendered = {
        _url(f.path) for f in files if f.path.endswith(".html") and not isinstance(f, KeptFile)
    }
    assert rendered >= EVERY_PAGE


def test_nothing_changed_renders_nothing(make_site: MakeSite) -> None:
    assert rendered_after(make_site, {}) == set()


LONGER_ALPHA = article(
    "Alpha", "2025-01-01", BODY + "\n\nA new paragraph.", tags="[energy, grid]", section="Energy"
)
"""Alpha with a paragraph added after its summary."""


def test_a_body_edit_after_the_summary_renders_only_its_own_page(make_site: MakeSite) -> None:
    assert rendered_after(make_site, {"content/a.md": LONGER_ALPHA}) == {"/articles/a/"}


def test_a_body_edit_remakes_only_the_feeds_that_carry_the_article(make_site: MakeSite) -> None:
    feeds = rendered_after(make_site, {"content/a.md": LONGER_ALPHA}, suffix="feed.xml")
    assert feeds == {"/feed.xml", "/tags/energy/feed.xml", "/tags/grid/feed.xml"}


def test_a_new_summary_renders_the_pages_that_show_its_card(make_site: MakeSite) -> None:
    text = article("Alpha", "2025-01-01", "A new first paragraph.", tags="[energy, grid]")
    text = text.replace("tags:", "section: Energy\ntags:")
    stale = rendered_after(make_site, {"content/a.md": text})
    assert {
        "/articles/a/",
        "/page/3/",
        "/tags/energy/",
        "/tags/grid/",
        "/sections/energy/",
        "/",  # the front page's Energy block shows Energy's latest stories, Alpha's card too
    } <= stale
    assert "/articles/b/" in stale  # Beta shares a tag: Alpha is in its "You may also like"
    assert not stale & {"/page/2/", "/tags/courts/", "/tags/water/", "/sections/law/"}


def test_retagging_renders_old_and_new_tag_pages_and_changed_related_lists(
    make_site: MakeSite,
) -> None:
    text = article("Alpha", "2025-01-01", BODY, tags="[courts]", section="Energy")
    stale = rendered_after(make_site, {"content/a.md": text})
    assert {"/articles/a/", "/tags/courts/", "/tags/energy/", "/tags/"} <= stale
    assert "/tags/grid/" not in stale  # gone: no page, nothing to render
    # Gamma and Delta now share a tag with Alpha, which enters their "You may also like".
    assert {"/articles/c/", "/articles/d/"} <= stale
    assert not stale & {"/articles/b/", "/tags/water/"}


def test_a_template_change_renders_every_page(make_site: MakeSite) -> None:
    template = "layouts/partials/footer.html"
    stale = rendered_after(make_site, {template: "<footer>New footer</footer>\n"})
    assert stale >= EVERY_PAGE


def test_a_site_yaml_change_renders_every_page(make_site: MakeSite) -> None:
    stale = rendered_after(
        make_site, {"site.yaml": FILES["site.yaml"].replace("title: T", "title: U")}
    )
    assert stale >= EVERY_PAGE


def test_a_new_section_renders_every_page_because_the_header_lists_sections(
    make_site: MakeSite,
) -> None:
    text = article("Zeta", "2025-01-06", BODY, tags="[sport]", section="Sport")
    stale = rendered_after(make_site, {"content/f.md": text})
    assert stale >= EVERY_PAGE | {"/articles/f/", "/sections/sport/", "/tags/sport/"}


def test_a_draft_renders_nothing(make_site: MakeSite) -> None:
    text = article("Eta", "2025-01-07", BODY, draft="true", section="Law")
    assert rendered_after(make_site, {"content/g.md": text}) == set()


def test_a_deleted_article_renders_the_pages_it_was_on(make_site: MakeSite) -> None:
    stale = rendered_after(make_site, {"content/c.md": None})
    assert {"/", "/page/2/", "/tags/courts/", "/sections/law/", "/articles/d/"} <= stale
    assert "/tags/energy/" not in stale


def test_a_retag_remakes_the_feeds_that_list_the_article_and_keeps_the_others(
    make_site: MakeSite,
) -> None:
    # A retag takes the whole pipeline, where the feeds are made beside the pages.
    text = article("Alpha", "2025-01-01", BODY, tags="[courts]", section="Energy")
    feeds = rendered_after(make_site, {"content/a.md": text}, suffix="feed.xml")
    assert feeds == {"/feed.xml", "/tags/courts/feed.xml", "/tags/energy/feed.xml"}
