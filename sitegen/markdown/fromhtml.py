"""HTML → markdown, with markdownify (a well-kept converter): for imported content
and for reStructuredText bodies (``rst.py``), which docutils writes as HTML.

Markdown cannot say everything HTML can. What it cannot say is kept as raw
HTML, which sitegen's sanitizer passes (``<details>``, ``<video>``, a table
whose cells hold line breaks or spans), rather than flattened into text the
way a plain converter does; what cannot be kept safely (scripts, forms,
embedded frames) is dropped with a note at its line, so nothing goes silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from sitegen.markdown.allowlist import ANY_ATTRIBUTES, ATTRIBUTES, TAGS, url_allowed
from sitegen.markdown.code import fence_attributes, is_language

KEPT_AS_HTML = frozenset(
    {"details", "video", "audio", "picture", "figure", "dl", "kbd", "abbr", "mark", "sub", "sup"}
)
"""Elements markdown has no syntax for, kept whole as raw HTML."""
KEPT_INLINE = frozenset({"kbd", "abbr", "mark", "sub", "sup", "span"}) & KEPT_AS_HTML
"""Those of them that sit inside a sentence: kept in it, not made a block of their own
(``H<sub>2</sub>O`` was cut into three paragraphs)."""

DROPPED = {
    "script": "a script",
    "style": "a style sheet",
    "iframe": "an embedded frame",
    "object": "an embedded object",
    "embed": "an embedded object",
    "form": "a form",
    "input": "a form field",
    "button": "a button",
    "select": "a form field",
    "textarea": "a form field",
    "noscript": "a <noscript> block",
}
"""Elements a static article cannot carry safely, each with the words of its note."""

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ID = re.compile(r"[A-Za-z0-9_][\w:.-]*")
_PRE_MARKUP = ["a", "b", "strong", "i", "em", "mark", "u", "s", "del", "ins", "sub", "sup"]
"""Markup inside a ``<pre>`` that a fenced code block would print as text or lose."""
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")


@dataclass(slots=True)
class Converted:
    """The markdown, and what did not survive as it was (line in the HTML, message)."""

    markdown: str
    notes: list[tuple[int, str]] = field(default_factory=list)
    math: bool = False
    """It holds TeX, now between dollars (``markdown.math`` sets it)."""


_BLOCK_MARKER = re.compile(r"(\s*[0-9]{0,9})(?:(?<=[0-9])[.)]|(?<![0-9])(?:[-+]|#{1,6}))(?:\s|\Z)")
"""A text's start that markdown would read as a list item or a heading; group 1 ends
where the backslash goes."""


class _Converter(MarkdownConverter):
    """markdownify, keeping what markdown cannot say and noting what it drops.

    ``process_tag`` is markdownify's per-element step (not in its type stubs)."""

    def __init__(self, notes: list[tuple[int, str]], **options: Any) -> None:
        super().__init__(**options)
        self.notes = notes
        self.left_out: dict[str, int] = {}
        """Attributes and tags taken out of kept HTML → the first line of each."""
        self.math = False

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """markdownify's escapes, and a text's opening ``1.``, ``-``, ``+`` or ``#``
        escaped: at the start of a block they would make a list or a heading of
        what HTML showed as text (``<div>1. More testing.</div>``)."""
        escaped = str(super().escape(text, parent_tags))  # type: ignore[misc]
        found = _BLOCK_MARKER.match(escaped)
        if found is None:
            return escaped
        return escaped[: found.end(1)] + "\\" + escaped[found.end(1) :]

    def process_tag(self, node: Tag, parent_tags: set[str] | None = None) -> str:
        name = node.name
        tex = _pandoc_math(node) if name == "span" else None
        if tex is not None:
            if not self.math:
                message = (
                    "Pandoc's math (R Markdown, Quarto: TeX left to MathJax) is written "
                    "between dollars and set as MathML (markdown.math: true)"
                )
                self.notes.append((node.sourceline or 1, message))
            self.math = True
            return tex
        if name == "iframe" and _frame_link(node):
            link = _frame_link(node)
            message = f"embedded frame {node.get('src')} is now a link to it (sitegen embeds none)"
            self.notes.append((node.sourceline or 1, message))
            return f"\n\n{link}\n\n"
        if name in DROPPED:
            what = DROPPED[name]
            where = _describe_source(node)
            self.notes.append((node.sourceline or 1, f"dropped {what}{where}"))
            return ""
        if name == "pre" and node.find(_PRE_MARKUP):
            # A code block shows text alone: a verse or preformatted text with
            # bold, links or a highlight is kept as the <pre> it was (an HTML
            # block that blank lines inside it do not end).
            self.notes.extend(_trim_to_allowlist(node, self.left_out))
            return "\n\n" + str(node).strip() + "\n\n"
        if name in KEPT_INLINE:
            self.notes.extend(_trim_to_allowlist(node, self.left_out))
            return " ".join(str(node).split("\n"))
        if name in KEPT_AS_HTML or (name == "table" and _table_needs_html(node)):
            self.notes.extend(_trim_to_allowlist(node, self.left_out))
            return "\n\n" + _as_html_block(node) + "\n\n"
        converted = str(super().process_tag(node, parent_tags))  # type: ignore[misc]
        if name == "cite" and parent_tags and "blockquote" in parent_tags and converted.strip():
            # A quote block's source (WordPress's quote and pull quote): its own
            # line under the quote, as the page showed it, not a line of the quote.
            return f"\n\n— {converted.strip()}\n\n"
        identifier = node.get("id")
        if name in _HEADINGS and isinstance(identifier, str) and _ID.fullmatch(identifier):
            # Links to #id keep working: sitegen takes a heading's {#id} as its id.
            return converted.rstrip("\n") + f" {{#{identifier}}}\n\n"
        return converted

    def convert_tr(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """markdownify's row, its header's rule saying each column's alignment
        (``align="right"`` or ``text-align: right``, as Pandoc writes them)."""
        row = str(super().convert_tr(el, text, parent_tags))  # type: ignore[misc]
        cells = el.find_all(["td", "th"])
        markers = [_ALIGNED.get(_alignment(cell), "---") for cell in cells]
        if all(marker == "---" for marker in markers):
            return row
        rule = "| " + " | ".join(["---"] * len(cells)) + " |\n"
        if not row.endswith(rule):  # no header row, or cells spanning columns
            return row
        return row[: -len(rule)] + "| " + " | ".join(markers) + " |\n"


_ALIGNED = {"left": ":---", "right": "---:", "center": ":---:"}
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)", re.IGNORECASE)


