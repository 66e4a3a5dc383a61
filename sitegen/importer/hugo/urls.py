"""The URL Hugo gave each page, computed the way Hugo computes it.

Follows Hugo's ``CreateTargetPaths`` and ``PermalinkExpander``: a permalink
pattern of the page's section (``/:year/:month/:slug/``) or, without one, the
folder and the slug or file name; front matter ``url`` instead of both;
``uglyURLs`` turning ``/a/b/`` into ``/a/b.html``; every path element passed
through ``MakePathSanitized`` (spaces → ``-``, other punctuation dropped, lower
case unless ``disablePathToLower``). Paths here are site paths: below the
baseURL's own path, which sitegen's ``base_url`` keeps.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote_plus

from sitegen.importer.hugo.config import HugoConfig, PermalinkRule

_TOKEN = re.compile(r":\w+(\[.+?\])?")
_ESCAPED_COLON = "\x00"
_ZERO_TIME = datetime(1, 1, 1)
"""Go's zero time: the date of a page without one (``:year`` is ``1``)."""
_ALLOWED_PUNCTUATION = set("./\\_#+~-@")
_HEX = set("0123456789abcdefABCDEF")


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What Hugo's URL rules read from one page."""

    kind: str
    """``page``, ``section``, ``home`` or ``term``."""
    dir: str
    """Folder below the content dir, no slashes at the ends: ``post/2020``."""
    base_name: str
    """File name without language and extension; a leaf bundle's folder name."""
    section: str
    """First-level section; ``""`` at the root."""
    sections: tuple[str, ...]
    """The section path: ``("post", "2020")`` when ``post/2020`` has an ``_index``."""
    title: str
    slug: str
    date: datetime | None
    url: str = ""
    """Front matter ``url``."""
    bundle: bool = False
    section_titles: Mapping[str, tuple[str, str]] | None = None
    """Section path → (slug, title) of its ``_index``, for ``:sectionslug``."""


