"""sitegen's permalink pattern for an imported Hugo site, and each article's slug.

URLs stay as they were where sitegen can say them: the Hugo pattern most
articles were published under (``/:year/:month/:day/:slug/``, or Hugo's
default ``/post/:slug/`` for one folder) becomes ``permalinks.article``
(``/{year}/{month}/{day}/{slug}/``), and each article gets the ``slug`` that
makes its URL the old one. A pattern sitegen cannot say (``:monthname``,
several folders) leaves sitegen's default; aliases then carry the old URLs.
Either way the writer turns every old URL that differs into an alias.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, time

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.hugo.pages import HugoPage
from sitegen.importer.hugo.urls import HugoUrls
from sitegen.importer.write import SITEGEN_FOLDERS, SITEGEN_PAGES
from sitegen.slugs import article_slug, slug_of_name
from sitegen.urlpaths import normalize_url_path

DEFAULT_PATTERN = "/articles/{slug}/"
_DATES = {"year": "{year}", "month": "{month}", "day": "{day}"}
_SLUGS = frozenset(
    {"slug", "slugorfilename", "slugorcontentbasename", "filename", "contentbasename", "title"}
)
_TOKEN = re.compile(r":(\w+)(\[.+?\])?")
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE_NAME = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


@dataclass(frozen=True, slots=True)
class Plan:
    """The article pattern for site.yaml, and what each article needs to keep its URL."""

    pattern: str
    slugs: dict[str, str]
    """Article origin → the slug to write (absent: sitegen's own from the file name)."""
    urls: dict[str, str]
    """Article origin → its own ``url``, for articles the pattern does not place where
    Hugo had them (another section's, a front matter ``url``)."""
    kept: bool
    """True when the pattern is the Hugo site's own."""


def plan_urls(
    pages: Sequence[HugoPage],
    config: HugoConfig,
    dest_stems: Mapping[str, str],
    dates: Mapping[str, object],
    undated: AbstractSet[str] = frozenset(),
) -> Plan:
    """The plan for the articles ``pages``; ``dest_stems``: origin → the name sitegen
    derives a slug from (file stem, or bundle folder); ``dates``: origin → the date
    the article gets (URLs with ``{year}`` depend on it); ``undated``: the origins of
    pages without a date, which keep their old URL (a pattern's ``{year}`` would
    put them in 1970) and have no say in the pattern."""
    urls = HugoUrls(config)
    groups: Counter[str] = Counter()
    hugo_patterns: dict[str, str] = {}
    for page in pages:
        if page.facts.url or page.origin in undated:
            continue
        rule = urls.rule_for(page.facts)
        key = rule.pattern if rule else f"default:{_dated_folder(page)}"
        hugo_patterns[page.origin] = key
        groups[key] += 1
    pattern, token, dominant = None, "", ""
    if groups:
        dominant, _ = max(groups.items(), key=lambda item: (item[1], item[0]))
        members = [p for p in pages if hugo_patterns.get(p.origin) == dominant]
        pattern, token = _translate(dominant, members, config, urls)
    slugs: dict[str, str] = {}
    pinned: dict[str, str] = {}
    for page in pages:
        in_plan = pattern is not None and hugo_patterns.get(page.origin) == dominant
        own = _own_url(page) if page.url else ""
        free = pinnable(own) and own not in pinned.values()
        fixed = page.facts.url or page.origin in undated
        if (fixed or (pattern is not None and not in_plan)) and free:
            pinned[page.origin] = own
            continue
        wanted = _slug(page, urls, token if in_plan else "")
        if wanted and not _one_segment(wanted):  # Hugo's slug held a "/"
            if free:
                pinned[page.origin] = own  # its URL stays
                continue
            wanted = article_slug(wanted.replace("/", "-"))
        if wanted and _needs_slug(wanted, dest_stems.get(page.origin, "")):
            slugs[page.origin] = wanted
    for page in pages:  # sitegen needs a slug even where `url` fixes the address
        if page.origin not in slugs and not slug_of_name(dest_stems.get(page.origin, "")):
            named = (article_slug(t) for t in (page.title, page.item.base_name))
            slugs[page.origin] = next((s for s in named if s), "article")
    final = pattern or DEFAULT_PATTERN
    _settle(pages, slugs, pinned, dest_stems, dates, final, config, pattern is not None, undated)
    return Plan(final, slugs, pinned, pattern is not None)


def taken_by_sitegen(url: str) -> bool:
    """Whether ``url`` is one of sitegen's own pages (its search page, tag pages…):
    an article there would take its place, which a build refuses."""
    return url in SITEGEN_PAGES or url.startswith((*SITEGEN_FOLDERS, "/pagefind/"))


def pinnable(url: str) -> bool:
    """Whether an article can be given ``url`` as its own address: not one of
    sitegen's pages, nor an address with a query (``/?p=12``), which no host serves
    a page at: that one is an alias. A folder whose name has a dot
    (``/releases/v1.2/``) is fine: sitegen's ``url`` keeps the slash it is written
    with and makes it a folder."""
    return bool(url) and "?" not in url and not taken_by_sitegen(url)


def _own_url(page: HugoPage) -> str:
    """The URL to pin: Hugo's, pretty when ``uglyURLs`` made it a file (the ``.html``
    one stays an old URL, so an alias); a front matter ``url`` exactly as Hugo had it."""
    url = page.url
    if url.endswith(".html") and not page.facts.url:
        url = url.removesuffix(".html") + "/"
    path = normalize_url_path(url)  # "/.html" of a page with no name at all is "/"
    return path + "/" if url.endswith("/") and not path.endswith("/") else path


def _translate(
    key: str, members: Sequence[HugoPage], config: HugoConfig, urls: HugoUrls
) -> tuple[str | None, str]:
    """(sitegen pattern, the Hugo token that gives the slug), or (None, "")."""
    prefix = config.language_prefix
    if key.startswith("default:"):
        folder = key.removeprefix("default:")
        path = "/".join(
            _FOLDER_DATES.get(part) or urls.make_path(part) for part in folder.split("/") if part
        )
        return _valid(f"{prefix}/{path}/{{slug}}/" if path else f"{prefix}/{{slug}}/"), "default"
    out: list[str] = []
    position = 0
    token = ""
    sections = {p.facts.section for p in members}
    for match in _TOKEN.finditer(key):
        out.append(urls.make_path(key[position : match.start()]))
        name = match.group(1)
        if name in _DATES and not match.group(2):
            out.append(_DATES[name])
        elif name in _SLUGS and not token and not match.group(2):
            out.append("{slug}")
            token = name
        elif name == "section" and len(sections) == 1:
            out.append(urls.make_path(next(iter(sections))))
        else:
            return None, ""
        position = match.end()
    out.append(urls.make_path(key[position:]))
    path = "/" + "".join(out).strip("/") + "/"
    return (_valid(prefix + path), token) if token else (None, "")


_FOLDER_DATES = {":year": "{year}", ":month": "{month}"}


def _dated_folder(page: HugoPage) -> str:
    """The page's folder, its year's folder as ``:year`` and a month's folder right
    below it as ``:month`` when they are the page's own (``blog/2025/03/`` holding
    March 2025's posts): the articles of every month then share one pattern,
    ``/blog/{year}/{month}/{slug}/``, not the month of one folder that every later
    article would be filed under."""
    folder = page.facts.dir
    if page.date is None:
        return folder
    year, month = f"{page.date.year:04d}", f"{page.date.month:02d}"
    parts: list[str] = []
    for part in folder.split("/"):
        if part == year and ":year" not in parts:
            parts.append(":year")
        elif part == month and parts[-1:] == [":year"]:
            parts.append(":month")
        else:
            parts.append(part)
    return "/".join(parts)


def _valid(pattern: str) -> str | None:
    cleaned = re.sub(r"/{2,}", "/", pattern)
    if ".." in cleaned.split("/") or "\\" in cleaned:
        return None
    return cleaned if "{slug}" in cleaned else None


def _slug(page: HugoPage, urls: HugoUrls, token: str) -> str:
    """The slug that gives ``page`` its old URL under the plan, else Hugo's slug."""
    facts = page.facts
    if token == "default":
        return urls.make_path(facts.slug or facts.base_name)
    if token:
        return urls.expand(f":{token}", facts)
    return urls.make_path(facts.slug) if facts.slug else ""


def _one_segment(slug: str) -> bool:
    """Whether sitegen can take ``slug`` as written: one URL segment with a letter."""
    return "/" not in slug and "\\" not in slug and bool(article_slug(slug))


def _needs_slug(wanted: str, stem: str) -> bool:
    """Whether sitegen's slug from the file name could differ from ``wanted``."""
    if _DATE_NAME.match(stem):
        return True
    return not (wanted == stem and _PLAIN_SLUG.fullmatch(stem))


def _settle(
    pages: Sequence[HugoPage],
    slugs: dict[str, str],
    pinned: dict[str, str],
    stems: Mapping[str, str],
    dates: Mapping[str, object],
    pattern: str,
    config: HugoConfig,
    keep: bool,
    undated: AbstractSet[str],
) -> None:
    """Check each article's URL under the pattern as sitegen will make it.

    With the Hugo site's own pattern (``keep``), one that is not its old URL
    after all (its date falls on another day in the site's timezone, sitegen
    writes its slug otherwise) keeps the old one with ``url``. One that would
    share another's URL, or one of sitegen's own pages, gets a ``-2`` slug. A
    page without a date whose old URL is taken (``/tags/x/``) is at ``/{slug}/``.
    """
    zone = zoneinfo.ZoneInfo(config.timezone or "UTC")
    taken: set[str] = set(pinned.values())
    for page in sorted(pages, key=lambda p: p.origin):
        if page.origin in pinned:
            continue
        written = slugs.get(page.origin)
        slug = article_slug(written) if written else slug_of_name(stems.get(page.origin, ""))
        if page.origin in undated:  # its old URL was not free
            pinned[page.origin] = _free_page_url(slug, taken)
            taken.add(pinned[page.origin])
            continue
        moment = _moment(dates.get(page.origin), zone)
        url = _expand(pattern, slug, moment)
        old = _own_url(page) if page.url else ""
        if keep and pinnable(old) and url != old and old not in taken:
            pinned[page.origin] = old
            taken.add(old)
            continue
        base, number = slug, 1
        while url in taken or taken_by_sitegen(url):
            number += 1
            slug = f"{base}-{number}"
            url = _expand(pattern, slug, moment)
        if number > 1:
            slugs[page.origin] = slug
        taken.add(url)


def _free_page_url(slug: str, taken: AbstractSet[str]) -> str:
    """``/{slug}/``, else ``/{slug}-2/``…: the first that is neither another
    article's URL nor one of sitegen's own pages."""
    url, number = f"/{slug}/", 1
    while url in taken or taken_by_sitegen(url):
        number += 1
        url = f"/{slug}-{number}/"
    return url


def _moment(value: object, zone: zoneinfo.ZoneInfo) -> datetime:
    """The date as sitegen reads it: a value without a zone is in the site's."""
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else value
    if isinstance(value, date):
        return datetime.combine(value, time())
    return datetime(1970, 1, 1)


def _expand(pattern: str, slug: str, moment: datetime) -> str:
    """sitegen's URL for ``pattern`` (``site/urls.py``'s rules, without a section)."""
    url = pattern.format(
        year=f"{moment.year:04d}", month=f"{moment.month:02d}", day=f"{moment.day:02d}",
        slug=slug, section="",
    )  # fmt: skip
    path = normalize_url_path(url)
    return path if path.endswith("/") else path + "/"
