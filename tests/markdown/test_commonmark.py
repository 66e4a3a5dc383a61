"""Ordinary markdown is never changed by the shortcode layer.

Every CommonMark spec example (``fixtures/commonmark.json``, the spec's
examples as shipped with markdown-it-py's source) that contains no ``{{<``
renders identically with ``make_markdown`` and with a parser that has the same
options and plugins minus the shortcode plugin.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.config import MarkdownConfig
from sitegen.markdown import ShortcodeRegistry, make_markdown
from sitegen.markdown.code import highlighter
from sitegen.markdown.document import document_of
from sitegen.markdown.figures import figure_plugin
from sitegen.markdown.headings import heading_plugin
from sitegen.markdown.links import link_plugin
from sitegen.markdown.lists import list_plugins
from sitegen.markdown.sanitize import raw_html_plugin
from sitegen.markdown.typography import typography_plugin

KNOWN_DIFFERENCES = (218, 239, 240)
"""Empty blockquotes: markdown-it writes them on one line (its own spec test says so)."""
EXAMPLES = json.loads((Path(__file__).parent / "fixtures" / "commonmark.json").read_text("utf-8"))


def parser_without_shortcodes(config: MarkdownConfig) -> MarkdownIt:
    options = {"html": True, "alerts": True, "linkify": config.linkify}
    md = MarkdownIt("commonmark", {**options, "highlight": highlighter(config.highlight)})
    md.enable(["table", "strikethrough"])
    if config.linkify:
        md.enable("linkify")
        md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    md.use(footnote_plugin)
    md.use(list_plugins)
    if config.typographer:
        md.use(typography_plugin, "en")
    md.use(heading_plugin)
    md.use(link_plugin)
    md.use(figure_plugin)
    md.use(raw_html_plugin, config.html)
    return md


def render(md: MarkdownIt, text: str) -> str:
    """``md.render`` with raw HTML settled, as ``render_article`` does."""
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    return document_of(env).sanitized(md.renderer.render(tokens, md.options, env))


@pytest.mark.parametrize("html", ["sanitize", "drop", "unsafe"])
def test_commonmark_examples_render_the_same_with_the_shortcode_plugin(
    registry: ShortcodeRegistry, html: str
) -> None:
    config = MarkdownConfig(html=html)
    ours, plain = make_markdown(config, registry), parser_without_shortcodes(config)
    examples = [example for example in EXAMPLES if "{{<" not in example["markdown"]]
    assert len(examples) > 600
    different = [
        example["example"]
        for example in examples
        if render(ours, example["markdown"]) != render(plain, example["markdown"])
    ]
    assert different == []


def test_plain_commonmark_examples_match_the_spec(registry: ShortcodeRegistry) -> None:
    """Without headings (which gain ids), bare URLs as links, the typographer
    (curly quotes) or code in colour the output is the spec's own."""
    config = MarkdownConfig(html="unsafe", linkify=False, typographer=False, highlight=False)
    md = make_markdown(config, registry)
    failing = [
        example["example"]
        for example in EXAMPLES
        if example["example"] not in KNOWN_DIFFERENCES
        and "<h" not in example["html"]
        and "~" not in example["markdown"]
        and "|" not in example["markdown"]
        and "[^" not in example["markdown"]
        and "<img" not in example["html"]
        and md.render(example["markdown"]) != example["html"]
    ]
    assert failing == []
