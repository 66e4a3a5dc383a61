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

The steps: read ``_config.yml`` (here); find and read every post, map its
front matter and the URLs it answered at (``posts.py``); turn its Liquid into
what sitegen writes (``liquid.py``); copy the static files into ``content/``
(here).
The shared writer reads the result back with sitegen's rules, makes every old
URL that is not the new one an alias, and writes the report. Whatever has no
equivalent (an ``{% include %}``, a page outside the posts, a Sass file) is a
note at its line, never dropped without a word.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen.fences import CODE_SPAN, fenced_lines
from sitegen.importer.hugo.site import GENERATED, GENERATED_FOLDERS
from sitegen.importer.jekyll.posts import (
    ALWAYS_LEFT,
    MARKDOWN,
    STYLES,
    Read,
    article,
    author_name,
    find_posts,
    front_defaults,
    hard_wrapped,
    is_included,
    markdown_engine,
    read_post,
    read_yaml,
    redirect_target,
    site_folders,
    with_redirects,
)
from sitegen.importer.model import CopiedFile, ImportedSite, Note, SourceError
from sitegen.slugs import slugify

__all__ = ["read_jekyll_site"]


def read_jekyll_site(path: Path) -> ImportedSite:
    """The sitegen site for the Jekyll site in ``path``; SourceError when it is none."""
    root = path
    config, config_name = _read_config(root)
    notes: list[Note] = []
    source, shown = _source_folder(root, config, config_name, notes)
    config = _destination_left_out(root, source, config)
    posts = find_posts(source, config, shown)
    if not posts:
        raise SourceError(f"{root}: no posts to import (no _posts/ folder with posts)")
    zone = _zone(config)
    read = [read_post(source, post, zone, notes, front_defaults(config, post)) for post in posts]
    found = [post for post in read if post is not None]
    pattern = str(
        _posts_permalink(config) or _defaults_permalink(found) or config.get("permalink") or "date"
    )
    pattern = STYLES.get(pattern, pattern)
    dests = {post.key: post.dest for post in found}
    moves = [(post, article(post, config, pattern, dests, [])) for post in found
             if redirect_target(post)]  # fmt: skip
    found = [post for post in found if not redirect_target(post)]
    articles = [article(post, config, pattern, dests, notes) for post in found]
    site_url = str(config.get("url") or "").rstrip("/")
    site_url = site_url + _base_path(config) if site_url else ""
    articles = with_redirects(articles, moves, site_url, notes)
    files, file_notes = _static_files(source, config, shown)
    notes.extend(file_notes)
    notes.extend(_config_notes(source, config, config_name, shown))
    site = _site_yaml(source, config, pattern, notes, config_name)
    markdown: dict[str, object] = {}
    pairs = zip(found, articles, strict=True)
    bodies = [post.body if post.html else made.body for post, made in pairs]
    if any(_has_raw_html(body) for body in bodies):
        markdown["html"] = "unsafe"
        message = (
            f"Jekyll ({markdown_engine(config)}) printed the posts' raw HTML as written, and so "
            "does the new site (markdown.html: unsafe); set sanitize to keep only what is safe"
        )
        notes.append(Note(config_name, 1, message))
    pandoc = any(post.html and _PANDOC_MATH.search(post.body) for post in found)
    if pandoc or any(mark in post.body for post in found for mark in _MATH_MARKS):
        markdown["math"] = True
        left_to = "Pandoc" if pandoc else "kramdown"
        message = (
            f"posts write TeX between $$ or \\( \\), which {left_to} left to MathJax; the new "
            "site sets it as MathML itself (markdown.math: true)"
        )
        notes.append(Note(config_name, 1, message))
    if hard_wrapped(config):
        markdown["breaks"] = True
        message = (
            f"Jekyll ({markdown_engine(config)}) printed each line break of a paragraph as a "
            "line break (hard_wrap); so does the new site (markdown.breaks: true)"
        )
        notes.append(Note(config_name, 1, message))
    if markdown:
        site["markdown"] = markdown
    return ImportedSite(
        config=site,
        articles=tuple(articles),
        files=tuple(files),
        notes=tuple(sorted(notes)),
        other_urls={"/": "/", "/feed.xml": "/feed.xml"},
        source_name="Jekyll",
    )


