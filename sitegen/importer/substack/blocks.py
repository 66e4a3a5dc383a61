"""Substack's blocks (the editor's components in the exported HTML) → what sitegen says.

Substack exports each post as the HTML its editor rendered: an image is a
``captioned-image-container`` around a picture served from its CDN, a video
a ``youtube-wrap`` whose ``data-attrs`` name the video, a footnote an anchor
in the text and a ``footnote`` block at the end, and the newsletter's own
furniture (subscribe and share buttons, sign-up widgets, polls, the paywall's
place) sits between the paragraphs. Each block is rewritten here first into
what sitegen has for it (the ``figure``, ``youtube``, ``vimeo``, ``x`` and
``instagram`` shortcodes, markdown footnotes, a formula, a link); what only
works on Substack is left out with a note at its line; the rest goes to the
shared HTML converter.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from sitegen.importer.htmlcards import (
    HeldCalls,
    caption_markdown,
    classes,
    figure_call,
    link_paragraph,
    quoted,
    text_of,
    video_call,
    youtube_call,
)
from sitegen.markdown.fromhtml import html_to_markdown

SUBSTACK_ONLY = {
    "subscription-widget-wrap": "a sign-up form",
    "subscription-widget-wrap-editor": "a sign-up form",
    "subscribe-widget": "a sign-up form",
    "poll-embed": "a poll",
    "native-video-embed": "a video uploaded to Substack (the export holds no file of it)",
    "native-audio-embed": "an audio file uploaded to Substack (the export holds no file of it)",
    "community-chat": "a link to the newsletter's chat",
    "comment": "an embedded comment",
    "install-substack-app-embed": "a link to Substack's app",
    "recommendations-embed": "Substack recommendations",
}
"""Blocks that need Substack itself, by class: dropped, with what each was."""

_ACTIONS = re.compile(r"/subscribe\b|/comments?\b|[?&]action=share|[?&]gift=true|/leaderboard\b")
"""A button's address that is an action on Substack (subscribe, share, gift, comment)."""

_PAID = {"paywall-jump", "paywall"}


@dataclass(slots=True)
class Converted:
    """A post's markdown, whether it writes formulas, and what changed or was
    dropped on the way (line in the post's HTML file, message)."""

    markdown: str
    math: bool = False
    notes: list[tuple[int, str]] = field(default_factory=list)


def original_image(url: str) -> str:
    """The image a Substack CDN address serves, at its own size: the CDN's
    ``/image/fetch/TRANSFORMS/ENCODED-URL`` is the encoded URL; the storage
    Substack used until 2021 (``bucketeer-….s3.amazonaws.com``) answers no
    more at its old name, its files at ``substack-post-media``'s."""
    if "/image/fetch/" in url:
        inner = url.split("/image/fetch/", 1)[1].split("/", 1)
        if len(inner) == 2 and unquote(inner[1]).startswith(("http://", "https://")):
            url = unquote(inner[1])
    return re.sub(
        r"^https://bucketeer-[^/]*\.s3\.amazonaws\.com/",
        "https://substack-post-media.s3.amazonaws.com/",
        url,
    )


def convert_post_html(html_text: str, rewrite: Callable[[str], str]) -> Converted:
    """The markdown of a post's exported HTML; ``rewrite`` maps each link the post
    names to the one the new site uses (another post's address to its file)."""
    soup = BeautifulSoup(html_text, "html.parser")
    result = Converted("")
    calls = HeldCalls()
    for style in soup.select("a > style"):
        style.decompose()
    for node in list(soup.find_all(True)):
        if isinstance(node, Tag) and node.parent is not None:
            _block(node, soup, calls, result)
    footnotes = _footnotes(soup, calls)
    for element in soup.find_all(["a", "img", "source"]):
        if not isinstance(element, Tag):
            continue
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if isinstance(value, str) and value:
                element[attribute] = rewrite(original_image(value))
    converted = html_to_markdown(str(soup))
    result.notes.extend(converted.notes)
    markdown = calls.restore(converted.markdown).rstrip()
    if footnotes:
        markdown += "\n\n" + "\n\n".join(footnotes)
    result.markdown = markdown + "\n"
    return result


