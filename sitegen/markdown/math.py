"""Mathematics written in TeX, set as MathML when the site turns it on.

``$x_i^2$`` in a sentence and ``$$ ... $$`` on lines of their own (optionally
numbered: ``$$ ... $$ (1)``), and MathJax's ``\\( ... \\)`` and ``\\[ ... \\]``, are read
by mdit-py-plugins' math rules,
so their underscores and asterisks are never taken for emphasis, and written
as MathML by latex2mathml, which every current browser draws without a script,
screen readers read, and the page carries as it is (no KaTeX or MathJax to
load from anywhere). A dollar followed by a digit or a space is money, not
math (``$5 and $10``). TeX that cannot be read, or a command latex2mathml does
not know, is shown as typed in a ``<code class="math">`` and warned about at
its line, never dropped.

Off by default (``markdown.math``), as in Hugo, whose passthrough extension
must be turned on: on a news site a pair of dollars is more often prices than
a formula. The Hugo import turns it on where Hugo's passthrough was, the
Jekyll import where posts used kramdown's ``$$``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

from sitegen.markdown.document import document_of

_SELF_CLOSED = re.compile(r"<([A-Za-z][\w:-]*)((?:\s[^<>]*?)?)\s*/>")
_UNKNOWN = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
"""latex2mathml's answer to a command it does not know: the command as a name."""


def math_plugin(md: MarkdownIt) -> None:
    """Dollar math, written as MathML."""
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(texmath_plugin, delimiters="brackets")  # \( \) and \[ \], MathJax's own
    md.core.ruler.push("math_lines", _lines)
    md.add_render_rule("math_inline", _inline)
    md.add_render_rule("math_inline_double", _display_inline)
    md.add_render_rule("math_block", _block)
    md.add_render_rule("math_block_label", _block)
    md.add_render_rule("math_block_eqno", _block)


def _lines(state: StateCore) -> None:
    """Give each inline formula the body line of its paragraph, for its warnings
    (the renderer sees inline tokens without their paragraph)."""
    for token in state.tokens:
        if token.type == "inline" and token.map and token.children:
            for child in token.children:
                if child.type.startswith("math_inline"):
                    child.meta["line"] = token.map[0]


def _inline(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return _math(tokens[idx].content, False, env, tokens[idx].meta.get("line"))


def _display_inline(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return _math(tokens[idx].content, True, env, tokens[idx].meta.get("line"))


def _block(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    line = token.map[0] if token.map else None
    tag = _TAG.search(token.content)
    math = _math(_TAG.sub("", token.content).strip(), True, env, line)
    info = token.info if token.type != "math_block" else ""
    if tag is not None and not info:  # \\tag{2}: the number MathJax showed
        info = tag.group(1).strip()
    if info:  # $$ ... $$ (1): its number beside it
        label = escapeHtml(info)
        number = f'<span class="math-label">({label})</span>'
        return f'<div class="math-block" id="eq-{label}" tabindex="0">{math}{number}</div>\n'
    return f'<div class="math-block" tabindex="0">{math}</div>\n'


_NUMBERING = re.compile(r"\\(?:label\{[^{}]*\}|nonumber\b|notag\b)\s*")
"""MathJax's equation labels and numbering switches: they name or number an
equation and draw nothing. latex2mathml knows none of them, and a formula
holding one was shown as typed (real posts label every displayed equation)."""
_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}\s*")
"""``\\tag{3}``: the number shown beside a displayed equation."""


def _math(tex: str, display: bool, env: EnvType, line: int | None) -> str:
    from latex2mathml.converter import convert

    document = document_of(env)
    tex = _NUMBERING.sub("", tex)
    where = line or 0
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises its own errors and Python's
        reason = str(error) or type(error).__name__
        message = f"math {_shown(tex)} cannot be read ({reason}): shown as typed"
        document.warnings.append((where, message))
        return f'<code class="math">{escapeHtml(tex)}</code>'
    unknown = _UNKNOWN.search(mathml)
    if unknown is not None:
        message = f"math {_shown(tex)}: {unknown.group(1)} is no command it knows: shown as typed"
        document.warnings.append((where, message))
        return f'<code class="math">{escapeHtml(tex)}</code>'
    # An empty element written <mspace/> loses its slash to the minifier, and in
    # MathML that leaves it open around what follows: close each one explicitly.
    return _SELF_CLOSED.sub(r"<\1\2></\1>", mathml)


def math_version(enabled: bool) -> str:
    """What a body's formulas depend on besides its text: latex2mathml's version,
    for the key of stored bodies."""
    if not enabled:
        return ""
    from importlib.metadata import version

    return version("latex2mathml")


def _shown(tex: str) -> str:
    text = " ".join(tex.split())
    return "'" + (text if len(text) <= 40 else text[:39] + "…") + "'"
