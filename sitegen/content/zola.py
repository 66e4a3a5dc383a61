"""Zola's shortcode calls, written as the Hugo-style calls sitegen reads.

Zola calls a shortcode with Tera's delimiters and a function's arguments:
``{{ youtube(id="dQw4w9WgXcQ") }}`` without a body, ``{% quote(author="A") %}
… {% end %}`` with one, and shows a call as text with ``{{/* … */}}``. Left
as written, a call reached the page as prose, its quotes curled and its URL
made a link, with no word. Each call outside code becomes the same call in
sitegen's form (``{{< youtube id="dQw4w9WgXcQ" />}}``), so a shortcode the site
declares renders, and one it lacks is the usual error at its line; an escaped
call is its text, in code too (Zola reads calls before markdown, so its
authors escape them in code blocks to show them). Zola's own ``gist`` is given
the user and id sitegen's takes. Lines are kept: every error stays at its line (a code
block's name, a caption line above it, may add one where no blank line can take it).
"""

from __future__ import annotations

import re

from sitegen.fences import CODE_SPAN, OPENING, code_lines, fence_parts

_ESCAPED = re.compile(r"\{\{/\*\s?(.*?)\s?\*/\}\}|\{%/\*\s?(.*?)\s?\*/%\}", re.DOTALL)
_CALL = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\((.*?)\)\s*\}\}", re.DOTALL)
_BODY_TAG = re.compile(
    r"\{%\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)\((?P<arguments>.*?)\)|end)\s*%\}", re.DOTALL
)
_ARGUMENT = re.compile(
    r"""\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|\[[^\]]*\]|[^,\s]+)\s*,?"""
)
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
"""ASCII punctuation, which a backslash makes text as typed: an escaped call shown
in prose keeps its straight quotes and its URL stays text, as in code."""
_GIST = re.compile(r"https?://gist\.github\.com/([^/\s]+)/([0-9a-fA-F]+)")


def zola_calls(body: str) -> str:
    """``body`` with Zola's shortcode calls in sitegen's form (see the module), and
    its code blocks' options (``zola_fences``)."""
    body = zola_fences(body)
    if "{{" not in body and "{%" not in body:
        return body
    out: list[str] = []
    prose: list[str] = []
    opened: list[str] = []

    def flush() -> None:  # a call may run over lines: prose is rewritten a block at a time
        if prose:
            out.append(_outside_spans("\n".join(prose), opened))
            prose.clear()

    for line, code in zip(body.split("\n"), code_lines(body), strict=True):
        if code:
            flush()
            out.append(_ESCAPED.sub(_shown, line))
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def _outside_spans(line: str, opened: list[str]) -> str:
    """``line`` with its calls rewritten, and its code spans' escapes shown."""
    parts: list[str] = []
    position = 0
    for span in CODE_SPAN.finditer(line):
        parts.append(_calls(line[position : span.start()], opened))
        parts.append(_ESCAPED.sub(_shown, span.group(0)))
        position = span.end()
    parts.append(_calls(line[position:], opened))
    return "".join(parts)


def _calls(text: str, opened: list[str]) -> str:
    marked: dict[str, str] = {}

    def keep(found: re.Match[str]) -> str:  # escapes are text, never calls
        key = f"\x00{len(marked)}\x00"
        marked[key] = _PUNCTUATION.sub(r"\\\g<0>", _shown(found))
        return key

    text = _ESCAPED.sub(keep, text)
    text = _CALL.sub(lambda m: _tag(m.group(1), m.group(2), "self"), text)

    def body_tag(found: re.Match[str]) -> str:
        """An opening call, or an ``{% end %}``, which closes the last one opened:
        read in the order they are written (each opening first, then each end,
        closed the second of two calls with the first one's name)."""
        if found.group("name") is not None:
            opened.append(found.group("name"))
            return _tag(found.group("name"), found.group("arguments"), "open")
        return f"{{{{< /{opened.pop()} >}}}}" if opened else found.group(0)

    text = _BODY_TAG.sub(body_tag, text)
    for key, shown in marked.items():
        text = text.replace(key, shown)
    return text


