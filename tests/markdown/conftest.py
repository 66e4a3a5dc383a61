"""Fixtures for the markdown stage: the theme's shortcodes, a Jinja renderer, an article.

The renderer is the render stage's own, over the theme's shortcode templates
and a few of a site's, so fixtures show the real theme markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from sitegen.config import MarkdownConfig
from sitegen.errors import Problems
from sitegen.markdown import (
    LinkResolver,
    ShortcodeRegistry,
    ShortcodeRenderer,
    load_shortcode_registry,
    make_markdown,
    render_article,
)
from sitegen.markdown.document import ArticleFinder, find_no_article, keep_link
from sitegen.model import Article, RenderedArticle, Urls
from sitegen.render.environment import JinjaShortcodes, make_environment
from sitegen.site.urls import LinkRewriter

THEME = Path(__file__).resolve().parents[2] / "sitegen" / "theme" / "layouts"
SHORTCODES = THEME / "shortcodes"


def theme_templates() -> dict[str, tuple[str, str]]:
    """The packaged shortcode templates, as the build passes them."""
    return {
        path.stem: (f"theme:shortcodes/{path.name}", path.read_text(encoding="utf-8"))
        for path in sorted(SHORTCODES.glob("*.html"))
    }


EXTRA_TEMPLATES = {
    "badge": (
        "layouts/shortcodes/badge.html",
        "{#- shortcode\nargs:\n  text: {required: true}\ninner: none\n-#}\n"
        '<span class="badge">{{ args.text }}</span>',
    ),
    "echo": (
        "layouts/shortcodes/echo.html",
        "<echo>{% for key, value in args|dictsort %}{{ key }}={{ value }};{% endfor %}"
        "|{{ inner }}</echo>",
    ),
    "video": (
        "layouts/shortcodes/video.html",
        "{#- shortcode\nargs:\n  id: {required: true}\n  title: {}\npositional: [id, title]\n-#}\n"
        '<video data-id="{{ args.id }}" title="{{ args.get("title", "") }}"></video>',
    ),
    "charts/bar": (
        "layouts/shortcodes/charts/bar.html",
        '<figure class="bar">{{ args.series }}</figure>',
    ),
}
"""A site's own shortcodes: one with no inner content, one with no declaration,
one taking arguments by position, one in a subfolder that never shows ``inner``."""


def site_templates() -> dict[str, tuple[str, str]]:
    """The theme's shortcodes plus the site's own."""
    return {**theme_templates(), **EXTRA_TEMPLATES}


BLOG_URLS = Urls("https://example.org/blog/", "/blog/")
"""The fixtures' site lives under ``/blog/``: helpers must keep the base path."""

BLOG = LinkRewriter(
    {
        "content/posts/hello/index.md": "/posts/hello/",
        "content/posts/other.md": "/posts/other/",
        "content/other.md": "/other/",
        "content/notes/setup.markdown": "/notes/setup/",
        "content/trips/lisbon/index.md": "/trips/lisbon/",
    },
    "/blog/",
    files=["content/posts/hello/chart.png"],
)
"""The other articles of that site, for the built-ins' links (``builtins.md``)."""

BUNDLE = {
    "source": "content/posts/hello/index.md",
    "tags": ("Energy", "Ports"),
    "params": {
        "mood": "calm",
        "desk": {"name": "Harbour desk"},
        "featured": True,
        "sources": ["AIS", "port logs"],
    },
}
"""Article fields for ``render``: the bundle ``posts/hello`` of that site."""


def jinja_renderer(
    templates: Mapping[str, tuple[str, str]], urls: Urls = BLOG_URLS
) -> ShortcodeRenderer:
    """The render stage's ShortcodeRenderer over ``templates`` (name → (path, source)),
    with the theme's settings and every helper a shortcode template has."""
    env = make_environment(Path("/nonexistent-site"))
    sources = {f"shortcodes/{name}.html": source for name, (_, source) in templates.items()}
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(sources), jinja2.FileSystemLoader(THEME)])
    return JinjaShortcodes(env, Path("/nonexistent-site"), urls)


def article(body: str, body_line: int = 1, **fields: object) -> Article:
    """An article at ``content/a.md`` whose body starts at ``body_line``."""
    base = Article(
        source="content/a.md",
        slug="a",
        title="A",
        date=datetime(2024, 5, 1, tzinfo=UTC),
        updated=None,
        summary=None,
        authors=(),
        tags=(),
        section=None,
        image=None,
        image_alt=None,
        draft=False,
        related=(),
        aliases=(),
        body=body,
        body_line=body_line,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def registry() -> ShortcodeRegistry:
    """The theme's shortcodes and the site's own."""
    problems = Problems()
    loaded = load_shortcode_registry(site_templates(), problems)
    assert not problems, problems.sorted()
    return loaded


@pytest.fixture
def templates() -> dict[str, tuple[str, str]]:
    """The theme's shortcode templates plus the site's own, as the build passes them."""
    return site_templates()


Render = Callable[..., tuple[RenderedArticle | None, list[str]]]


@pytest.fixture(scope="session")
def render(registry: ShortcodeRegistry) -> Render:
    """``render(body, body_line=1, html="sanitize", …)`` → (result, problem lines).

    ``html`` is ``markdown.html``. Keyword arguments replace the shortcode
    renderer, the link resolver or any Article field.
    """
    renderer = jinja_renderer(site_templates())
    parsers = {
        mode: make_markdown(MarkdownConfig(html=mode), registry)
        for mode in ("sanitize", "drop", "unsafe")
    }

    def run(
        body: str,
        body_line: int = 1,
        html: str = "sanitize",
        shortcodes: ShortcodeRenderer = renderer,
        resolve_link: LinkResolver = keep_link,
        find_article: ArticleFinder = find_no_article,
        **fields: object,
    ) -> tuple[RenderedArticle | None, list[str]]:
        problems = Problems()
        result = render_article(
            article(body, body_line, **fields),
            parsers[html],
            shortcodes,
            resolve_link,
            problems,
            find_article,
        )
        return result, [str(problem) for problem in problems]

    return run
