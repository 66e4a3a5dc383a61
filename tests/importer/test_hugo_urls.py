"""The URLs Hugo gave pages, computed as Hugo computes them, and kept by the import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.importer.hugo.config import read_hugo_config
from sitegen.importer.hugo.urls import HugoUrls, PageFacts, sanitize
from tests.importer.conftest import BASIC_CONFIG, Imported, post

DATE = dt.datetime(2015, 10, 9, 8, 30, tzinfo=dt.UTC)  # a Friday, day 282


def urls_for(tmp_path: Path, toml: str) -> HugoUrls:
    (tmp_path / "hugo.toml").write_text(toml, encoding="utf-8")
    return HugoUrls(read_hugo_config(tmp_path))


def page(**values: object) -> PageFacts:
    facts: dict[str, object] = {
        "kind": "page",
        "dir": "post",
        "base_name": "2015-10-09-My File",
        "section": "post",
        "sections": ("post",),
        "title": "Let's Encrypt: “Trusted” (now)",
        "slug": "",
        "date": DATE,
    }
    facts.update(values)
    return PageFacts(**facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("/:year/:month/:day/:slug/", "/2015/10/09/lets-encrypt-trusted-now/"),
        ("/:year/:monthname/:weekdayname/", "/2015/october/friday/"),
        ("/:yearday/:weekday/", "/282/5/"),
        ("/:section/:title/", "/post/lets-encrypt-trusted-now/"),
        ("/:sections/:filename/", "/post/2015-10-09-my-file/"),
        ("/:slugorfilename/", "/2015-10-09-my-file/"),
        ("/:contentbasename/", "/2015-10-09-my-file/"),
        ("/:06/:1/:slug/", "/15/10/lets-encrypt-trusted-now/"),
        ("/Archive/:slug/", "/archive/lets-encrypt-trusted-now/"),
    ],
)
def test_permalink_tokens_expand_as_hugo_expands_them(
    tmp_path: Path, pattern: str, expected: str
) -> None:
    urls = urls_for(tmp_path, f'[permalinks]\npost = "{pattern}"\n')
    assert urls.page_url(page()) == expected


def test_a_slug_wins_over_the_title_and_the_file_name(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, '[permalinks]\npost = "/:slugorfilename/"\n')
    assert urls.page_url(page(slug="Short Name")) == "/short-name/"


def test_the_page_kind_form_of_permalinks_is_read(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, '[permalinks.page]\npost = "/p/:slug/"\n')
    assert urls.page_url(page(slug="x")) == "/p/x/"


def test_without_a_pattern_hugo_uses_the_folder_and_the_slug_or_file_name(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, "")
    assert urls.page_url(page()) == "/post/2015-10-09-my-file/"
    assert urls.page_url(page(slug="Given")) == "/post/given/"
    bundle = page(dir="post", base_name="trip", bundle=True)
    assert urls.page_url(bundle) == "/post/trip/"


def test_ugly_urls_end_in_html_for_all_or_for_one_section(tmp_path: Path) -> None:
    everywhere = urls_for(tmp_path, "uglyURLs = true\n")
    assert everywhere.page_url(page(slug="x")) == "/post/x.html"
    one = urls_for(tmp_path, '[uglyURLs]\nnews = true\n[permalinks]\nnews = "/:year/:slug/"')
    assert one.page_url(page(slug="x")) == "/post/x/"
    news = page(slug="x", dir="news", section="news", sections=("news",))
    assert one.page_url(news) == "/2015/x.html"


def test_front_matter_url_is_kept_as_written(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, '[permalinks]\npost = "/:year/:slug/"\nuglyURLs = true')
    assert urls.page_url(page(url="/About-Us")) == "/About-Us/"
    assert urls.page_url(page(url="/old/page.html")) == "/old/page.html"
    assert urls.page_url(page(url="/:year/special/")) == "/2015/special/"


def test_paths_keep_their_case_with_disable_path_to_lower(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, "disablePathToLower = true\n")
    assert urls.page_url(page(dir="Post", base_name="My File")) == "/Post/My-File/"


def test_the_default_language_in_its_own_folder_prefixes_urls(tmp_path: Path) -> None:
    urls = urls_for(
        tmp_path, 'defaultContentLanguage = "en"\ndefaultContentLanguageInSubdir = true'
    )
    assert urls.page_url(page(slug="x")) == "/en/post/x/"


def test_aliases_resolve_against_the_page_folder_like_hugo(tmp_path: Path) -> None:
    urls = urls_for(tmp_path, "")
    assert urls.alias_url("/old/path/", "/post/x/", "post") == "/old/path/"
    assert urls.alias_url("older", "/post/x/", "post") == "/post/older/"
    assert urls.alias_url("/old.html", "/post/x/", "post") == "/old.html"
    ugly = urls_for(tmp_path, "uglyURLs = true")
    assert ugly.alias_url("/old", "/post/x.html", "post") == "/old.html"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "Hello-World"),
        ("a - b", "a-b"),
        ("Vim (text editor)", "Vim-text-editor"),
        ("C++ & C#", "C++-C#"),
        ("Café au lait", "Café-au-lait"),
        ("  trailing  ", "trailing"),
    ],
)
def test_path_sanitizing_matches_hugos(text: str, expected: str) -> None:
    assert sanitize(text) == expected


def test_old_urls_are_kept_exactly_and_the_date_pattern_is_reused(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:year/:month/:slug/"\n[uglyURLs]\nposts = true'
    files = {
        "hugo.toml": config,
        "content/posts/2024-05-01-first.md": post("title: The First One\ndate: 2024-05-01"),
        "content/posts/second.md": post("title: Second\ndate: 2024-06-02\nslug: Dos"),
        "content/posts/third.md": post(
            "title: Third\ndate: 2024-07-03\nurl: /special/third/\naliases: [/old/third/, older]"
        ),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/{year}/{month}/{slug}/"}
    assert done.urls() == {
        "/": "/",
        "/2024/05/the-first-one.html": "/2024/05/the-first-one/",
        "/2024/06/dos.html": "/2024/06/dos/",
        "/special/third/": "/special/third/",
        "/old/third.html": "/special/third/",
        "/special/older.html": "/special/third/",
        "/sitemap.xml": "/sitemap.xml",
        "/posts.html": "/",
    }
    assert "Hugo's feeds /index.xml, /posts/index.xml are not served any more" in done.report
    assert done.front("content/posts/2024-05-01-first.md")["slug"] == "the-first-one"
    assert "slug" not in done.front("content/posts/third.md")
    assert done.front("content/posts/third.md")["url"] == "/special/third/"
    done.build()
    for old in done.urls():
        assert done.page(old)


def test_a_pattern_sitegen_cannot_say_keeps_its_default_and_aliases(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:year/:monthname/:slug/"\n'
    files = {"hugo.toml": config, "content/posts/a.md": post("title: A\ndate: 2024-05-01")}
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/articles/{slug}/"}
    assert done.urls()["/2024/may/a/"] == "/articles/a/"
    assert done.front("content/posts/a.md")["aliases"] == ["/2024/may/a/"]


def test_one_folder_keeps_hugos_default_urls(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/blog/My Trip.md": post("title: A\ndate: 2024-05-01"),
        "content/blog/b.md": post("title: B\ndate: 2024-05-01"),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/blog/{slug}/"}
    assert done.urls()["/blog/my-trip/"] == "/blog/my-trip/"
    assert done.front("content/blog/My Trip.md")["slug"] == "my-trip"
    assert "slug" not in done.front("content/blog/b.md")


def test_articles_that_would_share_a_url_get_their_own(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:year/:slug/"\nnotes = "/:year/:slug/"\n'
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post("title: Same\ndate: 2024-05-01\nurl: /posts/same/"),
        "content/notes/b.md": post("title: Same\ndate: 2024-05-01"),
        "content/posts/c.md": post("title: Same\ndate: 2024-06-01"),
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    done.build()


def test_a_site_under_a_sub_path_keeps_site_paths_and_its_root_links(
    hugo: Callable[..., Imported],
) -> None:
    config = 'baseURL = "https://example.org/blog/"\ntitle = "Sub"\n'
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post(
            "title: A\ndate: 2024-05-01", "[B](/blog/posts/b/) and [elsewhere](/shop/)"
        ),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01"),
    }
    done = hugo(files)
    assert done.site()["base_url"] == "https://example.org/blog/"
    assert done.urls()["/posts/a/"] == "/posts/a/"
    assert done.body("content/posts/a.md") == (
        "[B](/posts/b/) and [elsewhere](https://example.org/shop/)"
    )
    done.build()
    assert "href=/blog/posts/b/" in done.page("/posts/a/")


def test_relative_links_keep_leading_where_they_led_from_the_old_url(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + "uglyURLs = true\n"
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post(
            "title: A\ndate: 2024-05-01",
            "[B](b.html), [page](other.html), [code](`x.html`)\n\n    [indented](c.html)",
        ),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01"),
        "content/posts/other.html": post("title: Other\ndate: 2024-05-01", "<p>Hi</p>"),
    }
    done = hugo(files)
    body = done.body("content/posts/a.md")
    assert body.startswith("[B](/posts/b.html), [page](other.md), [code](`x.html`)")
    assert body.endswith("    [indented](c.html)")
    done.build()


def test_articles_outside_the_main_pattern_keep_their_own_url(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/about.md": post("title: About\ndate: 2024-01-01\naliases: [contact]"),
        "content/post/a.md": post("title: A\ndate: 2024-05-01"),
        "content/post/b.md": post("title: B\ndate: 2024-05-02"),
        "content/notes/c.md": post("title: C\ndate: 2024-05-03"),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/post/{slug}/"}
    assert done.front("content/about.md")["url"] == "/about/"
    assert done.front("content/notes/c.md")["url"] == "/notes/c/"
    assert "url" not in done.front("content/post/a.md")
    urls = done.urls()
    assert (urls["/about/"], urls["/contact/"], urls["/notes/c/"]) == (
        "/about/",
        "/about/",
        "/notes/c/",
    )
    done.build()
    assert "About" in done.page("/about/")


def test_a_page_at_one_of_sitegens_own_addresses_moves_aside(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/search.md": post('title: "Search"\nlayout: "search"'),
        "content/notes/tags.md": post("title: Tags\ndate: 2024-05-01\nurl: /tags/"),
    }
    done = hugo(files)
    search = done.front("content/search.md")  # no date: a page, kept clear of sitegen's
    assert (search["url"], "date" in search) == ("/search-2/", False)
    assert "content/search.md:1: old URL /search/ is a page sitegen makes itself" in done.report
    built = done.build()
    assert [e for e in built.errors if ": warning: " not in e] == []
    assert done.page(done.urls()["/posts/a/"])


def test_an_article_the_pattern_would_move_keeps_its_old_url(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:year/:month/:day/:slug/"\n'
    files = {
        "hugo.toml": config,
        "content/posts/late.md": post("title: Late\ndate: 2024-05-01T23:30:00-05:00"),
        "content/posts/cafe.md": post("title: Café\ndate: 2024-05-03"),
        "content/posts/plain.md": post("title: Plain\ndate: 2024-05-04"),
    }
    done = hugo(files)
    assert done.front("content/posts/late.md")["url"] == "/2024/05/01/late/"
    assert done.front("content/posts/cafe.md")["url"] == "/2024/05/03/café/"
    assert "url" not in done.front("content/posts/plain.md")
    assert set(done.urls().values()) >= {"/2024/05/01/late/", "/2024/05/03/café/"}
    done.build()
    assert done.page("/2024/05/01/late/")
    assert done.page("/2024/05/03/café/")


def test_old_urls_whose_last_folder_has_a_dot_keep_answering(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/notes.md": post(
            'title: Notes\ndate: 2020-01-01\naliases: ["/news/release-v1.2/"]'
        ),
        "content/posts/v12.md": post("title: Version 1.2\ndate: 2020-01-02\nurl: /releases/v1.2/"),
    }
    done = hugo(files)
    assert done.front("content/posts/v12.md")["url"] == "/releases/v1.2/"
    assert done.front("content/posts/notes.md")["aliases"] == ["/news/release-v1.2/"]
    urls = done.urls()
    assert urls["/releases/v1.2/"] == "/releases/v1.2/"
    assert urls["/news/release-v1.2/"] == "/posts/notes/"
    assert "dot" not in done.report
    done.build()
    assert "Version 1.2" in done.page("/releases/v1.2/")
    assert "/posts/notes/" in done.page("/news/release-v1.2/")


def test_a_url_with_a_query_string_becomes_an_alias_of_the_article(
    hugo: Callable[..., Imported],
) -> None:
    """Sites moved from WordPress to Hugo carry ``url: /?p=12`` where WordPress had
    plain links: no host serves a page at a query, so the article takes the
    pattern's address and the old one leads there, as an alias."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/post/a.md": post("title: A\ndate: 2013-04-21\nurl: /?p=12"),
        "content/post/b.md": post("title: B\ndate: 2013-04-22\naliases: ['/?p=13']"),
        "content/post/c.md": post("title: C\ndate: 2013-04-23"),
    }
    done = hugo(files)
    front = done.front("content/post/a.md")
    assert "url" not in front
    assert front["aliases"] == ["/?p=12"]
    assert done.front("content/post/b.md")["aliases"] == ["/?p=13"]
    urls = done.urls()
    assert (urls["/?p=12"], urls["/?p=13"]) == ("/post/a/", "/post/b/")
    assert "/?p=12/" not in done.report
    done.build()
    assert "A" in done.page("/post/a/")
