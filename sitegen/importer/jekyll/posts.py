"""Jekyll posts as sitegen articles (``sitegen import jekyll``).

Finds the posts as Jekyll does (``_posts/`` at any depth, the folders above it
a post's categories; ``_drafts/``), reads each one's front matter and date as
Jekyll reads them, maps them to sitegen's keys, converts its Liquid
(``liquid.py``) and works out every address it answered at: the permalink
style or pattern, or its own ``permalink``, with Jekyll's ``:title``, and its
``redirect_from`` (the writer makes each an alias).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import html
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen.fences import CODE_SPAN, fenced_lines, spaced_headings
from sitegen.importer.hugo.anchors import keep_heading_ids
from sitegen.importer.hugo.formats import yaml_with_loose_dates
from sitegen.importer.jekyll.liquid import Liquid, PostPlace, site_path
from sitegen.importer.model import ImportedArticle, Note
from sitegen.markdown.fromhtml import html_to_markdown
from sitegen.slugs import article_slug, slug_of_name, slugify

MARKDOWN = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
_POST_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.*)\.([A-Za-z]+)\Z")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's named permalink styles."""
ALWAYS_LEFT = frozenset(
    {"Gemfile", "Gemfile.lock", "node_modules", "vendor", "_site", ".sass-cache", ".jekyll-cache"}
)
_FRONT_ORDER = (
    "title", "date", "updated", "slug", "url", "summary", "author", "authors", "tags", "section",
    "image", "image_alt", "draft", "aliases",
)  # fmt: skip
_DROPPED_KEYS = frozenset(
    {"layout", "permalink", "categories", "category", "published", "redirect_from", "slug",
     "excerpt_separator", "media_subpath", "img_path",
     "render_with_liquid", "redirect_to", "redirect"}
)  # fmt: skip
"""Front matter keys the import turns into something else (or that mean nothing here)."""


@dataclass(frozen=True, slots=True)
class Post:
    path: Path
    origin: str
    """Relative to the site: ``_posts/2024-01-05-a.md``, ``news/_posts/...``."""
    folder_categories: tuple[str, ...]
    draft: bool
    root: Path
    """The Jekyll site's source folder (``source:``; the site's folder by default)."""


@dataclass(slots=True)
class Read:
    post: Post
    front: dict[str, Any]
    body: str
    body_line: int
    date: datetime
    name: str
    """The slug part of the file name (``a-title`` of ``2024-01-05-a-title.md``)."""
    key: str
    """What ``post_url`` names it by: its path below ``_posts/`` without the extension."""
    dest: str
    html: bool
    front_text: str
    """The front matter as written, to find a key's line."""
    defaulted: frozenset[str] = frozenset()
    """Keys only ``_config.yml``'s ``defaults`` gave: the theme's settings for every
    post (``comments: true``), used where sitegen has a place for them but not
    copied into each article as its own."""


def site_folders(
    root: Path, config: Mapping[str, Any], underscored: Callable[[str, str], bool]
) -> Iterator[tuple[Path, str, list[str]]]:
    """Each folder Jekyll reads below its source folder ``root``: its path, its path
    from the source (``""`` for the source) and its file names, in order. Hidden
    folders, ``_site``, ``vendor``... and the configuration's ``exclude`` (a path,
    a folder or a glob, as Jekyll matches them) are left out, unless ``include``
    names them; a folder starting with ``_`` is entered where
    ``underscored(parent, name)`` says."""
    excluded = _patterns(config.get("exclude"))
    included = _patterns(config.get("include"))
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        relative = here.relative_to(root).as_posix()
        relative = "" if relative == "." else relative
        folders[:] = sorted(
            f for f in folders if _entered(relative, f, excluded, included, underscored)
        )
        kept = [n for n in names if not _listed(posixpath.join(relative, n), excluded)]
        yield here, relative, sorted(kept)


