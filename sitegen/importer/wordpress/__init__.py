"""``sitegen import wordpress EXPORT.xml DEST``: a WordPress export as a sitegen site.

Reads the WXR file once (``wxr.py``), then turns its posts into articles:
front matter (``posts.py``), content in WordPress's display order
(``body.py``: blocks or ``wpautop``, embeds, shortcodes, then markdown), old
URLs and the permalink pattern that keeps most of them (``permalinks.py``),
the site's timezone from the posts' two dates (``zones.py``). Pages become
pages without a date at their old address (``pages.py``), their content
converted as a post's. Menus, attachments and other kinds of item are not
articles: each is a note of the report. Nothing is written here; the shared
writer does that.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from sitegen.importer.model import ImportedArticle, ImportedSite, Note
from sitegen.importer.wordpress.body import PostContext, convert_body
from sitegen.importer.wordpress.elementor import ELEMENTOR_DATA, elementor_html
from sitegen.importer.wordpress.items import PostItem, read_attachment, read_item
from sitegen.importer.wordpress.links import SiteLinks, url_key
from sitegen.importer.wordpress.pages import page_places
from sitegen.importer.wordpress.permalinks import LinkShape, infer_pattern, old_urls, pattern_of
from sitegen.importer.wordpress.posts import (
    PUBLISHED,
    SCHEDULED,
    SKIPPED_STATUSES,
    Front,
    author_slug,
    derived_title,
    featured_image,
    post_dates,
    post_status,
    post_summary,
    post_terms,
    post_title,
    real_categories,
    title_text,
)
from sitegen.importer.wordpress.shortcodes import Attachment
from sitegen.importer.wordpress.site import (
    base_url,
    item_notes,
    site_authors,
    site_config,
    site_notes,
)
from sitegen.importer.wordpress.wxr import Channel, Node, read_wxr
from sitegen.importer.wordpress.zones import infer_zone
from sitegen.importer.write import RESERVED_SLUGS
from sitegen.slugs import slugify

__all__ = ["read_wordpress_export"]


@dataclass(slots=True)
class _Items:
    """The export's items by kind, as the parser hands them over."""

    posts: list[PostItem] = field(default_factory=list)
    pages: list[PostItem] = field(default_factory=list)
    others: list[PostItem] = field(default_factory=list)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    reusable: dict[int, str] = field(default_factory=dict)

    def add(self, node: Node) -> None:
        item = read_item(node)
        if item.post_type == "post":
            self.posts.append(item)
            return
        if item.post_type == "page":
            self.pages.append(item)
            return
        if item.post_type == "attachment":
            self.attachments[item.id] = read_attachment(item)
        elif item.post_type == "wp_block":
            self.reusable[item.id] = item.content
        self.others.append(replace(item, content=""))


def read_wordpress_export(path: Path) -> ImportedSite:
    """The sitegen site ``path`` (a WXR file) describes; SourceError if it is not one."""
    items = _Items()
    channel = read_wxr(path, items.add)
    origin = path.name
    notes: list[Note] = []
    samples = [
        (i.date, i.offset)
        for i in (*items.posts, *items.pages, *items.others)
        if i.date is not None and i.offset is not None
    ]
    zone, fits = infer_zone(samples)
    links = SiteLinks(base_url(channel))
    posts = _importable(items.posts, origin, notes)
    pages = _importable(items.pages, origin, notes)
    places = page_places(pages, links, origin, notes)
    urls = _old_urls(posts, links, origin, notes)
    page_urls = _old_urls(pages, links, origin, notes, "page_id")
    base_slugs = [_base_slug(post, links) for post in posts]
    categories = _category_ids(channel)
    shapes = [
        (post, _shape(post, slug, links, categories))
        for post, slug in zip(posts, base_slugs, strict=True)
        if post.status == PUBLISHED
    ]
    pattern = infer_pattern(shapes)
    own = _own_addresses(posts, base_slugs, urls, links, pattern[0], categories)
    top_pages = {
        p.slug: page for p, page in zip(places, pages, strict=True) if p.url.count("/") == 2
    }
    slugs = _unique_slugs(posts, base_slugs, pattern[0], origin, notes, top_pages)
    paths = _paths(posts, slugs)
    # pages first: at /{slug}/ WordPress answered a page before a post of the same slug
    links.targets = _link_targets(
        [*pages, *posts], [*(p.path for p in places), *paths], [*page_urls, *urls]
    )
    convert = _Converter(items, links, zone, origin, notes, categories)
    articles = [
        convert.article(post, slug, path, post_urls, address)
        for post, slug, path, post_urls, address in zip(posts, slugs, paths, urls, own, strict=True)
    ]
    articles.extend(
        convert.article(page, place.slug, place.path, old, place.url, page=True)
        for page, place, old in zip(pages, places, page_urls, strict=True)
    )
    notes.extend(site_notes(channel, links, (zone, fits, len(samples)), pattern, origin))
    notes.extend(item_notes(items.others, links, origin))
    config = site_config(channel, links, zone, pattern[0], site_authors(channel, [*posts, *pages]))
    if convert.math:
        config["markdown"] = {"math": True}
        message = (
            "posts write formulas in Jetpack's $latex ...$; the new site sets them as "
            "MathML (markdown.math: true)"
        )
        notes.append(Note(origin, 1, message))
    return ImportedSite(
        config=config,
        articles=tuple(a for a in articles if a is not None),
        notes=tuple(notes),
        source_name="WordPress",
    )


