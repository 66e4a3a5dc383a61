"""Front matter in the three forms Hugo reads: YAML ``---``, TOML ``+++``, JSON ``{…}``.

Takes a source file and returns its front matter as a ``YamlDocument`` (the one
form the checks in ``frontmatter.py`` read, every key knowing its file line),
the body, and the body's first line. TOML and JSON are parsed by their
standard libraries, then turned into YAML nodes marked with the line where
each key is written, so a wrong value in TOML is reported at its line as one in
YAML is. Hugo authors write TOML as often as YAML: refusing it would refuse
their whole archive.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time

import yaml

from sitegen.config import YamlDocument
from sitegen.errors import Problems
from sitegen.model import SourceFile

_FENCES = {"---": "YAML", "+++": "TOML"}
_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_YAML_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A file split into its front matter (as YAML nodes) and its body."""

    document: YamlDocument
    body: str
    body_line: int
    """1-based file line of the body's first line."""


def read_front_matter(source: SourceFile, problems: Problems) -> FrontMatter | None:
    """The front matter and body of ``source``; None with the problem recorded when
    it has none, it is never closed, or it cannot be parsed."""
    text = source.text
    first = text.split("\n", 1)[0].rstrip()
    if first in _FENCES:
        split = _split_fenced(text, first)
        if split is None:
            problems.add(source.path, 1, f"front matter opened here is never closed with '{first}'")
            return None
        inner, body, body_line = split
        if first == "---":
            return FrontMatter(YamlDocument(inner, source.path, 2, problems), body, body_line)
        return _toml(inner, source.path, problems, body, body_line)
    if text.startswith("{"):
        return _json(text, source.path, problems)
    problems.add(
        source.path,
        1,
        "front matter must start on the first line: '---' (YAML), '+++' (TOML) or '{' (JSON)",
    )
    return None


def has_front_matter(text: str) -> bool:
    """Whether ``text`` opens with front matter in any of the three forms."""
    return text.split("\n", 1)[0].rstrip() in _FENCES or text.startswith("{")


def _split_fenced(text: str, fence: str) -> tuple[str, str, int] | None:
    """``(inner text, body, body's first line)`` between two ``fence`` lines."""
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == fence:
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), index + 2
    return None


def _toml(
    inner: str, path: str, problems: Problems, body: str, body_line: int
) -> FrontMatter | None:
    try:
        values = tomllib.loads(inner)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_ERROR_LINE.search(str(error))
        line = 1 + int(found.group(1)) if found else 1
        reason = _TOML_ERROR_LINE.sub("", str(error)).strip()
        problems.add(path, line, f"invalid TOML: {reason}")
        return None
    lines = _key_lines(inner, r'^\s*(?:"{key}"|\'{key}\'|{key})\s*=|^\s*\[\[?\s*{key}\s*\]', 2)
    return FrontMatter(_document(values, lines, path, problems), body, body_line)


def _json(text: str, path: str, problems: Problems) -> FrontMatter | None:
    try:
        values, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as error:
        problems.add(path, error.lineno, f"invalid JSON front matter: {error.msg}")
        return None
    if not isinstance(values, dict):
        problems.add(path, 1, "front matter must be keys with values")
        return None
    inner = text[:end]
    rest = text[end:]
    newline = rest.find("\n")
    body = "" if newline < 0 else rest[newline + 1 :]
    body_line = inner.count("\n") + (2 if newline >= 0 else 1)
    lines = _key_lines(inner, r'^\s*"{key}"\s*:', 1)
    return FrontMatter(_document(values, lines, path, problems), body, body_line)


def _key_lines(text: str, pattern: str, first_line: int) -> dict[str, int]:
    """The file line where each top-level key is first written (by its pattern)."""
    found: dict[str, int] = {}
    candidates = set(re.findall(r'^\s*\[?\[?\s*"?([\w.-]+)"?', text, re.MULTILINE))
    for key in candidates:
        match = re.search(pattern.format(key=re.escape(key)), text, re.MULTILINE)
        if match:
            found[key] = first_line + text.count("\n", 0, match.start())
    return found


def _document(
    values: dict[str, object], lines: dict[str, int], path: str, problems: Problems
) -> YamlDocument:
    """A YamlDocument whose nodes carry the file line of the key they belong to."""
    pairs = []
    for key, value in values.items():
        line = lines.get(key, 1)
        pairs.append((_scalar("str", key, line), _node(value, line)))
    return YamlDocument.of_node(yaml.MappingNode(_YAML_TAG + "map", pairs), path, problems)


def _node(value: object, line: int) -> yaml.Node:
    mark = yaml.Mark(None, 0, line - 1, 0, None, None)  # type: ignore[arg-type]
    if isinstance(value, dict):
        pairs = [(_scalar("str", str(k), line), _node(v, line)) for k, v in value.items()]
        return yaml.MappingNode(_YAML_TAG + "map", pairs, mark, mark)
    if isinstance(value, list):
        return yaml.SequenceNode(_YAML_TAG + "seq", [_node(v, line) for v in value], mark, mark)
    if value is None:
        return _scalar("null", "null", line)
    if isinstance(value, bool):
        return _scalar("bool", "true" if value else "false", line)
    if isinstance(value, int):
        return _scalar("int", str(value), line)
    if isinstance(value, float):
        shown = repr(value).replace("inf", ".inf").replace("nan", ".nan")
        return _scalar("float", shown, line)
    if isinstance(value, datetime | date):
        return _scalar("timestamp", value.isoformat(), line)
    if isinstance(value, time):
        return _scalar("str", value.isoformat(), line)
    return _scalar("str", str(value), line)


def _scalar(tag: str, value: str, line: int) -> yaml.ScalarNode:
    mark = yaml.Mark(None, 0, line - 1, 0, None, None)  # type: ignore[arg-type]
    return yaml.ScalarNode(_YAML_TAG + tag, value, mark, mark)
