"""A Hugo page's body → the markdown of its sitegen article.

In order: the ``<!--more-->`` divider comes out (the text above it is Hugo's
summary, and becomes sitegen's when front matter gives none); shortcodes are
resolved or kept (``shortcodes.py``); an ``.html`` body goes through the shared
HTML → markdown step, its kept shortcodes protected from it; links are
rewritten and checked (``links.py``). Notes point at the line of the original
file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import emoji
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from sitegen.importer.hugo.anchors import keep_heading_ids
from sitegen.importer.hugo.codeblocks import number_fences
from sitegen.importer.hugo.links import (
    SiteMap,
    line_of,
    line_of_link,
    mask_code,
    rewrite_links,
)
from sitegen.importer.hugo.pages import HugoPage
from sitegen.importer.hugo.shortcodes import Resolvers, Use, convert_shortcodes
from sitegen.importer.model import Note
from sitegen.markdown.fromhtml import html_to_markdown

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_ANY_TAG = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
_MARKDOWN = MarkdownIt("commonmark")


@dataclass(slots=True)
class Body:
    markdown: str
    summary: str = ""
    """Hugo's manual summary (the text above ``<!--more-->``), as plain text."""
    notes: list[Note] = field(default_factory=list)
    math: bool = False
    """It holds TeX a theme's math shortcode wrapped (now between dollars)."""


@dataclass(frozen=True, slots=True)
class BodyTools:
    """What converting a body needs from the rest of the import."""

    site: SiteMap
    uses: dict[str, Use]
    param: Callable[[HugoPage, str], object]
    ref: Callable[[HugoPage, str, str], str | None]
    """(page, target, the page's new path) → link, or None."""
    printed_ref: Callable[[HugoPage, str, str, str], str | None]
    """(page, ref or relref, target, the page's new path) → what a ref that is no
    link's URL writes, or None."""
    heading_ids: str = "github"
    """Goldmark's ``autoHeadingIDType``; ``""`` when Hugo gave headings no id."""
    line_numbers: Mapping[str, str] = field(default_factory=dict)
    """Code block options the site gave every block (``codeblocks.site_line_numbers``)."""
    emoji: bool = False
    """Hugo's ``enableEmoji``: ``:smiley:`` was shown as 😃."""


def convert_body(page: HugoPage, dest: str, tools: BodyTools) -> Body:
    """The markdown of ``page`` written at ``dest`` (relative to the new site)."""
    form = "html" if page.item.format == "html" else "markdown"
    text, summary = _split_summary(_resources_by_file(page), form)
    resolvers = Resolvers(
        param=lambda name: tools.param(page, name),
        ref=lambda target: tools.ref(page, target, dest),
        printed_ref=lambda name, target: tools.printed_ref(page, name, target, dest),
        resource=page.resource,
    )
    converted = convert_shortcodes(text, form, resolvers, tools.uses, page.origin, page.body_line)
    body = Body("", summary, math=converted.math)
    offset = page.body_line - 1
    body.notes.extend(Note(page.origin, offset + line, m) for line, m in converted.notes)
    markdown = converted.text
    if form == "html":
        result = html_to_markdown(converted.text)
        markdown = result.markdown
        body.math = body.math or result.math
        for key, tag in converted.protected.items():
            markdown = markdown.replace(key, tag)
        body.notes.extend(Note(page.origin, offset + line, m) for line, m in result.notes)
    if form == "markdown":
        markdown, icons = _without_icons(markdown)
        if icons:
            line = offset + line_of(page.body, icons[0])
            message = (
                f"{len(icons)} Font Awesome icon(s) in LoveIt's syntax ({icons[0]}) left out: "
                "the theme drew them with its icon font, which sitegen does not load"
            )
            body.notes.append(Note(page.origin, line, message))
    checked = rewrite_links(markdown, page.item.logical, page.url or "/", dest, tools.site)
    body.markdown = checked.text
    if form == "markdown" and tools.heading_ids:
        body.markdown = keep_heading_ids(body.markdown, tools.heading_ids)
    if form == "markdown":  # Hugo's highlighter never saw an HTML body's code
        body.markdown = number_fences(body.markdown, tools.line_numbers)
    if form == "markdown" and tools.emoji:
        body.markdown, codes = _emojified(body.markdown)
        if codes:
            line = offset + line_of(page.body, codes[0])
            message = (
                f"{len(codes)} emoji code(s) ({codes[0]}) written as the emoji, as Hugo's "
                "enableEmoji showed them"
            )
            body.notes.append(Note(page.origin, line, message))
    if checked.numbered:
        first, url = checked.numbered[0]
        line = offset + line_of_link(page.body, first)
        count = len(checked.numbered)
        message = (
            f"{count} link{'s' if count > 1 else ''} written [text]({first}) "
            f"{'lead' if count > 1 else 'leads'} to the file's "
            f"reference definitions ([{first}]: {url}), as their author meant: Hugo linked "
            f"./{first}, which led nowhere"
        )
        body.notes.append(Note(page.origin, line, message))
    for href, why in checked.broken:
        line = offset + line_of_link(page.body, href)
        body.notes.append(Note(page.origin, line, f"link to {href} leads nowhere: {why}"))
    return body


