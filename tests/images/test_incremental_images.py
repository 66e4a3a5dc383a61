"""Builds with images and social cards: a rebuild after any edit gives the bytes of a
clean build, processes only what is new, and a warm build processes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import article, prepare_body_edit, prepare_once, run_sitegen, write_files
from tests.images.pictures import photo, with_location
from tests.searchable import searchable
from tests.test_incremental import build, clean_build, tree

THEME_TEMPLATE = Path(__file__).resolve().parents[2] / "sitegen/theme/layouts/social-card.yaml"


def start(root: Path) -> Path:
    files = {
        "site.yaml": "title: Desk\npaginate: 2\n",
        "content/a/index.md": article(
            "A",
            "2025-01-01",
            body="Intro.\n\n![Chart](chart.png)",
            image="lead.jpg",
            image_alt="Lead",
        ),
        "content/a/lead.jpg": photo(1000, 500),
        "content/a/chart.png": photo(700, 400, "PNG"),
        "content/b.md": article("B", "2025-02-01", section="Trade"),
        "content/c.md": article("C", "2025-03-01", body="![Same chart](a/chart.png)"),
    }
    return write_files(root / "site", files)


EDITS = {
    "new-lead-image": lambda site: (site / "content/a/lead.jpg").write_bytes(photo(1200, 900)),
    "new-body-image": lambda site: (site / "content/a/chart.png").write_bytes(
        photo(900, 300, "PNG")
    ),
    "chart-removed-from-body": lambda site: (site / "content/a/index.md").write_text(
        article("A", "2025-01-01", body="No chart.", image="lead.jpg", image_alt="Lead")
    ),
    "image-added-to-body": lambda site: (site / "content/b.md").write_text(
        article("B", "2025-02-01", section="Trade", body="![Lead again](a/lead.jpg)")
    ),
    "lead-image-dropped": lambda site: (site / "content/a/index.md").write_text(
        article("A", "2025-01-01", body="![Chart](chart.png)")
    ),
    "title-changed": lambda site: (site / "content/b.md").write_text(
        article("B retitled", "2025-02-01", section="Trade")
    ),
    "section-renamed": lambda site: (site / "content/b.md").write_text(
        article("B", "2025-02-01", section="World")
    ),
    "card-template": lambda site: write_files(
        site,
        {"layouts/social-card.yaml": THEME_TEMPLATE.read_text().replace('"#fbfaf7"', '"#eeeeee"')},
    ),
    "cards-turned-off": lambda site: (site / "site.yaml").write_text(
        "title: Desk\npaginate: 2\nsocial_cards: false\n"
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_rebuild_after_an_image_edit_matches_a_clean_build(tmp_path: Path, edit: str) -> None:
    site = start(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    EDITS[edit](site)
    build(site, out, "--jobs", "1")

    # pagefind/ keeps a base index plus a delta: compared by what a search finds
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))


def test_a_warm_build_processes_no_image_and_draws_no_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = start(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    before = tree(out)

    def refuse(*args: object) -> None:
        raise AssertionError("cached work done again")

    monkeypatch.setattr("sitegen.images.process_file", refuse)
    monkeypatch.setattr("sitegen.images.cards.CardPainter.paint", refuse)
    (site / "content/c.md").write_text(
        article("C", "2025-03-01", body="Edited.\n\n![Same chart](a/chart.png)")
    )
    build(site, out, "--jobs", "1")
    after = tree(out)

    assert {p for p in after if p.startswith("static/img/")} == {
        p for p in before if p.startswith("static/img/")
    }


def test_a_changed_image_alone_is_processed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = start(tmp_path)
    build(site, tmp_path / "out", "--jobs", "1")
    processed: list[str] = []
    import sitegen.images as stage

    original = stage.process_file

    def spy(source: Path, entry: Path) -> object:
        processed.append(source.name)
        return original(source, entry)

    monkeypatch.setattr("sitegen.images.process_file", spy)
    (site / "content/a/lead.jpg").write_bytes(photo(1100, 500))
    build(site, tmp_path / "out", "--jobs", "1")

    assert processed == ["lead.jpg"]


def test_jobs_do_not_change_the_bytes_of_images_and_cards(tmp_path: Path) -> None:
    site = start(tmp_path)
    for i in range(12):
        (site / f"content/n{i}.md").write_text(article(f"Note {i}", f"2024-01-{i + 1:02d}"))
        (site / f"content/p{i}").mkdir()
        (site / f"content/p{i}/index.md").write_text(
            article(f"Photo {i}", f"2024-02-{i + 1:02d}", image="x.jpg", image_alt="X")
        )
        (site / f"content/p{i}/x.jpg").write_bytes(photo(600 + i * 10, 400))
    build(site, tmp_path / "one", "--jobs", "1", "--cache-dir", str(tmp_path / "c1"))
    build(site, tmp_path / "two", "--jobs", "2", "--cache-dir", str(tmp_path / "c2"))

    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_damaged_image_cache_is_made_again(tmp_path: Path) -> None:
    site = start(tmp_path)
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", "--cache-dir", str(cache))
    for path in (cache / "images").rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes()[:-5])
    result = run_sitegen(
        "build", str(site), "-o", str(tmp_path / "second"), "--cache-dir", str(cache)
    )

    assert result.code == 0, result.err
    assert tree(tmp_path / "second") == tree(tmp_path / "first")


def test_the_preview_short_path_keeps_images_and_leaves_new_ones_to_a_full_build(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from sitegen.errors import Problems
    from sitegen.serve.session import serve_options

    site = start(tmp_path)
    # No related lists: ranked by text, they would send any body edit the long way.
    (site / "site.yaml").write_text("title: Desk\nrelated: {count: 0}\n")
    options = serve_options(site, datetime(2026, 1, 1, tzinfo=UTC))
    previous = prepare_once(options, Problems())
    text = (site / "content/a/index.md").read_text()

    (site / "content/a/index.md").write_text(text + "\nMore words.\n")
    short = prepare_body_edit(previous, ("content/a/index.md",), options, Problems())
    assert short is not None and short.site.pictures == previous.site.pictures
    page = next(f for f in short.files if f.path == "articles/a/index.html")
    assert b"<picture>" in page.data and b'fetchpriority="high"' in page.data
    from sitegen.model import KeptFile

    headers = next(f for f in short.files if f.path == "_headers")
    before = next(f for f in previous.files if f.path == "_headers")
    assert headers in (before, KeptFile(before.path, before.key))  # as the output holds it

    (site / "content/a/index.md").write_text(text + "\n![Again](lead.jpg)\n")
    assert prepare_body_edit(previous, ("content/a/index.md",), options, Problems()) is None


def test_a_cache_that_cannot_be_written_costs_speed_not_images(tmp_path: Path) -> None:
    site = start(tmp_path)
    (site / "content/a/lead.jpg").write_bytes(with_location(900, 600))
    build(site, tmp_path / "good", "--jobs", "1", "--cache-dir", str(tmp_path / "cache"))
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "images").write_text("a file where the image cache would go\n")
    result = run_sitegen(
        "build", str(site), "-o", str(tmp_path / "bad"), "--jobs", "1", "--cache-dir", str(blocked)
    )

    assert result.code == 0, result.err
    assert "could not store an image in the cache" in result.err
    assert "could not store a social card in the cache" in result.err
    assert tree(tmp_path / "bad") == tree(tmp_path / "good")


def test_the_image_stage_reads_back_only_the_bodies_that_show_an_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site model holds bodies lean; the images a body shows are found in the
    body, read back from the store. A body that shows none is not read (most of a
    large archive's): the finder sees it lean, and the pages still show every image."""
    from datetime import UTC, datetime

    from sitegen.errors import Problems
    from sitegen.images.shown import ImageFinder
    from sitegen.serve.session import serve_options

    site = start(tmp_path)
    write_files(site, {"content/d.md": article("D", "2025-04-01", body='<img src="a/lead.jpg">')})
    seen: dict[str, bool] = {}
    uses = ImageFinder.uses

    def spied(self: ImageFinder, rendered: Any, problems: Any) -> Any:
        seen[rendered.article.source] = bool(rendered.html)
        return uses(self, rendered, problems)

    monkeypatch.setattr(ImageFinder, "uses", spied)
    prepared = prepare_once(serve_options(site, datetime(2026, 1, 1, tzinfo=UTC)), Problems())
    assert seen == {
        "content/a/index.md": True,
        "content/b.md": False,
        "content/c.md": True,
        "content/d.md": True,
    }
    assert prepared.site.pictures.shown == {
        "content/a/index.md": {"lead.jpg": "/a/lead.jpg", "/a/chart.png": "/a/chart.png"},
        "content/c.md": {"/a/chart.png": "/a/chart.png"},
        "content/d.md": {"/a/lead.jpg": "/a/lead.jpg"},  # raw HTML's src, resolved too
    }
