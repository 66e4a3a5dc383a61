"""Hugo shortcodes in imported content: resolved where the import can, kept where
sitegen can render them.

sitegen reads Hugo's shortcode syntax, so content keeps its tags; what a tag
needs is a template. The import resolves the shortcodes whose result it can
compute once and for all: ``param`` (a value), ``ref``/``relref`` (a link to
the imported file, which sitegen turns into a URL), ``highlight`` (a fenced
code block) and ``figure`` (an image with its caption). Every other shortcode
(``youtube``, a theme's ``plotly``…) is a Go template sitegen cannot run: its
tags are rewritten in one canonical form and :mod:`standins` writes a Jinja
template that stands in for it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitegen.importer.hugo.links import mask_code

RESOLVED = frozenset({"param", "ref", "relref", "highlight", "figure"})
_SITEGEN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:/[A-Za-z0-9_][A-Za-z0-9_-]*)*")
"""The shortcode names sitegen reads (a template file name, folders allowed)."""
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


# -- conversion -----------------------------------------------------------------


@dataclass(slots=True)
class Use:
    """How the content calls one shortcode the import does not resolve."""

    positional: int = 0
    """Most positional arguments of any call."""
    named: set[str] = field(default_factory=set)
    paired: bool = False
    first: tuple[str, int] | None = None
    """(origin, line) of the first call."""


@dataclass(frozen=True, slots=True)
class Resolvers:
    """What a conversion asks of the rest of the import."""

    param: Callable[[str], object]
    """``.Param`` of the page: page params, then site params (None: not found)."""
    ref: Callable[[str], str | None]
    """A ``ref`` target → the link to write, None when no page matches."""


@dataclass(slots=True)
class Converted:
    text: str
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(line in the body, message)."""
    protected: dict[str, str] = field(default_factory=dict)
    """Placeholder → tag text, for HTML bodies (restored after conversion)."""


def convert_shortcodes(
    body: str,
    form: str,
    resolvers: Resolvers,
    uses: dict[str, Use],
    origin: str,
    line_offset: int,
) -> Converted:
    """``body`` with resolvable shortcodes replaced and the others in canonical form.

    ``form`` is ``markdown`` or ``html`` (then unresolved tags become
    placeholders that survive the HTML conversion; see ``Converted.protected``).
    ``uses`` collects how each unresolved shortcode is called.
    """
    tags, broken = scan(body)
    result = Converted("")
    out: list[str] = []
    position = 0
    index = 0
    prose = _outside_code(body, form)
    for start in broken:
        if prose(start):  # Hugo would have stopped here; sitegen shows it as text
            result.notes.append(
                (line_at(body, start), "a shortcode tag that never ends: kept as text")
            )
    broken = [b for b in broken if prose(b)]
    while index < len(tags) or broken:
        if broken and (index >= len(tags) or broken[0] < tags[index].start):
            start = broken.pop(0)
            out.append(body[position:start] + "\\")
            position = start
            continue
        tag = tags[index]
        out.append(body[position : tag.start])
        line = line_at(body, tag.start)
        if tag.closing and tag.partner is None and prose(tag.start):
            result.notes.append(
                (line, f"closing tag of '{tag.name}' without an opening one: left out")
            )
            position, index = tag.end, index + 1
            continue
        replacement, next_index, end = _convert(body, tags, index, form, resolvers, result, line)
        if replacement is None:
            _record(uses, tag, origin, line_offset + line - 1)
            replacement = canonical(tag)
            if form == "html":
                key = f"HUGOSHORTCODE{len(result.protected) + 1}X"
                result.protected[key] = replacement
                replacement = key
        out.append(replacement)
        position, index = end, next_index
    out.append(body[position:])
    result.text = "".join(out)
    return result


def _outside_code(body: str, form: str) -> Callable[[int], bool]:
    """Whether a position of a markdown body is outside its code (where sitegen reads
    shortcodes); an HTML body has no markdown code."""
    if form == "html":
        return lambda position: True
    masked = mask_code(body)
    return lambda position: masked[position] == body[position]


