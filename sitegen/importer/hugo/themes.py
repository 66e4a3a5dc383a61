"""Popular themes' shortcodes whose output plain markdown says, or sitegen's ``details``.

A theme's shortcode is a Go template sitegen cannot run; its stand-in shows
only the call's inner text, so what the template drew from the arguments was
lost: the text and address of LoveIt's ``link``, the heading of PaperMod's
``collapse``, the attribution of Stack's ``quote``... These calls become what
readers saw, in markdown, each with a note (as a remark box becomes a
callout, in ``shortcodes.py``):

| call | becomes |
|---|---|
| ``link "url" "text" "title"`` (LoveIt, FixIt, DoIt; or by name) | ``[text](url "title")`` |
| ``button href=…`` around its text (Blowfish, Congo, Relearn) | ``[text](href)`` |
| ``bilibili ID [PART]`` (Stack) | a link to the video, as sitegen's embeds are |
| ``quote author= source= url=`` around a text (Stack) | a blockquote, ``— author, source`` |
| ``cards`` of ``card link= title= subtitle=`` (Hextra) | a list of links with their titles |
| ``collapse summary= openByDefault=`` (PaperMod; or title=, open=) | ``details`` |
| ``details title= closed=`` (Hextra: open unless closed) | ``details`` with ``summary``, ``open`` |
| ``spoiler text=`` (Wowchemy), ``expand "title"`` (Relearn, hugo-book) | ``details`` |
| ``tabs``/``tabpane`` of ``tab "name"`` (Docsy, Relearn, Hextra…) | open ``details`` each |

A call whose arguments are not of that shape (a site's own ``link`` that
takes no URL), or whose inner text holds shortcodes, is left to its stand-in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from sitegen.importer.hugo.tags import Tag

_TRUE = frozenset({"true", "1", "yes"})
_ADDRESS = re.compile(r"\S+")
"""An href as themes take it: anything without spaces."""


@dataclasses.dataclass(frozen=True, slots=True)
class ThemeCall:
    """What a theme's call became: the markdown, and the note that says so."""

    markdown: str
    note: str


def as_details(tag: Tag) -> Tag | None:
    """PaperMod's ``collapse`` or Hextra's ``details`` as a call of sitegen's
    ``details``; None for any other call (Hugo's own ``details`` stays as it is).

    Wowchemy's ``spoiler`` names its heading ``text``; Relearn's and hugo-book's
    ``expand`` take it first (or as ``title``), closed unless ``open``. A tab of
    Docsy, Relearn, hugo-book, Blowfish or Hextra is an open ``details`` headed
    by its name (``title``, ``header``, ``name`` or ``label``, or first), so that
    each tab's text still says which system it is for (see ``tab_names``).
    PaperMod's ``collapse`` takes ``summary`` and is closed unless
    ``openByDefault``; sites' own ``collapse`` templates say ``title`` and
    ``open``. Hextra's ``details`` names its heading ``title`` (Hugo's ``title``
    is a tooltip) and is open unless ``closed="true"``.
    """
    if tag.closing:
        return None
    named = {key.lower(): value for key, value in tag.named.items()}
    first = tag.positional[0] if tag.positional else ""
    if tag.name in ("expand", "tab"):  # the title as its first argument, or by name
        summary = first or next((named[k] for k in _TAB_TITLES if named.get(k)), "")
        is_open = tag.name == "tab" or named.get("open", "").strip().lower() in _TRUE
    elif tag.positional:
        return None
    elif tag.name == "spoiler":
        summary, is_open = named.get("text", ""), False
    elif tag.name == "collapse":  # a site's own often says title= and open=
        summary = named.get("summary") or named.get("title") or ""
        is_open = (named.get("openbydefault") or named.get("open") or "").strip().lower() in _TRUE
    elif tag.name == "details" and ("closed" in named or _titled_only(named)):
        summary = named.get("title", "")
        is_open = named.get("closed", "").strip().lower() not in _TRUE
    else:
        return None
    values = {"summary": summary.strip(), "open": "true" if is_open else ""}
    named = {key: value for key, value in values.items() if value}
    return dataclasses.replace(tag, name="details", positional=[], named=named)


