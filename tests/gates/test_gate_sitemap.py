"""Gate: sitemap.xml follows the sitemaps.org schema and lists only real pages."""

from __future__ import annotations

from gate_checks import sitemap_problems
from gate_site import BuiltSite


def test_sitemap_validates_and_every_url_is_an_output_file(built_site: BuiltSite) -> None:
    sitemap = built_site.root / "sitemap.xml"
    assert sitemap.is_file(), "the build wrote no sitemap.xml"
    problems = sitemap_problems(sitemap, built_site)
    assert not problems, "sitemap.xml problems:\n" + "\n".join(problems)
