"""Hugo's own shortcodes that sitegen ships as templates, and calls made to fit them.

sitegen's theme has Hugo's built-ins (``figure``, ``youtube``, ``details``…)
with Hugo's arguments, so their calls stay in the content. A call sitegen's
template would refuse (an argument Hugo ignored, a value outside the choices,
more positions than declared) would stop the build, where Hugo shrugged: such
an argument is left out of the call, and a call missing a required argument
(a ``youtube`` without an id) is left out whole, each with a note.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace

from sitegen.errors import Problems
from sitegen.importer.hugo.tags import Tag
from sitegen.markdown.shortcodes.registry import ShortcodeSpec, load_shortcode_registry
from sitegen.render.environment import THEME_LAYOUTS

HUGO_BUILTINS = frozenset(
    {
        "comment", "details", "figure", "gist", "highlight", "instagram", "instagram_simple",
        "param", "ref", "relref", "tweet", "twitter", "twitter_simple", "vimeo",
        "vimeo_simple", "x", "x_simple", "youtube",
    }
)  # fmt: skip
"""Hugo's own shortcode names (sitegen's ``callout`` and ``faq`` are not Hugo's)."""

EMBEDS = frozenset(
    {"gist", "instagram", "instagram_simple", "tweet", "twitter", "twitter_simple", "vimeo"}
    | {"vimeo_simple", "x", "x_simple", "youtube"}
)
"""Built-ins that embedded another host's player in Hugo and are links in sitegen."""


@functools.cache
def builtin_specs() -> Mapping[str, ShortcodeSpec]:
    """Hugo's built-ins that sitegen's theme has, name → what the template accepts."""
    folder = THEME_LAYOUTS / "shortcodes"
    templates = {
        path.stem: (f"theme:shortcodes/{path.name}", path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.html"))
        if path.stem in HUGO_BUILTINS
    }
    return dict(load_shortcode_registry(templates, Problems()).shortcodes)


def fit_call(tag: Tag, spec: ShortcodeSpec) -> tuple[Tag | None, list[str]]:
    """``tag`` as ``spec`` takes it, and what was left out of it (in words);
    None when a required argument is missing, so the call cannot be kept."""
    if tag.closing or spec.args is None:
        return tag, []
    declared = {arg.name: arg for arg in spec.args}
    named = dict(tag.named)
    dropped: list[str] = []
    if tag.positional and named:  # Hugo takes one or the other; by name wins
        dropped.append("the arguments given by position")
    elif tag.positional:
        for name, value in zip(spec.positional, tag.positional, strict=False):
            named[name] = value
        if len(tag.positional) > len(spec.positional):
            dropped.append(f"{len(tag.positional) - len(spec.positional)} argument(s) by position")
    for key in list(named):
        arg = declared.get(key)
        if arg is None:
            dropped.append(f"'{key}'")
            del named[key]
        elif arg.choices and named[key] not in arg.choices:
            dropped.append(f'{key}="{named[key]}"')
            del named[key]
    if any(arg.required and arg.name not in named for arg in spec.args):
        return None, dropped
    if not dropped and tag.positional and not tag.named:
        return tag, dropped  # it fits by position, as written
    return replace(tag, named=named, positional=[]), dropped