def _entered(
    parent: str,
    folder: str,
    excluded: Sequence[str],
    included: Sequence[str],
    underscored: Callable[[str, str], bool],
) -> bool:
    """Whether Jekyll reads the folder ``folder`` of ``parent``: ``exclude`` wins,
    ``include`` brings back a hidden or ``_`` folder."""
    path = posixpath.join(parent, folder)
    if folder in ALWAYS_LEFT or _listed(path, excluded):
        return False
    if folder.startswith("_") and underscored(parent, folder):
        return True
    return not folder.startswith((".", "_")) or _listed(path, included)


def _patterns(value: object) -> tuple[str, ...]:
    """An ``exclude`` or ``include`` list as the paths and globs it gives."""
    items = value if isinstance(value, list) else [value]
    return tuple(str(item).strip().strip("/") for item in items if isinstance(item, str))


def _listed(path: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` (from the source folder) is one of ``patterns`` or inside one,
    or matches one as a glob (``*.gemspec``), as Jekyll's exclude and include read
    (by the start of the path, so ``README`` is ``README.md`` too)."""
    return any(path.startswith(p) or fnmatch.fnmatchcase(path, p) for p in patterns if p)


def is_included(path: str, config: Mapping[str, Any]) -> bool:
    """Whether ``include`` (``.htaccess`` unless the site sets it, as Jekyll's default)
    names the file ``path``, which Jekyll then copies though its name hides it."""
    listed = config.get("include", [".htaccess"])
    return _listed(path, _patterns(listed))


def _in_posts(parent: str, name: str) -> bool:
    """``_posts/`` and ``_drafts/``, and any folder inside them."""
    return name in ("_posts", "_drafts") or "_posts" in parent or "_drafts" in parent


def find_posts(root: Path, config: Mapping[str, Any], shown: str = "") -> list[Post]:
    """The posts and drafts below the source folder ``root``; ``shown``: that folder
    from the site's, which notes name a post's file by (``source/_posts/a.md``)."""
    posts = []
    for here, relative, names in site_folders(root, config, _in_posts):
        parts = relative.split("/") if relative else []
        kind = next((p for p in parts if p in ("_posts", "_drafts")), None)
        if kind is None:
            continue
        above = parts[: parts.index(kind)]
        for name in names:
            if not name.endswith((*MARKDOWN, ".html")) or name.startswith("."):
                continue
            origin = posixpath.join(shown, relative, name)
            posts.append(Post(here / name, origin, tuple(above), kind == "_drafts", root))
    return posts


def front_defaults(config: Mapping[str, Any], post: Post) -> dict[str, Any]:
    """The values ``_config.yml``'s ``defaults`` give the post, merged as Jekyll merges
    them: each scope whose ``path`` (a folder prefix or a glob, from the source
    folder) and ``type`` (``posts``; drafts are posts too) take the post, a longer
    path, then a scope with a type, winning over the others, and a later scope over
    an earlier equal one. Chirpy gives every post its ``permalink`` this way, so
    ignoring them lost every old address."""
    path = post.path.relative_to(post.root).as_posix()
    kinds = {"posts", "post"} | ({"drafts", "draft"} if post.draft else set())
    merged: dict[str, Any] = {}
    chosen: tuple[int, bool] | None = None
    sets = config.get("defaults")
    for entry in sets if isinstance(sets, list) else []:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("values"), Mapping):
            continue
        scope = entry.get("scope")
        scope = scope if isinstance(scope, Mapping) else {}
        where = str(scope.get("path") or "").strip().strip("/")
        kind = scope.get("type")
        if kind is not None and str(kind) not in kinds:
            continue
        if where and not _in_scope(path, where):
            continue
        rank = (len(where), kind is not None)
        if chosen is None or rank >= chosen:
            merged = _deep_merge(merged, entry["values"])
            chosen = rank
        else:
            merged = _deep_merge(entry["values"], merged)
    return merged


def _in_scope(path: str, where: str) -> bool:
    """Whether the file ``path`` is under the scope path ``where`` (a glob when it
    has ``*``), as Jekyll matches it: by whole folder names."""
    if "*" in where:
        return fnmatch.fnmatchcase(path, where) or fnmatch.fnmatchcase(path, f"{where}/*")
    return path == where or path.startswith(f"{where}/")


def _deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over``'s values, mappings merged key by key (Jekyll's
    ``deep_merge_hashes``)."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        if isinstance(below, Mapping) and isinstance(value, Mapping):
            merged[key] = _deep_merge(below, value)
        else:
            merged[key] = value
    return merged


def read_post(
    root: Path,
    post: Post,
    zone: tzinfo,
    notes: list[Note],
    defaults: Mapping[str, Any] | None = None,
) -> Read | None:
    try:
        text = post.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        notes.append(Note(post.origin, 1, f"not imported: cannot be read ({error})"))
        return None
    front, body, body_line = _split(text)
    if front is None:
        notes.append(
            Note(
                post.origin, 1, "not imported: no front matter, so Jekyll did not publish it either"
            )
        )
        return None
    try:
        values = read_yaml(front) if front.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 1 + (mark.line + 1 if mark is not None else 1)
        message = (
            "its front matter is invalid YAML: imported without it, as Jekyll published it "
            "(titled from its file name); mend the front matter to keep its title and tags"
        )
        notes.append(Note(post.origin, line, message))
        values = {}
    if not isinstance(values, dict):
        values = {}
    given = dict(defaults or {})
    defaulted = frozenset(key for key in given if key not in values)
    values = _deep_merge(given, values)  # the post's own front matter wins
    filename = post.path.name
    matched = _POST_NAME.match(filename)
    if matched is None and not post.draft:
        notes.append(
            Note(
                post.origin,
                1,
                "not imported: a post's file name starts with its "
                "date (2024-01-05-title.md), so Jekyll skipped it too",
            )
        )
        return None
    stem = filename.rsplit(".", 1)[0]
    name = matched.group(4) if matched else stem
    if not name:  # 2012-02-26-.md: Jekyll publishes it; its title names it here
        name = article_slug(str(values.get("title") or "")) or "post"
    when = _date(values.get("date"), zone)
    if when is None and values.get("date") is not None:
        message = f"date {values['date']!r} is no date Jekyll reads: the file name's stands in"
        notes.append(Note(post.origin, _line(front, "date"), message))
    if when is None and matched:
        year, month, day = (int(matched.group(i)) for i in (1, 2, 3))
        try:
            when = datetime(year, month, day, tzinfo=zone)
        except ValueError:
            message = "the date in its file name is no date: the file's time stands in"
            notes.append(Note(post.origin, 1, message))
    if when is None:
        modified = datetime.fromtimestamp(post.path.stat().st_mtime, tz=zone)
        when = modified.replace(microsecond=0)
    parts = post.origin.split("/")
    folder = "_drafts" if post.draft else "_posts"
    key = "/".join(parts[parts.index(folder) + 1 :]).rsplit(".", 1)[0]
    prefix = "drafts" if post.draft else ""
    folders = "/".join(p for p in post.folder_categories if p)
    below = posixpath.dirname(key)  # folders inside _posts/: kept, so names never clash
    dest = posixpath.normpath(posixpath.join("content", folders, prefix, below, f"{stem}.md"))
    html = not filename.endswith(MARKDOWN)
    return Read(post, values, body, body_line, when, name, key, dest, html, front, defaulted)


def _line(front: str, key: str) -> int:
    """The file line of a top-level key of the front matter ``front`` (1: not found)."""
    for index, line in enumerate(front.split("\n")):
        if line.startswith(f"{key}:"):
            return index + 2
    return 1


def _split(text: str) -> tuple[str | None, str, int]:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None, text, 1


_DATE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?\Z"
)


def _date(value: object, zone: tzinfo) -> datetime | None:
    """A Jekyll date: YAML's own, or text as Jekyll takes it (``2014-01-09 12:00:00 -0500``)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=zone)
    if not isinstance(value, str):
        return None
    found = _DATE.match(value.strip())
    if found is None:
        return None
    year, month, day, hour, minute, second, offset = found.groups()
    where: tzinfo = zone
    if offset in ("Z", "UTC"):
        where = UTC
    elif offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        where = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=where,
        )
    except ValueError:
        return None


def article(
    read: Read,
    config: Mapping[str, Any],
    pattern: str,
    dests: Mapping[str, str],
    notes: list[Note],
) -> ImportedArticle:
    front, post = read.front, read.post
    origin = post.origin
    line_of = functools.partial(_line, read.front_text)
    title = front.get("title")
    # Jekyll's layouts print a title unescaped, so its entities showed as characters
    # (Special&nbsp;---&nbsp;Characters); a post without one is titled from its
    # slug, each word capitalised.
    title = (
        html.unescape(str(title))
        if title not in (None, "")
        else " ".join(word.capitalize() for word in read.name.split("-"))
    )
    categories = [*post.folder_categories, *_words(front.get("categories"))]
    categories += _words(front.get("category"))
    categories = list(dict.fromkeys(c for c in categories if c))
    tags = list(dict.fromkeys(_words(front.get("tags"))))
    out: dict[str, object] = {"title": title, "date": read.date}
    updated = _date(front.get("last_modified_at") or front.get("modified"), read.date.tzinfo or UTC)
    if updated is not None and updated > read.date:
        out["updated"] = updated
    own = front.get("slug")
    slug = slugify(str(own)) if own not in (None, "") else read.name
    if slugify(title) != slug or not slug_of_name(posixpath.basename(read.dest)[:-3]):
        out["slug"] = slug  # unless the file's name gives it (2012-02-26-.md gives none)
    summary = front.get("excerpt") or front.get("description") or front.get("subtitle")
    if isinstance(summary, str) and summary.strip():
        out["summary"] = summary.strip()
    author = author_name(front.get("author"))
    authors = front.get("authors")
    if not author and isinstance(front.get("author"), list):
        authors = front["author"]  # jekyll-seo-tag and most themes read a list here too
    if author:
        out["author"] = author
    elif isinstance(authors, list) and authors:
        names = [author_name(a) for a in authors if author_name(a)]
        if names:
            out["authors"] = names
    if categories:
        out["section"] = categories[0]
        if len(categories) > 1:
            extra = ", ".join(categories[1:])
            notes.append(
                Note(
                    origin,
                    line_of("categories"),
                    f"categories {extra}: an article "
                    "has one section, the first; the others are tags now",
                )
            )
            tags = list(dict.fromkeys([*tags, *categories[1:]]))
    if tags:
        out["tags"] = tags
    subpath = media_subpath(front)
    out.update(_image(front, title, origin, line_of, notes, subpath))
    if post.draft or front.get("published") is False:
        out["draft"] = True
        why = "a draft in _drafts/" if post.draft else "published: false"
        notes.append(Note(origin, 1, f"imported as a draft ({why}): built with --drafts only"))
    for key, value in front.items():
        if key in read.defaulted:
            continue
        if key not in out and key not in _DROPPED_KEYS and key not in _USED_KEYS:
            out[key] = _yaml_safe(value)
    old = _old_urls(read, categories, pattern, front, origin, line_of, notes)
    if old:
        # An address that differs from the new one only by case would be a second
        # folder that a case-blind disk (a Mac's, a Windows one) takes for the
        # page's own: the article keeps the old address itself.
        new = _new_url(read, out, pattern)
        if old[0] != new and old[0].lower() == new.lower():
            out["url"] = old[0]  # listed in the report, no alias: it is the URL
    place = PostPlace(post.origin, post.root, read.dest, read.body_line, read.front)
    liquid = Liquid(place, config, dests, notes)
    body = liquid.convert(read.body)
    notes.extend(_diagram_notes(body, origin, read.body_line))
    if subpath:
        body = under_subpath(body, subpath)
    if read.html:
        converted = html_to_markdown(body)
        body = converted.markdown
        notes.extend(Note(origin, read.body_line, m) for _, m in converted.notes)
    else:  # links to #a-heading keep landing: kramdown's ids where sitegen's differ
        body = keep_heading_ids(engine_spaced_headings(body, config), _id_style(config))
        separator = front.get("excerpt_separator", config.get("excerpt_separator"))
        body = summary_divider(body, separator)
    ordered = {k: out[k] for k in _FRONT_ORDER if k in out}
    ordered.update((k, v) for k, v in out.items() if k not in ordered)
    return ImportedArticle(read.dest, ordered, body, origin, 1, tuple(old))


def redirect_target(read: Read) -> tuple[str, int] | None:
    """Where a redirecting post sent its readers (jekyll-redirect-from's
    ``redirect_to``, al-folio's ``redirect``), and the line saying so; None for a
    post with content. Such a post is no article: imported, it was an empty page."""
    for key in ("redirect_to", "redirect"):
        value = read.front.get(key)
        value = value[0] if isinstance(value, list) and value else value
        if isinstance(value, str) and value.strip():
            return value.strip(), _line(read.front_text, key)
    return None


def _same_page(url: str) -> str:
    """``url`` as a key that its other spellings share (``/a/``, ``/a``,
    ``/a/index.html``, ``/a.html``)."""
    return url.removesuffix("index.html").removesuffix(".html").rstrip("/") or "/"


def with_redirects(
    articles: Sequence[ImportedArticle],
    moves: Sequence[tuple[Read, ImportedArticle]],
    site_url: str,
    notes: list[Note],
) -> list[ImportedArticle]:
    """``articles`` with the old addresses of each redirecting post (``moves``: the post
    and what it would have been) as aliases of the article it sent readers to, so
    they keep leading there. A target that is no imported article (another site,
    a PDF) has no alias in sitegen: the post is left out with a note naming it,
    rather than published as an empty page."""
    by_url = {
        _same_page(url): index for index, made in enumerate(articles) for url in made.old_urls
    }
    kept = list(articles)
    for read, made in moves:
        target, line = redirect_target(read) or ("", 1)
        local = target.removeprefix(site_url) if site_url else target
        index = by_url.get(_same_page(local)) if local.startswith("/") else None
        if index is not None and made.old_urls:
            joined = (*kept[index].old_urls, *made.old_urls)
            kept[index] = dataclasses.replace(kept[index], old_urls=joined)
            continue
        shown = ", ".join(made.old_urls) or "its address"
        message = (
            f"a redirect to {target}, not imported (no article to alias it to); keep "
            f"{shown} leading there with a redirect on your host"
        )
        notes.append(Note(read.post.origin, line, message))
    return kept


_MERMAID_FENCE = re.compile(r"\A[ \t]*(?:`{3,}|~{3,})[ \t]*mermaid\b", re.IGNORECASE)


