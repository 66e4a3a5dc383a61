"""Jinja templates standing in for Hugo shortcodes sitegen cannot run.

A Hugo shortcode is a Go template; sitegen's are Jinja. Hugo's own shortcodes
are built into sitegen (``builtins.py``): their calls need nothing more, and
an embed (``youtube``, ``x``…), which sitegen shows as a link, is said once.
For every other shortcode the content calls (a site's or a theme's), a
template is written to ``layouts/shortcodes/NAME.html`` that accepts every
call as the content makes it (its arguments by position or by name, its inner
content when it has one) and shows the inner content, or nothing: the note
says which Go template to port.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from sitegen.importer.hugo.builtins import EMBEDS, builtin_specs
from sitegen.importer.hugo.shortcodes import Use
from sitegen.importer.model import Note

_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def write_standins(
    uses: Mapping[str, Use], site: Path, themes: list[str]
) -> tuple[dict[str, str], list[Note]]:
    """``layouts/shortcodes/NAME.html`` → template text, and one note per shortcode."""
    texts: dict[str, str] = {}
    notes: list[Note] = []
    for name in sorted(uses):
        use = uses[name]
        origin, line = use.first or ("content", 1)
        if name in builtin_specs():
            notes.extend(Note(origin, line, m) for m in _builtin_notes(name, site, themes))
            continue
        declaration, dropped = _declaration(use)
        path = f"layouts/shortcodes/{name}.html"
        texts[path] = declaration + ("{{ inner }}" if use.paired else "") + "\n"
        for arg in sorted({*dropped, *use.dropped}):
            message = (
                f"shortcode '{name}': the argument '{arg}' has a name sitegen does not "
                "read; left out of its calls"
            )
            notes.append(Note(origin, line, message))
        notes.append(Note(origin, line, _message(name, site, themes, path)))
    return texts, notes


def _builtin_notes(name: str, site: Path, themes: list[str]) -> list[str]:
    """What changes for a Hugo built-in: an embed is a link; a site's own version
    of it is not ported."""
    messages = []
    if name in EMBEDS:
        messages.append(
            f"shortcode '{name}' shows a link to the post or video, not an embedded player: "
            "sitegen loads nothing from another host"
        )
    found = _template_of(name, site, themes)
    if found:
        messages.append(
            f"the site's own '{name}' template ({found}) is not ported: sitegen's built-in "
            f"{name} renders these calls; port it to layouts/shortcodes/{name}.html to keep "
            "its look"
        )
    return messages


def _declaration(use: Use) -> tuple[str, list[str]]:
    positional = [f"arg{i}" for i in range(use.positional)]
    names = list(dict.fromkeys([*positional, *sorted(use.named)]))
    dropped = [n for n in names if not _ARG_NAME.match(n)]
    names = [n for n in names if _ARG_NAME.match(n)]
    lines = ["{#- shortcode"]
    if names:
        lines.append("args:")
        lines.extend(f"  {name}: {{}}" for name in names)
    if positional:
        lines.append("positional: [" + ", ".join(p for p in positional if p in names) + "]")
    lines.append(f"inner: {'optional' if use.paired else 'none'}")
    lines.append("-#}")
    return "\n".join(lines) + "\n", dropped


def _message(name: str, site: Path, themes: list[str], path: str) -> str:
    where = _definition(name, site, themes)
    return (
        f"shortcode '{name}' is a Go template{where} sitegen cannot run; {path} stands in "
        "for it (showing its inner content, or nothing): port it to Jinja"
    )


def _template_of(name: str, site: Path, themes: list[str]) -> str:
    """The Go template file that defines ``name`` in the site or its theme, or ``""``."""
    for root in [site, *(site / "themes" / t for t in themes)]:
        for folder in ("layouts/shortcodes", "layouts/_shortcodes"):
            found = sorted((root / folder).glob(f"{name}.*")) if (root / folder).is_dir() else []
            if found:
                return found[0].relative_to(site).as_posix()
    return ""


def _definition(name: str, site: Path, themes: list[str]) -> str:
    found = _template_of(name, site, themes)
    if found:
        return f" ({found})"
    if themes:
        return f" (from the theme '{themes[0]}', not in the site's folder)"
    return " (not found in the site's folder)"
