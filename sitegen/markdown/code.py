"""Code blocks in colour, as Hugo, Jekyll and Pelican print them.

A fenced block in a language Pygments knows (```` ```go ````, ```` ```Python ````)
comes out as ``<pre class="highlight"><code class="language-go">`` with each
token in a ``<span>`` of Pygments' short classes (``k`` a keyword, ``s`` a
string...): the classes Jekyll's Rouge, Pelican and ``pygmentize`` write, so a
theme's or a moved site's Pygments style sheet works unchanged, and the
default theme colours them (``style.css``) in the light and the dark scheme.
Hugo's options after the language are read as Hugo reads them
(```` ```go {linenos=inline, hl_lines=[3,"6-8"], linenostart=10} ````, keys in
any case, pairs separated by commas or spaces): marked lines are a
``<span class="hll">``, line numbers a ``<span class="linenos">`` the reader's
copy leaves out. Code wraps in the default theme, so ``linenos=table`` is set
inline as well; options sitegen does not act on (``style``, ``anchorlinenos``)
change nothing.

A language Pygments does not know (``mermaid``, a typo) and a block with none
stay as markdown-it writes them, as Hugo leaves them: text, never an error.
Pygments is imported at the first block that needs it, so a site without code
never pays for it. ``markdown.highlight: false`` turns it off.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from markdown_it.common.utils import escapeHtml

PLAIN = frozenset({"", "text", "txt", "plain", "plaintext", "none", "nohighlight"})
"""Languages that mean "no colour": markdown-it's block as it is."""

_OPTION = re.compile(r"""([A-Za-z_]+)\s*=\s*(\[[^\]]*\]|"[^"]*"|'[^']*'|[^\s,}]+)""")
_MARKED = '<span class="hll">'
_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")


def highlighter(enabled: bool) -> Callable[[str, str, str], str] | None:
    """markdown-it's ``highlight`` option: the whole ``<pre>`` of a block in a
    known language, else ``""`` (markdown-it then writes the block as usual).
    None when ``markdown.highlight`` is off."""
    return _highlight if enabled else None


def highlighter_version(enabled: bool) -> str:
    """What a body's colours depend on besides its text: Pygments' version (a new
    one may split tokens otherwise), for the key of stored bodies."""
    if not enabled:
        return ""
    import pygments

    return str(pygments.__version__)


def _highlight(code: str, language: str, attributes: str) -> str:
    if language.startswith("{"):  # options and no language: ``` {linenos=true}
        return f"<pre><code>{escapeHtml(code)}</code></pre>"
    if language.lower() in PLAIN:
        return ""
    lexer = _lexer(language.lower())
    if lexer is None:
        return ""
    options = code_options(attributes)
    from pygments import highlight

    marked = tuple(sorted(_lines(options.get("hl_lines", ""))))
    html = highlight(code, lexer, _formatter(marked))
    if _true(options.get("linenos", "")):
        html = _numbered(html, _start(options.get("linenostart", "")))
    css = escapeHtml(language)
    return f'<pre class="highlight"><code class="language-{css}">{html}</code></pre>'


@functools.cache
def _lexer(name: str) -> Any:
    """Pygments' lexer for ``name`` (any of its aliases), made once per process;
    None when Pygments knows no such language."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        # As typed: no blank line at either end dropped, no tab widened.
        return get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


def is_language(name: str) -> bool:
    """Whether code in ``name`` is coloured: Pygments knows it by that name or alias."""
    return _lexer(name) is not None


@functools.lru_cache(maxsize=64)
def _formatter(marked: tuple[int, ...]) -> Any:
    """Pygments' HTML formatter marking ``marked``: made once per set of lines (it
    builds its class table each time it is made)."""
    from pygments.formatters.html import HtmlFormatter

    return HtmlFormatter(nowrap=True, hl_lines=marked)


def code_options(attributes: str) -> dict[str, str]:
    """Hugo's ``{key=value ...}`` after a fence's language, keys lower-cased, quotes
    taken off; also the ``highlight`` shortcode's ``"linenos=table,hl_lines=8 15-17"``."""
    text = attributes.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    found = {}
    for key, value in _OPTION.findall(text):
        if value[:1] in "\"'" and value[-1:] == value[:1]:
            value = value[1:-1]
        found[key.lower()] = value
    # The shortcode's form lists ranges with spaces: hl_lines=8 15-17, linenos=true
    shortcode = re.search(r"hl_lines\s*=\s*([\d\s-]+?)\s*(?:,|$)", text, re.IGNORECASE)
    if shortcode and not found.get("hl_lines", "").startswith("["):
        found["hl_lines"] = shortcode.group(1)
    return found


