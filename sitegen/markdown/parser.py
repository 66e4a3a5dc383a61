"""The one markdown-it-py instance of a build, with every plugin in order.

``make_markdown(config, registry)`` is the only place plugins are registered;
the instance is created once per build (or worker) and is stateless between
renders, because everything per document lives in the render's ``env``.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.config import MarkdownConfig
from sitegen.markdown.headings import heading_plugin
from sitegen.markdown.links import link_plugin
from sitegen.markdown.shortcodes.expand import shortcode_plugin
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry


def make_markdown(config: MarkdownConfig, registry: ShortcodeRegistry) -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, alerts, shortcodes, heading ids."""
    md = MarkdownIt("commonmark", {"html": True, "alerts": True, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    # After footnotes: the shortcode fold must see footnote_tail's final tokens.
    md.use(shortcode_plugin, registry)
    # After shortcodes: heading ids and links walk the folded tokens.
    md.use(heading_plugin)
    md.use(link_plugin)
    if not config.unsafe_html:
        md.use(drop_raw_html)
    return md


def drop_raw_html(md: MarkdownIt) -> None:
    """Raw HTML is parsed (so it is not shown as text) but renders as nothing."""
    md.add_render_rule("html_block", _render_nothing)
    md.add_render_rule("html_inline", _render_nothing)


def _render_nothing(*_args: object) -> str:
    return ""
