"""Footnotes written as HTML by classic-editor tools, as markdown footnotes.

Before the block editor had footnotes, WordPress sites got them from Markdown
plugins (Jetpack's Markdown and "Markdown on Save" use PHP Markdown Extra),
from footnote plugins, or from HTML pasted out of Pandoc, Python-Markdown or
kramdown. Each writes the same thing in its own spelling: a marker
(``<sup id="fnref-5-1"><a href="#fn-5-1">1</a></sup>``) linking to an item of
a list at the end (``<li id="fn-5-1">text <a href="#fnref-5-1">↩</a></li>``),
the two pointing at each other. The HTML converter keeps no ``id`` of a list
item, so those links broke on import; as markdown footnotes (``[^1]``), sitegen
numbers and links them itself, as it does the block editor's.

A footnote is recognised by that pair of links, not by a class or an id
pattern: ``fn:1``/``fnref:1``, ``fn-ID-N``, ``fn1``/``fnref1`` and classes
``footnote-ref``/``footnote-backref`` all have it. A list item that has no
link back counts when it sits in an element whose class names footnotes.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from sitegen.markdown.fromhtml import html_to_markdown

_CANDIDATE = re.compile(r"<li\b[^>]*\bid\s*=", re.IGNORECASE)
_FOOTNOTE_CLASS = re.compile(r"footnote|endnote", re.IGNORECASE)


def classic_footnotes(text: str) -> tuple[str, list[str]]:
    """``text`` with each HTML footnote marker as ``[^N]``, and the markdown of each
    footnote's text in the order of N (the order of first reference).

    ``text`` comes back untouched when it holds no such footnote, so the lines of
    every other post's notes keep pointing where they did."""
    if not _CANDIDATE.search(text):
        return text, []
    soup = BeautifulSoup(text, "html.parser")
    found = _footnotes(soup)
    if not found:
        return text, []
    order = {id(node): index for index, node in enumerate(soup.descendants)}
    found.sort(key=lambda pair: min(order[id(marker)] for marker in pair[1]))
    for number, (_, markers) in enumerate(found, start=1):
        for marker in markers:  # all before any text is read: a footnote may cite another
            marker.replace_with(f"[^{number}]")
    definitions = []
    for item, markers in found:
        definitions.append(_definition(item, markers))
        _remove_item(item)
    for rule in soup.find_all("hr", class_=_FOOTNOTE_CLASS):
        rule.decompose()  # markdown-it's <hr class="footnotes-sep"> before the list
    return str(soup), definitions


def _footnotes(soup: BeautifulSoup) -> list[tuple[Tag, list[Tag]]]:
    """Each footnote's list item with the markers (elements to replace) that cite it."""
    by_id = {str(node["id"]): node for node in soup.find_all(id=True)}
    links_to: dict[str, list[Tag]] = {}
    for link in soup.find_all("a", href=re.compile(r"^#.")):
        links_to.setdefault(str(link["href"]), []).append(link)
    found = []
    for item in soup.find_all("li", id=True):
        target = "#" + str(item["id"])
        citing = [link for link in links_to.get(target, []) if item not in link.parents]
        if not citing or not (_links_back(item, by_id, target) or _in_footnote_list(item)):
            continue
        found.append((item, [_marker(link) for link in citing]))
    return found


def _links_back(item: Tag, by_id: dict[str, Tag], target: str) -> bool:
    """A link of ``item`` leads back to an element that is, or holds, a link to it."""
    for link in item.find_all("a", href=True):
        back = by_id.get(str(link["href"]).removeprefix("#"))
        if back is None or not str(link["href"]).startswith("#") or item in back.parents:
            continue
        if back.get("href") == target or back.find("a", href=target) is not None:
            return True
    return False


def _in_footnote_list(item: Tag) -> bool:
    return any(_FOOTNOTE_CLASS.search(" ".join(p.get("class") or [])) for p in item.parents)


def _marker(link: Tag) -> Tag:
    """What stands for the footnote in the text: the link, or the ``<sup>`` around it."""
    parent = link.parent
    if isinstance(parent, Tag) and parent.name == "sup":
        others = [c for c in parent.contents if c is not link and str(c).strip()]
        if not others:
            return parent
    return link


def _definition(item: Tag, markers: list[Tag]) -> str:
    """The markdown of a footnote's text, without its links back to the markers."""
    ids = {f"#{node['id']}" for marker in markers for node in _with_ids(marker)}
    for link in item.find_all("a", href=True):
        if str(link["href"]) in ids:
            link.decompose()
    markdown = html_to_markdown(item.decode_contents()).markdown.strip()
    first, *rest = markdown.splitlines() or [""]
    return "\n".join([first, *(f"    {line}" if line else "" for line in rest)])


def _with_ids(marker: Tag) -> list[Tag]:
    return [node for node in [marker, *marker.find_all(id=True)] if node.get("id")]


def _remove_item(item: Tag) -> None:
    """Take the footnote out of its list, and the list with its rule once it is empty."""
    parent = item.parent
    item.decompose()
    while isinstance(parent, Tag) and parent.name != "[document]":
        if parent.get_text().strip() or parent.find(["img", "video", "audio", "iframe"]):
            return
        above = parent.parent
        parent.decompose()
        parent = above
