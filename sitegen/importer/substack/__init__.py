"""``sitegen import substack EXPORT DEST``: a Substack newsletter's export as a sitegen site.

Substack (Settings → Exports) gives a zip: ``posts.csv``, one row per post
(its id and slug, date, whether it is published, its type and audience,
title, subtitle, a podcast's audio), and ``posts/ID.SLUG.html``, the HTML its
editor rendered. EXPORT is that zip or the folder it was unpacked into.

Posts keep Substack's address, ``/p/SLUG/``, and links between them become
links to their files. Images stay on Substack's CDN at their original size
(the export holds none of them), a note. What only Substack can do (sign-up
forms, subscribe and share buttons, polls, uploaded audio and video, which
the export does not hold) is left out with a note at its line in the post's
file. Nothing meant for subscribers is published by an import: a post for
paying or signed-up readers only comes in as a draft, with a note.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from sitegen.importer.model import ImportedArticle, ImportedSite, Note, SourceError
from sitegen.importer.moments import export_moment
from sitegen.importer.substack.blocks import convert_post_html, host_of
from sitegen.slugs import slugify

__all__ = ["read_substack_export"]

CSV = "posts.csv"
PATTERN = "/p/{slug}/"
"""Where Substack puts every post, and so where the new site does."""

PRIVATE = {
    "only_paid": "paying subscribers",
    "founding": "founding members",
    "only_free": "signed-up subscribers",
}
"""Audiences other than ``everyone``, as the note names them."""


@dataclass(frozen=True, slots=True)
class _Row:
    """One post as ``posts.csv`` lists it, with the line its record starts at."""

    line: int
    fields: Mapping[str, str]

    def get(self, key: str) -> str:
        return (self.fields.get(key) or "").strip()

    @property
    def post_id(self) -> str:
        return self.get("post_id")

    @property
    def kind(self) -> str:
        return self.get("type").lower() or "newsletter"


class _Export:
    """The files of an export, from a zip or a folder, by their path inside it."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.files: dict[str, bytes] = {}
        try:
            if source.is_file():
                self._read_zip(source)
            elif source.is_dir():
                self._read_folder(source)
        except (OSError, zipfile.BadZipFile) as error:
            raise SourceError(f"{source}: cannot read it: {error}") from None
        csv_path = min(
            (p for p in self.files if PurePosixPath(p).name == CSV), default=None, key=len
        )
        if csv_path is None:
            raise SourceError(
                f"{source}:1: not a Substack export (no {CSV}); export it from Substack's "
                "Settings, Exports, and give the zip or its folder"
            )
        self.root = posixpath.dirname(csv_path)

    def _read_zip(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.is_dir() and _wanted(info.filename):
                    self.files[info.filename] = archive.read(info)

    def _read_folder(self, folder: Path) -> None:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and _wanted(relative):
                self.files[relative] = path.read_bytes()

    def text(self, relative: str) -> str | None:
        data = self.files.get(posixpath.join(self.root, relative) if self.root else relative)
        return data.decode("utf-8", "replace") if data is not None else None

    def post_html(self, post_id: str) -> tuple[str, str] | None:
        """``posts/ID.html`` of a post, as its path in the export and its text."""
        name = f"posts/{post_id}.html"
        text = self.text(name)
        return (name, text) if text is not None else None


def _wanted(path: str) -> bool:
    """The CSV of posts and the posts' HTML: never the subscribers' addresses."""
    name = PurePosixPath(path).name
    return name == CSV or (path.endswith(".html") and "posts/" in path)


def read_substack_export(path: Path) -> ImportedSite:
    """The sitegen site a Substack export (zip or folder) describes; SourceError
    when it holds no ``posts.csv`` or one of another shape."""
    export = _Export(path)
    rows = _rows(export)
    notes: list[Note] = []
    slugs = _slugs(rows, notes)
    paths = {row.post_id: _path(row, slugs[row.post_id]) for row in rows}
    bodies = {row.post_id: export.post_html(row.post_id) for row in rows}
    own = _own_host([text for found in bodies.values() if found for text in [found[1]]], slugs)
    by_slug = {slugs[row.post_id]: paths[row.post_id] for row in rows}
    articles: list[ImportedArticle] = []
    math = False
    for row in rows:
        made = _Post(row, slugs[row.post_id], paths[row.post_id], own, by_slug, notes)
        article, uses_math = made.article(bodies[row.post_id])
        math = math or uses_math
        if article is not None:
            articles.append(article)
    notes.extend(_site_notes(rows, own, articles))
    config: dict[str, object] = {"timezone": "UTC", "permalinks": {"article": PATTERN}}
    if own:
        config["base_url"] = f"https://{own}/"
    if math:
        config["markdown"] = {"math": True}
    return ImportedSite(
        config=config,
        articles=tuple(articles),
        notes=tuple(notes),
        other_urls={"/archive/": "/"},  # Substack's list of every post: the home page's
        source_name="Substack",
    )


def _rows(export: _Export) -> list[_Row]:
    text = export.text(CSV) or ""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    if reader.fieldnames is None or "post_id" not in reader.fieldnames:
        raise SourceError(
            f"{export.source}:{CSV}:1: not the posts list of a Substack export (no post_id column)"
        )
    rows = []
    line = 2
    try:
        for fields in reader:
            rows.append(_Row(line, fields))
            line = reader.line_num + 1
    except csv.Error as error:
        raise SourceError(f"{export.source}:{CSV}:{reader.line_num}: {error}") from None
    return [row for row in rows if row.post_id]


def _slugs(rows: Sequence[_Row], notes: list[Note]) -> dict[str, str]:
    """Post id → slug: the part of Substack's id after its number (``123.the-slug``),
    else the title's. Every post is under ``/p/``, where sitegen has no page of
    its own, so no slug is in the way of one."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for row in rows:
        number, _, named = row.post_id.partition(".")
        wanted = slugify(named) or slugify(row.get("title")) or f"post-{number}"
        slug = wanted
        count = 2
        while slug in taken:
            slug = f"{wanted}-{count}"
            count += 1
        if slug != wanted:
            notes.append(Note(CSV, row.line, f"slug {wanted!r} is taken: this post's is {slug!r}"))
        taken.add(slug)
        slugs[row.post_id] = slug
    return slugs


def _path(row: _Row, slug: str) -> str:
    """``content/posts/YEAR/SLUG.md``, as the other imports lay sites out; a page
    at the top of ``content/``."""
    if row.kind == "page":
        return f"content/{slug}.md"
    year = row.get("post_date")[:4]
    return f"content/posts/{year if year.isdigit() else 'undated'}/{slug}.md"


_POST_LINK = re.compile(r"""href=["']https?://([^/"']+)/p/([^/?#"']+)""")


def _own_host(texts: Sequence[str], slugs: Mapping[str, str]) -> str:
    """The newsletter's own host (``name.substack.com`` or its domain): the one most
    links to the export's own posts (``/p/SLUG``) name. The export says it nowhere."""
    known = set(slugs.values())
    hosts = Counter(
        host.lower() for text in texts for host, slug in _POST_LINK.findall(text) if slug in known
    )
    return hosts.most_common(1)[0][0] if hosts else ""


