"""Find the site's content: markdown sources to parse and other files to copy.

Takes the site directory and returns every ``content/**/*.md`` (and
``*.markdown``, as Hugo and Jekyll read both) as a ``SourceFile`` (read as
UTF-8, sorted by path) plus every other file below ``content/`` as ``(source
path relative to site, output path)`` so page bundles keep their images beside
them (SPEC §1). Hugo's ``_index.md`` files are among the sources; the build
reads them as landing text, not articles (``slugs.is_landing``). This is the
one place the content stage touches the disk. Hidden files and folders are
skipped, and so is whatever site.yaml ``exclude`` names; symbolic links
leading outside ``content/`` are reported and never followed (SPEC §6).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.config import read_text_file, setting_line
from sitegen.content.exclude import Excluder
from sitegen.errors import Problems
from sitegen.model import SourceFile
from sitegen.slugs import markdown_stem

log = logging.getLogger(__name__)

CONTENT = "content"


@dataclass(slots=True)
class _Walk:
    """What a walk below ``content/`` has found so far."""

    root: str
    """Real path of ``content/``."""
    problems: Problems
    excluder: Excluder
    markdown: list[tuple[str, str]] = field(default_factory=list)
    """(path relative to content/, absolute path to read)."""
    others: list[str] = field(default_factory=list)
    """Paths relative to content/."""


@dataclass(frozen=True, slots=True)
class FoundSource:
    """A markdown file found below ``content/``, not read yet."""

    path: str
    """Relative to the site directory, as in ``SourceFile``."""
    file: str
    """Where to read it."""
    signature: tuple[int, ...]
    """Size, modification and change times, inode: equal signatures, same text
    (a cached parse is trusted on it; see ``cache.ParsedArticles``)."""


def find_sources(
    site_dir: Path, problems: Problems, exclude: Sequence[str] = ()
) -> tuple[tuple[FoundSource, ...], tuple[tuple[str, str], ...]]:
    """Find every markdown source and list every other file to copy.

    Returns ``(sources sorted by path, (source, output) pairs sorted by source)``,
    without the files ``exclude`` patterns name. Reports symbolic links pointing
    outside ``content/`` or to nothing; warns of a pattern that excludes nothing.
    """
    content = site_dir / CONTENT
    excluder = Excluder(exclude)
    walk = _Walk(root=os.path.realpath(content), problems=problems, excluder=excluder)
    if content.is_dir():
        _walk_directory(walk, str(content), "", (walk.root,))
    for index in excluder.unused():
        line = setting_line(site_dir, "exclude", index)
        pattern = excluder.patterns[index]
        log.warning("site.yaml:%d: exclude pattern '%s' matches nothing in content/", line, pattern)
    found = []
    for relative, absolute in sorted(walk.markdown):
        try:
            stat = os.stat(absolute)
            signature: tuple[int, ...] = (
                stat.st_size,
                stat.st_mtime_ns,
                stat.st_ctime_ns,
                stat.st_ino,
            )
        except OSError:
            signature = ()  # read_source reports it
        found.append(FoundSource(f"{CONTENT}/{relative}", absolute, signature))
    files = tuple((f"{CONTENT}/{relative}", relative) for relative in sorted(walk.others))
    return tuple(found), files


def read_source(found: FoundSource, problems: Problems) -> SourceFile | None:
    """The file's text; reports a file that cannot be read or is not UTF-8."""
    text = read_text_file(Path(found.file), found.path, problems)
    return SourceFile(path=found.path, text=text) if text is not None else None


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


def _walk_directory(walk: _Walk, directory: str, prefix: str, chain: tuple[str, ...]) -> None:
    """Collect the entries of ``directory``, which is ``prefix`` below content/.

    ``chain`` holds the real paths of the folders walked to get here, the last
    being ``directory``'s own, so a linked folder that leads back is noticed.
    """
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        walk.problems.add(f"{CONTENT}/{prefix}".rstrip("/"), 1, f"cannot be read: {exc.strerror}")
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.name.startswith(".") or (walk.excluder and walk.excluder.excludes(relative)):
            continue
        target = entry.path
        # Only a link needs the (slow) realpath; a plain folder's real path
        # is its parent's plus its name.
        target_real = os.path.join(chain[-1], entry.name)
        if entry.is_symlink():
            target_real = os.path.realpath(entry.path)
            if not _check_link(walk, relative, target_real, chain):
                continue
        if entry.is_dir():
            _walk_directory(walk, target, relative + "/", (*chain, target_real))
        elif markdown_stem(entry.name) is not None:
            walk.markdown.append((relative, target))
        else:
            walk.others.append(relative)


def _check_link(walk: _Walk, relative: str, target: str, chain: tuple[str, ...]) -> bool:
    """True when the link at ``relative`` may be followed; reports why not otherwise."""
    path = f"{CONTENT}/{relative}"
    if not _is_within(target, walk.root):
        message = "symbolic link points outside content/; it is not followed"
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
