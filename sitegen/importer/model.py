"""What an importer hands the writer: a sitegen site described as values.

Importers never write files; they say what the new site is made of and what
could not be carried over, so that the writer alone decides how a site is laid
out on disk, what its URLs are, and what the report says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Note:
    """Something the import could not carry over as it was, where it was written."""

    origin: str
    """The source file as the author knows it: ``content/post/a.md``, ``export.xml``."""
    line: int
    """1-based line in that file; 1 when the whole file is meant."""
    message: str
    """What was changed or dropped, and what the author may want to do about it."""

    def __str__(self) -> str:
        return f"{self.origin}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """One article of the new site."""

    path: str
    """Where it is written, relative to the new site: ``content/post/a.md``."""
    front: Mapping[str, object]
    """Front matter in sitegen's keys, in the order to write them; YAML-safe values
    (str, int, bool, date/datetime, lists and mappings of them). ``aliases`` here
    are old URLs that the writer keeps as they are."""
    body: str
    """Markdown (raw HTML inside is fine: sitegen sanitizes it)."""
    origin: str
    """The source it came from, for the report (as in :attr:`Note.origin`)."""
    line: int = 1
    """Line of the source where it starts (an export holds many articles)."""
    old_urls: tuple[str, ...] = ()
    """Every URL the article answered at before, site-relative (``/2015/10/a/``,
    ``/2015/10/a.html``, ``/?p=12``). The writer makes each an alias unless it is
    the new URL."""


@dataclass(frozen=True, slots=True)
class CopiedFile:
    """A file copied into the new site unchanged (images, PDFs, bundle files)."""

    source: Path
    dest: str
    """Relative to the new site: ``content/images/a.png``."""


@dataclass(frozen=True, slots=True)
class ImportedSite:
    """Everything the new site is made of, and everything that did not fit."""

    config: Mapping[str, object]
    """site.yaml, in sitegen's keys, in the order to write them."""
    articles: tuple[ImportedArticle, ...]
    files: tuple[CopiedFile, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)
    """Other files to write, by path relative to the new site (a shortcode template
    standing in for one sitegen does not have)."""
    notes: tuple[Note, ...] = ()
    other_urls: Mapping[str, str] = field(default_factory=dict)
    """Old URLs of things that are not articles (a section's page, a feed) →
    the new URL that answers them, for the report."""
    source_name: str = ""
    """``Hugo`` or ``WordPress``, for the report's first line."""


class SourceError(Exception):
    """The source cannot be imported at all (not a Hugo site, not a WXR file…).

    Carries one ``PATH: message`` line naming the file; nothing is written."""
