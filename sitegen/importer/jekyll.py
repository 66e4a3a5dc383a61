"""``sitegen import jekyll``: a Jekyll site → an :class:`ImportedSite`.

Jekyll posts are markdown with YAML front matter, so they nearly build as they
are; what a move loses without an import is the rest. Jekyll runs Liquid over
every post before the markdown: ``{% highlight %}``, ``{% post_url %}``,
``{{ site.baseurl }}`` and the ``relative_url`` filter would print as typed.
Jekyll's URLs come from ``permalink`` (``/:categories/:year/:month/:day/:title.html``
by default), which no sitegen pattern spells, so every old address must live on
as an alias. And the post's categories, its ``published: false``, its
``redirect_from`` and the files beside the posts (``assets/``, ``images/``)
each have a place in sitegen that is not their name in Jekyll.

The steps: read ``_config.yml``; find every post (``_posts/`` at any depth, the
folders above it its categories, as Jekyll reads them; ``_drafts/`` as drafts);
map each one's front matter and the URLs it answered at; turn its Liquid into
what sitegen writes (``_Liquid``); copy the static files into ``content/``.
The shared writer reads the result back with sitegen's rules, makes every old
URL that is not the new one an alias, and writes the report. Whatever has no
equivalent (an ``{% include %}``, a page outside the posts, a Sass file) is a
note at its line, never dropped without a word.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen.importer.html import html_to_markdown
from sitegen.importer.hugo.site import GENERATED, GENERATED_FOLDERS
from sitegen.importer.model import CopiedFile, ImportedArticle, ImportedSite, Note, SourceError
from sitegen.markdown.code import fence_attributes
from sitegen.slugs import article_slug, slug_of_name, slugify

__all__ = ["read_jekyll_site"]

MARKDOWN = (".md", ".markdown", ".mkd", ".mkdn", ".mdown")
_POST_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.+)\.([A-Za-z]+)\Z")
_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's named permalink styles."""
_ALWAYS_LEFT = frozenset(
    {"Gemfile", "Gemfile.lock", "node_modules", "vendor", "_site", ".sass-cache", ".jekyll-cache"}
)
_FRONT_ORDER = (
    "title", "date", "updated", "slug", "url", "summary", "author", "authors", "tags", "section",
    "image", "image_alt", "draft", "aliases",
)  # fmt: skip
_DROPPED_KEYS = frozenset(
    {"layout", "permalink", "categories", "category", "published", "redirect_from", "slug"}
)
"""Front matter keys the import turns into something else (or that mean nothing here)."""


def read_jekyll_site(path: Path) -> ImportedSite:
    """The sitegen site for the Jekyll site in ``path``; SourceError when it is none."""
    root = path
    config, config_name = _read_config(root)
    posts = _find_posts(root, config)
    if not posts:
        raise SourceError(f"{root}: no posts to import (no _posts/ folder with posts)")
    zone = _zone(config)
    pattern = str(config.get("permalink") or "date")
    pattern = _STYLES.get(pattern, pattern)
    notes: list[Note] = []
    read = [_read_post(root, post, zone, notes) for post in posts]
    found = [post for post in read if post is not None]
    dests = {post.key: post.dest for post in found}
    articles = [_article(post, config, pattern, dests, notes) for post in found]
    files, file_notes = _static_files(root, config)
    notes.extend(file_notes)
    notes.extend(_config_notes(root, config, config_name))
    site = _site_yaml(root, config, pattern, notes, config_name)
    if any("$$" in post.body for post in found):  # kramdown's math
        site["markdown"] = {"math": True}
        message = (
            "posts write TeX between $$, which kramdown read as math for MathJax; the new "
            "site sets it as MathML itself (markdown.math: true)"
        )
        notes.append(Note(config_name, 1, message))
    return ImportedSite(
        config=site,
        articles=tuple(articles),
        files=tuple(files),
        notes=tuple(sorted(notes)),
        other_urls={"/": "/", "/feed.xml": "/feed.xml"},
        source_name="Jekyll",
    )


# -- the configuration ---------------------------------------------------------------


