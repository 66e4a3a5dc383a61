"""An article is its source file, never its slug (SPEC §8).

Two articles may share a slug when the permalink pattern gives them different
URLs; every page, card, feed entry, redirect, sitemap line, related list and
search record must then be the right article's. Two that would share a URL are
an error naming both files at their lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, article, run_sitegen

SiteMaker = Callable[[dict[str, str | bytes]], Path]

YEARLY = 'permalinks: {article: "/{year}/{slug}/"}\nbase_url: "https://news.example/"\n'


def two_kubecons(make_site: SiteMaker, **extra: str | bytes) -> Path:
    return make_site(
        {
            "site.yaml": YEARLY,
            "content/2022/kubecon.md": article(
                "KubeCon 2022: the year of eBPF",
                date="2022-05-20",
                body="Valencia was about eBPF.",
                tags="[cloud, ebpf]",
                aliases="['/old/kubecon-2022/']",
            ),
            "content/2023/kubecon.md": article(
                "KubeCon 2023: platform teams",
                date="2023-04-21",
                body="Amsterdam was about platforms.",
                tags="[cloud, platforms]",
                aliases="['/old/kubecon-2023/']",
            ),
            "content/other.md": article("Other", date="2023-06-01", tags="[cloud]"),
            **extra,
        }
    )


def read(site: Path, path: str) -> str:
    return (site / "output" / path).read_text(encoding="utf-8")


def test_two_articles_sharing_a_slug_get_a_page_each(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = two_kubecons(make_site)
    result = build_site(site)
    assert result.code == 0, result.err
    assert "KubeCon 2022: the year of eBPF" in read(site, "2022/kubecon/index.html")
    assert "Valencia was about eBPF." in read(site, "2022/kubecon/index.html")
    assert "KubeCon 2023: platform teams" in read(site, "2023/kubecon/index.html")
    assert "Amsterdam was about platforms." in read(site, "2023/kubecon/index.html")
    home = read(site, "index.html")
    assert "/2022/kubecon/" in home
    assert "/2023/kubecon/" in home


def test_each_alias_redirects_to_its_own_article_once(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = two_kubecons(make_site)
    assert build_site(site).code == 0
    lines = read(site, "_redirects").splitlines()
    assert lines.count("/old/kubecon-2022/ /2022/kubecon/ 301") == 1
    assert lines.count("/old/kubecon-2023/ /2023/kubecon/ 301") == 1
    assert "/2022/kubecon/" in read(site, "old/kubecon-2022/index.html")


def test_sitemap_and_feed_list_each_article_once(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = two_kubecons(make_site)
    assert build_site(site).code == 0
    locs = re.findall(r"<loc>([^<]+)</loc>", read(site, "sitemap.xml"))
    assert len(locs) == len(set(locs))
    assert "https://news.example/2022/kubecon/" in locs
    assert "https://news.example/2023/kubecon/" in locs
    entries = re.findall(r"<entry>.*?</entry>", read(site, "feed.xml"), re.DOTALL)
    assert sum("Valencia was about eBPF." in e for e in entries) == 1
    assert sum("Amsterdam was about platforms." in e for e in entries) == 1


def test_related_lists_tell_the_two_apart(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = two_kubecons(make_site)
    assert build_site(site).code == 0
    page_2022 = read(site, "2022/kubecon/index.html")
    related = page_2022[page_2022.index("You may also like") :]
    assert "/2023/kubecon/" in related  # the other KubeCon, not itself
    assert 'href="/2022/kubecon/"' not in related


def test_related_command_names_both_files_for_a_shared_slug(make_site: SiteMaker) -> None:
    site = two_kubecons(make_site)
    result = run_sitegen("related", "kubecon", str(site))
    assert result.code == 1
    assert result.err.strip() == (
        "sitegen: 'kubecon' is the slug of 2 published articles "
        "(content/2022/kubecon.md, content/2023/kubecon.md); give the path of the one you mean"
    )
    chosen = run_sitegen("related", "content/2022/kubecon.md", str(site))
    assert chosen.code == 0, chosen.err
    assert chosen.out.splitlines()[0] == "content/2023/kubecon.md"


def test_a_pinned_slug_two_articles_share_is_an_error_and_a_path_picks_one(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = two_kubecons(
        make_site,
        **{
            "content/pins.md": article("Pins", related="[kubecon]"),
            "content/path-pin.md": article("Path pin", related="['2022/kubecon.md']"),
        },
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/pins.md:4: related slug 'kubecon' names 2 articles "
        "(content/2022/kubecon.md, content/2023/kubecon.md); write the path of the one you mean"
    ]
    (site / "content/pins.md").unlink()
    assert build_site(site).code == 0
    page = read(site, "articles/path-pin/index.html".replace("articles", "2025"))
    related = page[page.index("You may also like") :]
    assert related.index("/2022/kubecon/") < related.index("/2023/kubecon/")


def test_two_articles_at_one_url_are_an_error_at_both_files(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": YEARLY,
            "content/a/kubecon.md": article("One", date="2023-01-01"),
            "content/b/kubecon.md": article("Two", date="2023-02-01"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/a/kubecon.md:1: URL /2023/kubecon/ is also the URL of content/b/kubecon.md:1; "
        "give one of them another slug",
        "content/b/kubecon.md:1: URL /2023/kubecon/ is also the URL of content/a/kubecon.md:1; "
        "give one of them another slug",
    ]
    assert not (site / "output").exists()


def test_check_passes_a_site_whose_articles_share_a_slug(make_site: SiteMaker) -> None:
    site = two_kubecons(make_site)
    result = run_sitegen("check", str(site))
    assert result.code == 0, result.err


def test_front_matter_url_gives_an_article_its_own_address(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/about.md": article("About us", url="/about/"),
            "content/old.md": article("Old", url="/2015/10/19/old-post.html"),
            "content/bad.md": article("Bad", url="about"),
        }
    )
    result = build_site(site)
    assert result.errors == ["content/bad.md:4: 'url' must be a path like '/about/'"]
    (site / "content/bad.md").unlink()
    assert build_site(site).code == 0
    assert "About us" in read(site, "about/index.html")
    assert "Old" in read(site, "2015/10/19/old-post.html")
    assert "/about/" in read(site, "index.html")
