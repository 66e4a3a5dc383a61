"""Heading ids and attributes, anchor links, and the table of contents they feed.

Hugo's (Goldmark's) heading attributes come first: a ``{#id .class}`` block at
the end of a heading's text is taken off the text and set on the heading, the
way ``## Year in numbers {#numbers}`` gives ``<h2 id="numbers">``. The block
holds ``#id``, ``.class`` and ``key=value`` items, read as Goldmark reads them.
(mdit-py-plugins' ``attrs`` plugins read a block after an inline element or on
a line of its own, never the trailing form, hence this rule.)

Then every body heading gets a stable id: the one its author gave (which must
be unique in the page), else the one GitHub, Hugo, Docusaurus and MkDocs make
of its text (:func:`github_anchor`), with ``-1``, ``-2`` added when that id is
taken by any other heading. Headings h2 to h6 are recorded in
the ``Document`` for the table of contents, in their clean text. Headings
inside an ``faq`` are its questions and are left out. The closing render rule
adds the anchor link the theme styles::

    <h2 id="background">Background <a class="heading-anchor" href="#background"
    aria-label="Link to this section: Background">#</a></h2>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from sitegen.language import fill
from sitegen.markdown.document import Document, document_of, plain_text, walk_blocks
from sitegen.model import Heading

TOC_LEVELS = ("h2", "h3", "h4", "h5", "h6")

ALLOWED_ATTRIBUTES = frozenset(
    {
        "accesskey", "autocapitalize", "autofocus", "class", "contenteditable", "dir",
        "draggable", "enterkeyhint", "hidden", "id", "inert", "inputmode", "is", "itemid",
        "itemprop", "itemref", "itemscope", "itemtype", "lang", "part", "role", "slot",
        "spellcheck", "style", "tabindex", "title", "translate",
    }
)  # fmt: skip
"""Goldmark's global attributes, the ones Hugo renders on a heading (besides
``data-*``, and here ``aria-*`` too); never an event handler."""

EXPLICIT = "explicit_id"
"""``heading_open.meta`` key: the id the author wrote, if any (on a paragraph,
link or image too, from an attribute list)."""
ID_LINE = "id_line"
"""``meta`` key of a link or image given an id: its body line (it has no map)."""


ANCHOR_LABEL = "Link to this section: {heading}"
"""The anchor link's label when no words are handed in (the English table's)."""


def heading_plugin(md: MarkdownIt, anchor_label: str = ANCHOR_LABEL) -> None:
    """Add heading attributes and ids (core rules) and anchor links (a render rule).

    ``anchor_label`` is what a screen reader says of the "#" link, ``{heading}``
    the heading's text: the theme's ``heading.anchor``, in the site's language."""

    def render_close(
        renderer: RendererHTML,
        tokens: Sequence[Token],
        idx: int,
        options: OptionsDict,
        env: MutableMapping[str, Any],
    ) -> str:
        return render_heading_close(renderer, tokens, idx, options, env, anchor_label)

    # Before text_join: a backslash-escaped "\{" is still its own token there,
    # so "## Sets \{#x}" keeps its braces as text, as in Goldmark. Before the
    # typographer too: it would curl the quotes of {title="Method"}.
    md.core.ruler.before("smartquotes", "heading_attributes", take_heading_attributes)
    md.core.ruler.push("heading_levels", close_level_gaps)
    md.core.ruler.push("heading_ids", assign_heading_ids)
    md.add_render_rule("heading_close", render_close)


def take_heading_attributes(state: StateCore) -> None:
    """Move each heading's trailing ``{…}`` attribute block onto the heading."""
    document = document_of(state.env)
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        attributes = split_attributes(state.tokens[index + 1])
        if attributes is None:
            continue
        line = token.map[0] if token.map else 0
        for name, value in attributes.items():
            if name == "id":
                token.meta[EXPLICIT] = value
            if _allowed(name):
                token.attrSet(name, value)
            elif name.startswith("on"):  # a script: never dropped without a word
                document.error(
                    line,
                    f"heading attribute '{name}' is not allowed; use #id, .class, "
                    "or an attribute such as title, lang, data-… or aria-…",
                )
            else:  # a theme's switch (hugo-book's {anchor=false}): Hugo printed it
                document.warnings.append(
                    (
                        line,
                        f"heading attribute '{name}' left out: HTML has no such attribute; "
                        "use #id, .class, or an attribute such as title, lang, data-… or aria-…",
                    )
                )


