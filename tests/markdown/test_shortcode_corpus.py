"""Shortcodes as real Hugo authors wrote them, read from the shared corpora at test time.

Each post that uses a shortcode is rendered with a stand-in template per
name, made the way Hugo's would be: it shows ``inner`` when the post closes
the tag, and does not when the tag stands alone. Every tag must expand, with
no message and no tag left in the output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.config import MarkdownConfig
from sitegen.errors import Problems
from sitegen.markdown import load_shortcode_registry, make_markdown, render_article
from sitegen.markdown.document import keep_link
from sitegen.markdown.shortcodes.syntax import CLOSE, Tag, parse_tag
from tests.markdown.conftest import article, jinja_renderer, theme_templates

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
CONTENT = CORPORA / "hugo-letsencrypt" / "content"
TAG_START = re.compile(r"\{\{[<%]")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def posts_with_shortcodes() -> list[Path]:
    if not CONTENT.is_dir():
        return []
    return sorted(
        path
        for path in CONTENT.rglob("*")
        if path.suffix in (".md", ".markdown")
        and TAG_START.search(path.read_text(encoding="utf-8"))
    )


def stand_in_templates(body: str) -> dict[str, tuple[str, str]]:
    """A template per shortcode name used in ``body``, showing inner if it is ever closed."""
    tags = [parse_tag(body, match.start()) for match in TAG_START.finditer(body)]
    names = {tag.name for tag in tags if isinstance(tag, Tag) and tag.name}
    closed = {tag.name for tag in tags if isinstance(tag, Tag) and tag.kind == CLOSE}
    return {
        name: (
            f"layouts/shortcodes/{name}.html",
            f'<div class="sc-{name}">' + ("{{ inner }}" if name in closed else "") + "</div>",
        )
        for name in names
    }


@pytest.mark.skipif(not CONTENT.is_dir(), reason="the shared corpora are not on this machine")
@pytest.mark.parametrize("path", posts_with_shortcodes(), ids=lambda path: path.name)
def test_every_shortcode_of_a_real_hugo_post_expands(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    assert front is not None
    body = text[front.end() :]
    templates = {**theme_templates(), **stand_in_templates(body)}
    problems = Problems()
    registry = load_shortcode_registry(templates, problems)
    md = make_markdown(MarkdownConfig(unsafe_html=True), registry)
    body_line = text.count("\n", 0, front.end()) + 1
    result = render_article(
        article(body, body_line), md, jinja_renderer(templates), keep_link, problems
    )
    assert [str(problem) for problem in problems] == []
    assert result is not None
    for name in stand_in_templates(body):
        assert f'<div class="sc-{name}">' in result.html
    assert not TAG_START.search(re.sub(r"<code>.*?</code>", "", result.html, flags=re.DOTALL))


def test_the_corpus_has_shortcodes_to_test() -> None:
    if not CONTENT.is_dir():
        pytest.skip("the shared corpora are not on this machine")
    assert posts_with_shortcodes(), "no post of the corpus uses a shortcode"
