"""A post's stored content → the markdown of its article, in WordPress's order.

WordPress shapes a post each time it is shown: blocks are rendered (or, for a
classic-editor post, ``wpautop`` adds the paragraphs), URLs alone in a
paragraph become embeds, then shortcodes run. The same steps run here, once,
in that order, and the HTML readers saw becomes markdown through the
importers' shared converter. Links to the site's own posts become links to the
imported articles' files; everything dropped or changed is a note at its line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup

from sitegen.importer.hugo.tags import Tag, canonical
from sitegen.importer.wordpress.autop import autop
from sitegen.importer.wordpress.blocks import NEXTPAGE, has_blocks, render_blocks
from sitegen.importer.wordpress.footnotes import (
    block_footnotes,
    classic_footnotes,
    footnote_definitions,
)
from sitegen.importer.wordpress.lines import LineFinder
from sitegen.importer.wordpress.links import SiteLinks
from sitegen.importer.wordpress.shortcodes import (
    Attachment,
    Shortcodes,
    set_code_aside,
    unautop,
)
from sitegen.markdown.fromhtml import html_to_markdown

_MORE = re.compile(r"<!--more(?:\s.*?)?-->|<!--noteaser-->", re.DOTALL)
_NEXTPAGE = re.compile(r"<!--nextpage-->")
_LONE_URL = re.compile(r"<p(?:\s[^>]*)?>\s*(https?://[^\s<>\"]+)\s*</p>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PostContext:
    """What a post's content can refer to outside itself."""

    attachments: Mapping[int, Attachment]
    children: Sequence[Attachment]
    reusable: Callable[[int], str | None]
    links: SiteLinks
    article_path: str
    footnotes: str = ""
    """The ``footnotes`` post meta of the block editor: JSON ``[{id, content}]``."""


@dataclass(frozen=True, slots=True)
class Body:
    markdown: str
    notes: tuple[tuple[int, str], ...]
    math: bool = False
    """It holds Jetpack's ``$latex ...$`` formulas (written as ``$...$`` now)."""


def convert_body(raw: str, first_line: int, context: PostContext) -> Body:
    """The markdown of a post stored as ``raw`` (starting at ``first_line``)."""
    finder = LineFinder(raw, first_line)
    notes: list[tuple[int, str]] = []
    formulas: list[str] = []
    text = _set_latex_aside(set_code_aside(raw.replace("\r\n", "\n")), formulas)
    if has_blocks(text):
        rendered = render_blocks(text, finder, context.reusable)
        notes.extend(rendered.notes)
        text = rendered.html
    else:
        text = _classic(text, finder, notes)
    shortcodes = Shortcodes(finder, context.attachments, context.children)
    text = shortcodes.expand(unautop(text))
    notes.extend(shortcodes.notes)
    notes.extend(shortcodes.builder_notes())
    text = _lone_urls(text, finder, notes)
    calls: list[str] = []
    text = _video_frames(text, finder, calls, notes)
    text, footnotes = classic_footnotes(text)
    text, from_meta = block_footnotes(text, context.footnotes, finder, len(footnotes), notes)
    footnotes.extend(from_meta)
    text = context.links.rewrite(text, context.article_path, finder, notes)
    converted = html_to_markdown(text)
    fed = text.splitlines()
    for line, message in converted.notes:
        source = fed[line - 1] if 0 < line <= len(fed) else ""
        notes.append((finder.line_of(_tag_start(source)), message))
    markdown = converted.markdown.rstrip("\n") + footnote_definitions(footnotes)
    markdown = _put_back(_LATEX_MARK, [f"${tex}$" for tex in formulas], markdown)
    markdown = _put_back(_CALL_MARK, calls, markdown)
    text = markdown.strip("\n") + "\n" if markdown.strip() else ""
    return Body(text, tuple(notes), bool(formulas))


def _put_back(mark: re.Pattern[str], values: Sequence[str], markdown: str) -> str:
    """Each mark a step set aside (``SITEGENLATEX0X``) replaced by its value; a
    post that happens to hold such a word with no value behind it keeps the word."""

    def value(found: re.Match[str]) -> str:
        index = int(found.group(1))
        return values[index] if index < len(values) else found.group(0)

    return mark.sub(value, markdown)


_LATEX = re.compile(r"\$latex[ \t]+(.+?)\$|\[latex\](.+?)\[/latex\]", re.DOTALL | re.IGNORECASE)
"""Jetpack's (and WordPress.com's) LaTeX: ``$latex e^{i\\pi}+1=0$``, ``[latex]...[/latex]``."""
_LATEX_OPTIONS = re.compile(r"&(?:amp;)?(?:s|bg|fg)=[-\w]*")
_LATEX_MARK = re.compile(r"SITEGENLATEX(\d{1,9})X")