def _convert(
    body: str,
    tags: list[Tag],
    index: int,
    form: str,
    resolvers: Resolvers,
    result: Converted,
    line: int,
) -> tuple[str | None, int, int]:
    """(replacement or None to keep the tag, next tag index, end of the replaced text)."""
    tag = tags[index]
    name = tag.name
    if not _SITEGEN_NAME.fullmatch(name):
        return _unnamable(body, tags, index, result, line)
    if tag.closing or name not in RESOLVED:
        return None, index + 1, tag.end
    if name == "param":
        key = tag.get("name", 0) or ""
        value = resolvers.param(key)
        if value is None:
            result.notes.append(
                (line, f"param '{key}' is set neither on the page nor the site; left out")
            )
            return "", index + 1, tag.end
        return _plain(value), index + 1, tag.end
    if name in ("ref", "relref"):
        target = tag.get("path", 0) or ""
        link = resolvers.ref(target)
        if link is None:
            result.notes.append(
                (line, f"{name} '{target}' matches no imported page; written as a plain link")
            )
            return target, index + 1, tag.end
        return link, index + 1, tag.end
    if name == "highlight" and tag.partner is not None:
        closing = tags[tag.partner]
        code = body[tag.end : closing.start].strip("\n")
        language = tag.get("lang", 0) or ""
        after = next(
            (i for i in range(index + 1, len(tags)) if tags[i].start >= closing.end), len(tags)
        )
        return _code_block(code, language, form, _indent(body, tag.start)), after, closing.end
    if name == "figure":
        end = tags[tag.partner].end if tag.partner is not None else tag.end
        after = tag.partner + 1 if tag.partner is not None else index + 1
        return _figure(tag, form), after, end
    return None, index + 1, tag.end


def _unnamable(
    body: str, tags: list[Tag], index: int, result: Converted, line: int
) -> tuple[str, int, int]:
    """A shortcode sitegen has no name for: Hugo's inline ones (``css.inline``), whose
    inner text is their own template, and names with other characters.

    An inline shortcode without Go code in it produced its text as written, which is
    kept; any other is left out with a note. Its closing tag goes with it.
    """
    tag = tags[index]
    if tag.closing:
        return "", index + 1, tag.end
    closing = tags[tag.partner] if tag.partner is not None else None
    inner = body[tag.end : closing.start] if closing else ""
    after = (tag.partner or index) + 1
    end = closing.end if closing else tag.end
    if tag.name.endswith(".inline") and inner.strip() and "{{" not in inner:
        result.notes.append((line, f"inline shortcode '{tag.name}': kept the HTML it wrote"))
        return inner.strip("\n"), after, end
    what = "inline shortcode" if tag.name.endswith(".inline") else "shortcode"
    result.notes.append(
        (
            line,
            f"{what} '{tag.name}' left out: sitegen cannot run its Go "
            "template; port it to a template in layouts/shortcodes/",
        )
    )
    return "", after, end


def _record(uses: dict[str, Use], tag: Tag, origin: str, line: int) -> None:
    use = uses.setdefault(tag.name, Use())
    if tag.closing:
        use.paired = True
        return
    use.positional = max(use.positional, len(tag.positional))
    use.named.update(tag.named)
    if tag.partner is not None:
        use.paired = True
    if use.first is None:
        use.first = (origin, line)


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


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return str(value)


def _indent(body: str, position: int) -> str:
    start = body.rfind("\n", 0, position) + 1
    prefix = body[start:position]
    return prefix if not prefix.strip() else ""


def _code_block(code: str, language: str, form: str, indent: str) -> str:
    if form == "html":
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{attribute}>{html.escape(code)}</code></pre>"
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    lines = [f"{fence}{language}", *code.split("\n"), fence]
    return ("\n" + indent).join(lines)


def _figure(tag: Tag, form: str) -> str:
    """Hugo's ``figure`` as an image with its title and caption."""
    src = tag.named.get("src", "")
    alt = tag.named.get("alt") or tag.named.get("title") or tag.named.get("caption") or ""
    title = tag.named.get("title", "")
    caption = tag.named.get("caption", "")
    link = tag.named.get("link", "")
    attribution = tag.named.get("attr", "")
    if form == "html":
        image = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        if link:
            image = f'<a href="{html.escape(link)}">{image}</a>'
    else:
        image = f"![{_escape_brackets(alt)}]({_link_target(src)})"
        if link:
            image = f"[{image}]({_link_target(link)})"
    words = [w for w in (title, caption, attribution) if w]
    if not words:
        return image
    text = html.escape(" — ".join(words)) if form == "html" else " — ".join(words)
    if form == "html":
        return f"<figure>{image}<figcaption>{text}</figcaption></figure>"
    return f"<figure>\n\n{image}\n\n<figcaption>\n\n{text}\n\n</figcaption>\n</figure>"


def _escape_brackets(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _link_target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()]", url) else url