# -- the configuration ---------------------------------------------------------------


_RAW_HTML = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
"""A tag of raw HTML in a post (not ``<https://…>``, a link)."""


def _has_raw_html(body: str) -> bool:
    """Whether ``body`` (a markdown post as imported, an HTML one as written) has raw
    HTML outside code: HTML a post shows in a code block or span (an Octopress
    codeblock's ``<script>``) is text, and needs no unsafe HTML."""
    for line, code in fenced_lines(body):
        if not code and _RAW_HTML.search(CODE_SPAN.sub("", line)):
            return True
    return False


_MATH_MARKS = ("$$", "\\\\(", "\\\\[")
"""What a post's TeX for MathJax starts with, as written in markdown."""
_PANDOC_MATH = re.compile(r"""class=["']math (?:inline|display)["']""")
"""Pandoc's mark on TeX in an HTML post (R Markdown, Quarto), which the post's
conversion writes between dollars."""


def _source_folder(
    root: Path, config: Mapping[str, Any], config_name: str, notes: list[Note]
) -> tuple[Path, str]:
    """The folder Jekyll reads the site from (``source:``, Octopress's ``source``; the
    site's folder by default) and its path from the site's, for notes. Read from
    the site's folder instead, every post was in a section 'source', every picture
    under /source/, and folders Jekyll never read (Octopress's drafts) were read."""
    named = config.get("source")
    if not isinstance(named, str) or named.strip() in ("", "."):
        return root, ""
    folder = (root / named.strip()).resolve()
    if not folder.is_dir():
        message = f"source: {named} is no folder: the site's folder is read instead"
        notes.append(Note(config_name, 1, message))
        return root, ""
    shown = os.path.relpath(folder, root.resolve())
    return folder, "" if shown == "." else Path(shown).as_posix()


