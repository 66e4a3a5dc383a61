"""``sitegen import medium EXPORT DEST``: a Medium account's export as a sitegen site.

Medium (Settings → Security and apps → Download your information) gives a
zip of HTML pages: ``posts/DATE_Title-ID.html`` for each story
(``posts/draft_Title-ID.html`` for a draft), each a page with the story's
title, subtitle, body, tags, author, date and canonical link marked up in
microformats (``p-name``, ``p-summary``, ``e-content``, ``p-tag``,
``p-author``, ``dt-published``, ``p-canonical``), and ``profile/profile.html``
(the author). EXPORT is that zip or the folder it was unpacked into.

Stories come in at ``/{slug}/``, the slug Medium gave them (their address
without its id), and each old address on a publication's own domain is an
alias, so links survive when the domain moves to the new site. Medium's
layout around the text (section dividers, the title repeated at the top,
image placeholders) is taken away; its blocks become sitegen's: images with
their captions, rows of images, YouTube and Vimeo embeds, link previews,
pull quotes, code blocks with their language. Images stay on Medium's servers
(the export holds none), a note.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from sitegen.importer.htmlcards import (
    HeldCalls,
    caption_markdown,
    figure_call,
    link_paragraph,
    text_of,
    video_call,
)
from sitegen.importer.model import ImportedArticle, ImportedSite, Note, SourceError
from sitegen.importer.moments import export_moment
from sitegen.importer.write import RESERVED_SLUGS
from sitegen.markdown.fromhtml import html_to_markdown
from sitegen.slugs import slugify

__all__ = ["read_medium_export"]

MEDIUM = "medium.com"
_ID = re.compile(r"-([0-9a-f]{8,16})$")
"""The id Medium ends a story's address with (``/the-title-1a2b3c4d5e6f``)."""


@dataclass(frozen=True, slots=True)
class _Story:
    """One exported page, read: what the footer and header say, and its body."""

    origin: str
    draft: bool
    title: str
    subtitle: str
    body: Tag | None
    date: datetime | None
    author: tuple[str, str] | None
    """Slug and name."""
    author_url: str
    tags: tuple[str, ...]
    canonical: str
    """The story's address on Medium (or its publication's domain)."""
    medium_id: str


def read_medium_export(path: Path) -> ImportedSite:
    """The sitegen site a Medium export (zip or folder) describes; SourceError
    when it holds no story."""
    pages = _pages(path)
    read = (_story(name, text) for name, text in sorted(pages.items()) if _is_post(name))
    stories = [s for s in read if s is not None]
    if not stories:
        raise SourceError(
            f"{path}:1: not a Medium export (no posts/*.html of Medium's stories); download "
            "it from Medium's settings, Security and apps, Download your information"
        )
    notes: list[Note] = []
    slugs = _slugs(stories, notes)
    files = {s.origin: f"content/posts/{_year(s)}/{slugs[s.origin]}.md" for s in stories}
    targets = _targets(stories, files)
    articles = [_article(s, slugs[s.origin], files[s.origin], targets, notes) for s in stories]
    profile = pages.get(next((n for n in pages if n.endswith("profile/profile.html")), ""), "")
    host = _own_host(stories)
    notes.extend(_site_notes(stories, host, articles))
    config: dict[str, object] = {"timezone": "UTC", "permalinks": {"article": "/{slug}/"}}
    if host:
        config["base_url"] = f"https://{host}/"
    authors = _authors(stories, profile)
    if authors:
        config["authors"] = authors
    return ImportedSite(
        config=config,
        articles=tuple(articles),
        notes=tuple(notes),
        source_name="Medium",
    )


def _pages(source: Path) -> dict[str, str]:
    """Path in the export → text, of its HTML pages (the stories and the profile)."""
    found: dict[str, str] = {}
    try:
        if source.is_file():
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    if info.filename.endswith(".html") and not info.is_dir():
                        found[info.filename] = archive.read(info).decode("utf-8", "replace")
        elif source.is_dir():
            for page in sorted(source.rglob("*.html")):
                found[page.relative_to(source).as_posix()] = page.read_text("utf-8", "replace")
    except (OSError, zipfile.BadZipFile) as error:
        raise SourceError(f"{source}: cannot read it: {error}") from None
    return found


