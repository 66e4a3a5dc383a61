"""Find the site's content: markdown sources to parse and other files to copy.

Takes the site directory and returns every ``content/**/*.md`` (and
``*.markdown``, as Hugo and Jekyll read both) as a ``SourceFile`` (read as
UTF-8, sorted by path) plus every other file below ``content/`` as ``(source
path relative to site, output path)`` so page bundles keep their images beside
them (SPEC §1). Hugo's ``_index.md`` files are among the sources; the build
reads them as landing text, not articles (``slugs.is_landing``). This is the
one place the content stage touches the disk. Hidden files and folders are
skipped, and so is whatever site.yaml ``exclude`` names.

Symbolic links follow one rule across the site (``content/``, ``layouts/``,
``layouts/static/``, ``site.yaml``): a link whose target stays inside the site
folder is followed, as if the file were there; one that leaves the site
folder, points to nothing or leads back into a folder that contains it is an
error at its path, and is not followed. A site folder can thus share files
between its parts, and nothing from elsewhere on the machine (``~/.ssh``, a
mounted secret) ever reaches a page. :func:`check_links` applies the rule to
``layouts/``, which Jinja reads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.config import LINK_LEAVES_SITE, read_text_file, setting_line
from sitegen.content.exclude import Excluder
from sitegen.digests import FileSignature, signature_of
from sitegen.errors import Problem, Problems
from sitegen.model import SourceFile
from sitegen.slugs import language_named, markdown_stem

log = logging.getLogger(__name__)

CONTENT = "content"


@dataclass(slots=True)
class _Walk:
    """What a walk below ``content/`` has found so far."""

    root: str
    """Real path of the site folder: links may lead anywhere below it."""
    problems: Problems
    excluder: Excluder
    markdown: list[tuple[str, str]] = field(default_factory=list)
    """(path relative to content/, absolute path to read)."""
    others: list[str] = field(default_factory=list)
    """Paths relative to content/."""
    top: str = CONTENT
    """The folder walked, relative to the site: where messages say a link is."""


@dataclass(frozen=True, slots=True)
class FoundSource:
    """A markdown file found below ``content/``, not read yet."""

    path: str
    """Relative to the site directory, as in ``SourceFile``."""
    file: str
    """Where to read it."""
    signature: FileSignature | None
    """Equal signatures, same text (a remembered parse is trusted on it); None when
    the file cannot be looked at (``read_source`` reports it)."""


def find_sources(
    site_dir: Path, problems: Problems, exclude: Sequence[str] = (), language: str = "en"
) -> tuple[tuple[FoundSource, ...], tuple[tuple[str, str], ...]]:
    """Find every markdown source and list every other file to copy.

    Returns ``(sources sorted by path, (source, output) pairs sorted by source)``,
    without the files ``exclude`` patterns name. Reports symbolic links pointing
    outside ``content/`` or to nothing; warns of a pattern that excludes nothing.
    """
    content = site_dir / CONTENT
    excluder = Excluder(exclude)
    walk = _Walk(root=os.path.realpath(site_dir), problems=problems, excluder=excluder)
    top = _top_folder(walk, CONTENT)
    if top is not None:
        _walk_directory(walk, str(content), "", (top,))
    for index in excluder.unused():
        line = setting_line(site_dir, "exclude", index)
        pattern = excluder.patterns[index]
        log.warning("site.yaml:%d: exclude pattern '%s' matches nothing in content/", line, pattern)
    found = []
    for relative, absolute in sorted(_without_translations(walk.markdown, language)):
        try:
            signature: FileSignature | None = signature_of(os.stat(absolute))
        except OSError:
            signature = None  # read_source reports it
        found.append(FoundSource(f"{CONTENT}/{relative}", absolute, signature))
    others = [path for path in sorted(walk.others) if not _unbuilt_source(walk, path)]
    files = tuple((f"{CONTENT}/{relative}", relative) for relative in others)
    return tuple(found), files


def _without_translations(markdown: list[tuple[str, str]], language: str) -> list[tuple[str, str]]:
    """``markdown`` with one file of each page: a page's translations, named as
    Hugo and Zola name them (``index.es.md`` beside ``index.md``), are not
    built, with a warning each. sitegen builds one language: each was
    published as an article of its own, at an address like ``/blog/index.es/``.

    The page is the file without a language in its name; else the one in the
    site's ``language`` (``index.en.md`` beside ``index.fr.md`` in an English
    site, where every language of a bundle names its file); else the first by
    name. Its name reads as if it said no language (``slugs.markdown_stem``)."""
    pages: dict[str, list[tuple[str, str, str]]] = {}
    for relative, absolute in markdown:
        folder, _, name = relative.rpartition("/")
        named = language_named(name)
        key = f"{folder}/{named[0] if named else name}"
        pages.setdefault(key, []).append((relative, absolute, named[1] if named else ""))
    site = language.lower()

    def rank(file: tuple[str, str, str]) -> tuple[bool, bool, bool, str]:
        written = file[2]
        return written != "", _primary(written) != _primary(site), written != site, file[0]

    kept = []
    for files in pages.values():
        page = min(files, key=rank)
        kept.append(page[:2])
        for relative, _, written in files:
            if relative == page[0]:
                continue
            log.warning(
                "%s/%s:1: not built: a translation (%s) of %s/%s; sitegen builds one "
                "language (exclude it in site.yaml to say so)",
                CONTENT,
                relative,
                written,
                CONTENT,
                page[0],
            )
    return kept


def _primary(language: str) -> str:
    """``pt-br`` → ``pt``."""
    return language.split("-")[0]


UNBUILT_FORMATS = (".html", ".htm", ".textile", ".adoc", ".asciidoc", ".org", ".txt", ".liquid")
"""Text files other generators build from front matter and sitegen does not:
copied as they are, they would publish that front matter and the other tool's
template code."""


def _unbuilt_source(walk: _Walk, relative: str) -> bool:
    """Whether the file at ``relative`` (below content/) is another tool's source
    with front matter (a Jekyll ``about.html``, a ``.textile`` post): it is left
    out, with a warning, rather than copied to the output as it is."""
    if not relative.lower().endswith(UNBUILT_FORMATS):
        return False
    try:
        with open(os.path.join(walk.root, CONTENT, relative), "rb") as handle:
            first = handle.readline(8).rstrip(b"\r\n")
    except OSError:
        return False  # the copy reports it
    if first not in (b"---", b"+++"):
        return False
    suffix = relative.rpartition(".")[2]
    log.warning(
        "%s/%s:1: not built and not copied: sitegen does not read .%s files, "
        "and this one's front matter would be published as it is; "
        "write it as markdown (.md) or exclude it in site.yaml",
        CONTENT,
        relative,
        suffix,
    )
    return True


MAX_SOURCE_BYTES = 2_000_000
"""The largest markdown file read (README: Limits). Parsing takes some 150 times a
file's size in memory, per worker: a 20 MB article took 2.4 GB and 35 s. No
article is that long; a file that is holds pasted data (a ``data:`` image)."""


def read_source(found: FoundSource, problems: Problems) -> SourceFile | None:
    """The file's text; reports a file that cannot be read, is not UTF-8 or is
    larger than :data:`MAX_SOURCE_BYTES`."""
    size = found.signature[0] if found.signature is not None else 0
    if size > MAX_SOURCE_BYTES:
        problems.add(
            found.path,
            1,
            f"is {size / 1e6:.1f} MB; a markdown file may be at most "
            f"{MAX_SOURCE_BYTES // 1_000_000} MB: split it into several articles, "
            "and keep images and data in files of their own beside it",
        )
        return None
    warnings: list[Problem] = []
    text = read_text_file(Path(found.file), found.path, problems, warnings)
    return SourceFile(found.path, text, tuple(warnings)) if text is not None else None


def discover_sources(
    site_dir: Path, problems: Problems
) -> tuple[tuple[SourceFile, ...], tuple[tuple[str, str], ...]]:
    """Read every markdown source and list every other file to copy.

    Returns ``(sources sorted by path, (source, output) pairs sorted by source)``.
    Reports symbolic links pointing outside ``content/`` or to nothing, files that
    cannot be read and files that are not UTF-8; those files are left out.
    """
    found, files = find_sources(site_dir, problems)
    sources = (read_source(f, problems) for f in found)
    return tuple(s for s in sources if s is not None), files


def check_links(site_dir: Path, folder: str, problems: Problems) -> None:
    """Report every symbolic link at or below ``SITE/folder`` that the site's rule does
    not follow (see the module's docstring), at its path."""
    walk = _Walk(os.path.realpath(site_dir), problems, Excluder(()), top=folder)
    top = _top_folder(walk, folder)
    if top is not None:
        _walk_directory(walk, str(site_dir / folder), "", (top,))


def _top_folder(walk: _Walk, folder: str) -> str | None:
    """The real path of ``SITE/folder`` when it is a folder to walk (a link to one
    inside the site included); None when it is absent or a link not followed."""
    path = os.path.join(walk.root, folder)
    real = os.path.realpath(path)
    if os.path.islink(path) and not _check_link(walk, folder, real, (walk.root,)):
        return None
    return real if os.path.isdir(path) else None


def _walk_directory(walk: _Walk, directory: str, prefix: str, chain: tuple[str, ...]) -> None:
    """Collect the entries of ``directory``, which is ``prefix`` below the walk's top.

    ``chain`` holds the real paths of the folders walked to get here, the last
    being ``directory``'s own, so a linked folder that leads back is noticed.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        walk.problems.add(f"{walk.top}/{prefix}".rstrip("/"), 1, f"cannot be read: {exc.strerror}")
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.name.startswith(".") or (walk.excluder and walk.excluder.excludes(relative)):
            continue
        if "\\" in entry.name:
            walk.problems.add(f"{walk.top}/{relative}", 1, _BACKSLASH)
            continue
        target = entry.path
        # Only a link needs the (slow) realpath; a plain folder's real path
        # is its parent's plus its name.
        target_real = os.path.join(chain[-1], entry.name)
        if entry.is_symlink():
            target_real = os.path.realpath(entry.path)
            if not _check_link(walk, f"{walk.top}/{relative}", target_real, chain):
                continue
        if entry.is_dir():
            _walk_directory(walk, target, relative + "/", (*chain, target_real))
        elif markdown_stem(entry.name) is not None:
            walk.markdown.append((relative, target))
        else:
            walk.others.append(relative)


_BACKSLASH = (
    "the name holds '\\', which URLs and Windows read as a folder separator; rename it without one"
)


def _check_link(walk: _Walk, path: str, target: str, chain: tuple[str, ...]) -> bool:
    """True when the link at ``path`` (relative to the site) may be followed; reports
    why not otherwise."""
    if not _is_within(target, walk.root):
        message = LINK_LEAVES_SITE
    elif not os.path.exists(target):
        message = "symbolic link points to nothing; fix or remove it"
    elif os.path.isdir(target) and any(_is_within(folder, target) for folder in chain):
        message = "symbolic link points to a folder that contains it; it is not followed"
    else:
        return True
    walk.problems.add(path, 1, message)
    return False


def _is_within(path: str, folder: str) -> bool:
    """True when real path ``path`` is ``folder`` or below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
