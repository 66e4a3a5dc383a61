"""The writer both importers share: aliases that a build can write, a report that says so."""

from __future__ import annotations

from pathlib import Path

from sitegen.importer.model import ImportedArticle, ImportedSite
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
