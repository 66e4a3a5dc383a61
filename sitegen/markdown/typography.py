# ruff: noqa: RUF001, RUF002 -- typographic marks are what this module is about
"""Typographer: curly quotes, dashes and ellipses in the text of a body.

``"It's over" -- and then...`` prints as “It’s over” – and then…, as Hugo's
Goldmark (its typographer is on by default), Jekyll's kramdown and WordPress
(``wptexturize``) print it: an archive moved from any of them keeps its
typography, and a newsroom's house style wants it. Off with ``markdown:
{typographer: false}``.

Quotes are markdown-it's own ``smartquotes``, in the pair of the site's
``language`` (German „…“, French « … »). Dashes and ellipses are the three
substitutions Goldmark makes (``---`` em dash, ``--`` en dash, ``...``
ellipsis), not markdown-it's ``replacements``, which would also make ``(c)``
of a list "(a), (b), (c)" a copyright sign. Code, URLs, attribute values and
escaped characters (``\\"``, ``\\-\\-``) are never touched: only text tokens are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_ENGLISH = "“”‘’"
_GUILLEMETS = ("«\u00a0", "\u00a0»", "‹\u00a0", "\u00a0›")
QUOTES: Mapping[str, str | tuple[str, str, str, str]] = MappingProxyType(
    {
        "en": _ENGLISH,
        "nl": _ENGLISH,
        "pt-br": _ENGLISH,
        "de": "„“‚‘",
        "cs": "„“‚‘",
        "sk": "„“‚‘",
        "da": "»«›‹",
        "fr": _GUILLEMETS,
        "es": "«»“”",
        "it": "«»“”",
        "pt": "«»“”",
        "ca": "«»“”",
        "ru": "«»„“",
        "uk": "«»„“",
        "pl": "„”‚’",
        "hu": "„”»«",
        "ro": "„”«»",
        "sv": "””’’",
        "fi": "””’’",
        "nb": "«»‘’",
        "no": "«»‘’",
        "nn": "«»‘’",
        "ja": "「」『』",
        "zh": "“”‘’",
    }
)
"""Opening and closing double, then single quotes, by language (and region where
it differs: Brazil writes “…”, Portugal «…»). French sets a no-break space
inside its guillemets."""

_DASHES = re.compile(r"(?<!-)(---|--)(?!-)|\.\.\.")
_SUBSTITUTES = MappingProxyType({"---": "\u2014", "--": "\u2013", "...": "\u2026"})


def quotes_for(language: str) -> str | tuple[str, str, str, str]:
    """The quote marks of a BCP 47 tag (``pt-BR``, ``de-CH``): its own, its
    language's, else English."""
    tag = language.lower()
    return QUOTES.get(tag) or QUOTES.get(tag.partition("-")[0]) or _ENGLISH


def typography_plugin(md: MarkdownIt, language: str) -> None:
    """Curly quotes in ``language``'s marks, en and em dashes, ellipses."""
    md.options["typographer"] = True
    md.options["quotes"] = quotes_for(language)
    md.enable("smartquotes")
    # Before text_join, like smartquotes: an escaped "\-\-" is its own token there.
    md.core.ruler.before("text_join", "dashes", _dashes)


def _dashes(state: StateCore) -> None:
    """``---``, ``--`` and ``...`` in text tokens (not in an autolink, whose text is
    its URL), as Goldmark substitutes them; a run of four dashes or more stays."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        in_autolink = 0
        for child in token.children:
            if child.type == "link_open" and child.info == "auto":
                in_autolink += 1
            elif child.type == "link_close" and in_autolink:
                in_autolink -= 1
            elif (
                child.type == "text"
                and not in_autolink
                and ("--" in child.content or "..." in child.content)
            ):
                child.content = _DASHES.sub(_substitute, child.content)


def _substitute(match: re.Match[str]) -> str:
    return _SUBSTITUTES[match.group(0)]
