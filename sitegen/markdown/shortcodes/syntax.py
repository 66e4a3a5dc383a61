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
from collections.abc import Iterator
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


def parse_tag(src: str, pos: int, memo: dict[str, tuple[int, int]] | None = None) -> Tag | TagError:
    """Parse the tag starting at ``src[pos:]``, which begins with ``{{<`` or ``{{%``.

    ``memo`` (kept by a :class:`TagScanner`) remembers where each tag end was
    looked for, so a line of tags that never end is not searched to its end
    once per tag.
    """
    literal = _LITERAL.match(src, pos)
    if literal:
        markup = "<" if literal.group(1) is not None else "%"
        text = unescape_literals(literal.group())
        return Tag("", SELF_CLOSING, (), literal.end(), text, markup=markup)
    head = _HEAD.match(src, pos)
    assert head is not None, "callers check for '{{<' or '{{%' first"
    markup, name = head.group(1), head.group(3) or ""
    right = _right(markup)
    ends = _ends_after(src, right, head.end(), memo) or _ends_after(
        src, _other_right(markup), head.end(), memo
    )
    if not name and ends:
        return TagError(
            f"'{{{{{markup}' must be followed by a shortcode's name; "
            f"to write '{{{{{markup}' as text, escape it: \\{{{{{markup}"
        )
    if not name or not ends:
        return _never_ends(markup, name)
    kind = CLOSE if head.group(2) else OPEN
    return _parse_args(src, head.end(), name, kind, markup)


def _ends_after(src: str, right: str, pos: int, memo: dict[str, tuple[int, int]] | None) -> bool:
    """Whether ``right`` occurs in ``src`` at or after ``pos``."""
    if memo is None:
        return src.find(right, pos) >= 0
    searched_from, found = memo.get(right, (len(src) + 1, -1))
    if searched_from <= pos and (found >= pos or found < 0):
        return found >= 0
    found = src.find(right, pos)
    memo[right] = (pos, found)
    return found >= 0


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


def find_closing(src: str, start: int, name: str, end: int | None = None) -> tuple[int, int] | None:
    """Where ``{{< /name >}}`` (or ``{{% /name %}}``) closes the tag opened before ``start``.

    Same-name tags nest; code spans and backslash escapes are skipped, so a
    closing tag written as code does not count. Only ``src[:end]`` is read.
    Returns ``(start, end)`` of the closing tag, or None when it is never closed.
    """
    depth = 0
    for at, tag in _scan_tags(src, start, len(src) if end is None else end):
        if tag.name != name:
            continue
        if tag.kind == OPEN:
            depth += 1
        elif tag.kind == CLOSE:
            if depth == 0:
                return at, tag.end
            depth -= 1
    return None


def _scan_tags(
    src: str, pos: int, end: int, memo: dict[str, tuple[int, int]] | None = None
) -> Iterator[tuple[int, Tag]]:
    """Every well-formed, non-literal tag of ``src[pos:end]``, in order, with its start;
    code spans and backslash escapes skipped."""
    while match := _SCAN.search(src, pos, end):
        found = match.group()
        if found[0] == "`":
            pos = _skip_code_span(src, match.end(), len(found), end)
            continue
        if found[0] == "\\":
            pos = match.end()
            continue
        tag = parse_tag(src, match.start(), memo)
        if isinstance(tag, TagError) or tag.end > end:
            pos = match.end()
            continue
        pos = tag.end
        if tag.literal is None:
            yield match.start(), tag


class TagScanner:
    """The tags of one inline text, for the inline rule, in linear time.

    The rule meets the tags of a paragraph in order and must find each opening
    tag's closing tag. Searching from each one made a line of N tags cost N²
    (a line of 4,000 unknown shortcodes took 19 s). One scan from the first
    opening tag pairs every opening tag with its closing tag instead: a scan
    that parsed a tag goes on from its end, exactly where a search from that
    tag would start, so the pairs are the ones each search would find.
    """

    def __init__(self, src: str, end: int) -> None:
        self.src = src
        self.end = end
        self.memo: dict[str, tuple[int, int]] = {}
        self.start = -1
        self.opens: set[int] = set()
        """End positions of the opening tags the scan parsed."""
        self.pairs: dict[int, tuple[int, int]] = {}
        """Opening tag's end → (start, end) of its closing tag."""

    def parse(self, pos: int) -> Tag | TagError:
        """The tag at ``pos`` (see :func:`parse_tag`)."""
        return parse_tag(self.src, pos, self.memo)

    def closing(self, tag: Tag) -> tuple[int, int] | None:
        """Where the opening ``tag`` is closed, as :func:`find_closing` says."""
        if self.start < 0 or tag.end < self.start:
            self._pair_from(tag.end)
        if tag.end in self.opens:
            return self.pairs.get(tag.end)
        return find_closing(self.src, tag.end, tag.name, self.end)  # a tag the scan skipped

    def _pair_from(self, start: int) -> None:
        self.start, self.opens, self.pairs = start, set(), {}
        waiting: dict[str, list[int]] = {}
        for at, tag in _scan_tags(self.src, start, self.end, self.memo):
            if tag.kind == OPEN:
                self.opens.add(tag.end)
                waiting.setdefault(tag.name, []).append(tag.end)
            elif tag.kind == CLOSE and waiting.get(tag.name):
                self.pairs[waiting[tag.name].pop()] = (at, tag.end)


def _skip_code_span(src: str, pos: int, ticks: int, end: int) -> int:
    closing = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)").search(src, pos, end)
    return closing.end() if closing else pos
