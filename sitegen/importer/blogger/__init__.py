"""``sitegen import blogger EXPORT DEST``: a Blogger (Blogspot) blog's export as a sitegen site.

Blogger exports a blog as one Atom feed: Google Takeout's ``feed.atom``
(since 2018: ``blogger:type``, ``blogger:status``, ``blogger:filename``) or
the older "Back up content" file, where an entry's kind, draft flag and
address are Atom categories, ``app:draft`` and its ``alternate`` link. EXPORT
is that file, a folder holding it, or Takeout's zip.

Posts keep their address: Blogger's ``/2019/11/the-slug.html`` is an alias of
the new ``/2019/11/the-slug/``, and links between posts become links to their
files. Labels are tags; the first author of the blog's posts is the site's.
Pages (``/p/about.html``) are pages without a date, listed nowhere. Blogger's
layout around images (the ``separator`` box, the caption table) becomes the
``figure`` shortcode with the full-size picture, YouTube embeds sitegen's
shortcode. Comments, and the drafts' and trashed posts' being published, are
not carried over: each is a note.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag

from sitegen.importer.htmlcards import HeldCalls, figure_call, text_of, video_call
from sitegen.importer.model import ImportedArticle, ImportedSite, Note, SourceError
from sitegen.importer.moments import export_moment
from sitegen.importer.write import RESERVED_SLUGS
from sitegen.markdown.fromhtml import html_to_markdown
from sitegen.slugs import slugify

__all__ = ["read_blogger_export"]

ATOM = "{http://www.w3.org/2005/Atom}"
BLOGGER = "{http://schemas.google.com/blogger/2018}"
APP = "{http://purl.org/atom/app#}"
KIND = "http://schemas.google.com/g/2005#kind"
LABEL = "http://www.blogger.com/atom/ns#"
PATTERN = "/{year}/{month}/{slug}/"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One entry of the feed, in either export's words."""

    line: int
    kind: str
    """``post``, ``page``, ``comment`` or another Blogger keeps (settings, template)."""
    status: str
    """``live``, ``draft`` or ``trashed``."""
    title: str
    html: str
    published: datetime | None
    address: str
    """Its path on the blog: ``/2019/11/the-slug.html``, ``/p/about.html``; empty if none."""
    labels: tuple[str, ...]
    author: str
    description: str


def read_blogger_export(path: Path) -> ImportedSite:
    """The sitegen site a Blogger export describes; SourceError when it is none."""
    origin, text = _source(path)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line = error.position[0] if error.position else 1
        raise SourceError(f"{origin}:{line}: not XML: {error}") from None
    if root.tag != f"{ATOM}feed":
        raise SourceError(f"{origin}:1: not a Blogger export (an Atom feed of the blog)")
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<entry[\s>]", text)]
    entries = [
        _entry(e, lines[i] if i < len(lines) else 1)
        for i, e in enumerate(root.iter(f"{ATOM}entry"))
    ]
    notes: list[Note] = []
    posts = [e for e in entries if e.kind == "post" and e.status != "trashed"]
    pages = [e for e in entries if e.kind == "page" and e.status != "trashed"]
    for entry in entries:
        if entry.kind in ("post", "page") and entry.status == "trashed":
            notes.append(
                Note(origin, entry.line, f"{entry.title!r} was in the trash: not imported")
            )
    if not posts and not pages:
        raise SourceError(f"{origin}:1: not a Blogger export (no posts or pages in it)")
    slugs = _slugs([*posts, *pages], origin, notes)
    files = {id(e): _file(e, slugs[id(e)]) for e in [*posts, *pages]}
    targets = {e.address: files[id(e)] for e in [*posts, *pages] if e.address}
    host = _host(root)
    articles = [
        _article(e, slugs[id(e)], files[id(e)], targets, host, origin, notes)
        for e in [*posts, *pages]
    ]
    comments = sum(1 for e in entries if e.kind == "comment")
    if comments:
        notes.append(Note(origin, 1, f"{comments} comments not imported (a static site has none)"))
    if any(
        "blogger.googleusercontent.com" in a.body or "bp.blogspot.com" in a.body for a in articles
    ):
        notes.append(
            Note(
                origin,
                1,
                "images stay on Blogger's servers: download them into content/ to serve "
                "them from the new site",
            )
        )
    return ImportedSite(
        config=_config(root, host, posts),
        articles=tuple(articles),
        notes=tuple(notes),
        other_urls={"/search/label/": "/tags/"},
        source_name="Blogger",
    )


