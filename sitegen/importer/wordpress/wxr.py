"""Reading a WordPress export (WXR: WordPress eXtended RSS, versions 1.0 to 1.2).

The file is read in one streaming pass with the standard library's expat
parser, driven directly rather than through ElementTree, for two reasons:

- every ``<item>`` keeps the line where it starts, so each note of the report
  points into the export (ElementTree's ``iterparse`` does not expose it);
- an entity declaration is refused outright, so no entity expansion bomb
  ("billion laughs") can run, whatever expat's own limits are, and no external
  entity is ever fetched (expat loads none without a handler; parameter
  entities are not parsed). A WordPress export never declares entities.

Only one ``<item>`` is built at a time; each is handed to the caller as a small
:class:`Node` tree and dropped from the channel, so memory holds what the
caller keeps, not the whole document twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from sitegen.importer.model import SourceError

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")

_NAMESPACES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/?$"), "wp"),
    (re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$"), "content"),
    (re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$"), "dc"),
    (re.compile(r"^https?://wellformedweb\.org/CommentAPI/?$"), "wfw"),
)
"""Namespace URI → the prefix WordPress gives it. Exports differ in the URI's
version and scheme (``http`` or ``https``), never in what the elements mean."""

_CHUNK = 1 << 16
_CONTROLS = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))
"""Control characters XML 1.0 forbids. Text pasted from word processors brings
them into posts and WordPress exports them as they are; in UTF-8 (and every
ASCII-compatible encoding) these bytes are only ever these characters."""


@dataclass(slots=True)
class Node:
    """One element: ``wp:post_id``, ``title``, ``category``…, with its start line."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    text_line: int = 0
    """Line where the element's text starts (a CDATA section may start later)."""

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def get(self, tag: str) -> str:
        """Text of the first child named ``tag``, stripped; "" when absent."""
        child = self.find(tag)
        return child.text.strip() if child is not None else ""

    def all(self, tag: str) -> Iterator[Node]:
        return (child for child in self.children if child.tag == tag)


@dataclass(slots=True)
class Channel:
    """The export's channel: the site's fields and the nodes that are not items."""

    fields: dict[str, str] = field(default_factory=dict)
    """``title``, ``link``, ``wp:base_blog_url``… (first of each, stripped)."""
    nodes: list[Node] = field(default_factory=list)
    """``wp:author`` (``wp:wp_author``), ``wp:category``, ``wp:tag``, ``wp:term`` elements."""
    controls: int = 0
    """Control characters taken out of the file before parsing it."""


def read_wxr(path: Path, on_item: Callable[[Node], None]) -> Channel:
    """Stream ``path``, calling ``on_item`` with each ``<item>`` as it ends.

    Raises SourceError (naming the file, and the line for malformed XML) when
    the file cannot be read, is not XML, is not RSS, or is not a WXR export of
    a known version.
    """
    reader = _Reader(on_item)
    parser = reader.parser
    try:
        with path.open("rb") as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                if first:
                    chunk, first = _declared(chunk), False
                kept = chunk.translate(None, _CONTROLS)
                reader.channel.controls += len(chunk) - len(kept)
                parser.Parse(kept, False)
            parser.Parse(b"", True)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise SourceError(
            f"{path}:{exc.lineno}: broken XML: {reason}; "
            "a WordPress export is the file that Tools → Export writes"
        ) from None
    except _RefusedError as exc:
        raise SourceError(f"{path}:{exc.line}: {exc.message}") from None
    _check_export(path, reader)
    return reader.channel


_USUAL_PREFIXES = {
    b"atom": b"http://www.w3.org/2005/Atom",
    b"sy": b"http://purl.org/rss/1.0/modules/syndication/",
    b"slash": b"http://purl.org/rss/1.0/modules/slash/",
    b"georss": b"http://www.georss.org/georss",
    b"geo": b"http://www.w3.org/2003/01/geo/wgs84_pos#",
    b"media": b"http://search.yahoo.com/mrss/",
    b"wfw": b"http://wellformedweb.org/CommentAPI/",
    b"dc": b"http://purl.org/dc/elements/1.1/",
    b"content": b"http://purl.org/rss/1.0/modules/content/",
}
"""Prefixes feeds use (``<atom:link>`` above all) and the namespace each stands for."""
_RSS_TAG = re.compile(rb"<rss\b[^>]*?(/?)>")