def _allowed(name: str) -> bool:
    return name in ALLOWED_ATTRIBUTES or name.startswith(("data-", "aria-"))


def split_attributes(inline: Token) -> dict[str, str] | None:
    """Take a trailing attribute block off a heading's text; its attributes, or None.

    The block must end the heading's last text token (so a ``{…}`` in a code span
    or after an escaped brace stays text) and hold at least one attribute.
    """
    children = inline.children
    if not children or children[-1].type != "text" or not children[-1].content.endswith("}"):
        return None
    last = children[-1]
    start = last.content.rfind("{")
    while start >= 0:
        written = last.content[start:]
        attributes = parse_attributes(written)
        if attributes:
            last.content = last.content[:start].rstrip()
            if not last.content:
                children.pop()
            if inline.content.endswith(written):
                inline.content = inline.content.removesuffix(written).rstrip()
            return attributes
        start = last.content.rfind("{", 0, start)
    return None


_NAME = r"[^\s!\"#$%&'()*+,/;<=>?@\[\\\]^`{|}~]+"
"""An id or class: no space, no ASCII punctuation but ``_ - : .`` (Goldmark's rule)."""
_ATTRIBUTE = re.compile(
    rf"""\s*(?:
        (?P<sigil>[#.])(?P<name>{_NAME})
      | (?P<key>[A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*
        (?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s,"'{{}}]+))
    )\s*,?""",
    re.VERBOSE,
)


def parse_attributes(written: str) -> dict[str, str] | None:
    """``{#id .a .b key=value key="v"}`` → attributes, as Goldmark reads them.

    mdit-py-plugins' attribute parser (djot's syntax) refuses a dot in an id,
    which Goldmark takes (``{#v1.2}``), so a heading from a Hugo site would keep
    its block as text. kramdown's colon (``{: #id .a}``) is read too. Classes
    add up; a later id or key wins. None when ``written`` is not one whole block.
    """
    if not (written.startswith("{") and written.endswith("}")):
        return None
    inner, position = written[1:-1], 0
    if inner.startswith(":") and inner[1:2] in (" ", ".", "#", ""):  # kramdown's {: #id}
        inner = inner[1:]
    attributes: dict[str, str] = {}
    while position < len(inner.rstrip()):
        match = _ATTRIBUTE.match(inner, position)
        if match is None:
            return None
        position = match.end()
        if match["sigil"] == ".":
            classes = attributes.get("class")
            attributes["class"] = f"{classes} {match['name']}" if classes else match["name"]
        elif match["sigil"] == "#":
            attributes["id"] = match["name"]
        elif match["quoted"] is not None:
            attributes[match["key"]] = re.sub(r"\\(.)", r"\1", match["quoted"])
        else:
            attributes[match["key"]] = match["bare"]
    return attributes


TOP_LEVEL = 2
"""A body's first heading level: the page's title is its ``h1``."""


def close_level_gaps(state: StateCore) -> None:
    """Render body headings from ``h2`` down, never a level deeper than the one above.

    Authors of other tools start a post at ``###`` or go from ``###`` to ``#####``,
    and each such page failed the Nu HTML checker ("skipping 1 heading level"),
    while a screen reader's list of headings shows holes. Each heading becomes
    one level below the nearest earlier heading the author wrote shallower
    (``h2`` with none), so the outline the author meant is kept; the markdown
    (and an FAQ's question headings, which are its own) are left as they are.
    """
    written: list[tuple[int, int]] = []  # (level written, level rendered) of the open sections
    for index, token, siblings in walk_blocks(state.tokens, skip="faq"):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        while written and written[-1][0] >= level:
            written.pop()
        shown = min(written[-1][1] + 1 if written else TOP_LEVEL, 6)
        written.append((level, shown))
        token.tag = siblings[index + 2].tag = f"h{shown}"


def assign_heading_ids(state: StateCore) -> None:
    """Give each heading a unique id and record the table of contents.

    Ids the author wrote are kept as written; a second heading with the same
    one is an error naming the first. An id made from the text steps aside for
    every id the author wrote, wherever in the page it is.
    """
    document = document_of(state.env)
    headings = [
        (token, siblings[index + 1], siblings[index + 2])
        for index, token, siblings in walk_blocks(state.tokens, skip="faq")
        if token.type == "heading_open"
    ]
    others = [t for t in _with_children(state.tokens) if EXPLICIT in t.meta]
    used = _explicit_ids([opening for opening, _, _ in headings], document, others)
    for opening, inline, closing in headings:
        text = plain_text(inline.children)
        made = github_anchor(text) or "section"
        anchor = opening.meta.get(EXPLICIT) or unique_id(made, used)
        opening.attrs = {"id": anchor, **opening.attrs}  # the id first, as Hugo writes it
        closing.meta = {"anchor": anchor, "text": text}
        if opening.tag in TOC_LEVELS:
            document.headings.append(Heading(int(opening.tag[1]), text, anchor))
    _report_faq_attributes(state.tokens, document)


