"""The markdown stage: Article → RenderedArticle, shortcodes expanded (SPEC §4).

``build`` loads the shortcode registry from the templates once, makes one
markdown-it instance with :func:`make_markdown`, then maps
:func:`render_article` over the articles with the render stage's shortcode
renderer and the site model's link resolver and article finder passed in.
"""

from sitegen.markdown.document import ArticleFinder, LinkResolver, ShortcodeRenderer
from sitegen.markdown.parser import make_markdown
from sitegen.markdown.render import render_article, render_landing
from sitegen.markdown.shortcodes import (
    ArgSpec,
    ShortcodeRegistry,
    ShortcodeSpec,
    load_shortcode_registry,
)

__all__ = [
    "ArgSpec",
    "ArticleFinder",
    "LinkResolver",
    "ShortcodeRegistry",
    "ShortcodeRenderer",
    "ShortcodeSpec",
    "load_shortcode_registry",
    "make_markdown",
    "render_article",
    "render_landing",
]
