"""``sitegen import ghost EXPORT DEST``: a Ghost site's export as a sitegen site.

Ghost (Admin → Settings → Import/Export) exports its database as one JSON
file: posts with the HTML its editor rendered, tags, authors, the links
between them, and the settings. EXPORT is that file, or a folder holding it
and Ghost's ``content/images`` (a backup, or the export beside a copy of the
server's ``content`` folder): then every image the posts show is copied into
the new site, where sitegen serves it in modern formats and sizes; without
it they stay on the old site's address.

Posts keep Ghost's address (``/{slug}/``, Ghost's default route), so no link
from elsewhere breaks. The first public tag is the section, as Ghost's themes
show the primary tag; the others are tags, and Ghost's internal ``#`` tags are
left out. What Ghost's members did (paid or members-only posts, newsletters
sent by e-mail only, sign-up forms) has no place on a static site: such posts
come in as drafts, each with a note, so nothing meant for members is
published to everyone by an import. Pages (About, Contact) are pages here too:
files without a date at the top of ``content/``, at their old address, listed
nowhere.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen.importer.ghost.cards import convert_post_html
from sitegen.importer.ghost.routes import (
    DEFAULT,
    Facts,
    Routes,
    busiest,
    read_routes,
    sitegen_pattern,
)
from sitegen.importer.model import CopiedFile, ImportedArticle, ImportedSite, Note, SourceError
from sitegen.importer.write import RESERVED_SLUGS
from sitegen.slugs import slugify

__all__ = ["read_ghost_export"]

GHOST_URL = "__GHOST_URL__"
"""What Ghost (4 and later) stores in place of the site's own address."""


IMAGES = "content/images"
"""Where Ghost keeps uploads, on its server and in its URLs (``/content/images/…``)."""


@dataclass(frozen=True, slots=True)
class _Export:
    """The tables of one export, and where it is."""

    path: Path
    tables: Mapping[str, Sequence[Mapping[str, Any]]]
    version: str
    images: Path | None
    """Ghost's ``content/images`` folder, when the source holds it."""
    root: Path
    """The folder the export is in (or was given as): where ``routes.yaml`` is looked for."""
    text: str
    """The file as read, for the line each post starts at."""

    def table(self, name: str) -> list[Mapping[str, Any]]:
        rows = self.tables.get(name) or []
        return [row for row in rows if isinstance(row, Mapping)]

    def setting(self, key: str) -> str:
        for row in self.table("settings"):
            if row.get("key") == key and isinstance(row.get("value"), str):
                return str(row["value"])
        return ""


