"""One shortcode call checked against the registry, for the block and inline rules.

Both rules end in :func:`check_tag`, which records every message at the tag's
line and returns the token meta (name, arguments by name, line, invalid). The
rules that decide what a tag without a closing tag means live here too, so
block and inline tags follow the same ones.
"""

from __future__ import annotations

from typing import Any

from sitegen.markdown.document import Document
from sitegen.markdown.shortcodes.registry import ShortcodeRegistry, check_call, did_you_mean
from sitegen.markdown.shortcodes.syntax import Tag, written


def check_tag(
    document: Document,
    registry: ShortcodeRegistry,
    tag: Tag,
    inner: str | None,
    line: int,
    closed: bool = True,
) -> dict[str, Any]:
    """Record what is wrong with a call; return the token meta for it.

    ``closed`` is False for a tag whose missing closing tag is already
    reported: its inner content is not judged a second time.
    """
    spec = registry.get(tag.name)
    if spec is None:
        names = registry.names()
        hint = did_you_mean(tag.name, names) or f"; the shortcodes are: {', '.join(names)}"
        messages, args = [f"unknown shortcode '{tag.name}'{hint}"], dict(tag.args)
        document.broken.add(tag.name)  # its closing tags are part of the same mistake
    else:
        messages, args = check_call(spec, tag, inner, closed)
    for message in messages:
        document.error(line, message)
    return {"name": tag.name, "args": args, "line": line, "invalid": bool(messages)}


def stands_alone(registry: ShortcodeRegistry, tag: Tag) -> bool:
    """An opening tag with no closing tag is the whole call, as if written ``/>``,
    for a shortcode that takes no inner content (Hugo's rule) and for an unknown
    one, whose single message is that it is unknown."""
    spec = registry.get(tag.name)
    return spec is None or spec.inner == "none"


def report_unclosed(document: Document, tag: Tag, line: int) -> None:
    """Record that ``tag`` is never closed; a closing tag of it found later, in
    another paragraph or outside its list item, is then not reported again."""
    closing = written(tag.markup, "/" + tag.name)
    document.error(line, f"shortcode '{tag.name}' is never closed (expected {closing})")
    document.broken.add(tag.name)