def _read_config(root: Path) -> tuple[dict[str, Any], str]:
    for name in ("_config.yml", "_config.yaml"):
        path = root / name
        if not path.is_file():
            continue
        try:
            values = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            raise SourceError(f"{path}:{line}: invalid YAML") from None
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(f"{path}: cannot be read ({error})") from None
        if values is not None and not isinstance(values, dict):
            raise SourceError(f"{path}:1: the configuration must be keys with values")
        return dict(values or {}), name
    if not (root / "_posts").is_dir():
        raise SourceError(f"{root}: not a Jekyll site (no _config.yml and no _posts/)")
    return {}, "_config.yml"


def _zone(config: Mapping[str, Any]) -> tzinfo:
    import zoneinfo

    name = config.get("timezone")
    if isinstance(name, str) and name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return UTC
    return UTC


def _site_yaml(
    root: Path, config: Mapping[str, Any], pattern: str, notes: list[Note], config_name: str
) -> dict[str, object]:
    url = str(config.get("url") or "").rstrip("/")
    base = str(config.get("baseurl") or "").strip("/")
    if not url.startswith(("http://", "https://")):
        notes.append(
            Note(
                config_name,
                1,
                "no 'url' in the configuration: base_url is a stand-in, "
                "https://example.org/; set your address in site.yaml",
            )
        )
        url = "https://example.org"
    values: dict[str, object] = {
        "title": str(config.get("title") or "Untitled"),
        "base_url": f"{url}/{base}/" if base else f"{url}/",
    }
    if isinstance(config.get("description"), str):
        values["description"] = config["description"]
    language = config.get("lang") or config.get("locale")
    if isinstance(language, str) and language:
        values["language"] = language.replace("_", "-")
    if isinstance(config.get("timezone"), str):
        values["timezone"] = config["timezone"]
    paginate = config.get("paginate")
    if isinstance(paginate, int) and not isinstance(paginate, bool) and paginate > 0:
        values["paginate"] = paginate
    dated = ":year" in pattern or ":month" in pattern or ":day" in pattern
    values["permalinks"] = {
        "article": "/{year}/{month}/{day}/{slug}/" if dated else "/articles/{slug}/"
    }
    author = _name(config.get("author"))
    if author:
        values["default_author"] = author
    authors = _data_authors(root)
    if authors:
        values["authors"] = authors
    return values


_AUTHOR_FIELDS = {
    "name": ("name", "display_name", "title"),
    "bio": ("bio", "description", "about"),
    "url": ("url", "web", "website", "homepage", "uri"),
    "image": ("image", "avatar", "picture", "photo"),
}
"""sitegen's author fields and the names themes give them in ``_data/authors.yml``."""


def _data_authors(root: Path) -> dict[str, dict[str, str]]:
    """``_data/authors.yml`` (the file many themes read a post's ``author`` key in) as
    site.yaml ``authors``: each key's name, bio, home page and portrait."""
    path = root / "_data" / "authors.yml"
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(loaded, Mapping):
        return {}
    authors: dict[str, dict[str, str]] = {}
    for key, entry in loaded.items():
        if not isinstance(entry, Mapping):
            continue
        info = {}
        for field_name, names in _AUTHOR_FIELDS.items():
            value = next((entry[n] for n in names if isinstance(entry.get(n), str)), "")
            if value.strip():
                info[field_name] = value.strip()
        if "name" in info:
            authors[slugify(str(key))] = info
    return authors


_NOT_CARRIED = {
    "_layouts": "_layouts/ (Liquid templates) is not carried over: sitegen's templates are "
    "Jinja; copy one from its theme to layouts/ to change it",
    "_includes": "_includes/ is not carried over: each {% include %} of a post is a note; "
    "port the ones you need as shortcodes (layouts/shortcodes/)",
    "_sass": "_sass/ is not carried over: sitegen's own theme styles the site",
    "_data": "_data/ is not carried over (but authors.yml, which is site.yaml's authors "
    "now): sitegen templates do not read data files",
}
"""Jekyll folders the import leaves behind, and what to do instead."""


