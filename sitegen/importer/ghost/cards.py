"""Ghost's cards (the editor's blocks, ``kg-card`` in the stored HTML) → what sitegen says.

Ghost stores each post as the HTML its editor rendered, cards included: an
image with its caption, a gallery, a bookmark (a link shown with its title,
description and thumbnail), a callout, a toggle, an embed, a button, a signup
form. Most are layout around plain content, which the shared HTML converter
would turn into loose paragraphs or drop without saying what they were. Each
is rewritten here first into what sitegen has for it (the ``figure``,
``callout``, ``details`` and ``youtube``/``vimeo`` shortcodes, a link, an
image), and what has no place on a static site (a signup form, a members'
call to action) is left out with a note at its line. Shortcode calls are
hidden from the converter behind placeholders and put back after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, Tag

from sitegen.importer.htmlcards import (
    HeldCalls,
    caption_markdown,
    classes,
    figure_call,
    link_paragraph,
    quoted,
    text_of,
    video_call,
)
from sitegen.markdown.fromhtml import html_to_markdown

_CARD_MARKERS = re.compile(r"<!--\s*kg-card-(?:begin|end):[^>]*-->|<!--\s*members-only\s*-->")
"""Ghost's comments around HTML and markdown cards, and the paywall's place: the
content between them is the post's own, the markers are not."""


@dataclass(slots=True)
class Converted:
    """A post's markdown and what changed or was dropped on the way (line, message)."""

    markdown: str
    notes: list[tuple[int, str]] = field(default_factory=list)


