"""Posts made with plugins and page builders: what their pages showed is kept."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importer.wxr_samples import attachment, item, meta, notes_of, only_article, read, wxr


def _elementor(*widgets: dict[str, object]) -> str:
    """Elementor's page data: one section, one column, these widgets."""
    column = {"id": "c", "elType": "column", "elements": [*widgets]}
    return json.dumps([{"id": "s", "elType": "section", "elements": [column]}])


def _widget(kind: str, **settings: object) -> dict[str, object]:
    return {"elType": "widget", "widgetType": kind, "settings": settings, "elements": []}


def test_an_elementor_post_with_an_empty_body_gets_its_widgets_in_order(
    tmp_path: Path,
) -> None:
    """Elementor keeps the page in _elementor_data: an empty body is not an empty page."""
    data = _elementor(
        _widget("heading", title="Welcome", header_size="h3"),
        _widget("text-editor", editor="<p>Text readers saw.</p>"),
        _widget("spacer"),
        _widget("image", image={"id": 20, "url": ""}),
        _widget("button", text="Sign up", link={"url": "https://example.com/join"}),
        _widget("testimonial", testimonial_content="Great"),
    )
    site = read(
        tmp_path,
        wxr(
            item(content="", extra=meta("_elementor_data", data)),
            attachment(20, "https://example.com/u/pic.jpg", "Pic", alt="A harbour"),
        ),
    )
    assert only_article(site).body == (
        "### Welcome\n\nText readers saw.\n\n"
        "![A harbour](https://example.com/u/pic.jpg)\n\n[Sign up](https://example.com/join)\n"
    )
    notes = notes_of(site)
    assert any("the content comes from Elementor's page data" in n for n in notes)
    assert any("Elementor widgets left out: testimonial" in n for n in notes)


def test_a_post_without_any_content_is_never_empty_without_a_note(tmp_path: Path) -> None:
    site = read(tmp_path, wxr(item(content="", extra=meta("_elementor_data", "[{broken"))))
    assert only_article(site).body.strip() == ""
    notes = notes_of(site)
    assert any("Elementor's page) is not readable JSON" in n for n in notes)
    assert any("the post has no content: the article is empty" in n for n in notes)


def test_page_builder_images_and_buttons_are_kept_and_the_layout_is_one_note(
    tmp_path: Path,
) -> None:
    """Divi and WPBakery store a post as nested shortcodes: what readers saw in them
    (text, images, buttons) stays, the layout is one note per builder."""
    content = (
        '[et_pb_section][et_pb_row][et_pb_column type="1_2"][et_pb_text]\n\n'
        "Changes since 4.6.\n\n[/et_pb_text][/et_pb_column][et_pb_column]"
        '[et_pb_image src="https://example.com/u/shot.png" alt="Screenshot" /]'
        '[et_pb_button button_url="https://example.com/get" button_text="Download"]'
        "[et_pb_post_title /]"
        '[et_pb_blurb title="Maps" image="https://example.com/u/map.png"]Dive sites.[/et_pb_blurb]'
        '[et_pb_video src="https://www.youtube.com/watch?v=x" /]'
        "[/et_pb_column][/et_pb_row][/et_pb_section]\n\n"
        '[vc_row][vc_column][vc_single_image image="20"][vc_single_image image="99"]'
        "[/vc_column][/vc_row]"
    )
    site = read(
        tmp_path,
        wxr(
            item(content=content),
            attachment(20, "https://example.com/u/pic.jpg", "Pic", alt="A harbour"),
        ),
    )
    body = only_article(site).body
    assert "Changes since 4.6." in body
    assert "![Screenshot](https://example.com/u/shot.png)" in body
    assert "[Download](https://example.com/get)" in body
    assert "![A harbour](https://example.com/u/pic.jpg)" in body
    notes = notes_of(site)
    divi = [n for n in notes if "et_pb_" in n]
    assert len(divi) == 1
    assert "built with Divi: its layout is not carried over" in divi[0]
    assert "![Maps](https://example.com/u/map.png)\n\nDive sites." in body
    assert "content of their own: [et_pb_post_title], [et_pb_video]" in divi[0]
    assert any("built with WPBakery" in n for n in notes)
    assert any("WPBakery image [vc_single_image] 99 is not in the export" in n for n in notes)
