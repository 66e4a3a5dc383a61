"""Hugo habits in content/: dotted slugs, ``.markdown`` files, ``_index.md``
landing texts and site.yaml ``exclude``, built whole."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import Run, article, write_files
from tests.test_incremental import age, build, clean_build, tree

Site = Callable[[Mapping[str, str | bytes]], Path]


def page(site: Path, path: str) -> str:
    return (site / "output" / path).read_text(encoding="utf-8")


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


# -- slugs and file names -----------------------------------------------------


def test_slugs_keep_their_dots_and_markdown_files_of_both_suffixes_are_articles(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": 'permalinks: {article: "/{year}/{month}/{day}/{slug}/"}\n',
            "content/go1.14.md": article("Go 1.14", "2020-02-25"),
            "content/trio.md": article(
                "Trio",
                "2021-03-04",
                slug="'V1.0 Trio'",
                body="See [Go](go1.14.md) and [ISOC](2015-10-8-isoc-sponsors.markdown#why).",
            ),
            "content/2015-10-8-isoc-sponsors.markdown": article("ISOC", "2015-10-08"),
            "content/2015-10-19-Ending-OCSP.markdown": article("OCSP", "2015-10-19"),
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    articles = {p for p in tree(site / "output") if re.match(r"\d{4}/", p)}
    assert articles == {
        "2020/02/25/go1.14/index.html",
        "2021/03/04/v1.0-trio/index.html",
        "2015/10/08/isoc-sponsors/index.html",
        "2015/10/19/ending-ocsp/index.html",
    }
    trio = page(site, "2021/03/04/v1.0-trio/index.html")
    assert '<a href="/2020/02/25/go1.14/">Go</a>' in trio
    assert '<a href="/2015/10/08/isoc-sponsors/#why">ISOC</a>' in trio


def test_two_file_names_that_differ_only_by_case_are_one_url(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {"content/Ending-OCSP.md": article("A"), "content/ending-ocsp.markdown": article("B")}
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/Ending-OCSP.md:1: URL /articles/ending-ocsp/ is also the URL of"
        " content/ending-ocsp.markdown:1; give one of them another slug",
        "content/ending-ocsp.markdown:1: URL /articles/ending-ocsp/ is also the URL of"
        " content/Ending-OCSP.md:1; give one of them another slug",
    ]


# -- _index.md ----------------------------------------------------------------

HOME_LANDING = """
---
title: Welcome to the Desk
description: Analysis of the week's news.
menu: main
---
We read [the summit](summit.md) so you need not.

