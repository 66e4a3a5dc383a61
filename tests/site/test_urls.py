"""URL map: permalink patterns, duplicates, and nothing escaping the output directory."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import PermalinkConfig, SiteConfig
from sitegen.errors import Problems
from sitegen.model import Article
from sitegen.site.pagination import paginate
from sitegen.site.urls import LinkRewriter, assign_urls, resolve_from_page
from sitegen.slugs import article_slug
from sitegen.urlpaths import output_path_for


def art(
    slug: str, source: str | None = None, section: str | None = None, aliases: tuple[str, ...] = ()
) -> Article:
    return Article(
        source=source or f"content/{slug}.md",
        slug=slug,
        title=slug,
        date=datetime(2025, 3, 4, 23, 30, tzinfo=UTC),
        updated=None,
        summary=None,
        authors=(),
        tags=(),
        section=section,
        image=None,
        image_alt=None,
        draft=False,
        related=(),
        aliases=aliases,
        body="",
        body_line=4,
    )


def test_default_permalink_is_articles_slug() -> None:
    assert assign_urls([art("a")], SiteConfig(), Problems()) == {"content/a.md": "/articles/a/"}


def test_permalink_pattern_uses_local_date_and_section_slug() -> None:
    config = SiteConfig(
        timezone="Europe/Brussels",
        permalinks=PermalinkConfig("/{section}/{year}/{month}/{day}/{slug}/"),
    )
    urls = assign_urls([art("a", section="World News")], config, Problems())
    assert urls == {"content/a.md": "/world-news/2025/03/05/a/"}


def test_two_articles_at_one_url_is_an_error_naming_both_files() -> None:
    problems = Problems()
    assign_urls([art("a", "content/x/a.md"), art("a", "content/y/a.md")], SiteConfig(), problems)
    assert [str(p) for p in problems] == [
        "content/x/a.md:1: URL /articles/a/ is also the URL of content/y/a.md:1;"
        " give one of them another slug",
        "content/y/a.md:1: URL /articles/a/ is also the URL of content/x/a.md:1;"
        " give one of them another slug",
    ]


def test_two_articles_may_share_a_slug_when_the_pattern_tells_them_apart() -> None:
    config = SiteConfig(permalinks=PermalinkConfig("/{year}/{slug}/"))
    older = dataclasses.replace(
        art("kubecon", "content/2022/kubecon.md"), date=datetime(2022, 5, 1, tzinfo=UTC)
    )
    newer = art("kubecon", "content/2023/kubecon.md")
    problems = Problems()
    urls = assign_urls([older, newer], config, problems)
    assert not problems
    assert urls == {
        "content/2022/kubecon.md": "/2022/kubecon/",
        "content/2023/kubecon.md": "/2025/kubecon/",
    }


def test_an_alias_with_dotdot_is_an_error() -> None:
    problems = Problems()
    assign_urls([art("a", aliases=("/../../etc/",))], SiteConfig(), problems)
    assert "would leave the output directory" in str(next(iter(problems)))


def test_a_slug_with_a_dot_keeps_a_pretty_url() -> None:
    dated = SiteConfig(permalinks=PermalinkConfig("/{year}/{month}/{day}/{slug}/"))
    assert assign_urls([art("go1.14")], SiteConfig(), Problems()) == {
        "content/go1.14.md": "/articles/go1.14/"
    }
    assert assign_urls([art("v1.0-trio")], dated, Problems()) == {
        "content/v1.0-trio.md": "/2025/03/04/v1.0-trio/"
    }
    assert output_path_for("/articles/go1.14/") == "articles/go1.14/index.html"


@given(st.text())
def test_no_article_slug_leaves_its_folder(text: str) -> None:
    slug = article_slug(text)
    if not slug:
        return
    problems = Problems()
    url = assign_urls([art(slug, source="content/a.md")], SiteConfig(), problems)["content/a.md"]
    assert not problems
    assert output_path_for(url) == f"articles/{slug}/index.html"


@given(st.text())
def test_no_url_path_escapes_the_output_directory(url: str) -> None:
    try:
        path = output_path_for(url)
    except ValueError:
        return
    assert not path.startswith(("/", "..")) and ".." not in path.split("/")


def test_links_to_markdown_files_become_article_urls_under_the_base_path() -> None:
    urls = {"content/2025/b.md": "/articles/b/", "content/water/index.md": "/articles/water/"}
    rewrite = LinkRewriter(urls, "/blog/", files=["content/water/chart.svg"])
    assert rewrite("b.md#why", "content/2025/a.md") == "/blog/articles/b/#why"
    assert rewrite("/articles/c/", "content/2025/a.md") == "/blog/articles/c/"
    assert rewrite("chart.svg", "content/water/index.md") == "/blog/water/chart.svg"
    assert rewrite("https://example.org/x", "content/a.md") == "https://example.org/x"
    assert rewrite("#top", "content/a.md") == "#top"
    assert rewrite("missing.md", "content/a.md") == "missing.md"


def test_links_to_markdown_files_with_the_long_ending_become_article_urls() -> None:
    rewrite = LinkRewriter({"content/2022/b.markdown": "/2022/b/"}, "/")
    assert rewrite("b.markdown#why", "content/2022/a.md") == "/2022/b/#why"
    assert rewrite("../2022/b.markdown", "content/2022/a.markdown") == "/2022/b/"


A_AT_2022 = {"content/2022/a.md": "/2022/a/", "content/2022/b.md": "/2022/b/"}
"""Articles published at ``/{year}/{slug}/``: the folder of the file is not the page's."""


