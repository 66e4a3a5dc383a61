"""Links in imported bodies: kept pointing where they pointed, and checked.

A browser resolved a relative link of a Hugo page from the page's old URL;
sitegen resolves it from the new one (or from the file, for files beside it).
So a relative link that is not to a file beside the source becomes the site
path it led to (sitegen writes it under the base path), and a link to another
content file becomes a link to that file's imported ``.md``. Hugo wrote
root-relative links as they were, baseURL's sub-path included, where sitegen
adds the sub-path itself: that prefix is taken off. A link to a bundle file at
the URL Hugo published it under follows the file to where sitegen copies it.

Every link into the site is then looked up among what the new site answers;
one that leads nowhere is reported, with whether Hugo answered it either.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

_HTML_ATTRIBUTE = re.compile(r"""(?i)\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BLOCKS = MarkdownIt("commonmark").disable("inline")
"""Block structure only: where code is, not what the text says (much faster)."""


@dataclass(frozen=True, slots=True)
class SiteMap:
    """What the Hugo site and the new site answer, for resolving and checking links."""

    base_path: str
    """Hugo's baseURL path (``/`` or ``/blog/``)."""
    host: str
    """``https://example.org``, for root links that leave a site under a sub-path."""
    keep_root_links: bool
    """``canonifyURLs``: Hugo read ``/x`` as a site path already."""
    content: Mapping[str, str]
    """Content file (relative to the content folder) → its path in the new site
    (``post/a.html`` → ``content/post/a.md``; a bundle file → itself)."""
    answers: frozenset[str]
    """Site paths the new site answers: pages, aliases, list pages, files."""
    moved: Mapping[str, str] = field(default_factory=dict)
    """Where Hugo published a bundle's file → the site path sitegen copies it to."""
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    """Site paths Hugo answered that the import does not carry → why."""

    def answer(self, path: str) -> bool:
        return any(candidate in self.answers for candidate in _variants(path))

    def why_not(self, path: str) -> str | None:
        return next((self.elsewhere[c] for c in _variants(path) if c in self.elsewhere), None)


def _variants(path: str) -> Iterator[str]:
    """The paths a static host serves for ``path``: itself, as a folder, its index."""
    path = unquote(path)
    yield path
    if path.endswith("/index.html"):
        yield path[: -len("index.html")]
    elif not path.endswith("/"):
        yield path + "/"
        if path.endswith(".html"):
            yield path[: -len(".html")] + "/"
    else:
        yield path.rstrip("/") + ".html"


@dataclass(slots=True)
class Checked:
    """A body with its links rewritten, and the links that lead nowhere."""

    text: str
    broken: list[tuple[str, str]] = field(default_factory=list)
    """(href as written, why it leads nowhere)."""
    numbered: list[tuple[str, str]] = field(default_factory=list)
    """(the number a link was written to, the reference's URL it now leads to)."""


def rewrite_links(body: str, source: str, page_url: str, dest: str, site: SiteMap) -> Checked:
    """``body`` (markdown, raw HTML inside) of the content file ``source``
    (relative to the content folder), served at ``page_url`` by Hugo and
    written to ``dest`` (relative to the new site)."""
    result = Checked("")
    edits: list[tuple[int, int, str]] = []
    numbered = _numbered_references(body)
    for start, end, written in _links(body):
        inline = body.endswith("](", 0, start)  # a markdown link's destination
        href = (_numbered(written, numbered, source, site) if inline else None) or written
        if href != written:  # then resolved as a link to the reference's URL is
            result.numbered.append((written, href))
        new, problem = _resolve(href, source, page_url, dest, site)
        if new != written:
            edits.append((start, end, new))
        if problem:
            result.broken.append((href, problem))
    text = body
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    result.text = text
    return result


def _numbered(href: str, numbered: Mapping[str, str], source: str, site: SiteMap) -> str | None:
    """The URL of the numbered reference a markdown link ``[text](1)`` meant,
    when ``href`` is its number and no file of that name is beside ``source``."""
    reference = numbered.get(href)
    if reference is None:
        return None
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(source), href))
    return None if beside in site.content else reference


