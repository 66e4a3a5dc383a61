"""A post's front matter, the site's settings, old URLs, and what is not a post."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.importer.wxr_samples import (
    AUTHOR,
    attachment,
    item,
    meta,
    notes_of,
    only_article,
    read,
    wxr,
)


def test_site_settings_come_from_the_channel(tmp_path: Path) -> None:
    site = read(tmp_path, wxr(item()))
    assert site.config == {
        "title": "The Desk",
        "base_url": "https://example.com/blog/",
        "language": "de",
        "timezone": "Etc/GMT-1",
        "permalinks": {"article": "/{year}/{month}/{day}/{slug}/"},
        "authors": {"mara-ellis": {"name": "Mara Ellis"}},
    }
    assert any("tagline 'Analysis, daily' has no site.yaml key" in n for n in notes_of(site))


def test_authors_of_older_wordpress_com_exports_keep_their_names(tmp_path: Path) -> None:
    """Those exports call the channel's author element <wp:wp_author>."""
    old_style = AUTHOR.replace("<wp:author>", "<wp:wp_author>").replace(
        "</wp:author>", "</wp:wp_author>"
    )
    site = read(tmp_path, wxr(item(), channel=old_style))
    assert site.config["authors"] == {"mara-ellis": {"name": "Mara Ellis"}}


def test_post_fields_map_to_front_matter(tmp_path: Path) -> None:
    terms = (
        '<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>'
        '<category domain="category" nicename="economy"><![CDATA[Economy]]></category>'
        '<category domain="category" nicename="shipping">'
        "<![CDATA[Shipping &amp; Ports]]></category>"
        '<category domain="post_tag" nicename="grain"><![CDATA[grain]]></category>'
        '<category domain="post_format" nicename="post-format-aside"><![CDATA[Aside]]></category>'
    )
    site = read(
        tmp_path,
        wxr(
            item(
                excerpt="<p>Three <b>weeks</b> of idle cranes.</p>",
                modified_gmt="2024-03-05 08:00:00",
                extra=terms,
            )
        ),
    )
    article = only_article(site)
    assert article.path == "content/posts/2024/port-strike.md"
    front = dict(article.front)
    assert [str(d) for d in (front.pop("date"), front.pop("updated"))] == [
        "2024-03-04 10:30:00+01:00",
        "2024-03-05 09:00:00+01:00",
    ]
    assert front == {
        "title": "Port strike",
        "slug": "port-strike",
        "author": "mara-ellis",
        "section": "Economy",
        "tags": ["Shipping & Ports", "grain"],
        "summary": "Three weeks of idle cranes.",
        "format": "aside",
    }
    assert any("categories Shipping & Ports are tags now" in n for n in notes_of(site))


def test_statuses_become_drafts_future_dates_or_notes(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            item(1, "Draft", status="draft", name="", gmt="0000-00-00 00:00:00"),
            item(2, "Pending", status="pending", name="pending"),
            item(3, "Private", status="private", name="private"),
            item(
                4,
                "Later",
                status="future",
                name="later",
                date="2031-01-02 08:00:00",
                gmt="2031-01-02 07:00:00",
            ),
            item(5, "Binned", status="trash", name="binned"),
            item(6, "Auto", status="auto-draft", name=""),
            item(7, "Secret", name="secret", extra="").replace(
                "<wp:post_password><![CDATA[]]>", "<wp:post_password><![CDATA[hunter2]]>"
            ),
        ),
    )
    by_title = {a.front["title"]: a.front for a in site.articles}
    assert sorted(by_title) == ["Draft", "Later", "Pending", "Private", "Secret"]
    assert by_title["Draft"]["slug"] == "draft"
    assert str(by_title["Draft"]["date"]) == "2024-03-04 10:30:00+01:00"
    assert [t for t, f in by_title.items() if f.get("draft")] == [
        "Draft", "Pending", "Private", "Secret",
    ]  # fmt: skip
    assert by_title["Later"]["date"] == datetime.fromisoformat("2031-01-02T08:00:00+01:00")
    notes = "\n".join(notes_of(site))
    assert "'Binned' is in the trash; not imported" in notes
    assert "'Auto' is an automatic draft WordPress saved, never written; not imported" in notes
    assert "private in WordPress" in notes
    assert "password-protected in WordPress: a draft here" in notes
    assert "scheduled for 2031-01-02T08:00:00+01:00" in notes


