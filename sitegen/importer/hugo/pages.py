"""Each Hugo content file as Hugo sees it: dates, slug, title, whether it is
published, and the URLs it answered at.

This is Hugo's side of the import only: what sitegen makes of it is
``mapping.py``'s business. Dates follow Hugo's ``[frontmatter]`` handlers
(``date`` from ``date``, ``publishDate``, ``lastmod``… first found); ``cascade``
in an ``_index`` file gives its values to the pages below it, as Hugo does.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.content import Item
from sitegen.importer.hugo.frontmatter import (
    ContentFile,
    Front,
    FrontMatterError,
    aware,
    split_content,
    to_date,
)
from sitegen.importer.hugo.urls import HugoUrls, PageFacts
from sitegen.importer.model import Note

_LOOSE_FILENAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[-_ ]")


@dataclass(frozen=True, slots=True)
class HugoPage:
    """One content file of the default language, read as Hugo reads it."""

    item: Item
    front: Front
    """Its own front matter, with what ``cascade`` gave it."""
    body: str
    body_line: int
    title: str
    """As written; ``""`` when it has none."""
    slug: str
    """Front matter ``slug`` (or the file name's, with Hugo's ``:filename``); may be ``""``."""
    date: datetime | None
    """Hugo's ``.Date`` (None: Hugo had none)."""
    date_from: str
    """The front matter key (or ``:filename``) it came from; ``""`` for none."""
    publish_date: datetime | None
    lastmod: datetime | None
    """Only as written (``lastmod``/``modified``), not Hugo's fallback to ``date``."""
    expiry: datetime | None
    draft: bool
    rendered: bool
    """False for ``build.render: never`` and headless bundles: Hugo made no page."""
    listed: bool
    facts: PageFacts
    published: bool = False
    url: str = ""
    """The URL Hugo served (or would serve) it at; ``""`` when it renders no page."""
    aliases: tuple[str, ...] = ()
    cascaded: tuple[str, ...] = ()
    """Keys that came from an ``_index`` file's ``cascade``."""
    notes: tuple[Note, ...] = field(default=())

    @property
    def origin(self) -> str:
        return self.item.origin

    @property
    def is_branch(self) -> bool:
        return self.item.kind == "branch"

    @property
    def from_branch(self) -> bool:
        """An ``_index`` file imported as an article (``landings.section_articles``)."""
        return self.facts.kind == "section" and not self.is_branch

    def resource_file(self, name: str) -> str | None:
        """The file of the page resource front matter calls ``name``
        (``resources: [{name: featured-image, src: featured-image.jpg}]``): LoveIt's
        ``featuredImage`` and Hugo's ``figure`` name a resource so; None for none."""
        found = self.resource(name)
        return None if found is None else found[0]

    def resource(self, name: str) -> tuple[str, str] | None:
        """``(file, title)`` of the page resource front matter calls ``name``, its
        name first as written, then in any case (as ``.Resources.GetMatch`` finds
        it); None for none, and for a pattern (``src: "*.jpg"``)."""
        listed = self.front.get("resources")
        entries = [e for e in listed if isinstance(e, Mapping)] if isinstance(listed, list) else []
        for exact in (True, False):
            for entry in entries:
                source, given, title = entry.get("src"), entry.get("name"), entry.get("title")
                if not isinstance(source, str) or "*" in source or not isinstance(given, str):
                    continue
                if given == name or (not exact and given.lower() == name.lower()):
                    return source, title if isinstance(title, str) else ""
        return None

    def param(self, name: str) -> object:
        """``.Param``: the page's params (``params:`` included), dotted paths allowed."""
        for values in (self.front.get("params"), self.front):
            found = _dotted(values, name)
            if found is not None:
                return found
        return None


def read_pages(
    items: Sequence[Item], config: HugoConfig, now: datetime
) -> tuple[list[HugoPage], list[Note]]:
    """Every page and branch of ``items``; a file whose front matter is broken is a note."""
    notes: list[Note] = []
    parsed: list[tuple[Item, ContentFile]] = []
    for item in items:
        if item.kind not in ("page", "branch"):
            continue
        try:
            text = item.file.read_text(encoding="utf-8")
            parsed.append((item, split_content(text, item.origin)))
        except UnicodeDecodeError:
            notes.append(Note(item.origin, 1, "not imported: the file is not UTF-8 text"))
        except OSError as exc:
            notes.append(Note(item.origin, 1, f"not imported: cannot be read ({exc.strerror})"))
        except FrontMatterError as exc:
            notes.append(Note(item.origin, exc.line, f"not imported: {exc.message}"))
    sections = _section_dirs(i for i, _ in parsed)
    cascades = _cascades(parsed)
    titles = _section_titles(parsed)
    urls = HugoUrls(config)
    pages = [
        _read_page(item, content, config, urls, now, sections, cascades, titles)
        for item, content in parsed
    ]
    return pages, notes


