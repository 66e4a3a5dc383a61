"""Headings keep the ids Hugo gave them, so links to #a-heading keep landing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.importer.hugo.anchors import hugo_anchor, keep_heading_ids
from tests.conftest import run_sitegen
from tests.importer.conftest import BASIC_CONFIG, Imported, post


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("What's new?", "github", "whats-new"),
        ("v1.2 & C++", "github", "v12--c"),
        ("Über Größe", "github", "über-größe"),
        ("Über Größe", "github-ascii", "uber-groe"),
        ("snake_case words", "github", "snake_case-words"),
        ("What's new?", "blackfriday", "what-s-new"),
        ("  A -- B  ", "blackfriday", "a-b"),
    ],
)
def test_heading_ids_are_made_as_goldmark_makes_them(text: str, kind: str, expected: str) -> None:
    assert hugo_anchor(text, kind) == expected


def test_only_headings_whose_id_would_change_get_one_written() -> None:
    markdown = "## Plain\n\n## What's new? ##\n\n## Plain\n\n## Mine {#own}\n\n    ## code\n"
    assert keep_heading_ids(markdown, "github") == markdown  # sitegen's are GitHub's
    assert keep_heading_ids(markdown, "blackfriday") == (
        "## Plain\n\n## What's new? {#what-s-new}\n\n## Plain\n\n## Mine {#own}\n\n    ## code\n"
    )


def test_links_to_headings_still_land_after_the_import(hugo: Callable[..., Imported]) -> None:
    body = (
        "See [new](#whats-new), [b](b.md#c-tips) and [again](#plain-1).\n\n"
        "## What's new?\n\n## Plain\n\n## Plain\n"
    )
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01", body),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01", "## C++ tips\n\nText."),
    }
    done = hugo(files)
    checked = run_sitegen("check", str(done.dest))
    assert checked.code == 0, checked.err
    assert "no problems" in checked.out


def test_no_ids_are_written_when_hugo_made_none(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + "[markup.goldmark.parser]\nautoHeadingID = false\n"
    done = hugo(
        {
            "hugo.toml": config,
            "content/posts/a.md": post("title: A\ndate: 2024-05-01", "## What's new?"),
        }
    )
    assert done.body("content/posts/a.md") == "## What's new?"