@dataclass(slots=True)
class _Post:
    """One row of ``posts.csv`` and its HTML → one article."""

    row: _Row
    slug: str
    path: str
    own: str
    posts: Mapping[str, str]
    """Slug → the imported article's file."""
    notes: list[Note]

    def note(self, message: str, origin: str = CSV, line: int = 0) -> None:
        self.notes.append(Note(origin, line or self.row.line, message))

    def article(self, found: tuple[str, str] | None) -> tuple[ImportedArticle | None, bool]:
        """The article, and whether it writes formulas."""
        row = self.row
        title = " ".join(row.get("title").split())
        if not title:
            title = self.slug.replace("-", " ").capitalize()
            self.note(f"the post has no title: it is {title!r} here")
        front: dict[str, object] = {"title": title}
        date = export_moment(row.get("post_date"))
        page = row.kind == "page"
        if date is not None and not page:
            front["date"] = date
        front["slug"] = self.slug
        if page:
            front["url"] = f"/p/{self.slug}/"
        subtitle = " ".join(row.get("subtitle").split())
        if subtitle:
            front["summary"] = subtitle
        self._status(front, date, page)
        body, math = self._body(found)
        return (
            ImportedArticle(
                path=self.path,
                front=front,
                body=body,
                origin=CSV,
                line=row.line,
                old_urls=(f"/p/{self.slug}",),
            ),
            math,
        )

    def _status(self, front: dict[str, object], date: datetime | None, page: bool) -> None:
        row = self.row
        published = row.get("is_published").lower() == "true"
        audience = row.get("audience").lower()
        if not published:
            front["draft"] = True
            if row.get("email_sent_at"):
                self.note("sent by e-mail but never published on the web: a draft here")
            elif date is None and not page:
                self.note("a draft never published, so undated: give it a date to publish it")
        elif date is None and not page:
            front["draft"] = True
            self.note("published but without a post_date: a draft here; give it a date")
        if row.kind == "thread":
            front["draft"] = True
            self.note(
                "a discussion thread: its comments are not in the export, so it is a "
                "draft here (its opening text only)"
            )
        if published and audience in PRIVATE:
            front["draft"] = True
            self.note(
                f"for {PRIVATE[audience]} only on Substack: a draft here, so an import never "
                "publishes it to everyone (set draft: false to publish it)"
            )

    def _body(self, found: tuple[str, str] | None) -> tuple[str, bool]:
        audio = self.row.get("podcast_url")
        player = f'<audio controls src="{audio}"></audio>\n\n' if audio else ""
        if found is None:
            if not player:
                self.note(
                    f"posts/{self.row.post_id}.html is not in the export: the article is empty"
                )
            return player, False
        origin, text = found
        converted = convert_post_html(text, self._rewrite)
        for line, message in converted.notes:
            self.note(message, origin, line)
        return player + converted.markdown, converted.math

    def _rewrite(self, url: str) -> str:
        """A link to another post of the export (on the newsletter's host, or
        site-relative) is a link to its file, so it follows the post."""
        host = host_of(url)
        if host and host != self.own:
            return url
        found = re.match(r"^(?:https?://[^/]+)?/p/([^/?#]+)/?([?#].*)?$", url)
        target = self.posts.get(found.group(1)) if found else None
        if found is None or target is None:
            return url
        fragment = found.group(2) or ""
        keep = _FOOTNOTE.sub(_footnote_id, fragment) if fragment.startswith("#") else ""
        return posixpath.relpath(target, posixpath.dirname(self.path)) + keep


