"""One source per output path (SPEC §8): nothing replaces another output silently."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, article

SiteMaker = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("alias", "what"),
    [
        ("/", "the home page"),
        ("/tags/", "the index of tags"),
        ("/search/", "the search page"),
        ("/404.html", "the 'not found' page"),
        ("/page/2/", "a page of a list sitegen generates"),
        ("/feed.xml", "the site's Atom feed"),
    ],
)
def test_an_alias_over_a_generated_page_is_an_error(
    make_site: SiteMaker, build_site: Callable[..., Run], alias: str, what: str
) -> None:
    files: dict[str, str | bytes] = {"content/x.md": article("X", aliases=f"['{alias}']")}
    files.update({f"content/n{i}.md": article(f"N{i}") for i in range(10)})
    site = make_site(files)
    result = build_site(site)
    assert result.code == 1
    path = "index.html" if alias == "/" else alias.strip("/")
    path = path if "." in path else path + "/index.html"
    assert result.errors == [
        f"content/x.md:4: the alias {alias} would write {path}, which is also {what};"
        " give one of them another address"
    ]
    assert not (site / "output").exists()


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("feed.xml", "the site's Atom feed"),
        ("tags/index.html", "the index of tags"),
        ("_redirects", "the redirects file for the host"),
        ("robots.txt", "robots.txt"),
    ],
)
def test_a_content_file_over_a_generated_file_is_an_error(
    make_site: SiteMaker, build_site: Callable[..., Run], name: str, what: str
) -> None:
    site = make_site({"content/a.md": article("A"), f"content/{name}": "mine\n"})
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        f"content/{name}:1: this file would write {name}, which is also {what};"
        " give one of them another address"
    ]


def test_an_article_over_a_generated_page_is_an_error(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {"site.yaml": 'permalinks: {article: "/{slug}/"}\n', "content/tags.md": article("Tags")}
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/tags.md:1: its page would write tags/index.html, which is also the index of"
        " tags; give one of them another address"
    ]


def test_an_alias_over_a_content_file_names_both(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {"content/a.md": article("A", aliases="['/old.pdf']"), "content/old.pdf": b"%PDF"}
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/a.md:4: the alias /old.pdf would write old.pdf, which is also content/old.pdf;"
        " give one of them another address",
        "content/old.pdf:1: this file would write old.pdf, which is also the alias /old.pdf of"
        " content/a.md:4; give one of them another address",
    ]


def test_a_site_whose_outputs_are_all_distinct_builds(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", aliases="['/old/', '/?p=3']"),
            "content/a/chart.png": b"png",
            "layouts/static/site.css": "body{}",
        }
    )
    assert build_site(site).code == 0
