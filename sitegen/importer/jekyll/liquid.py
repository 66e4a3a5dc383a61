"""Liquid in a Jekyll post, as what Jekyll made of it (``sitegen import jekyll``).

Jekyll renders every post as a Liquid template before its markdown: what the
reader saw is the output, so that is what the import writes. ``Liquid`` turns
the tags Jekyll and its themes put in posts into markdown or sitegen's own
shortcodes (code blocks, links to posts, pictures, galleries, embeds; Octopress's
codeblock, img, blockquote and pullquote through the converter the build uses
too, ``markdown/liquid_tags.py``), takes
``{% raw %}`` text as typed and leaves out, with a note at its line, any tag
with no equivalent; kramdown's own extensions (attribute lists, comments) go
the same way. It reads no file but the pictures it looks for.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.fences import CODE_SPAN, code_fence, fenced_lines
from sitegen.importer.hugo.tags import Tag, canonical
from sitegen.importer.jekyll.kramdown import kramdown_attributes, numbered_equations
from sitegen.importer.model import Note
from sitegen.markdown.code import is_language
from sitegen.markdown.liquid_tags import (
    caption_line,
    captioned_fences,
    convert_tags,
    gist,
    highlight_info,
)


@dataclass(frozen=True, slots=True)
class PostPlace:
    """What Liquid needs of the post it converts."""

    origin: str
    """The post as the author knows it (``_posts/2024-01-05-a.md``), for notes."""
    root: Path
    """The Jekyll site's folder, where pictures are looked for."""
    dest: str
    """Where the post is written in the new site, for links to other posts."""
    body_line: int
    """File line of the body's first line."""
    front: Mapping[str, Any]
    """Its front matter, for ``page.x`` and a gallery's pictures."""


_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_QUOTED = re.compile(r"""\A(["'])(.*?)\1\s*\|\s*(relative_url|absolute_url)\s*\Z""")
_PLACEHOLDER = re.compile(r"\x00raw(\d+)\n*\x00")
_KRAMDOWN_COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.DOTALL)
"""kramdown's comment extension: nothing of it is shown."""
_KRAMDOWN_MARKER = re.compile(r"\{::(?:nomarkdown|options)\b[^}\n]*?/?\}|\{:/(?:nomarkdown)?\}")
"""kramdown's nomarkdown (its HTML stays as it is, which is how raw HTML reads here)
and options markers."""
_GIST_SCRIPT = re.compile(
    r'<script\s+src="https://gist\.github\.com/([\w-]+)/(\w+)\.js(?:\?file=([^"&]+))?"\s*>'
    r"\s*</script>"
)
"""A gist embedded by its script, which sanitized HTML drops."""
_VIDEO_FRAME = re.compile(
    r"<iframe\b[^>]*?\bsrc=[\"'](?:https?:)?//(?:"
    r"(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)|player\.vimeo\.com/video/(\d+)"
    r")[^\"']*[\"'][^>]*>\s*</iframe>",
    re.IGNORECASE,
)
"""A YouTube or Vimeo player embedded by its iframe, which sanitized HTML drops."""


_GONE = "\x00gone\x00"
"""Where a tag with no equivalent was: the line it had alone is taken out whole."""
_GONE_LINE = re.compile(rf"^[ \t]*(?:{_GONE}[ \t]*)+(?:\n|\Z)", re.MULTILINE)


def _without_gone(body: str) -> str:
    """``body`` without the lines that only held tags left out: left as blank
    lines of spaces, one ended the HTML block it was in (``<div>`` then an
    indented include), and the rest of the HTML showed as a code block."""
    return _GONE_LINE.sub("", body).replace(_GONE, "")