def _importable(posts: Sequence[PostItem], origin: str, notes: list[Note]) -> list[PostItem]:
    """The posts that become articles: not trashed, not automatic drafts or revisions."""
    kept = []
    for post in posts:
        reason = SKIPPED_STATUSES.get(post.status)
        if reason is None:
            kept.append(post)
            continue
        title = title_text(post.title) or f"post {post.id}"
        notes.append(Note(origin, post.line, f"{title!r} is {reason}; not imported"))
    return kept


def _base_slug(post: PostItem, links: SiteLinks) -> str:
    """``wp:post_name`` (empty for a draft): else the link's last part, the title, the ID."""
    candidates = [unquote(post.post_name).strip()]
    pretty = links.site_url(post.link) if post.link else None
    if pretty and "?" not in pretty:
        candidates.append(unquote(pretty.rstrip("/").rpartition("/")[2]))
    candidates.append(title_text(post.title) or derived_title(post))
    return next((slugify(c) for c in candidates if slugify(c)), f"post-{post.id}")


def _category_ids(channel: Channel) -> dict[int, str]:
    """Each category's term ID → its slug, as the channel's ``wp:category`` lists them."""
    ids = {}
    for node in channel.nodes:
        term_id = node.get("wp:term_id").strip()
        if node.tag == "wp:category" and term_id.isdigit():
            ids[int(term_id)] = node.get("wp:category_nicename").strip()
    return ids


def _shape(post: PostItem, slug: str, links: SiteLinks, ids: Mapping[int, str]) -> LinkShape:
    section = next((t.name for t in real_categories(post, ids)), "")
    path = links.site_url(post.link) if post.link else None
    return LinkShape(slug, slugify(html.unescape(section)), path or "")


def _own_addresses(
    posts: Sequence[PostItem],
    slugs: Sequence[str],
    urls: Sequence[tuple[str, ...]],
    links: SiteLinks,
    pattern: str,
    categories: Mapping[int, str],
) -> list[str]:
    """The old link of each published post whose link has another form than ``pattern``
    ("" for the others), in the order of ``posts``.

    Hierarchical categories give ``/%category%/%postname%/`` links such as
    ``/tech/python/a/`` and ``/life/travel/c/``: the pattern read from the first
    freezes ``tech`` in, and would move the second to ``/tech/travel/c/``, an address
    it never had. Such a post keeps its own old link as its ``url``."""
    own = []
    for post, slug, post_urls in zip(posts, slugs, urls, strict=True):
        form = (
            pattern_of(post, _shape(post, slug, links, categories))
            if post.status == PUBLISHED
            else None
        )
        pretty = post_urls[0] if post_urls and "?" not in post_urls[0] else ""
        own.append(pretty if form is not None and form != pattern and pretty else "")
    return own


