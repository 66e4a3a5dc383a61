"""``sitegen schedule``: the next future-dated, non-draft article, in UTC and local time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import article, run_sitegen

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z


def test_prints_the_next_article_in_utc_and_the_site_timezone(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "site.yaml": "timezone: Europe/Brussels\n",
            "content/past.md": article("Past", "2025-06-01"),
            "content/x.md": article("Next", "2026-12-01T09:00:00"),
            "content/later.md": article("Later", "2027-01-05"),
        }
    )

    run = run_sitegen("schedule", str(site))

    assert run.code == 0, run.err
    assert run.out == (
        "2026-12-01T08:00:00+00:00 (2026-12-01T09:00:00+01:00 Europe/Brussels) content/x.md\n"
    )


def test_drafts_are_never_scheduled(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/draft.md": article("Draft", "2026-02-01", draft="true"),
            "content/next.md": article("Next", "2026-03-01"),
        }
    )

    run = run_sitegen("schedule", str(site))

    assert run.out == "2026-03-01T00:00:00+00:00 (2026-03-01T00:00:00+00:00 UTC) content/next.md\n"


def test_prints_nothing_when_nothing_is_scheduled(make_site: SiteMaker) -> None:
    site = make_site({"content/past.md": article("Past", "2025-06-01")})

    run = run_sitegen("schedule", str(site))

    assert (run.code, run.out, run.err) == (0, "", "")


def test_an_article_dated_exactly_now_is_already_live(make_site: SiteMaker) -> None:
    site = make_site({"content/now.md": article("Now", "2026-01-01T00:00:00")})

    assert run_sitegen("schedule", str(site)).out == ""


def test_a_broken_article_is_an_error_not_a_silent_skip(make_site: SiteMaker) -> None:
    site = make_site({"content/bad.md": "---\ntitle: Bad\ndate: tomorrow\n---\nText.\n"})

    run = run_sitegen("schedule", str(site))

    assert run.code == 1
    assert run.errors[0].startswith("content/bad.md:3: ")
