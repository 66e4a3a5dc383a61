"""The export's channel → site.yaml, and the notes about what is not an article.

site.yaml gets only keys sitegen knows (an unknown key is an error there):
the title, the blog's address (its path is the sub-path the site lives
under), the language, the timezone read from the posts' dates, the
permalink pattern read from their links, and the authors (login → slug, the
display name; never the e-mail address). The rest (the tagline,
menus, attachments, reusable blocks, other kinds of content) is reported.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from sitegen.importer.model import Note
from sitegen.importer.wordpress.items import PostItem
from sitegen.importer.wordpress.links import SiteLinks
from sitegen.importer.wordpress.permalinks import DEFAULT_PATTERN, old_urls
from sitegen.importer.wordpress.posts import author_slug, plain_text, title_text
from sitegen.importer.wordpress.wxr import Channel

AUTHOR_TAGS = frozenset({"wp:author", "wp:wp_author"})
"""The channel's author element, as WordPress and older WordPress.com exports name it."""

_KIND_WORDS = {
    "nav_menu_item": "navigation item",
    "attachment": "attachment",
    "wp_block": "reusable block",
}


def site_config(
    channel: Channel,
    links: SiteLinks,
    zone: str,
    pattern: str,
    authors: Mapping[str, Mapping[str, str]],
) -> dict[str, object]:
    """site.yaml, in SPEC order, with only what the export says."""
    config: dict[str, object] = {}
    title = title_text(channel.fields.get("title", ""))
    if title:
        config["title"] = title
    if links.base_url:
        config["base_url"] = links.base_url
    language = channel.fields.get("language", "").split("-")[0].split("_")[0].lower()
    if language.isalpha():
        config["language"] = language
    config["timezone"] = zone
    if pattern != DEFAULT_PATTERN:
        config["permalinks"] = {"article": pattern}
    if authors:
        config["authors"] = {slug: dict(info) for slug, info in sorted(authors.items())}
    return config


def base_url(channel: Channel) -> str:
    """The blog's address with a closing slash (``wp:base_blog_url``, else ``link``)."""
    url = channel.fields.get("wp:base_blog_url") or channel.fields.get("link", "")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def site_authors(channel: Channel, posts: Sequence[PostItem]) -> dict[str, dict[str, str]]:
    """``authors`` of site.yaml: every ``wp:author``, and any other post author.

    Older WordPress.com exports call the element ``wp:wp_author``, with the same
    fields inside; both are read, or those sites' display names are lost."""
    authors: dict[str, dict[str, str]] = {}
    for node in channel.nodes:
        if node.tag not in AUTHOR_TAGS or not node.get("wp:author_login"):
            continue
        login = node.get("wp:author_login")
        full = " ".join(
            n for n in (node.get("wp:author_first_name"), node.get("wp:author_last_name")) if n
        )
        info = {"name": html.unescape(node.get("wp:author_display_name") or full or login)}
        bio = plain_text(node.get("wp:author_description"))
        if bio:
            info["bio"] = bio
        authors[author_slug(login)] = info
    for post in posts:
        if post.creator and author_slug(post.creator) not in authors:
            authors[author_slug(post.creator)] = {"name": html.unescape(post.creator)}
    return authors


def site_notes(
    channel: Channel,
    links: SiteLinks,
    zone: tuple[str, int, int],
    pattern: tuple[str, int, int],
    origin: str,
) -> list[Note]:
    """What the reader of the report should know about the whole site."""
    notes: list[Note] = []
    name, fits, dates = zone
    if dates:
        notes.append(Note(origin, 1, _zone_message(name, fits, dates)))
    chosen, matched, published = pattern
    if published:
        notes.append(Note(origin, 1, _pattern_message(chosen, matched, published)))
    description = plain_text(channel.fields.get("description", ""))
    if description:
        notes.append(
            Note(
                origin,
                1,
                f"the site's tagline {description!r} has no site.yaml key; "
                "put it in your templates if you show it",
            )
        )
    if channel.controls:
        notes.append(
            Note(
                origin,
                1,
                f"{channel.controls} control characters (invalid in XML, pasted in with "
                "text) were taken out",
            )
        )
    if not links.base_url:
        notes.append(Note(origin, 1, "the export gives no address for the blog; set base_url"))
    if links.remote:
        notes.append(
            Note(
                origin,
                1,
                f"{links.remote} links and images still point at the old site "
                f"({links.base_url}): files in wp-content/uploads, pages, archives. "
                "The export holds no files; they work as long as the old site answers",
            )
        )
    return notes


def _zone_message(name: str, fits: int, dates: int) -> str:
    message = (
        f"timezone {name}: WordPress does not export its timezone; this one fits the "
        f"offset between local and UTC dates of {fits} of {dates} items"
    )
    if fits < dates:
        message += " (each article keeps its own offset)"
    return message + "; change it in site.yaml if the site used another"


def _pattern_message(pattern: str, matched: int, published: int) -> str:
    if matched == 0:
        return (
            f"no published post's link has a form sitegen can keep; articles live at "
            f"{pattern} and every old URL is an alias"
        )
    return (
        f"permalinks.article {pattern}: the form of {matched} of {published} published "
        "posts' links, which keep their URL; the others keep theirs as their own url "
        "when sitegen can say its form (a note each), else their old URLs are aliases"
    )


def item_notes(items: Iterable[PostItem], links: SiteLinks, origin: str) -> list[Note]:
    """One note for each item that is neither a post nor a page (a menu item, an attachment…)."""
    notes = []
    for item in items:
        if item.status in ("trash", "auto-draft", "inherit") and item.post_type != "attachment":
            continue
        notes.append(Note(origin, item.line, _item_message(item, links)))
    return notes


def _item_message(item: PostItem, links: SiteLinks) -> str:
    kind = _KIND_WORDS.get(item.post_type, f"{item.post_type} item")
    title = title_text(item.title)
    named = f"{kind} {title!r}" if title else f"{kind} {item.id}"
    if item.post_type == "attachment":
        return (
            f"{named} is a file the export does not hold; it stays at "
            f"{item.attachment_url or item.guid}"
        )
    if item.post_type == "nav_menu_item":
        return f"{named} ({_menu_target(item)}) is not imported: write the menu in your templates"
    if item.post_type == "wp_block":
        return f"{named} is not an article; posts that use it get its content"
    urls = old_urls(item, links)
    where = f" ({', '.join(urls)})" if urls else ""
    return (
        f"{named}{where} is not imported: sitegen makes articles and pages only; "
        "its old URLs do not answer"
    )


def _menu_target(item: PostItem) -> str:
    menus = [plain_text(t.name) for t in item.terms if t.domain == "nav_menu"]
    target = item.meta.get("_menu_item_url", "")
    if not target:
        kind = item.meta.get("_menu_item_object", "item")
        target = f"{kind} {item.meta.get('_menu_item_object_id', '')}".strip()
    return f"menu {', '.join(menus) or '?'}, links to {target}"
