"""Gate: structured data parses and carries what Google requires for each type."""

from __future__ import annotations

from gate_checks import jsonld_problems
from gate_site import BuiltSite, html_files, newest_article


def test_every_json_ld_block_has_the_required_fields(built_site: BuiltSite) -> None:
    problems = [
        line
        for path in html_files(built_site.root)
        for line in jsonld_problems(path, built_site.root)
    ]
    assert not problems, "JSON-LD problems:\n" + "\n".join(problems)


def test_an_article_page_carries_article_structured_data(built_site: BuiltSite) -> None:
    page = newest_article(built_site).read_text(encoding="utf-8")
    assert "application/ld+json" in page
    assert '"headline"' in page