def _config_notes(root: Path, config: Mapping[str, Any], config_name: str) -> list[Note]:
    notes = [
        Note(f"{folder}/", 1, message)
        for folder, message in _NOT_CARRIED.items()
        if (root / folder).is_dir()
    ]
    if config.get("theme") or config.get("remote_theme"):
        notes.append(
            Note(
                config_name,
                1,
                "the theme is not carried over: sitegen renders with its own templates (layouts/)",
            )
        )
    plugins = config.get("plugins") or config.get("gems") or []
    for plugin in plugins if isinstance(plugins, list) else []:
        if plugin in ("jekyll-feed", "jekyll-sitemap", "jekyll-seo-tag", "jekyll-redirect-from"):
            continue  # sitegen does what they did: feed, sitemap, metadata, redirects
        notes.append(Note(config_name, 1, f"plugin {plugin} is not carried over"))
    if config.get("paginate"):
        notes.append(
            Note(
                config_name,
                1,
                "Jekyll's pages /page2/, /page3/... are /page/2/, "
                "/page/3/... now: redirect them on your host",
            )
        )
    return notes


# -- the posts -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Post:
    path: Path
    origin: str
    """Relative to the site: ``_posts/2024-01-05-a.md``, ``news/_posts/...``."""
    folder_categories: tuple[str, ...]
    draft: bool
    root: Path
    """The Jekyll site's folder."""


@dataclass(slots=True)
class _Read:
    post: _Post
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


def _find_posts(root: Path, config: Mapping[str, Any]) -> list[_Post]:
    excluded = {str(e).strip("/") for e in config.get("exclude") or [] if isinstance(e, str)}
    posts = []
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        relative = here.relative_to(root).as_posix()
        relative = "" if relative == "." else relative
        folders[:] = sorted(
            f
            for f in folders
            if not f.startswith(".")
            and f not in _ALWAYS_LEFT
            and posixpath.join(relative, f) not in excluded
            and (
                not f.startswith("_")
                or f in ("_posts", "_drafts")
                or "_posts" in relative
                or "_drafts" in relative
            )
        )
        parts = relative.split("/") if relative else []
        kind = next((p for p in parts if p in ("_posts", "_drafts")), None)
        if kind is None:
            continue
        above = parts[: parts.index(kind)]
        for name in sorted(names):
            if not name.endswith((*MARKDOWN, ".html")) or name.startswith("."):
                continue
            origin = posixpath.join(relative, name)
            posts.append(_Post(here / name, origin, tuple(above), kind == "_drafts", root))
    return posts


def _read_post(root: Path, post: _Post, zone: tzinfo, notes: list[Note]) -> _Read | None:
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
        values = yaml.safe_load(front) if front.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 1 + (mark.line + 1 if mark is not None else 1)
        notes.append(Note(post.origin, line, "not imported: its front matter is invalid YAML"))
        return None
    if not isinstance(values, dict):
        values = {}
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
    return _Read(post, values, body, body_line, when, name, key, dest, html, front)


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


def _article(
    read: _Read,
    config: Mapping[str, Any],
    pattern: str,
    dests: Mapping[str, str],
    notes: list[Note],
) -> ImportedArticle:
    front, post = read.front, read.post
    origin = post.origin
    line_of = functools.partial(_line, read.front_text)
    title = front.get("title")
    title = str(title) if title not in (None, "") else read.name.replace("-", " ").capitalize()
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
    if slugify(title) != slug:
        out["slug"] = slug
    summary = front.get("excerpt") or front.get("description")
    if isinstance(summary, str) and summary.strip():
        out["summary"] = summary.strip()
    author = _name(front.get("author"))
    authors = front.get("authors")
    if author:
        out["author"] = author
    elif isinstance(authors, list) and authors:
        out["authors"] = [_name(a) for a in authors if _name(a)]
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
    out.update(_image(front, title, origin, line_of, notes))
    if post.draft or front.get("published") is False:
        out["draft"] = True
        why = "a draft in _drafts/" if post.draft else "published: false"
        notes.append(Note(origin, 1, f"imported as a draft ({why}): built with --drafts only"))
    for key, value in front.items():
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
    liquid = _Liquid(read, config, dests, notes)
    body = liquid.convert(read.body)
    if read.html:
        converted = html_to_markdown(body)
        body = converted.markdown
        notes.extend(Note(origin, read.body_line, m) for _, m in converted.notes)
    ordered = {k: out[k] for k in _FRONT_ORDER if k in out}
    ordered.update((k, v) for k, v in out.items() if k not in ordered)
    return ImportedArticle(read.dest, ordered, body, origin, 1, tuple(old))