_TAB_TITLES = ("title", "header", "name", "label")


def tab_language(tag: Tag) -> str:
    """The language a Docsy tab shows its inside as code in (its ``lang``, or its
    pane's); empty for a tab of text (``text=true``) or of another theme."""
    named = {key.lower(): value.strip() for key, value in tag.named.items()}
    if tag.name != "tab" or named.get("text", "").lower() in _TRUE:
        return ""
    language = named.get("lang", "")
    return language if re.fullmatch(r"[\w+#.-]+", language) else ""


TAB_GROUPS = frozenset({"tabs", "tabpane"})
"""The calls around a theme's tabs: nothing of theirs is shown but the tabs."""


def tab_names(tags: list[Tag], index: int) -> None:
    """Give each untitled ``tab`` directly inside the group at ``index`` its name from
    the group's ``items`` list (Hextra's ``tabs items="JSON,YAML"``), in order, and
    the group's ``lang`` (Docsy's ``tabpane lang="go"``) to each tab without one."""
    group = tags[index]
    items = [i.strip() for i in group.named.get("items", "").split(",") if i.strip()]
    language = group.named.get("lang", "").strip()
    if group.partner is None or not (items or language):
        return
    depth, names = 0, iter(items)
    for position in range(index + 1, group.partner):
        inside = tags[position]
        if inside.name == "tab" and depth == 0 and not inside.closing:
            named = dict(inside.named)
            name = next(names, "")
            if name and not inside.positional and not set(_TAB_TITLES) & named.keys():
                named["title"] = name
            if language and "lang" not in named:
                named["lang"] = language
            tags[position] = dataclasses.replace(inside, named=named)
        if inside.name in TAB_GROUPS:
            depth += -1 if inside.closing else 1


def _titled_only(named: dict[str, str]) -> bool:
    """A ``details`` with a ``title`` and neither of Hugo's ``summary`` or ``open``:
    Hextra's, whose title is the heading."""
    return "title" in named and not {"summary", "open"} & named.keys()


def theme_call(body: str, tags: list[Tag], index: int) -> tuple[ThemeCall, int, int] | None:
    """(what the call at ``index`` became, the next tag's index, the end of the text it
    replaces); None when it is no call this module converts."""
    tag = tags[index]
    if tag.closing:
        return None
    if tag.name == "cards" and tag.partner is not None:
        return _cards(body, tags, index)
    convert = _CONVERTERS.get(tag.name)
    if convert is None:
        return None
    closing = tags[tag.partner] if tag.partner is not None else None
    inner = body[tag.end : closing.start] if closing is not None else ""
    if "{{<" in inner or "{{%" in inner:
        return None  # its shortcodes need converting too: the stand-in keeps them
    made = convert(tag, inner)
    if made is None:
        return None
    if closing is not None and tag.partner is not None:
        return made, tag.partner + 1, closing.end
    return made, index + 1, tag.end


def _link(tag: Tag, inner: str) -> ThemeCall | None:
    """LoveIt's ``link``: href, content (markdown; the href when none), title."""
    href = (tag.get("href", 0) or "").strip()
    if not _ADDRESS.fullmatch(href):
        return None
    text = _one_line(tag.get("content", 1) or inner) or href
    title = (tag.get("title", 2) or "").strip()
    return ThemeCall(_markdown_link(text, href, title), "shortcode 'link' became a markdown link")


def _button(tag: Tag, inner: str) -> ThemeCall | None:
    """Blowfish's and Congo's ``button``: its inner text links to ``href``."""
    href = (tag.named.get("href") or "").strip()
    if not _ADDRESS.fullmatch(href):
        return None
    text = _one_line(inner) or href
    note = "shortcode 'button' became a link (the theme drew it as a button)"
    return ThemeCall(_markdown_link(text, href, ""), note)


