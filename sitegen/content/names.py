"""Names that become addresses: slugs, tags, authors, sections, aliases.

Each one ends up as a folder or file name in the output (``/tags/<slug>/``),
so each must give a usable one: some letter or digit, and not longer than a
file system takes (``urlpaths.MAX_SEGMENT_BYTES``). A 300-character tag
failed the build with ``File name too long`` from deep inside the writer;
here it is an error at the line that wrote it, in words that say what to do.
"""

from __future__ import annotations

from sitegen.slugs import slugify
from sitegen.urlpaths import MAX_SEGMENT_BYTES, url_path_problem

_SHOWN = 40
"""How much of a long name a message quotes."""


def shown(name: str) -> str:
    """The name as a message quotes it: whole, or its start and ``…``."""
    return name if len(name) <= _SHOWN else name[:_SHOWN] + "…"


def slug_length_problem(slug: str) -> str | None:
    """Why ``slug`` is too long for a folder name, to follow "… gives a slug that", or None."""
    size = len(slug.encode())
    if size <= MAX_SEGMENT_BYTES:
        return None
    return (
        f"is {size} bytes long; a slug names a folder of the site and may be at most "
        f"{MAX_SEGMENT_BYTES} bytes (UTF-8)"
    )


def page_name_problem(what: str, name: str) -> str | None:
    """Why the tag, author or section ``name`` (``what``) cannot have a page, or None."""
    slug = slugify(name)
    if not slug:
        return f"{what} '{shown(name)}' has no letters or digits, so it cannot have a page"
    too_long = slug_length_problem(slug)
    if too_long:
        return f"{what} '{shown(name)}' gives a slug that {too_long}; shorten it"
    return None


def alias_length_problem(alias: str) -> str | None:
    """Why alias ``alias`` is too long to become a file, to follow "alias 'X'", or None."""
    problem = url_path_problem(alias.partition("?")[0])
    return f"{problem}; shorten it" if problem else None