class Liquid:
    """A post's Liquid as what Jekyll made of it: code blocks, links to posts and
    files, the site's base path (sitegen adds its own), the values of ``page`` and
    ``site``. A tag with no equivalent (``include``, ``if``) is left out with a
    note at its line; what is between ``{% raw %}`` tags stays as typed."""

    def __init__(
        self,
        read: PostPlace,
        config: Mapping[str, Any],
        dests: Mapping[str, str],
        notes: list[Note],
    ) -> None:
        self.read = read
        root = read.root
        self.config = config
        self.dests = dests
        self.notes = notes
        self.raw: list[str] = []
        self.root = root
        self.captured: dict[str, str] = {}
        """What ``{% capture name %}`` blocks hold, by name."""

    def convert(self, body: str) -> str:
        if self.read.front.get("render_with_liquid") is False:
            body = liquid_as_typed(body)  # Jekyll printed its Liquid as written
        else:
            body = self._liquid(body)
        body = _KRAMDOWN_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        body = _KRAMDOWN_MARKER.sub("", body)
        body = _GIST_SCRIPT.sub(self._gist, body)
        body = _VIDEO_FRAME.sub(self._video, body)
        body = kramdown_attributes(body, self._note_at)
        body = numbered_equations(kramdown_math(body), self._note_at)
        if not _parses_block_html(self.config):
            body = whole_html_blocks(body)
        body = _without_gone(markdown_inside_html(body))
        return captioned_fences(self._restored(body).replace(_GONE, ""))

    def _liquid(self, body: str) -> str:
        """``body`` with its Liquid as what Jekyll made of it."""
        body = self._blocks(body)
        stem = posixpath.basename(self.read.dest).rsplit(".", 1)[0]
        # Octopress's and Hexo's tags; post_url is linked to the imported file below
        body = convert_tags(body, stem, self._made, frozenset({"post_url"})).text
        body = _TAG.sub(self._tag, body)
        return _OUTPUT.sub(self._output, body)

    def _made(self, made: str, original: str) -> str:
        """What the shared tag converter made of ``original`` (code, a call), hidden
        from the passes after it, on as many lines, so notes keep their lines."""
        return self._keep(made, "\n" * original.count("\n"))

    def find(self, path: str) -> str:
        """``path`` where the site has it: as written, else in the usual picture
        folders (an ``image.html`` include often names the file alone)."""
        for folder in ("", "images/", "assets/images/", "assets/img/", "img/"):
            if (self.root / folder / path).is_file():
                return folder + path
        return path

    def _keep(self, text: str, lines: str = "") -> str:
        """A placeholder for ``text``, which no later pass reads; ``lines`` (newlines)
        keep the lines of what it stands for, so notes after it find their lines."""
        self.raw.append(text)
        return f"\x00raw{len(self.raw) - 1}{lines}\x00"

    def _restored(self, text: str) -> str:
        """``text`` with every placeholder put back, those inside others too."""
        for _ in range(len(self.raw) + 1):
            if "\x00raw" not in text:
                break
            text = _PLACEHOLDER.sub(lambda m: self.raw[int(m.group(1))], text)
        return text

    def _video(self, found: re.Match[str]) -> str:
        youtube, vimeo = found.group(1), found.group(2)
        return self._keep(_call("youtube", youtube) if youtube else _call("vimeo", vimeo))

    def _gist(self, found: re.Match[str]) -> str:
        user, key, file = found.groups()
        return self._keep(_call("gist", user, key, *([file] if file else [])))

    def _blocks(self, body: str) -> str:
        """The tags that enclose text: raw (first: it may hold the others' tags),
        comment, then highlight, whose code Jekyll renders as Liquid too."""

        def block(kind: str) -> re.Pattern[str]:
            return re.compile(
                rf"\{{%-?\s*({kind})\b(.*?)-?%\}}(.*?)\{{%-?\s*end\1\s*-?%\}}", re.DOTALL
            )

        def replace(found: re.Match[str]) -> str:
            kind, arguments, inner = found.group(1), found.group(2).strip(), found.group(3)
            lines = "\n" * found.group(0).count("\n")  # kept, so notes find their lines
            if kind == "comment":
                return lines
            if kind == "raw":
                return self._keep(inner, lines)
            if kind == "capture":  # {{ name }} shows it where the post puts it
                made = _OUTPUT.sub(self._output, _TAG.sub(self._tag, inner))
                self.captured[arguments.split()[0] if arguments else ""] = made.strip("\n")
                return lines
            inner = _OUTPUT.sub(self._output, _TAG.sub(self._tag, inner))
            code = self._restored(inner).strip("\n")  # {% raw %} inside: its lines too
            return self._keep(code_fence(code, highlight_info(arguments)), lines)

        for kind in ("raw", "comment", "capture", "highlight"):
            body = block(kind).sub(replace, body)
        return body

    def _tag(self, found: re.Match[str]) -> str:
        name, arguments = found.group(1), found.group(2).strip()
        if name == "post_url":
            return self._to_post(arguments, found)
        made = None
        if name == "include":
            arguments, unknown = self._include_values(arguments)
            if unknown:
                what = arguments.split(None, 1)[0] if arguments else ""
                message = (
                    f"Liquid {{% include {what} %}} left out: {unknown} has no value the "
                    "import can read"
                )
                self._note(found.string, found, message)
                return _GONE
            made = _include(arguments, self.read.front, self.find)
            linked = None if made is not None else _embed_link(arguments)
            if linked is not None:
                what, made = linked
                message = f"Liquid {{% include {what} %}}: a link to the video (no player here)"
                self._note(found.string, found, message)
        elif name in ("gist", "youtube", "vimeo"):
            made = _embed(name, arguments.split())
        if made is not None:  # a shortcode call, which the {{ }} pass must not read
            return self._keep(made)
        if name == "cite":
            return self._cite(arguments, found)
        if name == "include_code":
            return self._include_code(arguments, found)
        if name == "link":
            target = arguments.strip().strip("'\"")
            if "_posts/" in target:
                key = target.split("_posts/", 1)[1].rsplit(".", 1)[0]
                return self._to_post(key, found)
            return "/" + target.lstrip("/")
        what = f"{{% {name} %}}" if name != "include" else f"{{% include {arguments} %}}"
        hint = "; port it as a shortcode (layouts/shortcodes/)" if name == "include" else ""
        if name == "include" and arguments.split()[0].removesuffix(".html") == "toc":
            hint = _toc_hint(found.string)
        self._note(found.string, found, f"Liquid {what} left out{hint}")
        return _GONE

    def _cite(self, arguments: str, found: re.Match[str]) -> str:
        """jekyll-scholar's ``{% cite KEY %}`` as ``[KEY]``, which names the work cited
        where sitegen has no bibliography to print it from; left out, the sentence
        read "We cite  and  here"."""
        keys = arguments.split("--", 1)[0].split()
        if not keys:
            self._note(found.string, found, "Liquid {% cite %} names no key: left out")
            return _GONE
        shown = ", ".join(keys)
        message = f"jekyll-scholar {{% cite {' '.join(keys)} %}} is the text [{shown}] now: "
        self._note(found.string, found, message + "sitegen prints no bibliography")
        return self._keep(f"[{shown}]")  # no link: no reference of that name

    def _include_values(self, arguments: str) -> tuple[str, str]:
        """An include's arguments with each variable (an unquoted value:
        ``image_path=fig_path``, ``src=site.data.images.x.src``) as the quoted text
        it holds, and the first one that holds none the import can read ("" when
        all do). Taken as text, the variable's name became a picture's path."""
        unknown = ""

        def value(found: re.Match[str]) -> str:
            nonlocal unknown
            name, variable = found.group(1), found.group(4)
            if variable is None or re.fullmatch(r"-?\d+(?:\.\d+)?|true|false", variable):
                return found.group(0)
            text = self._variable(variable)
            if text is None:
                unknown = unknown or variable
                return found.group(0)
            quote = "'" if '"' in text else '"'
            return f"{name}={quote}{text}{quote}"

        return _ARGUMENT.sub(value, arguments), unknown

    def _variable(self, name: str) -> str | None:
        """What the Liquid variable ``name`` holds, where the post or the site says:
        a ``{% capture %}`` of the post, ``page.x``, ``site.x``, or ``site.data.…``
        read from ``_data/``; None otherwise."""
        if name in self.captured:
            return self.captured[name].replace(_GONE, "").strip()
        value: object = None
        if name.startswith("site.data."):
            value = _data_value(self.root / "_data", name.removeprefix("site.data.").split("."))
        elif name.startswith("page."):
            value = self.read.front.get(name.removeprefix("page."))
        elif name.startswith("site."):
            value = self.config.get(name.removeprefix("site."))
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        return None

    def _include_code(self, arguments: str, found: re.Match[str]) -> str:
        """Octopress's ``{% include_code [title] [lang:x] path %}``: the file of its code
        folder (``code_dir``, ``downloads/code``) as a fenced block in its language,
        under the caption Octopress showed (title, file name, a download link)."""
        language = re.search(r"\blang:(\S+)", arguments)
        words = re.sub(r"\s*\blang:\S+", "", arguments).split()
        if not words:
            self._note(found.string, found, "Liquid {% include_code %} names no file: left out")
            return _GONE
        folder = str(self.config.get("code_dir") or "downloads/code").strip("/")
        path = words[-1].lstrip("/")
        file = (self.root / folder / path).resolve()
        try:
            if not file.is_relative_to(self.root.resolve()):
                raise OSError("outside the site")
            code = file.read_text(encoding="utf-8").strip("\n")
        except (OSError, UnicodeDecodeError):
            message = f"Liquid {{% include_code %}}: {folder}/{path} cannot be read: left out"
            self._note(found.string, found, message)
            return _GONE
        title = " ".join(words[:-1])
        shown = f"{title} ({file.name})" if title else file.name
        caption = caption_line(shown, f"/{folder}/{path}", "download")
        suffix = file.suffix.lstrip(".")
        info = language.group(1) if language else suffix if is_language(suffix) else ""
        return self._keep(f"{caption}\n\n{code_fence(code, info)}")

    def _to_post(self, key: str, found: re.Match[str]) -> str:
        key = key.strip().strip("'\"")
        dest = self.dests.get(key) or next(
            (d for k, d in self.dests.items() if k.rsplit("/", 1)[-1] == key), None
        )
        if dest is None:
            self._note(found.string, found, f"post_url {key} names no imported post: left out")
            return ""
        return posixpath.relpath(dest, posixpath.dirname(self.read.dest))

    def _output(self, found: re.Match[str]) -> str:
        expression = found.group(1).strip()
        name, _, filters = expression.partition("|")
        if name.strip() in self.captured:
            text = self.captured[name.strip()]
            # markdownify: markdown, which needs blank lines to be read inside HTML
            return f"\n\n{text}\n\n" if "markdownify" in filters else text
        if expression in ("site.baseurl", "site.url", "site.url | append: site.baseurl"):
            return ""
        quoted = _QUOTED.match(expression)
        if quoted:
            return "/" + quoted.group(2).lstrip("/")
        for scope, values in (("page.", self.read.front), ("site.", self.config)):
            if expression.startswith(scope):
                value = values.get(expression[len(scope) :])
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    return str(value)
        self._note(found.string, found, f"Liquid {{{{ {expression} }}}} left out")
        return _GONE

    def _note_at(self, line: int, message: str) -> None:
        """A note at ``line`` of the body (0 its first)."""
        self.notes.append(Note(self.read.origin, self.read.body_line + line, message))

    def _note(self, text: str, found: re.Match[str], message: str) -> None:
        line = self.read.body_line + text.count("\n", 0, found.start())
        self.notes.append(Note(self.read.origin, line, message))


