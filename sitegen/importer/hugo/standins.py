"""Jinja templates standing in for Hugo shortcodes sitegen cannot run.

A Hugo shortcode is a Go template; sitegen's are Jinja. For each shortcode the
content calls and the import does not resolve, a template is written to
``layouts/shortcodes/NAME.html`` that accepts every call as the content makes
it (its arguments by position or by name, its inner content when it has one)
and renders something sensible without loading anything from another host:
Hugo's embeds (``youtube``, ``vimeo``, ``gist``, ``x``/``tweet``,
``instagram``) become a plain link, ``details`` and ``comment`` do what
Hugo's do, and any other shortcode shows its inner content, or nothing.
Each is reported, so the author knows what to port.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sitegen.importer.hugo.shortcodes import Use
from sitegen.importer.model import Note

_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_LINK = '<a class="embed embed--{kind}" href="{href}">{text}</a>'


@dataclass(frozen=True, slots=True)
class Builtin:
    """One of Hugo's own shortcodes: its positional arguments and a Jinja body."""

    positional: tuple[str, ...]
    body: str
    complete: bool = False
    """True when the stand-in does all the original does: no note."""


BUILTINS: Mapping[str, Builtin] = {
    "youtube": Builtin(
        ("id",),
        _LINK.format(
            kind="youtube",
            href="https://www.youtube.com/watch?v={{ args.get('id', '') | urlencode }}",
            text="{{ args.get('title') or 'Watch the video on YouTube' }}",
        ),
    ),
    "vimeo": Builtin(
        ("id",),
        _LINK.format(
            kind="vimeo",
            href="https://vimeo.com/{{ args.get('id', '') | urlencode }}",
            text="{{ args.get('title') or 'Watch the video on Vimeo' }}",
        ),
    ),
    "gist": Builtin(
        ("user", "id", "file"),
        _LINK.format(
            kind="gist",
            href="https://gist.github.com/{{ args.get('user', '') | urlencode }}/"
            "{{ args.get('id', '') | urlencode }}"
            "{% if args.get('file') %}#file-{{ args.file | replace('.', '-') }}{% endif %}",
            text="View {{ args.get('file') or 'the gist' }} on GitHub",
        ),
    ),
    "instagram": Builtin(
        ("id", "hidecaption"),
        _LINK.format(
            kind="instagram",
            href="https://www.instagram.com/p/{{ args.get('id', '') | urlencode }}/",
            text="View the post on Instagram",
        ),
    ),
    "details": Builtin(
        (),
        "<details{% if args.get('open') in ('true', 'open') %} open{% endif %}>"
        "<summary>{{ args.get('summary') or 'Details' }}</summary>{{ inner }}</details>",
        complete=True,
    ),
    "comment": Builtin((), "", complete=True),
}
_POST = Builtin(
    ("id",),
    _LINK.format(
        kind="x",
        href="https://x.com/{{ args.get('user') or 'i' }}/status/{{ args.get('id', '') }}",
        text="View the post on X",
    ),
)
BUILTINS = {**BUILTINS, "tweet": _POST, "twitter": _POST, "x": _POST}


def write_standins(
    uses: Mapping[str, Use], site: Path, themes: list[str]
) -> tuple[dict[str, str], list[Note]]:
    """``layouts/shortcodes/NAME.html`` → template text, and one note per shortcode."""
    texts: dict[str, str] = {}
    notes: list[Note] = []
    for name in sorted(uses):
        use = uses[name]
        origin, line = use.first or ("content", 1)
        if not _safe_name(name):
            notes.append(
                Note(
                    origin,
                    line,
                    f"shortcode '{name}' has a name sitegen cannot "
                    "use as a template file; its calls are kept as written",
                )
            )
            continue
        builtin = BUILTINS.get(name)
        declaration, dropped = _declaration(use, builtin)
        body = builtin.body if builtin else ("{{ inner }}" if use.paired else "")
        path = f"layouts/shortcodes/{name}.html"
        texts[path] = declaration + body + "\n"
        for arg in sorted({*dropped, *use.dropped}):
            message = (
                f"shortcode '{name}': the argument '{arg}' has a name sitegen does not "
                "read; left out of its calls"
            )
            notes.append(Note(origin, line, message))
        if builtin is None or not builtin.complete:
            notes.append(Note(origin, line, _message(name, builtin, site, themes, path)))
    return texts, notes


def _declaration(use: Use, builtin: Builtin | None) -> tuple[str, list[str]]:
    known = builtin.positional if builtin else ()
    positional = [known[i] if i < len(known) else f"arg{i}" for i in range(use.positional)]
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


def _message(name: str, builtin: Builtin | None, site: Path, themes: list[str], path: str) -> str:
    if builtin is not None:
        return (
            f"shortcode '{name}' (Hugo's own) embeds content from another host; "
            f"{path} stands in for it with a plain link"
        )
    where = _definition(name, site, themes)
    return (
        f"shortcode '{name}' is a Go template{where} sitegen cannot run; {path} stands in "
        "for it (showing its inner content, or nothing): port it to Jinja"
    )


def _definition(name: str, site: Path, themes: list[str]) -> str:
    roots = [site, *(site / "themes" / t for t in themes)]
    for root in roots:
        for folder in ("layouts/shortcodes", "layouts/_shortcodes"):
            candidates = (
                sorted((root / folder).glob(f"{name}.*")) if (root / folder).is_dir() else []
            )
            if candidates:
                found = candidates[0].relative_to(site).as_posix()
                return f" ({found})"
    if themes:
        return f" (from the theme '{themes[0]}', not in the site's folder)"
    return " (not found in the site's folder)"


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return all(part and part not in (".", "..") and "\\" not in part for part in parts)