def _explicit_ids(
    openings: Sequence[Token], document: Document, others: Sequence[Token] = ()
) -> set[str]:
    """The ids authors wrote, on headings and on ``others`` (a paragraph, link or
    image given one by an attribute list); reports each one used by an earlier
    heading (or, for ``others``, by any element) too."""
    first_line: dict[str, int] = {}
    for token in openings:
        anchor = token.meta.get(EXPLICIT)
        if anchor is None:
            continue
        line = token.map[0] if token.map else 0
        if anchor in first_line:
            document.error(
                line,
                f"heading id '{anchor}' is already the id of the heading on line "
                f"{document.body_line + first_line[anchor]}; give one of them another id",
            )
        else:
            first_line[anchor] = line
    seen = set(first_line)
    for token in others:
        anchor = token.meta[EXPLICIT]
        if anchor in seen:
            document.error(
                token.meta.get(ID_LINE, token.map[0] if token.map else 0),
                f"id '{anchor}' is given twice in this article; give one of them another id",
            )
        seen.add(anchor)
    return seen


def _with_children(tokens: Sequence[Token]) -> Iterator[Token]:
    """Every token but headings' openings, the children of inline ones and
    shortcodes' included."""
    for token in tokens:
        if token.type != "heading_open":
            yield token
        if token.children:
            yield from _with_children(token.children)


def _report_faq_attributes(tokens: Sequence[Token], document: Document) -> None:
    """An FAQ question is shown in a ``<summary>``: attributes on it would be lost."""
    for _, token, _ in walk_blocks(tokens):
        if token.type != "shortcode_block" or token.meta["name"] != "faq":
            continue
        depth = 0
        for child in token.children or ():
            question = depth == 0 and child.type == "heading_open" and child.tag == "h3"
            if question and (EXPLICIT in child.meta or child.attrs):
                line = child.map[0] if child.map else 0
                document.error(line, "an FAQ question takes no {…} attributes; remove them")
            depth += child.nesting


def github_anchor(text: str) -> str:
    """The id GitHub gives a heading whose text is ``text``, before repeats.

    Hugo (its default ``github`` ids), Docusaurus and MkDocs give the same, and
    posts link to it, from the page and from other sites: ``## What's new?`` is
    ``whats-new``. Lower case; letters (of every script, accents kept), marks,
    digits, ``_`` and ``-`` kept; each space a ``-``; everything else left out.
    """
    return "".join(
        "-" if char == " " else char for char in text.strip().lower() if _in_anchor(char)
    )


def _in_anchor(char: str) -> bool:
    """Whether GitHub keeps ``char`` in an anchor (Ruby's ``[\\p{Word}\\- ]``). An
    emoji's variation selector (``❤️``: U+2764 U+FE0F) is a mark no reader sees:
    kept, it began or ended the id (``#\ufe0femojis``) where Hugo and the posts
    linking to it have ``#emojis``; it goes with the emoji it follows."""
    if "\ufe00" <= char <= "\ufe0f" or char == "\u200d":  # and emoji's joiner
        return False
    category = unicodedata.category(char)
    return char in "- " or category[0] in "LM" or category in ("Nd", "Nl", "Pc")


def unique_id(base: str, used: set[str]) -> str:
    """``base``, or ``base-1``, ``base-2``… whichever is still free, as GitHub and
    Hugo number a repeated heading; marks it used."""
    candidate, number = base, 0
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
    anchor_label: str = "",
) -> str:
    """``</hN>`` preceded by the anchor link when the heading has an id."""
    token = tokens[idx]
    anchor = token.meta.get("anchor") if token.meta else None
    if anchor is None:
        return renderer.renderToken(tokens, idx, options, env)
    label = escapeHtml(fill(anchor_label or ANCHOR_LABEL, {"heading": token.meta["text"]}))
    return (
        f' <a class="heading-anchor" href="#{escapeHtml(anchor)}" aria-label="{label}">#</a>'
        f"</{token.tag}>\n"
    )
