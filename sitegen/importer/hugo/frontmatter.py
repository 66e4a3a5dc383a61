"""A Hugo content file → its front matter (YAML, TOML or JSON) and its body.

Hugo tells the format by the first characters: ``---`` YAML, ``+++`` TOML, a
``{`` a JSON object; anything else is all body. Keys keep their spelling here
(sitegen keeps unknown keys as the author wrote them) but are looked up without
regard to case, as Hugo does (``expiryDate`` is ``expirydate``). Each top-level
key's line is found too, so a note can point at it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from sitegen.importer.hugo.formats import read_structured
from sitegen.importer.model import SourceError

_FENCES = {"---": "yaml", "+++": "toml"}


class FrontMatterError(Exception):
    """A content file whose front matter does not parse: ``(line, message)``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Front:
    """Front matter as written, with case-insensitive lookup."""

    values: Mapping[str, Any]
    kind: str
    """``yaml``, ``toml``, ``json`` or ``none``."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Lower-cased key → its line in the file."""
    _lower: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, values: Mapping[str, Any], kind: str, lines: Mapping[str, int]) -> Front:
        lower: dict[str, str] = {}
        for key in values:
            lower.setdefault(str(key).lower(), key)
        return cls(values, kind, lines, lower)

    def get(self, key: str, default: Any = None) -> Any:
        written = self._lower.get(key.lower())
        return self.values[written] if written is not None else default

    def has(self, key: str) -> bool:
        return key.lower() in self._lower

    def written(self, key: str) -> str:
        """The key as the author spelled it."""
        return self._lower.get(key.lower(), key)

    def line(self, key: str) -> int:
        return self.lines.get(key.lower(), 1)

    def keys(self) -> Iterator[str]:
        return iter(self.values)


@dataclass(frozen=True, slots=True)
class ContentFile:
    """A content file split into front matter and body."""

    front: Front
    body: str
    body_line: int
    """File line where the body starts."""


def split_content(text: str, origin: str) -> ContentFile:
    """Split ``text`` (the file ``origin``); FrontMatterError when it does not parse."""
    text = text.removeprefix("\ufeff")
    first, _, rest = text.partition("\n")
    fence = first.rstrip()
    if fence in _FENCES:
        return _fenced(text, rest, fence, origin)
    if text.lstrip().startswith("{"):
        return _json(text, origin)
    return ContentFile(Front.of({}, "none", {}), text, 1)


def _fenced(text: str, rest: str, fence: str, origin: str) -> ContentFile:
    kind = _FENCES[fence]
    lines = rest.split("\n")
    for index, line in enumerate(lines):
        if line.rstrip() == fence:
            meta = "\n".join(lines[:index])
            body = "\n".join(lines[index + 1 :])
            values = _parse(meta, kind, origin, 2)
            return ContentFile(Front.of(values, kind, _key_lines(meta, kind, 2)), body, index + 3)
    raise FrontMatterError(1, f"front matter opened with '{fence}' is never closed")


def _json(text: str, origin: str) -> ContentFile:
    start = len(text) - len(text.lstrip())
    try:
        values, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(exc.lineno, f"invalid JSON front matter: {exc.msg}") from None
    if not isinstance(values, dict):
        raise FrontMatterError(1, "JSON front matter must be an object")
    body = text[end:]
    body_line = text.count("\n", 0, end) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    meta = text[start:end]
    return ContentFile(Front.of(values, "json", _key_lines(meta, "json", 1)), body, body_line)


def _parse(meta: str, kind: str, origin: str, first_line: int) -> dict[str, Any]:
    try:
        values = read_structured(meta, kind, origin, first_line)
    except SourceError as exc:
        where, _, message = str(exc).partition(": ")
        line = int(where.rsplit(":", 1)[1]) if where.rsplit(":", 1)[-1].isdigit() else 1
        raise FrontMatterError(line, f"front matter is not valid: {message}") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise FrontMatterError(first_line, "front matter must hold keys with values")
    return values


def _key_lines(meta: str, kind: str, first_line: int) -> dict[str, int]:
    """Lower-cased top-level key → file line, for notes."""
    patterns = {
        "yaml": r"^([A-Za-z_][\w.-]*)\s*:",
        "toml": r"^\s*([A-Za-z_][\w.-]*|\"[^\"]+\")\s*=|^\s*\[+\s*([A-Za-z_][\w-]*)",
        "json": r"^\s*\{?\s*\"([^\"]+)\"\s*:",
    }
    found: dict[str, int] = {}
    for number, line in enumerate(meta.split("\n")):
        match = re.match(patterns[kind], line)
        if match:
            key = next(g for g in match.groups() if g).strip('"').lower()
            found.setdefault(key, first_line + number)
    return found


# -- dates --------------------------------------------------------------------

_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S %z %Z",
    "%Y-%m-%d %H:%M:%S.%f %z %Z",
    "%a, %d %b %Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M:%S %Z",
    "%d %b %Y",
    "%d %b %Y %H:%M",
    "%a %b %d %H:%M:%S %Y",
    "%B %d, %Y",
    "%b %d, %Y",
)
"""Hugo's other date forms (Go's RFC 1123, ``02 Jan 2006``…) after ISO 8601."""


def to_date(value: Any, zone: tzinfo) -> datetime | None:
    """The moment a front matter date means, or None when it is not a date.

    Values without a zone are in ``zone`` (Hugo's ``timeZone``, else UTC).
    Returned naive when written naive, so the import writes what the author
    wrote and sitegen's ``timezone`` (the same zone) reads it the same way.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace(" Z", "Z"))
    except ValueError:
        pass
    for form in _FORMATS:
        try:
            parsed = datetime.strptime(text, form)
        except ValueError:
            continue
        if parsed.tzinfo is None and ("%Z" in form and text.endswith(("UTC", "GMT"))):
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` with ``zone`` when it has none, for comparisons."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def fixed_zone(moment: datetime) -> tzinfo:
    """The zone of an aware datetime, or UTC."""
    offset = moment.utcoffset()
    return UTC if offset is None else timezone(timedelta(seconds=offset.total_seconds()))
