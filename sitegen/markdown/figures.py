"""Captioned images: an image standing alone with a title becomes a figure.

``![Cranes at dawn](cranes.jpg "The east quay at 6 am.")`` alone in its
paragraph renders as ``<figure><img …><figcaption>The east quay at 6
am.</figcaption></figure>``: the title a reader never sees (it shows only on
hover) becomes the caption every reader sees, as news pages print one under
each picture. An image inside running text keeps its title attribute: a
figure cannot sit inside a paragraph.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def figure_plugin(md: MarkdownIt) -> None:
    """Add the core rule that turns captioned lone images into figures."""
    md.core.ruler.push("figures", make_figures)


def make_figures(state: StateCore) -> None:
    state.tokens = _with_figures(state.tokens)


def _with_figures(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each captioned lone image's paragraph made a figure."""
    result: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type == "shortcode_block" and token.children:
            token.children = _with_figures(token.children)
        result.append(token)
        if token.type != "paragraph_close" or index < 2:
            continue
        opener, inline = tokens[index - 2], tokens[index - 1]
        if opener.type != "paragraph_open":
            continue
        title = _lone_image_title(inline)
        if not title:
            continue
        # A tight list's paragraphs are hidden (no <p>); a figure is always shown.
        opener.tag = token.tag = "figure"
        opener.hidden = token.hidden = False
        result[-1:] = [*_caption(title, token), token]
    return result


def _lone_image_title(inline: Token) -> str:
    """The title of the one image ``inline`` holds (maybe inside a link), else ``""``."""
    children = [
        c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
    ]
    kinds = [c.type for c in children]
    if kinds not in (["image"], ["link_open", "image", "link_close"]):
        return ""
    image = children[kinds.index("image")]
    title = str(image.attrGet("title") or "").strip()
    if title:
        image.attrs.pop("title", None)
    return title


def _caption(title: str, close: Token) -> list[Token]:
    opener = Token("figcaption_open", "figcaption", 1, block=True, map=close.map)
    text = Token("text", "", 0, content=title)
    inline = Token("inline", "", 0, content=title, children=[text], block=True, map=close.map)
    closer = Token("figcaption_close", "figcaption", -1, block=True)
    return [opener, inline, closer]