def _declared(head: bytes) -> bytes:
    """The export's first bytes with a declaration on ``<rss>`` for each usual prefix
    the file does not declare. WordPress.com wrote ``<atom:link>`` into its 2012
    exports without declaring ``atom``, which XML refuses (an unbound prefix), and
    WordPress's own importer reads them. Nothing else of the file changes, its
    lines included."""
    tag = _RSS_TAG.search(head)
    if tag is None:
        return head
    missing = b"".join(
        b' xmlns:%s="%s"' % (prefix, uri)
        for prefix, uri in _USUAL_PREFIXES.items()
        if b"xmlns:" + prefix + b"=" not in tag.group(0)
    )
    end = tag.end() - 1 - len(tag.group(1))
    return head[:end] + missing + head[end:]


def _check_export(path: Path, reader: _Reader) -> None:
    if reader.root != "rss":
        raise SourceError(
            f"{path}: not a WordPress export: the document is <{reader.root}>, not an RSS "
            "feed (<rss>); export the site with Tools → Export in WordPress"
        )
    version = reader.channel.fields.get("wp:wxr_version")
    if not reader.seen_channel or version is None:
        raise SourceError(
            f"{path}: not a WordPress export: an RSS feed without <wp:wxr_version>; "
            "export the site with Tools → Export in WordPress (a feed holds only recent posts)"
        )
    if version not in KNOWN_VERSIONS:
        raise SourceError(
            f"{path}: WXR version {version!r} is not one sitegen reads "
            f"({', '.join(KNOWN_VERSIONS)})"
        )


class _RefusedError(Exception):
    """Something a WordPress export never holds and that is unsafe to read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Reader:
    """expat handlers: a stack of open nodes below ``<channel>``."""

    def __init__(self, on_item: Callable[[Node], None]) -> None:
        self.on_item = on_item
        self.channel = Channel()
        self.root = ""
        self.seen_channel = False
        self.depth = 0
        self.stack: list[Node] = []
        parser = expat.ParserCreate(namespace_separator=" ")
        # Unbuffered: the first piece of an element's text comes with its line.
        parser.buffer_text = False
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.EntityDeclHandler = self.refuse_entity
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        self.parser = parser

    def refuse_entity(self, name: str, *_: object) -> None:
        raise _RefusedError(
            self.parser.CurrentLineNumber,
            f"declares the entity {name!r}; a WordPress export never does, "
            "and entities can expand without end, so the file is not read",
        )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        tag = _prefixed(name)
        if self.depth == 1:
            self.root = tag
        elif self.depth == 2 and tag == "channel" and self.root == "rss":
            self.seen_channel = True
        elif self.depth >= 3 and self.seen_channel:
            node = Node(tag, {_prefixed(k): v for k, v in attrs.items()}, self._line())
            if self.stack:
                self.stack[-1].children.append(node)
            self.stack.append(node)

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.depth < 2 or not self.stack:
            return
        node = self.stack.pop()
        if self.depth == 2:
            self._channel_child(node)

    def data(self, text: str) -> None:
        if self.stack:
            node = self.stack[-1]
            if not node.parts:
                node.text_line = self._line()
            node.parts.append(text)

    def _channel_child(self, node: Node) -> None:
        if node.tag == "item":
            self.on_item(node)
        elif node.children:
            self.channel.nodes.append(node)
        else:
            self.channel.fields.setdefault(node.tag, node.text.strip())

    def _line(self) -> int:
        return int(self.parser.CurrentLineNumber)


def _prefixed(name: str) -> str:
    """``http://wordpress.org/export/1.2/ post_id`` → ``wp:post_id``."""
    uri, _, local = name.rpartition(" ")
    if not uri:
        return local
    for pattern, prefix in _NAMESPACES:
        if pattern.match(uri):
            return f"{prefix}:{local}"
    return f"{{{uri}}}{local}"