def test_relative_links_resolve_from_the_page_url_as_a_browser_does() -> None:
    rewrite = LinkRewriter(A_AT_2022, "/blog/")
    assert rewrite("../b/", "content/2022/a.md") == "/blog/2022/b/"
    assert rewrite("../b/#why", "content/2022/a.md") == "/blog/2022/b/#why"
    assert rewrite("./", "content/2022/a.md") == "/blog/2022/a/"
    assert rewrite("../../tags/?x=1", "content/2022/a.md") == "/blog/tags/?x=1"
    assert rewrite("notes/data.csv", "content/2022/a.md") == "/blog/2022/a/notes/data.csv"


def test_relative_files_in_content_keep_resolving_from_the_article_file() -> None:
    files = ["content/2022/a/chart.svg", "content/2022/my chart.png", "content/img/logo.png"]
    rewrite = LinkRewriter({**A_AT_2022, "content/2022/a/index.md": "/x/a/"}, "/blog/", files)
    assert rewrite("./chart.svg", "content/2022/a/index.md") == "/blog/2022/a/chart.svg"
    assert rewrite("my%20chart.png", "content/2022/a.md") == "/blog/2022/my%20chart.png"
    assert rewrite("../img/logo.png", "content/2022/b.md") == "/blog/img/logo.png"


def test_links_climbing_above_the_site_root_are_left_and_explained() -> None:
    rewrite = LinkRewriter(A_AT_2022, "/blog/")
    assert rewrite("../../../x/", "content/2022/a.md") == "../../../x/"
    assert rewrite.why_unresolved("../../../x/", "content/2022/a.md") == (
        "climbs above the site root from /2022/a/"
    )
    assert rewrite.why_unresolved("c.md", "content/2022/a.md") == (
        "does not match any page (no published article at content/2022/c.md)"
    )
    assert rewrite.why_unresolved("../../", "content/2022/a.md") is None
    assert rewrite.why_unresolved("https://example.org/", "content/2022/a.md") is None


SEGMENT = st.sampled_from(["..", ".", "a", "b.png"])


@given(
    st.sampled_from(["/", "/x/", "/x/y/", "/x/y.html", "/2022/05/01/z/"]),
    st.lists(SEGMENT, min_size=1, max_size=6),
    st.booleans(),
)
def test_resolving_from_a_page_matches_the_browser(
    page: str, segments: list[str], slash: bool
) -> None:
    path = "/".join(segments) + ("/" if slash else "")
    resolved = resolve_from_page(page, path)
    browser = urlsplit(urljoin("https://example.org" + page, path)).path
    depth = page.count("/") - 1
    climbs = max(_depth_reached(segments), 0) > depth
    if resolved is None:
        assert climbs
    else:
        assert not climbs
        assert resolved == browser


def _depth_reached(segments: list[str]) -> int:
    """How many folders above the page's folder the path goes, at most."""
    level, highest = 0, 0
    for segment in segments:
        level += {"..": 1, ".": 0}.get(segment, -1)
        highest = max(highest, level)
    return highest


def test_links_to_markdown_files_with_the_long_suffix_become_article_urls() -> None:
    rewrite = LinkRewriter({"content/2015-10-8-b.markdown": "/articles/b/"}, "/")
    assert rewrite("2015-10-8-b.markdown#why", "content/a.md") == "/articles/b/#why"
    assert rewrite("missing.markdown", "content/a.md") == "missing.markdown"


@given(st.lists(st.text(min_size=1), unique=True, max_size=40), st.integers(1, 7))
def test_pagination_puts_each_article_on_exactly_one_page(slugs: list[str], per_page: int) -> None:
    pages = paginate(slugs, per_page, "/tags/x/")
    assert [s for p in pages for s in p.items] == slugs
    assert pages[0].url == "/tags/x/" and all(
        p.url == f"/tags/x/page/{p.number}/" for p in pages[1:]
    )
    assert all(len(p.items) <= per_page for p in pages)


@pytest.mark.parametrize(
    ("url", "path"), [("/", "index.html"), ("/a/b/", "a/b/index.html"), ("/old.html", "old.html")]
)
def test_url_paths_map_to_index_files(url: str, path: str) -> None:
    assert output_path_for(url) == path
