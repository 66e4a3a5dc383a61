"""A post's footnotes as markdown footnotes (``[^1]`` and ``[^1]: text``).

sitegen numbers and links markdown footnotes itself, so whatever ids the old
site gave them, no link of theirs can break. Two kinds reach an export:

- The block editor's: a marker ``<sup data-fn="ID">`` in the content, the
  texts in the ``footnotes`` post meta (JSON), shown where the
  ``wp:footnotes`` block stands.
- Older ones, written as HTML by Markdown plugins (Jetpack's Markdown and
  "Markdown on Save" use PHP Markdown Extra), by footnote plugins, or pasted
  out of Pandoc, Python-Markdown or kramdown. Each writes the same thing in
  its own spelling: a marker (``<sup id="fnref-5-1"><a href="#fn-5-1">1</a>
  </sup>``) linking to an item of a list at the end (``<li id="fn-5-1">text
  <a href="#fnref-5-1">↩</a></li>``), the two pointing at each other. The
  HTML converter keeps no ``id`` of a list item, so those links broke on
  import. Such a footnote is recognised by that pair of links, not by a class
  or an id pattern: ``fn:1``/``fnref:1``, ``fn-ID-N``, ``fn1``/``fnref1`` and
  classes ``footnote-ref``/``footnote-backref`` all have it. A list item with
  no link back counts when it sits in an element whose class names footnotes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from bs4 import BeautifulSoup, Tag

from sitegen.importer.wordpress.blocks import FOOTNOTES_MARK
from sitegen.importer.wordpress.lines import LineFinder
from sitegen.markdown.fromhtml import html_to_markdown

_BLOCK_MARKER = re.compile(
    r"<sup\b[^>]*\bdata-fn=\"([^\"]+)\"[^>]*>.*?</sup>", re.DOTALL | re.IGNORECASE
)
"""A block-editor footnote marker: ``<sup data-fn="ID">``, its text in the post meta."""
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
    backlinks = [_marker_ids(markers) for _, markers in found]
    for number, (_, markers) in enumerate(found, start=1):
        for marker in markers:  # all before any text is read: a footnote may cite another
            if marker.parent is not None:
                marker.replace_with(f"[^{number}]")
    definitions = []
    for (item, _), ids in zip(found, backlinks, strict=True):
        definitions.append(_definition(item, ids))
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
    found: list[tuple[Tag, list[Tag]]] = []
    for item in soup.find_all("li", id=True):
        target = "#" + str(item["id"])
        citing = [link for link in links_to.get(target, []) if item not in link.parents]
        if not citing or item.find_parent("a") is not None:
            continue
        if not (_links_back(item, by_id, target) or _in_footnote_list(item)):
            continue
        if any(outer in item.parents for outer, _ in found):
            continue  # a list inside a footnote's text is part of that text
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


def _definition(item: Tag, backlinks: set[str]) -> str:
    """The markdown of a footnote's text, without its links back to the markers."""
    for link in item.find_all("a", href=True):
        if not link.decomposed and str(link["href"]) in backlinks:
            link.decompose()
    markdown = html_to_markdown(item.decode_contents()).markdown.strip()
    first, *rest = markdown.splitlines() or [""]
    return "\n".join([first, *(f"    {line}" if line else "" for line in rest)])


def _marker_ids(markers: list[Tag]) -> set[str]:
    """``#id`` of the markers and of what they hold: where a footnote's links back lead."""
    nodes = [node for marker in markers for node in [marker, *marker.find_all(id=True)]]
    return {f"#{node['id']}" for node in nodes if node.get("id")}


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


def block_footnotes(
    text: str, stored: str, finder: LineFinder, before: int, notes: list[tuple[int, str]]
) -> tuple[str, list[str]]:
    """Block-editor footnotes as markdown footnotes: ``[^N]`` (numbered after the
    ``before`` footnotes already found) and the markdown of their texts.

    The marker is in the content, its text in the ``footnotes`` post meta. A
    marker whose text the export lacks keeps its number as plain superscript, and
    a text no marker points to is reported: neither vanishes without a word."""
    contents = _footnote_texts(stored, finder, notes)
    numbers: dict[str, int] = {}

    def reference(match: re.Match[str]) -> str:
        key = match.group(1)
        if key in contents:
            return f"[^{numbers.setdefault(key, before + len(numbers) + 1)}]"
        return _kept_marker(match, bool(stored.strip()), finder, notes)

    text = _BLOCK_MARKER.sub(reference, text).replace(FOOTNOTES_MARK, "")
    for key, content in contents.items():
        if key not in numbers:
            notes.append(
                (
                    finder.line_of("<!-- wp:footnotes"),
                    f"footnote {_inline_markdown(content)[:60]!r} of the footnotes post meta "
                    "has no marker in the post; left out",
                )
            )
    return text, [_inline_markdown(contents[key]) for key in numbers]


def footnote_definitions(footnotes: Sequence[str]) -> str:
    """The footnotes' definitions, ``[^1]: …``, to end the post's markdown."""
    if not footnotes:
        return ""
    lines = [f"[^{number}]: {text}" for number, text in enumerate(footnotes, start=1)]
    return "\n\n" + "\n\n".join(lines) + "\n"


def _kept_marker(
    match: re.Match[str], has_meta: bool, finder: LineFinder, notes: list[tuple[int, str]]
) -> str:
    """A footnote marker whose text is not in the export: its number, as plain text."""
    marker = BeautifulSoup(match.group(0), "html.parser").get_text().strip() or "*"
    why = (
        "the post's footnotes meta has no entry for it"
        if has_meta
        else "the post has no footnotes meta"
    )
    notes.append(
        (
            finder.line_of(f'data-fn="{match.group(1)}"'),
            f"footnote {marker} has no text in the export ({why}): "
            f"only its marker {marker} is kept, as plain text",
        )
    )
    return f"<sup>{html.escape(marker)}</sup>"


def _footnote_texts(
    stored: str, finder: LineFinder, notes: list[tuple[int, str]]
) -> dict[str, str]:
    """Footnote id → its HTML, from the ``footnotes`` meta (JSON ``[{id, content}]``)."""
    try:
        entries = json.loads(stored) if stored.strip() else []
    except (ValueError, RecursionError):
        notes.append(
            (
                finder.line_of("<!-- wp:footnotes"),
                "the footnotes post meta is not readable JSON; the footnotes' texts are lost",
            )
        )
        entries = []
    contents: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            contents[entry["id"]] = str(entry.get("content", ""))
    return contents


def _inline_markdown(fragment: str) -> str:
    return " ".join(html_to_markdown(fragment).markdown.split())
