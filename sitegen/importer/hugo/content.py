"""The files of a Hugo site's content folders, sorted into what Hugo makes of them.

A folder holding an ``index.md`` is a leaf bundle: that file is the page and
everything else below the folder is its resources (other markdown files
included, as Hugo has it). ``_index.md`` is a branch (a section's or the home
page's own text). Other content files are pages; any other file is copied.
A file's language is the one its name carries (``a.fr.md``) when that is a
configured language, else its content folder's. A bundle's ``index.fr.md``
whose ``fr`` the site does not configure is its page all the same, the
marker dropped; when the folder holds the default language's page too, that
one is the page and the other is left out with a note.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.importer.hugo.config import HugoConfig
from sitegen.importer.model import Note, SourceError

FORMATS = {
    "md": "markdown",
    "markdown": "markdown",
    "mdown": "markdown",
    "mkd": "markdown",
    "mkdn": "markdown",
    "mdwn": "markdown",
    "html": "html",
    "htm": "html",
}
"""Content formats the import reads, by extension."""
_LANGUAGE_CODE = re.compile(r"[a-z]{2}(?:[-_][a-z]{2,4})?", re.IGNORECASE)
"""What a language marker in a file name looks like (``fr``, ``pt-br``, ``zh-hans``)."""
OTHER_FORMATS = frozenset({"adoc", "asciidoc", "ad", "rst", "org", "pandoc", "pdc"})
"""Content formats Hugo reads that sitegen's import does not; reported, not imported."""
_READ_BY = {
    "org": "go-org, built into Hugo",
    "rst": "rst2html",
    "pandoc": "pandoc",
    "pdc": "pandoc",
    "adoc": "asciidoctor",
    "asciidoc": "asciidoctor",
    "ad": "asciidoctor",
}
"""What renders each for Hugo, for the note."""


@dataclass(frozen=True, slots=True)
class Item:
    """One file below a content folder."""

    file: Path
    origin: str
    """Relative to the Hugo site: ``content/en/post/a.md``."""
    logical: str
    """Relative to the content folder, language marker removed: ``post/a.md``."""
    language: str
    kind: str
    """``page``, ``branch`` (``_index``), ``resource``, ``unsupported``, or
    ``shadowed`` (a bundle's second page of one language: not imported)."""
    format: str = ""
    """``markdown`` or ``html`` for content files."""
    bundle: str = ""
    """The leaf bundle folder a page heads or a resource belongs to (``post/x``)."""

    @property
    def folder(self) -> str:
        return self.logical.rpartition("/")[0]

    @property
    def base_name(self) -> str:
        """File name without language and extension; for a bundle, its folder's name."""
        name = self.logical.rpartition("/")[2].rsplit(".", 1)[0]
        if name == "index" and self.bundle:
            return self.bundle.rpartition("/")[2]
        return name


@dataclass(frozen=True, slots=True)
class Content:
    """The default language's files, and what the other languages hold."""

    items: tuple[Item, ...]
    others: dict[str, list[Item]]
    """Language → its content files (not imported)."""
    notes: tuple[Note, ...]


def scan_content(config: HugoConfig) -> Content:
    """Every file of every content folder; SourceError when the default one has nothing."""
    site = config.site
    languages = set(config.languages) | {config.language}
    ignore = [re.compile(str(p)) for p in config.get("ignorefiles", default=()) or ()]
    found: list[Item] = []
    seen_dirs: list[str] = []
    for language in [config.language, *sorted(config.content_dirs)]:
        folder = config.content_dirs.get(language, "content")
        if folder in seen_dirs:
            continue
        seen_dirs.append(folder)
        found.extend(_walk(site, folder, language, languages, ignore))
    mine = tuple(i for i in found if i.language == config.language)
    if not any(i.kind in ("page", "branch") for i in mine):
        shown = Path(config.site) / config.content_dirs.get(config.language, "content")
        raise SourceError(f"{shown}: no content to import")
    others: dict[str, list[Item]] = {}
    for item in found:
        if item.language != config.language and item.kind in ("page", "branch"):
            others.setdefault(item.language, []).append(item)
    notes = tuple(
        Note(
            i.origin,
            1,
            f"not imported: sitegen does not read .{i.file.suffix[1:]} content "
            f"({_READ_BY.get(i.file.suffix[1:].lower(), 'another tool')} renders it for "
            "Hugo); convert it to markdown, e.g. with pandoc",
        )
        for i in mine
        if i.kind == "unsupported"
    )
    notes += _shadowed_notes(mine)
    kept = tuple(i for i in mine if i.kind not in ("unsupported", "shadowed"))
    return Content(kept, others, notes)


