"""Where each WordPress page (About, Contact) lives in the new site.

sitegen builds a file without a date as a page: at its URL, found by search,
listed nowhere, as WordPress showed a page. So a page keeps the address it
had, its parents' slugs included (``/about/team/``), as its ``url``; its other
old URLs (``/?page_id=2``, a former slug's) become aliases like a post's. The
file is written at the top of ``content/``, where sitegen expects a page and
does not warn that a date may have been forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from sitegen.importer.model import Note
from sitegen.importer.wordpress.items import PostItem
from sitegen.importer.wordpress.links import SiteLinks
from sitegen.importer.wordpress.posts import title_text
from sitegen.importer.write import RESERVED_SLUGS
from sitegen.slugs import NAME_DATE, slugify
from sitegen.urlpaths import normalize_url_path


@dataclass(frozen=True, slots=True)
class PagePlace:
    """A page's address and file in the new site."""

    url: str
    """``/about/team/``: the page's old permalink where it had one."""
    path: str
    """``content/about-team.md``."""
    slug: str
    """The page's own slug, the last part of its address (``team``)."""


def page_places(
    pages: Sequence[PostItem], links: SiteLinks, origin: str, notes: list[Note]
) -> list[PagePlace]:
    """Each page's address and file, in the order of ``pages``; no two alike."""
    by_id = {page.id: page for page in reversed(pages) if page.id}
    owners: dict[str, PostItem] = {}
    names: set[str] = set()
    places = []
    for page in pages:
        url = _unique_url(page, _address(page, by_id, links, origin, notes), owners, origin, notes)
        owners[url] = page
        segments = url.strip("/").split("/")
        places.append(PagePlace(url, _file(segments, page, names), segments[-1]))
    return places


def _address(
    page: PostItem, by_id: Mapping[int, PostItem], links: SiteLinks, origin: str, notes: list[Note]
) -> str:
    """The page's pretty permalink; without one (a draft, plain ``?page_id=`` links),
    its parents' slugs and its own, as WordPress would have made it."""
    pretty = links.site_url(page.link) if page.link else None
    if pretty and "?" not in pretty and normalize_url_path(pretty) != "/":
        return normalize_url_path(unquote(pretty))
    chain = [_own_slug(page)]
    seen = {page.id}
    parent = by_id.get(page.parent)
    while parent is not None and parent.id not in seen:
        chain.insert(0, _own_slug(parent))
        seen.add(parent.id)
        parent = by_id.get(parent.parent)
    url = "/" + "/".join(chain) + "/"
    if pretty == "/":
        message = (
            f"page {title_text(page.title)!r} was the site's front page (at /); sitegen's home "
            f"page lists the articles, so this page is at {url}"
        )
        notes.append(Note(origin, page.line, message))
    return url


def _own_slug(page: PostItem) -> str:
    for text in (unquote(page.post_name).strip(), title_text(page.title)):
        if slugify(text):
            return slugify(text)
    return f"page-{page.id}"


def _unique_url(
    page: PostItem, url: str, owners: Mapping[str, PostItem], origin: str, notes: list[Note]
) -> str:
    """``url``, unless it starts with one of sitegen's own folders (``/tags/``) or an
    earlier page has it (merged exports repeat pages): then the part in the way
    gets ``-2`` (a note), as a post's slug does."""
    segments = url.strip("/").split("/")
    index = 0 if segments[0] in RESERVED_SLUGS else len(segments) - 1
    wanted, number = segments[index], 1
    while segments[0] in RESERVED_SLUGS or "/" + "/".join(segments) + "/" in owners:
        number += 1
        segments[index] = f"{wanted}-{number}"
    new = "/" + "/".join(segments) + "/"
    if new != url:
        owner = owners.get(url)
        why = (
            f"is also the address of page {title_text(owner.title)!r} (line {owner.line})"
            if owner is not None
            else "is in a folder of sitegen's own pages"
        )
        notes.append(Note(origin, page.line, f"page address {url} {why}; this page is at {new}"))
    return new


def _file(segments: Sequence[str], page: PostItem, names: set[str]) -> str:
    """``content/about-team.md``: the address's parts joined, unique among pages.
    A name starting with a date (``2024-03-04-…``) would date the page: it gets
    ``page-`` first."""
    stem = "-".join(filter(None, map(slugify, segments))) or f"page-{page.id}"
    if NAME_DATE.match(stem):
        stem = f"page-{stem}"
    name, number = stem, 1
    while name in names:
        number += 1
        name = f"{stem}-{number}"
    names.add(name)
    return f"content/{name}.md"