_LIQUID_TEXT = re.compile(r"\{%.*?%\}", re.DOTALL)


def liquid_as_typed(body: str) -> str:
    """The body of a post with ``render_with_liquid: false``, whose Liquid Jekyll
    printed as written (a post about Liquid): code is left as it is, and each tag
    outside code is enclosed in ``{% raw %}``, which the build prints as typed
    where it would have run the tag (``{% img %}``) or warned about it."""

    def raw(found: re.Match[str]) -> str:
        return "{% raw %}" + found.group(0) + "{% endraw %}"

    def outside_code(text: str) -> str:
        parts, position = [], 0
        for span in CODE_SPAN.finditer(text):
            parts.append(_LIQUID_TEXT.sub(raw, text[position : span.start()]))
            parts.append(span.group(0))
            position = span.end()
        parts.append(_LIQUID_TEXT.sub(raw, text[position:]))
        return "".join(parts)

    lines = [line if code else outside_code(line) for line, code in fenced_lines(body)]
    return "\n".join(lines)


_DISPLAY_ALONE = re.compile(r"\s*\$\$.+?\$\$\s*", re.DOTALL)
_DOUBLE_DOLLARS = re.compile(r"(?<![\\$])\$\$(?=\S)(.+?)(?<=\S)\$\$(?!\$)", re.DOTALL)
_MATHJAX = re.compile(r"\\\\\((.+?)\\\\\)|\\\\\[(.+?)\\\\\]", re.DOTALL)