def _source(path: Path) -> tuple[str, str]:
    """The export's name and text: the file, the feed in a folder, or in Takeout's zip."""
    try:
        if path.is_dir():
            found = [p.relative_to(path).as_posix() for p in path.rglob("*") if p.is_file()]
            name = _one_feed(path, found)
            return posixpath.basename(name), (path / name).read_text("utf-8", "replace")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                name = _one_feed(path, archive.namelist())
                return posixpath.basename(name), archive.read(name).decode("utf-8", "replace")
        return path.name, path.read_text("utf-8", "replace")
    except (OSError, zipfile.BadZipFile) as error:
        raise SourceError(f"{path}: cannot read it: {error}") from None


def _one_feed(source: Path, names: Sequence[str]) -> str:
    """The one export among ``names`` (Takeout's ``feed.atom``, else a ``.xml``
    backup). Takeout holds one ``feed.atom`` per blog: with more, which to import
    is the author's choice, never the first by name (the others would be lost)."""
    feeds = sorted(n for n in names if posixpath.basename(n) == "feed.atom")
    feeds = feeds or sorted(n for n in names if n.endswith((".atom", ".xml")))
    if not feeds:
        raise SourceError(f"{source}:1: holds no Blogger export (feed.atom or a .xml file)")
    if len(feeds) > 1:
        raise SourceError(
            f"{source}:1: holds {len(feeds)} Blogger exports ({', '.join(feeds)}): "
            "import each on its own, from its file or its blog's folder"
        )
    return feeds[0]