def test_timezone_with_summer_time_is_found_and_odd_dates_keep_their_offset(
    tmp_path: Path,
) -> None:
    site = read(
        tmp_path,
        wxr(
            item(1, "Winter", name="winter", date="2023-01-10 12:00:00", gmt="2023-01-10 11:00:00"),
            item(2, "Summer", name="summer", date="2023-07-10 12:00:00", gmt="2023-07-10 10:00:00"),
            item(3, "Autumn", name="autumn", date="2023-10-10 12:00:00", gmt="2023-10-10 10:00:00"),
            item(4, "Odd", name="odd", date="2023-10-11 12:00:00", gmt="2023-10-11 12:00:00"),
        ),
    )
    assert site.config["timezone"] == "Europe/Berlin"
    dates = {a.front["title"]: str(a.front["date"]) for a in site.articles}
    assert dates == {
        "Winter": "2023-01-10 12:00:00+01:00",
        "Summer": "2023-07-10 12:00:00+02:00",
        "Autumn": "2023-10-10 12:00:00+02:00",
        "Odd": "2023-10-11 12:00:00+00:00",
    }
    assert any(
        "local date 2023-10-11 12:00:00 is UTC+00:00" in n and "Europe/Berlin" in n
        for n in notes_of(site)
    )


def test_featured_image_is_the_attachment_url_with_its_alt_text(tmp_path: Path) -> None:
    url = "https://example.com/blog/wp-content/uploads/2024/03/cranes.jpg"
    site = read(
        tmp_path,
        wxr(
            item(extra=meta("_thumbnail_id", "31")),
            item(13, "No alt", name="no-alt", extra=meta("_thumbnail_id", "32")),
            attachment(31, url, "cranes", alt="Idle cranes at dawn"),
            attachment(32, url, "Harbour at night"),
        ),
    )
    fronts = {a.front["title"]: a.front for a in site.articles}
    assert (fronts["Port strike"]["image"], fronts["Port strike"]["image_alt"]) == (
        url,
        "Idle cranes at dawn",
    )
    assert fronts["No alt"]["image_alt"] == "Harbour at night"
    notes = "\n".join(notes_of(site))
    assert f"featured image {url} has no alt text; its title 'Harbour at night' stands in" in notes
    assert f"featured image stays at its old address {url}" in notes


def test_title_markup_is_taken_off_with_a_note(tmp_path: Path) -> None:
    site = read(
        tmp_path, wxr(item(title="Title <em>With</em> <b>Mark<sup>up</sup></b> &amp; more"))
    )
    assert only_article(site).front["title"] == "Title With Markup & more"
    assert any("title markup removed" in n for n in notes_of(site))


def test_a_title_naming_a_tag_keeps_it_as_text(tmp_path: Path) -> None:
    """Old exporters wrote titles entity-escaped without CDATA: the "tag" is a word."""
    export = wxr(item(title="x")).replace(
        "<title><![CDATA[x]]></title>",
        "<title>Why &lt;table&gt; layouts are bad &amp; what &lt;em&gt;to&lt;/em&gt; use</title>",
    )
    site = read(tmp_path, export)
    assert only_article(site).front["title"] == "Why <table> layouts are bad & what to use"
    assert only_article(site).front["slug"] == "port-strike"
    line = export.splitlines().index("<item>") + 1
    assert [n for n in notes_of(site) if "title" in n] == [
        f"export.xml:{line}: title markup removed: 'Why <table> layouts are bad & what "
        "<em>to</em> use' is 'Why <table> layouts are bad & what to use'"
    ]


def test_empty_title_is_derived_and_comments_are_counted(tmp_path: Path) -> None:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_approved>{approved}</wp:comment_approved></wp:comment>"
        for n, approved in ((1, "1"), (2, "1"), (3, "0"))
    )
    content = "Cranes stood idle today in the port of Antwerp again."
    site = read(tmp_path, wxr(item(title="", name="", content=content, extra=comments)))
    article = only_article(site)
    assert article.front["title"] == "Cranes stood idle today in the port of…"
    assert article.front["slug"] == "cranes-stood-idle-today-in-the-port-of"
    notes = "\n".join(notes_of(site))
    assert "post has no title; it is titled" in notes
    assert "2 comments not imported" in notes