def _diagram_notes(body: str, origin: str, body_line: int) -> list[Note]:
    """A note at the first ```` ```mermaid ```` block of a post: the theme (Chirpy's
    ``mermaid: true``, al-folio's) drew it as a diagram, sitegen shows its code, so
    the author learns the picture is gone before a reader does."""
    opened = True
    for index, (line, code) in enumerate(fenced_lines(body)):
        if code and opened and _MERMAID_FENCE.match(line):
            message = (
                "a ```mermaid diagram is shown as its code: sitegen draws no Mermaid "
                "diagrams; make it a picture to keep it"
            )
            return [Note(origin, body_line + index, message)]
        opened = not code
    return []


def markdown_engine(config: Mapping[str, Any]) -> str:
    """The markdown converter Jekyll used (``markdown:``, kramdown when unset), named
    in notes as the site's author chose it: a note about kramdown misleads the
    owner of a redcarpet or rdiscount blog."""
    engine = config.get("markdown")
    return engine.strip() if isinstance(engine, str) and engine.strip() else "kramdown"


MORE = "<!--more-->"


def summary_divider(body: str, separator: object) -> str:
    """The post's first ``excerpt_separator`` (outside code) as sitegen's ``<!--more-->``
    line, so the summary is the text before it, as Jekyll's excerpt was; left, a
    ``~~MORE~~`` showed to readers as a struck-through word. Jekyll's default, a
    blank line, is the first paragraph, which is sitegen's summary already."""
    if not isinstance(separator, str) or not separator.strip():
        return body
    position = 0
    for line, code in fenced_lines(body):
        column = -1 if code else line.find(separator)
        if column >= 0:
            start, end = position + column, position + column + len(separator)
            before = body[:start].rstrip()
            after = body[end:].lstrip(" \t").lstrip("\n")  # the next line's indent kept
            return f"{before}\n\n{MORE}\n\n{after}"
        position += len(line) + 1
    return body