def fence_attributes(options: str) -> str:
    """The ``{...}`` to write after a fence's language for the ``highlight``
    shortcode's ``options``, in the form Hugo's own fences take
    (``hl_lines=[8,"15-17"]``); "" when there are none."""
    parts = []
    for key, value in code_options(options).items():
        if key == "hl_lines":
            ranges = [f'"{low}-{high}"' if high else low for low, high in _RANGE.findall(value)]
            value = "[" + ",".join(ranges) + "]"
        parts.append(f"{key}={value}")
    return "{" + ",".join(parts) + "}" if parts else ""


def _lines(value: str) -> set[int]:
    """The line numbers of ``hl_lines`` (``[3,"6-8"]``, ``3 6-8``), counted from the
    block's first line whatever ``linenostart`` says, as Hugo counts them."""
    marked: set[int] = set()
    for first, last in _RANGE.findall(value):
        low = int(first)
        high = int(last) if last else low
        if high - low > 100_000:  # a typo's range, not a block's
            continue
        marked.update(range(low, high + 1))
    return marked


def _true(value: str) -> bool:
    return value.strip("\"'").lower() in ("true", "inline", "table")


def _start(value: str) -> int:
    digits = value.strip("\"'")
    return int(digits) if digits.isdigit() and len(digits) < 10 else 1


def _numbered(html: str, start: int) -> str:
    """Each line of Pygments' output with its number before it, hidden from screen
    readers and from a reader's copy (``style.css``): the code is what they take."""
    lines = html.split("\n")
    # What follows the last newline: nothing, or a marked last line's closing tag.
    tail = lines.pop() if lines and lines[-1] in ("", "</span>") else None
    width = len(str(start + len(lines) - 1))
    numbered = []
    for number, line in enumerate(lines, start):
        # A marked line's span closes after its newline, at the next line's start.
        # A marked line's number is marked with it.
        closed = "</span>" if line.startswith("</span>") else ""
        opened = _MARKED if line.startswith(_MARKED, len(closed)) else ""
        label = f'<span class="linenos" aria-hidden="true">{number:>{width}}</span>'
        numbered.append(closed + opened + label + line[len(closed) + len(opened) :])
    return "\n".join(numbered) + ("\n" + tail if tail is not None else "")


_LANGUAGE_LINE = re.compile(r"[ \t]*(?:::+[ \t]*|#!)([A-Za-z0-9_+#.-]+)[ \t]*\n")
"""Python-Markdown's first line naming an indented block's language (``:::bash`` or more
colons, ``#!python``: not a shebang, which has a path)."""


def language_line_plugin(md: Any) -> None:
    """An indented block (or a fence without a language) that opens with
    ``:::bash`` or ``#!python`` is in that language, the line left out, as
    Python-Markdown's codehilite (Pelican's default) reads it: it was printed
    as the block's first line, in the page, the feeds and the search index."""
    md.core.ruler.after("block", "code_language_line", _language_lines)


def _language_lines(state: Any) -> None:
    for token in state.tokens:
        if token.type not in ("code_block", "fence") or (token.type == "fence" and token.info):
            continue
        found = _LANGUAGE_LINE.match(token.content)
        if found is None:
            continue
        token.type, token.tag, token.markup = "fence", "code", token.markup or "```"
        token.info, token.content = found.group(1), token.content[found.end() :]