class HugoUrls:
    """Hugo's URL rules for one site's configuration."""

    def __init__(self, config: HugoConfig) -> None:
        self.config = config
        self.lower = config.lower_paths
        self.remove_accents = config.flag("removepathaccents")

    # -- Hugo's path helpers ---------------------------------------------------

    def make_path(self, text: str) -> str:
        """``MakePathSanitized``: Hugo's cleaning of every path element."""
        path = sanitize(text)
        if self.remove_accents:
            path = "".join(
                c for c in unicodedata.normalize("NFD", path) if not unicodedata.combining(c)
            )
        return path.lower() if self.lower else path

    def urlize(self, text: str) -> str:
        """Hugo's ``urlize`` (without its percent-encoding, which is undone later)."""
        return self.make_path(text)

    # -- pages --------------------------------------------------------------------

    def rule_for(self, page: PageFacts) -> PermalinkRule | None:
        """The permalink rule that applies to ``page``, if any (first match wins)."""
        kind = "page" if page.kind == "page" else page.kind
        for rule in self.config.permalinks:
            if rule.kind != kind:
                continue
            if rule.section == "":
                if page.dir == "":
                    return rule
                continue
            if page.dir == rule.section or page.dir.startswith(rule.section + "/"):
                return rule
        return None

    def page_url(self, page: PageFacts) -> str:
        """The URL of a regular page (a leaf bundle's index included)."""
        prefix = self.config.language_prefix
        if page.url:
            written = self.expand(page.url, page) if ":" in page.url else page.url
            return self._front_matter_url(page, written or page.url, sanitize_it=False)
        rule = self.rule_for(page)
        expanded = self.expand(rule.pattern, page) if rule else ""
        elements = [expanded] if expanded else [page.dir, page.slug or page.base_name]
        elements = [self.make_path(e) for e in elements if e and e != "/"]
        if self.config.ugly(page.section):
            elements[-1] = elements[-1].rstrip("/") + ".html"
            link = "/" + posixpath.join(*elements).strip("/")
        else:
            link = _with_slash("/" + posixpath.join(*elements).strip("/"))
        return _clean(prefix + link)

    def list_url(self, page: PageFacts) -> str:
        """The URL of a home, section or term page."""
        prefix = self.config.language_prefix
        if page.kind == "home":
            return prefix + "/"
        if page.url:
            return self._front_matter_url(page, page.url, sanitize_it=True)
        rule = self.rule_for(page)
        expanded = self.expand(rule.pattern, page) if rule else ""
        path = expanded or "/".join(page.sections)
        path = "/".join(self.make_path(p) for p in path.split("/") if p)
        if self.config.ugly(page.section) and path:
            return _clean(f"{prefix}/{path}.html")
        return _clean(_with_slash(f"{prefix}/{path}"))

    def _front_matter_url(self, page: PageFacts, url: str, sanitize_it: bool) -> str:
        """Front matter ``url``: kept as written on pages (Hugo ≥ 0.123), cleaned on lists.

        A query (``/?p=12``, what WordPress exporters write for plain links) is the
        address readers and other sites used, kept as it is: no slash is put before it.
        """
        url, mark, query = url.partition("?")
        if mark:
            return self._front_matter_url(page, url or "/", sanitize_it).rstrip("/") + "/?" + query
        relative = not url.startswith("/")
        if ".." in url:  # as Hugo cleans it: path.Join("/", url)
            url = posixpath.normpath("/" + url) + ("/" if url.endswith("/") else "")
        segments = [s for s in url.split("/") if s]
        if sanitize_it:
            segments = [self.make_path(s) for s in segments]
        link = "/" + "/".join(segments)
        if url.endswith("/") or "." not in url:
            link = _with_slash(link)
        prefix = self.config.language_prefix
        if relative and prefix and not link.startswith(prefix + "/"):
            link = prefix + link
        return _clean(link)

    def resources_url(self, page_url: str) -> str:
        """Where Hugo published a bundle's files: the page's folder (``SubResourceBaseLink``)."""
        if page_url.endswith("/"):
            return page_url
        stem = page_url.removesuffix(".html") if page_url.endswith(".html") else None
        return (stem if stem is not None else posixpath.dirname(page_url)) + "/"

    def alias_url(self, alias: str, page_url: str, section: str) -> str | None:
        """An ``aliases`` entry as the URL Hugo wrote its redirect at; None for one
        Hugo refused (above the site's root, a whole URL).

        A relative alias is relative to the page's folder's parent, as Hugo joins
        it with ``SubResourceBaseLink/..``; with ``uglyURLs`` a name gets ``.html``.
        """
        alias = alias.strip()
        if "://" in alias or "\\" in alias:
            return None
        if alias.startswith("/?"):  # a query on the home page (``/?p=12``), kept as it is
            return alias
        if not alias.startswith("/"):
            base = posixpath.dirname(self.resources_url(page_url).rstrip("/")) or "/"
            alias = posixpath.join(base, alias)
        cleaned = posixpath.normpath(alias)
        if cleaned.startswith(("/..", "//")) or cleaned == "/":
            return None
        if self.config.ugly(section) and not cleaned.endswith(".html"):
            cleaned += ".html"
        if cleaned.endswith(".html"):
            return _clean(cleaned)
        return _clean(_with_slash(cleaned))

    def term_url(self, plural: str, term: str) -> str:
        page = PageFacts("term", plural, term, plural, (plural,), term, "", None)
        rule = self.rule_for(page)
        prefix = self.config.language_prefix
        if rule is not None:
            path = self.expand(rule.pattern, page)
        else:
            path = f"{plural}/{self.urlize(term)}"
        path = "/".join(self.make_path(p) for p in path.split("/") if p)
        if self.config.ugly(plural):
            return _clean(f"{prefix}/{path}.html")
        return _clean(_with_slash(f"{prefix}/{path}"))

    # -- permalink patterns -------------------------------------------------------

    def expand(self, pattern: str, page: PageFacts) -> str:
        """Fill every ``:token`` of ``pattern`` for ``page``; ``""`` for a bad pattern."""
        text = pattern.replace("\\:", _ESCAPED_COLON)
        result = []
        position = 0
        for match in _TOKEN.finditer(text):
            value = self._token(match.group(0)[1:], page)
            if value is None:
                return ""
            result.append(text[position : match.start()])
            result.append(value)
            position = match.end()
        result.append(text[position:])
        expanded = "".join(result).replace(_ESCAPED_COLON, ":")
        return unquote_plus(expanded)

    def _token(self, name: str, page: PageFacts) -> str | None:
        simple: Mapping[str, Callable[[PageFacts], str]] = {
            "section": lambda p: p.section,
            "sections": lambda p: "/".join(p.sections),
            "title": lambda p: self.urlize(p.title),
            "slug": lambda p: self.urlize(p.slug or p.title),
            "slugorfilename": lambda p: self.urlize(p.slug) if p.slug else self._filename(p),
            "filename": self._filename,
            "contentbasename": lambda p: self.urlize(p.base_name),
            "slugorcontentbasename": lambda p: self.urlize(p.slug or p.base_name),
            "sectionslug": lambda p: next(iter(self._section_slugs(p)), ""),
            "sectionslugs": lambda p: "/".join(self._section_slugs(p)),
        }
        if name in simple:
            return simple[name](page)
        if name.startswith("sections["):
            return "/".join(_slice(page.sections, name[len("sections") :]))
        if name.startswith("sectionslugs["):
            return "/".join(_slice(self._section_slugs(page), name[len("sectionslugs") :]))
        return format_date(page.date or _ZERO_TIME, name)

    def _filename(self, page: PageFacts) -> str:
        return "" if page.base_name == "_index" else self.urlize(page.base_name)

    def _section_slugs(self, page: PageFacts) -> list[str]:
        titles = page.section_titles or {}
        slugs = []
        for depth in range(1, len(page.sections) + 1):
            key = "/".join(page.sections[:depth])
            slug, title = titles.get(key, ("", page.sections[depth - 1]))
            slugs.append(self.urlize(slug or title))
        return slugs


