"""URL map: permalink patterns, duplicates, and nothing escaping the output directory."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import PermalinkConfig, SiteConfig
from sitegen.errors import Problems
from sitegen.model import Article
from sitegen.site.pagination import paginate
from sitegen.site.urls import LinkRewriter, assign_urls
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
    assert assign_urls([art("a")], SiteConfig(), Problems()) == {"a": "/articles/a/"}


def test_permalink_pattern_uses_local_date_and_section_slug() -> None:
    config = SiteConfig(
        timezone="Europe/Brussels",
        permalinks=PermalinkConfig("/{section}/{year}/{month}/{day}/{slug}/"),
    )
    urls = assign_urls([art("a", section="World News")], config, Problems())
    assert urls == {"a": "/world-news/2025/03/05/a/"}


def test_two_articles_at_one_url_is_an_error_naming_both_files() -> None:
    problems = Problems()
    assign_urls([art("a", "content/x/a.md"), art("a", "content/y/a.md")], SiteConfig(), problems)
    assert [str(p) for p in problems] == [
        "content/y/a.md:1: URL /articles/a/ is also the URL of content/x/a.md;"
        " give one of them another slug"
    ]


def test_an_alias_with_dotdot_is_an_error() -> None:
    problems = Problems()
    assign_urls([art("a", aliases=("/../../etc/",))], SiteConfig(), problems)
    assert "would leave the output directory" in str(next(iter(problems)))


def test_a_slug_with_a_dot_keeps_a_pretty_url() -> None:
    dated = SiteConfig(permalinks=PermalinkConfig("/{year}/{month}/{day}/{slug}/"))
    assert assign_urls([art("go1.14")], SiteConfig(), Problems()) == {"go1.14": "/articles/go1.14/"}
    assert assign_urls([art("v1.0-trio")], dated, Problems()) == {
        "v1.0-trio": "/2025/03/04/v1.0-trio/"
    }
    assert output_path_for("/articles/go1.14/") == "articles/go1.14/index.html"


@given(st.text())
def test_no_article_slug_leaves_its_folder(text: str) -> None:
    slug = article_slug(text)
    if not slug:
        return
    problems = Problems()
    url = assign_urls([art(slug)], SiteConfig(), problems)[slug]
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
    rewrite = LinkRewriter({"content/2025/b.md": "/articles/b/"}, "/blog/")
    assert rewrite("b.md#why", "content/2025/a.md") == "/blog/articles/b/#why"
    assert rewrite("/articles/c/", "content/2025/a.md") == "/blog/articles/c/"
    assert rewrite("chart.svg", "content/water/index.md") == "/blog/water/chart.svg"
    assert rewrite("https://example.org/x", "content/a.md") == "https://example.org/x"
    assert rewrite("#top", "content/a.md") == "#top"
    assert rewrite("missing.md", "content/a.md") == "missing.md"


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