_USED_KEYS = frozenset(
    {"title", "date", "last_modified_at", "modified", "excerpt", "description", "author",
     "authors", "tags", "image", "image_alt"}
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


def _name(value: object) -> str:
    if isinstance(value, Mapping):
        value = value.get("name")
    return str(value).strip() if isinstance(value, str | int) else ""


def _image(
    front: Mapping[str, Any],
    title: str,
    origin: str,
    line_of: Callable[[str], int],
    notes: list[Note],
) -> dict[str, object]:
    image = front.get("image")
    alt = front.get("image_alt")
    header = front.get("header")
    if not image and isinstance(header, Mapping):  # Minimal Mistakes' header picture
        image = header.get("image") or header.get("overlay_image") or header.get("teaser")
        alt = alt or header.get("image_description")
        image = _site_path(image) if isinstance(image, str) and image else image
    if isinstance(image, Mapping):  # jekyll-seo-tag's {path, alt}
        alt = alt or image.get("alt")
        image = image.get("path")
    if not isinstance(image, str) or not image.strip():
        return {}
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
    return {"image": image, "image_alt": alt}


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
    read: _Read,
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
    template = _STYLES.get(template, template)
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


def _new_url(read: _Read, front: Mapping[str, object], pattern: str) -> str:
    """The address sitegen gives the imported article (``_site_yaml``'s pattern)."""
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


def _expand(template: str, read: _Read, categories: Sequence[str]) -> str | None:
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


# -- Liquid ------------------------------------------------------------------------

_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.DOTALL)
_OUTPUT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_QUOTED = re.compile(r"""\A(["'])(.*?)\1\s*\|\s*(relative_url|absolute_url)\s*\Z""")
_PLACEHOLDER = re.compile(r"\x00raw(\d+)\n*\x00")
_IAL = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$\n?", re.MULTILINE)
"""A kramdown attribute list on a line of its own (``{: .lead}``)."""
_TOC = re.compile(r"^[ \t]*[*+-][ \t]+[^\n]*\n[ \t]*\{:toc\b[^}\n]*\}[ \t]*$\n?", re.MULTILINE)
"""kramdown's table of contents: a one-item list and ``{:toc}`` under it."""
_KRAMDOWN_COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.DOTALL)
"""kramdown's comment extension: nothing of it is shown."""
_KRAMDOWN_MARKER = re.compile(r"\{::(?:nomarkdown|options)\b[^}\n]*?/?\}|\{:/(?:nomarkdown)?\}")
"""kramdown's nomarkdown (its HTML stays as it is, which is how raw HTML reads here)
and options markers."""
_SPAN_IAL = re.compile(r"(?<=[`*_\])])\{:[^}\n]*\}")
"""A kramdown attribute list right after a span (`` `x`{:.language-ruby} ``)."""
_GIST_SCRIPT = re.compile(
    r'<script\s+src="https://gist\.github\.com/([\w-]+)/(\w+)\.js(?:\?file=([^"&]+))?"\s*>'
    r"\s*</script>"
)
"""A gist embedded by its script, which sanitized HTML drops."""
_VIDEO_FRAME = re.compile(
    r"<iframe\b[^>]*?\bsrc=[\"'](?:https?:)?//(?:"
    r"(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)|player\.vimeo\.com/video/(\d+)"
    r")[^\"']*[\"'][^>]*>\s*</iframe>",
    re.IGNORECASE,
)
"""A YouTube or Vimeo player embedded by its iframe, which sanitized HTML drops."""


