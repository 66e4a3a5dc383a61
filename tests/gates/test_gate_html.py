"""Gate: every HTML page of the example site passes the Nu HTML Checker (SPEC §6)."""

from __future__ import annotations

import pytest
from gate_checks import vnu_problems
from gate_site import BuiltSite, html_files


@pytest.mark.slow
@pytest.mark.usefixtures("nu_checker")
def test_every_page_passes_the_nu_html_checker(built_site: BuiltSite) -> None:
    assert html_files(built_site.root), "the build wrote no HTML page"
    problems = vnu_problems(built_site.root)
    assert not problems, "Nu HTML Checker errors:\n" + "\n".join(problems)