def sanitize(text: str) -> str:
    """Hugo's ``paths.Sanitize``: spaces become one ``-``, disallowed runes go."""
    out: list[str] = []
    prepend = was_hyphen = False
    for index, char in enumerate(text):
        if _allowed(text, index, char):
            was_hyphen = char == "-"
            if prepend and not was_hyphen:
                out.append("-")
            prepend = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            prepend = True
    return "".join(out)


def _allowed(text: str, index: int, char: str) -> bool:
    if char == " ":
        return False
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd" or char in _ALLOWED_PUNCTUATION:
        return True
    return (
        char == "%" and text[index + 1 : index + 2] in _HEX and text[index + 2 : index + 3] in _HEX
    )


def _with_slash(path: str) -> str:
    return path if path.endswith("/") else path + "/"


def _clean(path: str) -> str:
    """Hugo's ``path.Join``: ``//`` that empty tokens leave collapse, ``..`` and ``.``
    are resolved (never above the root), a final ``/`` is kept."""
    joined = posixpath.normpath("/" + path.lstrip("/"))
    joined = "/" + joined.lstrip("/")
    return joined + "/" if path.endswith("/") and joined != "/" else joined


def _slice(items: Sequence[str], cut: str) -> list[str]:
    """Hugo's ``[low:high]``, ``[n]`` and ``[last]`` on a section path."""
    cut = cut.strip().lower()
    if not (len(cut) >= 3 and cut.startswith("[") and cut.endswith("]")):
        return []
    inner = cut[1:-1]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        number = max(int(text) if text.lstrip("-").isdigit() else 0, 0)
        return number if number < len(items) else (-1 if low else len(items))

    if ":" not in inner:
        at = index(inner, True)
        return [items[at]] if items and at >= 0 else []
    low_text, high_text = inner.split(":", 1)
    low, high = index(low_text, True), index(high_text, False)
    return list(items[low:high]) if items and low >= 0 and high >= 0 else []


# -- Go date layouts ------------------------------------------------------------

_NAMED: Mapping[str, Callable[[datetime], str]] = {
    "year": lambda d: str(d.year),
    "month": lambda d: f"{d.month:02d}",
    "monthname": lambda d: d.strftime("%B"),
    "day": lambda d: f"{d.day:02d}",
    "weekday": lambda d: str((d.weekday() + 1) % 7),
    "weekdayname": lambda d: d.strftime("%A"),
    "yearday": lambda d: str(d.timetuple().tm_yday),
}
_LAYOUT = (
    ("January", "%B"),
    ("Monday", "%A"),
    ("2006", "%Y"),
    ("Jan", "%b"),
    ("Mon", "%a"),
    ("MST", "%Z"),
    ("01", "%m"),
    ("02", "%d"),
    ("03", "%I"),
    ("04", "%M"),
    ("05", "%S"),
    ("06", "%y"),
    ("15", "%H"),
    ("PM", "%p"),
    ("1", "-m"),
    ("2", "-d"),
    ("3", "-I"),
)
"""Go's reference-time pieces, longest first, as strftime codes (``-x``: no padding)."""


def format_date(moment: datetime, name: str) -> str | None:
    """A date token (``year``… or a Go layout such as ``2006``); None if it is neither."""
    if name in _NAMED:
        return _NAMED[name](moment)
    out: list[str] = []
    position = 0
    matched = False
    while position < len(name):
        for piece, code in _LAYOUT:
            if name.startswith(piece, position):
                out.append(_strftime(moment, code))
                position += len(piece)
                matched = True
                break
        else:
            out.append(name[position])
            position += 1
    return "".join(out) if matched else None


def _strftime(moment: datetime, code: str) -> str:
    if code.startswith("-"):
        value = {"m": moment.month, "d": moment.day, "I": (moment.hour % 12) or 12}[code[1]]
        return str(value)
    return moment.strftime(code)
