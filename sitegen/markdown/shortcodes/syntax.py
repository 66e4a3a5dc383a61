"""Hugo's shortcode tag syntax: text in, one parsed tag (or a message) out.

Takes the source text and the index of a ``{{<`` or ``{{%``; returns a
:class:`Tag` (``{{< name key="v" >}}``, ``{{< name value >}}``,
``{{< /name >}}``, ``{{< name />}}``, the same with ``%``, or the literal
forms ``{{</* name */>}}`` and ``{{%/* name */%}}``) or a :class:`TagError`
whose message the caller records at the line of ``TagError.pos``. A tag may
run over several lines. Knows nothing about markdown: the plugin in
``expand.py`` decides where a tag may start, so code is never scanned here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LITERAL = re.compile(r"\{\{(?:</\*(.*?)\*/>|%/\*(.*?)\*/%)\}\}", re.DOTALL)
_NAME = r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:/[A-Za-z0-9_][A-Za-z0-9_-]*)*"
_HEAD = re.compile(rf"\{{\{{([<%])\s*(/)?\s*({_NAME})?")
_SPACE = re.compile(r"\S")
_ARG_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*")
_BARE = re.compile(r"(?:(?!/?[>%]\}\})[^\s\"'`=])+")
_SCAN = re.compile(r"`+|\\.|\{\{[<%]", re.DOTALL)

OPEN = "open"
CLOSE = "close"
SELF_CLOSING = "self"
STARTS = ("{{<", "{{%")
"""What a tag starts with: ``{{<`` (Hugo's "no markup") or ``{{%`` (markdown)."""


def written(markup: str, inside: str, slash: bool = False) -> str:
    """A tag as an author writes it: ``written("%", "/note")`` is ``{{% /note %}}``,
    ``written("<", "badge", slash=True)`` is ``{{< badge />}}``."""
    return "{{" + markup + " " + inside + (" /" if slash else " ") + _right(markup)


def _right(markup: str) -> str:
    return "%}}" if markup == "%" else ">}}"


def _other_right(markup: str) -> str:
    return _right(">" if markup == "%" else "%")


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
    positional: tuple[str, ...] = ()
    """Arguments given by position (a tag has these or named ones, never both)."""
    markup: str = "<"
    """``<`` or ``%``, as written; messages quote the tag the same way."""


@dataclass(frozen=True, slots=True)
class TagError:
    """A ``{{<`` that does not start a well-formed tag."""

    message: str
    name: str = ""
    """The shortcode's name when it could be read, so later tags of it stay quiet."""
    pos: int = -1
    """Where in the source the mistake is, for its line; -1 is the tag's start."""


def parse_tag(src: str, pos: int) -> Tag | TagError:
    """Parse the tag starting at ``src[pos:]``, which begins with ``{{<`` or ``{{%``."""
    literal = _LITERAL.match(src, pos)
    if literal:
        markup = "<" if literal.group(1) is not None else "%"
        text = unescape_literals(literal.group())
        return Tag("", SELF_CLOSING, (), literal.end(), text, markup=markup)
    head = _HEAD.match(src, pos)
    assert head is not None, "callers check for '{{<' or '{{%' first"
    markup, name = head.group(1), head.group(3) or ""
    right = _right(markup)
    ends = src.find(right, head.end()) >= 0 or src.find(_other_right(markup), head.end()) >= 0
    if not name and ends:
        return TagError(
            f"'{{{{{markup}' must be followed by a shortcode's name; "
            f"to write '{{{{{markup}' as text, escape it: \\{{{{{markup}"
        )
    if not name or not ends:
        return _never_ends(markup, name)
    kind = CLOSE if head.group(2) else OPEN
    return _parse_args(src, head.end(), name, kind, markup)


def _never_ends(markup: str, name: str) -> TagError:
    start = "{{" + markup + (" " + name if name else "")
    return TagError(
        f"'{start}' starts a shortcode that never ends with '{_right(markup)}'; "
        f"to write '{{{{{markup}' as text, escape it: \\{{{{{markup}",
        name,
    )


def _parse_args(src: str, pos: int, name: str, kind: str, markup: str) -> Tag | TagError:
    """The arguments up to the tag's end: all named or all positional, as in Hugo."""
    right = _right(markup)
    args: list[tuple[str, str]] = []
    positional: list[str] = []
    while True:
        next_char = _SPACE.search(src, pos)
        if next_char is None:
            return _never_ends(markup, name)
        pos = next_char.start()
        end = _tag_end(src, pos, right)
        if end is not None:
            return _finish(name, kind, args, positional, markup, end, end - pos > len(right))
        wrong = _tag_end(src, pos, _other_right(markup))
        if wrong is not None:
            return TagError(
                f"shortcode '{name}' starts with '{{{{{markup}' but ends with "
                f"'{src[pos:wrong].lstrip('/')}': end it with '{right}'",
                name,
                pos,
            )
        parsed = _parse_arg(src, pos, name)
        if isinstance(parsed, TagError):
            return parsed
        key, value, after = parsed
        if (args and key is None) or (positional and key is not None):
            return TagError(
                f"shortcode '{name}' mixes positional and named arguments: write all of them "
                'as key="value", or all by position',
                name,
                pos,
            )
        if key is None:
            positional.append(value)
        elif any(key == seen for seen, _ in args):
            return TagError(f"argument '{key}' is given twice in shortcode '{name}'", name, pos)
        else:
            args.append((key, value))
        pos = after


def _tag_end(src: str, pos: int, right: str) -> int | None:
    """Index past ``>}}`` (or ``/>}}``) at ``pos``, if the tag ends there."""
    if src.startswith(right, pos):
        return pos + len(right)
    if src.startswith("/" + right, pos):
        return pos + len(right) + 1
    return None


def _finish(
    name: str,
    kind: str,
    args: list[tuple[str, str]],
    positional: list[str],
    markup: str,
    end: int,
    slash: bool,
) -> Tag | TagError:
    closing = written(markup, "/" + name)
    if slash and kind == CLOSE:
        return TagError(f"closing tag {closing} cannot also be self-closing", name)
    if kind == CLOSE and (args or positional):
        return TagError(f"closing tag {closing} takes no arguments", name)
    kind = SELF_CLOSING if slash else kind
    return Tag(name, kind, tuple(args), end, positional=tuple(positional), markup=markup)


def _parse_arg(src: str, pos: int, name: str) -> tuple[str | None, str, int] | TagError:
    """One ``key="value"`` or one positional value; ``(None, value, end)`` for the latter."""
    key_match = _ARG_NAME.match(src, pos)
    if key_match is None:
        if src[pos] in "\"'`":
            return _parse_value(src, pos, name, None)
        bare = _BARE.match(src, pos)
        if bare is None:
            return TagError(
                f"shortcode '{name}' has '{src[pos]}' where an argument should be; "
                'write arguments as key="value" or as values separated by spaces',
                name,
                pos,
            )
        if src.startswith("=", bare.end()):
            return TagError(
                f"'{bare.group()}' is not a valid argument name in shortcode '{name}': "
                "use letters, digits, '_' and '-'",
                name,
                pos,
            )
        return None, bare.group(), bare.end()
    key = key_match.group(1)
    if src[key_match.end() : key_match.end() + 1] in ('"', "'", "`"):
        return _parse_value(src, key_match.end(), name, key)
    # Hugo takes a value without spaces unquoted: open=true, start=30, path=/a/b.mp3.
    bare = _BARE.match(src, key_match.end())
    if bare is None:
        return TagError(
            f"argument '{key}' of shortcode '{name}' has no value: {key}=\"...\"",
            name,
            pos,
        )
    return key, bare.group(), bare.end()


def _parse_value(
    src: str, pos: int, name: str, key: str | None
) -> tuple[str | None, str, int] | TagError:
    """A value in quotes: ``"…"`` or ``'…'`` with backslash escapes on one line, or a
    raw ```…``` (Hugo's raw string: no escapes, may span lines)."""
    quote = src[pos]
    what = f"argument '{key}'" if key else "a positional argument"
    if quote == "`":
        end = src.find("`", pos + 1)
        if end >= 0:
            return key, src[pos + 1 : end], end + 1
        return TagError(f"{what} of shortcode '{name}' has no closing `", name, pos)
    value: list[str] = []
    start = pos
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
        f"{what} of shortcode '{name}' has no closing {quote}: "
        f"end the value with {quote} (write \\{quote} for a quote inside it)",
        name,
        start,
    )


def unescape_literals(text: str) -> str:
    """``text`` with each ``{{</* … */>}}`` written as the tag it shows, ``{{< … >}}``.

    For inner content taken as written (``inner: raw``): a tag shown there, in
    a ``highlight`` of Hugo markup say, prints as it does everywhere else.
    """

    def shown(match: re.Match[str]) -> str:
        markup = "<" if match.group(1) is not None else "%"
        inside = match.group(1) if match.group(1) is not None else match.group(2)
        return "{{" + markup + inside + _right(markup)

    return _LITERAL.sub(shown, text)


def find_closing(src: str, start: int, name: str) -> tuple[int, int] | None:
    """Where ``{{< /name >}}`` (or ``{{% /name %}}``) closes the tag opened before ``start``.

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