def kramdown_math(body: str) -> str:
    """TeX as kramdown hands it to MathJax, written as sitegen's math reads it:
    ``$$x$$`` inside a sentence is inline math to kramdown (``$x$`` here, where
    ``$$`` is a display formula that broke the sentence apart), a paragraph of
    only ``$$…$$`` stays a display formula, and MathJax's ``\\( … \\)`` and
    ``\\[ … \\]`` (backslashes doubled for markdown) become ``$…$`` and ``$$…$$``,
    the markdown escapes inside (``\\_``) undone as kramdown undid them. Code is
    left as it is."""
    if "$$" not in body and "\\\\(" not in body and "\\\\[" not in body:
        return body
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(_paragraph_math("\n".join(paragraph)))
            paragraph.clear()

    for line, code in fenced_lines(body):
        if code or not line.strip():
            flush()
            out.append(line)
        else:
            paragraph.append(line)
    flush()
    return "\n".join(out)


def _paragraph_math(text: str) -> str:
    parts: list[str] = []
    position = 0
    for span in CODE_SPAN.finditer(text):
        parts.append(_math_outside_code(text[position : span.start()], text))
        parts.append(span.group(0))
        position = span.end()
    parts.append(_math_outside_code(text[position:], text))
    return "".join(parts)


def _math_outside_code(piece: str, paragraph: str) -> str:
    def mathjax(found: re.Match[str]) -> str:
        inline = found.group(1) is not None
        tex = (found.group(1) if inline else found.group(2)).replace("\\_", "_")
        tex = tex.replace("\\*", "*")
        return f"${tex.strip()}$" if inline else f"$${tex.strip()}$$"

    if not _DISPLAY_ALONE.fullmatch(paragraph):  # alone in its paragraph: displayed
        piece = _DOUBLE_DOLLARS.sub(lambda found: f"${found.group(1)}$", piece)
    return _MATHJAX.sub(mathjax, piece)  # \\[ is displayed by MathJax anywhere