def read_ghost_export(path: Path) -> ImportedSite:
    """The sitegen site a Ghost export (or a folder holding one) describes;
    SourceError when it holds none."""
    export = _read(path)
    origin = export.path.name
    notes: list[Note] = []
    lines = _PostLines(export.text)
    zone = _zone(export.setting("timezone"))
    tags = {str(t.get("id")): t for t in export.table("tags")}
    users = {str(u.get("id")): u for u in export.table("users")}
    meta = {str(m.get("post_id")): m for m in export.table("posts_meta")}
    post_tags = _links(export.table("posts_tags"), "tag_id")
    post_authors = _links(export.table("posts_authors"), "author_id")
    posts: list[Mapping[str, Any]] = []
    pages: list[Mapping[str, Any]] = []
    for row in export.table("posts"):
        page = row.get("type") == "page" or row.get("page") in (1, True)  # Ghost 1, 2: a flag
        (pages if page else posts).append(row)
    tags_of = {
        str(row.get("id")): [tags[t] for t in post_tags.get(str(row.get("id")), []) if t in tags]
        for row in posts
    }
    authors_of = {
        str(row.get("id")): [
            users[u] for u in post_authors.get(str(row.get("id")), []) if u in users
        ]
        or [users[a] for a in [str(row.get("author_id"))] if a in users]
        for row in posts
    }
    routes = read_routes(export.root)
    notes.extend(Note(origin, 1, message) for message in routes.notes)
    facts = {
        id_: _facts(row, tags_of[id_], authors_of[id_], zone)
        for row in posts
        for id_ in [str(row.get("id"))]
    }
    old = {id_: routes.url(fact) for id_, fact in facts.items()}
    pattern = _site_pattern(posts, facts, routes, origin, notes)
    slugs = _unique_slugs(posts, origin, lines, notes, pattern.startswith("/{slug}"))
    paths = {id_: _path(row, slugs[id_]) for row in posts for id_ in [str(row.get("id"))]}
    page_slugs = _unique_slugs(pages, origin, lines, notes)
    targets = {url: paths[id_] for id_, url in old.items() if url is not None}
    for page in pages:  # a page's address is its slug's, whatever the routes
        targets.setdefault(f"/{page.get('slug')}/", f"content/{page_slugs[str(page.get('id'))]}.md")
    site_links = _SiteLinks(targets, export.images)
    articles: list[ImportedArticle] = []
    for row in posts:
        id_ = str(row.get("id"))
        converter = _Post(row, origin, lines.of(id_), zone, notes, site_links, paths[id_])
        article = converter.article(
            slugs[id_], tags_of[id_], authors_of[id_], meta.get(id_, {}), old[id_]
        )
        if article is not None:
            articles.append(article)
    for page in pages:
        id_ = str(page.get("id"))
        file = f"content/{page_slugs[id_]}.md"
        converter = _Post(page, origin, lines.of(id_), zone, notes, site_links, file, page=True)
        authors = [users[u] for u in post_authors.get(id_, []) if u in users]
        article = converter.article(
            page_slugs[id_], [], authors, meta.get(id_, {}), f"/{page.get('slug')}/"
        )
        if article is not None:
            articles.append(article)
    notes.extend(_site_notes(export, origin, site_links))
    return ImportedSite(
        config=_config(export, zone, users, post_authors, pattern),
        articles=tuple(articles),
        files=tuple(site_links.copies()),
        notes=tuple(notes),
        other_urls=_listing_urls(tags, users, routes),
        source_name="Ghost",
    )


def _read(source: Path) -> _Export:
    """The export at ``source``, a JSON file or a folder holding one."""
    path = source if source.is_file() else _find_export(source)
    try:
        text = path.read_text(encoding="utf-8")
        value = json.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: cannot read it: {error}") from None
    except json.JSONDecodeError as error:
        raise SourceError(f"{path}:{error.lineno}: not JSON: {error.msg}") from None
    body: object = value
    if isinstance(value, dict) and "db" in value:  # Ghost's own exports: {"db": [{...}]}
        found = value["db"]
        body = found[0] if isinstance(found, list) and found else None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise SourceError(
            f"{path}:1: not a Ghost export (no db[0].data.posts); export it from Ghost "
            "Admin, Settings, Import/Export"
        )
    meta = body.get("meta") if isinstance(body, dict) else None
    version = str(meta.get("version", "")) if isinstance(meta, dict) else ""
    root = source if source.is_dir() else path.parent
    images = next((p for p in (root / "content" / "images", root / "images") if p.is_dir()), None)
    return _Export(path, data, version, images, root, text)


def _find_export(folder: Path) -> Path:
    if not folder.is_dir():
        raise SourceError(f"{folder}: neither a Ghost export (.json) nor a folder holding one")
    found = sorted(
        p
        for p in [*folder.glob("*.json"), *folder.glob("data/*.json"), *folder.glob("*/*.json")]
        if _looks_like_export(p)
    )
    if not found:
        raise SourceError(f"{folder}: holds no Ghost export (a .json file with db[0].data.posts)")
    return found[-1]  # Ghost names backups by date: the newest sorts last


