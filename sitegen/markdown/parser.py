"""The one markdown-it-py instance of a build, with every plugin in order.

``make_markdown(config, registry)`` is the only place plugins are registered;
the instance is created once per build (or worker) and is stateless between
renders, because everything per document lives in the render's ``env``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.config import MarkdownConfig
from sitegen.language import Words, site_words
from sitegen.markdown.abbreviations import abbreviation_plugin
from sitegen.markdown.admonitions import admonition_plugin
from sitegen.markdown.attributelists import attribute_list_plugin
from sitegen.markdown.code import highlighter, language_line_plugin
from sitegen.markdown.figures import figure_plugin
from sitegen.markdown.headings import heading_plugin
from sitegen.markdown.links import link_plugin
from sitegen.markdown.lists import list_plugins
from sitegen.markdown.math import math_plugin
from sitegen.markdown.nesting import nesting_plugin
from sitegen.markdown.sanitize import raw_html_plugin
from sitegen.markdown.shortcodes.expand import shortcode_plugin
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry
from sitegen.markdown.typography import typography_plugin


class SchemeLinks(LinkifyIt):  # type: ignore[misc]  # linkify-it-py has no type hints
    """linkify-it-py as Goldmark's linkify finds links: a URL with its scheme
    (``https://…``, ``mailto:…``) and, as GitHub's extended autolinks, one
    starting ``www.`` (``www.example.org/help``, linked with ``http://``);
    ``example.org`` in a sentence stays text.

    Its own first test passes nearly every paragraph (anything like a host
    name), and the full search then cost twice what parsing the rest of the
    markdown did; a paragraph without ``://``, ``www.`` or ``mailto:`` holds no
    such URL."""

    def __init__(self) -> None:
        super().__init__()
        self.set({"fuzzy_link": True, "fuzzy_email": False})
        self.add("//", None)  # a scheme-relative "//host/path" is no link in Goldmark either

    def pretest(self, text: str) -> bool:
        lowered = text.lower()
        if "://" in text or "www." in lowered or (":" in text and "mailto:" in lowered):
            return bool(super().pretest(text))
        return False

    def test(self, text: str) -> bool:
        return bool(self.match(text))

    def match(self, text: str) -> list[Any] | None:
        """The links of ``text``: those with a scheme, and those without one that
        start ``www.`` (a bare ``example.org`` is no link to Goldmark)."""
        found = super().match(text) or []
        kept = [link for link in found if link.schema or link.raw.lower().startswith("www.")]
        return kept or None


def footnote_anchor_name(
    self: object, tokens: Sequence[Token], idx: int, options: object, env: object
) -> str:
    """A footnote's ids as Hugo's Goldmark and Jekyll's kramdown write them, ``fn:1``
    and ``fnref:1`` (markdown-it's are ``fn1``): a moved site's links to its
    notes, hand-written or from elsewhere, keep landing."""
    return f":{tokens[idx].meta['id'] + 1}"


def make_markdown(
    config: MarkdownConfig,
    registry: ShortcodeRegistry,
    language: str = "en",
    words: Words | None = None,
) -> MarkdownIt:
    """CommonMark + tables, strikethrough, footnotes, task and definition lists, alerts
    (GitHub's, Docusaurus' and MkDocs' boxes),
    shortcodes, heading ids, captioned images, raw HTML as ``config.html`` says,
    and, unless they are off, bare URLs as links, the typographer (quotes in
    ``language``'s marks) and code in colour; with ``config.breaks``, a line break
    in a paragraph as ``<br>``. ``words`` (the site's, else
    ``language``'s) say the heading anchors' label."""
    anchor_label = (words or site_words(language)).phrase("heading.anchor")
    options = {"html": True, "alerts": True, "linkify": config.linkify, "breaks": config.breaks}
    md = MarkdownIt("commonmark", {**options, "highlight": highlighter(config.highlight)})
    md.enable(["table", "strikethrough"])
    if config.linkify:
        md.enable("linkify")
        md.linkify = SchemeLinks()
    md.use(footnote_plugin)
    md.add_render_rule("footnote_anchor_name", footnote_anchor_name)
    md.use(language_line_plugin)
    md.use(list_plugins)
    if config.math:  # before the typographer and the shortcodes: TeX is neither
        md.use(math_plugin)
    if config.typographer:
        md.use(typography_plugin, language)
    md.use(admonition_plugin)  # its boxes are alerts, which the shortcode fold makes callouts
    md.use(attribute_list_plugin)
    md.use(abbreviation_plugin)  # before the shortcode fold, which reads the text tokens
    # After footnotes: the shortcode fold must see footnote_tail's final tokens.
    md.use(shortcode_plugin, registry)
    # After the shortcode fold, before anything walks the tokens: too deep is an error.
    md.use(nesting_plugin, config.html)
    # After shortcodes: heading ids and links walk the folded tokens.
    md.use(heading_plugin, anchor_label)
    md.use(link_plugin)
    md.use(figure_plugin)
    # Last: its core rule notes the lines of raw HTML in the final tokens.
    md.use(raw_html_plugin, config.html)
    return md