class _Liquid:
    """A post's Liquid as what Jekyll made of it: code blocks, links to posts and
    files, the site's base path (sitegen adds its own), the values of ``page`` and
    ``site``. A tag with no equivalent (``include``, ``if``) is left out with a
    note at its line; what is between ``{% raw %}`` tags stays as typed."""

    def __init__(
        self, read: _Read, config: Mapping[str, Any], dests: Mapping[str, str], notes: list[Note]
    ) -> None:
        self.read = read
        root = read.post.root
        self.config = config
        self.dests = dests
        self.notes = notes
        self.raw: list[str] = []
        self.root = root
        self.captured: dict[str, str] = {}
        """What ``{% capture name %}`` blocks hold, by name."""

    def convert(self, body: str) -> str:
        body = self._blocks(body)
        body = _TAG.sub(self._tag, body)
        body = _OUTPUT.sub(self._output, body)
        body = _KRAMDOWN_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        body = _KRAMDOWN_MARKER.sub("", body)
        body = _GIST_SCRIPT.sub(self._gist, body)
        body = _VIDEO_FRAME.sub(self._video, body)
        attributes = _TOC.search(body) or _IAL.search(body) or _SPAN_IAL.search(body)
        if attributes is not None:
            message = (
                "kramdown attribute lists ({: .class}, {:toc}) left out: sitegen shows "
                "its own table of contents"
            )
            self._note(body, attributes, message)
            body = _SPAN_IAL.sub("", _IAL.sub("", _TOC.sub("", body)))
        return self._restored(body)

    def find(self, path: str) -> str:
        """``path`` where the site has it: as written, else in the usual picture
        folders (an ``image.html`` include often names the file alone)."""
        for folder in ("", "images/", "assets/images/", "assets/img/", "img/"):
            if (self.root / folder / path).is_file():
                return folder + path
        return path

    def _keep(self, text: str, lines: str = "") -> str:
        """A placeholder for ``text``, which no later pass reads; ``lines`` (newlines)
        keep the lines of what it stands for, so notes after it find their lines."""
        self.raw.append(text)
        return f"\x00raw{len(self.raw) - 1}{lines}\x00"

    def _restored(self, text: str) -> str:
        """``text`` with every placeholder put back, those inside others too."""
        for _ in range(len(self.raw) + 1):
            if "\x00raw" not in text:
                break
            text = _PLACEHOLDER.sub(lambda m: self.raw[int(m.group(1))], text)
        return text

    def _video(self, found: re.Match[str]) -> str:
        youtube, vimeo = found.group(1), found.group(2)
        return self._keep(_call("youtube", youtube) if youtube else _call("vimeo", vimeo))

    def _gist(self, found: re.Match[str]) -> str:
        user, key, file = found.groups()
        return self._keep(_call("gist", user, key, *([file] if file else [])))

    def _blocks(self, body: str) -> str:
        """The tags that enclose text: raw (first: it may hold the others' tags),
        comment, then highlight, whose code Jekyll renders as Liquid too."""

        def block(kind: str) -> re.Pattern[str]:
            return re.compile(
                rf"\{{%-?\s*({kind})\b(.*?)-?%\}}(.*?)\{{%-?\s*end\1\s*-?%\}}", re.DOTALL
            )

        def replace(found: re.Match[str]) -> str:
            kind, arguments, inner = found.group(1), found.group(2).strip(), found.group(3)
            lines = "\n" * found.group(0).count("\n")  # kept, so notes find their lines
            if kind == "comment":
                return lines
            if kind == "raw":
                return self._keep(inner, lines)
            if kind == "capture":  # {{ name }} shows it where the post puts it
                made = _OUTPUT.sub(self._output, _TAG.sub(self._tag, inner))
                self.captured[arguments.split()[0] if arguments else ""] = made.strip("\n")
                return lines
            inner = _OUTPUT.sub(self._output, _TAG.sub(self._tag, inner))
            words = arguments.split()
            language = words[0] if words else ""
            marked = re.search(r"""mark_lines\s*=\s*["']([\d\s]+)["']""", arguments)
            numbered = any(w.split("=")[0] == "linenos" for w in words[1:])
            picked = ["linenos=true"] if numbered else []
            picked += [f"hl_lines={marked.group(1).strip()}"] if marked else []
            options = fence_attributes(",".join(picked)) if language else ""
            code = inner.strip("\n")
            longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
            fence = "`" * max(3, longest + 1)
            info = f"{language} {options}".strip()
            return self._keep(f"{fence}{info}\n{code}\n{fence}", lines)

        for kind in ("raw", "comment", "capture", "highlight"):
            body = block(kind).sub(replace, body)
        return body

    def _tag(self, found: re.Match[str]) -> str:
        name, arguments = found.group(1), found.group(2).strip()
        if name == "post_url":
            return self._to_post(arguments, found)
        made = None
        if name == "include":
            made = _include(arguments, self.read.front, self.find)
        elif name in ("gist", "youtube", "vimeo"):
            made = _embed(name, arguments.split())
        if made is not None:  # a shortcode call, which the {{ }} pass must not read
            return self._keep(made)
        if name == "link":
            target = arguments.strip().strip("'\"")
            if "_posts/" in target:
                key = target.split("_posts/", 1)[1].rsplit(".", 1)[0]
                return self._to_post(key, found)
            return "/" + target.lstrip("/")
        what = f"{{% {name} %}}" if name != "include" else f"{{% include {arguments} %}}"
        hint = "; port it as a shortcode (layouts/shortcodes/)" if name == "include" else ""
        if name == "include" and arguments.split()[0].removesuffix(".html") == "toc":
            hint = ": sitegen shows its own table of contents (from three ## sections)"
        self._note(found.string, found, f"Liquid {what} left out{hint}")
        return ""

    def _to_post(self, key: str, found: re.Match[str]) -> str:
        key = key.strip().strip("'\"")
        dest = self.dests.get(key) or next(
            (d for k, d in self.dests.items() if k.rsplit("/", 1)[-1] == key), None
        )
        if dest is None:
            self._note(found.string, found, f"post_url {key} names no imported post: left out")
            return ""
        return posixpath.relpath(dest, posixpath.dirname(self.read.dest))

    def _output(self, found: re.Match[str]) -> str:
        expression = found.group(1).strip()
        name, _, filters = expression.partition("|")
        if name.strip() in self.captured:
            text = self.captured[name.strip()]
            # markdownify: markdown, which needs blank lines to be read inside HTML
            return f"\n\n{text}\n\n" if "markdownify" in filters else text
        if expression in ("site.baseurl", "site.url", "site.url | append: site.baseurl"):
            return ""
        quoted = _QUOTED.match(expression)
        if quoted:
            return "/" + quoted.group(2).lstrip("/")
        for scope, values in (("page.", self.read.front), ("site.", self.config)):
            if expression.startswith(scope):
                value = values.get(expression[len(scope) :])
                if isinstance(value, str | int | float) and not isinstance(value, bool):
                    return str(value)
        self._note(found.string, found, f"Liquid {{{{ {expression} }}}} left out")
        return ""

    def _note(self, text: str, found: re.Match[str], message: str) -> None:
        line = self.read.body_line + text.count("\n", 0, found.start())
        self.notes.append(Note(self.read.post.origin, line, message))