def _alignment(cell: Tag) -> str:
    """``left``, ``right`` or ``center`` as a table cell says it; else empty."""
    align = cell.get("align")
    if isinstance(align, str) and align.lower() in _ALIGNED:
        return align.lower()
    found = _TEXT_ALIGN.search(str(cell.get("style") or ""))
    return found.group(1).lower() if found else ""


def _frame_link(node: Tag) -> str:
    """A markdown link to what an ``<iframe>`` showed (a Datawrapper chart, a map, a
    player), named by its ``title`` or its site: dropped, a newsroom's charts left
    no trace for the reader. "" when its address is no web address."""
    src = node.get("src")
    if not isinstance(src, str) or not src.startswith(("https://", "http://", "//")):
        return ""
    address = "https:" + src if src.startswith("//") else src
    title = node.get("title")
    host = address.split("/")[2].removeprefix("www.")
    text = title.strip() if isinstance(title, str) and title.strip() else f"See it on {host}"
    escaped = text.replace("[", "\\[").replace("]", "\\]")
    return f"[{escaped}]({address.replace(' ', '%20').replace(')', '%29')})"


def _describe_source(node: Tag) -> str:
    src = node.get("src") or node.get("data") or node.get("action")
    return f" ({src})" if isinstance(src, str) and src else ""


