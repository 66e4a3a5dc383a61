"""Files for static hosts: ``.nojekyll``, ``_redirects`` and ``_headers``.

Takes the site (for aliases), the URL helper (for the base path) and every
output path the build produces, with the fingerprinted ones marked, and
returns three OutputFiles. GitHub Pages reads ``.nojekyll`` (serve the files
as they are); Netlify and Cloudflare Pages read ``_redirects`` (a real 301 for
every alias, besides the HTML redirect page) and ``_headers``.

Cloudflare Pages applies every matching ``_headers`` rule and joins the
values of a repeated header, so the rules here never overlap: each output
file matches exactly one rule and gets exactly one ``Cache-Control``.
Fingerprinted files are listed one by one with a year of immutable caching
(a splat would also cache a 404 for a stale name for a year); a folder with
no fingerprinted file below it is one splat rule with the short cache. A
folder that holds nothing but content-named files (``static/img/``, where
every image variant and social card goes) is one splat with the long cache:
listed one by one, a site's images would pass Cloudflare Pages' limit of a
hundred rules, and a name there is never reused for other bytes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from urllib.parse import parse_qsl, quote

from sitegen.model import OutputFile, Site, Urls
from sitegen.urlpaths import is_safe_url_path, split_alias

LONG_CACHE = "public, max-age=31536000, immutable"
"""For fingerprinted assets: their bytes never change under the same name."""
SHORT_CACHE = "public, max-age=300, must-revalidate"
"""For HTML and every other file: a new article shows up within minutes."""

NOJEKYLL = ".nojekyll"
REDIRECTS = "_redirects"
HEADERS = "_headers"
QUERY_REDIRECTS = "query-redirects.json"
"""The map the theme's ``query-redirect.js`` reads (see ``render/pages.py``)."""
HOST_FILES = (NOJEKYLL, REDIRECTS, HEADERS)

_URL_SAFE = "/:@!$&'()+,;=-._~%"


def host_files(
    site: Site, urls: Urls, paths: Iterable[str], immutable: Collection[str]
) -> list[OutputFile]:
    """``.nojekyll``, ``_redirects`` and ``_headers`` for every output path, and
    the map of old addresses with a query string when there are any."""
    lookup = query_redirects(site, urls)
    made = [lookup] if lookup else []
    return [
        OutputFile(NOJEKYLL, b""),
        redirects_file(site, urls),
        *made,
        headers_file(urls, [*paths, *(f.path for f in made)], immutable),
    ]


def redirects_file(site: Site, urls: Urls) -> OutputFile:
    """One ``/alias/ /articles/x/ 301`` line per alias, base path included, sorted.

    An alias with a query string (``/?p=12``) becomes a rule on its query
    parameters (``/ p=12 /articles/x/ 301``), as Netlify reads them.
    """
    lines = []
    for rendered in site.articles:
        target = urls.href(site.urls[rendered.article.source])
        for alias in rendered.article.aliases:
            path, query = split_alias(alias)
            if not is_safe_url_path(path):
                continue
            where = quote(urls.href(path), safe=_URL_SAFE)
            params = " ".join(
                f"{quote(k, safe='')}={quote(v, safe='')}"
                for k, v in parse_qsl(query, keep_blank_values=True)
            )
            lines.append(f"{where} {params} {target} 301" if params else f"{where} {target} 301")
    return OutputFile(REDIRECTS, "".join(f"{line}\n" for line in sorted(lines)).encode())


def query_redirects(site: Site, urls: Urls) -> OutputFile | None:
    """``{"/?p=12": "/articles/x/"}`` for every alias with a query string, or None.

    Hosts without query rules serve the page at the path (often the home page)
    or the 404 page; those load a small script that looks the address up here.
    """
    found = {
        f"{urls.href(path)}?{query}": urls.href(site.urls[r.article.source])
        for r in site.articles
        for path, query in map(split_alias, r.article.aliases)
        if query and is_safe_url_path(path)
    }
    if not found:
        return None
    body = json.dumps(dict(sorted(found.items())), separators=(",", ":"), ensure_ascii=False)
    return OutputFile(QUERY_REDIRECTS, body.encode())


def headers_file(urls: Urls, paths: Iterable[str], immutable: Collection[str]) -> OutputFile:
    """A ``Cache-Control`` rule set in which every output file matches exactly one rule."""
    served = sorted({p for p in paths if p not in HOST_FILES})
    blocks = [
        f"{quote(urls.href(pattern), safe=_URL_SAFE + '*')}\n  Cache-Control: {value}\n"
        for pattern, value in cache_rules(served, immutable)
    ]
    return OutputFile(HEADERS, "".join(blocks).encode())


def cache_rules(paths: Sequence[str], immutable: Collection[str]) -> list[tuple[str, str]]:
    """(URL pattern, Cache-Control) pairs that do not overlap, sorted by pattern."""
    return sorted(_folder_rules("", sorted(paths), immutable))


def _folder_rules(
    folder: str, paths: Sequence[str], immutable: Collection[str]
) -> list[tuple[str, str]]:
    """Rules for ``paths``, all below ``folder`` (``""`` or ``static/``)."""
    if not any(path in immutable for path in paths):
        return [(f"/{folder}*", SHORT_CACHE)]
    if folder and len(paths) > 1 and all(path in immutable for path in paths):
        return [(f"/{folder}*", LONG_CACHE)]
    rules: list[tuple[str, str]] = []
    children: dict[str, list[str]] = {}
    for path in paths:
        head, slash, _ = path[len(folder) :].partition("/")
        if slash:
            children.setdefault(f"{folder}{head}/", []).append(path)
        else:
            rules.extend(_file_rules(path, immutable))
    for child, inside in sorted(children.items()):
        rules.extend(_folder_rules(child, inside, immutable))
    return rules


def _file_rules(path: str, immutable: Collection[str]) -> list[tuple[str, str]]:
    """One file's rule; ``x/index.html`` is also served as ``/x/``."""
    if path in immutable:
        return [(f"/{path}", LONG_CACHE)]
    rules = [(f"/{path}", SHORT_CACHE)]
    if path == "index.html" or path.endswith("/index.html"):
        rules.append((f"/{path.removesuffix('index.html')}", SHORT_CACHE))
    return rules
