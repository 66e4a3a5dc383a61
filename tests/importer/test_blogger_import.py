"""``sitegen import blogger``: a Blogger export (Takeout's feed.atom, the older
backup file, or Takeout's zip) becomes a site that builds, keeps every post's
``.html`` address as an alias, and carries labels, pages and images over."""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_sitegen
from tests.importer.conftest import build_imported, front_and_body

CLOCK = "1767225600"  # 2026-01-01T00:00:00Z
BLOG = "https://harbourdesk.blogspot.com"
IMAGE = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh-cranes/s320/cranes.jpg"
BIG = "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh-cranes/s1600/cranes.jpg"

STRIKE = (
    "The strike began on Monday.<br /><br />Dockworkers want a contract."
    "<a name='more'></a><br /><br />"
    f'<div class="separator" style="clear: both; text-align: center;"><a href="{BIG}" '
    f'imageanchor="1"><img border="0" src="{IMAGE}" width="320" height="240" '
    'alt="Cranes idle at the terminal" /></a></div>'
    '<table class="tr-caption-container" align="center"><tbody><tr><td>'
    '<a href="https://1.bp.blogspot.com/-abc/s1600/gate.jpg"><img '
    'src="https://1.bp.blogspot.com/-abc/s400/gate.jpg" /></a></td></tr>'
    '<tr><td class="tr-caption">The north gate at dawn</td></tr></tbody></table>'
    '<iframe width="320" height="266" src="https://www.youtube.com/embed/dQw4w9WgXcQ?start=90" '
    'frameborder="0" allowfullscreen></iframe>'
    f'<p>See <a href="{BLOG}/2024/04/shipping-rates.html">the rates</a>.</p>'
)


def takeout_entry(
    kind: str, status: str, title: str, html: str, filename: str, **extra: str
) -> str:
    labels = "".join(
        f'<category term="{label}"/>' for label in extra.get("labels", "").split(",") if label
    )
    return (
        f"<entry><id>tag:blogger.com,1999:blog-1.post-{abs(hash(title))}</id>"
        f"<blogger:type>{kind}</blogger:type><blogger:status>{status}</blogger:status>"
        f"<author><name>Mara Ortiz</name><uri>https://www.blogger.com/profile/1</uri></author>"
        f"<title>{escape(title)}</title><content type='html'>{escape(html)}</content>"
        f"<blogger:created>2024-03-01T09:00:00.000Z</blogger:created>"
        f"<published>{extra.get('published', '2024-03-01T10:00:00.000Z')}</published>"
        f"{labels}<blogger:filename>{filename}</blogger:filename></entry>\n"
    )


def takeout_feed() -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>\n"
        "<id>tag:blogger.com,1999:blog-1</id><title>Harbour Desk</title>\n"
        f"<link rel='alternate' type='text/html' href='{BLOG}/'/>\n"
        + takeout_entry(
            "POST", "LIVE", "The port strike, explained", STRIKE,
            "/2024/03/port-strike-explained.html", labels="Shipping,Labour",
        )
        + takeout_entry(
            "POST", "LIVE", "Shipping rates in 2024", "<p>Rates doubled.</p>",
            "/2024/04/shipping-rates.html", published="2024-04-02T08:00:00.000Z",
        )
        + takeout_entry("POST", "DRAFT", "Half a thought", "<p>Not yet.</p>", "")
        + takeout_entry("POST", "SOFT_TRASHED", "Old news", "<p>Gone.</p>", "/2023/01/old.html")
        + takeout_entry("PAGE", "LIVE", "About us", "<p>We cover ports.</p>", "/p/about.html")
        + takeout_entry("COMMENT", "LIVE", "Great piece", "<p>Thanks!</p>", "")
        + "</feed>\n"
    )  # fmt: skip


