"""Hugo's site-wide line numbers (``markup.highlight.lineNos``) → each fence's own.

Hugo numbers the lines of every highlighted block when the site says so, and a
block's own ``{linenos=false}`` turns it off again. sitegen has no site-wide
setting, but reads the same option after a fence's language; so the import
writes it on each fenced block Hugo highlighted (one with a language) that does
not say otherwise, and the page keeps its numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sitegen.importer.hugo.config import HugoConfig
from sitegen.markdown.code import PLAIN, code_options

_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_OPENING = re.compile(
    r"(?P<head>[ \t]{0,3}(?:`{3,}|~{3,}))[ \t]*(?P<language>[^\s{`]+)"
    r"[ \t]*(?P<options>\{[^{}`]*\})?[ \t]*"
)
"""A fence's first line that names a language, with Hugo's ``{...}`` options or none."""


def site_line_numbers(config: HugoConfig) -> dict[str, str]:
    """The options highlighted blocks had from the site: ``linenos`` when Hugo
    numbered every block, ``linenostart`` when it counted numbered ones from
    elsewhere than 1; empty when neither (or Hugo highlighted no fence:
    ``codeFences`` off)."""
    highlight = config.get("markup", "highlight", default={})
    if not isinstance(highlight, Mapping) or highlight.get("codefences") is False:
        return {}
    options = {"linenos": "true"} if _true(highlight.get("linenos")) else {}
    start = highlight.get("linenostart")
    if isinstance(start, int) and not isinstance(start, bool) and start != 1:
        options["linenostart"] = str(start)
    return options


def number_fences(markdown: str, options: Mapping[str, str]) -> str:
    """``markdown`` with ``options`` written on each numbered fence with a language,
    except the ones a block gives itself (its own ``linenos=false`` stays as Hugo
    read it, and keeps it unnumbered)."""
    if not options:
        return markdown
    lines = markdown.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        marker = _FENCE.match(line)
        marks = marker.group(1) if marker else ""
        if fence:
            if marks[:1] == fence[0] and len(marks) >= len(fence) and not line.strip(" \t`~"):
                fence = ""
            continue
        if marks:
            fence = marks
            lines[number] = _with_options(line, options)
    return "\n".join(lines)


def _with_options(line: str, options: Mapping[str, str]) -> str:
    """The fence's first line with the options it does not set itself."""
    found = _OPENING.fullmatch(line)
    if found is None or found["language"].lower() in PLAIN:
        return line
    own = found["options"] or ""
    given = code_options(own)
    numbered = given.get("linenos", options.get("linenos", ""))
    if not _true(numbered):
        return line  # no numbers, so no first number either
    added = [f"{key}={value}" for key, value in options.items() if key not in given]
    if not added:
        return line
    inner = own[1:-1].strip().rstrip(",") if own else ""
    parts = ([inner] if inner else []) + added
    return f"{found['head']}{found['language']} {{{','.join(parts)}}}"


def _true(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "table", "inline")
    return value is True
