"""Heading ids and anchor links, and the table of contents they feed.

A core rule gives every body heading a stable id (its text slugified; a
repeated id gets ``-2``, ``-3``) and records h2 to h6 in the ``Document`` for the
table of contents. Headings inside an ``faq`` are its questions and are left
out. The closing render rule adds the anchor link the theme styles::

    <h2 id="background">Background <a class="heading-anchor" href="#background"
    aria-label="Link to this section: Background">#</a></h2>
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.markdown.document import document_of, plain_text, walk_blocks
from sitegen.model import Heading
from sitegen.slugs import slugify

TOC_LEVELS = ("h2", "h3", "h4", "h5", "h6")


def heading_plugin(md: MarkdownIt) -> None:
    """Add heading ids (a core rule) and anchor links (a render rule)."""
    md.core.ruler.push("heading_ids", assign_heading_ids)
    md.add_render_rule("heading_close", render_heading_close)


def assign_heading_ids(state: StateCore) -> None:
    """Give each heading a unique id and record the table of contents."""
    document = document_of(state.env)
    used: set[str] = set()
    for index, token, siblings in walk_blocks(state.tokens, skip="faq"):
        if token.type != "heading_open":
            continue
        text = plain_text(siblings[index + 1].children)
        anchor = unique_id(slugify(text) or "section", used)
        token.attrSet("id", anchor)
        siblings[index + 2].meta = {"anchor": anchor, "text": text}
        if token.tag in TOC_LEVELS:
            document.headings.append(Heading(int(token.tag[1]), text, anchor))


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is still free; marks it used."""
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


def render_heading_close(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: MutableMapping[str, Any],
) -> str:
    """``</hN>`` preceded by the anchor link when the heading has an id."""
    token = tokens[idx]
    anchor = token.meta.get("anchor") if token.meta else None
    if anchor is None:
        return renderer.renderToken(tokens, idx, options, env)
    label = escapeHtml(f"Link to this section: {token.meta['text']}")
    return (
        f' <a class="heading-anchor" href="#{escapeHtml(anchor)}" aria-label="{label}">#</a>'
        f"</{token.tag}>\n"
    )