_ARGUMENT = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _call(name: str, *positional: str, **named: str) -> str:
    """A sitegen shortcode call, every value quoted (``{{< figure src="a.png" />}}``)."""

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    parts = [name, *(quoted(v) for v in positional)]
    parts += [f"{key}={quoted(value)}" for key, value in named.items() if value]
    return "{{< " + " ".join(parts) + " />}}"


def _first(values: Mapping[str, str], *names: str) -> str:
    return next((values[n] for n in names if values.get(n) and values[n] != "yes"), "")


def _include(
    arguments: str, front: Mapping[str, Any], find: Callable[[str], str] = str
) -> str | None:
    """The includes themes ship that have a sitegen equivalent: Minimal Mistakes'
    ``figure``, ``gallery`` (its pictures listed in the front matter) and ``video``,
    the common ``image.html``; None for any other. ``find``: where a picture named
    without its folder is (image.html themes read ``chart.png`` from ``images/``)."""
    words = arguments.split(None, 1)
    if not words:
        return None
    file = words[0].removesuffix(".html")
    values = {
        m.group(1): next(g for g in m.groups()[1:] if g is not None)
        for m in _ARGUMENT.finditer(words[1] if len(words) > 1 else "")
    }
    if file in ("figure", "image", "img", "picture"):
        # Themes name the picture and its words in many ways (image.html is
        # written anew by each): the first of each that the call gives.
        src = _first(values, "image_path", "src", "img", "image", "file", "path", "url")
        if not src:
            return None
        src = src if re.match(r"[a-z]+://", src) else "/" + find(src.lstrip("/"))
        alt = _first(values, "alt", "description", "title", "caption", "text")
        caption = _first(values, "caption", "title", "text", "description")
        return _call("figure", src=src, alt=alt, caption=caption)
    if file == "gallery":
        return _gallery(front.get(values.get("id") or "gallery"), values.get("caption", ""))
    if file == "video" and values.get("id"):
        provider = values.get("provider", "youtube")
        return _embed(provider, [values["id"]])
    return None


