"""``sitegen new`` writes an article with filled-in front matter and never overwrites."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import run_sitegen

MakeSite = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767222000")  # 2025-12-31T23:00:00Z


def test_new_writes_front_matter_with_the_date_in_the_sites_timezone(make_site: MakeSite) -> None:
    site = make_site({"site.yaml": "timezone: Europe/Brussels\ndefault_author: mara\n"})
    run = run_sitegen(
        "new",
        "Gas: Europe's winter",
        str(site),
        "--section",
        "Energy",
        "--tags",
        "energy, EU policy,",
    )
    assert run.code == 0
    assert run.out.strip() == str(site / "content/gas-europe-s-winter.md")
    assert (site / "content/gas-europe-s-winter.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: 'Gas: Europe''s winter'\n"
        "date: 2026-01-01\n"
        "draft: true\n"
        "author: mara\n"
        "section: Energy\n"
        "tags:\n"
        "- energy\n"
        "- EU policy\n"
        "---\n\n"
    )


def test_new_without_options_writes_only_title_date_and_draft(make_site: MakeSite) -> None:
    site = make_site({"content/.keep": ""})
    assert run_sitegen("new", "Plain", str(site)).code == 0
    assert (site / "content/plain.md").read_text(encoding="utf-8") == (
        "---\ntitle: Plain\ndate: 2025-12-31\ndraft: true\n---\n\n"
    )


def test_the_new_article_builds_as_a_draft(make_site: MakeSite) -> None:
    site = make_site({"content/.keep": ""})
    run_sitegen("new", "Draft piece", str(site), "--tags", "a")
    assert run_sitegen("build", str(site), "--drafts").code == 0
    assert (site / "output/articles/draft-piece/index.html").is_file()


def test_new_refuses_to_overwrite_an_existing_article(make_site: MakeSite) -> None:
    site = make_site({"content/plain.md": "mine"})
    run = run_sitegen("new", "Plain", str(site))
    assert run.code == 1
    assert run.errors == [
        "content/plain.md:1: already exists; choose another title or edit the existing article"
    ]
    assert (site / "content/plain.md").read_text(encoding="utf-8") == "mine"


def test_a_title_without_letters_is_a_command_line_error(make_site: MakeSite) -> None:
    site = make_site({"content/.keep": ""})
    run = run_sitegen("new", "!!!", str(site))
    assert run.code == 2
    assert run.errors == ["sitegen: the title '!!!' has no letter or digit to name the file after"]
