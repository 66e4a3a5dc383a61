"""Theme CSS and JS get content-hashed names; every reference follows; nothing stale remains."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from sitegen.output.fingerprint import fingerprint_assets, fingerprinted_name
from tests.conftest import Run, article

SITE = {
    "content/first.md": article("First", "2025-05-01", tags="[economy]"),
    "content/second.md": article("Second", "2025-05-02", tags="[economy]", summary="Fixed."),
}


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by its relative path."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def static_names(output: Path) -> list[str]:
    return sorted(p.name for p in (output / "static").iterdir())


def test_css_and_js_names_get_the_first_eight_hex_digits_of_their_sha256() -> None:
    assert fingerprinted_name("style.css", b"body{}") == "style.7c98040a.css"
    assert fingerprinted_name("js/app.min.js", b"") == "js/app.min.e3b0c442.js"


def test_only_css_and_js_are_hashed_and_other_files_keep_their_names(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_bytes(b"a{}")
    (tmp_path / "logo.svg").write_bytes(b"<svg/>")
    assets = fingerprint_assets(
        [(tmp_path / "logo.svg", "static/logo.svg"), (tmp_path / "a.css", "static/a.css")]
    )
    hashed = fingerprinted_name("a.css", b"a{}")
    assert dict(assets.names) == {"a.css": hashed}
    assert [(f.path, f.data) for f in assets.files] == [(f"static/{hashed}", b"a{}")]
    assert assets.copies == ((tmp_path / "logo.svg", "static/logo.svg"),)
    assert assets.immutable == {f"static/{hashed}"}


def test_theme_stylesheet_and_script_are_written_only_under_hashed_names(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(SITE)
    assert build_site(site).code == 0
    names = static_names(site / "output")
    assert "style.css" not in names
    assert "comments.js" not in names
    assert any(re.fullmatch(r"style\.[0-9a-f]{8}\.css", n) for n in names)
    assert any(re.fullmatch(r"comments\.[0-9a-f]{8}\.js", n) for n in names)


def test_every_page_links_the_hashed_stylesheet_and_no_unhashed_asset(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(SITE)
    assert build_site(site).code == 0
    output = site / "output"
    (css,) = [n for n in static_names(output) if n.endswith(".css")]
    pages = sorted(output.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert f"/static/{css}" in html, page
        assert "/static/style.css" not in html, page
        assert "/static/comments.js" not in html, page


def test_a_site_stylesheet_replaces_the_theme_one_and_is_hashed_from_its_own_bytes(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            **SITE,
            "layouts/static/style.css": "body { color: teal; }\n",
            "layouts/static/js/extra.js": "console.log(1);\n",
            "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        }
    )
    assert build_site(site).code == 0
    output = site / "output"
    css = fingerprinted_name("style.css", b"body { color: teal; }\n")
    assert (output / "static" / css).read_bytes() == b"body { color: teal; }\n"
    assert f"/static/{css}" in (output / "index.html").read_text(encoding="utf-8")
    assert (output / "static" / fingerprinted_name("js/extra.js", b"console.log(1);\n")).is_file()
    assert not (output / "static/js/extra.js").exists()
    assert (output / "static/logo.svg").is_file()


def test_two_builds_are_byte_identical(
    make_site: Callable[..., Path], build_site: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(SITE)
    assert build_site(site, "-o", str(tmp_path / "one")).code == 0
    assert build_site(site, "-o", str(tmp_path / "two")).code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_page_changes_only_when_something_it_shows_or_references_changed(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site({**SITE, "content/lone.md": article("Lone", "2024-01-01", tags="[art]")})
    assert build_site(site).code == 0
    before = tree(site / "output")
    # Same summary and length: only the article's own page shows the difference.
    second = article("Second", "2025-05-02", "Body copy.", tags="[economy]", summary="Fixed.")
    (site / "content/second.md").write_text(second)
    assert build_site(site).code == 0
    after = tree(site / "output")
    assert after["articles/lone/index.html"] == before["articles/lone/index.html"]
    assert after["articles/second/index.html"] != before["articles/second/index.html"]

    (site / "layouts/static").mkdir(parents=True)
    (site / "layouts/static/style.css").write_text("body { color: teal; }\n")
    assert build_site(site).code == 0
    restyled = tree(site / "output")
    assert restyled["articles/lone/index.html"] != after["articles/lone/index.html"]
