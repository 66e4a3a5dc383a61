"""One WordPress post → the front matter of its article, and what did not fit.

WordPress's fields map onto sitegen's keys: the title, the date with the
offset the site had that day, the last change as ``updated``, the slug, the
author's login as an author key, the first category as ``section`` (an
article has one) and the others with the tags as ``tags``, the excerpt as
``summary``, the featured image as ``image`` and its alt text. A status other
than published becomes ``draft: true`` (or, for a scheduled post, its future
date, which sitegen builds when the time comes).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from sitegen.importer.wordpress.items import PostItem, Term
from sitegen.importer.wordpress.shortcodes import Attachment
from sitegen.slugs import slugify

PUBLISHED = "publish"
SCHEDULED = "future"
SKIPPED_STATUSES = {
    "trash": "in the trash",
    "auto-draft": "an automatic draft WordPress saved, never written",
    "inherit": "a revision",
}
DRAFT_STATUSES = {
    "draft": "",
    "pending": "pending review in WordPress: a draft here",
    "private": (
        "private in WordPress (only its editors saw it): a draft here, "
        "public only once you remove draft: true"
    ),
}
UNCATEGORIZED = "uncategorized"
"""WordPress's default category: a post in it has, in fact, no category."""
SUMMARY_META = (
    "_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description",
    "_aioseop_description", "_headspace_description", "_genesis_description",
    "_seopress_titles_desc", "_su_description", "_amt_description", "thesis_description",
)  # fmt: skip
"""SEO plugins' descriptions (Yoast, Rank Math, All in One SEO old and new, HeadSpace2,
The SEO Framework, SEOPress, SEO Ultimate, Add Meta Tags, Thesis): the summary when the
post has no excerpt, as search engines showed it."""
PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
"""The category Yoast or Rank Math was told is the post's main one (a term ID): the one
its breadcrumbs and category permalinks used, so the section."""