def _read_page(
    item: Item,
    content: ContentFile,
    config: HugoConfig,
    urls: HugoUrls,
    now: datetime,
    sections: set[str],
    cascades: Mapping[str, Mapping[str, Any]],
    titles: Mapping[str, tuple[str, str]],
) -> HugoPage:
    front, cascaded = _with_cascade(content.front, item, cascades)
    zone = zoneinfo.ZoneInfo(config.timezone or "UTC")
    date, date_from, filename_slug = _date(front, item, config, "date", zone)
    publish, _, _ = _date(front, item, config, "publishdate", zone)
    expiry, _, _ = _date(front, item, config, "expirydate", zone)
    lastmod = next(
        (d for d in (to_date(front.get(k), zone) for k in ("lastmod", "modified")) if d), None
    )
    slug = _text(front.get("slug")) or filename_slug
    title = _text(front.get("title"))
    rendered, listed = _build_options(front)
    facts = _facts(item, front, slug, date, sections, titles)
    page = HugoPage(
        item, front, content.body, content.body_line, title, slug, date, date_from,
        publish or date, lastmod, expiry, _boolean(front.get("draft")), rendered, listed,
        facts, cascaded=cascaded,
    )  # fmt: skip
    return _with_urls(page, urls, now, zone, config)


def _facts(
    item: Item,
    front: Front,
    slug: str,
    date: datetime | None,
    sections: set[str],
    titles: Mapping[str, tuple[str, str]],
) -> PageFacts:
    """What Hugo's URL rules read of this file: a branch's folder is its section;
    a leaf bundle lives in its folder's parent."""
    branch = item.kind == "branch"
    if branch:
        directory, kind = item.folder, "section" if item.folder else "home"
    else:
        directory = item.bundle.rpartition("/")[0] if item.bundle else item.folder
        kind = "page"
    return PageFacts(
        kind=kind,
        dir=directory,
        base_name=item.base_name,
        section=directory.split("/")[0],
        sections=_sections_of(directory, sections),
        title=_text(front.get("title")),
        slug=slug,
        date=date,
        url=_text(front.get("url")),
        bundle=bool(item.bundle),
        section_titles=titles,
    )


def _with_urls(
    page: HugoPage, urls: HugoUrls, now: datetime, zone: zoneinfo.ZoneInfo, config: HugoConfig
) -> HugoPage:
    """The page with ``published``, its URL and its aliases' URLs. ``buildDrafts``,
    ``buildFuture`` and ``buildExpired`` made Hugo publish what it otherwise held back."""
    moment = page.publish_date
    future = moment is not None and aware(moment, zone) > now
    expired = page.expiry is not None and aware(page.expiry, zone) <= now
    held_back = (
        (page.draft and not config.flag("builddrafts"))
        or (future and not config.flag("buildfuture"))
        or (expired and not config.flag("buildexpired"))
    )
    published = not held_back and page.rendered
    if page.is_branch:
        url = urls.list_url(page.facts) if page.rendered else ""
        return replace(page, published=published, url=url)
    if not page.rendered:
        return replace(page, published=False)
    url = urls.page_url(page.facts)
    if url.endswith("/index.html"):  # content/index.md: Hugo's link drops the name
        url = url.removesuffix("index.html")
    aliases: list[str] = []
    notes: list[Note] = []
    for alias in (str(a) for a in _as_list(page.front.get("aliases")) if str(a).strip()):
        found = urls.alias_url(alias, url, page.facts.section)
        if found is None:
            message = f"alias {alias} is not an address on the site (Hugo refused it): left out"
            notes.append(Note(page.origin, page.front.line("aliases"), message))
        elif found not in aliases:
            aliases.append(found)
    return replace(page, published=published, url=url, aliases=tuple(aliases), notes=tuple(notes))


def _date(
    front: Front, item: Item, config: HugoConfig, which: str, zone: zoneinfo.ZoneInfo
) -> tuple[datetime | None, str, str]:
    """(date, where it came from, slug from the file name) by Hugo's handlers."""
    for source in config.date_sources(which):
        if source == ":filename":
            found, slug = filename_date(item.base_name)
            if found is not None:
                return found, source, "" if front.has("slug") else slug
            continue
        if source.startswith(":"):
            continue  # :git, :fileModTime: not reproducible from the files alone
        value = to_date(front.get(source), zone)
        if value is not None:
            return value, front.written(source), ""
    return None, "", ""


