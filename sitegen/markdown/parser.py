"""The one markdown-it-py instance of a build, with every plugin in order.

``make_markdown(config, registry)`` is the only place plugins are registered;
the instance is created once per build (or worker) and is stateless between
renders, because everything per document lives in the render's ``env``.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.config import MarkdownConfig
from sitegen.markdown.figures import figure_plugin
from sitegen.markdown.headings import heading_plugin
from sitegen.markdown.links import link_plugin
from sitegen.markdown.lists import list_plugins
from sitegen.markdown.nesting import nesting_plugin
from sitegen.markdown.sanitize import raw_html_plugin
from sitegen.markdown.shortcodes.expand import shortcode_plugin
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.markdown.typography import typography_plugin


def make_markdown(
    config: MarkdownConfig, registry: ShortcodeRegistry, language: str = "en"
) -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, task and definition lists, alerts,
    shortcodes, heading ids, captioned images, raw HTML as ``config.html`` says,
    and the typographer (quotes in ``language``'s marks) unless it is off."""
    md = MarkdownIt("commonmark", {"html": True, "alerts": True, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(list_plugins)
    if config.typographer:
        md.use(typography_plugin, language)
    # After footnotes: the shortcode fold must see footnote_tail's final tokens.
    md.use(shortcode_plugin, registry)
    # After the shortcode fold, before anything walks the tokens: too deep is an error.
    md.use(nesting_plugin, config.html)
    # After shortcodes: heading ids and links walk the folded tokens.
    md.use(heading_plugin)
    md.use(link_plugin)
    md.use(figure_plugin)
    # Last: its core rule notes the lines of raw HTML in the final tokens.
    md.use(raw_html_plugin, config.html)
    return md
