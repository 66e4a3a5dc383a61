"""Hugo's ``_index.md`` → Landing: nothing required, errors at their lines."""

from __future__ import annotations

import textwrap

from sitegen.config import SiteConfig
from sitegen.content.frontmatter import parse_landing
from sitegen.errors import Problems
from sitegen.model import Landing, SourceFile


def parse(text: str, path: str = "content/economy/_index.md") -> tuple[Landing | None, list[str]]:
    problems = Problems()
    source = SourceFile(path, textwrap.dedent(text).lstrip("\n"))
    landing = parse_landing(source, SiteConfig(), problems)
    return landing, [str(p) for p in problems]


def test_a_landing_needs_no_date_and_keeps_unknown_keys_as_params() -> None:
    landing, problems = parse(
        """
        ---
        title: Blog
        url: "/blog/"
        description: What we think.
        ---
        Hello.
        """
    )
    assert problems == []
    assert landing is not None
    assert (landing.title, landing.summary, landing.section) == ("Blog", "What we think.", None)
    assert landing.params == {"url": "/blog/"}
    assert (landing.body, landing.body_line) == ("Hello.\n", 6)
    assert landing.folder == "economy"


def test_a_landing_without_front_matter_is_all_body() -> None:
    landing, problems = parse("Just text.\n", path="content/_index.md")
    assert problems == []
    assert landing is not None
    assert (landing.title, landing.body, landing.body_line, landing.folder) == (
        None,
        "Just text.\n",
        1,
        "",
    )


def test_summary_is_the_intro_when_there_is_no_description() -> None:
    landing, _ = parse("---\nsummary: In short.\nsection: Economy\n---\n")
    assert landing is not None
    assert (landing.summary, landing.section) == ("In short.", "Economy")


def test_errors_in_a_landing_are_at_their_lines() -> None:
    landing, problems = parse(
        """
        ---
        title: [a, b]
        description: One.
        summary: Two.
        ---
        """
    )
    assert landing is None
    assert problems == [
        "content/economy/_index.md:2: 'title' must be a string, not a list",
        "content/economy/_index.md:4: give either 'description' or 'summary', not both",
    ]


def test_an_unclosed_front_matter_is_an_error() -> None:
    landing, problems = parse("---\ntitle: x\n")
    assert landing is None
    assert problems == [
        "content/economy/_index.md:1: front matter opened here is never closed with '---'"
    ]