def _child(element: ElementTree.Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _entry(element: ElementTree.Element, line: int) -> _Entry:
    kind = _child(element, f"{BLOGGER}type").lower()
    status = _child(element, f"{BLOGGER}status").lower()
    address = _child(element, f"{BLOGGER}filename")
    labels = []
    for category in element.findall(f"{ATOM}category"):
        scheme, term = category.get("scheme", ""), category.get("term", "")
        if scheme == KIND:  # the older export: the kind is a category
            kind = kind or term.rpartition("#")[2].lower()
        elif term and scheme in ("", LABEL):
            labels.append(" ".join(term.split()))
    if not kind and element.find("{http://purl.org/syndication/thread/1.0}in-reply-to") is not None:
        kind = "comment"
    if not status:
        draft = element.find(f"{APP}control/{APP}draft")
        status = "draft" if draft is not None and (draft.text or "").strip() == "yes" else "live"
    status = "trashed" if "trash" in status else status
    if not address:
        for link in element.findall(f"{ATOM}link"):
            if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
                address = urlsplit(link.get("href", "")).path
    title_element = element.find(f"{ATOM}title")
    author = element.find(f"{ATOM}author/{ATOM}name")
    return _Entry(
        line=line,
        kind=kind or "post",
        status=status,
        title=" ".join((title_element.text or "").split()) if title_element is not None else "",
        html=_child(element, f"{ATOM}content"),
        published=export_moment(_child(element, f"{ATOM}published")),
        address=address,
        labels=tuple(dict.fromkeys(labels)),
        author=" ".join((author.text or "").split()) if author is not None else "",
        description=_child(element, f"{BLOGGER}metaDescription"),
    )


def _slugs(entries: Sequence[_Entry], origin: str, notes: list[Note]) -> dict[int, str]:
    """Entry → slug: its address's file name (``the-slug.html``), else its title's."""
    slugs: dict[int, str] = {}
    taken: set[str] = set()
    for entry in entries:
        named = posixpath.basename(entry.address).removesuffix(".html")
        wanted = slugify(named) or slugify(entry.title) or f"post-{len(slugs) + 1}"
        slug, count = wanted, 2
        while slug in taken or (entry.kind == "page" and slug in RESERVED_SLUGS):
            slug, count = f"{wanted}-{count}", count + 1
        if slug != wanted:
            notes.append(
                Note(origin, entry.line, f"slug {wanted!r} is taken: this one's is {slug!r}")
            )
        taken.add(slug)
        slugs[id(entry)] = slug
    return slugs


def _file(entry: _Entry, slug: str) -> str:
    if entry.kind == "page":
        return f"content/{slug}.md"
    year = str(entry.published.year) if entry.published else "undated"
    return f"content/posts/{year}/{slug}.md"


def _host(root: ElementTree.Element) -> str:
    """The blog's own host, from the feed's link to it (``name.blogspot.com``)."""
    for link in root.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate":
            return (urlsplit(link.get("href", "")).hostname or "").lower()
    return ""


def _article(
    entry: _Entry,
    slug: str,
    path: str,
    targets: Mapping[str, str],
    host: str,
    origin: str,
    notes: list[Note],
) -> ImportedArticle:
    page = entry.kind == "page"
    front: dict[str, object] = {"title": entry.title or slug.replace("-", " ").capitalize()}
    if entry.published is not None and not page and entry.status == "live":
        front["date"] = entry.published
    front["slug"] = slug
    if page:
        front["url"] = f"/p/{slug}/"
    if entry.author and entry.author.lower() not in ("unknown", "anonymous"):
        front["author"] = slugify(entry.author)
    if entry.labels and not page:
        front["tags"] = list(entry.labels)
    if entry.description:
        front["summary"] = " ".join(entry.description.split())
    if entry.status == "draft":
        front["draft"] = True
        notes.append(
            Note(origin, entry.line, f"{front['title']!r} is a draft in Blogger: a draft here")
        )
    elif entry.published is None and not page:
        front["draft"] = True
        notes.append(Note(origin, entry.line, "no published date: a draft here; give it a date"))
    body, found = _body(entry.html, path, targets, host)
    notes.extend(Note(origin, entry.line, message) for message in found)
    return ImportedArticle(
        path=path,
        front=front,
        body=body,
        origin=origin,
        line=entry.line,
        old_urls=(entry.address,) if entry.address else (),
    )


_SIZE = re.compile(r"/(?:s|w|h)\d+(?:-[a-z0-9-]+)?/(?=[^/]+$)|=(?:s|w|h)\d+(?:-[a-z0-9-]+)?$")
"""The size in a Blogger image's address (``/s320/``, ``=w640-h480``)."""


def _full_size(src: str) -> str:
    """A Blogger image at its uploaded size: ``/s1600/`` for the size it was shown at."""
    if "bp.blogspot.com" not in src and "googleusercontent.com" not in src:
        return src
    return _SIZE.sub(lambda m: "/s1600/" if m.group(0).startswith("/") else "=s1600", src)


_BREAKS = re.compile(r"(?:<br\s*/?>\s*){2,}", re.IGNORECASE)
_PARAGRAPH = "SITEGENPARAGRAPHX"
"""Where two line breaks end a paragraph: a line of its own, taken out after converting."""


def _body(html: str, path: str, targets: Mapping[str, str], host: str) -> tuple[str, list[str]]:
    """A post's markdown: Blogger's image boxes and caption tables as figures,
    YouTube players as shortcodes, links to other posts as links to their files."""
    # Blogger's editor writes paragraphs as lines broken twice ("convert line breaks")
    soup = BeautifulSoup(_BREAKS.sub(f"<p>{_PARAGRAPH}</p>", html), "html.parser")
    calls, notes = HeldCalls(), []
    for anchor in soup.find_all("a", attrs={"name": "more"}):
        if isinstance(anchor, Tag):  # Blogger's jump break: where the summary ends
            anchor.replace_with(calls.hold(soup, "<!--more-->"))
    for table in list(soup.select("table.tr-caption-container")):
        image = table.find("img")
        caption = text_of(table.find(class_="tr-caption"))
        _hold_image(table, image, caption, soup, calls)
    for image in list(soup.find_all("img")):
        if isinstance(image, Tag) and image.parent is not None:
            holder = image.find_parent("a") or image
            box = holder.find_parent("div", class_="separator")
            alone = isinstance(box, Tag) and len(box.find_all("img")) == 1
            _hold_image(box if alone and isinstance(box, Tag) else holder, image, "", soup, calls)
    for frame in list(soup.find_all(["iframe", "object", "embed"])):
        if not isinstance(frame, Tag) or frame.parent is None:
            continue
        src = str(frame.get("src") or frame.get("data") or "")
        call = video_call(src)
        if call is not None:
            frame.replace_with(calls.hold(soup, call))
        elif "BLOG_video" in str(frame.get("class") or "") or "blogger.com/video" in src:
            notes.append("dropped a video uploaded to Blogger (the export holds no file of it)")
            frame.decompose()
    for anchor in soup.find_all("a"):
        href = anchor.get("href") if isinstance(anchor, Tag) else None
        if isinstance(anchor, Tag) and isinstance(href, str):
            anchor["href"] = _rewrite(href, path, targets, host)
    converted = html_to_markdown(str(soup))
    notes.extend(message for _, message in converted.notes)
    markdown = re.sub(rf"\n*[ \t]*{_PARAGRAPH}[ \t]*\n*", "\n\n", converted.markdown)
    return calls.restore(markdown).strip() + "\n", notes


def _hold_image(
    node: Tag, image: object, caption: str, soup: BeautifulSoup, calls: HeldCalls
) -> None:
    """``node`` (an image's box) as the ``figure`` shortcode of its full-size picture."""
    if not isinstance(image, Tag) or not isinstance(image.get("src"), str):
        return
    link = image.find_parent("a")
    href = link.get("href") if isinstance(link, Tag) else None
    src = _full_size(str(image.get("src")))
    linked = href if isinstance(href, str) and _full_size(href) != src else ""
    if linked and ("bp.blogspot.com" in linked or "googleusercontent.com" in linked):
        src, linked = _full_size(linked), ""  # the link opens the picture at full size
    alt = image.get("alt")
    call = figure_call(src, alt if isinstance(alt, str) else "", caption, linked)
    node.replace_with(calls.hold(soup, call))


def _rewrite(href: str, path: str, targets: Mapping[str, str], host: str) -> str:
    """A link to another post of the blog (its old address) is a link to its file."""
    parts = urlsplit(href)
    if parts.hostname and parts.hostname.lower().removeprefix("www.") != host.removeprefix("www."):
        return href
    target = targets.get(parts.path)
    if target is None:
        return href
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return posixpath.relpath(target, posixpath.dirname(path)) + fragment


def _config(root: ElementTree.Element, host: str, posts: Sequence[_Entry]) -> dict[str, object]:
    config: dict[str, object] = {}
    title = root.find(f"{ATOM}title")
    if title is not None and (title.text or "").strip():
        config["title"] = " ".join((title.text or "").split())
    config["timezone"] = "UTC"
    if host:
        config["base_url"] = f"https://{host}/"
    config["permalinks"] = {"article": PATTERN}
    names = Counter(e.author for e in posts if e.author and e.author.lower() != "unknown")
    authors = {slugify(name): {"name": name} for name in sorted(names) if slugify(name)}
    if authors:
        config["authors"] = authors
    return config