def test_old_urls_are_the_permalink_the_id_and_former_slugs(tmp_path: Path) -> None:
    site = read(tmp_path, wxr(item(extra=meta("_wp_old_slug", "dock-strike"))))
    assert only_article(site).old_urls == (
        "/2024/03/04/port-strike/",
        "/2024/03/04/dock-strike/",
        "/?p=12",
    )


def test_a_post_renamed_twice_answers_at_both_former_slugs(tmp_path: Path) -> None:
    """WordPress keeps one _wp_old_slug row per former slug, and redirects each."""
    rows = meta("_wp_old_slug", "dock-strike") + meta("_wp_old_slug", "harbour-strike")
    site = read(tmp_path, wxr(item(extra=rows)))
    assert only_article(site).old_urls == (
        "/2024/03/04/port-strike/",
        "/2024/03/04/dock-strike/",
        "/2024/03/04/harbour-strike/",
        "/?p=12",
    )


def test_the_most_common_link_form_becomes_the_permalink_pattern(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            item(1, "A", name="a", link="https://example.com/blog/2024/03/a/"),
            item(2, "B", name="b", link="https://www.example.com/blog/2024/03/b/"),
            item(3, "C", name="c", link="https://example.com/blog/?p=3"),
        ),
    )
    assert site.config["permalinks"] == {"article": "/{year}/{month}/{slug}/"}
    assert any("the form of 2 of 3 published posts' links" in n for n in notes_of(site))


def test_slugs_stay_unique_and_clear_of_sitegens_own_pages(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            item(1, "Tags", name="tags", link="https://example.com/blog/tags/"),
            item(2, "One", name="same", link="https://example.com/blog/same/"),
            item(
                3,
                "Two",
                name="same",
                link="https://example.com/blog/same-two/",
                date="2024-03-05 10:30:00",
                gmt="2024-03-05 09:30:00",
            ),
        ),
    )
    slugs = {a.front["title"]: a.front["slug"] for a in site.articles}
    assert slugs == {"Tags": "tags-2", "One": "same", "Two": "same-2"}
    notes = "\n".join(notes_of(site))
    assert "slug 'tags' would put the article at /tags/, a page of sitegen's own" in notes
    assert "slug 'same' is also the slug of 'One'" in notes


def test_menus_attachments_and_other_items_are_reported(tmp_path: Path) -> None:
    site = read(
        tmp_path,
        wxr(
            item(),
            item(
                3,
                "",
                name="3",
                post_type="nav_menu_item",
                link="https://example.com/blog/?p=3",
                extra='<category domain="nav_menu" nicename="main"><![CDATA[Main]]></category>'
                + meta("_menu_item_url", "https://example.com/blog/about/"),
            ),
            attachment(4, "https://example.com/blog/wp-content/uploads/x.pdf", "Report"),
            item(
                5,
                "Product",
                name="product",
                post_type="product",
                link="https://example.com/blog/product/",
            ),
        ),
    )
    assert [a.front["title"] for a in site.articles] == ["Port strike"]
    notes = "\n".join(notes_of(site))
    assert "navigation item 3 (menu Main, links to https://example.com/blog/about/)" in notes
    assert "attachment 'Report' is a file the export does not hold; it stays at https://" in notes
    assert (
        "product item 'Product' (/product/, /?p=5) is not imported: sitegen makes articles" in notes
    )


def test_reusable_blocks_are_inlined_where_posts_use_them(tmp_path: Path) -> None:
    block = "<!-- wp:paragraph -->\n<p>Subscribe to the newsletter.</p>\n<!-- /wp:paragraph -->"
    site = read(
        tmp_path,
        wxr(
            item(
                content="<!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->\n"
                '<!-- wp:block {"ref":77} /-->'
            ),
            item(77, "Newsletter", block, name="newsletter", post_type="wp_block"),
        ),
    )
    assert only_article(site).body == "Text\n\nSubscribe to the newsletter.\n"


def test_wxr_1_0_categories_and_tags_are_read_once(tmp_path: Path) -> None:
    terms = (
        "<category><![CDATA[Economy]]></category>"
        '<category domain="category" nicename="economy"><![CDATA[Economy]]></category>'
        '<category domain="tag" nicename="grain"><![CDATA[grain]]></category>'
        "<category><![CDATA[Old only]]></category>"
    )
    site = read(tmp_path, wxr(item(extra=terms), version="1.0"))
    front = only_article(site).front
    assert (front["section"], front["tags"]) == ("Economy", ["Old only", "grain"])


