"""Old URLs of each post, and the permalink pattern that keeps most of them.

WordPress answers a post at its pretty permalink (``<link>``, in the form of
the site's permalink settings: ``/2008/09/layout-test/``), at ``/?p=ID``
(the form every WordPress site understands, and the ``guid`` of most posts),
and at the URLs of its former slugs (``_wp_old_slug``). The export does not
say what the permalink settings were, so they are read back from the posts'
links: each link is matched against the post's date, slug and category, and
the form most links share becomes ``permalinks.article`` when sitegen can
say it, so those URLs stay exactly as they were. Every other old URL becomes
an alias (the writer's job).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from sitegen.importer.wordpress.items import PostItem
from sitegen.importer.wordpress.links import SiteLinks, url_key
from sitegen.urlpaths import normalize_url_path

DEFAULT_PATTERN = "/articles/{slug}/"


@dataclass(frozen=True, slots=True)
class LinkShape:
    """What one post's permalink says about the permalink settings."""

    slug: str
    section_slug: str
    link_path: str


def old_urls(item: PostItem, links: SiteLinks, id_query: str = "p") -> tuple[str, ...]:
    """Every URL the item answered at, relative to the old site, pretty one first."""
    urls: list[str] = []
    pretty = links.site_url(item.link) if item.link else None
    if pretty and "?" not in pretty and pretty != "/":
        urls.append(pretty)
        urls.extend(_old_slug_urls(item, pretty))
    if item.id:
        urls.append(f"/?{id_query}={item.id}")
    guid = links.site_url(item.guid) if item.guid else None
    if guid and (guid == f"/?{id_query}={item.id}" or ("?" not in guid and guid != "/")):
        urls.append(guid)
    by_key: dict[str, str] = {}
    for url in urls:
        by_key.setdefault(url_key(url), url)  # /a and /a/ are one URL
    return tuple(by_key.values())


def _old_slug_urls(item: PostItem, pretty: str) -> list[str]:
    """``/2008/09/new-slug/`` answered ``/2008/09/old-slug/`` too (``_wp_old_slug``),
    for each slug the post had before: a post renamed twice keeps both old URLs."""
    segments = pretty.rstrip("/").split("/")
    if not item.post_name or segments[-1] != item.post_name:
        return []
    return ["/".join([*segments[:-1], old]) + "/" for old in item.old_slugs]


def infer_pattern(shapes: Iterable[tuple[PostItem, LinkShape]]) -> tuple[str, int, int]:
    """The permalink pattern most posts' links follow: (pattern, posts it fits, posts).

    A link whose form sitegen cannot say (``/?p=12``, ``/archives/12``,
    ``/%hour%/``) counts against every pattern; with no fitting pattern the
    default stays."""
    counts: Counter[str] = Counter()
    total = 0
    for item, shape in shapes:
        total += 1
        pattern = pattern_of(item, shape)
        if pattern is not None:
            counts[pattern] += 1
    if not counts:
        return DEFAULT_PATTERN, 0, total
    pattern, fits = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return pattern, fits, total


def pattern_of(item: PostItem, shape: LinkShape) -> str | None:
    """The permalink form of one post's link, or None when sitegen cannot say it."""
    path = shape.link_path
    if not path or "?" in path or item.date is None:
        return None
    values = {
        "{year}": f"{item.date.year:04d}",
        "{month}": f"{item.date.month:02d}",
        "{day}": f"{item.date.day:02d}",
        "{slug}": shape.slug,
    }
    if shape.section_slug:
        values["{section}"] = shape.section_slug
    segments: list[str] = []
    for segment in normalize_url_path(path).strip("/").split("/"):
        text = unquote(segment).lower()
        name = next((k for k, v in values.items() if v == text and k not in segments), None)
        segments.append(name or segment)
    if "{slug}" not in segments or any("{" in s or "}" in s for s in segments if s[0] != "{"):
        return None
    return "/" + "/".join(segments) + "/"
