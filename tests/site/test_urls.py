"""URL map: permalink patterns, duplicates, and nothing escaping the output directory."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import PermalinkConfig, SiteConfig
from sitegen.errors import Problems
from sitegen.model import Article
from sitegen.site.pagination import paginate
from sitegen.site.urls import LinkRewriter, assign_urls
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


@given(st.text())
def test_no_url_path_escapes_the_output_directory(url: str) -> None:
    try:
        path = output_path_for(url)
    except ValueError:
        return
    assert not path.startswith(("/", "..")) and ".." not in path.split("/")


def test_links_to_markdown_files_become_article_urls_under_the_base_path() -> None:
    rewrite = LinkRewriter({"content/2025/b.md": "/articles/b/"}, "/blog/")
    assert rewrite("b.md#why", "content/2025/a.md") == "/blog/articles/b/#why"
    assert rewrite("/articles/c/", "content/2025/a.md") == "/blog/articles/c/"
    assert rewrite("chart.svg", "content/water/index.md") == "/blog/water/chart.svg"
    assert rewrite("https://example.org/x", "content/a.md") == "https://example.org/x"
    assert rewrite("#top", "content/a.md") == "#top"
    assert rewrite("missing.md", "content/a.md") == "missing.md"


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