def engine_spaced_headings(body: str, config: Mapping[str, Any]) -> str:
    """``###Heading`` written ``### Heading`` (outside code) when the site's markdown
    engine read it as a heading: rdiscount (Octopress's), redcarpet (unless its
    ``space_after_headers``), maruku, and kramdown with its own input. CommonMark
    needs the space, so the heading showed as text; kramdown's GFM input, Jekyll's
    default, needs it too, and such a post showed it as text there as well."""
    engine = markdown_engine(config).lower()
    settings = config.get(engine)
    settings = settings if isinstance(settings, Mapping) else {}
    if engine == "kramdown" and str(settings.get("input") or "GFM").lower() != "kramdown":
        return body
    extensions = settings.get("extensions")
    if engine == "redcarpet" and "space_after_headers" in (extensions or []):
        return body
    if engine not in ("kramdown", "redcarpet", "rdiscount", "maruku"):
        return body
    return spaced_headings(body)


def hard_wrapped(config: Mapping[str, Any]) -> bool:
    """Whether the site's markdown engine printed each line break of a paragraph as
    a line break: kramdown's GFM input (Jekyll's default) with ``hard_wrap: true``,
    redcarpet with its ``hard_wrap`` extension."""
    engine = markdown_engine(config).lower()
    settings = config.get(engine)
    settings = settings if isinstance(settings, Mapping) else {}
    if engine == "kramdown":
        gfm = str(settings.get("input") or "GFM").lower() != "kramdown"
        return gfm and settings.get("hard_wrap") is True
    extensions = settings.get("extensions")
    return engine == "redcarpet" and isinstance(extensions, list) and "hard_wrap" in extensions


