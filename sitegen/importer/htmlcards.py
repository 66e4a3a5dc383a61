"""What the importers of editor HTML (Ghost, Substack) share.

Both platforms store a post as the HTML their editor rendered, with blocks
(an image with its caption, an embedded video, a button) written as layout
around plain content. Each importer rewrites its own blocks first into what
sitegen has for them, a shortcode call or a plain link, and then hands the
rest to the shared HTML converter. The calls are held aside behind
placeholders while it runs (it would escape them) and put back after; the
pieces here are the calls and paragraphs both make alike, so a video or a
figure comes out of either import the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from sitegen.markdown.fromhtml import html_to_markdown

_YOUTUBE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:embed/(?!videoseries\b)|watch\?v=)|youtu\.be/)([\w-]{6,})"
)
_VIMEO = re.compile(r"player\.vimeo\.com/video/(\d+)|vimeo\.com/(\d+)")
_SECONDS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


@dataclass(slots=True)
class HeldCalls:
    """Shortcode calls set aside while the HTML converter runs: each stands in the
    HTML as a paragraph holding a placeholder the converter leaves as it is."""

    calls: list[str] = field(default_factory=list)

    def hold(self, soup: BeautifulSoup, call: str) -> Tag:
        self.calls.append(call)
        held = soup.new_tag("p")
        held.string = f"SITEGENCALL{len(self.calls) - 1}X"
        return held

    def hold_inline(self, soup: BeautifulSoup, text: str) -> NavigableString:
        """Markdown that stands inside a paragraph (a footnote's reference), held as
        a word of the text around it."""
        self.calls.append(text)
        return NavigableString(f"SITEGENCALL{len(self.calls) - 1}X")

    def restore(self, markdown: str) -> str:
        def put_back(found: re.Match[str]) -> str:
            return self.calls[int(found.group(1))]

        return re.sub(r"SITEGENCALL(\d+)X", put_back, markdown)


def classes(node: Tag) -> set[str]:
    value = node.get("class")
    return set(value) if isinstance(value, list) else set(str(value or "").split())


def text_of(node: Tag | None) -> str:
    """The words of ``node`` on one line."""
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def quoted(value: str) -> str:
    """A shortcode argument's value in double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def figure_call(src: str, alt: str = "", caption: str = "", link: str = "") -> str:
    """sitegen's ``figure`` shortcode for an image, its caption (inline markdown)
    and the link around it, if any."""
    parts = [f"src={quoted(src)}"]
    if alt.strip():
        parts.append(f"alt={quoted(alt.strip())}")
    if caption:
        parts.append(f"caption={quoted(caption)}")
    if link and link != src:
        parts.append(f"link={quoted(link)}")
    return "{{< figure " + " ".join(parts) + " >}}"


def caption_markdown(card: Tag) -> str:
    """A block's caption (its ``figcaption``) as inline markdown, links and emphasis kept."""
    caption = card.find("figcaption")
    if not isinstance(caption, Tag):
        return ""
    return " ".join(html_to_markdown(caption.decode_contents()).markdown.split())


def link_paragraph(
    soup: BeautifulSoup, href: str, text: str, after: str = "", strong: bool = False
) -> Tag:
    """``<p><a href>text</a> — after</p>``: what a bookmark, button or file block
    showed, as a paragraph the converter makes a markdown link of."""
    paragraph = soup.new_tag("p")
    anchor = soup.new_tag("a", href=href)
    if strong:
        anchor.append(soup.new_tag("strong"))
        anchor.strong.string = text  # type: ignore[union-attr]
    else:
        anchor.string = text
    paragraph.append(anchor)
    if after:
        paragraph.append(NavigableString(f" — {after}"))
    return paragraph


def video_call(src: str) -> str | None:
    """sitegen's shortcode for a YouTube or Vimeo player's or page's address, with the
    moment a YouTube link starts at (``start=90``, ``t=1m30s``); None for others,
    a playlist (``embed/videoseries?list=…``, which names no video) among them."""
    youtube, vimeo = _YOUTUBE.search(src), _VIMEO.search(src)
    query = parse_qs(urlsplit(src).query)
    if youtube is None and "youtube" in src and query.get("v"):
        return youtube_call(query["v"][0], _start(query))
    if youtube is not None:
        return youtube_call(youtube.group(1), _start(query))
    if vimeo is not None:
        return f"{{{{< vimeo {vimeo.group(1) or vimeo.group(2)} >}}}}"
    return None


def youtube_call(video: str, start: int | None = None) -> str:
    """sitegen's ``youtube`` shortcode for a video, from ``start`` seconds when given."""
    if start:
        return f"{{{{< youtube id={quoted(video)} start={quoted(str(start))} >}}}}"
    return f"{{{{< youtube {video} >}}}}"


def _start(query: dict[str, list[str]]) -> int | None:
    """Seconds a YouTube address starts the video at: ``start=90``, ``t=90`` or
    ``t=1m30s``; None when it names none (or one that is not a time)."""
    for name in ("start", "t"):
        for value in query.get(name, []):
            found = _SECONDS.match(value.strip())
            if found and any(found.groups()):
                hours, minutes, seconds = (int(part or 0) for part in found.groups())
                return hours * 3600 + minutes * 60 + seconds
    return None