def _old_urls(
    posts: Sequence[PostItem],
    links: SiteLinks,
    origin: str,
    notes: list[Note],
    id_query: str = "p",
) -> list[tuple[str, ...]]:
    """Each post's (or page's: ``id_query`` ``page_id``) old URLs, in the order of ``posts``.

    Merged or hand-edited exports repeat IDs (Pelican's test export has three
    items with ID 175). Every such post is imported, but ``/?p=ID`` can lead to
    one only: the first in the export keeps it, each other says so in a note."""
    first: dict[int, PostItem] = {}
    result = []
    for post in posts:
        urls = old_urls(post, links, id_query)
        owner = first.setdefault(post.id, post)
        if owner is not post and post.id:
            id_url = f"/?{id_query}={post.id}"
            urls = tuple(url for url in urls if url_key(url) != url_key(id_url))
            message = (
                f"wp:post_id {post.id} is also the ID of {title_text(owner.title)!r} "
                f"(line {owner.line}); both are imported, and {id_url} leads to that one"
            )
            notes.append(Note(origin, post.line, message))
        result.append(urls)
    return result


def _unique_slugs(
    posts: Sequence[PostItem],
    slugs: Sequence[str],
    pattern: str,
    origin: str,
    notes: list[Note],
    pages: Mapping[str, PostItem],
) -> list[str]:
    """One slug per post (WordPress's rule too), none that is one of sitegen's pages
    nor, when posts live at ``/{slug}/``, a top-level page's (``pages``: slug → page).

    ``slugs`` and the result are in the order of ``posts``: a post is its
    place in the export, never its ID, which exports do not always keep unique."""
    top_level = pattern.startswith("/{slug}/")
    order = sorted(
        range(len(posts)),
        key=lambda i: (posts[i].status != PUBLISHED, posts[i].date or _EPOCH, posts[i].id, i),
    )
    owners: dict[str, PostItem] = {}
    unique = list(slugs)
    for index in order:
        post = posts[index]
        slug = wanted = slugs[index]
        number = 1
        while slug in owners or (top_level and (slug in RESERVED_SLUGS or slug in pages)):
            number += 1
            slug = f"{wanted}-{number}"
        if slug != wanted:
            owner = owners.get(wanted)
            page = pages.get(wanted) if top_level else None
            why = (
                f"is also the slug of {title_text(owner.title)!r} (line {owner.line})"
                if owner is not None
                else f"is the address of page {title_text(page.title)!r} (line {page.line})"
                if page is not None
                else f"would put the article at /{wanted}/, a page of sitegen's own"
            )
            notes.append(Note(origin, post.line, f"slug {wanted!r} {why}; this post's is {slug!r}"))
        owners[slug] = post
        unique[index] = slug
    return unique


def _paths(posts: Sequence[PostItem], slugs: Sequence[str]) -> list[str]:
    """``content/posts/YEAR/SLUG.md``: a folder per year keeps large blogs browsable."""
    paths = []
    for post, slug in zip(posts, slugs, strict=True):
        when = post.date or post.modified
        folder = f"{when.year:04d}" if when is not None else "undated"
        paths.append(f"content/posts/{folder}/{slug}.md")
    return paths


def _link_targets(
    posts: Sequence[PostItem], paths: Sequence[str], urls: Sequence[tuple[str, ...]]
) -> dict[str, str]:
    """Old URL → file of every published post or page, for links between them."""
    targets: dict[str, str] = {}
    for post, path, post_urls in zip(posts, paths, urls, strict=True):
        if post.status == PUBLISHED and not post.password:
            for url in post_urls:
                targets.setdefault(url_key(url), path)
    return targets


_EPOCH = datetime(1970, 1, 1)