def _shadowed_notes(items: Sequence[Item]) -> tuple[Note, ...]:
    """A note for each bundle page that another page of the same bundle shadows."""
    heads = {i.bundle: i for i in items if i.kind == "page" and i.bundle}
    notes = []
    for item in (i for i in items if i.kind == "shadowed"):
        head = heads.get(item.bundle)
        shown = head.origin.rpartition("/")[2] if head else "another file"
        message = (
            f"not imported: {shown} is this bundle's page (its name's language is not one "
            "the site configures, so Hugo reads both as the default language's and shows one)"
        )
        notes.append(Note(item.origin, 1, message))
    return tuple(notes)


def _walk(
    site: Path, folder: str, language: str, languages: set[str], ignore: Sequence[re.Pattern[str]]
) -> Iterator[Item]:
    root = site / folder
    if not root.is_dir():
        return
    yield from _walk_dir(site, root, "", folder, language, languages, ignore, "")


def _walk_dir(
    site: Path,
    root: Path,
    prefix: str,
    folder: str,
    language: str,
    languages: set[str],
    ignore: Sequence[re.Pattern[str]],
    bundle: str,
) -> Iterator[Item]:
    """Files of ``root/prefix``; ``bundle`` is the leaf bundle they belong to, if any."""
    try:
        entries = sorted(os.scandir(root / prefix), key=lambda e: e.name)
    except OSError:
        return
    visible = [e for e in entries if not _ignored(e.name, f"{folder}/{prefix}{e.name}", ignore)]
    names = [(e, *_name_parts(e.name, languages)) for e in visible if e.is_file()]
    if not bundle and any(base == "index" and ext in FORMATS for _, base, _, ext in names):
        bundle = prefix.rstrip("/")
    page = _bundle_head(names, language) if bundle == prefix.rstrip("/") else None
    for entry, base, marked, ext in names:
        origin = f"{folder}/{prefix}{entry.name}"
        owner = marked or language
        logical = f"{prefix}{base}.{ext}" if ext else f"{prefix}{base}"
        shadowed = base == "index" and ext in FORMATS and owner == language
        if page is not None and shadowed and entry is not page:
            yield Item(Path(entry.path), origin, logical, owner, "shadowed", "", bundle)
        elif ext in FORMATS and (not bundle or (base == "index" and prefix.rstrip("/") == bundle)):
            kind = "branch" if base == "_index" else "page"
            head = bundle if kind == "page" and bundle else ""
            yield Item(Path(entry.path), origin, logical, owner, kind, FORMATS[ext], head)
        elif ext in OTHER_FORMATS and not bundle:
            yield Item(Path(entry.path), origin, logical, owner, "unsupported")
        else:
            resource = f"{prefix}{entry.name}"
            yield Item(Path(entry.path), origin, resource, language, "resource", "", bundle)
    for entry in visible:
        if entry.is_dir(follow_symlinks=False):
            sub = f"{prefix}{entry.name}/"
            yield from _walk_dir(site, root, sub, folder, language, languages, ignore, bundle)


def _bundle_head(
    names: Sequence[tuple[os.DirEntry[str], str, str, str]], language: str
) -> os.DirEntry[str] | None:
    """The entry that is the bundle's page in ``language``: ``index.md`` or the one
    naming the language comes before one whose marker is no configured language
    (``index.fr.md``), then the first by name, so the choice never depends on
    what else the site holds."""
    heads = [
        (entry, marked, ext)
        for entry, base, marked, ext in names
        if base == "index" and ext in FORMATS and (marked or language) == language
    ]

    def rank(head: tuple[os.DirEntry[str], str, str]) -> tuple[bool, str]:
        entry, marked, ext = head
        unknown = not marked and entry.name.lower() != f"index.{ext}"
        return unknown, entry.name

    return min(heads, key=rank)[0] if heads else None


def _name_parts(name: str, languages: set[str]) -> tuple[str, str, str]:
    """``a.fr.md`` → ``("a", "fr", "md")`` when ``fr`` is a language; else no marker.

    A bundle's ``index.fr.md`` when ``fr`` is no configured language →
    ``("index", "", "md")``: Hugo makes it the bundle's page all the same."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name, "", ""
    head, dot2, marker = stem.rpartition(".")
    if dot2 and marker.lower() in languages and ext.lower() in FORMATS:
        return head, marker.lower(), ext.lower()
    if head == "index" and _LANGUAGE_CODE.fullmatch(marker) and ext.lower() in FORMATS:
        return head, "", ext.lower()
    return stem, "", ext.lower() if ext.lower() in FORMATS or ext.lower() in OTHER_FORMATS else ext


def _ignored(name: str, origin: str, ignore: Sequence[re.Pattern[str]]) -> bool:
    """Hidden and editor files, and what ``ignoreFiles`` names, as Hugo skips them."""
    if name.startswith((".", "#")) or name.endswith("~"):
        return True
    return any(pattern.search(origin) for pattern in ignore)