def _trim_to_allowlist(block: Tag, attributes: dict[str, int]) -> list[tuple[int, str]]:
    """Take out of kept HTML what sitegen's sanitizer would remove, saying so once.

    The old site's presentation (``style``, ``data-…`` attributes a theme or an
    editor added) means nothing to the new theme; without this, each would be a
    warning of every build."""
    notes: list[tuple[int, str]] = []
    for node in [block, *block.find_all(True)]:
        if node.name in DROPPED and node is not block:
            notes.append(
                (node.sourceline or 1, f"dropped {DROPPED[node.name]}{_describe_source(node)}")
            )
            node.decompose()
            continue
        if node.decomposed:
            continue
        allowed = ANY_ATTRIBUTES | ATTRIBUTES.get(node.name, frozenset())
        for name, value in list(node.attrs.items()):
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name not in allowed:
                attributes.setdefault(name, node.sourceline or 1)
                del node.attrs[name]
            elif not url_allowed(name, text):
                line = node.sourceline or 1
                notes.append((line, f"left out {name}={text!r}: not a URL sitegen links to"))
                del node.attrs[name]
        if node.name not in TAGS and node.name not in KEPT_AS_HTML and node is not block:
            attributes.setdefault(f"<{node.name}> tag", node.sourceline or 1)
            node.unwrap()
    return notes


def _left_out_note(left_out: dict[str, int]) -> tuple[int, str]:
    names = ", ".join(sorted(left_out))
    return (
        min(left_out.values()),
        f"left out {names} (the old site's presentation, which sitegen's sanitized HTML "
        "does not keep)",
    )


def _table_needs_html(table: Tag) -> bool:
    """A markdown table cell is one line of inline text: anything more needs HTML."""
    for cell in table.find_all(["td", "th"]):
        if cell.get("colspan") or cell.get("rowspan"):
            return True
        if cell.find(["br", "p", "ul", "ol", "table", "div", "pre", "blockquote", "img"]):
            return True
    return False


def _as_html_block(node: Tag) -> str:
    """One raw HTML block: a blank line would end it and turn the rest into markdown."""
    return _BLANK_LINES.sub("\n", str(node)).strip()


def _code_language(node: Tag) -> str:
    """The fence's info: the block's language, and the options an importer left in
    ``data-options`` (``linenos=true,hl_lines=2 5-7``) in the form fences take them.

    Pandoc (R Markdown, Quarto) names the language as a class of its own
    (``<pre class="r">``, ``<pre class="sourceCode python">``): taken when it is
    the block's only class, or beside ``sourceCode``, and Pygments knows it."""
    code = node.find("code")
    for element in (node, code):
        if isinstance(element, Tag):
            classes = [str(c) for c in element.get_attribute_list("class") or [] if c]
            found = _LANGUAGE.search(" ".join(classes))
            if found:
                options = node.get("data-options")
                extra = fence_attributes(options) if isinstance(options, str) else ""
                return f"{found.group(1)} {extra}" if extra else found.group(1)
            named = [c for c in classes if c != "sourceCode"]
            alone = len(named) == 1 and (len(classes) == 1 or "sourceCode" in classes)
            if alone and is_language(named[0]):
                return named[0]
    return ""


_PANDOC_DELIMITERS = {"inline": ("\\(", "\\)", "$"), "display": ("\\[", "\\]", "$$")}


def _pandoc_math(node: Tag) -> str | None:
    """Pandoc's ``<span class="math inline">\\(x\\)</span>`` as ``$x$`` (``display``:
    ``$$x$$``), the TeX MathJax read from it; None for any other span."""
    classes: list[str] = [str(c) for c in node.get_attribute_list("class") or [] if c]
    kind = next((k for k in _PANDOC_DELIMITERS if k in classes), None)
    if "math" not in classes or kind is None:
        return None
    opening, closing, dollars = _PANDOC_DELIMITERS[kind]
    tex = node.get_text().strip()
    if tex.startswith(opening) and tex.endswith(closing):
        tex = tex[len(opening) : -len(closing)].strip()
    return f"{dollars}{tex}{dollars}" if tex else ""


def html_to_markdown(html: str) -> Converted:
    """Markdown for ``html`` (a fragment: an article's body)."""
    notes: list[tuple[int, str]] = []
    soup = BeautifulSoup(html, "html.parser")
    converter = _Converter(
        notes,
        heading_style="ATX",
        bullets="-",
        code_language_callback=_code_language,
        escape_underscores=False,
        escape_asterisks=True,
        strip_document="strip",
    )
    markdown = converter.convert_soup(soup)
    if converter.left_out:
        notes.append(_left_out_note(converter.left_out))
    text = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Converted(text, notes, math=converter.math)
