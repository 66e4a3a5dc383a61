"""The site as a whole: static files, list pages, taxonomies and feeds."""

from __future__ import annotations

from collections.abc import Callable

from sitegen.slugs import slugify
from tests.images.pictures import photo
from tests.importer.conftest import BASIC_CONFIG, Imported, post

# Real images: the build reads every image an article shows.
PNG = photo(8, 8, "PNG")


def test_static_files_go_where_hugo_served_them(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01", "![Logo](/img/logo.png)"),
        "static/img/logo.png": PNG,
        "static/docs/README.md": "Not an article.",
        "static/robots.txt": "User-agent: *",
        "static/_redirects": "/old /new 301",
    }
    done = hugo(files)
    assert (done.dest / "content/img/logo.png").read_bytes() == PNG
    assert done.site()["exclude"] == ["/docs/README.md"]
    assert "static/robots.txt:1: not copied: sitegen writes /robots.txt itself" in done.notes
    assert "static/_redirects:1: not copied: sitegen writes /_redirects itself" in done.notes
    done.build()
    assert (done.dest / "output/img/logo.png").is_file()
    assert "static/docs/README.md:1: kept as content/docs/README.md but not served" in done.report
    assert not (done.dest / "output/docs/readme").exists()


def test_section_and_term_pages_keep_answering(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/news/_index.md": post("title: News\nurl: /latest/"),
        "content/news/a.md": post(
            "title: A\ndate: 2024-05-01\ntags: [Port Strike]\ncategories: [World]"
        ),
        "content/news/b.md": post(
            "title: B\ndate: 2024-05-02\ntags: [C++]\ncategories: [Tech, World]"
        ),
    }
    done = hugo(files)
    urls = done.urls()
    assert urls["/latest/"] == "/"
    assert urls["/tags/"] == "/tags/"
    assert urls["/tags/port-strike/"] == "/tags/port-strike/"
    assert urls["/tags/c++/"] == f"/tags/{slugify('C++')}/"
    assert urls["/categories/world/"] == "/sections/world/"
    assert urls["/categories/tech/"] == "/sections/tech/"
    assert urls["/categories/"] == "/tags/"
    assert done.front("content/_index.md") == {"title": "News"}
    done.build()
    for old in urls:
        assert done.page(old), old
    assert f"https://example.org/tags/{slugify('C++')}/" in done.page("/tags/c++/")


def test_taxonomy_pages_hugo_did_not_make_are_not_reported(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + 'disableKinds = ["taxonomy", "term", "RSS"]\n'
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01\ntags: [x]"),
    }
    done = hugo(files)
    assert not [u for u in done.urls() if u.startswith("/tags/")]
    assert "feeds" not in done.report


def test_feeds_are_the_home_feed_or_a_note_with_redirect_rules(
    hugo: Callable[..., Imported],
) -> None:
    renamed = (
        BASIC_CONFIG + '[outputFormats.RSS]\nbaseName = "feed"\n[outputs]\nsection = ["HTML"]\n'
    )
    one = hugo({"hugo.toml": renamed, "content/posts/a.md": post("title: A\ndate: 2024-05-01")})
    assert one.urls()["/feed.xml"] == "/feed.xml"
    assert "feeds" not in one.report
    default = hugo(
        {"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post("title: A\ndate: 2024-05-01")}
    )
    assert default.note("feeds").endswith(
        "_redirects: /index.xml /feed.xml 301; /posts/index.xml /feed.xml 301"
    )


def test_the_only_sections_text_introduces_the_home_page(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/post/_index.md": post("title: Blog\nurl: /blog/", "All our posts."),
        "content/post/a.md": post("title: A\ndate: 2024-05-01"),
    }
    done = hugo(files)
    assert done.front("content/_index.md") == {"title": "Blog"}
    assert "the text of the site's only section is now the home page's" in done.report
    assert done.urls()["/blog/"] == "/"
    built = done.build()
    assert "warning" not in built.err
    assert "All our posts." in done.page("/")


def test_a_default_language_in_its_own_folder_keeps_its_addresses(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + 'defaultContentLanguage = "en"\ndefaultContentLanguageInSubdir = true\n'
    files = {"hugo.toml": config, "content/posts/a.md": post("title: A\ndate: 2024-05-01")}
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/en/posts/{slug}/"}
    urls = done.urls()
    assert (urls["/en/"], urls["/en/posts/a/"], urls["/en/posts/"]) == ("/", "/en/posts/a/", "/")
    done.build()
    for old in urls:
        assert done.page(old), old
