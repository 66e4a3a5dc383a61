"""Aliases written without their leading ``/``, as Hugo's front matter writes them.

Hugo reads ``aliases: [old-name]`` from the folder of the page's own URL
(``content/posts/new.md`` at ``/posts/new/`` gets ``/posts/old-name/``), and
``../old/path`` climbs from there; Zola's TOML front matter means the site's
root (tests/content/test_pelican_zola.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, article

SiteMaker = Callable[[dict[str, str | bytes]], Path]
Build = Callable[..., Run]

REDIRECT = 'content="0; url=http://localhost:8000{}" http-equiv=refresh>'


def redirects_to(output: Path, path: str, target: str) -> bool:
    """Whether the page at ``path`` in ``output`` sends the reader to ``target``."""
    page = output / path
    return page.is_file() and REDIRECT.format(target) in page.read_text()


def test_a_relative_alias_is_a_sibling_of_the_articles_page(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "site.yaml": 'permalinks: {article: "/{folder}/{slug}/"}\n',
            "content/posts/new.md": article("New", aliases="[old-name, ../old/path, gone/]"),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    output = site / "output"
    for path in ("posts/old-name/index.html", "old/path/index.html", "posts/gone/index.html"):
        assert redirects_to(output, path, "/posts/new/"), path
    assert not (output / "posts/new/old-name").exists()
    rules = (output / "_redirects").read_text().splitlines()
    assert "/posts/old-name/ /posts/new/ 301" in rules
    assert "/old/path/ /posts/new/ 301" in rules


def test_a_relative_alias_follows_the_articles_own_url(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", url="/2015/10/19/a.html", aliases="[b.html]"),
            "content/c.md": article("C", aliases="[old-c]"),
        }
    )
    assert build_site(site).code == 0
    output = site / "output"
    assert redirects_to(output, "2015/10/19/b.html", "/2015/10/19/a.html")
    assert redirects_to(output, "articles/old-c/index.html", "/articles/c/")


def test_a_relative_alias_climbing_above_the_root_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", aliases="\n  - fine\n  - ../../up/"),
            "content/b.md": article("B", aliases="[../../../x]"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    folder = "without a leading '/' it is read from /articles/, the folder of the article's URL"
    assert result.errors == [
        f"content/a.md:6: alias '../../up/' climbs above the site's root: {folder}",
        f"content/b.md:4: alias '../../../x' climbs above the site's root: {folder}",
    ]
    assert not (site / "output").exists()


def test_a_relative_alias_at_another_articles_address_is_an_error(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", aliases="[b]"),
            "content/b.md": article("B"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == ["content/a.md:4: alias /articles/b is the URL of content/b.md"]
