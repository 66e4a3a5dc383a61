"""URL paths of the site and the output files they become.

A leaf shared by every stage: nothing a slug, alias or permalink says may put
a file outside the output directory, so every URL → path goes through
:func:`output_path_for`.
"""

from __future__ import annotations

import posixpath


def normalize_url_path(url: str) -> str:
    """Collapse empty segments so ``/a//b`` (an empty section) becomes ``/a/b/``."""
    parts = [p for p in url.split("/") if p]
    if not parts:
        return "/"
    path = "/" + "/".join(parts)
    # A last segment with a dot names a file (an alias like /old.html); else pretty URL.
    return path if "." in parts[-1] else path + "/"


def split_alias(alias: str) -> tuple[str, str]:
    """``/?p=12`` → ``("/", "p=12")``: an old address may carry a query string.

    The path part is normalized as any URL path; the query is kept as written.
    An alias with a query has no file of its own (the path is another page, or
    nothing): it is answered by a redirect rule and a lookup in the browser.
    """
    path, _, query = alias.partition("?")
    return normalize_url_path(path), query


def alias_key(alias: str) -> str:
    """What two aliases share when they are the same address."""
    path, query = split_alias(alias)
    return f"{path}?{query}" if query else path


def is_safe_url_path(url: str) -> bool:
    """True when the URL path cannot leave the output directory."""
    if not url.startswith("/") or "\\" in url or "\0" in url:
        return False
    return all(part not in {"..", "."} for part in url.split("/"))


def output_path_for(url: str) -> str:
    """``/articles/x/`` → ``articles/x/index.html``; refuses paths that escape."""
    if not is_safe_url_path(url):
        raise ValueError(f"unsafe URL path {url!r}")
    rel = url.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    normalized = posixpath.normpath(rel)
    if normalized.startswith("..") or normalized.startswith("/"):
        raise ValueError(f"unsafe URL path {url!r}")
    return normalized