def _set_latex_aside(text: str, formulas: list[str]) -> str:
    """Each formula out of the way of paragraphs and the HTML converter (which would
    escape its stars), back as ``$...$`` (``markdown.math``) once the post is markdown.
    Its size and colour options (``&s=2``, ``&bg=ffffff``) go: the theme sets both."""

    def replace(found: re.Match[str]) -> str:
        tex = html.unescape(_LATEX_OPTIONS.sub("", found.group(1) or found.group(2) or ""))
        formulas.append(" ".join(tex.split()))
        return f"SITEGENLATEX{len(formulas) - 1}X"

    return _LATEX.sub(replace, text)


def _classic(text: str, finder: LineFinder, notes: list[tuple[int, str]]) -> str:
    """A classic-editor post: teaser marks out, page breaks noted, then ``wpautop``."""
    for match in _NEXTPAGE.finditer(text):
        notes.append((finder.line_at(match.start()), NEXTPAGE))
    text = _NEXTPAGE.sub("\n\n", _MORE.sub("", text))
    return autop(text)


def _lone_urls(text: str, finder: LineFinder, notes: list[tuple[int, str]]) -> str:
    """A URL alone in its paragraph was an embed (WordPress's ``autoembed``): a link."""

    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match.group(1))
        notes.append(
            (
                finder.line_of(match.group(1)),
                f"URL alone on its line ({url}): WordPress showed it embedded; now a link",
            )
        )
        link = html.escape(url, quote=True)
        return f'<p><a href="{link}">{link}</a></p>'

    return _LONE_URL.sub(replace, text)


_VIDEO_FRAME = re.compile(
    r"(?P<open><p>\s*)?<iframe\b[^>]*?\bsrc\s*=\s*[\"'](?P<src>(?:https?:)?//(?:"
    r"(?:www\.)?youtube(?:-nocookie)?\.com/embed/(?!videoseries\b)(?P<youtube>[\w-]+)"
    r"|player\.vimeo\.com/video/(?P<vimeo>\d+))(?P<query>[^\"']*))[\"'][^>]*>\s*</iframe>"
    r"(?(open)\s*</p>)",
    re.IGNORECASE,
)
"""A YouTube or Vimeo player pasted as its ``<iframe>``, alone in its paragraph or not."""
_START = re.compile(r"[?&](?:start|t)=(\d+)s?(?:&|$)")
_CALL_MARK = re.compile(r"SITEGENCALL(\d{1,9})X")


def _video_frames(
    text: str, finder: LineFinder, calls: list[str], notes: list[tuple[int, str]]
) -> str:
    """A YouTube or Vimeo player as sitegen's ``youtube`` or ``vimeo`` shortcode.

    sitegen's sanitizer drops every ``<iframe>``; these two players have a built-in
    shortcode (a link to the video, which a site may make a player with a template
    of its own). The call is set aside as a mark the HTML converter leaves alone,
    and written back once the post is markdown. Other frames stay as they were:
    the converter drops them with a note."""

    def replace(found: re.Match[str]) -> str:
        src = html.unescape(found.group("src"))
        if found.group("youtube"):
            start = _START.search(html.unescape(found.group("query")))
            named = {"id": found.group("youtube"), "start": start.group(1) if start else ""}
            call = _shortcode_call("youtube", named)
        else:
            call = _shortcode_call("vimeo", {"id": found.group("vimeo")})
        calls.append(call)
        notes.append(
            (
                finder.line_of(found.group("src")),
                f"embedded player {src} is now {call}, a link to the video "
                "(sitegen does not embed players)",
            )
        )
        mark = f"SITEGENCALL{len(calls) - 1}X"
        return f"\n<p>{mark}</p>\n" if found.group("open") else mark

    return _VIDEO_FRAME.sub(replace, text)


def _shortcode_call(name: str, named: Mapping[str, str]) -> str:
    """``{{< youtube id="…" />}}``: a call in the one form sitegen reads for sure."""
    values = {key: value for key, value in named.items() if value}
    return canonical(Tag(0, 0, "<", name, self_closing=True, named=values))


def _tag_start(line: str) -> str:
    """The opening of the first tag on a line of HTML: enough to find it again."""
    found = re.search(r"<[a-zA-Z][^\s>]*(?:\s+[^\s>=]+(?:=\"[^\"]*\")?)?", line)
    return found.group(0) if found else BeautifulSoup(line, "html.parser").get_text()[:40]
