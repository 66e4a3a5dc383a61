"""``sitegen related SLUG --explain``: the page's related list with its reasons."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import article, run_sitegen

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z


def news_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/base.md": article(
                "Base",
                "2025-05-10",
                tags="[nato, drones, budget]",
                section="World",
                related="[pin]",
            ),
            "content/pin.md": article("Pinned", "2024-01-01"),
            "content/two-rare.md": article("Two rare", "2025-05-01", tags="[nato, drones]"),
            "content/common.md": article("Common", "2025-05-09", tags="[budget]"),
            "content/other.md": article("Other", "2025-05-08", tags="[budget]"),
            "content/same-section.md": article("Section", "2025-04-01", section="World"),
            "content/draft.md": article("Draft", "2025-05-10", tags="[nato]", draft="true"),
            "content/future.md": article("Future", "2026-06-01", tags="[nato, drones]"),
        }
    )


def test_explain_lists_pinned_then_tags_with_scores_and_shared_tags(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "base", str(news_site(make_site)), "--explain")

    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == '"You may also like" for base (content/base.md): 4 of 4'
    assert lines[1].split() == ["1.", "pinned", "0.000", "pin"]
    assert lines[2].split()[:2] == ["2.", "tags"]
    assert lines[2].split()[3:] == ["two-rare", "shared", "tags:", "drones,", "nato"]
    assert [line.split()[3] for line in lines[3:]] == ["common", "other"]
    assert all(line.endswith("shared tags: budget") for line in lines[3:])


def test_explain_scores_two_rare_tags_above_one_common_tag(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "base", str(news_site(make_site)), "--explain")

    scores = {line.split()[3]: float(line.split()[2]) for line in run.out.splitlines()[1:]}
    assert scores["two-rare"] > scores["common"] > 0


def test_explain_never_lists_drafts_or_future_articles(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "base", str(news_site(make_site)), "--explain")

    assert "draft" not in run.out.split()
    assert "future" not in run.out.split()


def test_related_without_explain_prints_slugs_in_page_order(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "base", str(news_site(make_site)))

    assert run.out.splitlines() == ["pin", "two-rare", "common", "other"]


def test_explain_fills_from_section_then_newest(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/a.md": article("A", "2025-01-01", section="World"),
            "content/b.md": article("B", "2025-01-02", section="World"),
            "content/c.md": article("C", "2025-01-03", section="Sport"),
        }
    )

    run = run_sitegen("related", "a", str(site), "--explain")

    reasons = [(line.split()[1], line.split()[3]) for line in run.out.splitlines()[1:]]
    assert reasons == [("section", "b"), ("newest", "c")]


def test_explain_says_so_when_there_is_nothing_to_show(make_site: SiteMaker) -> None:
    site = make_site({"content/alone.md": article("Alone")})

    run = run_sitegen("related", "alone", str(site), "--explain")

    assert run.code == 0
    assert "no other published article" in run.out


def test_unknown_slug_suggests_the_closest_published_slug(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "two-rar", str(news_site(make_site)), "--explain")

    assert run.code == 1
    assert run.errors == [
        "sitegen: no published article has the slug 'two-rar' (did you mean 'two-rare'?)"
    ]


def test_draft_slug_is_explained_as_a_draft(make_site: SiteMaker) -> None:
    run = run_sitegen("related", "draft", str(news_site(make_site)), "--explain")

    assert run.code == 1
    assert run.errors == [
        "sitegen: 'draft' (content/draft.md) is a draft, so it has no page to explain"
    ]


def test_site_errors_are_reported_at_their_line(make_site: SiteMaker) -> None:
    site = make_site({"content/bad.md": "---\ntitle: x\ndate: someday\n---\nBad date.\n"})

    run = run_sitegen("related", "bad", str(site), "--explain")

    assert run.code == 1
    assert run.errors[0].startswith("content/bad.md:")
