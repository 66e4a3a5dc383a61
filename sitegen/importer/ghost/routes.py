"""Ghost's ``routes.yaml``: where each post lived, when the site moved it from ``/{slug}/``.

Ghost serves every post at ``/{slug}/`` unless its dynamic routing file (Admin
→ Settings → Labs → Routes, kept in ``content/settings/routes.yaml``) says
otherwise: ``collections`` map a place to a permalink pattern and, when there
are several, a filter; each post belongs to the first collection whose filter
it matches. A newsroom that moved its posts to ``/news/{year}/{slug}/`` loses
every address an import guesses as ``/{slug}/``, so the file is read when the
source holds it: each post's old URL is the one its collection gave it, and
the new site takes the pattern most posts had, when sitegen can write it.

Filters are Ghost's NQL; the parts routes use are read (``tag:``,
``primary_tag:``, ``author:``, ``primary_author:``, ``featured:``, a ``-``
for "not", ``[a,b]`` for any of, ``+`` for "and", ``,`` for "or"). A filter
with anything else is a note, and its collection is taken to match nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

DEFAULT = "/{slug}/"
"""Ghost's permalink when no routes file says otherwise."""

LOCATIONS = ("routes.yaml", "settings/routes.yaml", "content/settings/routes.yaml")
"""Where a folder holding an export may hold the routes file: beside it, or as
Ghost's ``content`` folder has it."""

_SITEGEN = {"year": "{year}", "month": "{month}", "day": "{day}", "slug": "{slug}"}
_SITEGEN["primary_tag"] = "{section}"  # the import makes the primary tag the section
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_TERM = re.compile(r"^([a-z_]+):(-?)(\[[^\]]*\]|[^\s\[\]]+)$")
_KEYS = {"tag", "tags", "primary_tag", "author", "authors", "primary_author", "featured"}


@dataclass(frozen=True, slots=True)
class Facts:
    """What a filter or a permalink reads of one post."""

    id: str
    slug: str
    date: datetime | None
    tags: tuple[str, ...]
    """Tag slugs, the primary first."""
    authors: tuple[str, ...]
    """Author slugs, the primary first."""
    featured: bool


@dataclass(frozen=True, slots=True)
class Collection:
    place: str
    permalink: str
    filter: str = ""


@dataclass(frozen=True, slots=True)
class Routes:
    collections: tuple[Collection, ...]
    notes: tuple[str, ...] = ()
    found: bool = False
    """Whether a routes file was read (else Ghost's defaults)."""
    tag: str = "/tag/{slug}/"
    author: str = "/author/{slug}/"
    """The taxonomies' pages, as ``taxonomies`` places them."""

    def permalink(self, post: Facts) -> str | None:
        """The pattern of the first collection ``post`` belongs to; None for none (Ghost
        then serves it nowhere but its preview)."""
        for collection in self.collections:
            if not collection.filter or matches(collection.filter, post):
                return collection.permalink
        return None

    def url(self, post: Facts) -> str | None:
        pattern = self.permalink(post)
        return None if pattern is None else fill(pattern, post)


def read_routes(root: Path) -> Routes:
    """The routes file below ``root`` (a folder holding the export), if there is one."""
    for name in LOCATIONS:
        path = root / name
        if path.is_file():
            return _parse(path)
    return Routes((Collection("/", DEFAULT),))


def _parse(path: Path) -> Routes:
    try:
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        note = f"{path.name} could not be read ({error}); posts are taken to be at /{{slug}}/"
        return Routes((Collection("/", DEFAULT),), (note,), True)
    taxonomies = value.get("taxonomies") if isinstance(value, dict) else None
    places = {
        kind: str(taxonomies[kind])
        for kind in ("tag", "author")
        if isinstance(taxonomies, dict) and isinstance(taxonomies.get(kind), str)
    }
    found = value.get("collections") if isinstance(value, dict) else None
    if not isinstance(found, dict) or not found:
        return Routes((), (), True, **places)  # no collection: no post page at all
    collections, notes = [], []
    for place, settings in found.items():
        permalink = settings.get("permalink") if isinstance(settings, dict) else None
        if not isinstance(permalink, str) or not permalink.startswith("/"):
            notes.append(f"collection {place} in {path.name} has no permalink; left out")
            continue
        raw = settings.get("filter") if isinstance(settings, dict) else None
        query = str(raw).strip() if raw is not None else ""
        if query and not _readable(query):
            notes.append(
                f"collection {place}'s filter {query!r} in {path.name} is not one the import "
                "reads: no post is taken to belong to it"
            )
            query = "id:-"  # matches nothing
        collections.append(Collection(str(place), permalink, query))
    return Routes(tuple(collections), tuple(notes), True, **places)


def _split(text: str, mark: str) -> list[str]:
    """``text`` cut at each ``mark`` outside ``[...]`` (a list's commas stay in it)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char == "[") - (char == "]")
        if char == mark and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def _readable(query: str) -> bool:
    return all(
        (term := _TERM.match(part.strip())) is not None and term.group(1) in _KEYS
        for group in _split(query, ",")
        for part in _split(group, "+")
    )


def matches(query: str, post: Facts) -> bool:
    """Whether ``post`` is one NQL ``query`` selects (``,`` binds looser than ``+``)."""
    return any(
        all(_term(part.strip(), post) for part in _split(group, "+"))
        for group in _split(query, ",")
    )


def _term(text: str, post: Facts) -> bool:
    found = _TERM.match(text)
    if found is None:
        return False
    key, negated, value = found.groups()
    wanted = [v.strip() for v in value.strip("[]").split(",")] if value.startswith("[") else [value]
    values: Sequence[str]
    if key in ("tag", "tags"):
        values = post.tags
    elif key == "primary_tag":
        values = post.tags[:1]
    elif key in ("author", "authors"):
        values = post.authors
    elif key == "primary_author":
        values = post.authors[:1]
    elif key == "featured":
        values = ["true" if post.featured else "false"]
    else:
        return False
    hit = any(v in values for v in wanted)
    return hit != bool(negated)


def fill(pattern: str, post: Facts) -> str:
    """A Ghost permalink for ``post``, as Ghost fills it (a post with no primary tag
    is under ``all``, its date in the site's time zone)."""
    when = post.date
    values: Mapping[str, str] = {
        "id": post.id,
        "slug": post.slug,
        "year": f"{when.year:04d}" if when else "",
        "month": f"{when.month:02d}" if when else "",
        "day": f"{when.day:02d}" if when else "",
        "primary_tag": post.tags[0] if post.tags else "all",
        "primary_author": post.authors[0] if post.authors else "all",
    }
    url = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    return url if url.endswith("/") or "." in url.rsplit("/", 1)[-1] else url + "/"


def sitegen_pattern(pattern: str) -> str | None:
    """sitegen's permalink for a Ghost one, when every placeholder has a counterpart."""
    names = _PLACEHOLDER.findall(pattern)
    if any(name not in _SITEGEN for name in names):
        return None
    return _PLACEHOLDER.sub(lambda m: _SITEGEN[m.group(1)], pattern)


def busiest(patterns: Sequence[str]) -> str:
    """The pattern most posts had (the first collection's on a tie)."""
    counts: dict[str, int] = {}
    for pattern in patterns:
        counts[pattern] = counts.get(pattern, 0) + 1
    return max(counts, key=lambda p: (counts[p], -patterns.index(p))) if counts else DEFAULT