def classic_feed() -> str:
    """The older "Back up content" export: kinds as categories, drafts in app:control."""
    kind = "<category scheme='http://schemas.google.com/g/2005#kind' term='http://schemas.google.com/blogger/2008/kind#{}'/>"
    label = "<category scheme='http://www.blogger.com/atom/ns#' term='{}'/>"
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:app='http://purl.org/atom/app#' "
        "xmlns:thr='http://purl.org/syndication/thread/1.0'>\n"
        "<title type='text'>Harbour Desk</title>\n"
        f"<link rel='alternate' type='text/html' href='{BLOG}/'/>\n"
        f"<entry><published>2012-05-04T10:00:00.000-07:00</published>{kind.format('post')}"
        f"{label.format('Ports')}<title type='text'>A classic post</title>"
        "<content type='html'>&lt;p&gt;Old words.&lt;/p&gt;</content>"
        f"<link rel='alternate' type='text/html' href='{BLOG}/2012/05/classic-post.html'/>"
        "<author><name>Mara Ortiz</name></author></entry>\n"
        f"<entry><published>2012-06-01T10:00:00.000-07:00</published>{kind.format('post')}"
        "<app:control><app:draft>yes</app:draft></app:control>"
        "<title type='text'>Unfinished</title><content type='html'>x</content></entry>\n"
        f"<entry><published>2012-05-05T10:00:00.000-07:00</published>{kind.format('comment')}"
        "<thr:in-reply-to ref='x'/><title type='text'>Nice</title>"
        "<content type='html'>Nice</content></entry>\n"
        f"<entry>{kind.format('settings')}<title type='text'>BLOG_NAME</title>"
        "<content type='html'>Harbour Desk</content></entry>\n"
        "</feed>\n"
    )


def import_blogger(tmp_path: Path, source: Path) -> Path:
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        result = run_sitegen("import", "blogger", str(source), str(dest))
    assert result.code == 0, result.err
    return dest


@pytest.mark.parametrize("packed", ["feed", "takeout-zip"])
def test_posts_keep_their_address_labels_and_author(tmp_path: Path, packed: str) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(takeout_feed(), encoding="utf-8")
    source = feed
    if packed == "takeout-zip":
        source = tmp_path / "takeout.zip"
        with zipfile.ZipFile(source, "w") as archive:
            archive.write(feed, "Takeout/Blogger/Blogs/Harbour Desk/feed.atom")
    site = import_blogger(tmp_path, source)
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Harbour Desk"
    assert config["base_url"] == "https://harbourdesk.blogspot.com/"
    assert config["permalinks"] == {"article": "/{year}/{month}/{slug}/"}
    assert config["authors"] == {"mara-ortiz": {"name": "Mara Ortiz"}}
    front, _ = front_and_body(site / "content/posts/2024/port-strike-explained.md")
    assert front["tags"] == ["Shipping", "Labour"] and front["author"] == "mara-ortiz"
    assert front["date"].isoformat() == "2024-03-01T10:00:00+00:00"
    draft, _ = front_and_body(site / "content/posts/2024/half-a-thought.md")
    assert draft["draft"] is True and "date" not in draft
    assert not (site / "content/posts/2023").exists()  # the trashed post
    report = (site / "import-report.txt").read_text()
    assert "'Old news' was in the trash: not imported" in report
    assert "1 comments not imported" in report
    build_imported(site)
    output = site / "output"
    assert (output / "2024/03/port-strike-explained/index.html").is_file()
    old = output / "2024/03/port-strike-explained.html"
    assert "/2024/03/port-strike-explained/" in old.read_text()  # the old address redirects
    assert "We cover ports." in (output / "p/about/index.html").read_text()
    assert "About us" not in (output / "feed.xml").read_text()