def _shown(found: re.Match[str]) -> str:
    inner = found.group(1) if found.group(1) is not None else found.group(2)
    return "{{ " + inner + " }}" if found.group(1) is not None else "{% " + inner + " %}"


def _tag(name: str, written: str, kind: str) -> str:
    arguments = _arguments(written)
    if name == "gist" and "url" in arguments:  # Zola's gist names its URL
        url = _GIST.match(arguments.pop("url"))
        if url is not None:
            arguments = {"user": url.group(1), "id": url.group(2), **arguments}
    if name in ("youtube", "vimeo"):
        arguments.pop("playlist", None)  # Zola's; sitegen's player link has none
    inside = "".join(f" {key}={_quoted(value)}" for key, value in arguments.items())
    return f"{{{{< {name}{inside} />}}}}" if kind == "self" else f"{{{{< {name}{inside} >}}}}"


def _arguments(written: str) -> dict[str, str]:
    """Zola's ``key=value`` arguments, their values as text."""
    found: dict[str, str] = {}
    for argument in _ARGUMENT.finditer(written):
        key, value = argument.group(1), argument.group(2)
        if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
            if argument.group(2)[0] == '"':
                value = value.replace('\\"', '"').replace("\\\\", "\\")
        found[key] = value
    return found


def _quoted(value: str) -> str:
    """A value as sitegen reads it: in double quotes, or, over several lines, as Hugo's
    raw string between backticks (a quoted value stays on one line)."""
    if "\n" in value and "`" not in value:  # no blank line: it would end the paragraph
        return "`" + re.sub(r"\n\s*\n", "\n", value).strip("\n") + "`"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


_ZOLA_INFO = re.compile(r"([ \t]{0,3}(?:`{3,}|~{3,}))([^\s,`{]*),([^`]*)\Z")
"""A fence opening with Zola's options after its language: ```` ```rust,linenos ````."""
_MARKDOWN_MARKS = re.compile(r"([\\*_`\[\]])")


def zola_fences(body: str) -> str:
    """Zola's code block options as sitegen reads them: ```` ```rust,linenos,
    hl_lines=1 3-4,linenostart=10,name=src/main.rs ```` is a ``rust`` block with
    ``{linenos=true,hl_lines=[1,"3-4"],linenostart=10}``, its ``name`` the caption
    line above it (as a code block's title is shown). Left as they were, the
    whole line was taken for the language: no colour, no numbers, the file
    name lost. ``hide_lines`` has no equivalent: the lines stay shown."""
    if "," not in body:
        return body
    out: list[str] = []
    for line, part in fence_parts(body):
        found = _ZOLA_INFO.match(line) if part == OPENING else None
        if found is None:
            out.append(line)
            continue
        fence, language, written = found.groups()
        options, name = _zola_options(written)
        if name:
            out.extend(_captioned(out, f"*{_escaped(name)}*"))
        out.append(f"{fence}{language} {{{','.join(options)}}}" if options else fence + language)
    return "\n".join(out)


def _zola_options(written: str) -> tuple[list[str], str]:
    """Hugo-style options (which sitegen's fences take) for Zola's, and the name."""
    options: list[str] = []
    name = ""
    for option in written.split(","):
        key, _, value = option.strip().partition("=")
        key, value = key.strip(), value.strip()
        if key == "linenos":
            options.append("linenos=true")
        elif key == "linenostart" and value.isdigit():
            options.append(f"linenostart={value}")
        elif key == "hl_lines" and value:
            ranges = [f'"{r}"' if "-" in r else r for r in value.split() if r]
            options.append(f"hl_lines=[{','.join(ranges)}]")
        elif key == "name" and value:
            name = value
    return options, name


def _escaped(text: str) -> str:
    """``text`` as markdown shows it as written (a file name's ``_`` is no emphasis)."""
    return _MARKDOWN_MARKS.sub(r"\\\1", text)


def _captioned(before: list[str], caption: str) -> list[str]:
    """The lines to add after ``before`` so that ``caption`` is a paragraph of its
    own above the block: on the second of two blank lines when there are two
    (no later line moves, so messages keep their lines), else added."""
    if len(before) >= 2 and not before[-1].strip() and not before[-2].strip():
        before[-1] = caption
        return []
    return [caption] if before and not before[-1].strip() else ["", caption]
