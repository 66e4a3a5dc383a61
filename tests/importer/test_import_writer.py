"""The writer both importers share: aliases that a build can write, a report that says so."""

from __future__ import annotations

from pathlib import Path

from sitegen.importer.model import CopiedFile, ImportedArticle, ImportedSite
from sitegen.importer.write import write_import
from tests.conftest import run_sitegen
from tests.importer.wxr_samples import front_matter


def test_one_old_url_spelled_two_ways_is_one_alias(tmp_path: Path) -> None:
    article = ImportedArticle(
        path="content/a.md",
        front={"title": "A", "date": "2024-03-04", "slug": "a"},
        body="Text.",
        origin="export.xml",
        old_urls=("/2024/old-a/", "/2024/old-a", "/?p=4"),
    )
    dest = tmp_path / "site"
    write_import(ImportedSite(config={"title": "T"}, articles=(article,)), dest)
    assert front_matter(dest / "content/a.md")["aliases"] == ["/2024/old-a/", "/?p=4"]
    report = (dest / "import-report.txt").read_text("utf-8")
    assert "/2024/old-a -> /articles/a/\n" in report
    built = run_sitegen("build", str(dest))
    assert (built.code, built.errors) == (0, [])


def test_an_old_url_percent_encoded_as_wordpress_keeps_it_is_the_new_one(
    tmp_path: Path,
) -> None:
    """WordPress keeps a non-Latin slug percent-encoded: the same address."""
    article = ImportedArticle(
        path="content/a.md",
        front={"title": "مرحبا بالعالم", "date": "2024-01-02", "slug": "مرحبا"},
        body="نص.",
        origin="export.xml",
        old_urls=("/articles/%d9%85%d8%b1%d8%ad%d8%a8%d8%a7/", "/?p=50"),
    )
    dest = tmp_path / "site"
    write_import(ImportedSite(config={"title": "T"}, articles=(article,)), dest)
    assert front_matter(dest / "content/a.md")["aliases"] == ["/?p=50"]
    built = run_sitegen("build", str(dest))
    assert built.code == 0, built.err


def test_an_old_url_that_is_the_new_one_with_a_dot_in_its_folder_is_no_alias(
    tmp_path: Path,
) -> None:
    article = ImportedArticle(
        path="content/a.md",
        front={"title": "A", "date": "2024-03-04", "slug": "go1.14"},
        body="Text.",
        origin="content/post/go1.14.md",
        old_urls=("/articles/go1.14/",),
    )
    dest = tmp_path / "site"
    write_import(ImportedSite(config={"title": "T"}, articles=(article,)), dest)
    assert "aliases" not in front_matter(dest / "content/a.md")
    built = run_sitegen("build", str(dest))
    assert (built.code, built.errors) == (0, [])


def test_an_old_folder_url_with_a_dot_in_its_name_is_kept_as_an_alias(
    tmp_path: Path,
) -> None:
    article = ImportedArticle(
        path="content/x.y/index.md",
        front={"title": "A", "date": "2024-03-04", "slug": "a"},
        body="Text.",
        origin="content/post/x.y/index.md",
        old_urls=("/2023/x.y/",),
    )
    files = (CopiedFile(Path(__file__), "content/x.y/pic.txt"),)
    dest = tmp_path / "site"
    write_import(ImportedSite(config={"title": "T"}, articles=(article,), files=files), dest)
    assert front_matter(dest / "content/x.y/index.md")["aliases"] == ["/2023/x.y/"]
    report = (dest / "import-report.txt").read_text("utf-8")
    assert "/2023/x.y/ -> /articles/a/\n" in report
    built = run_sitegen("build", str(dest))
    assert (built.code, built.errors) == (0, [])
    assert "/articles/a/" in (dest / "output/2023/x.y/index.html").read_text("utf-8")