def filename_date(name: str) -> tuple[datetime | None, str]:
    """Hugo's ``:filename``: ``2018-02-22-mypage`` → (2018-02-22, ``mypage``)."""
    if len(name) < 10:
        return None, ""
    try:
        found = datetime.strptime(name[:10], "%Y-%m-%d")
    except ValueError:
        return None, ""
    return found, name[10:].strip(" -_")


def loose_filename_date(name: str) -> datetime | None:
    """A date a file name starts with, Jekyll-style (``2015-6-4-x``), for a fallback."""
    match = _LOOSE_FILENAME_DATE.match(name)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _build_options(front: Front) -> tuple[bool, bool]:
    """(rendered, listed) from ``build``/``_build`` and ``headless``."""
    if _boolean(front.get("headless")):
        return False, False
    options = front.get("build") if isinstance(front.get("build"), Mapping) else front.get("_build")
    if not isinstance(options, Mapping):
        return True, True
    lowered = {str(k).lower(): v for k, v in options.items()}
    render = lowered.get("render", "always")
    listed = lowered.get("list", "always")
    rendered = not (render is False or str(render).lower() in ("never", "false"))
    return rendered, not (listed is False or str(listed).lower() in ("never", "false"))


def _section_dirs(items: Iterable[Item]) -> set[str]:
    """Hugo's sections: every first-level folder, and deeper ones with an ``_index``."""
    dirs: set[str] = set()
    for item in items:
        folder = item.bundle.rpartition("/")[0] if item.bundle else item.folder
        if folder:
            dirs.add(folder.split("/")[0])
        if item.kind == "branch" and item.folder:
            dirs.add(item.folder)
    return dirs


def _sections_of(directory: str, sections: set[str]) -> tuple[str, ...]:
    parts = directory.split("/") if directory else []
    for depth in range(len(parts), 0, -1):
        if "/".join(parts[:depth]) in sections:
            return tuple(parts[:depth])
    return ()


def _section_titles(parsed: Sequence[tuple[Item, ContentFile]]) -> dict[str, tuple[str, str]]:
    return {
        item.folder: (_text(c.front.get("slug")), _text(c.front.get("title")))
        for item, c in parsed
        if item.kind == "branch"
    }


def _cascades(parsed: Sequence[tuple[Item, ContentFile]]) -> dict[str, Mapping[str, Any]]:
    """Folder → the values its ``_index`` cascades to the pages below it."""
    found: dict[str, Mapping[str, Any]] = {}
    for item, content in parsed:
        value = content.front.get("cascade")
        if item.kind != "branch" or value is None:
            continue
        entries = value if isinstance(value, list) else [value]
        merged: dict[str, Any] = {}
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            target = entry.get("_target") or entry.get("target")
            kind = str(target.get("kind", "page")) if isinstance(target, Mapping) else "page"
            if kind.lower() != "page" or (isinstance(target, Mapping) and target.get("path")):
                continue
            for key, v in entry.items():
                if key not in ("_target", "target"):
                    merged.setdefault(key, v)
        found[item.folder] = merged
    return found


def _with_cascade(
    front: Front, item: Item, cascades: Mapping[str, Mapping[str, Any]]
) -> tuple[Front, tuple[str, ...]]:
    if item.kind == "branch" and not item.folder:
        return front, ()
    folder = item.bundle or item.folder
    values = dict(front.values)
    added: list[str] = []
    parts = folder.split("/") if folder else []
    start = len(parts) - (1 if item.kind == "branch" else 0)
    for depth in range(start, -1, -1):
        for key, value in cascades.get("/".join(parts[:depth]), {}).items():
            if not front.has(key) and key.lower() not in {k.lower() for k in added}:
                values[key] = value
                added.append(key)
    if not added:
        return front, ()
    return Front.of(values, front.kind, front.lines), tuple(added)


def _dotted(values: object, name: str) -> object:
    current = values
    for part in name.split("."):
        if isinstance(current, Front):
            current = current.get(part)
        elif isinstance(current, Mapping):
            lowered = {str(k).lower(): v for k, v in current.items()}
            current = lowered.get(part.lower())
        else:
            return None
        if current is None:
            return None
    return current


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def _boolean(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return value is True


def _as_list(value: object) -> list[object]:
    if isinstance(value, list | tuple):
        return list(value)
    return [value] if isinstance(value, str) else []


def clock(now: datetime | None) -> datetime:
    """``now`` made aware, UTC when it is None."""
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)
