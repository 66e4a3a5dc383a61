"""An export's ``<item>`` as plain values: a post, a page, an attachment, a menu item.

Every kind of content is an ``<item>`` in WXR, told apart by
``wp:post_type``. Each is read into a :class:`PostItem` as soon as the parser
hands it over, so the XML tree of one item is all that is ever held.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sitegen.importer.wordpress.shortcodes import Attachment
from sitegen.importer.wordpress.wxr import Node

_NO_DATE = "0000-00-00 00:00:00"


@dataclass(frozen=True, slots=True)
class Term:
    """A ``<category domain=… nicename=…>Name</category>`` of an item."""

    domain: str
    nicename: str
    name: str


@dataclass(frozen=True, slots=True)
class PostItem:
    """One ``<item>`` of the export, of any post type."""

    id: int
    line: int
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    content_line: int
    excerpt: str
    post_name: str
    date: datetime | None
    """``wp:post_date``: the local time the site showed (naive)."""
    date_gmt: datetime | None
    """``wp:post_date_gmt`` (naive UTC); None for a draft never published."""
    modified: datetime | None
    modified_gmt: datetime | None
    password: str
    sticky: bool
    parent: int
    menu_order: int
    terms: tuple[Term, ...]
    meta: Mapping[str, str]
    """Each post meta key with its first non-empty value."""
    old_slugs: tuple[str, ...]
    """Every former slug (``_wp_old_slug``): WordPress keeps one row for each."""
    approved_comments: int
    attachment_url: str
    """``wp:attachment_url``: where an attachment's file is (attachments only)."""

    @property
    def offset(self) -> timedelta | None:
        """The site's UTC offset on this item's date, when both dates are known."""
        if self.date is None or self.date_gmt is None:
            return None
        seconds = round((self.date - self.date_gmt).total_seconds() / 60) * 60
        return timedelta(seconds=seconds)


def read_item(node: Node) -> PostItem:
    """The values of one ``<item>``; absent fields are empty, never an error."""
    content = node.find("content:encoded")
    title = node.find("title")
    return PostItem(
        id=_int(node.get("wp:post_id")),
        line=node.line,
        post_type=node.get("wp:post_type") or "post",
        status=node.get("wp:status") or "publish",
        title=title.text if title is not None else "",
        link=node.get("link"),
        guid=node.get("guid"),
        creator=node.get("dc:creator"),
        content=content.text if content is not None else "",
        content_line=(content.text_line or content.line) if content is not None else node.line,
        excerpt=node.get("excerpt:encoded"),
        post_name=node.get("wp:post_name"),
        date=_date(node.get("wp:post_date")),
        date_gmt=_date(node.get("wp:post_date_gmt")),
        modified=_date(node.get("wp:post_modified")),
        modified_gmt=_date(node.get("wp:post_modified_gmt")),
        password=node.get("wp:post_password"),
        sticky=node.get("wp:is_sticky") == "1",
        parent=_int(node.get("wp:post_parent")),
        menu_order=_int(node.get("wp:menu_order")),
        terms=_terms(node),
        meta=_meta(node),
        old_slugs=_meta_values(node, "_wp_old_slug"),
        approved_comments=sum(
            1 for c in node.all("wp:comment") if c.get("wp:comment_approved") == "1"
        ),
        attachment_url=node.get("wp:attachment_url"),
    )


def _meta(node: Node) -> dict[str, str]:
    """Each post meta key with its first non-empty value.

    A key may come several times. WordPress reads the first value
    (``get_post_meta(…, single: true)``), and the block editor leaves a second,
    empty ``footnotes`` row behind on some sites: the empty copy must not hide
    the real one, whichever comes first."""
    meta: dict[str, str] = {}
    for row in node.all("wp:postmeta"):
        key, value = row.get("wp:meta_key"), row.find("wp:meta_value")
        if key and value is not None and not meta.get(key, "").strip():
            meta[key] = value.text
    return meta


def _meta_values(node: Node, key: str) -> tuple[str, ...]:
    """Every non-empty value of a post meta key that may come several times."""
    values = (
        row.get("wp:meta_value") for row in node.all("wp:postmeta") if row.get("wp:meta_key") == key
    )
    return tuple(dict.fromkeys(value for value in values if value))


_DOMAINS = {"tag": "post_tag"}
"""WXR 1.0 called tags ``domain="tag"``."""


def _terms(node: Node) -> tuple[Term, ...]:
    """The item's categories and tags. WXR 1.0 lists each category twice, once
    without a domain: that copy counts only when no other names the same term."""
    terms = [
        Term(
            _DOMAINS.get(c.attrs["domain"], c.attrs["domain"]),
            c.attrs.get("nicename", ""),
            c.text.strip(),
        )
        for c in node.all("category")
        if c.attrs.get("domain")
    ]
    named = {t.name for t in terms}
    for bare in node.all("category"):
        if not bare.attrs.get("domain") and bare.text.strip() not in named:
            terms.append(Term("category", "", bare.text.strip()))
            named.add(bare.text.strip())
    return tuple(terms)


def read_attachment(item: PostItem) -> Attachment:
    """An attachment item as the file it stands for."""
    return Attachment(
        id=item.id,
        url=item.attachment_url or item.guid,
        title=item.title.strip(),
        alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
        caption=item.excerpt.strip(),
        parent=item.parent,
        order=item.menu_order,
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _date(text: str) -> datetime | None:
    if not text or text.startswith(_NO_DATE[:10]):
        return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return None