_ICON = re.compile(r"[ \t]*(:\(fa[a-z-]*(?:[ \t]+fa-[a-z0-9-]+)+\):)")
"""LoveIt's, FixIt's and DoIt's Font Awesome syntax, ``:(fas fa-campground fa-fw):``,
with the spaces before it."""


def _without_icons(markdown: str) -> tuple[str, list[str]]:
    """The markdown without the icons written in LoveIt's syntax outside code, and the
    icons left out: as text, ``:(far fa-grin-tears):`` would show as typed."""
    masked = mask_code(markdown)
    icons: list[str] = []

    def drop(found: re.Match[str]) -> str:
        if masked[found.start(1)] != markdown[found.start(1)]:
            return found.group(0)  # code shows it as typed, as Hugo did
        icons.append(found.group(1))
        return ""

    return _ICON.sub(drop, markdown), icons


_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")
"""``:smiley:``, ``:+1:``: an emoji's code as GitHub names it, as Hugo's ``enableEmoji``
read it."""


def _emojified(markdown: str) -> tuple[str, list[str]]:
    """The markdown with each emoji code outside code written as its emoji (codes
    no emoji has, ``:nope:``, stay as typed), and the codes replaced."""
    masked = mask_code(markdown)
    codes: list[str] = []

    def character(found: re.Match[str]) -> str:
        if masked[found.start()] != markdown[found.start()]:
            return found.group(0)  # in code, shown as typed
        made = emoji.emojize(found.group(0), language="alias")
        if made != found.group(0):
            codes.append(found.group(0))
        return made

    return _EMOJI_CODE.sub(character, markdown), codes


_FIGURE_SOURCE = re.compile(r"""(\{\{[<%]\s*figure\b[^}]*?\bsrc\s*=\s*)(["'])([^"'\n]+)\2""")


def _resources_by_file(page: HugoPage) -> str:
    """The page's body with each ``figure`` that names a page resource by its
    ``name`` (front matter ``resources: [{name: shot, src: shot.webp}]``) naming its
    file instead: Hugo's figure looks a resource up by name, sitegen's by path."""
    if not isinstance(page.front.get("resources"), list) or "figure" not in page.body:
        return page.body

    def by_file(found: re.Match[str]) -> str:
        source = page.resource_file(found.group(3))
        return (
            found.group(0)
            if source is None
            else f"{found.group(1)}{found.group(2)}{source}{found.group(2)}"
        )

    return _FIGURE_SOURCE.sub(by_file, page.body)


def _split_summary(text: str, form: str) -> tuple[str, str]:
    """The body, and Hugo's manual summary when sitegen would not find it itself.

    sitegen reads a ``<!--more-->`` line in markdown as Hugo does; a divider
    inside a paragraph, or in an HTML body (which becomes markdown), is taken
    out and the text above it becomes the summary.
    """
    found = _MORE.search(text)
    if found is None:
        return text, ""
    start = text.rfind("\n", 0, found.start()) + 1
    end = text.find("\n", found.end())
    end = len(text) if end < 0 else end
    alone = not (text[start : found.start()].strip() or text[found.end() : end].strip())
    if alone and form == "markdown":
        return text[: found.start()] + "<!--more-->" + text[found.end() :], ""
    if form == "markdown" and not text[found.end() : end].strip():
        # Ending a paragraph ("... It finds charts. <!--more-->"): the same divider on
        # a line of its own after it, as sitegen reads it, not a summary that the
        # page would print under the headline above the very same words.
        return text[: found.start()].rstrip() + "\n\n<!--more-->" + text[end:], ""
    before = text[: found.start()]
    rest = text[:start] + text[end + 1 :] if alone else text[: found.start()] + text[found.end() :]
    return rest, _plain(before, form)


def _plain(text: str, form: str) -> str:
    text = _ANY_TAG.sub("", text)
    rendered = text if form == "html" else _MARKDOWN.render(text)
    plain = BeautifulSoup(rendered, "html.parser").get_text(" ")
    plain = re.sub(r"\s+", " ", plain).strip()
    return re.sub(r" ([.,;:!?])", r"\1", plain)  # "the [Hub](…)." is no "Hub ."
