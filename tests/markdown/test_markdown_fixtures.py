"""Dot-separated fixture files: each case is a title, the markdown, the expected HTML.

Shortcodes render with the theme's real templates; each callout's inline SVG
icon is shown as ``<svg/>`` so the cases stay readable (the icons have their
own tests). Hugo's built-ins (``builtins.md``) render in a page bundle of a
site under ``/blog/`` that has a few other articles, so their links resolve.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.model import RenderedArticle
from tests.markdown.conftest import BLOG, BUNDLE

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]

FIXTURES = Path(__file__).parent / "fixtures"
SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)


def read_fixture_file(path: Path) -> list[tuple[int, str, str, str]]:
    """``(line, title, markdown, html)`` per case.

    A case is its title line, ``.``, the markdown, ``.``, the HTML, ``.``.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cases: list[tuple[int, str, str, str]] = []
    dots = [index for index, line in enumerate(lines) if line.rstrip("\n") == "."]
    for first, second, third in zip(dots[::3], dots[1::3], dots[2::3], strict=True):
        title = lines[first - 1].strip()
        markdown = "".join(lines[first + 1 : second])
        html = "".join(lines[second + 1 : third])
        cases.append((first, title, markdown, html))
    return cases


def cases(name: str) -> list[object]:
    path = FIXTURES / name
    return [
        pytest.param(markdown, html, id=f"{name}:{line}:{title}")
        for line, title, markdown, html in read_fixture_file(path)
    ]


@pytest.mark.parametrize(("markdown", "html"), cases("shortcodes.md") + cases("markdown.md"))
def test_fixture_renders_as_expected(render: Render, markdown: str, html: str) -> None:
    result, problems = render(markdown)
    assert problems == []
    assert result is not None
    assert SVG.sub("<svg/>", result.html) == html


@pytest.mark.parametrize(("markdown", "html"), cases("builtins.md"))
def test_hugo_builtin_renders_as_expected(render: Render, markdown: str, html: str) -> None:
    result, problems = render(markdown, resolve_link=BLOG, find_article=BLOG.find_article, **BUNDLE)
    assert problems == []
    assert result is not None
    assert result.warnings == ()
    assert result.html == html


@pytest.mark.parametrize(("markdown", "html"), cases("sanitize.md"))
def test_fixture_with_raw_html_renders_it_sanitized(
    render: Render, markdown: str, html: str
) -> None:
    result, problems = render(markdown)
    assert problems == []
    assert result is not None
    assert SVG.sub("<svg/>", result.html) == html


@pytest.mark.parametrize(("markdown", "html"), cases("unsafe.md"))
def test_fixture_with_html_unsafe_keeps_raw_html(render: Render, markdown: str, html: str) -> None:
    result, problems = render(markdown, html="unsafe")
    assert problems == []
    assert result is not None
    assert result.html == html
    assert result.warnings == ()


@pytest.mark.parametrize(("markdown", "html"), cases("drop.md"))
def test_fixture_with_html_drop_renders_no_raw_html(
    render: Render, markdown: str, html: str
) -> None:
    result, problems = render(markdown, html="drop")
    assert problems == []
    assert result is not None
    assert result.html == html
    assert result.warnings == ()
