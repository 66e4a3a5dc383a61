"""``{{< ref >}}`` and ``{{< relref >}}`` → a link to the imported file.

Hugo looks a reference up as ``.GetPage`` does: a path from the content
folder (``/post/a.md``, ``post/a``), else from the page's own folder
(``../b``), a bundle by its folder, a section by its folder, the file
extension optional; failing all that, a file name found once in the whole
site (``a.md``). The link written is the imported markdown file relative to
the article (sitegen turns it into the URL); a section becomes its old URL,
which still answers. A ref that is no link's URL (Hugo printed the URL as
text) stays sitegen's own ref, over the path from the article's new file to
the target's; to a section, it is that URL.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from sitegen.importer.hugo.content import FORMATS
from sitegen.importer.hugo.pages import HugoPage
from sitegen.slugs import slugify


class RefIndex:
    """Every imported page by the names Hugo finds it by."""

    def __init__(
        self,
        articles: Sequence[HugoPage],
        branches: Sequence[HugoPage],
        dests: Mapping[str, str],
        base_url: str,
    ) -> None:
        self.dests = dests
        self.base_url = base_url
        self.paths: dict[str, HugoPage] = {}
        names: dict[str, list[HugoPage]] = {}
        for page in [*articles, *branches]:
            for key in _keys(page):
                self.paths.setdefault(key, page)
            if not page.is_branch:
                names.setdefault(page.item.base_name.lower(), []).append(page)
        self.names = {name: pages[0] for name, pages in names.items() if len(pages) == 1}

    def find(self, page: HugoPage, target: str) -> HugoPage | None:
        """The page ``target`` names, seen from ``page``; None when there is none (or
        several share the name)."""
        path = target.strip().removeprefix("./")
        if not path:
            return page
        here = page.item.bundle or page.item.folder
        candidates = (
            [path.lstrip("/")]
            if path.startswith("/")
            else [posixpath.normpath(posixpath.join(here, path)), path]
        )
        for candidate in candidates:
            found = self.paths.get(_without_extension(candidate.strip("/")).lower())
            if found is not None:
                return found
        name = _without_extension(path.rstrip("/").rsplit("/", 1)[-1]).lower()
        return self.names.get(name)

    def link(self, page: HugoPage, target: str, dest: str) -> str | None:
        """What to write for ``{{< ref target >}}`` in ``page``: a path to the target's
        source file, relative to ``page``'s (``dest`` is where ``page`` goes)."""
        del dest
        path, hash_mark, fragment = target.partition("#")
        suffix = hash_mark + fragment
        if not path.strip():
            return suffix or None
        found = self.find(page, path)
        if found is None:
            listing = _listing(path)
            return None if listing is None else listing + suffix
        if found.is_branch:
            return (found.url or "/") + suffix
        if found.origin not in self.dests:
            return None
        # Relative to the source file: the link step maps content files to their new place.
        return posixpath.relpath(found.item.logical, posixpath.dirname(page.item.logical)) + suffix

    def printed(self, page: HugoPage, name: str, target: str, dest: str) -> str | None:
        """What to write for a ``ref`` (``name``) that is no link's URL: Hugo printed the
        URL as text. For an article, sitegen's own ``ref`` over the path from ``dest``
        (where ``page`` goes) to the article's new file: no link step maps that path,
        and the import may have moved either file (a page with its own ``url:`` goes
        to that URL's folder). For a section or a taxonomy's page, which sitegen's ref
        does not find, the URL itself. None when the target is no imported page."""
        path, hash_mark, fragment = target.partition("#")
        suffix = hash_mark + fragment
        found = self.find(page, path) if path.strip() else None
        if found is not None and not found.is_branch:
            if found.origin not in self.dests:
                return None
            new = self.dests[found.origin].removeprefix("content/")
            here = posixpath.dirname(dest.removeprefix("content/")) or "."
            return f'{{{{< {name} "{posixpath.relpath(new, here)}{suffix}" >}}}}'
        url = self.link(page, target, dest)
        if url is None or not url.startswith("/"):
            return None
        root = urlsplit(self.base_url)
        absolute = name == "ref"
        return (f"{root.scheme}://{root.netloc}" if absolute else "") + root.path.rstrip("/") + url


_LISTINGS = {"tags": "/tags/", "categories": "/sections/", "authors": "/authors/"}
"""Hugo's usual taxonomies and where the import puts their terms' pages."""


def _listing(target: str) -> str | None:
    """The list page a reference to a taxonomy names, as the imported site has it:
    ``tags`` is the page of every tag, ``tags/go`` (or ``/categories/Economy``) the
    page of one term; None for anything else. Hugo finds these pages too, though
    no content file stands for them (Congo's and Blowfish's samples link them)."""
    parts = _without_extension(target.strip().strip("/")).split("/")
    if parts[-1] == "_index":
        parts.pop()
    if not parts or parts[0].lower() not in _LISTINGS:
        return None
    base = _LISTINGS[parts[0].lower()]
    if len(parts) == 1:
        return base if base == "/tags/" else None  # no page lists every section
    slug = slugify(parts[1])
    return f"{base}{slug}/" if len(parts) == 2 and slug else None


def _keys(page: HugoPage) -> list[str]:
    """The paths (lower case, no extension) that name ``page``."""
    logical = _without_extension(page.item.logical).lower()
    keys = [logical]
    if page.item.bundle:
        keys.append(page.item.bundle.lower())
    if page.is_branch:
        keys.append(page.item.folder.lower())
    return keys


def _without_extension(path: str) -> str:
    head, dot, extension = path.rpartition(".")
    return head if dot and extension.lower() in FORMATS and "/" not in extension else path
