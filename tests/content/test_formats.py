"""Front matter as Hugo and Jekyll authors write it: TOML, JSON and their habits.

Real archives use ``+++`` TOML as often as YAML, write ``tags: "a, b"``, give
``author`` a list, leave the date in the file name and say ``lastmod`` and
``description``. Each is read as those tools read it, and a mistake in TOML or
JSON is reported at its line as one in YAML is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.config import SiteConfig
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.model import Article, SourceFile
from tests.conftest import Run

SiteMaker = Callable[[dict[str, str | bytes]], Path]


def parse(text: str, path: str = "content/a.md") -> tuple[Article | None, list[str]]:
    problems = Problems()
    article = parse_article(SourceFile(path, text), SiteConfig(), problems)
    return article, [str(p) for p in problems]


TOML = """\
+++
title = "Grain prices"
date = 2024-03-04T09:30:00Z
tags = ["shipping", "grain"]
[params]
kicker = "Analysis"
+++
The body.
"""


def test_toml_front_matter_is_read() -> None:
    article, problems = parse(TOML)
    assert problems == []
    assert article is not None
    assert article.title == "Grain prices"
    assert article.date == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert article.tags == ("shipping", "grain")
    assert article.params == {"params": {"kicker": "Analysis"}}
    assert article.body == "The body.\n"
    assert article.body_line == 8


def test_a_wrong_value_in_toml_is_reported_at_its_line() -> None:
    _, problems = parse('+++\ntitle = "A"\ndate = 2024-01-01\ndraft = "no"\n+++\n')
    assert problems == ["content/a.md:4: 'draft' must be true or false, not a string"]


def test_malformed_toml_is_reported_at_its_line() -> None:
    _, problems = parse('+++\ntitle = "A"\ndate = = 2024\n+++\n')
    assert len(problems) == 1
    assert problems[0].startswith("content/a.md:3: invalid TOML: ")


def test_toml_mistakes_are_reported_at_their_file_line_in_an_authors_words(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """tomllib says "Invalid value" or "Unclosed array (at end of document)": each
    mistake comes out at the line of the file where the author made it, with
    what fixes it, every file's in one run."""
    head = '+++\ntitle = "A"\ndate = 2024-01-02\n'
    site = make_site(
        {
            "content/list.md": head + 'tags = ["a", "b"\nsection = "x"\n+++\nBody.\n',
            "content/twice.md": head + '\ntitle = "B"\n+++\nBody.\n',
            "content/quote.md": '+++\ntitle = "A\ndate = 2024-01-02\n+++\nBody.\n',
            "content/bare.md": head + "[extra]\nmood = calm\n+++\nBody.\n",
            "content/yaml.md": head + "author: Ann\n+++\nBody.\n",
            "content/day.md": '+++\ntitle = "A"\ndate = 2024-02-30\n+++\nBody.\n',
            "content/month.md": '+++\ntitle = "A"\ndate = 2024-13-45\n+++\nBody.\n',
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.errors == [
        "content/bare.md:5: invalid TOML: the value of 'mood' is not one TOML knows: write a "
        'string in quotes (title = "Grain prices"), a number, true or false, a date '
        "(2024-03-04), a list [a, b] or a table {a = 1}",
        "content/day.md:3: invalid TOML: the date of 'date' is no date: write 2024-03-04, "
        "2024-03-04T09:30:00 or 2024-03-04 09:30:00+02:00",
        "content/list.md:4: invalid TOML: the list of 'tags' opened with '[' is never "
        "closed with ']'",
        "content/month.md:3: invalid TOML: the line goes on after the value of 'date': one "
        "key = value a line, a string in quotes, a date as 2024-03-04",
        "content/quote.md:2: invalid TOML: a string is not closed on its line: end it with "
        'the quote it opened with (a string over several lines opens and closes with """)',
        "content/twice.md:5: invalid TOML: 'title' is given a value twice (a key, or a "
        "[table], may be set once)",
        "content/yaml.md:4: invalid TOML: expected '=' after the key (TOML writes key = "
        "value; key: value is YAML, between '---' lines)",
    ]
    assert not (site / "output").exists()


def test_unclosed_toml_is_reported() -> None:
    _, problems = parse('+++\ntitle = "A"\n')
    assert problems == ["content/a.md:1: front matter opened here is never closed with '+++'"]


def test_json_front_matter_is_read_and_checked_at_its_lines() -> None:
    text = '{\n  "title": "J",\n  "date": "2024-01-02",\n  "toc": "yes"\n}\nBody here.\n'
    article, problems = parse(text)
    assert problems == ["content/a.md:4: 'toc' must be true or false, not a string"]
    article, problems = parse(text.replace('"yes"', "false"))
    assert problems == []
    assert article is not None and article.body == "Body here.\n" and article.body_line == 6


@pytest.mark.parametrize(
    ("written", "tags"),
    [
        ("tags: security privacy", ("security", "privacy")),
        ("tags: 'EU policy, trade'", ("EU policy", "trade")),
        ("tags: one", ("one",)),
    ],
)
def test_tags_written_as_one_string_are_split_as_hugo_and_jekyll_do(
    written: str, tags: tuple[str, ...]
) -> None:
    article, problems = parse(f"---\ntitle: A\ndate: 2024-01-01\n{written}\n---\n")
    assert problems == []
    assert article is not None and article.tags == tags


def test_author_may_be_a_list() -> None:
    article, problems = parse("---\ntitle: A\ndate: 2024-01-01\nauthor: [Ana, Ben]\n---\n")
    assert problems == []
    assert article is not None and article.authors == ("Ana", "Ben")


def test_a_missing_date_comes_from_a_jekyll_file_name() -> None:
    article, problems = parse("---\ntitle: A\n---\n", "content/2015-10-8-a.md")
    assert problems == []
    assert article is not None and article.date == datetime(2015, 10, 8, tzinfo=UTC)
    article, problems = parse("---\ntitle: A\n---\n", "content/a.md")
    assert problems == []  # no date at all: a page, listed nowhere
    assert article is not None and not article.dated


def test_lastmod_is_updated_unless_it_is_before_the_date() -> None:
    article, _ = parse("---\ntitle: A\ndate: 2024-01-02\nlastmod: 2024-02-01\n---\n")
    assert article is not None and article.updated == datetime(2024, 2, 1, tzinfo=UTC)
    article, problems = parse("---\ntitle: A\ndate: 2024-01-02\nlastmod: 2023-12-01\n---\n")
    assert problems == []
    assert article is not None and article.updated is None


def test_description_or_excerpt_is_the_summary_when_there_is_none() -> None:
    article, _ = parse("---\ntitle: A\ndate: 2024-01-02\ndescription: Short.\n---\n")
    assert article is not None and article.summary == "Short."
    assert article.params == {"description": "Short."}
    article, _ = parse("---\ntitle: A\ndate: 2024-01-02\nexcerpt: Cut.\nsummary: Own.\n---\n")
    assert article is not None and article.summary == "Own."


def test_a_site_of_toml_and_json_articles_builds(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/toml.md": TOML,
            "content/json.md": '{"title": "From JSON", "date": "2024-01-02"}\nJSON body.\n',
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert "Grain prices" in (site / "output/articles/toml/index.html").read_text()
    assert "JSON body." in (site / "output/articles/json/index.html").read_text()


@pytest.mark.parametrize("divider", ["<!--more-->", "<!-- more -->", "<!-- MORE -->"])
def test_the_text_before_hugos_more_divider_is_the_whole_summary(
    make_site: SiteMaker, build_site: Callable[..., Run], divider: str
) -> None:
    """Hugo's divider, and Hexo's, Jekyll's and WordPress's with spaces."""
    long = "A second paragraph that runs well past the one hundred and sixty characters " * 2
    body = f"The teaser.\n\n{long}\n\n{divider}\n\nThe rest."
    site = make_site({"content/a.md": f"---\ntitle: A\ndate: 2024-01-01\n---\n{body}\n"})
    assert build_site(site).code == 0
    feed = (site / "output/feed.json").read_text()
    assert f'"summary":"The teaser. {long.strip()}"' in feed.replace(": ", ":")
