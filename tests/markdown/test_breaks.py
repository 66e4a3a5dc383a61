"""``markdown.breaks``: each line break inside a paragraph is a line break on the
page, as Hugo's Goldmark prints it with ``hardWraps`` (and kramdown with
``hard_wrap``); off, as CommonMark reads it, the lines are one paragraph."""

from __future__ import annotations

from sitegen.config import MarkdownConfig
from sitegen.markdown import ShortcodeRegistry, make_markdown

VERSE = "First line\nsecond line\n\n```\ncode\nstays\n```\n"


def test_line_breaks_are_kept_when_the_site_says_so(registry: ShortcodeRegistry) -> None:
    html = make_markdown(MarkdownConfig(breaks=True), registry).render(VERSE)
    assert "First line<br" in html
    assert "code\nstays" in html


def test_lines_of_a_paragraph_flow_together_by_default(registry: ShortcodeRegistry) -> None:
    html = make_markdown(MarkdownConfig(), registry).render(VERSE)
    assert "<br" not in html
    assert "First line\nsecond line" in html