def _numbered_references(body: str) -> dict[str, str]:
    """The file's reference definitions labelled by a number (``[1]: https://…``),
    outside code: WordPress exports linked to them as ``[text](1)``, which Hugo
    printed as a link to ``./1``."""
    masked = mask_code(body)
    found: dict[str, str] = {}
    for match in _REFERENCE.finditer(masked):
        label = match.group(0).lstrip(" ")[1:].split("]", 1)[0]
        start, end = match.span(1)
        url = body[start:end].removeprefix("<").removesuffix(">")
        if label.isdigit() and url and not url.isdigit():
            found.setdefault(label, url)
    return found


def check_link(href: str, source: str, page_url: str, site: SiteMap) -> str | None:
    """Why ``href`` (front matter ``image``, say) leads nowhere; None when it answers."""
    return _resolve(href, source, page_url, "content/" + source, site)[1]


def _resolve(
    href: str, source: str, page_url: str, dest: str, site: SiteMap
) -> tuple[str, str | None]:
    """(the href to write, why it leads nowhere or None)."""
    if not href or href.startswith(("#", "//", "{{", "{%")) or _SCHEME.match(href):
        return href, None
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, suffix = href[:cut], href[cut:]
    if not path:
        return href, None
    if path.startswith("/"):
        return _root(path, suffix, site)
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    if beside in site.content:
        target = site.content[beside]
        if target.startswith("content/") and target != "content/" + beside:
            return posixpath.relpath(target, posixpath.dirname(dest)) + suffix, None
        return href, None
    folder = page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/"
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined.startswith("/.."):
        return href, f"it climbs above the site's root from {page_url}"
    resolved = joined + ("/" if path.endswith("/") and joined != "/" else "")
    written, problem = _root(resolved, suffix, site)
    return written, problem


def _root(path: str, suffix: str, site: SiteMap) -> tuple[str, str | None]:
    """A root-relative path: sub-path taken off, moved files followed, then checked."""
    base = site.base_path
    if base != "/" and not site.keep_root_links:
        if path + "/" == base or path.startswith(base):
            path = "/" + path[len(base) :]
        else:
            return site.host + path + suffix, None  # outside the site: stays where it was
    path = site.moved.get(path, path)
    if site.answer(path):
        return path + suffix, None
    why = site.why_not(path)
    if why:
        return path + suffix, why
    return path + suffix, f"nothing was published at {path} in the Hugo site either"


def _links(body: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, href) of every link destination outside code."""
    masked = mask_code(body)
    for match in _REFERENCE.finditer(masked):
        start, end = match.span(1)
        yield from _unwrapped(body, start, end)
    position = 0
    while True:
        found = masked.find("](", position)
        if found < 0:
            break
        start = found + 2
        while start < len(masked) and masked[start] in " \t":
            start += 1
        end = _destination_end(masked, start)
        if end > start:
            yield from _unwrapped(body, start, end)
        position = found + 2
    for match in _HTML_ATTRIBUTE.finditer(masked):
        group = 1 if match.group(1) is not None else 2
        yield match.start(group), match.end(group), body[match.start(group) : match.end(group)]


def _unwrapped(body: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    text = body[start:end]
    if text.startswith("<") and text.endswith(">"):
        start, end = start + 1, end - 1
    yield start, end, body[start:end]


def _destination_end(text: str, start: int) -> int:
    """End of a link destination (CommonMark: ``<…>`` or balanced parentheses)."""
    if text.startswith("<", start):
        close = text.find(">", start)
        return close + 1 if close > 0 and "\n" not in text[start:close] else start
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char.isspace():
            break
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        index += 1
    return index


def mask_code(body: str) -> str:
    """``body`` with code blocks and code spans blanked, offsets kept."""
    lines = body.split("\n")
    for token in _BLOCKS.parse(body):
        if token.type in ("fence", "code_block") and token.map:
            for number in range(token.map[0], min(token.map[1], len(lines))):
                lines[number] = " " * len(lines[number])
    masked = "\n".join(lines)
    return _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), masked)


def line_of(text: str, needle: str, default: int = 1) -> int:
    """The 1-based line of the first ``needle`` in ``text``."""
    found = text.find(needle)
    return text.count("\n", 0, found) + 1 if found >= 0 else default


def line_of_link(text: str, href: str) -> int:
    """The 1-based line of ``href`` where it stands alone, not as a piece of a longer
    address (an external link that holds the same path); else of its first
    occurrence, else 1."""
    alone = re.compile(r"(?<![\w/.:%~-])" + re.escape(href) + r"(?![\w/.%~-])")
    found = alone.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else line_of(text, href)


def site_root(base_url: str) -> str:
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
