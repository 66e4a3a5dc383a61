"""``sitegen import substack``: a Substack export (zip or folder) becomes a site
that builds, keeps every post at ``/p/SLUG/``, turns Substack's blocks into
sitegen's, and publishes nothing meant for subscribers."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_sitegen
from tests.importer.conftest import build_imported, front_and_body

CLOCK = "1767225600"  # 2026-01-01T00:00:00Z
HOST = "https://portwatch.substack.com"

POSTS_CSV = (
    "post_id,post_date,is_published,email_sent_at,inbox_sent_at,type,audience,title,"
    "subtitle,podcast_url\n"
    "101.port-strike-explained,2024-03-01T10:00:00.000Z,true,2024-03-01T10:00:00.000Z,,"
    'newsletter,everyone,"The port strike, explained",What the dockworkers want,\n'
    "102.paid-deep-dive,2024-04-01T08:00:00.000Z,true,,,newsletter,only_paid,Paid deep dive,,\n"
    "103.rough-idea,,false,,,newsletter,everyone,Rough idea,,\n"
    "104.episode-one,2024-05-01T00:00:00.000Z,true,,,podcast,everyone,Episode one,"
    '"Our first show, with a guest",https://example.com/audio/ep1.mp3\n'
    "105.about,2024-01-01T00:00:00.000Z,true,,,page,everyone,About this newsletter,,\n"
    "106.ask-us,2024-06-01T00:00:00.000Z,true,,,thread,everyone,Ask us anything,,\n"
)

IMAGE = (
    '<div class="captioned-image-container"><figure><a class="image-link image2" '
    'href="https://substackcdn.com/image/fetch/f_auto,q_auto:good/https%3A%2F%2F'
    'substack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fcranes_1024x768.jpeg">'
    '<div class="image2-inset"><picture><img src="https://substackcdn.com/image/fetch/'
    "w_1456,c_limit,f_auto,q_auto:good/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com"
    '%2Fpublic%2Fimages%2Fcranes_1024x768.jpeg" alt="Cranes idle at the terminal">'
    '</picture></div></a><figcaption class="image-caption">Photo: '
    '<a href="https://example.org/photos">Port Authority</a></figcaption></figure></div>'
)
SIGNUP = (
    '<div class="subscription-widget-wrap-editor" data-component-name="SubscribeWidgetToDOM">'
    '<div class="subscription-widget"><p class="cta-caption">Thanks for reading!</p>'
    '<form><input type="email" name="email"><input type="submit" value="Subscribe"></form>'
    "</div></div>"
)
VIDEO = (
    '<div id="youtube2-dQw4w9WgXcQ" class="youtube-wrap" data-attrs="{&quot;videoId&quot;:'
    '&quot;dQw4w9WgXcQ&quot;,&quot;startTime&quot;:90,&quot;endTime&quot;:null}">'
    '<div class="youtube-inner"><iframe src="https://www.youtube-nocookie.com/embed/'
    'dQw4w9WgXcQ?rel=0&amp;start=90"></iframe></div></div>'
)
TWEET = (
    '<div class="tweet" data-attrs="{&quot;url&quot;:&quot;https://twitter.com/portwatch/'
    'status/1234567890123&quot;,&quot;username&quot;:&quot;portwatch&quot;}">'
    '<a class="tweet-link-top" href="https://twitter.com/portwatch/status/1234567890123">'
    "Port Watch</a></div>"
)
BUTTONS = (
    f'<p class="button-wrapper"><a class="button primary" href="{HOST}/p/port-strike-explained'
    '?utm_source=substack&amp;action=share"><span>Share</span></a></p>'
    '<p class="button-wrapper"><a class="button primary" href="https://example.org/report.pdf">'
    "<span>Read the full report</span></a></p>"
)
EMBEDDED = (
    '<div class="embedded-post-wrap" data-attrs="{&quot;url&quot;:&quot;https://other.'
    "substack.com/p/shipping-rates&quot;,&quot;title&quot;:&quot;Shipping rates in 2024&quot;,"
    '&quot;truncated_body_text&quot;:&quot;Rates doubled.&quot;}"><div>…</div></div>'
)
FORMULA = (
    '<div class="latex-rendered" data-attrs="{&quot;persistentExpression&quot;:'
    '&quot;E = mc^2&quot;}"></div>'
)
POLL = '<div class="poll-embed" data-attrs="{&quot;id&quot;:9}"></div>'
FOOTNOTE = (
    '<div class="footnote"><a id="footnote-1" href="#footnote-anchor-1" '
    'class="footnote-number">1</a><div class="footnote-content"><p>Local time, at the '
    '<a href="https://example.org/gate">north gate</a>.</p><p>A second paragraph.</p>'
    "</div></div>"
)
EXPLAINER = (
    "<p>The strike began on Monday"
    '<a class="footnote-anchor" id="footnote-anchor-1" href="#footnote-1">1</a>. '
    f'Listen to <a href="{HOST}/p/episode-one">our podcast</a> too.</p>\n'
    f"{IMAGE}\n{SIGNUP}\n<h2>What they want</h2>\n"
    '<div class="pullquote"><p>We are not going back without a contract.</p></div>\n'
    f"{VIDEO}\n{TWEET}\n{BUTTONS}\n{EMBEDDED}\n{FORMULA}\n{POLL}\n{FOOTNOTE}\n"
)
HTML = {
    "101.port-strike-explained": EXPLAINER,
    "102.paid-deep-dive": '<p>Free part.</p><div class="paywall-jump"></div><p>Paid part.</p>',
    "103.rough-idea": "<p>Half a thought.</p>",
    "104.episode-one": (
        f'<p>Notes on <a href="{HOST}/p/port-strike-explained#footnote-1">the strike</a>.</p>'
    ),
    "105.about": "<p>We cover ports.</p>",
    "106.ask-us": "<p>Ask away.</p>",
}


def write_export(
    tmp_path: Path, files: Mapping[str, str] | None = None, zipped: bool = True
) -> Path:
    """A Substack export as Substack gives it (a zip) or unpacked (a folder)."""
    contents = dict(files) if files is not None else _export_files()
    if zipped:
        path = tmp_path / "portwatch-export.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in contents.items():
                archive.writestr(name, text)
        return path
    folder = tmp_path / "export"
    for name, text in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _export_files() -> dict[str, str]:
    files = {"posts.csv": POSTS_CSV, "email_list.portwatch.csv": "email\nreader@example.org\n"}
    files.update((f"posts/{id_}.html", html) for id_, html in HTML.items())
    return files


def import_substack(tmp_path: Path, source: Path) -> Path:
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        result = run_sitegen("import", "substack", str(source), str(dest))
    assert result.code == 0, result.err
    return dest


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "folder"])
def test_posts_keep_their_address_and_the_site_builds(tmp_path: Path, zipped: bool) -> None:
    site = import_substack(tmp_path, write_export(tmp_path, zipped=zipped))
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["permalinks"] == {"article": "/p/{slug}/"}
    assert config["base_url"] == "https://portwatch.substack.com/"
    front, _ = front_and_body(site / "content/posts/2024/port-strike-explained.md")
    assert front["title"] == "The port strike, explained"
    assert front["summary"] == "What the dockworkers want"
    assert front["date"].isoformat() == "2024-03-01T10:00:00+00:00"
    assert "draft" not in front
    build_imported(site)
    output = site / "output"
    assert (output / "p/port-strike-explained/index.html").is_file()
    assert (output / "p/episode-one/index.html").is_file()
    # the page is built at its old address and listed nowhere
    about = output / "p/about/index.html"
    assert "We cover ports." in about.read_text()
    assert "About this newsletter" not in (output / "feed.xml").read_text()
    # no subscriber's address is read, let alone written
    assert "reader@example.org" not in "".join(
        p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()
    )


def test_substack_blocks_become_sitegens(tmp_path: Path) -> None:
    site = import_substack(tmp_path, write_export(tmp_path))
    _, body = front_and_body(site / "content/posts/2024/port-strike-explained.md")
    assert (
        '{{< figure src="https://substack-post-media.s3.amazonaws.com/public/images/'
        'cranes_1024x768.jpeg" alt="Cranes idle at the terminal" '
        'caption="Photo: [Port Authority](https://example.org/photos)" >}}'
    ) in body
    assert '{{< youtube id="dQw4w9WgXcQ" start="90" >}}' in body
    assert '{{< x user="portwatch" id="1234567890123" >}}' in body
    assert "> We are not going back without a contract." in body
    assert "[Read the full report](https://example.org/report.pdf)" in body
    assert "Share" not in body and "Subscribe" not in body and "Thanks for reading" not in body
    assert "[**Shipping rates in 2024**](https://other.substack.com/p/shipping-rates)" in body
    assert "$$\nE = mc^2\n$$" in body
    assert "The strike began on Monday[^1]." in body
    assert "[^1]: Local time, at the [north gate](https://example.org/gate).\n\n    A second" in (
        body
    )
    assert "SITEGENCALL" not in body
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["markdown"] == {"math": True}  # the formula is set, not shown as TeX
    report = (site / "import-report.txt").read_text()
    origin = "posts/101.port-strike-explained.html"
    assert f"{origin}:3: dropped a sign-up form: it needs Substack" in report
    assert f"{origin}:8: dropped the button 'Share': it needs Substack" in report
    assert f"{origin}:11: dropped a poll: it needs Substack" in report
    build_imported(site)
    page = (site / "output/p/port-strike-explained/index.html").read_text()
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s"' in page or (
        "watch?v=dQw4w9WgXcQ&t=90s" in page
    )
    assert "<math" in page and "footnote-item" in page
    assert "Cranes idle at the terminal" in page


def test_links_between_posts_follow_the_post(tmp_path: Path) -> None:
    site = import_substack(tmp_path, write_export(tmp_path))
    _, explainer = front_and_body(site / "content/posts/2024/port-strike-explained.md")
    assert "Listen to [our podcast](episode-one.md) too." in explainer
    _, episode = front_and_body(site / "content/posts/2024/episode-one.md")
    assert "[the strike](port-strike-explained.md#fn:1)" in episode  # sitegen's footnote id
    assert episode.lstrip().startswith(
        '<audio controls src="https://example.com/audio/ep1.mp3"></audio>'
    )
    build_imported(site)
    page = (site / "output/p/episode-one/index.html").read_text()
    assert "/p/port-strike-explained/#fn:1" in page
    assert "https://example.com/audio/ep1.mp3" in page


def test_nothing_meant_for_subscribers_is_published(tmp_path: Path) -> None:
    site = import_substack(tmp_path, write_export(tmp_path))
    paid, _ = front_and_body(site / "content/posts/2024/paid-deep-dive.md")
    rough, _ = front_and_body(site / "content/posts/undated/rough-idea.md")
    thread, _ = front_and_body(site / "content/posts/2024/ask-us.md")
    assert paid["draft"] is True and rough["draft"] is True and thread["draft"] is True
    assert "date" not in rough
    report = (site / "import-report.txt").read_text()
    assert "posts.csv:3: for paying subscribers only on Substack: a draft here" in report
    assert "posts.csv:4: a draft never published, so undated" in report
    assert "posts.csv:7: a discussion thread" in report
    build_imported(site)
    output = site / "output"
    assert not (output / "p/paid-deep-dive").exists()
    assert not (output / "p/rough-idea").exists()
    assert "Paid part" not in (output / "feed.xml").read_text()


def test_an_archive_that_is_not_a_substack_export_is_refused(tmp_path: Path) -> None:
    source = write_export(tmp_path, {"notes/readme.txt": "hello"})
    dest = tmp_path / "site"
    result = run_sitegen("import", "substack", str(source), str(dest))
    assert result.code == 1
    assert f"{source}:1: not a Substack export (no posts.csv)" in result.err
    assert not dest.exists()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip at all")
    result = run_sitegen("import", "substack", str(broken), str(dest))
    assert result.code == 1 and f"{broken}: cannot read it" in result.err
    assert "Traceback" not in result.err and not dest.exists()
    other = write_export(tmp_path / "other", {"posts.csv": "id,title\n1,A\n"}, zipped=False)
    result = run_sitegen("import", "substack", str(other), str(dest))
    assert result.code == 1 and "posts.csv:1: not the posts list" in result.err
