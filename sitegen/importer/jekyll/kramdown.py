"""kramdown's attribute lists in a Jekyll post, as what the theme made of them.

kramdown reads ``{: .class}`` on the line under a block as that block's
attributes, and themes style boxes with it: Chirpy's ``{: .prompt-tip }``
under a quote, Minimal Mistakes' ``{: .notice--info}``, Beautiful Jekyll's
``{: .box-note}``, TeXt's ``{:.warning}`` under a paragraph. Those become
sitegen's callouts (GitHub's ``> [!TIP]``), which show the same box; so does a
class alone above a block (Beautiful Jekyll writes it there). Chirpy's
``{: file="x.yml" }`` under a code block becomes the caption line above it
that Octopress's blocks get. Any other list (``{: .lead}``, ``{:toc}``) is
left out, each with a note at its own line naming what it was. Code is the
author's text: an attribute list written in a code span or a fence stays.
MathJax's equation labels are here too: kramdown handed them over as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sitegen.fences import CODE_SPAN, fenced_lines, fenced_runs
from sitegen.markdown.liquid_tags import caption_line

_ALONE = re.compile(r"\A[ \t]*\{:(?![:/])([^}\n]*)\}[ \t]*\Z")
"""An attribute list on a line of its own (``{: .prompt-tip }``)."""
_AFTER_SPAN = re.compile(r"(?<=[`*_\])])\{:(?![:/])[^}]{0,400}\}")
"""An attribute list right after a span (`` `x`{:.language-ruby} ``), on one line
or over several (``{:\n  lang="ja"}``, as kramdown reads it too)."""
_CLASS = re.compile(r"(?<![\w-])\.([\w-]+)")
_FILE = re.compile(r"""\bfile\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_FENCE_END = re.compile(r"\A[ \t]*(`{3,}|~{3,})[ \t]*\Z")
_LIST_ITEM = re.compile(r"\A[ \t]*[*+-][ \t]+\S")

CALLOUTS = {
    "prompt-tip": "TIP", "prompt-info": "NOTE", "prompt-warning": "WARNING",
    "prompt-danger": "CAUTION",
    "notice": "NOTE", "notice--info": "NOTE", "notice--primary": "NOTE",
    "notice--success": "TIP", "notice--warning": "WARNING", "notice--danger": "CAUTION",
    "box-note": "NOTE", "box-success": "TIP", "box-warning": "WARNING", "box-error": "CAUTION",
    "info": "NOTE", "success": "TIP", "warning": "WARNING", "error": "CAUTION",
}  # fmt: skip
"""Theme box classes (Chirpy, Minimal Mistakes, Beautiful Jekyll, TeXt) and the
GitHub alert that draws the same kind of box in sitegen."""

Noted = Callable[[int, str], None]
"""``noted(line, message)``: a note at ``line`` of the body (0 its first)."""


def kramdown_attributes(body: str, noted: Noted) -> str:
    """``body`` with its attribute lists made into callouts, or left out with a note
    at their line."""
    body = _after_spans(body, noted)  # first: it keeps the lines, so notes find theirs
    lines = list(fenced_lines(body))
    out: list[str] = []
    boxed = False
    # a box whose class is written above it (Beautiful Jekyll's way): its kind, and
    # where in ``out`` its block starts
    ahead: tuple[str, int] | None = None
    for index, (line, code) in enumerate(lines):
        found = None if code else _ALONE.match(line)
        if ahead is not None and (code or not line.strip() or found is not None):
            _box(out, ahead[1], ahead[0])
            ahead = None
        if found is None:
            if boxed and line.strip():
                out.append("")  # text right under the box would continue its quote
            out.append(line)
            boxed = False
        elif _applied(found.group(1), out):
            boxed = True
        elif (kind := _kind(found.group(1))) and _text_follows(lines, index):
            ahead = (kind, len(out))
        else:
            noted(index, _left_out(found.group(1)))
            if found.group(1).strip() == "toc" and out and _LIST_ITEM.match(out[-1]):
                out.pop()  # kramdown's table of contents: the one-item list above it
    if ahead is not None:
        _box(out, ahead[1], ahead[0])
    return "\n".join(out)


def _kind(attributes: str) -> str | None:
    """The alert kind of the first theme box class in ``attributes``, if any."""
    return next((CALLOUTS[name] for name in _CLASS.findall(attributes) if name in CALLOUTS), None)


def _text_follows(lines: Sequence[tuple[str, bool]], index: int) -> bool:
    """Whether the line after ``index`` starts a block of text, which an attribute
    list alone above it (after a blank line) applies to, as kramdown reads it."""
    following = lines[index + 1] if index + 1 < len(lines) else ("", True)
    return not following[1] and bool(following[0].strip())


def _applied(attributes: str, out: list[str]) -> bool:
    """Whether ``attributes`` (under the lines ``out``) became a callout or a
    code block's caption, ``out`` changed to show it."""
    kind = _kind(attributes)
    if kind is not None and _boxed(out, kind):
        return True
    file = _FILE.search(attributes)
    if file is not None:
        name = next(group for group in file.groups() if group is not None)
        return _captioned(out, name)
    return False


