"""Abbreviation definitions of PHP Markdown Extra, Python-Markdown and kramdown."""

from __future__ import annotations

from tests.markdown.conftest import Render


def test_defined_abbreviations_are_marked_and_their_lines_not_shown(render: Render) -> None:
    body = (
        "The HTML spec is kept by the W3C, not HTML5's.\n\n"
        "Code `HTML` stays code, and [a link](https://example.org/HTML) its address.\n\n"
        "*[HTML]: Hyper Text Markup Language\n"
        "*[W3C]: World Wide Web Consortium\n"
    )
    result, problems = render(body)
    assert problems == [] and result is not None
    assert result.html == (
        '<p>The <abbr title="Hyper Text Markup Language">HTML</abbr> spec is kept by the '
        '<abbr title="World Wide Web Consortium">W3C</abbr>, not HTML5\u2019s.</p>\n'
        '<p>Code <code>HTML</code> stays code, and <a href="https://example.org/HTML">a link</a>'
        " its address.</p>\n"
    )


def test_a_paragraph_that_only_looks_like_one_stays(render: Render) -> None:
    result, problems = render("*[HTML]: a definition\nand a line of text.\n")
    assert problems == [] and result is not None
    assert "[HTML]" in result.html