def _is_post(name: str) -> bool:
    return PurePosixPath(name).parent.name == "posts"


def _story(name: str, text: str) -> _Story | None:
    """A page of the export as a story; None for a page of another kind."""
    soup = BeautifulSoup(text, "html.parser")
    article = soup.find("article", class_="h-entry")
    if not isinstance(article, Tag):
        return None
    title = text_of(article.find(class_="p-name")) or text_of(soup.find("title"))
    published = article.find(class_="dt-published")
    moment = published.get("datetime") if isinstance(published, Tag) else None
    author = article.find(class_="p-author")
    author_url = str(author.get("href") or "") if isinstance(author, Tag) else ""
    handle = author_url.rpartition("@")[2] if "@" in author_url else ""
    slug = slugify(handle or text_of(author if isinstance(author, Tag) else None))
    canonical_link = article.find(class_="p-canonical")
    canonical = str(canonical_link.get("href") or "") if isinstance(canonical_link, Tag) else ""
    found_id = _ID.search(urlsplit(canonical).path.rstrip("/")) or _ID.search(
        PurePosixPath(name).stem
    )
    body = article.find(class_="e-content")
    return _Story(
        origin=name,
        draft=PurePosixPath(name).name.startswith("draft"),
        title=title,
        subtitle=text_of(article.find(class_="p-summary")),
        body=body if isinstance(body, Tag) else None,
        date=export_moment(moment if isinstance(moment, str) else ""),
        author=(slug, text_of(author) or handle) if slug and isinstance(author, Tag) else None,
        author_url=author_url,
        tags=tuple(text_of(t) for t in article.select(".p-tags a") if text_of(t)),
        canonical=canonical,
        medium_id=found_id.group(1) if found_id else "",
    )


def _year(story: _Story) -> str:
    return str(story.date.year) if story.date is not None else "undated"


def _slugs(stories: Sequence[_Story], notes: list[Note]) -> dict[str, str]:
    """File → slug: the story's address without Medium's id, else its title's; one
    taken, or that would put it at a page of sitegen's own, gets a number."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for story in stories:
        last = urlsplit(story.canonical).path.rstrip("/").rpartition("/")[2]
        named = _ID.sub("", last) if story.medium_id and last != story.medium_id else ""
        if not named:  # a draft's file: draft_Title-ID.html
            named = _ID.sub("", PurePosixPath(story.origin).stem.partition("_")[2])
        wanted = slugify(named) or slugify(story.title) or f"story-{story.medium_id}"
        slug, count = wanted, 2
        while slug in taken or slug in RESERVED_SLUGS:
            slug, count = f"{wanted}-{count}", count + 1
        if slug != wanted:
            notes.append(
                Note(story.origin, 1, f"slug {wanted!r} is taken: this story's is {slug!r}")
            )
        taken.add(slug)
        slugs[story.origin] = slug
    return slugs


def _targets(stories: Sequence[_Story], files: Mapping[str, str]) -> dict[str, str]:
    """Every address a story answered at (its canonical one, ``medium.com/p/ID``) →
    its new file, so links between stories follow them."""
    targets = {}
    for story in stories:
        if story.canonical:
            targets[_key(story.canonical)] = files[story.origin]
        if story.medium_id:
            targets[f"{MEDIUM}/p/{story.medium_id}"] = files[story.origin]
    return targets


def _key(url: str) -> str:
    """A story's address without scheme, query or trailing slash, for lookups."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower().removeprefix("www.") + parts.path.rstrip("/")


def _own_host(stories: Sequence[_Story]) -> str:
    """The publication's own domain, when its stories' addresses name one (not Medium's)."""
    hosts = Counter(
        host
        for s in stories
        for host in [(urlsplit(s.canonical).hostname or "").lower()]
        if host and not host.endswith(MEDIUM)
    )
    return hosts.most_common(1)[0][0] if hosts else ""