def _id_style(config: Mapping[str, Any]) -> str:
    """How kramdown made heading ids: GitHub's way with Jekyll's default GFM input,
    its own with ``kramdown: {input: kramdown}``."""
    settings = config.get("kramdown")
    written = settings.get("input") if isinstance(settings, Mapping) else None
    return "kramdown" if str(written or "GFM").lower() == "kramdown" else "github"


_USED_KEYS = frozenset(
    {"title", "date", "last_modified_at", "modified", "excerpt", "description", "author",
     "authors", "tags", "image", "image_alt", "subtitle", "cover-img", "share-img",
     "thumbnail-img"}
)  # fmt: skip


def _words(value: object) -> list[str]:
    """Categories or tags: a list, or one string of words separated by spaces."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        return value.split()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    return []


def author_name(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("name")
    return str(value).strip() if isinstance(value, str | int) else ""


def _image(
    front: Mapping[str, Any],
    title: str,
    origin: str,
    line_of: Callable[[str], int],
    notes: list[Note],
    subpath: str = "",
) -> dict[str, object]:
    image = front.get("image")
    alt = front.get("image_alt")
    header = front.get("header")
    if not image and isinstance(header, Mapping):  # Minimal Mistakes' header picture
        image = header.get("image") or header.get("overlay_image") or header.get("teaser")
        alt = alt or header.get("image_description")
        image = site_path(image) if isinstance(image, str) and image else image
    if not image:  # Beautiful Jekyll's: the page's cover, else its share or list picture
        image = next((front[k] for k in _COVERS if front.get(k)), None)
        image = image[0] if isinstance(image, list) and image else image
        if isinstance(image, Mapping):  # a cover slideshow: {path: caption}
            image = next(iter(image), None)
    if isinstance(image, Mapping):  # jekyll-seo-tag's {path, alt}
        alt = alt or image.get("alt")
        image = image.get("path")
    if not isinstance(image, str) or not image.strip():
        return {}
    image = with_subpath(image, subpath)
    if not isinstance(alt, str) or not alt.strip():
        notes.append(
            Note(
                origin,
                line_of("image"),
                f"image {image} has no alt text: its "
                "title stands in; describe the picture in 'image_alt'",
            )
        )
        alt = title
    made: dict[str, object] = {"image": image, "image_alt": alt}
    caption = header.get("caption") if isinstance(header, Mapping) else None
    if isinstance(caption, str) and caption.strip():  # Minimal Mistakes' photo credit
        made["image_credit"] = _plain(caption, origin, line_of("header"), notes)
    return made


_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")


def _plain(text: str, origin: str, line: int, notes: list[Note]) -> str:
    """Markdown of one line (Minimal Mistakes' ``header.caption``) as the plain text
    sitegen's ``image_credit`` is: a link's words kept, its address named in a
    note, the emphasis marks taken out."""
    links = [found.group(2) for found in _LINK.finditer(text) if found.group(2)]
    if links:
        message = (
            f"header.caption is image_credit, in plain text: its link {', '.join(links)} "
            "is not shown"
        )
        notes.append(Note(origin, line, message))
    plain = _LINK.sub(lambda found: found.group(1), text)
    return re.sub(r"(\*\*|__|\*|`)", "", plain).strip()


_COVERS = ("cover-img", "share-img", "thumbnail-img")
"""Beautiful Jekyll's pictures of a post, the one shown first first."""


def media_subpath(front: Mapping[str, Any]) -> str:
    """Chirpy's ``media_subpath`` (``img_path`` before Chirpy 7), from the post or the
    defaults: the folder its pictures' paths are relative to."""
    for key in ("media_subpath", "img_path"):
        value = front.get(key)
        if isinstance(value, str) and value.strip().strip("/"):
            return "/" + value.strip().strip("/")
    return ""


def with_subpath(path: str, subpath: str) -> str:
    """``path`` as Chirpy's ``media-url.html`` made it: below ``subpath`` unless it is a
    full URL (``/a.png`` and ``a.png`` alike are ``/assets/img/post/a.png``)."""
    if not subpath or "//" in path or path.startswith(("data:", "#")):
        return path
    return f"{subpath}/{path.lstrip('/')}"


_MARKDOWN_IMAGE = re.compile(r"(!\[(?:[^\]\\]|\\.)*\]\(\s*<?)([^)\s>]+)")
_HTML_IMAGE = re.compile(r"""(<(?:img|video|audio|source)\b[^>]*?\bsrc\s*=\s*["']?)([^"'\s>]+)""")


def under_subpath(body: str, subpath: str) -> str:
    """Every picture of ``body`` (markdown's ``![x](a.png)``, an ``<img src>``; outside
    code) below Chirpy's ``media_subpath``, as the theme made them: left, each
    path pointed at the site's root, where the file is not."""

    def moved(found: re.Match[str]) -> str:
        return found.group(1) + with_subpath(found.group(2), subpath)

    def outside_code(line: str) -> str:
        parts, position = [], 0
        for span in CODE_SPAN.finditer(line):
            parts.append(
                _HTML_IMAGE.sub(moved, _MARKDOWN_IMAGE.sub(moved, line[position : span.start()]))
            )
            parts.append(span.group(0))
            position = span.end()
        parts.append(_HTML_IMAGE.sub(moved, _MARKDOWN_IMAGE.sub(moved, line[position:])))
        return "".join(parts)

    return "\n".join(line if code else outside_code(line) for line, code in fenced_lines(body))


def _yaml_safe(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _yaml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_yaml_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool | date):
        return value
    return str(value)


# -- the URLs it answered at ------------------------------------------------------


def _old_urls(
    read: Read,
    categories: Sequence[str],
    pattern: str,
    front: Mapping[str, Any],
    origin: str,
    line_of: Callable[[str], int],
    notes: list[Note],
) -> list[str]:
    if read.post.draft or front.get("published") is False:
        return []
    own = front.get("permalink")
    template = str(own) if isinstance(own, str) and own else pattern
    template = STYLES.get(template, template)
    url = _expand(template, read, categories)
    if url is None:
        where = line_of("permalink") if own else 1
        notes.append(
            Note(
                origin,
                where,
                f"its Jekyll URL ({template}) could not be worked "
                "out: no alias keeps its old address",
            )
        )
        return []
    urls = [url]
    if url.endswith("/index.html"):
        urls.append(url.removesuffix("index.html"))
    redirects = front.get("redirect_from")
    for old in redirects if isinstance(redirects, list) else [redirects]:
        if isinstance(old, str) and old.strip():
            urls.append("/" + old.strip().lstrip("/"))
    return urls


def _new_url(read: Read, front: Mapping[str, object], pattern: str) -> str:
    """The address sitegen gives the imported article, by the pattern site.yaml gets
    (dated when the Jekyll permalink was)."""
    written = front.get("slug")
    slug = article_slug(str(written)) if written else slug_of_name(read.post.path.stem)
    if ":year" in pattern or ":month" in pattern or ":day" in pattern:
        when = read.date
        return f"/{when.year:04d}/{when.month:02d}/{when.day:02d}/{slug}/"
    return f"/articles/{slug}/"


_NOT_PRETTY = re.compile(r"(?:[^\w.~!$&'()+,;=@]|_)+")


def _pretty(text: str) -> str:
    """Jekyll's ``slugify`` in its ``pretty`` mode, case kept, as ``:title`` takes the
    file name: ``Python Study : Orientation`` is ``Python-Study-Orientation``."""
    return _NOT_PRETTY.sub("-", text).strip("-")


def _default_slug(text: str) -> str:
    """Jekyll's ``slugify`` in its default mode, as ``:slugified_categories`` (Jekyll
    4.1) takes each category: runs of what is no letter or digit are one ``-``,
    lower case (``Web Dev`` is ``web-dev``)."""
    return re.sub(r"[^\w]+|_+", "-", text).strip("-").lower()


def _expand(template: str, read: Read, categories: Sequence[str]) -> str | None:
    when = read.date
    own = read.front.get("slug")
    slug = slugify(str(own)) if own not in (None, "") else read.name
    values = {
        "year": f"{when.year:04d}",
        "short_year": f"{when.year % 100:02d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "short_month": when.strftime("%b"),
        "long_month": when.strftime("%B"),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "title": _pretty(slug),
        "slug": slugify(slug) or slug,
        "name": read.name,
        "categories": "/".join(c.lower().replace(" ", "%20") for c in categories),
        "slugified_categories": "/".join(_default_slug(c) for c in categories),
        "output_ext": ".html",
    }
    unknown = False

    def value(found: re.Match[str]) -> str:
        nonlocal unknown
        name = found.group(1)
        if name not in values:
            unknown = True
            return ""
        return values[name]

    expanded = re.sub(r":([a-z_]+)", value, template)
    if unknown:
        return None
    url = "/" + re.sub(r"/{2,}", "/", expanded).lstrip("/")
    return url


def read_yaml(text: str) -> Any:
    """``text`` as YAML as Jekyll's Psych reads it: a timestamp that names no real
    moment (WordPress's ``0000-00-00 00:00:00`` for a draft's ``date_gmt``) stays
    text, where PyYAML raised ``ValueError`` and stopped the whole import."""
    return yaml_with_loose_dates(text)