_FOOTNOTE = re.compile(r"^#footnote-(anchor-)?(\d+)$")


def _footnote_id(found: re.Match[str]) -> str:
    """Substack's id of a footnote (``#footnote-2``) or of its reference
    (``#footnote-anchor-2``) as sitegen writes them (``#fn:2``, ``#fnref:2``)."""
    return f"#fnref:{found.group(2)}" if found.group(1) else f"#fn:{found.group(2)}"


def _site_notes(
    rows: Sequence[_Row], own: str, articles: Sequence[ImportedArticle]
) -> Iterator[Note]:
    """What the export does not say about the newsletter, once each."""
    if not own:
        yield Note(CSV, 1, "the export does not name the newsletter's address; set base_url")
    yield Note(
        CSV,
        1,
        "the export names neither the newsletter's title nor its authors: set title in "
        "site.yaml, and author (with authors: in site.yaml) on the articles",
    )
    if any("substackcdn.com" in a.body or "substack-post-media" in a.body for a in articles):
        yield Note(
            CSV,
            1,
            "images stay on Substack's servers at their original size (the export holds "
            "none): download them into content/ to serve them from the new site",
        )
    podcasts = sum(1 for row in rows if row.get("podcast_url"))
    if podcasts:
        yield Note(
            CSV,
            1,
            f"{podcasts} podcast episodes play from their audio's old address; a podcast "
            "feed is not made",
        )