_MARKDOWN_ATTRIBUTE = re.compile(
    r"""\s+markdown\s*=\s*(?:"(1|block|span)"|'(1|block|span)'|(1|block|span)\b)""", re.IGNORECASE
)
_HTML_OPEN = re.compile(r"^([ \t]*)<([A-Za-z][A-Za-z0-9-]*)\b[^>\n]*>", re.MULTILINE)
_SUMMARY = re.compile(r"[ \t]*<summary\b.*?</summary>[ \t]*(?:\n|$)", re.IGNORECASE | re.DOTALL)


def markdown_inside_html(body: str) -> str:
    """kramdown's ``<div markdown="1">`` (or ``block``) blocks, made so that CommonMark
    reads their inside as markdown too: the attribute dropped, blank lines between
    the tags and the inside (an HTML block ends at a blank line), the inside
    dedented so it is no indented code. ``markdown="span"`` is only dropped.

    Without this the whole element is one raw HTML block: its ``**bold**`` and
    ``[links](…)`` showed as typed (Minimal Mistakes' notices, ``<details>``)."""
    out: list[str] = []
    position = 0
    for found in _HTML_OPEN.finditer(body):
        if found.start() < position:
            continue  # inside a block converted already
        tag = found.group(0)
        attribute = _MARKDOWN_ATTRIBUTE.search(tag)
        if attribute is None:
            continue
        opening = tag[: attribute.start()] + tag[attribute.end() :]
        close = _closing(body, found.group(2), found.end())
        if close is None or (attribute.group(1) or attribute.group(2) or attribute.group(3)) == (
            "span"
        ):
            out.append(body[position : found.start()] + opening)
            position = found.end()
            continue
        indent, inner = found.group(1), body[found.end() : close[0]]
        summary = _SUMMARY.match(inner.lstrip("\n"))
        if summary is not None:
            opening += "\n" + summary.group(0).strip()
            inner = inner.lstrip("\n")[summary.end() :]
        inner = textwrap.dedent(markdown_inside_html(inner)).strip("\n")
        out.append(body[position : found.start()])
        out.append(f"{opening}\n\n{inner}\n\n{indent}{body[close[0] : close[1]]}")
        position = close[1]
    out.append(body[position:])
    return "".join(out)


