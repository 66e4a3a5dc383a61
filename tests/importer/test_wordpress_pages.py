"""``sitegen import wordpress``: pages (About, Contact) become undated pages at their
old address, built and listed nowhere; none is lost without a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_sitegen
from tests.importer.wxr_samples import front_matter, item, notes_of, read, wxr

CLOCK = "1767225600"  # 2026-01-01T00:00:00Z
BLOG = "https://example.com/blog"
LATER = "2030-01-01 09:00:00"


def page(
    post_id: int,
    title: str,
    name: str,
    path: str,
    content: str = "Text.",
    *,
    status: str = "publish",
    parent: int = 0,
    date: str = "2024-03-04 10:30:00",
) -> str:
    """A page of the blog at ``path`` (``/about/team/``; none: plain ``?page_id=`` links)."""
    link = f"{BLOG}{path}" if path else f"{BLOG}/?page_id={post_id}"
    return item(
        post_id,
        title,
        content,
        name=name,
        post_type="page",
        link=link,
        status=status,
        parent=parent,
        date=date,
        gmt=date,
    )


def import_site(tmp_path: Path, *items: str) -> Path:
    export = tmp_path / "export.xml"
    export.write_text(wxr(*items), encoding="utf-8")
    dest = tmp_path / "site"
    done = run_sitegen("import", "wordpress", str(export), str(dest))
    assert done.code == 0, done.err
    return dest


def build(site: Path, *options: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        built = run_sitegen("build", str(site), "--jobs", "1", *options)
    assert (built.code, built.errors) == (0, []), built.err


def body_of(path: Path) -> str:
    return path.read_text("utf-8").split("---\n", 2)[2].strip()


TEAM = (
    "<!-- wp:paragraph -->\n<p>We are <strong>three</strong>.</p>\n<!-- /wp:paragraph -->\n\n"
    '[caption id="attachment_9" width="300"]<img src="https://example.com/blog/t.jpg" '
    'alt="The desk" /> Our desk[/caption]'
)


def test_pages_are_undated_pages_at_their_old_address(tmp_path: Path) -> None:
    site = import_site(
        tmp_path,
        item(
            content='Meet <a href="https://example.com/blog/about/team/">the team</a>, '
            '<a href="/blog/?page_id=2">us</a>.'
        ),
        page(2, "About us", "about", "/about/"),
        page(3, "The team", "team", "/about/team/", TEAM, parent=2),
    )
    about = front_matter(site / "content/about.md")
    assert about == {
        "title": "About us",
        "slug": "about",
        "url": "/about/",
        "author": "mara-ellis",
        "aliases": ["/?page_id=2"],
    }
    team = front_matter(site / "content/about-team.md")
    assert (team["url"], team["slug"], team["aliases"]) == ("/about/team/", "team", ["/?page_id=3"])
    assert "date" not in team
    assert body_of(site / "content/about-team.md") == (
        "We are **three**.\n\n"
        '<figure><img alt="The desk" src="https://example.com/blog/t.jpg"/>'
        "<figcaption>Our desk</figcaption></figure>"
    )
    post = body_of(site / "content/posts/2024/port-strike.md")
    assert post == "Meet [the team](../../about-team.md), [us](../../about.md)."
    report = (site / "import-report.txt").read_text("utf-8")
    assert "/?page_id=3 -> /about/team/" in report
    assert "is not imported" not in report

    build(site)
    built = (site / "output/about/team/index.html").read_text("utf-8")
    assert "We are <strong>three</strong>." in built
    linking = (site / "output/2024/03/04/port-strike/index.html").read_text("utf-8")
    assert "/blog/about/team/" in linking  # the blog lives under /blog/
    home = (site / "output/index.html").read_text("utf-8")
    feed = (site / "output/feed.xml").read_text("utf-8")
    assert "Port strike" in home and "The team" not in home and "About us" not in home
    assert "Port strike" in feed and "The team" not in feed and "About us" not in feed
    rules = (site / "output/_redirects").read_text("utf-8").splitlines()
    assert "/blog/ page_id=3 /blog/about/team/ 301" in rules


def test_draft_private_and_scheduled_pages_are_drafts_with_a_note(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            page(2, "Plans", "", "", status="draft"),
            page(3, "Staff only", "staff", "", status="private", parent=2),
            page(4, "Launch", "launch", "", status="future", date=LATER),
            page(5, "Old", "old", "/old/", status="trash"),
        ),
    )
    fronts = {str(a.front["title"]): a.front for a in site.articles}
    assert sorted(fronts) == ["Launch", "Plans", "Staff only"]
    assert (fronts["Plans"]["url"], fronts["Plans"]["draft"]) == ("/plans/", True)
    assert (fronts["Staff only"]["url"], fronts["Staff only"]["draft"]) == ("/plans/staff/", True)
    assert fronts["Launch"]["draft"] is True
    assert all("date" not in front for front in fronts.values())
    notes = "\n".join(notes_of(site))
    assert "private in WordPress (only its editors saw it): a draft here" in notes
    assert "a page scheduled for 2030-01-01 09:00:00 in WordPress: a draft here" in notes
    assert "'Old' is in the trash; not imported" in notes


def test_a_page_never_takes_an_address_of_sitegens_own_or_a_post_its_place(
    tmp_path: Path,
) -> None:
    site = import_site(
        tmp_path,
        item(1, "Contact post", name="contact", link=f"{BLOG}/contact/"),
        item(5, "Other post", name="other", link=f"{BLOG}/other/"),
        page(2, "Search help", "search", "/search/"),
        page(3, "Syntax", "syntax", "/search/syntax/", parent=2),
        page(4, "Contact", "contact", "/contact/"),
    )
    assert front_matter(site / "content/search-2.md")["url"] == "/search-2/"
    assert front_matter(site / "content/search-2-syntax.md")["url"] == "/search-2/syntax/"
    assert front_matter(site / "content/contact.md")["url"] == "/contact/"
    assert front_matter(site / "content/posts/2024/contact-2.md")["slug"] == "contact-2"
    report = (site / "import-report.txt").read_text("utf-8")
    assert "page address /search/ is in a folder of sitegen's own pages; this page is at" in report
    assert "slug 'contact' is the address of page 'Contact'" in report
    build(site)
    assert "Search help" in (site / "output/search-2/index.html").read_text("utf-8")
    assert "Contact" in (site / "output/contact/index.html").read_text("utf-8")


def test_plain_permalinks_give_pages_their_parents_path(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            page(2, "About", "about", ""),
            page(3, "Über uns", "", "", parent=2),
            page(4, "Welcome", "welcome", "/"),
        ),
    )
    urls = {a.front["title"]: (a.front["url"], a.path, a.old_urls) for a in site.articles}
    assert urls == {
        "About": ("/about/", "content/about.md", ("/?page_id=2",)),
        "Über uns": ("/about/uber-uns/", "content/about-uber-uns.md", ("/?page_id=3",)),
        "Welcome": ("/welcome/", "content/welcome.md", ("/?page_id=4",)),
    }
    assert (
        "page 'Welcome' was the site's front page (at /); sitegen's home page lists the "
        "articles, so this page is at /welcome/"
    ) in "\n".join(notes_of(site))
