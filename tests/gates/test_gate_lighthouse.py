"""Gate: Lighthouse scores 100 for accessibility, best practices and SEO on a phone.

The home page, the newest article (it has a lead image), a tag page and the
search page of the example site. The performance score is reported by
``make bench`` (``benchmarks/page_weight.py``), not held to a number here.
"""

from __future__ import annotations

import pytest
from gate_lighthouse import GATED, run_lighthouse
from gate_site import BuiltSite, reader_pages


@pytest.mark.slow
@pytest.mark.usefixtures("lighthouse")
@pytest.mark.parametrize("name", ["home", "article", "tag", "search"])
def test_lighthouse_scores_100_on_a_phone(name: str, built_site: BuiltSite) -> None:
    url = built_site.url_for(reader_pages(built_site)[name])
    report = run_lighthouse(url, GATED)

    short = {c: report.losses[c] for c in GATED if report.scores[c] < 100}
    assert not short, f"Lighthouse on {url}: {report.scores}\n" + "\n".join(
        f"{category}: {loss}" for category, lost in short.items() for loss in lost
    )