_BLOCK_OPEN = re.compile(
    r"^ {0,3}<(address|article|aside|blockquote|center|details|dialog|div|dl|fieldset|"
    r"figure|footer|form|header|main|nav|ol|section|table|ul)\b[^>\n]*>",
    re.IGNORECASE | re.MULTILINE,
)
"""The opening tag, at a line's start, of an element CommonMark reads as an HTML
block that a blank line ends (its "type 6"), among those always closed (not
``<p>`` or ``<li>``, whose closing tag HTML lets an author leave out)."""
_AS_WRITTEN = re.compile(r"<(?:pre|script|style|textarea)\b|\smarkdown\s*=", re.IGNORECASE)
"""What a block's blank lines must stay in: preformatted text, kramdown's markdown."""
_BLANK_THEN_INDENTED = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*(?: {4}|\t)")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def whole_html_blocks(body: str) -> str:
    """Each HTML element kramdown read as one block, to its closing tag, written
    without the blank lines inside it when one is followed by an indented line.

    CommonMark ends an HTML block at a blank line, and an indented line after it
    starts a code block: the rest of the element (a WordPress export's table, an
    image's caption) showed as its tags in a grey box, where Jekyll showed the
    table. Elements in fenced code, and those holding preformatted text or
    kramdown's ``markdown=`` are left as written."""
    code = _fenced_offsets(body)
    out: list[str] = []
    position = 0
    for found in _BLOCK_OPEN.finditer(body):
        if found.start() < position or found.start() in code:
            continue
        close = _closing(body, found.group(1), found.end())
        if close is None:
            continue
        block = body[found.start() : close[1]]
        if not _BLANK_THEN_INDENTED.search(block) or _AS_WRITTEN.search(block):
            continue
        out.append(body[position : found.start()])
        out.append(_BLANK_LINES.sub("\n", block))
        position = close[1]
    out.append(body[position:])
    return "".join(out)


def _fenced_offsets(body: str) -> frozenset[int]:
    """Where each line of fenced code in ``body`` starts."""
    offsets: set[int] = set()
    position = 0
    for line, code in fenced_lines(body):
        if code:
            offsets.add(position)
        position += len(line) + 1
    return frozenset(offsets)


def _parses_block_html(config: Mapping[str, Any]) -> bool:
    """Whether kramdown read markdown inside every HTML block (``parse_block_html``),
    as CommonMark reads what follows a blank line."""
    settings = config.get("kramdown")
    return isinstance(settings, Mapping) and settings.get("parse_block_html") is True


def _closing(body: str, name: str, start: int) -> tuple[int, int] | None:
    """Where the ``</name>`` that closes an element opened before ``start`` is."""
    tags = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.IGNORECASE)
    depth = 0
    for found in tags.finditer(body, start):
        if not found.group(1):
            depth += 0 if found.group(0).endswith("/>") else 1
        elif depth == 0:
            return found.start(), found.end()
        else:
            depth -= 1
    return None


_ARGUMENT = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _call(name: str, *positional: str, **named: str) -> str:
    """A sitegen shortcode call written as the Hugo import writes its calls, every
    value quoted (``{{< figure src="a.png" />}}``); empty named values left out."""
    values = {key: value for key, value in named.items() if value}
    return canonical(
        Tag(0, 0, "<", name, self_closing=True, positional=[*positional], named=values)
    )


def _first(values: Mapping[str, str], *names: str) -> str:
    return next((values[n] for n in names if values.get(n) and values[n] != "yes"), "")


def _include(
    arguments: str, front: Mapping[str, Any], find: Callable[[str], str] = str
) -> str | None:
    """The includes themes ship that have a sitegen equivalent: Minimal Mistakes'
    ``figure``, ``gallery`` (its pictures listed in the front matter) and ``video``,
    the common ``image.html``; None for any other. ``find``: where a picture named
    without its folder is (image.html themes read ``chart.png`` from ``images/``)."""
    words = arguments.split(None, 1)
    if not words:
        return None
    file, values = _include_call(words)
    if file in ("figure", "image", "img", "picture"):
        # Themes name the picture and its words in many ways (image.html is
        # written anew by each): the first of each that the call gives.
        src = _first(values, "image_path", "src", "img", "image", "file", "path", "url")
        if not src:
            return None
        src = src if re.match(r"[a-z]+://", src) else "/" + find(src.lstrip("/"))
        alt = _first(values, "alt", "description", "title", "caption", "text")
        caption = _first(values, "caption", "title", "text", "description")
        return _call("figure", src=src, alt=alt, caption=caption)
    if file == "gallery":
        return _gallery(front.get(values.get("id") or "gallery"), values.get("caption", ""))
    if file in ("embed/youtube", "plugins/youtube") and values.get("id"):  # Chirpy, TeXt
        return _embed("youtube", [values["id"]])
    if file == "video" and values.get("id"):
        provider = values.get("provider", "youtube")
        return _embed(provider, [values["id"]])
    return None


_SECTION = re.compile(r"\A {0,3}##(?!#)\s")