def test_control_characters_in_the_export_are_taken_out_with_a_note(tmp_path: Path) -> None:
    site = read(tmp_path, wxr(item(content="Pasted\x0b from\x1b a word processor.")))
    assert only_article(site).body == "Pasted from a word processor.\n"
    assert "export.xml:1: 2 control characters (invalid in XML" in "\n".join(notes_of(site))


def test_a_draft_never_published_is_imported_undated_with_its_text(tmp_path: Path) -> None:
    """Every never-published draft has WordPress's 0000-00-00 date, and no last change
    in some exports: its text must not be lost for want of a date."""
    undated = item(
        5,
        "Island Hopping",
        "Well I've been putting this off.",
        status="draft",
        name="",
        date="0000-00-00 00:00:00",
        gmt="0000-00-00 00:00:00",
    )
    site = read(tmp_path, wxr(undated))
    article = only_article(site)
    assert article.front["draft"] is True
    assert "date" not in article.front
    assert article.body.strip() == "Well I've been putting this off."
    assert article.path == "content/posts/undated/island-hopping.md"
    assert any("an undated draft here" in n for n in notes_of(site))


def test_hierarchical_category_links_each_keep_their_own_address(tmp_path: Path) -> None:
    """/%category%/%postname%/ with subcategories gives /tech/python/a/ and
    /life/travel/c/: the pattern read from the first must not move the second to
    /tech/travel/c/, an address it never had."""
    python = '<category domain="category" nicename="python"><![CDATA[Python]]></category>'
    travel = '<category domain="category" nicename="travel"><![CDATA[Travel]]></category>'
    site = read(
        tmp_path,
        wxr(
            item(1, "A", name="a", link="https://example.com/blog/tech/python/a/", extra=python),
            item(2, "B", name="b", link="https://example.com/blog/tech/python/b/", extra=python),
            item(3, "C", name="c", link="https://example.com/blog/life/travel/c/", extra=travel),
        ),
    )
    assert site.config["permalinks"] == {"article": "/tech/{section}/{slug}/"}
    by_title = {a.front["title"]: a.front for a in site.articles}
    assert "url" not in by_title["A"]
    assert by_title["C"]["url"] == "/life/travel/c/"
    assert any(
        "its link /life/travel/c/ is not what permalinks.article gives it" in n
        for n in notes_of(site)
    )


CATEGORIES = """<wp:category><wp:term_id>3</wp:term_id>
<wp:category_nicename><![CDATA[news]]></wp:category_nicename>
<wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>17</wp:term_id>
<wp:category_nicename><![CDATA[static-sites]]></wp:category_nicename>
<wp:cat_name><![CDATA[Static Sites]]></wp:cat_name></wp:category>"""


def test_seo_plugins_give_the_summary_and_the_primary_category_the_section(
    tmp_path: Path,
) -> None:
    """HeadSpace2, The SEO Framework, SEOPress describe a post as Yoast does; Yoast and
    Rank Math's primary category is the one the site showed as the post's own."""
    terms = (
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="category" nicename="static-sites"><![CDATA[Static Sites]]></category>'
    )
    site = read(
        tmp_path,
        wxr(
            item(1, "A", name="a", extra=terms + meta("_yoast_wpseo_primary_category", "17")
                 + meta("_headspace_description", "Spot the bug.")),
            item(2, "B", name="b", extra=terms + meta("rank_math_primary_category", "3")
                 + meta("_genesis_description", "Framework words.")),
            item(3, "C", name="c", extra=meta("_seopress_titles_desc", "Press words.")),
            channel=AUTHOR + CATEGORIES,
        ),
    )  # fmt: skip
    by_title = {a.front["title"]: a.front for a in site.articles}
    assert (by_title["A"]["section"], by_title["A"]["tags"]) == ("Static Sites", ["News"])
    assert (by_title["B"]["section"], by_title["B"]["tags"]) == ("News", ["Static Sites"])
    assert [by_title[t]["summary"] for t in "ABC"] == [
        "Spot the bug.", "Framework words.", "Press words.",
    ]  # fmt: skip
