"""Hugo's ``ref`` and ``relref`` lookup: a path as an author wrote it → the article.

Hugo authors link articles with ``{{< ref "other.md" >}}``, trusting Hugo to
find the file. :class:`ArticleRefs` finds it the way Hugo does, first match
wins:

1. relative to the folder of the page the ref is written in
   (``ref "c.md"`` in ``content/posts/a.md`` is ``content/posts/c.md``);
2. relative to ``content/`` (``ref "posts/c.md"``, or ``"/posts/c.md"``,
   which is only this);
3. a bare file name (no ``/``) is the one article anywhere with that name;
   two or more are an error naming them.

``.md`` and ``.markdown`` may be left out, a page bundle is named by its
folder (``posts/trip`` is ``posts/trip/index.md``) and case does not matter
when nothing matches exactly. The result is the article's source path; the
link resolver gives its URL.

A path naming no article but a folder of articles (``ref "/posts"``, Hugo's
section page) or a section's ``_index.md`` (``relref "/blog/_index.md"``) is
that folder's ``_index.md``, whether the file exists or not: the link
resolver makes it the section's list page, as it does a markdown link to the
file.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Iterable
from urllib.parse import unquote

from sitegen.errors import ShortcodeError
from sitegen.slugs import LANDING_STEM, MARKDOWN_SUFFIXES, language_named

CONTENT = "content/"
SUFFIXES = MARKDOWN_SUFFIXES


def _stem(path: str) -> str:
    """``posts/a.markdown`` → ``posts/a``; ``posts/trip/index.md`` → ``posts/trip``,
    and so is ``posts/trip/index.fr.md`` (a page's language is not its name)."""
    folder, _, name = path.rpartition("/")
    named = language_named(name)
    if named is not None:
        path = f"{folder}/{named[0]}" if folder else named[0]
    for suffix in SUFFIXES:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    if path == "index" or path.endswith("/index"):
        path = path[: -len("index")].rstrip("/")
    return path


class ArticleRefs:
    """Every published article's source, indexed for Hugo's lookup."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.by_key: dict[str, list[str]] = {}
        """Lowercased stem relative to ``content/`` → sources."""
        self.by_name: dict[str, list[str]] = {}
        """Lowercased last part of the stem → sources."""
        self.folders: dict[str, str] = {}
        """Lowercased folder below ``content/`` holding an article, at any depth → the
        folder as written."""
        for source in sorted(sources):
            if not source.startswith(CONTENT):
                continue
            key = _stem(source[len(CONTENT) :])
            self.by_key.setdefault(key.lower(), []).append(source)
            self.by_name.setdefault(key.rsplit("/", 1)[-1].lower(), []).append(source)
            folder = posixpath.dirname(source[len(CONTENT) :])
            while folder and folder.lower() not in self.folders:
                self.folders[folder.lower()] = folder
                folder = posixpath.dirname(folder)

    def __call__(self, path: str, source: str) -> str:
        """The source of the article ``path`` (written in ``source``) names; a
        ``#fragment`` of ``path`` is not part of the lookup.

        Raises ShortcodeError for no match (with the closest article) and for
        a bare name that two articles share.
        """
        written = unquote(path.partition("#")[0]).strip()
        stem = _stem(written.strip("/"))
        folder = posixpath.dirname(source.removeprefix(CONTENT))
        tried = [] if written.startswith("/") else [posixpath.join(folder, stem)]
        tried.append(stem)
        suffix = next((s for s in SUFFIXES if written.endswith(s)), "")
        landing = posixpath.basename(stem) == LANDING_STEM
        for candidate in tried:
            found = self._exact(posixpath.normpath(candidate), suffix) if stem else None
            if found is not None and not landing:
                return found
        for candidate in tried:
            found = self._folder(posixpath.normpath(candidate), landing)
            if found is not None:
                return found
        if "/" not in written.rstrip("/") and stem:  # 'post/#part' names it too
            named = self.by_name.get(stem.lower(), [])
            if len(named) == 1:
                return named[0]
            if named:
                listed = ", ".join(named)
                raise ShortcodeError(
                    f"ref '{path}' matches {len(named)} articles: {listed}; "
                    f"write its folder too, as in '{named[0].removeprefix(CONTENT)}'"
                )
        raise ShortcodeError(f"ref '{path}' matches no published article{self._hint(stem)}")

    def _folder(self, key: str, landing: bool) -> str | None:
        """The ``_index.md`` of folder ``key`` (``posts``; ``posts/_index`` when
        ``landing``), when the folder holds an article; the home page's for
        ``content/_index.md``."""
        if landing:
            key = posixpath.dirname(key)
        if key in ("", "."):
            return f"{CONTENT}{LANDING_STEM}.md" if landing else None
        folder = self.folders.get(key.lower())
        return None if folder is None else f"{CONTENT}{folder}/{LANDING_STEM}.md"

    def _exact(self, key: str, suffix: str) -> str | None:
        """The article at ``key``: its case as written first, then its ending
        (``a.markdown`` over ``a.md`` when both exist)."""
        sources = self.by_key.get(key.lower(), [])
        same_case = [s for s in sources if _stem(s[len(CONTENT) :]) == key] or sources
        same_ending = [s for s in same_case if suffix and s.endswith(suffix)] or same_case
        return same_ending[0] if same_ending else None

    def _hint(self, stem: str) -> str:
        keys = list(self.by_key) + list(self.by_name)
        close = difflib.get_close_matches(stem.lower(), keys, n=1, cutoff=0.6)
        if not close:
            return ""
        found = (self.by_key.get(close[0]) or self.by_name[close[0]])[0]
        return f" (did you mean '{found.removeprefix(CONTENT)}'?)"