@dataclass(slots=True)
class _Converter:
    """Turns each post into an article, with what it needs from the whole export."""

    items: _Items
    links: SiteLinks
    zone: str
    origin: str
    notes: list[Note]
    categories: Mapping[int, str]
    """Term ID → category slug: which category an SEO plugin's primary one is."""
    children: dict[int, list[Attachment]] = field(default_factory=dict)
    math: bool = False
    """Some post holds Jetpack LaTeX (the site then turns ``markdown.math`` on)."""

    def __post_init__(self) -> None:
        for attachment in self.items.attachments.values():
            self.children.setdefault(attachment.parent, []).append(attachment)
        for group in self.children.values():
            group.sort(key=lambda a: (a.order, a.id))

    def article(
        self,
        post: PostItem,
        slug: str,
        path: str,
        urls: tuple[str, ...],
        own_url: str = "",
        page: bool = False,
    ) -> ImportedArticle | None:
        """The article of a post, or with ``page`` the undated page of a WordPress
        page at ``own_url``; None when a published post has no date at all."""
        front = Front()
        title = post_title(post, front)
        front.values["title"] = title
        if page:
            front.values["url"] = own_url
            date = None  # listed nowhere: no date, not even its last change, as WordPress showed it
        else:
            date = self._post_date(post, own_url, front)
            if date is None and post.status in (PUBLISHED, SCHEDULED):
                message = f"{title!r} has no date; not imported"
                self.notes.append(Note(self.origin, post.line, message))
                return None
        front.values["slug"] = slug
        if post.creator:
            front.values["author"] = author_slug(post.creator)
        post_terms(post, front, self.categories)
        post_summary(post, front)
        featured_image(post, title, self.items.attachments, front)
        post_status(post, front)
        if page and post.status == SCHEDULED:
            front.values["draft"] = True
            front.note(
                post,
                f"a page scheduled for {post.date} in WordPress: a draft here (a page has no "
                "date to go live on); remove draft: true to publish it",
            )
        self._other_notes(post, date, front)
        content = post.content
        if not content.strip() and post.meta.get(ELEMENTOR_DATA, "").strip():
            content = self._elementor(post, front)
        body = convert_body(content, post.content_line, self._context(post, path))
        if not body.markdown.strip():
            empty = "page" if page else "article"
            front.note(
                post, f"the {'page' if page else 'post'} has no content: the {empty} is empty"
            )
        self.math = self.math or body.math
        self.notes.extend(Note(self.origin, line, m) for line, m in (*front.notes, *body.notes))
        return ImportedArticle(
            path=path,
            front=_ordered(front.values),
            body=body.markdown,
            origin=self.origin,
            line=post.line,
            old_urls=urls,
        )

    def _post_date(self, post: PostItem, own_url: str, front: Front) -> datetime | None:
        """``date`` (and ``url`` when the post keeps a link of its own form)."""
        if own_url:
            front.values["url"] = own_url
            front.note(
                post,
                f"its link {own_url} is not what permalinks.article gives it (a category "
                "path of its own, a day in another time zone, a link without the date): "
                "it keeps it as its url",
            )
        date = post_dates(post, self.zone, front)
        if date is None and post.status not in (PUBLISHED, SCHEDULED):
            front.note(
                post,
                "never published, so WordPress gave it no date (0000-00-00): "
                "an undated draft here; give it a date before you publish it",
            )
        return date

    def _elementor(self, post: PostItem, front: Front) -> str:
        """The content of a post Elementor built, whose own content is empty."""
        page = elementor_html(post.meta[ELEMENTOR_DATA], self.items.attachments)
        if not page.readable:
            front.note(post, f"{ELEMENTOR_DATA} (Elementor's page) is not readable JSON; left out")
            return ""
        front.note(
            post,
            f"the content comes from Elementor's page data ({ELEMENTOR_DATA}): its text, "
            "headings, images and buttons in order; its layout is not carried over",
        )
        if page.skipped:
            front.note(post, f"Elementor widgets left out: {', '.join(page.skipped)}")
        return page.html

    def _context(self, post: PostItem, path: str) -> PostContext:
        return PostContext(
            attachments=self.items.attachments,
            children=self.children.get(post.id, []),
            reusable=self.items.reusable.get,
            links=self.links,
            article_path=path,
            footnotes=post.meta.get("footnotes", ""),
        )

    def _other_notes(self, post: PostItem, date: datetime | None, front: Front) -> None:
        if post.status == SCHEDULED and date is not None:
            front.note(
                post,
                f"scheduled for {date.isoformat()}: sitegen builds it from then on "
                "(sitegen schedule says when to rebuild)",
            )
        if post.sticky:
            front.values["sticky"] = True
            front.note(post, "sticky in WordPress: kept as sticky: true (page.params.sticky)")
        if post.approved_comments:
            count = post.approved_comments
            front.note(
                post,
                f"{count} comment{'s' if count != 1 else ''} not imported "
                "(sitegen keeps no comments; site.yaml comments: adds a comment service)",
            )


_ORDER = (
    "title", "date", "updated", "slug", "url", "author", "section", "tags", "summary", "image",
    "image_alt", "draft", "format", "sticky",
)  # fmt: skip


def _ordered(values: Mapping[str, object]) -> dict[str, object]:
    return {key: values[key] for key in _ORDER if key in values}