_BILIBILI_ID = re.compile(r"(?:av|AV)?[0-9]+|BV[0-9A-Za-z]+")


def _bilibili(tag: Tag, inner: str) -> ThemeCall | None:
    """Stack's ``bilibili``: the video's page, as sitegen shows ``youtube``'s."""
    del inner
    video = (tag.get("id", 0) or "").strip()
    if not _BILIBILI_ID.fullmatch(video):
        return None
    if video.isdigit():
        video = "av" + video  # Stack's template took a bare number as an av number
    part = (tag.get("part", 1) or "").strip()
    query = f"?p={part}" if part.isdigit() and part != "1" else ""
    url = f"https://www.bilibili.com/video/{video}/{query}"
    note = (
        "shortcode 'bilibili' became a link to the video on Bilibili, not an embedded "
        "player (as sitegen shows youtube's)"
    )
    return ThemeCall(f"[Watch on Bilibili]({url})", note)


_QUOTE_ARGS = frozenset({"author", "source", "url"})


def _quote(tag: Tag, inner: str) -> ThemeCall | None:
    """Stack's ``quote``: the text as a blockquote, then ``— author, source`` (the
    source linked to ``url``)."""
    named = {key.lower(): value.strip() for key, value in tag.named.items()}
    if tag.positional or not named.keys() <= _QUOTE_ARGS or tag.partner is None:
        return None
    author, source, url = (named.get(key, "") for key in ("author", "source", "url"))
    if url and _ADDRESS.fullmatch(url):
        source = _markdown_link(source or url, url, "")
    credit = ", ".join(part for part in (_one_line(author), source) if part)
    lines = [line.rstrip() for line in inner.strip("\n").split("\n")]
    if credit:
        lines += ["", f"— {credit}"]
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    note = "shortcode 'quote' became a blockquote" + (
        ", its attribution the last line" if credit else ""
    )
    return ThemeCall(quoted + "\n", note)  # a next line is no part of the quote


def _card(tag: Tag, inner: str) -> ThemeCall | None:
    """Hextra's ``card``: a list item linking its title to ``link``, the subtitle after."""
    del inner
    named = {key.lower(): value.strip() for key, value in tag.named.items()}
    link = named.get("link", "")
    if not _ADDRESS.fullmatch(link):
        return None
    item = "- " + _markdown_link(_one_line(named.get("title", "")) or link, link, "")
    subtitle = _one_line(named.get("subtitle", ""))
    note = "shortcode 'card' became a list item linking its title"
    return ThemeCall(item + (f": {subtitle}" if subtitle else ""), note)


def _cards(body: str, tags: list[Tag], index: int) -> tuple[ThemeCall, int, int] | None:
    """Hextra's ``cards`` holding only ``card`` calls: the list of their links."""
    tag = tags[index]
    assert tag.partner is not None, "callers pass paired calls"
    items: list[str] = []
    position = tag.end
    for inside in tags[index + 1 : tag.partner]:
        card = _card(inside, "") if inside.name == "card" and not inside.closing else None
        if card is None or body[position : inside.start].strip():
            return None
        items.append(card.markdown)
        position = inside.end
    if not items or body[position : tags[tag.partner].start].strip():
        return None
    note = "shortcode 'cards' became a list of links, each card's title linked to its page"
    made = ThemeCall("\n".join(items) + "\n", note)
    return made, tag.partner + 1, tags[tag.partner].end


_CONVERTERS: dict[str, Callable[[Tag, str], ThemeCall | None]] = {
    "link": _link,
    "button": _button,
    "bilibili": _bilibili,
    "quote": _quote,
    "card": _card,
}


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _markdown_link(text: str, href: str, title: str) -> str:
    """``[text](href "title")``; an href with parentheses in angle brackets."""
    destination = f"<{href}>" if re.search(r"[()]", href) and "<" not in href else href
    if title:
        escaped = title.replace("\\", "\\\\").replace('"', '\\"')
        destination += f' "{escaped}"'
    return f"[{text}]({destination})"