def _site_path(path: str) -> str:
    """A theme's ``assets/x.png`` (relative to the site) as ``/assets/x.png``."""
    return path if re.match(r"[a-z]+://", path) or path.startswith("/") else "/" + path


def _gallery(items: object, caption: str) -> str | None:
    """A Minimal Mistakes gallery: a figure for each picture of the front matter's
    list (thumbnail, link to the full picture, alt text, title as caption), then
    the gallery's caption."""
    if not isinstance(items, list):
        return None
    figures = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        src = item.get("image_path") or item.get("url")
        if not isinstance(src, str) or not src:
            continue
        link = item.get("url") if isinstance(item.get("url"), str) else ""
        figures.append(
            _call(
                "figure",
                src=_site_path(src),
                link=_site_path(link) if link and link != src else "",
                alt=str(item.get("alt") or ""),
                caption=str(item.get("title") or ""),
            )
        )
    if not figures:
        return None
    return "\n\n".join([*figures, caption] if caption else figures)


def _embed(name: str, words: Sequence[str]) -> str | None:
    """``{% gist user/id [file] %}``, ``{% youtube id %}``, ``{% vimeo id %}``: sitegen's
    own (a link to the gist or the video, no player)."""
    if not words:
        return None
    if name == "gist":
        user, _, key = words[0].strip("'\"").rpartition("/")
        if not user:
            return f"<https://gist.github.com/{key}>"
        return _call("gist", user, key, *(w.strip("'\"") for w in words[1:2]))
    if name in ("youtube", "vimeo"):
        return _call(name, words[0].strip("'\""))
    return None


# -- files beside the posts ----------------------------------------------------------


def _static_files(root: Path, config: Mapping[str, Any]) -> tuple[list[CopiedFile], list[Note]]:
    """Every file Jekyll copied as it was (no front matter) → ``content/``, served at
    the same address; a page or a Sass file (Jekyll rendered them) is a note."""
    excluded = {str(e).strip("/") for e in config.get("exclude") or [] if isinstance(e, str)}
    copies: list[CopiedFile] = []
    notes: list[Note] = []
    for directory, folders, names in os.walk(root):
        here = Path(directory)
        relative = here.relative_to(root).as_posix()
        relative = "" if relative == "." else relative
        folders[:] = sorted(
            f
            for f in folders
            if not f.startswith((".", "_"))
            and f not in _ALWAYS_LEFT
            and posixpath.join(relative, f) not in excluded
        )
        for name in sorted(names):
            path = posixpath.join(relative, name)
            if name.startswith((".", "_")) or name in _ALWAYS_LEFT or path in excluded:
                continue
            if name.endswith((".gemspec", ".lock")) or name in ("CNAME",):
                continue
            if path in GENERATED or path.startswith(GENERATED_FOLDERS):
                notes.append(Note(path, 1, f"not copied: sitegen writes /{path} itself"))
                continue
            if name.endswith((".scss", ".sass")):
                notes.append(
                    Note(
                        path,
                        1,
                        "not imported: a Sass style sheet; sitegen's theme "
                        "styles the site (put your own styles in layouts/static/)",
                    )
                )
                continue
            if _has_front_matter(here / name) or name.endswith(MARKDOWN):
                notes.append(
                    Note(
                        path,
                        1,
                        "not imported: a page, not a post; recreate it as "
                        "an article, or as a template in layouts/",
                    )
                )
                continue
            copies.append(CopiedFile(here / name, f"content/{path}"))
    return copies, notes


def _has_front_matter(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4).rstrip(b"\r\n") == b"---"
    except OSError:
        return False
