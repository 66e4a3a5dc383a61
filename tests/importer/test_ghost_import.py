"""``sitegen import ghost``: a Ghost export becomes a site that builds, keeps every
post's address, turns Ghost's cards into sitegen's, and publishes nothing meant
for members."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import run_sitegen
from tests.importer.conftest import build_imported, front_and_body

CLOCK = "1767225600"  # 2026-01-01T00:00:00Z

IMAGE_CARD = (
    '<figure class="kg-card kg-image-card kg-card-hascaption">'
    '<img src="__GHOST_URL__/content/images/2024/03/harbour.png" class="kg-image" '
    'alt="Cranes over the harbour" loading="lazy" width="8" height="8">'
    '<figcaption>Photo: <a href="https://example.org/">Port authority</a></figcaption></figure>'
)
CALLOUT = (
    '<div class="kg-card kg-callout-card kg-callout-card-blue">'
    '<div class="kg-callout-emoji">💡</div>'
    '<div class="kg-callout-text">Ports handle <b>80%</b> of trade.</div></div>'
)
BOOKMARK = (
    '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" '
    'href="https://example.org/report"><div class="kg-bookmark-content">'
    '<div class="kg-bookmark-title">The annual port report</div>'
    '<div class="kg-bookmark-description">Figures for 2024.</div></div></a></figure>'
)
TOGGLE = (
    '<div class="kg-card kg-toggle-card" data-kg-toggle-state="close">'
    '<div class="kg-toggle-heading"><h4 class="kg-toggle-heading-text">Who pays?</h4>'
    '<button class="kg-toggle-card-icon"></button></div>'
    '<div class="kg-toggle-content"><p>The shippers, mostly.</p></div></div>'
)
EMBED = (
    '<figure class="kg-card kg-embed-card"><iframe width="200" height="113" '
    'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" frameborder="0" '
    "allowfullscreen></iframe></figure>"
)
SIGNUP = (
    '<div class="kg-card kg-signup-card"><h2 class="kg-signup-card-heading">Subscribe</h2>'
    '<form data-members-form="signup"><input type="email"><button>Go</button></form></div>'
)


def post(id_: str, slug: str, html: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": id_,
        "uuid": f"uuid-{id_}",
        "title": slug.replace("-", " ").title(),
        "slug": slug,
        "html": html,
        "feature_image": None,
        "featured": 0,
        "type": "post",
        "status": "published",
        "visibility": "public",
        "created_at": "2024-03-01T09:00:00.000Z",
        "updated_at": "2024-03-02T09:00:00.000Z",
        "published_at": "2024-03-01T10:30:00.000Z",
        "custom_excerpt": None,
        "canonical_url": None,
    }
    row.update(fields)
    return row


def export(
    posts: Sequence[Mapping[str, Any]],
    *,
    tags: Sequence[Mapping[str, Any]] = (),
    posts_tags: Sequence[Mapping[str, Any]] = (),
    meta: Sequence[Mapping[str, Any]] = (),
    members: int = 0,
) -> dict[str, Any]:
    users = [
        {
            "id": "u1",
            "name": "Ana Ruiz",
            "slug": "ana",
            "email": "ana@example.org",
            "bio": "Covers trade and ports.",
            "website": "https://ana.example.org",
            "profile_image": None,
        }
    ]
    data = {
        "posts": list(posts),
        "posts_meta": list(meta),
        "tags": list(tags),
        "posts_tags": list(posts_tags),
        "users": users,
        "posts_authors": [
            {"id": f"pa{p['id']}", "post_id": p["id"], "author_id": "u1", "sort_order": 0}
            for p in posts
        ],
        "settings": [
            {"key": "title", "value": "Harbour Desk"},
            {"key": "description", "value": "Trade, ports and shipping."},
            {"key": "timezone", "value": "Europe/Lisbon"},
            {"key": "locale", "value": "en"},
        ],
        "members": [{"id": f"m{n}", "email": f"m{n}@example.org"} for n in range(members)],
    }
    return {"db": [{"meta": {"exported_on": 1709290000000, "version": "5.80.0"}, "data": data}]}


def import_ghost(tmp_path: Path, value: Mapping[str, Any], images: bool = False) -> Path:
    source = tmp_path / "ghost"
    source.mkdir()
    (source / "harbour-desk.ghost.2024-03-05.json").write_text(json.dumps(value, indent=2))
    if images:
        folder = source / "content" / "images" / "2024" / "03"
        folder.mkdir(parents=True)
        (folder / "harbour.png").write_bytes(_PNG)
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        result = run_sitegen(
            "import",
            "ghost",
            str(
                source
                if images
                else source / next(p.name for p in source.iterdir() if p.suffix == ".json")
            ),
            str(dest),
        )
    assert result.code == 0, result.err
    return dest


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


_PNG = _png()


def test_posts_keep_their_address_author_section_tags_and_summary(tmp_path: Path) -> None:
    tags = [
        {"id": "t1", "name": "Ports", "slug": "ports", "visibility": "public"},
        {"id": "t2", "name": "Trade Policy", "slug": "trade-policy", "visibility": "public"},
        {"id": "t3", "name": "#newsletter", "slug": "hash-newsletter", "visibility": "internal"},
    ]
    links = [
        {"id": "x1", "post_id": "p1", "tag_id": "t1", "sort_order": 0},
        {"id": "x2", "post_id": "p1", "tag_id": "t2", "sort_order": 1},
        {"id": "x3", "post_id": "p1", "tag_id": "t3", "sort_order": 2},
    ]
    site = import_ghost(
        tmp_path,
        export(
            [post("p1", "harbour-fees", "<p>Fees rose.</p>", custom_excerpt="Why fees rose.")],
            tags=tags,
            posts_tags=links,
        ),
    )
    front, body = front_and_body(site / "content/posts/2024/harbour-fees.md")
    assert front["title"] == "Harbour Fees"
    assert str(front["date"]) == "2024-03-01 10:30:00+00:00"  # Lisbon in winter: UTC
    assert (front["author"], front["section"], front["tags"]) == ("ana", "Ports", ["Trade Policy"])
    assert front["summary"] == "Why fees rose."
    assert body.strip() == "Fees rose."
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Harbour Desk"
    assert config["timezone"] == "Europe/Lisbon"
    assert config["permalinks"] == {"article": "/{slug}/"}
    assert config["authors"]["ana"] == {
        "name": "Ana Ruiz",
        "bio": "Covers trade and ports.",
        "url": "https://ana.example.org",
    }
    assert "ana@example.org" not in (site / "site.yaml").read_text()
    report = (site / "import-report.txt").read_text()
    assert "internal tags left out (Ghost never showed them): #newsletter" in report
    assert "/tag/ports/ -> /tags/ports/" in report
    build_imported(site)
    page = (site / "output/harbour-fees/index.html").read_text()
    assert "Why fees rose." in page and "Fees rose." in page


def test_ghost_cards_become_sitegens_and_the_images_are_copied(tmp_path: Path) -> None:
    by_hand = (
        '<!--kg-card-begin: html--><iframe src="https://player.vimeo.com/video/76979871" '
        'width="640"></iframe><!--kg-card-end: html-->'
    )
    cards = [IMAGE_CARD, CALLOUT, BOOKMARK, TOGGLE, EMBED, SIGNUP, by_hand]
    html = "".join(["<p>Intro.</p>", *cards])
    site = import_ghost(tmp_path, export([post("p1", "cards", html)]), images=True)
    _, body = front_and_body(site / "content/posts/2024/cards.md")
    assert (
        '{{< figure src="../../images/2024/03/harbour.png" alt="Cranes over the harbour" '
        'caption="Photo: [Port authority](https://example.org/)" >}}'
    ) in body
    assert (
        '{{< callout type="note" >}}\n💡 Ports handle **80%** of trade.\n{{< /callout >}}' in body
    )
    assert "[**The annual port report**](https://example.org/report) — Figures for 2024." in body
    assert '{{< details summary="Who pays?" >}}\nThe shippers, mostly.\n{{< /details >}}' in body
    assert "{{< youtube dQw4w9WgXcQ >}}" in body
    assert "{{< vimeo 76979871 >}}" in body  # an embed an HTML card wrote by hand
    assert "Subscribe" not in body and "SITEGENCALL" not in body
    assert (site / "content/images/2024/03/harbour.png").read_bytes() == _PNG
    report = (site / "import-report.txt").read_text()
    assert "dropped a newsletter sign-up form (Ghost members)" in report
    build_imported(site)
    page = (site / "output/cards/index.html").read_text()
    assert "<figcaption>" in page and "Port authority" in page
    assert 'class="callout' in page and "<details" in page and "youtube" in page


def test_links_between_posts_follow_the_post_and_images_without_a_folder_are_noted(
    tmp_path: Path,
) -> None:
    first = post("p1", "first", '<p>See <a href="__GHOST_URL__/second/#data">the data</a>.</p>')
    second = post("p2", "second", IMAGE_CARD, published_at="2023-12-01T10:00:00.000Z")
    site = import_ghost(tmp_path, export([first, second]))
    _, body = front_and_body(site / "content/posts/2024/first.md")
    assert "[the data](../2023/second.md#data)" in body
    _, other = front_and_body(site / "content/posts/2023/second.md")
    assert 'src="/content/images/2024/03/harbour.png"' in other
    report = (site / "import-report.txt").read_text()
    assert (
        "1 uploaded image the posts show was not copied (no content/images folder beside "
        "the export)"
    ) in report


def test_nothing_meant_for_members_is_published_by_an_import(tmp_path: Path) -> None:
    posts = [
        post("p1", "for-members", "<p>Paid analysis.</p>", visibility="paid"),
        post("p2", "newsletter-only", "<p>Sent by mail.</p>", status="sent"),
        post("p3", "unfinished", "<p>Draft.</p>", status="draft", published_at=None),
        post("p4", "public", "<p>Open to all.</p>"),
    ]
    site = import_ghost(tmp_path, export(posts, members=3))
    for slug, year in (("for-members", 2024), ("newsletter-only", 2024), ("unfinished", 2024)):
        front, _ = front_and_body(site / f"content/posts/{year}/{slug}.md")
        assert front["draft"] is True, slug
    report = (site / "import-report.txt").read_text()
    assert "for paid readers only in Ghost: a draft here" in report
    assert "sent by e-mail only, never on the web: a draft here" in report
    assert "3 members and their subscriptions not imported" in report
    build_imported(site)
    assert (site / "output/public/index.html").exists()
    assert not (site / "output/for-members").exists()
    assert not (site / "output/newsletter-only").exists()


def test_a_slug_sitegen_uses_gets_another_and_the_old_address_is_an_alias(
    tmp_path: Path,
) -> None:
    site = import_ghost(tmp_path, export([post("p1", "tags", "<p>On tags.</p>")]))
    front, _ = front_and_body(site / "content/posts/2024/tags-2.md")
    assert front["slug"] == "tags-2"
    assert "/tags/" not in front.get("aliases", [])  # sitegen's own page stays its own
    report = (site / "import-report.txt").read_text()
    assert "slug 'tags' would put the article at /tags/" in report


def test_a_file_that_is_not_a_ghost_export_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "export.json"
    bad.write_text('{"posts": "no"}')
    result = run_sitegen("import", "ghost", str(bad), str(tmp_path / "site"))
    assert result.code == 1
    assert f"{bad}:1: not a Ghost export" in result.err
    for shape in ('{"db": []}', '{"db": {"data": 1}}', "[1, 2]", '{"db": [{"data": []}]}'):
        bad.write_text(shape)
        result = run_sitegen("import", "ghost", str(bad), str(tmp_path / "site"))
        assert (result.code, "Traceback" in result.err) == (1, False), shape
        assert f"{bad}:1: not a Ghost export" in result.err
    broken = tmp_path / "broken.json"
    broken.write_text('{"db": [\n  {"meta": }\n]}')
    result = run_sitegen("import", "ghost", str(broken), str(tmp_path / "site2"))
    assert result.code == 1
    assert f"{broken}:2: not JSON" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "site").exists() and not (tmp_path / "site2").exists()


def test_an_old_export_with_markdown_cards_and_page_flags_is_read(tmp_path: Path) -> None:
    """Ghost 1 kept a post as one markdown card and no HTML, and marked pages with a flag."""
    mobiledoc = json.dumps(
        {
            "version": "0.3.1",
            "cards": [["card-markdown", {"markdown": "Old *post* with [a link](/second/)."}]],
            "sections": [[10, 0]],
        }
    )
    first = post("p1", "first", None, mobiledoc=mobiledoc)
    first["mobiledoc"] = mobiledoc.replace(
        "[a link](/second/)", "[a link](/second/), [us](/about/)"
    )
    second = post("p2", "second", "<p>Second.</p>", image="/content/images/old.jpg")
    second.pop("feature_image")
    about = post("p3", "about", "<p>About us.</p>", page=True)
    about.pop("type")
    site = import_ghost(tmp_path, export([first, second, about]))
    _, body = front_and_body(site / "content/posts/2024/first.md")
    assert body.strip() == "Old *post* with [a link](second.md), [us](../../about.md)."
    front, _ = front_and_body(site / "content/posts/2024/second.md")
    assert front["image"] == "/content/images/old.jpg"
    assert not (site / "content/posts/2024/about.md").exists()
    front, body = front_and_body(site / "content/about.md")
    assert (front["title"], front["url"], body.strip()) == ("About", "/about/", "About us.")
    assert "date" not in front
    build_imported(site)
    assert "About us." in (site / "output/about/index.html").read_text()
    feed = (site / "output/feed.xml").read_text()
    assert "<id>http://localhost:8000/about/</id>" not in feed  # a page is listed nowhere
    assert "<id>http://localhost:8000/second/</id>" in feed


def test_a_feature_image_without_alt_text_is_described_and_the_post_still_builds(
    tmp_path: Path,
) -> None:
    """Ghost asked for no alt text before 4.x; sitegen leaves out an article whose
    image has none, so the caption (else the title) stands in, with a note."""
    posts = [
        post("p1", "with-caption", "<p>One.</p>", feature_image="https://example.org/a.jpg"),
        post("p2", "bare", "<p>Two.</p>", feature_image="https://example.org/b.jpg"),
    ]
    meta = [{"id": "m1", "post_id": "p1", "feature_image_caption": "<em>Dock 4</em> at dawn"}]
    site = import_ghost(tmp_path, export(posts, meta=meta))
    front, _ = front_and_body(site / "content/posts/2024/with-caption.md")
    assert (front["image_alt"], front["image_caption"]) == ("Dock 4 at dawn", "Dock 4 at dawn")
    front, _ = front_and_body(site / "content/posts/2024/bare.md")
    assert front["image_alt"] == "Bare"
    report = (site / "import-report.txt").read_text()
    assert "the feature image has no alt text: it is the post's title here" in report
    build_imported(site)
    assert (site / "output/with-caption/index.html").exists()
    assert (site / "output/bare/index.html").exists()


ROUTES = """\
routes:

collections:
  /news/:
    permalink: /news/{year}/{month}/{slug}/
    filter: primary_tag:news
  /:
    permalink: /{primary_tag}/{slug}/

taxonomies:
  tag: /topic/{slug}/
  author: /author/{slug}/
"""


def test_routes_yaml_gives_each_post_its_old_address(tmp_path: Path) -> None:
    """A newsroom that moved its posts with Ghost's routes keeps every address: the
    pattern most posts had is the new site's, the others' old addresses are aliases."""
    tags = [
        {"id": "t1", "name": "News", "slug": "news", "visibility": "public"},
        {"id": "t2", "name": "Opinion", "slug": "opinion", "visibility": "public"},
    ]
    links = [
        {"id": "x1", "post_id": "p1", "tag_id": "t1", "sort_order": 0},
        {"id": "x2", "post_id": "p2", "tag_id": "t1", "sort_order": 0},
        {"id": "x3", "post_id": "p3", "tag_id": "t2", "sort_order": 0},
    ]
    posts = [
        post("p1", "port-strike", '<p>See <a href="__GHOST_URL__/opinion/why/">why</a>.</p>'),
        post("p2", "port-deal", "<p>Deal.</p>", published_at="2024-02-10T10:00:00.000Z"),
        post("p3", "why", "<p>Because.</p>"),
    ]
    source = tmp_path / "ghost"
    (source / "content" / "settings").mkdir(parents=True)
    (source / "content" / "settings" / "routes.yaml").write_text(ROUTES)
    (source / "export.json").write_text(json.dumps(export(posts, tags=tags, posts_tags=links)))
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        result = run_sitegen("import", "ghost", str(source), str(dest))
    assert result.code == 0, result.err
    config = yaml.safe_load((dest / "site.yaml").read_text())
    assert config["permalinks"] == {"article": "/news/{year}/{month}/{slug}/"}
    _, body = front_and_body(dest / "content/posts/2024/port-strike.md")
    assert "[why](why.md)" in body  # the old address of another post is its file
    report = (dest / "import-report.txt").read_text()
    assert "/news/2024/03/port-strike/ -> /news/2024/03/port-strike/" in report
    assert "/opinion/why/ -> /news/2024/03/why/" in report
    assert "/topic/news/ -> /tags/news/" in report
    assert "routes.yaml gave posts 2 patterns" in report
    build_imported(dest)
    assert (dest / "output/news/2024/02/port-deal/index.html").exists()
    old = (dest / "output/opinion/why/index.html").read_text()
    assert "/news/2024/03/why/" in old  # the old address leads to the new one


@pytest.mark.parametrize(
    ("query", "selected"),
    [
        ("primary_tag:news", True),
        ("primary_tag:sport", False),
        ("tag:sport", True),
        ("tag:-sport", False),
        ("tag:[weather,sport]", True),
        ("tag:news+featured:true", False),
        ("tag:news+featured:false", True),
        ("featured:true,author:ana", True),
        ("primary_author:bo", False),
    ],
)
def test_a_routes_filter_selects_posts_as_ghost_does(query: str, selected: bool) -> None:
    from datetime import datetime

    from sitegen.importer.ghost.routes import Facts, matches

    story = Facts("p1", "a", datetime(2024, 3, 1), ("news", "sport"), ("ana", "bo"), False)
    assert matches(query, story) is selected


def test_a_playlist_embed_is_a_link_not_a_video(tmp_path: Path) -> None:
    """``embed/videoseries?list=…`` plays a playlist: no video ID to give a shortcode."""
    playlist = (
        '<figure class="kg-card kg-embed-card"><iframe '
        'src="https://www.youtube.com/embed/videoseries?list=PL123"></iframe></figure>'
    )
    site = import_ghost(tmp_path, export([post("p1", "list", playlist)]))
    _, body = front_and_body(site / "content/posts/2024/list.md")
    assert "{{<" not in body  # no youtube shortcode with "videoseries" as its ID
    assert "https://www.youtube.com/embed/videoseries?list=PL123" in body
