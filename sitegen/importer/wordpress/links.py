"""The old site's URLs: which links lead into it, and to which imported post.

A post links to other posts and pages of the same blog by their full
permalink (``https://example.com/2008/09/x/``), a root-relative path
(``/2008/09/x/``) or the ID form (``/?p=123``, ``/?page_id=2``). Each such link
to an imported, published post or page becomes a link to its markdown file,
which sitegen turns into the article's URL wherever the site is served (and
which ``sitegen check`` checks). Other links into the old site are kept as
written: the root-relative ones (which will not answer on the new site) are
notes at their line, the absolute ones are counted for one note about the old
site.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from sitegen.importer.wordpress.lines import LineFinder
from sitegen.urlpaths import normalize_url_path

_ATTRIBUTE = re.compile(r"""(\s(href|src)\s*=\s*)(["'])(.*?)\3""", re.IGNORECASE | re.DOTALL)
_ANCHOR = re.compile(r"""\s(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_BROKEN_ANCHOR = "link to {} leads to no anchor of the post: it was broken on the old site already"
ID_QUERIES = ("p", "page_id", "attachment_id")
"""Query parameters WordPress answers with a post by its ID: ``/?p=123``."""


@dataclass(slots=True)
class SiteLinks:
    """The old site's address, and the imported post behind each of its old URLs."""

    base_url: str
    targets: Mapping[str, str] = field(default_factory=dict)
    """Old URL key (:func:`url_key`) → the imported article's file."""
    remote: int = 0
    """Links and images kept pointing at the old site, for the site's note."""

    @property
    def host(self) -> str:
        return _host(urlsplit(self.base_url).netloc)

    @property
    def base_path(self) -> str:
        return normalize_url_path(urlsplit(self.base_url).path)

    def site_url(self, url: str) -> str | None:
        """``url`` relative to the old site (``/2008/09/x/``, ``/?p=12``), or None
        when it leads elsewhere (another host, a fragment, ``mailto:``)."""
        parts = urlsplit(html.unescape(url.strip()))
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and _host(parts.netloc) != self.host:
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None
        path = parts.path or "/"
        base = self.base_path
        if base != "/":
            if not normalize_url_path(path).startswith(base):
                return None if parts.netloc else path
            path = "/" + path[len(base) :]
        query = parse_qs(parts.query)
        for key in ID_QUERIES:
            if key in query and path in ("", "/"):
                return f"/?{key}={query[key][0]}"
        return path

    def rewrite(
        self, text: str, article_path: str, finder: LineFinder, notes: list[tuple[int, str]]
    ) -> str:
        """Links to imported posts lead to their files; the rest is counted or noted."""

        anchors = set(_ANCHOR.findall(text))

        def replace(match: re.Match[str]) -> str:
            value = match.group(4)
            if value.startswith("#") and len(value) > 1 and value[1:] not in anchors:
                notes.append((finder.line_of(value), _BROKEN_ANCHOR.format(value)))
                return match.group(0)
            old = self.site_url(value)
            if old is None:
                return match.group(0)
            target = self.targets.get(url_key(old))
            attribute = match.group(2).lower()
            if target is not None and attribute == "href":
                fragment = urlsplit(html.unescape(value)).fragment
                relative = posixpath.relpath(target, posixpath.dirname(article_path))
                new = relative + (f"#{fragment}" if fragment else "")
                return f"{match.group(1)}{match.group(3)}{html.escape(new)}{match.group(3)}"
            if urlsplit(html.unescape(value.strip())).netloc:
                self.remote += 1
            else:
                notes.append((finder.line_of(value), _relative_message(attribute, value)))
            return match.group(0)

        return _ATTRIBUTE.sub(replace, text)


def url_key(url: str) -> str:
    """One spelling per old URL: ``/2008/09/x`` and ``/2008/09/x/`` are one."""
    path, _, query = url.partition("?")
    return normalize_url_path(path).lower() + (f"?{query}" if query else "")


def _host(netloc: str) -> str:
    """``netloc``'s host in one spelling, to compare: lower case, no ``www.``, and
    each label in its IDNA (punycode) form. A site at ``https://bücher.example/``
    was linked as ``https://xn--bcher-kva.example/`` too: browsers go to one host."""
    host = unquote(netloc.rpartition("@")[2])
    return ".".join(_ascii_label(label) for label in host.split(".")).removeprefix("www.")


def _ascii_label(label: str) -> str:
    label = unicodedata.normalize("NFKC", label).casefold()
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def _relative_message(attribute: str, value: str) -> str:
    if attribute == "src":
        return (
            f"{value} is a file of the old site, which the export does not hold: copy it "
            "below content/ and link it from there, or write its full old URL"
        )
    return (
        f"link to {value} leads to no imported post or page (an archive or a file of "
        "the old site); kept as written, it will not answer on the new site"
    )
