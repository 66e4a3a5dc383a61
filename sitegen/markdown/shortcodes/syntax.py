"""Hugo's shortcode tag syntax: text in, one parsed tag (or a message) out.

Takes the source text and the index of a ``{{<``; returns a :class:`Tag`
(``{{< name key="v" >}}``, ``{{< /name >}}``, ``{{< name />}}`` or the literal
form ``{{</* name */>}}``) or a :class:`TagError` whose message the caller
records at the tag's line. Knows nothing about markdown: the plugin in
``expand.py`` decides where a tag may start, so code is never scanned here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LITERAL = re.compile(r"\{\{</\*(.*?)\*/>\}\}", re.DOTALL)
_HEAD = re.compile(r"\{\{<\s*(/)?\s*([A-Za-z][A-Za-z0-9_-]*)?")
_SPACE = re.compile(r"\S")
_ARG_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*")
_WORD = re.compile(r"[^\s>/]+")
_SCAN = re.compile(r"`+|\\.|\{\{<", re.DOTALL)

OPEN = "open"
CLOSE = "close"
SELF_CLOSING = "self"


@dataclass(frozen=True, slots=True)
class Tag:
    """One shortcode tag as written."""

    name: str
    kind: str
    """``open``, ``close`` or ``self`` (self-closing)."""
    args: tuple[tuple[str, str], ...]
    """Named arguments in written order, quotes and escapes removed."""
    end: int
    """Index just past the tag's ``>}}``."""
    literal: str | None = None
    """For ``{{</* … */>}}``: the text to print instead of expanding."""


@dataclass(frozen=True, slots=True)
class TagError:
    """A ``{{<`` that does not start a well-formed tag."""

    message: str
    name: str = ""
    """The shortcode's name when it could be read, so later tags of it stay quiet."""


def parse_tag(src: str, pos: int) -> Tag | TagError:
    """Parse the tag starting at ``src[pos:]``, which begins with ``{{<``."""
    literal = _LITERAL.match(src, pos)
    if literal:
        return Tag("", SELF_CLOSING, (), literal.end(), "{{<" + literal.group(1) + ">}}")
    head = _HEAD.match(src, pos)
    assert head is not None, "callers check for '{{<' first"
    name = head.group(2) or ""
    if not name or src.find(">}}", head.end()) < 0:
        return TagError(
            f"'{{{{<{' ' + name if name else ''}' starts a shortcode that never ends with '>}}}}'; "
            "to write '{{<' as text, escape it: \\{{<",
            name,
        )
    kind = CLOSE if head.group(1) else OPEN
    args: list[tuple[str, str]] = []
    pos = head.end()
    while True:
        next_char = _SPACE.search(src, pos)
        pos = next_char.start() if next_char else len(src)
        if src.startswith(">}}", pos):
            return _finish(name, kind, args, pos + 3)
        if src.startswith("/>}}", pos):
            if kind == CLOSE:
                return TagError(
                    f"closing tag {{{{< /{name} >}}}} cannot also be self-closing", name
                )
            return _finish(name, SELF_CLOSING, args, pos + 4)
        parsed = _parse_arg(src, pos, name)
        if isinstance(parsed, TagError):
            return parsed
        key, value, pos = parsed
        if any(key == seen for seen, _ in args):
            return TagError(f"argument '{key}' is given twice in shortcode '{name}'", name)
        args.append((key, value))


def _finish(name: str, kind: str, args: list[tuple[str, str]], end: int) -> Tag | TagError:
    if kind == CLOSE and args:
        return TagError(f"closing tag {{{{< /{name} >}}}} takes no arguments", name)
    return Tag(name, kind, tuple(args), end)


def _parse_arg(src: str, pos: int, name: str) -> tuple[str, str, int] | TagError:
    """One ``key="value"`` (or single quotes) with backslash escapes inside the quotes."""
    key_match = _ARG_NAME.match(src, pos)
    if key_match is None:
        word = _WORD.match(src, pos)
        text = word.group() if word else src[pos]
        return TagError(
            f"shortcode '{name}' takes named arguments like key=\"value\", not '{text}'", name
        )
    key = key_match.group(1)
    pos = key_match.end()
    quote = src[pos : pos + 1]
    if quote not in ('"', "'"):
        return TagError(
            f"argument '{key}' of shortcode '{name}' needs a quoted value: {key}=\"...\"", name
        )
    value: list[str] = []
    pos += 1
    while pos < len(src) and src[pos] != "\n":
        char = src[pos]
        if char == quote:
            return key, "".join(value), pos + 1
        if char == "\\" and pos + 1 < len(src) and src[pos + 1] != "\n":
            pos += 1
            char = src[pos]
        value.append(char)
        pos += 1
    return TagError(
        f"argument '{key}' of shortcode '{name}' has no closing {quote}: "
        f"end the value with {quote} (write \\{quote} for a quote inside it)",
        name,
    )


def find_closing(src: str, start: int, name: str) -> tuple[int, int] | None:
    """Where ``{{< /name >}}`` closes the tag opened just before ``start``.

    Same-name tags nest; code spans and backslash escapes are skipped, so a
    closing tag written as code does not count. Returns ``(start, end)`` of the
    closing tag, or None when it is never closed.
    """
    depth = 0
    pos = start
    while match := _SCAN.search(src, pos):
        found = match.group()
        if found[0] == "`":
            pos = _skip_code_span(src, match.end(), len(found))
            continue
        if found[0] == "\\":
            pos = match.end()
            continue
        tag = parse_tag(src, match.start())
        if isinstance(tag, TagError) or tag.literal is not None or tag.name != name:
            pos = match.end() if isinstance(tag, TagError) else tag.end
            continue
        if tag.kind == OPEN:
            depth += 1
        elif tag.kind == CLOSE:
            if depth == 0:
                return match.start(), tag.end
            depth -= 1
        pos = tag.end
    return None


def _skip_code_span(src: str, pos: int, ticks: int) -> int:
    closing = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)").search(src, pos)
    return closing.end() if closing else pos