def _block(node: Tag, soup: BeautifulSoup, calls: HeldCalls, result: Converted) -> None:
    """Rewrite ``node`` when it is one of Substack's blocks."""
    kinds = classes(node)
    line = node.sourceline or 1
    dropped = next((SUBSTACK_ONLY[k] for k in sorted(kinds) if k in SUBSTACK_ONLY), None)
    if dropped is not None:
        result.notes.append((line, f"dropped {dropped}: it needs Substack"))
        node.decompose()
    elif kinds & _PAID:
        result.notes.append(
            (line, "the part for paying subscribers follows here: both parts are in the article")
        )
        node.decompose()
    elif "captioned-image-container" in kinds or (
        node.name == "a" and "image-link" in kinds and node.find_parent("figure") is None
    ):
        _image(node, soup, calls)
    elif "image-gallery-embed" in kinds:
        _gallery(node, soup, calls)
    elif "youtube-wrap" in kinds or "vimeo-wrap" in kinds:
        _video(node, soup, calls, result, line)
    elif "tweet" in kinds and node.name == "div":
        _tweet(node, soup, calls)
    elif "instagram" in kinds and node.name == "div":
        _instagram(node, soup, calls)
    elif "button-wrapper" in kinds:
        _button(node, soup, result, line)
    elif kinds & {"embedded-post-wrap", "digest-post-embed", "embedded-publication-wrap"}:
        _embedded_post(node, soup)
    elif "file-embed-wrapper" in kinds:
        _file(node, soup)
    elif "latex-rendered" in kinds:
        _formula(node, soup, calls, result)
    elif "pullquote" in kinds:
        node.name = "blockquote"
        node.attrs = {}


def _attrs(node: Tag) -> dict[str, Any]:
    """A block's ``data-attrs`` JSON (Substack escapes some of it twice); empty when
    it has none or it is not JSON."""
    raw = node.get("data-attrs")
    if not isinstance(raw, str):
        return {}
    for text in (raw, html.unescape(raw)):
        try:
            value = json.loads(text)
        except ValueError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def _largest(image: Tag) -> str:
    """An image's address at its largest: the first of its ``srcset``, else ``src``."""
    srcset = image.get("srcset")
    if isinstance(srcset, str) and srcset.strip():
        return srcset.split(",")[0].strip().split(" ")[0]
    src = image.get("src")
    return src if isinstance(src, str) else ""