def convert_post_html(html: str, first_line: int, rewrite: Callable[[str], str]) -> Converted:
    """The markdown of a post's stored HTML; ``rewrite`` maps each link and image
    URL the post names (``__GHOST_URL__/...`` included) to the one the new site uses.
    Lines in notes count from ``first_line``."""
    notes: list[tuple[int, str]] = []
    soup = BeautifulSoup(_CARD_MARKERS.sub("", html), "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for element in soup.find_all(["a", "img", "source", "video", "audio"]):
        if not isinstance(element, Tag):
            continue
        for attribute in ("href", "src", "poster"):
            value = element.get(attribute)
            if isinstance(value, str) and value:
                element[attribute] = rewrite(value)
    calls = HeldCalls()
    for card in list(soup.find_all(class_="kg-card")):
        if card.parent is None:
            continue  # inside a card already replaced
        line = first_line + (card.sourceline or 1) - 1
        _rewrite_card(card, soup, calls, notes, line)
    for frame in list(soup.find_all("iframe")):  # an embed written by hand, in an HTML card
        src = frame.get("src") if isinstance(frame, Tag) else None
        call = video_call(src) if isinstance(src, str) else None
        if call is not None and isinstance(frame, Tag):
            line = first_line + (frame.sourceline or 1) - 1
            frame.replace_with(calls.hold(soup, call))
            notes.append((line, f"embedded video {src} is sitegen's {call.split()[1]} shortcode"))
    converted = html_to_markdown(str(soup))
    notes.extend((first_line + line - 1, message) for line, message in converted.notes)
    return Converted(calls.restore(converted.markdown), notes)


def _rewrite_card(
    card: Tag, soup: BeautifulSoup, calls: HeldCalls, notes: list[tuple[int, str]], line: int
) -> None:
    kinds = classes(card)
    if "kg-image-card" in kinds:
        _image(card, soup, calls)
    elif "kg-gallery-card" in kinds:
        _gallery(card, soup, calls)
    elif "kg-bookmark-card" in kinds:
        _bookmark(card, soup)
    elif "kg-callout-card" in kinds:
        _callout(card, soup, calls)
    elif "kg-toggle-card" in kinds:
        _toggle(card, soup, calls)
    elif "kg-embed-card" in kinds:
        _embed(card, soup, calls, notes, line)
    elif "kg-button-card" in kinds:
        _button(card, soup)
    elif kinds & {"kg-signup-card", "kg-cta-card", "kg-product-card", "kg-header-card"}:
        _promotion(card, soup, kinds, notes, line)
    elif "kg-file-card" in kinds:
        _file(card, soup)
    elif kinds & {"kg-video-card", "kg-audio-card"}:
        _media(card, soup)


def _figure_call(image: Tag, caption: str, link: str = "") -> str | None:
    src, alt = image.get("src"), image.get("alt")
    if not isinstance(src, str) or not src:
        return None
    return figure_call(src, alt if isinstance(alt, str) else "", caption, link)


def _image(card: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    image = card.find("img")
    link = image.find_parent("a") if isinstance(image, Tag) else None
    href = link.get("href") if link is not None else None
    caption = caption_markdown(card)
    call = (
        _figure_call(image, caption, href if isinstance(href, str) else "")
        if isinstance(image, Tag)
        else None
    )
    if call is None:
        card.decompose()
        return
    card.replace_with(calls.hold(soup, call))


def _gallery(card: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """A gallery: its images one after the other, the caption under the last."""
    images = [i for i in card.find_all("img") if isinstance(i, Tag)]
    caption = caption_markdown(card)
    held = []
    for index, image in enumerate(images):
        call = _figure_call(image, caption if index == len(images) - 1 else "")
        if call is not None:
            held.append(calls.hold(soup, call))
    for piece in reversed(held):
        card.insert_after(piece)
    card.decompose()


def _bookmark(card: Tag, soup: BeautifulSoup) -> None:
    """A bookmark: the linked title, then its description, as a reader saw them."""
    link = card.find("a")
    href = link.get("href") if isinstance(link, Tag) else None
    if not isinstance(href, str) or not href:
        card.decompose()
        return
    title = text_of(card.find(class_="kg-bookmark-title")) or href
    description = text_of(card.find(class_="kg-bookmark-description"))
    card.replace_with(link_paragraph(soup, href, title, description, strong=True))


def _callout(card: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """A callout: sitegen's ``note`` callout, its emoji kept at the start of the text."""
    emoji = text_of(card.find(class_="kg-callout-emoji"))
    text = card.find(class_="kg-callout-text")
    inner = html_to_markdown(text.decode_contents() if isinstance(text, Tag) else "").markdown
    inner = f"{emoji} {inner.strip()}" if emoji else inner.strip()
    call = '{{< callout type="note" >}}\n' + inner + "\n{{< /callout >}}"
    card.replace_with(calls.hold(soup, call))


def _toggle(card: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """A toggle: a disclosure widget with its heading as the summary."""
    heading = text_of(card.find(class_="kg-toggle-heading-text")) or text_of(
        card.find(class_="kg-toggle-heading")
    )
    content = card.find(class_="kg-toggle-content")
    inner = html_to_markdown(content.decode_contents() if isinstance(content, Tag) else "")
    call = (
        "{{< details summary="
        + quoted(heading or "More")
        + " >}}\n"
        + inner.markdown.strip()
        + "\n{{< /details >}}"
    )
    card.replace_with(calls.hold(soup, call))


def _embed(
    card: Tag, soup: BeautifulSoup, calls: HeldCalls, notes: list[tuple[int, str]], line: int
) -> None:
    """An embed: a YouTube or Vimeo video becomes sitegen's shortcode; any other frame
    is left to the converter, which links to it with a note."""
    frame = card.find("iframe")
    src = frame.get("src") if isinstance(frame, Tag) else None
    if not isinstance(src, str):
        card.unwrap()
        return
    call = video_call(src)
    if call is None:
        card.unwrap()
        return
    caption = caption_markdown(card)
    held = calls.hold(soup, call)
    card.replace_with(held)
    if caption:
        under = soup.new_tag("p")
        under.append(soup.new_tag("em"))
        under.em.string = caption  # type: ignore[union-attr]
        held.insert_after(under)
    notes.append((line, f"embedded video {src} is sitegen's {call.split()[1]} shortcode"))


def _button(card: Tag, soup: BeautifulSoup) -> None:
    link = card.find("a")
    href = link.get("href") if isinstance(link, Tag) else None
    if not isinstance(href, str) or not href:
        card.decompose()
        return
    text = (text_of(link) if isinstance(link, Tag) else "") or href
    card.replace_with(link_paragraph(soup, href, text))


def _promotion(
    card: Tag, soup: BeautifulSoup, kinds: set[str], notes: list[tuple[int, str]], line: int
) -> None:
    """Sign-up forms and calls to action need Ghost's members: left out. A header or
    product card's words are kept as a heading and paragraphs."""
    if kinds & {"kg-signup-card", "kg-cta-card"}:
        what = "a newsletter sign-up form" if "kg-signup-card" in kinds else "a call to action"
        notes.append((line, f"dropped {what} (Ghost members): a static site has none"))
        card.decompose()
        return
    pieces = []
    for node in card.find_all(["h1", "h2", "h3", "h4", "p", "a"]):
        if node.name == "a" and node.get("href"):
            href = str(node.get("href"))
            pieces.append(link_paragraph(soup, href, text_of(node) or href))
        elif node.name != "a" and text_of(node):
            kept = soup.new_tag("h2" if node.name.startswith("h") else "p")
            kept.string = text_of(node)
            pieces.append(kept)
    for piece in reversed(pieces):
        card.insert_after(piece)
    card.decompose()


def _file(card: Tag, soup: BeautifulSoup) -> None:
    link = card.find("a")
    href = link.get("href") if isinstance(link, Tag) else None
    if not isinstance(href, str) or not href:
        card.decompose()
        return
    title = text_of(card.find(class_="kg-file-card-title")) or href.rsplit("/", 1)[-1]
    caption = text_of(card.find(class_="kg-file-card-caption"))
    card.replace_with(link_paragraph(soup, href, title, caption))


def _media(card: Tag, soup: BeautifulSoup) -> None:
    """A video or audio card: the bare element with its source and controls (the
    card's own player is Ghost's script), the caption under it."""
    media = card.find(["video", "audio"])
    if not isinstance(media, Tag) or not media.get("src"):
        card.decompose()
        return
    kept = soup.new_tag(media.name, src=str(media.get("src")), controls="")
    if media.get("poster"):
        kept["poster"] = str(media.get("poster"))
    caption = text_of(card.find("figcaption"))
    card.replace_with(kept)
    if caption:
        under = soup.new_tag("p")
        under.string = caption
        kept.insert_after(under)