{{< callout type="note" >}}
New here? Start with the **summit**.
{{< /callout >}}
"""


def test_the_home_landing_is_shown_above_the_list_and_is_no_article(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": "title: Desk\npaginate: 1\n",
            "content/_index.md": HOME_LANDING,
            "content/summit.md": article("Summit", "2025-05-01"),
            "content/ports.md": article("Ports", "2025-04-01"),
        }
    )
    result = build_site(site, "--no-minify")
    assert (result.code, result.err) == (0, "")
    home = main_of(page(site, "index.html"))
    assert '<h2 class="listing__intro-title">Welcome to the Desk</h2>' in home
    assert '<p class="listing__description">Analysis of the week&#39;s news.</p>' in home
    intro = home[home.index('<div class="listing__intro">') : home.index("front__lead")]
    assert '<a href="/articles/summit/">the summit</a>' in intro
    assert 'class="callout callout--note"' in intro
    assert "<strong>summit</strong>" in intro
    assert '<meta name="description" content="Analysis of the week&#39;s news.">' in page(
        site, "index.html"
    )
    second = main_of(page(site, "page/2/index.html"))
    assert "Welcome to the Desk</h1>" in second
    assert "listing__intro" not in second
    assert not [p for p in tree(site / "output") if re.search(r"(^|/)_index(/|\.|$)", p)]


def test_the_front_page_heading_is_the_site_name_in_the_masthead(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({"site.yaml": "title: Desk\n", "content/a.md": article("A")})
    assert build_site(site, "--no-minify").code == 0
    assert '<h1 class="site-title"><a href="/">Desk</a></h1>' in page(site, "index.html")
    home = main_of(page(site, "index.html"))
    assert "<h1" not in home
    assert "listing__intro" not in home


def test_a_folder_landing_introduces_the_section_it_names_or_its_folder_names(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/economy/_index.md": "---\ntitle: The Economy\n---\nMoney and *markets*.\n",
            "content/columns/_index.md": "---\nsection: Opinion\nsummary: Our views.\n---\n",
            "content/economy/rates.md": article("Rates", section="Economy"),
            "content/columns/view.md": article("View", section="Opinion"),
        }
    )
    result = build_site(site, "--no-minify")
    assert (result.code, result.err) == (0, "")
    economy = page(site, "sections/economy/index.html")
    assert "<title>The Economy | Untitled</title>" in economy
    assert '<h1 class="listing__title">The Economy</h1>' in economy
    assert "<p>Money and <em>markets</em>.</p>" in economy
    opinion = main_of(page(site, "sections/opinion/index.html"))
    assert '<h1 class="listing__title">Opinion</h1>' in opinion
    assert '<p class="listing__description">Our views.</p>' in opinion


def test_a_landing_with_no_listing_to_go_on_is_a_warning(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/post/_index.md": "---\ntitle: Blog\nurl: /blog/\n---\n",
            "content/world/_index.md": "---\ntitle: World\nsection: Wrold\n---\n",
            "content/news/world/_index.md": "---\ntitle: World news\n---\n",
            "content/zone/world/_index.md": "---\ntitle: World again\n---\n",
            "content/post/a.md": article("A", section="World"),
        }
    )
    result = build_site(site)
    assert result.code == 0
    assert result.errors == [
        "content/post/_index.md:1: warning: not shown: no published article has a"
        " section named like the folder 'post'; add 'section:' naming the section this text"
        " introduces (the sections: World)",
        "content/world/_index.md:3: warning: not shown: no published article has"
        " section 'Wrold' (the sections: World)",
        "content/zone/world/_index.md:1: warning: not shown:"
        " content/news/world/_index.md already introduces section 'World'",
    ]
    assert "World news" in page(site, "sections/world/index.html")


def test_errors_in_a_landing_fail_the_build_at_their_lines(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/_index.md": "---\ntitle: [a]\n---\n{{< calout >}}\n",
            "content/a.md": article("A"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == ["content/_index.md:2: 'title' must be a string, not a list"]
    (site / "content/_index.md").write_text("---\ntitle: Hi\n---\n\n{{< calout />}}\n")
    result = build_site(site)
    assert result.code == 1
    assert result.errors[0].startswith("content/_index.md:5: unknown shortcode 'calout'")


def test_an_edited_landing_renders_again_in_an_incremental_build(tmp_path: Path) -> None:
    site = write_files(
        tmp_path / "site",
        {
            "site.yaml": "title: Desk\npaginate: 1\n",
            "content/_index.md": "---\ntitle: Hello\n---\nFirst words.\n",
            "content/world/_index.md": "---\ntitle: The world\n---\nAbroad.\n",
            "content/a.md": article("A", "2025-01-01", section="World"),
            "content/b.md": article("B", "2025-02-01", section="World"),
        },
    )
    age(site)
    out = tmp_path / "out"
    build(site, out)
    edits = [
        ("content/_index.md", "---\ntitle: Hello\n---\nSecond words.\n"),
        ("content/_index.md", "---\ntitle: Good day\ndescription: Daily.\n---\nSecond words.\n"),
        ("content/world/_index.md", "---\ntitle: The world\n---\nOverseas.\n"),
        ("content/world/_index.md", "---\ntitle: Abroad\n---\nOverseas.\n"),
    ]
    for path, text in edits:
        (site / path).write_text(text, encoding="utf-8")
        build(site, out)
        assert tree(out) == clean_build(site, tmp_path)
    assert "Overseas." in (out / "sections/world/index.html").read_text(encoding="utf-8")
    assert "Good day" in (out / "page/2/index.html").read_text(encoding="utf-8")


# -- exclude --------------------------------------------------------------------


def test_excluded_files_are_neither_articles_nor_copied(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "site.yaml": """
                title: Desk
                exclude:
                  - "drafts/**"
                  - "*.html"
                  - "README.md"
                  - "archive/**"
            """,
            "content/a.md": article("A"),
            "content/README.md": "# How this folder works\n",
            "content/drafts/half.md": "---\ntitle: Half\n",
            "content/drafts/pic.png": b"\x89PNG",
            "content/post/old.html": "<p>Old</p>",
            "content/post/chart.png": b"\x89PNG",
        }
    )
    result = build_site(site)
    assert result.code == 0
    assert result.errors == [
        "site.yaml:6: warning: exclude pattern 'archive/**' matches nothing in content/"
    ]
    files = set(tree(site / "output"))
    assert "post/chart.png" in files
    assert not {"post/old.html", "drafts/pic.png", "README.md"} & files
    assert {p for p in files if p.startswith("articles/")} == {"articles/a/index.html"}