def _article(
    story: _Story, slug: str, path: str, targets: Mapping[str, str], notes: list[Note]
) -> ImportedArticle:
    front: dict[str, object] = {"title": story.title or slug.replace("-", " ").capitalize()}
    if story.date is not None and not story.draft:
        front["date"] = story.date
    front["slug"] = slug
    if story.author is not None:
        front["author"] = story.author[0]
    if story.tags:
        front["tags"] = list(story.tags)
    if story.subtitle:
        front["summary"] = story.subtitle
    if story.draft:
        front["draft"] = True
        notes.append(Note(story.origin, 1, "a draft on Medium: a draft here, without a date"))
    body = ""
    if story.body is not None:
        body, found = _body(story, path, targets)
        notes.extend(Note(story.origin, line, message) for line, message in found)
    old = urlsplit(story.canonical)
    own = old.hostname and not old.hostname.lower().endswith(MEDIUM)
    return ImportedArticle(
        path=path,
        front=front,
        body=body,
        origin=story.origin,
        old_urls=(old.path.rstrip("/") or "/",) if own and old.path else (),
    )


def _body(
    story: _Story, path: str, targets: Mapping[str, str]
) -> tuple[str, list[tuple[int, str]]]:
    """The story's markdown: Medium's layout taken away, its blocks rewritten."""
    assert story.body is not None
    body, calls = story.body, HeldCalls()
    notes: list[tuple[int, str]] = []
    soup = BeautifulSoup("", "html.parser")
    first = body.find("hr", class_="section-divider")
    if isinstance(first, Tag):
        first.decompose()  # Medium opens every story with one
    for divider in body.find_all(class_="section-divider"):
        if isinstance(divider, Tag) and divider.name == "div":
            divider.unwrap()
    _drop_repeats(body, story)
    for row in list(body.select(".sectionLayout--outsetRow")):
        if all(child.name == "figure" for child in row.find_all(True, recursive=False)):
            _row_of_images(row, soup, calls)
    for figure in list(body.find_all("figure")):
        if isinstance(figure, Tag) and figure.parent is not None:
            _figure(figure, soup, calls, notes)
    for embed in list(body.select(".graf--mixtapeEmbed")):
        _preview(embed, soup)
    for quote in body.select("blockquote"):
        quote.attrs = {}
    for pre in body.select("pre"):
        _code(pre, soup)
    for anchor in body.find_all("a"):
        href = anchor.get("href") if isinstance(anchor, Tag) else None
        if isinstance(anchor, Tag) and isinstance(href, str):
            anchor["href"] = _rewrite(href, path, targets)
    converted = html_to_markdown(body.decode_contents())
    notes.extend(converted.notes)
    return calls.restore(converted.markdown), notes


_STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")
"""Curly quotes as straight ones, which Medium's title and body may spell apart."""


def _equivalent(first: str, second: str) -> bool:
    """The same words but for spaces, a final stop and the shape of quotes."""

    def plain(text: str) -> str:
        text = re.sub(r"\s", "", text).rstrip(".")
        return text.translate(_STRAIGHT)

    return bool(first) and plain(first) == plain(second)


def _drop_repeats(body: Tag, story: _Story) -> None:
    """Medium repeats the title (and the subtitle) as the body's first lines."""
    heading = body.find(["h1", "h2", "h3", "h4"])
    if isinstance(heading, Tag) and _equivalent(text_of(heading), story.title):
        heading.decompose()
    for subtitle in body.select(".graf--subtitle"):
        if _equivalent(text_of(subtitle), story.subtitle):
            subtitle.decompose()


def _image_call(figure: Tag, caption: str = "") -> str | None:
    image = figure.find("img")
    src = image.get("src") if isinstance(image, Tag) else None
    if not isinstance(image, Tag) or not isinstance(src, str) or not src:
        return None
    alt = image.get("alt")
    link = figure.find("a")
    href = link.get("href") if isinstance(link, Tag) else None
    return figure_call(
        src, alt if isinstance(alt, str) else "", caption, href if isinstance(href, str) else ""
    )


def _row_of_images(row: Tag, soup: BeautifulSoup, calls: HeldCalls) -> None:
    """Images side by side: each a figure, in order, the caption under the last."""
    figures = [f for f in row.find_all("figure") if isinstance(f, Tag)]
    caption = next((c for c in map(caption_markdown, figures) if c), "")
    made = [_image_call(f, caption if i == len(figures) - 1 else "") for i, f in enumerate(figures)]
    held = [calls.hold(soup, call) for call in made if call is not None]
    for piece in reversed(held):
        row.insert_after(piece)
    row.decompose()