def _image(node: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """A picture with its caption: the ``figure`` shortcode; the link around it kept
    unless it only opens the same picture (Substack's own viewer)."""
    image = node.find("img")
    if not isinstance(image, Tag):
        node.decompose()
        return
    src = original_image(_largest(image))
    anchor = node if node.name == "a" else node.find("a")
    href = anchor.get("href") if isinstance(anchor, Tag) else None
    link = href if isinstance(href, str) and not _same_image(href, src) else ""
    alt = image.get("alt")
    caption = caption_markdown(node)
    call = figure_call(src, alt if isinstance(alt, str) else "", caption, link)
    node.replace_with(calls.hold(soup, call))


def _same_image(href: str, src: str) -> bool:
    """Whether a link around a picture opens that picture (at any size of the CDN's)."""
    linked = original_image(href)
    return linked == src or "substackcdn.com/image" in href or "/public/images/" in linked


def _gallery(node: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """A gallery: its pictures one after the other, the caption under the last."""
    gallery = _attrs(node).get("gallery")
    images = gallery.get("images") if isinstance(gallery, dict) else None
    named = [i.get("src") for i in images or [] if isinstance(i, dict)]
    if not named:
        named = [_largest(i) for i in node.find_all("img") if isinstance(i, Tag)]
    sources = [original_image(s) for s in named if isinstance(s, str) and s]
    caption = str(gallery.get("caption") or "") if isinstance(gallery, dict) else ""
    caption = " ".join(caption.split()) or caption_markdown(node)
    held = [
        calls.hold(soup, figure_call(src, "", caption if index == len(sources) - 1 else ""))
        for index, src in enumerate(sources)
    ]
    for piece in reversed(held):
        node.insert_after(piece)
    node.decompose()


def _video(node: Tag, soup: BeautifulSoup, calls: HeldCalls, result: Converted, line: int) -> None:
    """A YouTube or Vimeo player: sitegen's shortcode, from the moment it started at."""
    attrs = _attrs(node)
    video = attrs.get("videoId")
    call: str | None = None
    if isinstance(video, str) and video and "youtube-wrap" in classes(node):
        start = attrs.get("startTime")
        call = youtube_call(video, int(start) if isinstance(start, int | float) else None)
    elif isinstance(video, str | int) and str(video).isdigit():
        call = f"{{{{< vimeo {video} >}}}}"
    else:
        frame = node.find("iframe")
        src = frame.get("src") if isinstance(frame, Tag) else None
        call = video_call(src) if isinstance(src, str) else None
    if call is None:
        result.notes.append((line, "dropped a video player that names no video"))
        node.decompose()
        return
    node.replace_with(calls.hold(soup, call))


_STATUS = re.compile(r"(?:twitter|x)\.com/([^/?#]+)/status(?:es)?/(\d+)")


def _tweet(node: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """An embedded post of X (Twitter): sitegen's ``x`` shortcode, else a link to it."""
    attrs = _attrs(node)
    url = attrs.get("url")
    if not isinstance(url, str):
        anchor = node.find("a", href=_STATUS)
        url = anchor.get("href") if isinstance(anchor, Tag) else None
    found = _STATUS.search(url) if isinstance(url, str) else None
    if found is None:
        node.unwrap()
        return
    user, status = found.groups()
    node.replace_with(calls.hold(soup, f"{{{{< x user={quoted(user)} id={quoted(status)} >}}}}"))


def _instagram(node: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    attrs = _attrs(node)
    post = attrs.get("instagram_id")
    if not isinstance(post, str):
        anchor = node.find("a", href=re.compile(r"instagram\.com/(?:p|reel)/"))
        href = anchor.get("href") if isinstance(anchor, Tag) else None
        found = re.search(r"/(?:p|reel)/([\w-]+)", href) if isinstance(href, str) else None
        post = found.group(1) if found else None
    if not post:
        node.unwrap()
        return
    node.replace_with(calls.hold(soup, f"{{{{< instagram {post} >}}}}"))


def _button(node: Tag, soup: BeautifulSoup, result: Converted, line: int) -> None:
    """A button: a link, unless it is one of Substack's actions (subscribe, share,
    gift a subscription, leave a comment), which a static site cannot take."""
    anchor = node.find("a")
    href = anchor.get("href") if isinstance(anchor, Tag) else None
    text = text_of(anchor) if isinstance(anchor, Tag) else ""
    if not isinstance(href, str) or not href:
        node.decompose()
        return
    if _ACTIONS.search(href):
        result.notes.append((line, f"dropped the button {text or href!r}: it needs Substack"))
        node.decompose()
        return
    node.replace_with(link_paragraph(soup, href, text or href))


def _embedded_post(node: Tag, soup: BeautifulSoup) -> None:
    """Another post shown as a card: its linked title and the start of its text."""
    attrs = _attrs(node)
    url = attrs.get("canonical_url") or attrs.get("url")
    anchor = node.find("a")
    if not isinstance(url, str) and isinstance(anchor, Tag):
        url = anchor.get("href")
    if not isinstance(url, str) or not url:
        node.unwrap()
        return
    title = " ".join(str(attrs.get("title") or "").split()) or text_of(anchor) or url
    about = attrs.get("truncated_body_text") or attrs.get("caption") or ""
    node.replace_with(link_paragraph(soup, url, title, " ".join(str(about).split()), strong=True))


def _file(node: Tag, soup: BeautifulSoup) -> None:
    anchor = node.find("a", class_="file-embed-button") or node.find("a")
    href = anchor.get("href") if isinstance(anchor, Tag) else None
    if not isinstance(href, str) or not href:
        node.decompose()
        return
    title = text_of(node.find(class_="file-embed-details-h1")) or href.rsplit("/", 1)[-1]
    about = text_of(node.find(class_="file-embed-details-h2"))
    node.replace_with(link_paragraph(soup, href, title, about))


def _formula(node: Tag, soup: BeautifulSoup, calls: HeldCalls, result: Converted) -> None:
    """A LaTeX block: a display formula, which sitegen sets as MathML (``markdown.math``)."""
    expression = _attrs(node).get("persistentExpression")
    if not isinstance(expression, str) or not expression.strip():
        node.decompose()
        return
    result.math = True
    node.replace_with(calls.hold(soup, "$$\n" + expression.strip() + "\n$$"))


def _footnotes(soup: BeautifulSoup, calls: HeldCalls) -> list[str]:
    """Substack's footnotes as markdown's: each anchor in the text ``[^N]``, each
    note's text ``[^N]: …`` at the end (further paragraphs indented under it)."""
    for anchor in list(soup.select("a.footnote-anchor")):
        number = text_of(anchor) or str(anchor.get("id", "")).rpartition("-")[2]
        anchor.replace_with(calls.hold_inline(soup, f"[^{number}]"))
    notes = []
    for block in list(soup.select("div.footnote")):
        marker = block.find(class_="footnote-number") or block.find("a")
        number = text_of(marker) if isinstance(marker, Tag) else ""
        content = block.find(class_="footnote-content")
        if isinstance(content, Tag):
            content.extract()
        block.decompose()
        if not number or not isinstance(content, Tag):
            continue
        text = html_to_markdown(content.decode_contents()).markdown.strip()
        text = calls.restore(text)
        first, *rest = text.split("\n")
        body = "\n".join("    " + piece if piece.strip() else "" for piece in rest)
        notes.append(f"[^{number}]: {first}" + ("\n" + body if body else ""))
    return notes


def host_of(url: str) -> str:
    """The host a link names, lower case; empty for a relative one."""
    return (urlsplit(url).hostname or "").lower()
