"""Hugo's ``ref`` lookup: the article a path names, found as Hugo finds it."""

from __future__ import annotations

import pytest

from sitegen.errors import ShortcodeError
from sitegen.site.refs import ArticleRefs

REFS = ArticleRefs(
    [
        "content/about.md",
        "content/posts/about.md",
        "content/posts/2024/summit.markdown",
        "content/posts/2024/summit.md",
        "content/trips/Lisbon/index.md",
        "content/notes/setup.markdown",
        "content/a/intro.md",
        "content/b/intro.md",
        "content/docs/read me.md",
    ]
)
PAGE = "content/posts/2024/budget.md"


@pytest.mark.parametrize(
    ("path", "found"),
    [
        # the page's own folder first
        ("summit.markdown", "content/posts/2024/summit.markdown"),
        ("summit.md", "content/posts/2024/summit.md"),
        ("../about.md", "content/posts/about.md"),
        # then content/
        ("about.md", "content/about.md"),
        ("posts/about", "content/posts/about.md"),
        ("notes/setup.markdown", "content/notes/setup.markdown"),
        # a leading / is content/ only
        ("/about", "content/about.md"),
        ("/notes/setup", "content/notes/setup.markdown"),
        # a bare name that one article has
        ("setup", "content/notes/setup.markdown"),
        ("setup.md", "content/notes/setup.markdown"),
        # a bundle by its folder, its index.md, any case
        ("trips/Lisbon", "content/trips/Lisbon/index.md"),
        ("trips/lisbon/", "content/trips/Lisbon/index.md"),
        ("lisbon", "content/trips/Lisbon/index.md"),
        ("lisbon/#day-one", "content/trips/Lisbon/index.md"),  # a bundle by name, a part of it
        ("/trips/Lisbon/index.md", "content/trips/Lisbon/index.md"),
        # as written in a URL
        ("docs/read%20me.md", "content/docs/read me.md"),
    ],
)
def test_a_ref_finds_the_article_hugo_finds(path: str, found: str) -> None:
    assert REFS(path, PAGE) == found


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "intro.md",
            "ref 'intro.md' matches 2 articles: content/a/intro.md, content/b/intro.md; "
            "write its folder too, as in 'a/intro.md'",
        ),
        (
            "/setup.markdown",
            "ref '/setup.markdown' matches no published article "
            "(did you mean 'notes/setup.markdown'?)",
        ),
        (
            "sumit",
            "ref 'sumit' matches no published article (did you mean 'posts/2024/summit.markdown'?)",
        ),
        ("quarterly-report.md", "ref 'quarterly-report.md' matches no published article"),
    ],
)
def test_a_ref_that_finds_no_one_article_says_why(path: str, message: str) -> None:
    with pytest.raises(ShortcodeError) as raised:
        REFS(path, PAGE)
    assert raised.value.message == message