def _destination_left_out(root: Path, source: Path, config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with its ``destination`` (Jekyll's built site, ``_site`` by default)
    excluded when it lies inside the source folder: Jekyll never reads its own
    output, and built pages copied as files would stand beside the articles."""
    named = config.get("destination")
    if not isinstance(named, str) or not named.strip():
        return config
    built = (root / named.strip()).resolve()
    if built == source.resolve() or not built.is_relative_to(source.resolve()):
        return config
    excluded = config.get("exclude")
    listed = list(excluded) if isinstance(excluded, list) else []
    return {**config, "exclude": [*listed, built.relative_to(source.resolve()).as_posix()]}


def _posts_permalink(config: Mapping[str, Any]) -> object:
    """The permalink ``collections: {posts: {permalink: …}}`` gives the posts, which
    wins over the site's (jekyllrb.com's own news, at /news/:year/…)."""
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, Mapping) else None
    return posts.get("permalink") if isinstance(posts, Mapping) else None


def _defaults_permalink(found: Sequence[Read]) -> object:
    """The permalink ``defaults`` give the posts (Chirpy's ``/posts/:title/``), which
    decides, as the site's would, whether the new addresses are dated."""
    return next((post.front["permalink"] for post in found if "permalink" in post.defaulted), None)


def _base_path(config: Mapping[str, Any]) -> str:
    """``baseurl`` as a path that starts with ``/`` and has no ``/`` at its end."""
    base = str(config.get("baseurl") or "").strip("/")
    return f"/{base}" if base else ""


def _read_config(root: Path) -> tuple[dict[str, Any], str]:
    for name in ("_config.yml", "_config.yaml"):
        path = root / name
        if not path.is_file():
            continue
        try:
            values = read_yaml(path.read_text(encoding="utf-8"))
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
        "title": str(config.get("title") or config.get("name") or "Untitled"),  # seo-tag: name
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
    author = author_name(config.get("author"))
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
        loaded = read_yaml(path.read_text(encoding="utf-8")) if path.is_file() else None
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


_DONE_BY_SITEGEN = frozenset(
    {"jekyll-feed", "jekyll-sitemap", "jekyll-seo-tag", "jekyll-redirect-from", "rouge",
     "pygments.rb", "coderay"}
)  # fmt: skip
"""Plugins whose work sitegen does itself (feed, sitemap, metadata, redirects, and
the highlighters: sitegen colours code itself), so no note says they are lost."""

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


def _only_authors(folder: Path) -> bool:
    """Whether ``_data/`` holds nothing but ``authors.yml``, which is carried over (as
    site.yaml's authors): then nothing of it is left behind to note."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    return all(path.relative_to(folder).as_posix() == "authors.yml" for path in files)


def _config_notes(
    root: Path, config: Mapping[str, Any], config_name: str, shown: str = ""
) -> list[Note]:
    """What the site has beside its posts that is not carried over; ``root`` is its
    source folder, ``shown`` that folder from the site's, as notes name it."""
    notes = [
        Note(posixpath.join(shown, folder, ""), 1, message)
        for folder, message in _NOT_CARRIED.items()
        if (root / folder).is_dir() and not (folder == "_data" and _only_authors(root / folder))
    ]
    collections = config.get("collections")
    for name, settings in collections.items() if isinstance(collections, Mapping) else ():
        folder = root / f"_{name}"
        if name == "posts" or not folder.is_dir():
            continue
        count = sum(1 for path in folder.rglob("*") if path.is_file())
        output = isinstance(settings, Mapping) and settings.get("output") is True
        message = (
            f"collection '{name}' ({count} files) not imported: sitegen imports posts; "
            + ("its pages' addresses stop answering, and links to them break" if output
               else "Jekyll made no pages of it")
        )  # fmt: skip
        notes.append(Note(posixpath.join(shown, f"_{name}", ""), 1, message))
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
        if plugin in _DONE_BY_SITEGEN:
            continue
        notes.append(Note(config_name, 1, f"plugin {plugin} is not carried over"))
    pages = _paginated(config)
    if pages:
        message = (
            f"Jekyll's pages {pages}... are /page/2/, /page/3/... now: redirect them on your host"
        )
        notes.append(Note(config_name, 1, message))
    return notes


def _paginated(config: Mapping[str, Any]) -> str:
    """The addresses of the second and third pages of posts as jekyll-paginate wrote
    them (``paginate_path``, ``/page:num`` by default): ``/blog/page2/, /blog/page3/``;
    empty without pagination, or where they are sitegen's own (``/page/:num/``)."""
    if not config.get("paginate"):
        return ""
    pattern = str(config.get("paginate_path") or "/page:num").strip("/")
    pages = [f"/{pattern.replace(':num', str(number))}/" for number in (2, 3)]
    return "" if pages == ["/page/2/", "/page/3/"] else ", ".join(pages)


# -- files beside the posts ----------------------------------------------------------


def _static_files(
    root: Path, config: Mapping[str, Any], shown: str = ""
) -> tuple[list[CopiedFile], list[Note]]:
    """Every file Jekyll copied as it was (no front matter) from the source folder
    ``root`` → ``content/``, served at the same address; a page or a Sass file
    (Jekyll rendered them) is a note, at its path from the site (``shown``)."""
    copies: list[CopiedFile] = []
    notes: list[Note] = []
    for here, relative, names in site_folders(root, config, lambda parent, name: False):
        for name in names:
            path = posixpath.join(relative, name)
            where = posixpath.join(shown, path)  # as the author finds the file
            hidden = name.startswith((".", "_")) and not is_included(path, config)
            if hidden or name in ALWAYS_LEFT:
                continue
            if name.startswith("."):  # one that include names, which Jekyll copied
                message = (
                    "not copied: sitegen publishes no hidden file; set what it did "
                    "(redirects, headers) up on your host"
                )
                notes.append(Note(where, 1, message))
                continue
            if name.endswith((".gemspec", ".lock")) or name in ("CNAME",):
                continue
            if path in GENERATED or path.startswith(GENERATED_FOLDERS):
                notes.append(Note(where, 1, f"not copied: sitegen writes /{path} itself"))
                continue
            if name.endswith((".scss", ".sass")):
                notes.append(
                    Note(
                        where,
                        1,
                        "not imported: a Sass style sheet; sitegen's theme "
                        "styles the site (put your own styles in layouts/static/)",
                    )
                )
                continue
            if _has_front_matter(here / name) or name.endswith(MARKDOWN):
                notes.append(
                    Note(
                        where,
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