def _looks_like_export(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b'"db"' in head or b'"data"' in head


def _links(rows: Sequence[Mapping[str, Any]], other: str) -> dict[str, list[str]]:
    """Post ID → the IDs it links to (tags, authors), in their ``sort_order``."""
    ordered = sorted(rows, key=lambda r: (str(r.get("post_id")), _int(r.get("sort_order"))))
    found: dict[str, list[str]] = {}
    for row in ordered:
        found.setdefault(str(row.get("post_id")), []).append(str(row.get(other)))
    return found


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name or "UTC"


def _date(value: object, zone: str) -> datetime | None:
    """A Ghost time (UTC, ``2021-03-24T04:34:09.000Z``) in the site's zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).replace(microsecond=0)


def _unique_slugs(
    posts: Sequence[Mapping[str, Any]],
    origin: str,
    lines: _PostLines,
    notes: list[Note],
    top_level: bool = True,
) -> dict[str, str]:
    """Post ID → its slug; one that would take a page of sitegen's own gets a suffix."""
    taken = {str(p.get("slug")) for p in posts}
    slugs = {}
    for post in posts:
        id_ = str(post.get("id"))
        wanted = slugify(str(post.get("slug") or "")) or slugify(str(post.get("title") or ""))
        slug = wanted or f"post-{id_}"
        if top_level and slug in RESERVED_SLUGS:
            number = 2
            while f"{slug}-{number}" in taken:
                number += 1
            slug = f"{slug}-{number}"
            notes.append(
                Note(
                    origin,
                    lines.of(id_),
                    f"slug {wanted!r} would put the article at /{wanted}/, a page of "
                    f"sitegen's own; this post's is {slug!r} (its old URL is an alias)",
                )
            )
        slugs[id_] = slug
    return slugs


def _path(post: Mapping[str, Any], slug: str) -> str:
    """``content/posts/YEAR/SLUG.md``, as the other imports lay sites out."""
    when = post.get("published_at") or post.get("created_at")
    year = str(when)[:4] if isinstance(when, str) and str(when)[:4].isdigit() else "undated"
    return f"content/posts/{year}/{slug}.md"


class _PostLines:
    """The line each post's record starts at in the export, for the report."""

    def __init__(self, text: str) -> None:
        self.lines: dict[str, int] = {}
        line, counted = 1, 0  # lines counted on from the last record, not from the top
        for found in re.finditer(r'"id"\s*:\s*"([0-9a-f]{24})"', text):
            line += text.count("\n", counted, found.start())
            counted = found.start()
            self.lines.setdefault(found.group(1), line)

    def of(self, id_: str) -> int:
        return self.lines.get(id_, 1)


@dataclass(slots=True)
class _SiteLinks:
    """The posts' links and images as the new site has them."""

    posts: Mapping[str, str]
    """Old path (``/slug/``) → the imported article's file."""
    images: Path | None
    copied: dict[str, CopiedFile] = field(default_factory=dict)
    left: set[str] = field(default_factory=set)
    """Uploads the posts show that no folder gave: they stay at their old paths."""

    def rewrite(self, url: str, article: str) -> str:
        """``url`` as the post at ``article`` (its new file) writes it: a link to
        another post is a link to its file (it resolves wherever that post now
        lives); an upload is the copied file, else the old site's path."""
        ghost = url.startswith(GHOST_URL)
        path = (url.removeprefix(GHOST_URL) or "/") if ghost else url
        if not path.startswith("/") or path.startswith("//"):
            return path  # another site's, a fragment, mail, or relative as written
        split = urlsplit(path)
        local = split.path
        suffix = ("?" + split.query if split.query else "") + (
            "#" + split.fragment if split.fragment else ""
        )
        target = self.posts.get(local if local.endswith("/") else local + "/")
        if target is not None:
            return _relative(target, article) + suffix
        if local.startswith(f"/{IMAGES}/") and self.images is not None:
            file = self.images / unquote(local.removeprefix(f"/{IMAGES}/"))
            if file.is_file():
                dest = f"content/images/{local.removeprefix(f'/{IMAGES}/')}"
                self.copied.setdefault(dest, CopiedFile(file, unquote(dest)))
                return _relative(dest, article) + suffix
        if local.startswith(f"/{IMAGES}/"):
            self.left.add(local)
        return path

    def copies(self) -> Iterator[CopiedFile]:
        return iter(sorted(self.copied.values(), key=lambda c: c.dest))


def _relative(target: str, article: str) -> str:
    """``target`` (a file of the new site) as a link from the file ``article``."""
    return posixpath.relpath(target, posixpath.dirname(article))


@dataclass(slots=True)
class _Post:
    """One post → one article."""

    row: Mapping[str, Any]
    origin: str
    line: int
    zone: str
    notes: list[Note]
    links: _SiteLinks
    path: str
    page: bool = False
    """A Ghost page (About, Contact): a page without a date here, at its own address,
    listed nowhere, as Ghost showed it."""
    front: dict[str, object] = field(default_factory=dict)

    def note(self, message: str) -> None:
        self.notes.append(Note(self.origin, self.line, message))

    def article(
        self,
        slug: str,
        tags: Sequence[Mapping[str, Any]],
        authors: Sequence[Mapping[str, Any]],
        meta: Mapping[str, Any],
        old_url: str | None,
    ) -> ImportedArticle | None:
        row, front = self.row, self.front
        title = " ".join(str(row.get("title") or "").split())
        if not title:
            title = slug.replace("-", " ").capitalize()
            self.note(f"the post has no title: it is {title!r} here")
        front["title"] = title
        status = str(row.get("status") or "")
        published = _date(row.get("published_at"), self.zone)
        if self.page:
            published = None  # a page is listed nowhere, so it carries no date
        elif published is not None:
            front["date"] = published
        elif status in ("published", "scheduled", "sent"):
            self.note(f"{title!r} is {status} but has no published_at; not imported")
            return None
        front["slug"] = slug
        if self.page and old_url:
            front["url"] = old_url
        names = [slugify(str(a.get("slug") or a.get("name") or "")) for a in authors]
        names = [n for n in names if n]
        if len(names) == 1:
            front["author"] = names[0]
        elif names:
            front["authors"] = names
        if not self.page:
            self._tags(tags)
        summary = " ".join(
            str(
                row.get("custom_excerpt")
                or meta.get("meta_description")
                or row.get("meta_description")  # before Ghost 3's posts_meta
                or ""
            ).split()
        )
        if summary:
            front["summary"] = summary
        self._image(meta)
        self._status(status, published)
        if row.get("featured") in (1, True):
            front["sticky"] = True
        canonical = row.get("canonical_url")
        if isinstance(canonical, str) and canonical.strip():
            front["canonical_url"] = canonical.strip()
            self.note(
                f"canonical_url {canonical.strip()} kept as a param: sitegen's page names "
                "its own URL as canonical; print the param from a template of yours to keep it"
            )
        body = self._body()
        return ImportedArticle(
            path=self.path,
            front=front,
            body=body,
            origin=self.origin,
            line=self.line,
            old_urls=(old_url,) if old_url else (),
        )

    def _tags(self, tags: Sequence[Mapping[str, Any]]) -> None:
        public = [t for t in tags if t.get("visibility", "public") == "public"]
        internal = [str(t.get("name")) for t in tags if t not in public]
        if internal:
            self.note(f"internal tags left out (Ghost never showed them): {', '.join(internal)}")
        names = [" ".join(str(t.get("name") or t.get("slug") or "").split()) for t in public]
        names = [n for n in names if n]
        if names:
            self.front["section"] = names[0]  # Ghost's primary tag
        if names[1:]:
            self.front["tags"] = names[1:]

    def _image(self, meta: Mapping[str, Any]) -> None:
        image = self.row.get("feature_image") or self.row.get("image")  # Ghost 0.x: image
        if not isinstance(image, str) or not image.strip():
            return
        self.front["image"] = self.links.rewrite(image.strip(), self.path)
        caption = meta.get("feature_image_caption") or self.row.get("feature_image_caption")
        text = " ".join(re.sub(r"<[^>]+>", "", caption).split()) if isinstance(caption, str) else ""
        if text:
            self.front["image_caption"] = text
        alt = meta.get("feature_image_alt")
        if isinstance(alt, str) and alt.strip():
            self.front["image_alt"] = " ".join(alt.split())
        else:  # Ghost asked for none before 4.x: sitegen needs one, or the article is not built
            self.front["image_alt"] = text or str(self.front["title"])
            what = "its caption" if text else "the post's title"
            self.note(f"the feature image has no alt text: it is {what} here; say what it shows")

    def _status(self, status: str, published: datetime | None) -> None:
        visibility = str(self.row.get("visibility") or "public")
        if status == "draft":
            self.front["draft"] = True
            if published is None and not self.page:
                self.note("a draft never published, so undated: give it a date to publish it")
        elif status == "scheduled" and published is not None:
            self.note(
                f"scheduled for {published.isoformat()}: sitegen builds it from then on "
                "(sitegen schedule says when to rebuild)"
            )
        elif status == "sent" or self.row.get("email_only") in (1, True):
            self.front["draft"] = True
            self.note("sent by e-mail only, never on the web: a draft here")
        if visibility != "public" and status != "draft":
            self.front["draft"] = True
            self.note(
                f"for {visibility} readers only in Ghost: a draft here, so an import never "
                "publishes it to everyone (set draft: false to publish it)"
            )

    def _body(self) -> str:
        html = self.row.get("html")
        if not isinstance(html, str) or not html.strip():
            markdown = _mobiledoc_markdown(self.row.get("mobiledoc"))
            if markdown is None and isinstance(self.row.get("markdown"), str):
                markdown = str(self.row["markdown"]) or None  # Ghost 0.x kept the markdown
            if markdown is not None:
                return _MARKDOWN_LINK.sub(
                    lambda m: m.group(1) + self.links.rewrite(m.group(2), self.path), markdown
                )
            self.note("the post has no content (no html in the export): the article is empty")
            return ""
        if "<!--members-only-->" in html:
            self.note("its members-only part follows the public one: both are in the article")
        converted = convert_post_html(
            html, self.line, lambda url: self.links.rewrite(url, self.path)
        )
        self.notes.extend(Note(self.origin, line, message) for line, message in converted.notes)
        return converted.markdown


_MARKDOWN_LINK = re.compile(r"(\]\(\s*<?|\bsrc=[\"'])((?:__GHOST_URL__)?/[^\s)>\"']*)")
"""A link's or image's URL in markdown (``](/content/images/a.jpg)``) or in raw HTML
inside it (``src="..."``): the site's own, to be rewritten as the HTML's are."""


def _mobiledoc_markdown(value: object) -> str | None:
    """The markdown of a post Ghost 1 stored as one markdown card (its exports of that
    time carry no ``html``); None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        document = json.loads(value)
        cards = document.get("cards", [])
        texts = [
            c[1].get("markdown", "") for c in cards if c and c[0] in ("markdown", "card-markdown")
        ]
    except (ValueError, AttributeError, IndexError, TypeError):
        return None
    return "\n\n".join(t for t in texts if isinstance(t, str)) or None


def _config(
    export: _Export,
    zone: str,
    users: Mapping[str, Mapping[str, Any]],
    post_authors: Mapping[str, Sequence[str]],
    pattern: str,
) -> dict[str, object]:
    """site.yaml, with what the export says (never an author's e-mail address)."""
    config: dict[str, object] = {}
    title = export.setting("title")
    if title:
        config["title"] = title
    description = export.setting("description")
    if description:
        config["description"] = description
    language = (export.setting("locale") or export.setting("lang")).split("-")[0].lower()
    if language.isalpha():
        config["language"] = language
    config["timezone"] = zone
    config["permalinks"] = {"article": pattern}
    writing = {a for ids in post_authors.values() for a in ids}
    authors: dict[str, dict[str, str]] = {}
    for id_, user in users.items():
        slug = slugify(str(user.get("slug") or user.get("name") or ""))
        if not slug or (writing and id_ not in writing):
            continue
        info = {"name": str(user.get("name") or slug)}
        for key, source in (("bio", "bio"), ("url", "website")):
            value = user.get(source)
            if isinstance(value, str) and value.strip():
                info[key] = " ".join(value.split())
        image = user.get("profile_image")
        if isinstance(image, str) and image.startswith(("http://", "https://")):
            info["image"] = image
        authors[slug] = info
    if authors:
        config["authors"] = dict(sorted(authors.items()))
    return config


def _listing_urls(
    tags: Mapping[str, Mapping[str, Any]],
    users: Mapping[str, Mapping[str, Any]],
    routes: Routes,
) -> dict[str, str]:
    """Ghost's tag and author pages → sitegen's, for the report (the first public tag
    of a post is its section; the page of a tag answers for both)."""
    urls = {}
    for tag in tags.values():
        slug = str(tag.get("slug") or "")
        if slug and tag.get("visibility", "public") == "public" and slugify(slug):
            old = routes.tag.replace("{slug}", slug)
            urls[old] = f"/tags/{slugify(str(tag.get('name') or slug))}/"
    for user in users.values():
        slug = slugify(str(user.get("slug") or ""))
        if slug:
            urls[routes.author.replace("{slug}", str(user.get("slug")))] = f"/authors/{slug}/"
    return dict(sorted(urls.items()))


def _facts(
    row: Mapping[str, Any],
    tags: Sequence[Mapping[str, Any]],
    authors: Sequence[Mapping[str, Any]],
    zone: str,
) -> Facts:
    """What Ghost's routes read of a post: its public tags and authors by slug."""
    public = [t for t in tags if t.get("visibility", "public") == "public"]
    return Facts(
        id=str(row.get("id")),
        slug=str(row.get("slug") or ""),
        date=_date(row.get("published_at"), zone),
        tags=tuple(str(t.get("slug") or "") for t in public),
        authors=tuple(str(a.get("slug") or "") for a in authors),
        featured=row.get("featured") in (1, True),
    )


def _site_pattern(
    posts: Sequence[Mapping[str, Any]],
    facts: Mapping[str, Facts],
    routes: Routes,
    origin: str,
    notes: list[Note],
) -> str:
    """``permalinks.article`` of the new site: the pattern most published posts had,
    in sitegen's placeholders; ``/{slug}/`` when it has one sitegen lacks (every
    old address is then an alias)."""
    published = [
        pattern
        for row in posts
        if row.get("status") == "published"
        for pattern in [routes.permalink(facts[str(row.get("id"))])]
        if pattern is not None
    ]
    ghost = busiest(published)
    pattern = sitegen_pattern(ghost)
    if pattern is None:
        notes.append(
            Note(
                origin,
                1,
                f"posts were at {ghost} (routes.yaml), which names what sitegen's "
                "permalinks cannot: the new site puts them at /{slug}/, each old address "
                "an alias",
            )
        )
        return DEFAULT
    if routes.found and len(set(published)) > 1:
        notes.append(
            Note(
                origin,
                1,
                f"routes.yaml gave posts {len(set(published))} patterns: the new site uses "
                f"{ghost} for all, the others' old addresses are aliases",
            )
        )
    return pattern


def _site_notes(export: _Export, origin: str, links: _SiteLinks) -> list[Note]:
    notes = []
    if links.left:
        count = len(links.left)
        why = (
            "no content/images folder beside the export"
            if export.images is None
            else f"not in {export.images}"
        )
        images = (
            "uploaded image the posts show was"
            if count == 1
            else ("uploaded images the posts show were")
        )
        notes.append(
            Note(
                origin,
                1,
                f"{count} {images} not copied ({why}): the posts name them at their old "
                "paths (/content/images/...); import a folder holding the export and "
                "Ghost's content/images to copy them into the new site",
            )
        )
    members = len(export.table("members"))
    if members:
        notes.append(Note(origin, 1, f"{members} members and their subscriptions not imported"))
    if export.setting("codeinjection_head") or export.setting("codeinjection_foot"):
        notes.append(
            Note(
                origin,
                1,
                "site code injection (header or footer scripts) not imported: add what "
                "you still need to your templates",
            )
        )
    return notes