@dataclass(slots=True)
class Front:
    """Front matter being built, and the notes about it (export line, message)."""

    values: dict[str, object] = field(default_factory=dict)
    notes: list[tuple[int, str]] = field(default_factory=list)

    def note(self, item: PostItem, message: str) -> None:
        self.notes.append((item.line, message))


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (an excerpt, a bio), whitespace collapsed; the text
    of adjacent elements is joined by a space, as an excerpt's paragraphs read.
    A title is :func:`title_text`."""
    if "<" not in fragment:
        return " ".join(html.unescape(fragment).split())
    return " ".join(BeautifulSoup(fragment, "html.parser").get_text(" ").split())


_TITLE_MARKUP = frozenset(
    {
        "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn",
        "em", "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike",
        "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    }
)  # fmt: skip
"""Inline formatting a title may really hold (``<em>``, ``<code>``…): markup to take off."""
_TAG = re.compile(r"</?([A-Za-z][\w-]*)\b[^<>]*>")


def title_text(title: str) -> str:
    """A title as the reader saw it: inline formatting taken off, whitespace collapsed.

    WordPress titles may hold real markup (``<em>``, ``<sup>``), but old exporters
    wrote titles entity-escaped without CDATA, so ``Why <table> layouts are bad``
    arrives looking like markup. Only inline formatting is markup here; any other
    "tag" (``<table>``, ``<html>``, an unknown name) is text the reader saw."""

    def replace(found: re.Match[str]) -> str:
        name = found.group(1).lower()
        if name not in _TITLE_MARKUP:
            return found.group(0)
        return " " if name == "br" else ""

    return " ".join(html.unescape(_TAG.sub(replace, title)).split())


def post_title(item: PostItem, front: Front) -> str:
    """The title as text; a post without one gets one from its first words."""
    title = title_text(item.title)
    if title and title != " ".join(html.unescape(item.title).split()):
        front.note(item, f"title markup removed: {item.title.strip()!r} is {title!r}")
    if title:
        return title
    derived = derived_title(item)
    front.note(item, f"post has no title; it is titled {derived!r} now")
    return derived


def derived_title(item: PostItem) -> str:
    """A title for a post without one: its first words."""
    words = plain_text(item.content).split()
    derived = " ".join(words[:8]) + ("…" if len(words) > 8 else "") if words else ""
    return derived or f"Untitled post {item.id}"


def post_dates(item: PostItem, zone_name: str, front: Front) -> datetime | None:
    """``date`` (and ``updated``) with the offset the post was published at."""
    zone = ZoneInfo(zone_name)
    local = item.date or item.modified
    if local is None:
        return None
    offset = item.offset
    site_offset = zone.utcoffset(local)
    tz: tzinfo = zone
    if offset is not None and offset != site_offset:
        tz = timezone(offset)
        front.note(
            item,
            f"local date {item.date} is UTC{_hours(offset)} (wp:post_date_gmt "
            f"{item.date_gmt}), not UTC{_hours(site_offset)} of the site's timezone "
            f"{zone_name}: the date keeps its own offset",
        )
    date = local.replace(tzinfo=tz)
    front.values["date"] = date
    if item.modified_gmt is not None:
        updated = item.modified_gmt.replace(tzinfo=UTC).astimezone(tz)
        if updated - date >= timedelta(minutes=1):
            front.values["updated"] = updated
    return date


def _hours(offset: timedelta | None) -> str:
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def real_categories(item: PostItem, category_ids: Mapping[int, str]) -> list[Term]:
    """The post's categories other than Uncategorized, its main one first: the one an
    SEO plugin marks as primary, else the first (``category_ids``: term ID → slug)."""
    categories = [t for t in item.terms if t.domain == "category"]
    real = [c for c in categories if c.nicename.lower() != UNCATEGORIZED]
    primary = next((item.meta[k].strip() for k in PRIMARY_CATEGORY_META if item.meta.get(k)), "")
    slug = category_ids.get(int(primary), "") if primary.isdigit() else ""
    main = [c for c in real if slug and c.nicename == slug]
    return [*main, *(c for c in real if c not in main)]


def post_terms(item: PostItem, front: Front, category_ids: Mapping[int, str]) -> None:
    """Main category → ``section``; the others and the tags → ``tags``."""
    real = real_categories(item, category_ids)
    tags = [_term_name(t) for t in item.terms if t.domain == "post_tag"]
    if real:
        front.values["section"] = _term_name(real[0])
    if len(real) > 1:
        others = [_term_name(c) for c in real[1:]]
        tags = [*others, *tags]
        front.note(
            item,
            f"categories {', '.join(others)} are tags now (an article has one section: "
            f"{_term_name(real[0])})",
        )
    for term in item.terms:
        if term.domain not in ("category", "post_tag", "post_format"):
            tags.append(_term_name(term))
            front.note(item, f"{term.domain} {_term_name(term)!r} is a tag now")
    if tags:
        front.values["tags"] = list(dict.fromkeys(tags))
    formats = [
        t.nicename.removeprefix("post-format-") for t in item.terms if t.domain == "post_format"
    ]
    if formats:
        front.values["format"] = formats[0].removeprefix("post-format-")


def _term_name(term: Term) -> str:
    return html.unescape(term.name) or term.nicename


def post_summary(item: PostItem, front: Front) -> None:
    summary = plain_text(item.excerpt)
    if not summary:
        summary = next((plain_text(item.meta[k]) for k in SUMMARY_META if item.meta.get(k)), "")
    if summary:
        front.values["summary"] = summary


def featured_image(
    item: PostItem, title: str, attachments: Mapping[int, Attachment], front: Front
) -> None:
    """``_thumbnail_id`` → ``image`` at the file's old address, with its alt text."""
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    if not thumbnail:
        return
    attachment = attachments.get(int(thumbnail)) if thumbnail.isdigit() else None
    if attachment is None or not attachment.url:
        front.note(item, f"featured image {thumbnail} is not in the export; left out")
        return
    front.values["image"] = attachment.url
    alt = attachment.alt
    if not alt:
        alt = title_text(attachment.title) or title
        front.note(
            item,
            f"featured image {attachment.url} has no alt text; its title {alt!r} stands in",
        )
    front.values["image_alt"] = alt
    front.note(
        item,
        f"featured image stays at its old address {attachment.url} (the export holds no files)",
    )


def post_status(item: PostItem, front: Front) -> bool:
    """Set ``draft`` as the status says; False when the post is not imported at all."""
    status = item.status
    if status in SKIPPED_STATUSES:
        front.note(item, f"post {item.title.strip()!r} is {SKIPPED_STATUSES[status]}; not imported")
        return False
    if status in DRAFT_STATUSES:
        front.values["draft"] = True
        if DRAFT_STATUSES[status]:
            front.note(item, DRAFT_STATUSES[status])
    elif status not in (PUBLISHED, SCHEDULED):
        front.values["draft"] = True
        front.note(item, f"unknown status {status!r}: a draft here")
    if item.password:
        front.values["draft"] = True
        front.note(
            item,
            "password-protected in WordPress: a draft here (sitegen has no passwords; "
            "publish it only if it may be public)",
        )
    return True


def author_slug(login: str) -> str:
    """The site.yaml ``authors`` key of a WordPress login."""
    return slugify(html.unescape(login)) or login
