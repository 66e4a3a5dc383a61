"""Whole builds from small inline sites: the URL map, article pages, SPEC §6 guarantees."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import Run, article

Site = Callable[[Mapping[str, str | bytes]], Path]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


BASIC = {
    "site.yaml": """
        title: Desk
        base_url: https://news.example.org/
        paginate: 2
        authors: {mara: {name: Mara Okafor, bio: Covers ports., url: "https://mara.example"}}
        default_author: mara
    """,
    "content/2025-01-05-first.md": article(
        "First", "2025-01-05", tags="[NATO, shipping]", section="World"
    ),
    "content/second.md": article(
        "Second", "2025-02-05", tags="[nato]", section="World", aliases="[/old/second/]"
    ),
    "content/third.md": article("Third", "2025-03-05", author="Guest Writer", tags="[grain]"),
    "content/bundle/index.md": article(
        "Bundle", "2025-04-05", body="![Chart](chart.svg)", image="chart.svg", image_alt="A chart"
    ),
    "content/bundle/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "content/draft.md": article("Draft", "2025-04-06", draft="true"),
    "content/future.md": article("Future", "2027-01-01"),
}


def test_the_url_map_follows_spec(make_site: Site, build_site: Callable[..., Run]) -> None:
    site = make_site(BASIC)
    assert build_site(site).code == 0
    files = set(tree(site / "output"))
    expected = {
        "index.html",
        "page/2/index.html",
        "articles/first/index.html",
        "articles/second/index.html",
        "articles/third/index.html",
        "articles/bundle/index.html",
        "bundle/chart.svg",
        "tags/index.html",
        "tags/nato/index.html",
        "tags/nato/feed.xml",
        "tags/shipping/index.html",
        "authors/mara/index.html",
        "authors/mara/feed.xml",
        "authors/guest-writer/index.html",
        "sections/world/index.html",
        "feed.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "search/index.html",
        "old/second/index.html",
    }
    assert expected <= files
    assert not {"articles/draft/index.html", "articles/future/index.html"} & files


def test_drafts_and_future_are_built_on_request(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    assert build_site(site, "--drafts", "--future").code == 0
    assert (site / "output/articles/draft/index.html").exists()
    assert (site / "output/articles/future/index.html").exists()


def test_article_page_shows_byline_tags_and_related(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    build_site(site, "--no-minify")
    html = (site / "output/articles/second/index.html").read_text()
    assert "<h1" in html and "Second" in html
    assert '<time datetime="2025-02-05T00:00:00+00:00"' in html
    assert 'href="/authors/mara/"' in html and "Mara Okafor" in html
    assert 'href="/tags/nato/"' in html
    assert "You may also like" in html and 'href="/articles/first/"' in html
    assert "<title>Second | Desk</title>" in html  # the site's name, not the section's


def test_tags_with_equal_slugs_merge_under_the_most_used_spelling(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({**BASIC, "content/fourth.md": article("Fourth", "2025-01-01", tags="[nato]")})
    build_site(site, "--no-minify")
    html = (site / "output/tags/nato/index.html").read_text()
    assert "<title>nato | Desk</title>" in html


def test_bundle_image_links_point_at_the_copied_file(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    build_site(site, "--no-minify")
    html = (site / "output/articles/bundle/index.html").read_text()
    assert 'src="/bundle/chart.svg"' in html


BY_YEAR = {
    "site.yaml": "base_url: https://x.org/blog/\npermalinks: {article: '/{year}/{slug}/'}\n",
    "content/2022/a.md": article(
        "A",
        "2022-03-01",
        body="[b](../b/) [c](c.markdown#why) [chart](chart/chart.svg) [notes](./notes/)",
    ),
    "content/2022/b.md": article("B", "2022-03-02", body="[a](a.md) [up](../../)"),
    "content/2022/c.markdown": article("C", "2022-03-03"),
    "content/2022/chart/index.md": article("Chart", "2022-03-04", body="![Chart](./chart.svg)"),
    "content/2022/chart/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def test_relative_links_resolve_from_the_page_url_under_the_base_path(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BY_YEAR)
    assert build_site(site, "--no-minify").code == 0
    a = (site / "output/2022/a/index.html").read_text()
    assert '<a href="/blog/2022/b/">b</a>' in a
    assert '<a href="/blog/2022/chart/chart.svg">chart</a>' in a
    assert '<a href="/blog/2022/a/notes/">notes</a>' in a
    b = (site / "output/2022/b/index.html").read_text()
    assert '<a href="/blog/2022/a/">a</a> <a href="/blog/">up</a>' in b
    chart = (site / "output/2022/chart/index.html").read_text()
    assert 'src="/blog/2022/chart/chart.svg"' in chart


def test_links_to_markdown_files_with_the_long_ending_reach_the_article(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BY_YEAR)
    assert build_site(site, "--no-minify").code == 0
    a = (site / "output/2022/a/index.html").read_text()
    if not (site / "output/2022/c/index.html").exists():
        pytest.skip("this build does not read .markdown articles yet")
    assert '<a href="/blog/2022/c/#why">c</a>' in a


def test_a_file_added_beside_an_article_changes_where_its_link_leads(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    """The cached body is not reused: its relative link now reaches the new file."""
    site = make_site({"content/a.md": article("A", body="[data](data.csv)")})
    build_site(site, "--no-minify")
    page = site / "output/articles/a/index.html"
    assert '<a href="/articles/a/data.csv">' in page.read_text()
    (site / "content/data.csv").write_text("x,y\n", encoding="utf-8")
    build_site(site, "--no-minify")
    assert '<a href="/data.csv">' in page.read_text()


def test_table_of_contents_shows_heading_text_without_its_attributes(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    body = "## Year in numbers {#numbers .wide}\n\nx\n\n## Method\n\ny\n\n## Sources\n\nz\n"
    site = make_site({"content/a.md": article("A", body=body)})
    assert build_site(site, "--no-minify").code == 0
    html = (site / "output/articles/a/index.html").read_text()
    assert '<a href="#numbers">Year in numbers</a>' in html
    assert '<h2 id="numbers" class="wide">Year in numbers <a class="heading-anchor"' in html
    assert "{#numbers" not in html


def test_two_builds_are_byte_identical(
    make_site: Site, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(BASIC)
    build_site(site, "-o", str(tmp_path / "one"))
    build_site(site, "-o", str(tmp_path / "two"))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_the_build_says_how_many_pages_it_made(
    make_site: Site, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    """The count is every HTML page written, on a cold build and on an edit."""
    site = make_site(BASIC)
    out = tmp_path / "out"
    pages = "built {} pages ("
    cold = build_site(site, "-o", str(out))
    made = sum(1 for p in out.rglob("*.html"))
    assert made > 10 and pages.format(made) in cold.out
    third = article("Third", "2025-03-05", author="Guest Writer", tags="[grain]", body="Late.")
    (site / "content/third.md").write_text(third)
    edit = build_site(site, "-o", str(out))
    assert pages.format(made) in edit.out
    (site / "content/third.md").write_text(article("Third", "2025-03-05", tags="[coal]"))
    retag = build_site(site, "-o", str(out))
    assert pages.format(sum(1 for p in out.rglob("*.html"))) in retag.out


def test_a_failed_build_leaves_output_untouched(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    build_site(site)
    before = tree(site / "output")
    (site / "content/broken.md").write_text("---\ntitle: [unclosed\n---\n")
    result = build_site(site)
    assert result.code == 1
    assert tree(site / "output") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output")]


def test_a_failed_first_build_creates_no_output(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": "no front matter\n"})
    assert build_site(site).code == 1
    assert not (site / "output").exists()


def test_a_deleted_article_disappears(make_site: Site, build_site: Callable[..., Run]) -> None:
    site = make_site(BASIC)
    build_site(site)
    assert (site / "output/articles/third/index.html").exists()
    (site / "content/third.md").unlink()
    build_site(site)
    assert not (site / "output/articles/third/index.html").exists()
    assert not (site / "output/authors/guest-writer").exists()


def test_unchanged_files_keep_their_modification_time(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    build_site(site)
    page = site / "output/articles/first/index.html"
    os.utime(page, (1_000_000, 1_000_000))
    build_site(site)
    assert page.stat().st_mtime == 1_000_000


def test_front_matter_is_escaped(make_site: Site, build_site: Callable[..., Run]) -> None:
    site = make_site(
        {"content/a.md": article("<script>alert(1)</script>", summary="'<img src=x onerror=y>'")}
    )
    build_site(site, "--no-minify")
    html = (site / "output/articles/a/index.html").read_text()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_base_url_under_a_sub_path_prefixes_links(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(BASIC)
    build_site(site, "--base-url", "https://x.org/blog/", "--no-minify")
    html = (site / "output/articles/second/index.html").read_text()
    assert 'href="/blog/tags/nato/"' in html
    assert '<link rel="canonical" href="https://x.org/blog/articles/second/"' in html
    assert "https://x.org/blog/articles/first/" in (site / "output/feed.xml").read_text()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"content/a.md": "---\ntitle: [oops\ndate: 2025-01-01\n---\n"}, "content/a.md:3:"),
        (
            {"content/a.md": "---\ndate: 2025-01-01\n---\nx\n"},
            "content/a.md:1: missing required key 'title'",
        ),
        ({"content/a.md": "---\ntitle: A\ndate: 2025-01-01\nbody\n"}, "content/a.md:1:"),
        (
            {"content/a.md": "---\ntitle: A\ndate: 2025-01-01\ntags: {nato: 1}\n---\n"},
            "content/a.md:4: 'tags' must be a list of strings",
        ),
        ({"content/a.md": "---\ntitle: A\ndate: yesterday\n---\n"}, "content/a.md:3:"),
        ({"content/a.md": article("A", image="x.png")}, "content/a.md:4:"),
        (
            {"content/a.md": article("A", related="[nope]")},
            "content/a.md:4: unknown related slug 'nope'",
        ),
        ({"site.yaml": "titel: X\n"}, "site.yaml:1: unknown key 'titel' (did you mean 'title'?)"),
        (
            {"content/a.md": b"---\ntitle: A\ndate: 2025-01-01\n---\ncaf\xe9\n"},
            "content/a.md:5: not valid UTF-8",
        ),
        ({"content/a.md": article("A", slug="'../../x'")}, "content/a.md:4:"),
        ({"content/a.md": article("A", aliases="['/../../etc/']")}, "content/a.md:4:"),
        (
            {"content/a.md": article("A", slug="x"), "content/b.md": article("B", slug="x")},
            "content/b.md:4: URL /articles/x/ is also the URL of content/a.md:4",
        ),
    ],
    ids=[
        "malformed-yaml",
        "missing-title",
        "unclosed",
        "wrong-type",
        "bad-date",
        "image-without-alt",
        "unknown-related",
        "unknown-site-key",
        "not-utf8",
        "dotdot-slug",
        "dotdot-alias",
        "duplicate-url",
    ],
)
def test_bad_input_is_an_error_at_its_line(
    make_site: Site, build_site: Callable[..., Run], files: Mapping[str, str | bytes], message: str
) -> None:
    site = make_site(files)
    result = build_site(site)
    assert result.code == 1
    assert any(line.startswith(message) for line in result.errors), result.err
    assert "Traceback" not in result.err
    assert not (site / "output").exists()


def test_every_error_of_the_run_is_reported(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": "---\ndate: 2025-01-01\n---\n",
            "content/b.md": article("B", tags="12"),
            "site.yaml": "paginate: many\n",
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert [e.split(":")[0] for e in result.errors] == ["site.yaml"]
    (site / "site.yaml").write_text("paginate: 3\n")
    result = build_site(site)
    assert sorted(e.split(":")[0] for e in result.errors) == ["content/a.md", "content/b.md"]


def test_a_symlink_out_of_the_site_is_an_error(
    make_site: Site, build_site: Callable[..., Run], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(article("Secret"))
    site = make_site({"content/a.md": article("A")})
    (site / "content/leak.md").symlink_to(secret)
    result = build_site(site)
    assert result.code == 1
    assert any(e.startswith("content/leak.md:1:") for e in result.errors)


def test_usage_errors_exit_2(make_site: Site) -> None:
    from tests.conftest import run_sitegen

    assert run_sitegen("build", "--jobs", "zero").code == 2
    assert run_sitegen("frobnicate").code == 2


def test_a_template_that_does_not_compile_is_reported_only_where_a_page_uses_it(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    # Enough pages for two page workers: the templates are compiled before they fork.
    files: dict[str, str | bytes] = {
        "site.yaml": "title: Desk\nbase_url: https://news.example.org/\n",
        "layouts/unused.html": "{% if %}\n",
    }
    files.update({f"content/a{n}.md": article(f"Story {n}", "2025-01-05") for n in range(12)})
    site = make_site(files)

    assert build_site(site, "--jobs", "2").code == 0

    (site / "layouts" / "article.html").write_text("{% extends 'base.html' %}\n{% block x %\n")
    run = build_site(site, "--jobs", "2")

    assert run.code == 1
    assert run.errors[0].startswith("layouts/article.html:2: ")


def test_the_search_index_gives_back_what_it_let_go_before_the_pages_end(
    make_site: Site, build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge of a large site's index batches let go of 170 MB at 100,000
    articles; kept by the allocator, it stayed with the build while the pages
    rendered beside its worker, at the peak of the build's memory."""
    import threading

    from sitegen import build
    from sitegen.build import indexing

    events: list[object] = []
    real = indexing.index_site  # patched where the pipeline calls it: ``build``

    def index_site(*args: object, **kwargs: object) -> object:
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        events.append("indexed")
        return made

    def released() -> None:
        events.append(("released on", threading.current_thread().name))

    monkeypatch.setattr(build, "index_site", index_site)
    monkeypatch.setattr(build, "release_freed_memory", released)
    assert build_site(make_site(BASIC)).code == 0
    assert "indexed" in events
    # Right after, on the thread that made the index: not once the pages are done.
    first = events[events.index("indexed") + 1]
    assert isinstance(first, tuple) and first[0] == "released on"
    assert first[1] != threading.main_thread().name


def test_the_files_are_let_go_before_the_build_is_recorded(
    make_site: Site, build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording the build pickles the whole site and the manifest: at 100,000
    articles the build's last peak, which the 280,000 written files' objects
    (125 MB) made higher for nothing."""
    import gc

    from sitegen import build
    from sitegen.build import edits
    from sitegen.model import StagedFile

    alive: list[int] = []
    real = edits.remember_build  # patched where the pipeline calls it: ``build``

    def remember_build(*args: object) -> None:
        alive.append(sum(isinstance(o, StagedFile) for o in gc.get_objects()))
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "remember_build", remember_build)
    assert build_site(make_site(BASIC)).code == 0
    assert alive == [0]
