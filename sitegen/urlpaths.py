"""URL paths of the site and the output files they become.

A leaf shared by every stage: nothing a slug, alias or permalink says may put
a file outside the output directory, so every URL → path goes through
:func:`output_path_for`.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import quote

MAX_SEGMENT_BYTES = 200
"""The longest URL path segment (a slug, a tag's slug, a folder of an alias), in
bytes of UTF-8: it becomes a file or folder name, which most file systems cap
at 255 bytes, and the build needs room for its temporary names beside it."""
MAX_PATH_BYTES = 1000
"""The longest URL path, in bytes of UTF-8 (file systems cap whole paths too)."""

_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
"""What a URL path keeps as written (RFC 3986 ``pchar`` and ``/``, and ``%`` of
an escape already written); everything else is percent-encoded."""

_KEPT_AS_WRITTEN = re.compile(r"[A-Za-z0-9_.~" + re.escape(_PATH_SAFE) + r"]*")
"""A path ``quote`` leaves as it is: its letters and digits, and ``_PATH_SAFE``."""


def encode_url_path(path: str) -> str:
    """``/sections/новости/`` → ``/sections/%D0%BD%D0%BE…/``: a site path as it goes
    into an href, a feed or a sitemap. Slugs keep letters of other scripts; feeds and
    sitemaps must carry them percent-encoded (browsers show them decoded)."""
    if _KEPT_AS_WRITTEN.fullmatch(path):  # most paths: ``quote`` would change nothing
        return path
    return quote(path, safe=_PATH_SAFE)


def url_path_problem(path: str) -> str | None:
    """Why ``path`` is too long to become a file, in the author's words, or None."""
    size = len(path.encode())
    if size > MAX_PATH_BYTES:
        return f"is {size} bytes long; a URL path may be at most {MAX_PATH_BYTES}"
    for segment in path.split("/"):
        size = len(segment.encode())
        if size > MAX_SEGMENT_BYTES:
            shown = segment[:40] + "…"
            return (
                f"has a part of {size} bytes ('{shown}'); each part of a URL becomes a file "
                f"name and may be at most {MAX_SEGMENT_BYTES} bytes"
            )
    return None


def normalize_url_path(url: str) -> str:
    """Collapse empty segments so ``/a//b`` (an empty section) becomes ``/a/b/``.

    A last segment with a dot and no slash after it names a file (an alias
    like ``/old.html``); anything else is a pretty URL, a folder: ``/a.b/``
    written with its slash stays ``/a.b/``.
    """
    parts = [p for p in url.split("/") if p]
    if not parts:
        return "/"
    path = "/" + "/".join(parts)
    return path if "." in parts[-1] and not url.endswith("/") else path + "/"


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


LINK_SCHEMES = ("http", "https", "mailto")
"""What a link from site.yaml or front matter may be besides a path of the site: a
``javascript:`` author URL was a live script on every author page."""
IMAGE_SCHEMES = ("http", "https")


def check_url(value: str, name: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> str:
    """``value`` when it is a URL with one of ``schemes`` or a path (no scheme), else
    ValueError naming the key ``name`` and what it accepts.

    The scheme is read as a browser reads it: spaces and tabs inside are ignored
    (``java script:`` is ``javascript:``), so none slips through.
    """
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise ValueError(f"'{name}' must not contain control characters")
    scheme = _SCHEME.match("".join(value.split()))
    if scheme and scheme.group(1).lower() not in schemes:
        starts = [f"{s}:" if s == "mailto" else f"{s}://" for s in schemes]
        kinds = ", ".join(starts[:-1]) + " or " + starts[-1]
        raise ValueError(
            f"'{name}' must be a path of the site or a URL starting with {kinds}, not '{value}'"
        )
    return value


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