def _toc_hint(body: str) -> str:
    """What a left-out ``{% include toc %}`` becomes: sitegen's own table of contents,
    which it shows only from three ``##`` sections; a post with fewer is told it
    has none, rather than promised one."""
    count = sum(1 for line, code in fenced_lines(body) if not code and _SECTION.match(line))
    if count >= 3:
        return ": sitegen shows its own table of contents (from three ## sections)"
    return (
        f": sitegen shows its own table of contents from three ## sections, and this post "
        f"has {count}: it has none"
    )


def _data_value(folder: Path, keys: Sequence[str]) -> object:
    """The value at ``keys`` of the site's data (``_data/images.yml`` then
    ``girard``, ``src``; a data file may sit in subfolders), None when absent."""
    for count in range(1, len(keys) + 1):
        base = folder.joinpath(*keys[:count])
        file = next(
            (base.with_name(base.name + s) for s in (".yml", ".yaml", ".json")
             if base.with_name(base.name + s).is_file()),
            None,
        )  # fmt: skip
        if file is None:
            continue
        try:
            value: object = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        for key in keys[count:]:
            value = value.get(key) if isinstance(value, Mapping) else None
        return value
    return None


def _include_call(words: Sequence[str]) -> tuple[str, dict[str, str]]:
    """An include's file, without ``.html`` or ``.liquid`` (al-folio names its
    includes ``figure.liquid`` since 0.11), and its named values."""
    file = words[0].removesuffix(".html").removesuffix(".liquid")
    values = {
        m.group(1): next(g for g in m.groups()[1:] if g is not None)
        for m in _ARGUMENT.finditer(words[1] if len(words) > 1 else "")
    }
    return file, values


_VIDEO_PAGES = {
    "embed/bilibili": "https://www.bilibili.com/video/{}",
    "embed/twitch": "https://www.twitch.tv/videos/{}",
    "plugins/bilibili": "https://www.bilibili.com/video/av{}",
    "plugins/ted": "https://www.ted.com/talks/{}",
}
"""Chirpy's and TeXt's embeds sitegen has no shortcode for, and the page of the
video (TeXt's bilibili embed takes the video's number, Chirpy's its BV id)."""


def _embed_link(arguments: str) -> tuple[str, str] | None:
    """Chirpy's ``embed/bilibili``, ``embed/twitch`` and ``embed/video`` includes
    (TeXt's ``plugins/bilibili`` and ``plugins/ted`` too) as a link to the video
    (the include as named, then the markdown), which readers can follow where
    sitegen has no player; None for any other include."""
    words = arguments.split(None, 1)
    file, values = _include_call(words) if words else ("", {})
    if file in _VIDEO_PAGES and values.get("id"):
        url = _VIDEO_PAGES[file].format(values["id"])
    elif file == "embed/video" and values.get("src"):
        url = site_path(values["src"])
    else:
        return None
    title = values.get("title") or "Video"
    return words[0], f"[{title}](<{url}>)"


def site_path(path: str) -> str:
    """A theme's ``assets/x.png`` (relative to the site) as ``/assets/x.png``."""
    return path if re.match(r"[a-z]+://", path) or path.startswith("/") else "/" + path


def _gallery(items: object, caption: str) -> str | None:
    """A Minimal Mistakes gallery: a figure for each picture of the front matter's
    list (thumbnail, link to the full picture, alt text, title as caption), then
    the gallery's caption."""
    if not isinstance(items, list):
        return None
    figures = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        src = item.get("image_path") or item.get("url")
        if not isinstance(src, str) or not src:
            continue
        link = item.get("url") if isinstance(item.get("url"), str) else ""
        figures.append(
            _call(
                "figure",
                src=site_path(src),
                link=site_path(link) if link and link != src else "",
                alt=str(item.get("alt") or ""),
                caption=str(item.get("title") or ""),
            )
        )
    if not figures:
        return None
    return "\n\n".join([*figures, caption] if caption else figures)


def _embed(name: str, words: Sequence[str]) -> str | None:
    """``{% gist user/id [file] %}``, ``{% youtube id %}``, ``{% vimeo id %}``: sitegen's
    own (a link to the gist or the video, no player)."""
    if not words:
        return None
    if name == "gist":
        return gist([w.strip("'\"") for w in words])
    if name in ("youtube", "vimeo"):
        return _call(name, words[0].strip("'\""))
    return None
