"""Attribute lists on paragraphs (``{: .lead }``, ``{ #intro .wide }``), left out with a warning.

Python-Markdown's ``attr_list`` (MkDocs) and kramdown (Jekyll) set a block's
attributes from a line of its own at the paragraph's end, and posts moved
from those tools bring the lines along; CommonMark printed them as text at
the end of the paragraph. sitegen sets attributes on headings only (a class
means nothing to its theme, and an id could clash with a heading's), so the
line is taken off, with a warning at its line naming what was left out.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from sitegen.markdown.document import document_of
from sitegen.markdown.headings import parse_attributes

_LIST_LINE = re.compile(r"[ \t]*\{:?(?P<inside>[^{}\n]*)\}[ \t]*")
"""A line that is one attribute list, with kramdown's and Python-Markdown's
optional colon."""


def attribute_list_plugin(md: MarkdownIt) -> None:
    """Take attribute-list lines off paragraphs' ends, each with a warning."""
    md.core.ruler.after("block", "paragraph_attribute_lists", leave_out_attribute_lists)


def leave_out_attribute_lists(state: StateCore) -> None:
    """A paragraph's last line that is an attribute list is taken off it; a
    paragraph that is nothing else is taken out."""
    tokens, kept = state.tokens, []
    document = document_of(state.env)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        inline = tokens[index + 1] if token.type == "paragraph_open" else None
        if inline is None or inline.type != "inline":
            kept.append(token)
            index += 1
            continue
        lines = inline.content.split("\n")
        found = _LIST_LINE.fullmatch(lines[-1])
        if found is None or not parse_attributes("{" + found["inside"].strip() + "}"):
            kept.append(token)
            index += 1
            continue
        first = token.map[0] if token.map else 0
        document.warnings.append((first + len(lines) - 1, _left_out(lines[-1].strip())))
        if len(lines) == 1:  # the paragraph was the list alone: nothing of it is shown
            index += 3
            continue
        inline.content = "\n".join(lines[:-1])
        kept.append(token)
        index += 1
    state.tokens = kept


def _left_out(written: str) -> str:
    return (
        f"attribute list {written} left out: sitegen sets attributes only on headings "
        "({#id .class} at the end of a heading's line)"
    )
