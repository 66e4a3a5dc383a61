"""Hugo shortcodes in imported content: resolved where the import can, kept where
sitegen can render them.

sitegen reads Hugo's shortcode syntax, so content keeps its tags; what a tag
needs is a template. The import resolves the shortcodes whose result it can
compute once and for all: ``param`` (a value), ``ref``/``relref`` (a link to
the imported file, which sitegen turns into a URL), ``highlight`` (a fenced
code block) and ``figure`` (an image with its caption). Every other shortcode
(``youtube``, a theme's ``plotly``…) is a Go template sitegen cannot run: its
tags are rewritten in one canonical form and :mod:`standins` writes a Jinja
template that stands in for it; but a theme's remark box becomes sitegen's
callout, and what :mod:`themes` knows (LoveIt's ``link``, Stack's ``quote``…)
the markdown of what it drew.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sitegen.fences import code_fence
from sitegen.importer.hugo.builtins import builtin_specs, fit_call
from sitegen.importer.hugo.links import mask_code
from sitegen.importer.hugo.tags import Tag, canonical, line_at, scan
from sitegen.importer.hugo.themes import (
    TAB_GROUPS,
    as_details,
    tab_language,
    tab_names,
    theme_call,
)
from sitegen.markdown.code import fence_attributes
from sitegen.markdown.shortcodes.registry import ShortcodeSpec

RESOLVED = frozenset({"param", "ref", "relref", "highlight"})
ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
"""The argument names sitegen reads."""
_SITEGEN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:/[A-Za-z0-9_][A-Za-z0-9_-]*)*")
"""The shortcode names sitegen reads (a template file name, folders allowed)."""
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
    dropped: set[str] = field(default_factory=set)
    """Argument names sitegen does not read (``data.id``), left out of the calls."""


@dataclass(frozen=True, slots=True)
class Resolvers:
    """What a conversion asks of the rest of the import."""

    param: Callable[[str], object]
    """``.Param`` of the page: page params, then site params (None: not found)."""
    ref: Callable[[str], str | None]
    """A ``ref`` target → the link to write, None when no page matches."""
    printed_ref: Callable[[str, str], str | None]
    """(``ref`` or ``relref``, target) → what a ref that is no link's URL writes;
    None when it names no page."""
    resource: Callable[[str], tuple[str, str] | None] = lambda name: None
    """A page resource's ``name`` (front matter ``resources``) → (its file, its
    ``title``), None when the page has none of that name."""


@dataclass(slots=True)
class Converted:
    text: str
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(line in the body, message)."""
    protected: dict[str, str] = field(default_factory=dict)
    """Placeholder → tag text, for HTML bodies (restored after conversion)."""
    math: bool = False
    """A theme's math shortcode became TeX between dollars (``markdown.math``)."""
    math_marker: bool = False
    """A math shortcode alone switched KaTeX on for the TeX around it."""
    closers: dict[int, str] = field(default_factory=dict)
    """Tag index → what a closing tag becomes, for calls converted at their opening
    (a remark box's end is the callout's)."""


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
    ``uses`` collects how each unresolved shortcode is called. A ``{{<`` that
    starts no tag, and a closing tag without an opening one, would stop Hugo;
    outside code they are kept as text and left out, each with a note.
    """
    tags, broken = scan(body)
    result = Converted("")
    prose = _outside_code(body, form)
    broken = [b for b in broken if prose(b)]
    result.notes.extend((line_at(body, b), "a shortcode tag that never ends: kept as text")
                        for b in broken)  # fmt: skip
    out: list[str] = []
    position = index = 0
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
            message = f"closing tag of '{tag.name}' without an opening one: left out"
            result.notes.append((line, message))
            position, index = tag.end, index + 1
            continue
        replacement, next_index, end = _convert(body, tags, index, form, resolvers, result, line)
        if replacement is None or (tag.name in builtin_specs() and tag.name not in RESOLVED):
            _record(uses, tag, origin, line_offset + line - 1)
        if replacement is None:
            replacement = _kept(tag, form, result)
        out.append(replacement)
        position, index = end, next_index
    out.append(body[position:])
    result.text = "".join(out)
    if result.math_marker:
        result.text = _tex_delimiters(result.text)
    return result


def _kept(tag: Tag, form: str, result: Converted) -> str:
    """A tag sitegen renders: canonical, and hidden from the HTML conversion."""
    written = canonical(_callable(tag))
    if form != "html":
        return written
    key = f"HUGOSHORTCODE{len(result.protected) + 1}X"
    result.protected[key] = written
    return key


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
    if index in result.closers:  # the end of a call converted at its opening
        return result.closers.pop(index), index + 1, tag.end
    if not _SITEGEN_NAME.fullmatch(tag.name):
        return _unnamable(body, tags, index, result, line)
    if tag.name in TAB_GROUPS and tag.partner is not None and form != "html":
        tab_names(tags, index)
        message = f"shortcode '{tag.name}' left out: each of its tabs is an open details"
        result.notes.append((line, message))
        result.closers[tag.partner] = ""
        return "", index + 1, tag.end
    details = as_details(tag)
    language = tab_language(tag) if tag.partner is not None and form != "html" else ""
    if details is not None and language:  # Docsy's tab of code
        assert tag.partner is not None, "only a paired tab has a language"
        closing = tags[tag.partner]
        code = code_fence(body[tag.end : closing.start].strip("\n"), language)
        message = f"shortcode 'tab' became sitegen's details holding its {language} code"
        result.notes.append((line, message))
        end_tag = "{{" + tag.markup + " /details " + _closer(tag)
        return f"{canonical(details)}\n{code}\n{end_tag}", tag.partner + 1, closing.end
    if details is not None:  # a theme's disclosure box: sitegen's details
        message = f"shortcode '{tag.name}' became sitegen's details"
        if tag.name == "details":
            message = (
                "shortcode 'details' is Hextra's: its title is the summary, and it is "
                'open unless closed="true", as Hextra showed it'
            )
        result.notes.append((line, message))
        if tag.partner is not None:
            tags[tag.partner] = replace(tags[tag.partner], name="details")
        tags[index] = details
        box = builtin_specs()["details"]
        replacement, after, end = _builtin(body, tags, index, box, form, result, line)
        return replacement or _kept(details, form, result), after, end
    spec = builtin_specs().get(tag.name)
    if spec is not None and tag.name not in RESOLVED and not tag.closing:
        return _builtin(body, tags, index, spec, form, result, line)
    called = theme_call(body, tags, index) if spec is None and form != "html" else None
    if called is not None:  # what a theme's template drew, in markdown
        made, after, end = called
        result.notes.append((line, made.note))
        return made.markdown, after, end
    if tag.name.lower() in TOC_SHORTCODES and spec is None and tag.partner is None:
        message = (
            f"shortcode '{tag.name}' drew the page's table of contents: left out, as "
            "sitegen shows its own from three ## sections (toc: false hides it)"
        )
        result.notes.append((line, message))
        return "", index + 1, _line_end_if_alone(body, tag)
    if tag.name in MATH_SHORTCODES and _is_marker(tag) and form != "html":
        result.math = result.math_marker = True
        message = (
            f"shortcode '{tag.name}' only switched KaTeX on for the page: left out; its "
            "TeX (\\( … \\), $$ … $$) is set as MathML (markdown.math: true)"
        )
        result.notes.append((line, message))
        return "", index + 1, _line_end_if_alone(body, tag)
    if tag.name in MATH_SHORTCODES and tag.partner is not None and form != "html":
        closing = tags[tag.partner]
        result.math = True
        return _math(tag, body[tag.end : closing.start]), tag.partner + 1, closing.end
    picture = _picture_call(tag, resolvers) if spec is None and tag.partner is None else None
    if picture is not None:  # a theme's own image shortcode: sitegen's figure
        message = (
            f"shortcode '{tag.name}' shows a picture: it became a figure "
            "(port its template to layouts/shortcodes/ to keep its look)"
        )
        result.notes.append((line, message))
        tags[index] = picture
        figure = builtin_specs()["figure"]
        replacement, after, end = _builtin(body, tags, index, figure, form, result, line)
        return replacement or _kept(picture, form, result), after, end
    if tag.name in DIAGRAM_SHORTCODES and tag.partner is not None:
        language = DIAGRAM_SHORTCODES[tag.name]
        message = (
            f"shortcode '{tag.name}' became a code block in {language}: its text is shown as "
            "written; a script of the theme's (layouts/) may draw it from there"
        )
        return _as_fence(body, tags, index, language, form, result.notes, (line, message))
    kind = _callout_kind(tag) if spec is None and tag.partner is not None else None
    if kind is not None and form != "html":
        assert tag.partner is not None, "a callout is a paired call"
        named = {"type": kind}
        title = _callout_title(tag)
        if title:
            named["title"] = title
        opening = dataclasses.replace(tag, name="callout", positional=[], named=named)
        message = f"shortcode '{tag.name}' became sitegen's callout ({kind})"
        if (tag.get("open", 2) or "").strip().lower() in ("false", "0"):
            message += ", shown open: sitegen's callout does not fold"
        result.notes.append((line, message))
        # The inner text's own shortcodes are converted as any others.
        result.closers[tag.partner] = "{{" + tag.markup + " /callout " + _closer(tag)
        return canonical(opening), index + 1, tag.end
    if tag.name in CODE_SHORTCODES and spec is None and tag.partner is not None:
        language = tag.get("lang", 0) or tag.get("language", 0) or ""
        language = language if re.fullmatch(r"[\w+#.-]+", language) else ""
        message = (
            f"shortcode '{tag.name}' became a code block{f' in {language}' if language else ''}: "
            "its text is shown as written, as Hugo handed it to the template"
        )
        return _as_fence(body, tags, index, language, form, result.notes, (line, message))
    if tag.closing or tag.name not in RESOLVED:
        return None, index + 1, tag.end
    if tag.name in ("param", "ref", "relref"):
        text, note = _value(tag, resolvers)
        if note:
            result.notes.append((line, note))
        elif tag.name != "param" and form != "html" and not _in_destination(body, tag.start):
            # Not a link's URL: Hugo printed the page's URL as text, which
            # sitegen's own ref and relref print from the imported file.
            printed = resolvers.printed_ref(tag.name, tag.get("path", 0) or "")
            text = printed or f'{{{{< {tag.name} "{text}" >}}}}'
        return text, index + 1, tag.end
    if tag.name == "highlight" and tag.partner is not None:
        closing = tags[tag.partner]
        code = body[tag.end : closing.start].strip("\n")
        language, options = tag.get("lang", 0) or "", tag.get("options", 1) or ""
        block = _code_block(code, language, options, form, _indent(body, tag.start))
        return block, tag.partner + 1, closing.end
    return None, index + 1, tag.end


TOC_SHORTCODES = frozenset({"toc", "table-of-contents", "tableofcontents"})
"""Themes' and sites' shortcodes that print the page's ``.TableOfContents``
(hugo-book's, Blowfish's ``toc``): sitegen's article template shows its own."""


MATH_SHORTCODES = frozenset({"katex", "math", "mathjax", "latex", "tex"})
"""Themes' shortcodes around TeX for KaTeX or MathJax (hugo-book's ``katex``...):
sitegen sets TeX between dollars itself (``markdown.math``)."""


_PICTURE = re.compile(r"[^?#]+\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?\Z", re.IGNORECASE)
_SOURCE_KEYS = ("src", "image", "img", "url", "file", "path", "source")
_ALT_KEYS = ("alt", "title", "caption", "description", "desc")
_CAPTION_KEYS = ("caption", "title", "description", "desc")


def _picture_call(tag: Tag, resolvers: Resolvers) -> Tag | None:
    """A call of a theme's shortcode that names a picture (Tramamte's ``zimg``, the
    many ``img`` and ``image`` shortcodes: ``src="/post/a.png" caption="..."``),
    or a picture among the page's resources by its ``name`` (``img name=head``,
    as a bundle's own template finds it with ``.Resources.GetMatch``), as a call
    of the built-in ``figure``; None for any other. Its stand-in would show
    nothing, and the picture would be lost."""
    if tag.closing or tag.name in builtin_specs():
        return None
    named = {key.lower(): value for key, value in tag.named.items()}
    source = next((named[k] for k in _SOURCE_KEYS if _PICTURE.match(named.get(k, ""))), None)
    title = ""
    if source is None:
        found = next(filter(None, map(resolvers.resource, _resource_names(named))), None)
        if found is None or not _PICTURE.match(found[0]):
            return None
        source, title = found
    alt = next((named[k] for k in _ALT_KEYS if _text(named.get(k, ""))), title)
    caption = next((named[k] for k in _CAPTION_KEYS if _text(named.get(k, ""))), title)
    if any(named.get(k, "").strip().lower() == "false" for k in _CAPTION_KEYS):
        caption = ""  # description=false: the theme's switch for no caption
    values = {"src": source, "alt": alt, "caption": caption}
    return dataclasses.replace(
        tag,
        name="figure",
        self_closing=True,
        positional=[],
        named={key: value for key, value in values.items() if value},
    )


def _text(value: str) -> bool:
    """Whether an argument's value is words, not empty nor a switch (``false``)."""
    return value.strip().lower() not in ("", "true", "false")


def _resource_names(named: dict[str, str]) -> list[str]:
    """The values of a call that may name a page resource (``name=head``)."""
    keys = ("name", "resource", *_SOURCE_KEYS)
    return [named[key] for key in keys if named.get(key, "").strip()]


CALLOUT_SHORTCODES = frozenset(
    {"alert", "notice", "note", "hint", "admonition", "callout", "tip", "info", "warning",
     "caution", "important", "danger", "attention", "aside"}
)  # fmt: skip
"""Themes' boxes around a remark: Docsy's ``alert``, Relearn's ``notice``,
hugo-book's ``hint``, LoveIt's ``admonition``... sitegen's callout is the same box."""
_CALLOUT_TYPES = {
    **dict.fromkeys(("note", "info", "information", "primary", "secondary", "light", "dark",
                     "blue", "grey", "gray", "abstract", "summary", "example", "quote"), "note"),
    **dict.fromkeys(("tip", "tips", "hint", "success", "green", "check", "done"), "pro-tip"),
    **dict.fromkeys(("warning", "warn", "caution", "danger", "error", "alert", "red",
                     "orange", "yellow", "attention", "bug", "failure"), "warning"),
    "important": "did-you-know",
    "question": "did-you-know",
}  # fmt: skip
"""A box's kind or colour, as themes name them → sitegen's callout type."""


def _as_fence(
    body: str,
    tags: list[Tag],
    index: int,
    language: str,
    form: str,
    notes: list[tuple[int, str]],
    note: tuple[int, str],
) -> tuple[str, int, int]:
    """A paired call's inside as a fence in ``language``, as written; ``note`` said."""
    tag = tags[index]
    assert tag.partner is not None, "callers pass paired calls"
    closing = tags[tag.partner]
    notes.append(note)
    code = body[tag.end : closing.start].strip("\n")
    return (
        _code_block(code, language, "", form, _indent(body, tag.start)),
        tag.partner + 1,
        closing.end,
    )


def _callout_kind(tag: Tag) -> str | None:
    """The callout type of a call of a theme's remark box; None for any other call."""
    if tag.closing or tag.name not in CALLOUT_SHORTCODES:
        return None
    words = [tag.named.get(key, "") for key in ("type", "color", "style", "kind", "class", "level")]
    for word in [*words, *tag.positional[:1]]:
        found = _CALLOUT_TYPES.get(word.strip().lower())
        if found is not None:
            return found
    icon = tag.named.get("icon", "")
    if tag.name == "alert" and tag.positional and not icon:
        icon = tag.positional[0]  # Blowfish's and Congo's alert takes it by position
    icon = icon.strip().lower().removeprefix("fa-")
    if re.fullmatch(r"[a-z0-9-]+", icon):  # the icon says what the box is
        return _ICON_KINDS.get(icon, "note")
    return _CALLOUT_TYPES.get(tag.name, "note")


_ICON_KINDS = {
    **dict.fromkeys(("lightbulb", "star", "check", "circle-check", "thumbs-up"), "pro-tip"),
    **dict.fromkeys(("triangle-exclamation", "exclamation-triangle", "circle-exclamation",
                     "exclamation-circle", "exclamation", "fire", "skull-crossbones", "bug",
                     "ban", "bomb", "warning"), "warning"),
    **dict.fromkeys(("circle-question", "question-circle", "question", "graduation-cap",
                     "book"), "did-you-know"),
}  # fmt: skip
"""An alert's icon (Font Awesome's names, as Blowfish and Congo take them) → the
callout type it stood for; any other icon (``circle-info``, ``twitter``) is a note.
Blowfish's alert without an icon shows a warning triangle."""


def _callout_title(tag: Tag) -> str:
    """A remark box's title: named (``title``, ``header``), else the second positional
    argument, after the kind (LoveIt's ``admonition tip "A tip" false``, Relearn's
    ``notice note "Title"``)."""
    named = tag.named.get("title") or tag.named.get("header") or ""
    positional = tag.positional[1] if len(tag.positional) > 1 and not tag.named else ""
    return (named or positional).strip()


def _closer(tag: Tag) -> str:
    return "%}}" if tag.markup == "%" else ">}}"


CODE_SHORTCODES = frozenset({"text", "code", "codeblock", "code-block", "prism", "snippet"})
"""Themes' shortcodes around code, its language first (Istio's ``{{< text yaml >}}``):
a stand-in shows its inside as markdown, which lost the code's indentation."""

DIAGRAM_SHORTCODES = {
    "mermaid": "mermaid",
    "plantuml": "plantuml",
    "graphviz": "dot",
    "chart": "chart",
    "echarts": "echarts",
}
"""Themes' shortcodes around the text of a diagram or chart (hugo-book's, Relearn's
and Congo's ``mermaid``, Congo's and Blowfish's ``chart``, LoveIt's and FixIt's
``echarts``, whose JSON options were curled into prose) → the language of the
fence that keeps it: as markdown, a diagram's arrows became dashes and its
lines one paragraph; as code it reads as written, and the fence is how
GitHub, Hugo's render hooks and most themes' scripts find a diagram."""


def _is_marker(tag: Tag) -> bool:
    """A math shortcode alone, without arguments or a closing tag: Blowfish's and
    Congo's ``{{< katex >}}``, which loads KaTeX for a page whose TeX is written
    around it (``\\( … \\)``, ``$$ … $$``)."""
    return not (tag.closing or tag.partner is not None or tag.positional or tag.named)


def _line_end_if_alone(body: str, tag: Tag) -> int:
    """The end of the text a left-out tag takes along: its line break too when it is
    alone on its line, so that the lines around it stay one paragraph."""
    start = body.rfind("\n", 0, tag.start) + 1
    alone = not body[start : tag.start].strip() and body[tag.end : tag.end + 1] == "\n"
    return tag.end + 1 if alone else tag.end


_ESCAPED_DELIMITER = re.compile(r"\\\\([()\[\]])")
"""A backslash doubled before a bracket: Goldmark printed one, KaTeX's delimiter."""


def _tex_delimiters(text: str) -> str:
    """``\\\\( … \\\\)`` and ``\\\\[ … \\\\]`` outside code as the ``\\( … \\)`` and
    ``\\[ … \\]`` sitegen's math reads: Goldmark's markdown needed the backslash
    doubled to print one for KaTeX; sitegen reads the delimiter as written."""
    masked = mask_code(text)

    def single(found: re.Match[str]) -> str:
        in_code = masked[found.start()] != text[found.start()]
        return found.group(0) if in_code else "\\" + found.group(1)

    return _ESCAPED_DELIMITER.sub(single, text)


def _math(tag: Tag, tex: str) -> str:
    """The TeX of a math shortcode between dollars: ``$$`` on lines of their own when
    the call says ``display`` or ``block`` or the TeX spans lines, else ``$``."""
    words = {str(v).lower() for v in (*tag.positional, *tag.named.values())}
    display = bool(words & {"display", "block", "true"}) or "\n" in tex.strip()
    text = tex.strip()
    return f"\n$$\n{text}\n$$\n" if display else f"${text}$"


def _builtin(
    body: str,
    tags: list[Tag],
    index: int,
    spec: ShortcodeSpec,
    form: str,
    result: Converted,
    line: int,
) -> tuple[str | None, int, int]:
    """A call of one of Hugo's shortcodes that sitegen has: fitted to its template.

    Returns None (keep the tag) when it fits as written.
    """
    tag = tags[index]
    fitted, dropped = fit_call(tag, spec)
    if dropped:
        left = ", ".join(dropped)
        message = f"shortcode '{tag.name}': left out {left}, which sitegen's does not take"
        result.notes.append((line, message))
    closing = tags[tag.partner] if tag.partner is not None else None
    inner = body[tag.end : closing.start] if closing else ""
    after, end = ((tag.partner or index) + 1, closing.end) if closing else (index + 1, tag.end)
    if fitted is None:
        message = f"shortcode '{tag.name}' lacks an argument it needs: left out"
        result.notes.append((line, message))
        return inner, after, end
    if spec.inner == "none" and closing is not None:  # its inner text was never shown
        return _kept(replace(fitted, partner=None), form, result) + inner, after, end
    if fitted == tag:
        return None, index + 1, tag.end
    return _kept(fitted, form, result), index + 1, tag.end


_DESTINATION = re.compile(r"(?:\]\(\s*<?|^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?)\Z", re.MULTILINE)
"""What comes right before a link's URL: ``[text](`` or a reference definition's
``[name]:``."""


def _in_destination(body: str, start: int) -> bool:
    """Whether the tag at ``start`` of a markdown body is a link's URL."""
    line_start = body.rfind("\n", 0, start) + 1
    return bool(_DESTINATION.search(body, line_start, start))


def _value(tag: Tag, resolvers: Resolvers) -> tuple[str, str]:
    """What ``param``, ``ref`` or ``relref`` writes, and a note when it finds nothing."""
    if tag.name == "param":
        key = tag.get("name", 0) or ""
        value = resolvers.param(key)
        if value is None:
            return "", f"param '{key}' is set neither on the page nor the site; left out"
        return _plain(value), ""
    target = tag.get("path", 0) or ""
    link = resolvers.ref(target)
    if link is None:
        return target, f"{tag.name} '{target}' matches no imported page; written as a plain link"
    return link, ""


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


def _callable(tag: Tag) -> Tag:
    """The call as sitegen can take it: argument names it reads (others left out,
    the stand-in's note says so), and by name only when Hugo's mixed both."""
    named = {k: v for k, v in tag.named.items() if ARG_NAME.fullmatch(k)}
    positional = tag.positional
    if positional and named:
        named = {**{f"arg{i}": v for i, v in enumerate(positional)}, **named}
        positional = []
    return replace(tag, named=named, positional=positional)


def _record(uses: dict[str, Use], tag: Tag, origin: str, line: int) -> None:
    use = uses.setdefault(tag.name, Use())
    if tag.closing:
        use.paired = True
        return
    if use.first is None:
        use.first = (origin, line)
    use.dropped.update(k for k in tag.named if not ARG_NAME.fullmatch(k))
    tag = _callable(tag)
    use.positional = max(use.positional, len(tag.positional))
    use.named.update(tag.named)
    if tag.partner is not None:
        use.paired = True


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(_plain(v) for v in value)
    return str(value)


_ITEM_MARKERS = re.compile(r"[ \t]*(?:(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)+")
"""A line's start up to a list item's content: a block made there is indented to it."""


def _indent(body: str, position: int) -> str:
    """The indentation a block replacing the tag at ``position`` continues on its
    later lines: the spaces before the tag, or the width of the list markers
    before it (``- {{< mermaid >}}``: the item's content column)."""
    start = body.rfind("\n", 0, position) + 1
    prefix = body[start:position]
    if not prefix.strip():
        return prefix
    return " " * len(prefix) if _ITEM_MARKERS.fullmatch(prefix) else ""


def _code_block(code: str, language: str, options: str, form: str, indent: str) -> str:
    """``highlight``'s code as a fence in its language, with its options in the
    form a fence takes them (marked lines, line numbers: ``markdown/code.py``)."""
    if form == "html":
        attribute = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{attribute}>{html.escape(code)}</code></pre>"
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    attributes = fence_attributes(options) if language else ""
    info = f"{language} {attributes}" if attributes else language
    code_lines = code.split("\n")
    while len(code_lines) > 1 and not code_lines[-1].strip():
        code_lines.pop()  # the indentation of the closing tag's line
    if indent and all(not line.strip() or line.startswith(indent) for line in code_lines):
        code_lines = [line[len(indent) :] for line in code_lines]  # indented once, below
    lines = [f"{fence}{info}", *code_lines, fence]
    return ("\n" + indent).join(lines)