def test_blogger_layout_becomes_sitegens(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(takeout_feed(), encoding="utf-8")
    site = import_blogger(tmp_path, feed)
    _, body = front_and_body(site / "content/posts/2024/port-strike-explained.md")
    # lines broken twice are paragraphs, as Blogger showed them
    assert "The strike began on Monday.\n\nDockworkers want a contract." in body
    assert "\n<!--more-->\n" in body
    assert f'{{{{< figure src="{BIG}" alt="Cranes idle at the terminal" >}}}}' in body
    assert (
        '{{< figure src="https://1.bp.blogspot.com/-abc/s1600/gate.jpg" '
        'caption="The north gate at dawn" >}}'
    ) in body
    assert '{{< youtube id="dQw4w9WgXcQ" start="90" >}}' in body
    assert "See [the rates](shipping-rates.md)." in body
    build_imported(site)
    html = (site / "output/2024/03/port-strike-explained/index.html").read_text()
    assert "The north gate at dawn" in html and "/2024/04/shipping-rates/" in html
    listing = (site / "output/index.html").read_text()
    assert "Dockworkers want a contract" in listing and "Cranes idle" not in listing


def test_the_older_backup_file_is_read_too(tmp_path: Path) -> None:
    feed = tmp_path / "blog-05-04-2012.xml"
    feed.write_text(classic_feed(), encoding="utf-8")
    site = import_blogger(tmp_path, feed)
    front, body = front_and_body(site / "content/posts/2012/classic-post.md")
    assert front["tags"] == ["Ports"] and "Old words." in body
    assert front["date"].isoformat() == "2012-05-04T10:00:00-07:00"
    unfinished, _ = front_and_body(site / "content/posts/2012/unfinished.md")
    assert unfinished["draft"] is True
    assert not list((site / "content").rglob("nice*.md"))  # the comment
    build_imported(site)
    assert (site / "output/2012/05/classic-post/index.html").is_file()
    assert (site / "output/2012/05/classic-post.html").is_file()


def test_a_file_that_is_not_a_blogger_export_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    broken = tmp_path / "feed.atom"
    broken.write_text("<feed><entry>\n<title>unclosed</feed>", encoding="utf-8")
    result = run_sitegen("import", "blogger", str(broken), str(dest))
    assert result.code == 1 and "feed.atom:2: not XML" in result.err
    other = tmp_path / "rss.xml"
    other.write_text("<rss><channel></channel></rss>", encoding="utf-8")
    result = run_sitegen("import", "blogger", str(other), str(dest))
    assert result.code == 1 and "rss.xml:1: not a Blogger export" in result.err
    assert not dest.exists() and "Traceback" not in result.err


def test_takeout_with_two_blogs_names_both_rather_than_import_one(tmp_path: Path) -> None:
    source = tmp_path / "takeout.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("Takeout/Blogger/Blogs/Harbour Desk/feed.atom", takeout_feed())
        archive.writestr("Takeout/Blogger/Blogs/Harbour Desk/theme-layouts.xml", "<theme/>")
        archive.writestr("Takeout/Blogger/Blogs/Rail Desk/feed.atom", takeout_feed())
    dest = tmp_path / "site"
    result = run_sitegen("import", "blogger", str(source), str(dest))
    assert result.code == 1 and "Traceback" not in result.err and not dest.exists()
    assert f"{source}:1: holds 2 Blogger exports (" in result.err
    assert "Harbour Desk/feed.atom" in result.err and "Rail Desk/feed.atom" in result.err
    one = import_blogger(tmp_path, _unpacked(tmp_path, "Rail Desk"))
    assert (one / "content/posts/2024/port-strike-explained.md").is_file()


def _unpacked(tmp_path: Path, blog: str) -> Path:
    """One blog's Takeout folder, its feed beside its theme."""
    folder = tmp_path / "Takeout" / "Blogger" / "Blogs" / blog
    folder.mkdir(parents=True)
    (folder / "feed.atom").write_text(takeout_feed(), encoding="utf-8")
    (folder / "theme-layouts.xml").write_text("<theme/>", encoding="utf-8")
    return folder