def _left_out(attributes: str) -> str:
    shown = "{:" + attributes + "}"
    if attributes.strip() == "toc":
        return f"kramdown {shown} left out: sitegen shows its own table of contents"
    return f"kramdown attribute list {shown} left out"


def _block_start(out: list[str]) -> int:
    """Where the block ending at the last line of ``out`` starts (after a blank line)."""
    start = len(out)
    while start > 0 and out[start - 1].strip():
        start -= 1
    return start


def _boxed(out: list[str], kind: str) -> bool:
    """The quote or paragraph that ends ``out`` as a ``> [!KIND]`` alert; False when
    nothing is there to box."""
    start = _block_start(out)
    if start == len(out):
        return False
    _box(out, start, kind)
    return True


def _box(out: list[str], start: int, kind: str) -> None:
    """The lines of ``out`` from ``start`` as a ``> [!KIND]`` alert."""
    block = out[start:]
    if all(line.lstrip().startswith(">") for line in block):
        out[start:] = [f"> [!{kind}]", *block]
    else:
        out[start:] = [f"> [!{kind}]", *(f"> {line}" for line in block)]


def _captioned(out: list[str], name: str) -> bool:
    """Chirpy's ``{: file="x" }`` under the fenced block ending ``out``: the file's
    name as the caption line above the block, as Octopress's code captions are."""
    if not out or not _FENCE_END.match(out[-1]):
        return False
    closing = out[-1].strip()
    for start in range(len(out) - 2, -1, -1):
        if out[start].lstrip().startswith(closing[0] * 3):
            indent = out[start][: len(out[start]) - len(out[start].lstrip())]
            out[start:start] = [f"{indent}{caption_line(name)}", ""]
            return True
    return False


def _after_spans(body: str, noted: Noted) -> str:
    """``body`` without the attribute lists written after a span, outside code; the
    text of a code span (`` `{: .notice}` ``, kramdown's syntax shown) is kept."""
    out: list[str] = []
    first = 0
    for text, code in fenced_runs(body):
        out.append(text if code else _spans_out(text, first, noted))
        first += text.count("\n") + 1
    return "\n".join(out)


def _spans_out(text: str, first: int, noted: Noted) -> str:
    code = [span.span() for span in CODE_SPAN.finditer(text)]
    pieces: list[str] = []
    position = 0
    for found in _AFTER_SPAN.finditer(text):
        if any(start <= found.start() < end for start, end in code):
            continue
        line = first + text.count("\n", 0, found.start())
        shown = " ".join(found.group(0).split())
        noted(line, f"kramdown attribute list {shown} left out")
        pieces.append(text[position : found.start()] + "\n" * found.group(0).count("\n"))
        position = found.end()
    pieces.append(text[position:])
    return "".join(pieces)


_DISPLAY = re.compile(r"^([ \t]*)\$\$(.+?)\$\$[ \t]*$", re.MULTILINE | re.DOTALL)
_LABEL = re.compile(r"\\label\{([^{}]*)\}")
_NUMBERED = re.compile(r"\\begin\{(?:equation|align|gather|multline|eqnarray)\}")
_REFERENCE = re.compile(r"\$?\\(eq)?ref\{([^{}]*)\}\$?")


def numbered_equations(body: str, noted: Noted) -> str:
    """MathJax's equation numbers (``tags: 'ams'``, al-folio's and Chirpy's setting)
    as sitegen writes them: each numbered display formula (an ``equation`` or
    ``align`` environment, or one with a ``\\label``) gets ``(N)`` after its
    closing ``$$``, its ``\\label`` taken out, and ``\\eqref{key}`` (``\\ref``) is a
    link to it. Left, sitegen knew no ``\\label`` and showed the whole formula as
    raw TeX, and the references as typed."""
    if "\\label" not in body and "ref{" not in body:
        return body
    code_lines = {index for index, (_, code) in enumerate(fenced_lines(body)) if code}
    numbers: dict[str, int] = {}
    count = 0
    pieces: list[str] = []
    position = 0
    for found in _DISPLAY.finditer(body):
        tex = found.group(2)
        if body.count("\n", 0, found.start()) in code_lines:
            continue  # a formula shown as code
        if not (_NUMBERED.search(tex) or _LABEL.search(tex)):
            continue
        count += 1
        numbers.update((key, count) for key in _LABEL.findall(tex))
        pieces.append(body[position : found.start()])
        pieces.append(f"{found.group(1)}$${_LABEL.sub('', tex)}$$ ({count})")
        position = found.end()
    pieces.append(body[position:])
    body = "".join(pieces)

    def referenced(line: str, index: int) -> str:
        def reference(found: re.Match[str]) -> str:
            number = numbers.get(found.group(2))
            if number is None:
                noted(index, f"{found.group(0)} names no numbered equation: left as typed")
                return found.group(0)
            shown = f"({number})" if found.group(1) else str(number)
            return f"[{shown}](#eq-{number})"

        return _REFERENCE.sub(reference, line)

    lines = [
        line if code else referenced(line, index)
        for index, (line, code) in enumerate(fenced_lines(body))
    ]
    return "\n".join(lines)
