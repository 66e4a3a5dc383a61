"""Hugo shortcode tags in text: found, paired, and written back in one form.

A tag is ``{{< name args >}}`` or ``{{% name args %}}``, closing (``/name``) or
self-closing (``/>}}``), over several lines if need be; arguments are by
position or by name, quoted (``"…"`` with backslash escapes), raw (`` `…` ``)
or bare, as Hugo's lexer reads them. ``{{</* … */>}}`` is Hugo's way to write a
tag as text and is no tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NAME_STOP = re.compile(r"[\s>%]|/\s*[>%]\}\}")


@dataclass(slots=True)
class Tag:
    """One shortcode tag as written."""

    start: int
    end: int
    markup: str
    """``<`` or ``%``."""
    name: str
    closing: bool = False
    self_closing: bool = False
    positional: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)
    partner: int | None = None
    """Index of the matching closing (or opening) tag, when paired."""

    def get(self, key: str, position: int) -> str | None:
        if key in self.named:
            return self.named[key]
        return self.positional[position] if position < len(self.positional) else None


def scan_tags(text: str) -> list[Tag]:
    """Every shortcode tag of ``text`` in order, escaped ones (``{{</* */>}}``) left out,
    each paired with its closing tag when it has one."""
    return scan(text)[0]


def scan(text: str) -> tuple[list[Tag], list[int]]:
    """The tags of ``text`` (see :func:`scan_tags`), and where a ``{{<`` or ``{{%``
    starts no tag (it never ends, or names nothing)."""
    tags: list[Tag] = []
    broken: list[int] = []
    position = 0
    while True:
        found = re.search(r"\{\{([<%])", text[position:])
        if found is None:
            break
        start = position + found.start()
        markup = found.group(1)
        tag, end = _read_tag(text, start, markup)
        if tag is not None:
            tags.append(tag)
        elif end == start + 3 and not text[:start].endswith("\\"):
            broken.append(start)
        position = max(end, start + 3)
    _pair(tags)
    return tags, broken


def _read_tag(text: str, start: int, markup: str) -> tuple[Tag | None, int]:
    """The tag at ``start`` and where it ends; (None, end) for an escaped or broken one."""
    index = _skip_space(text, start + 3)
    if text.startswith("/*", index):
        close = text.find("*/", index)
        end_mark = re.compile(r"\*/\s*" + re.escape(_closer(markup)) + r"\}\}")
        ended = end_mark.search(text, close if close >= 0 else index)
        return None, ended.end() if ended else start + 3
    closing = text.startswith("/", index)
    if closing:
        index = _skip_space(text, index + 1)
    stop = _NAME_STOP.search(text, index)
    name_end = stop.start() if stop else len(text)
    name = text[index:name_end]
    if not name or "{" in name or "}" in name:
        return None, start + 3
    tag = Tag(start, start, markup, name, closing)
    index = name_end
    ending = _closer(markup) + "}}"
    while index < len(text):
        index = _skip_space(text, index)
        if text.startswith(ending, index):
            tag.end = index + len(ending)
            return tag, tag.end
        if text.startswith("/", index) and text.startswith(ending, _skip_space(text, index + 1)):
            tag.self_closing = True
            tag.end = _skip_space(text, index + 1) + len(ending)
            return tag, tag.end
        value, index = _read_value(text, index, markup)
        if value is None:
            return None, start + 3
        if text.startswith("=", index):
            argument, index = _read_value(text, _skip_space(text, index + 1), markup)
            if argument is None:
                return None, start + 3
            tag.named[value] = argument
        else:
            tag.positional.append(value)
    return None, start + 3


def _read_value(text: str, index: int, markup: str) -> tuple[str | None, int]:
    """A quoted, backquoted or bare argument at ``index``."""
    if index >= len(text):
        return None, index
    quote = text[index]
    if quote == '"':
        out: list[str] = []
        index += 1
        while index < len(text) and text[index] != '"':
            if text[index] == "\\" and index + 1 < len(text):
                index += 1
            out.append(text[index])
            index += 1
        return ("".join(out), index + 1) if index < len(text) else (None, index)
    if quote == "`":
        close = text.find("`", index + 1)
        return (text[index + 1 : close], close + 1) if close > 0 else (None, index)
    match = re.compile(r"[^\s=]+?(?=\s|=|/?\s*" + re.escape(_closer(markup)) + r"\}\}|$)").match(
        text, index
    )
    if match is None or not match.group(0):
        return None, index
    return match.group(0), match.end()


def _closer(markup: str) -> str:
    """``>`` for a ``{{<`` tag, ``%`` for a ``{{%`` one."""
    return ">" if markup == "<" else "%"


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _pair(tags: list[Tag]) -> None:
    """Match each closing tag with the nearest open tag of its name."""
    stack: list[int] = []
    for index, tag in enumerate(tags):
        if tag.closing:
            for depth in range(len(stack) - 1, -1, -1):
                if tags[stack[depth]].name == tag.name:
                    opener = stack[depth]
                    tags[opener].partner, tag.partner = index, opener
                    del stack[depth:]
                    break
        elif not tag.self_closing:
            stack.append(index)


def line_at(text: str, position: int) -> int:
    """1-based line of ``position`` in ``text``."""
    return text.count("\n", 0, position) + 1


def canonical(tag: Tag) -> str:
    """The tag in the one form sitegen reads for sure: quoted values, ``/`` when alone."""
    if tag.closing:
        return f"{{{{{tag.markup} /{tag.name} {_closer(tag.markup)}}}}}"
    parts = [tag.name]
    parts.extend(_quote(value) for value in tag.positional)
    parts.extend(f"{key}={_quote(value)}" for key, value in tag.named.items())
    slash = "/" if tag.self_closing or tag.partner is None else ""
    return f"{{{{{tag.markup} {' '.join(parts)} {slash}{_closer(tag.markup)}}}}}"


def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'