def _figure(
    figure: Tag, soup: BeautifulSoup, calls: HeldCalls, notes: list[tuple[int, str]]
) -> None:
    """An image with its caption (the ``figure`` shortcode), or an embed: a YouTube
    or Vimeo video sitegen's shortcode, any other frame left to the converter
    (a link, a note)."""
    frame = figure.find("iframe")
    if isinstance(frame, Tag):
        src = str(frame.get("src") or "")
        call = video_call(_embedded(src))
        if call is not None:
            figure.replace_with(calls.hold(soup, call))
        else:
            figure.unwrap()
        return
    call = _image_call(figure, caption_markdown(figure))
    if call is None:
        figure.unwrap()
        return
    figure.replace_with(calls.hold(soup, call))


def _embedded(src: str) -> str:
    """The address an embed proxy (Embedly, which Medium used) shows, else ``src``."""
    if "embedly.com" in src:
        query = parse_qs(urlsplit(src).query)
        for key in ("src", "url"):
            if query.get(key):
                return unquote(query[key][0])
    return src


def _preview(embed: Tag, soup: BeautifulSoup) -> None:
    """A link preview (Medium's "mixtape"): its linked title and description."""
    anchor = embed.find("a")
    href = anchor.get("href") if isinstance(anchor, Tag) else None
    if not isinstance(href, str) or not href:
        embed.unwrap()
        return
    title = text_of(embed.find("strong")) or href
    description = text_of(embed.find("em"))
    embed.replace_with(link_paragraph(soup, href, title, description, strong=True))


def _code(pre: Tag, soup: BeautifulSoup) -> None:
    """A code block as Medium keeps it (lines as ``<br>``, the language in an
    attribute) as one the converter reads: lines as lines, the language as a class."""
    language = pre.get("data-code-block-lang")
    for br in pre.find_all("br"):
        br.replace_with("\n")
    code_text = pre.get_text().strip("\n")
    lines = code_text.split("\n")
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    pre.clear()
    code = soup.new_tag("code")
    if isinstance(language, str) and language:
        code["class"] = f"language-{language}"
    code.string = "\n".join(x[indent:] for x in lines)
    pre.attrs = {}
    pre.append(code)


def _rewrite(href: str, path: str, targets: Mapping[str, str]) -> str:
    """A link to another story of the export is a link to its file."""
    parts = urlsplit(href)
    if not parts.hostname:
        return href
    target = targets.get(_key(href))
    if target is None:
        return href
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return posixpath.relpath(target, posixpath.dirname(path)) + fragment


def _authors(stories: Sequence[_Story], profile: str) -> dict[str, dict[str, str]]:
    """site.yaml's authors: each story's author by the handle of their Medium
    address, with the profile's name and portrait (never an e-mail address)."""
    authors: dict[str, dict[str, str]] = {}
    for story in stories:
        if story.author is not None:
            slug, name = story.author
            authors.setdefault(slug, {"name": name, "url": story.author_url})
    if profile:
        soup = BeautifulSoup(profile, "html.parser")
        link = soup.find(class_="u-url")
        handle = str(link.get("href") or "").rpartition("@")[2] if isinstance(link, Tag) else ""
        photo = soup.find(class_="u-photo")
        src = photo.get("src") if isinstance(photo, Tag) else None
        own = authors.get(slugify(handle)) if handle else None
        if own is not None and isinstance(src, str) and src.startswith("https://"):
            own["image"] = src
    return dict(sorted(authors.items()))


def _site_notes(
    stories: Sequence[_Story], host: str, articles: Sequence[ImportedArticle]
) -> list[Note]:
    first = stories[0].origin
    notes = []
    if not host:
        notes.append(
            Note(
                first,
                1,
                "the stories were on medium.com, whose addresses cannot follow them: set "
                "base_url, and link to the new site from your Medium profile",
            )
        )
    if any("cdn-images-1.medium.com" in a.body or "miro.medium.com" in a.body for a in articles):
        notes.append(
            Note(
                first,
                1,
                "images stay on Medium's servers (the export holds none): download them "
                "into content/ to serve them from the new site",
            )
        )
    notes.append(
        Note(
            first,
            1,
            "the export does not name the site's title: set title in site.yaml; responses "
            "to other stories, which Medium exports as stories, come in as articles",
        )
    )
    return notes
