"""Pages without a date, as Zola and Hugo build them: an About page, a Colophon.

Both generators build a page whose front matter has no ``date``. sitegen builds
it at its URL, with its body, searchable, and lists it nowhere: not on the home
page, in a feed, a tag's or author's list, a related list or the news sitemap,
and no date is shown or made up for it. One outside the top of ``content/``
(where a forgotten date is likelier than a page) gets a warning saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import Run

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]

ZOLA = {
    "site.yaml": 'permalinks: {article: "/{folder}/{slug}/"}\nnews_sitemap: true\n',
    "content/about.md": '+++\ntitle = "About"\n[taxonomies]\ntags = ["us", "shared"]\n+++\n'
    "We read the numbers.\n",
    "content/colophon/index.md": '+++\ntitle = "Colophon"\n+++\nSet in Source Serif.\n',
    "content/blog/a.md": '+++\ntitle = "Rates"\ndate = 2025-12-01\n'
    '[taxonomies]\ntags = ["shared"]\n+++\nSee [about](@/about.md).\n',
    "content/blog/b.md": '+++\ntitle = "Prices"\ndate = 2025-11-01\n'
    '[taxonomies]\ntags = ["shared"]\n+++\nText.\n',
}


def test_a_zola_page_without_a_date_is_built_and_listed_nowhere(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(ZOLA)
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    assert result.errors == []
    out = site / "output"
    about = (out / "about/index.html").read_text()
    assert "We read the numbers." in about
    assert "byline__date" not in about and "1970" not in about
    assert "published_time" not in about
    graph = json.loads(about.split('<script type="application/ld+json">')[1].split("</script>")[0])
    page = graph["@graph"][0]
    assert page["@type"] == "WebPage" and "datePublished" not in page
    # Its tag has no page of its own ("us"): only the one that does is linked.
    assert 'href="/tags/shared/"' in about and "/tags/us/" not in about
    assert not (out / "tags/us").exists()
    assert "Set in Source Serif." in (out / "colophon/index.html").read_text()
    for listed in ("index.html", "tags/shared/index.html", "feed.xml", "feed.json"):
        text = (out / listed).read_text()
        assert "About" not in text and "Colophon" not in text, listed
        assert "Rates" in text, listed
    assert "About" not in (out / "news-sitemap.xml").read_text()
    related = (out / "blog/a/index.html").read_text().split("You may also like")[-1]
    assert "Prices" in related and "About" not in related
    sitemap = (out / "sitemap.xml").read_text()
    assert "<url><loc>http://localhost:8000/about/</loc></url>" in sitemap
    assert '<a href="/about/">about</a>' in (out / "blog/a/index.html").read_text()


def test_a_hugo_page_without_a_date_is_a_page_and_one_in_a_folder_is_warned_about(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/about.md": "---\ntitle: About\n---\nAbout us.\n",
            "content/posts/a.md": "---\ntitle: A\ndate: 2025-05-01\n---\nA.\n",
            "content/posts/forgot.md": "---\ntitle: Forgot\n---\nNo date.\n",
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert result.errors == [
        "content/posts/forgot.md:1: warning: no 'date': built as a page at its URL and "
        "listed nowhere (not on the home page, in a feed, a tag's or section's list); give "
        "it a 'date' to make it an article"
    ]
    out = site / "output"
    assert "About us." in (out / "articles/about/index.html").read_text()
    assert "No date." in (out / "articles/forgot/index.html").read_text()
    home = (out / "index.html").read_text()
    assert "/articles/a/" in home and "/articles/about/" not in home
    assert "/articles/forgot/" not in home


def test_a_page_in_a_folder_that_says_it_is_one_is_not_warned_about(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """A page that names its own address, or says it is a page as Hugo's and
    Jekyll's themes write it, did not forget its date: only the other is warned about."""
    site = make_site(
        {
            "content/docs/intro.md": "---\ntitle: Intro\nurl: /docs/intro/\n---\nStart here.\n",
            "content/docs/faq.md": "---\ntitle: FAQ\nlayout: page\n---\nAsked often.\n",
            "content/docs/terms.md": "---\ntitle: Terms\ntype: Page\n---\nThe terms.\n",
            "content/posts/forgot.md": "---\ntitle: Forgot\n---\nNo date.\n",
            "content/posts/a.md": "---\ntitle: A\ndate: 2025-05-01\n---\nA.\n",
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert [line.split(":")[0] for line in result.errors] == ["content/posts/forgot.md"]
    out = site / "output"
    assert "Start here." in (out / "docs/intro/index.html").read_text()
    assert "Asked often." in (out / "articles/faq/index.html").read_text()
    home = (out / "index.html").read_text()
    assert "Intro" not in home and "FAQ" not in home and "Terms" not in home
