"""Front matter in the three forms Hugo reads: YAML ``---``, TOML ``+++``, JSON ``{…}``,
and Pelican's ``Title: …`` lines.

Takes a source file and returns its front matter as a ``YamlDocument`` (the one
form the checks in ``frontmatter.py`` read, every key knowing its file line),
the body, and the body's first line. TOML and JSON are parsed by their
standard libraries, then turned into YAML nodes marked with the line where
each key is written, so a wrong value in TOML is reported at its line as one in
YAML is. Hugo authors write TOML as often as YAML: refusing it would refuse
their whole archive. Pelican's markdown articles open with ``Key: value``
lines and a blank line (Python-Markdown's metadata), no fence: read when the
lines name a ``Title``, so prose that merely starts with "Update: …" is never
taken for front matter (it still gets the message asking for some).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time

import yaml

from sitegen.config import YamlDocument
from sitegen.content.mdx import mdx_to_markdown
from sitegen.content.zola import zola_calls
from sitegen.errors import Problem, Problems
from sitegen.fences import spaced_headings
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
    warnings: tuple[Problem, ...] = ()
    """What reading it could not carry over (a Pelican ``Status: hidden``)."""


def read_front_matter(source: SourceFile, problems: Problems) -> FrontMatter | None:
    """The front matter and body of ``source``; None with the problem recorded when
    it has none, it is never closed, or it cannot be parsed. An MDX body comes
    without its JavaScript module lines (``mdx.py``), each a warning."""
    split = _front_matter(source, problems)
    if split is None or not source.path.endswith(".mdx"):
        return split
    body, notes = mdx_to_markdown(split.body)
    found = (Problem(source.path, split.body_line + n - 1, f"warning: {m}") for n, m in notes)
    return replace(split, body=body, warnings=(*split.warnings, *found))


def _front_matter(source: SourceFile, problems: Problems) -> FrontMatter | None:
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
    if source.path.endswith(".rst"):
        return _rst(text, source.path, problems)
    pelican = _pelican(text, source.path, problems)
    if pelican is not None:
        return pelican
    problems.add(
        source.path,
        1,
        "front matter must start on the first line: '---' (YAML), '+++' (TOML), '{' (JSON) "
        "or Pelican's 'Title: ...' lines",
    )
    return None


def has_front_matter(text: str) -> bool:
    """Whether ``text`` opens with front matter in any of the three forms."""
    return text.split("\n", 1)[0].rstrip() in _FENCES or text.startswith("{")


_PELICAN_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*\Z")
"""A line of Python-Markdown's metadata: ``Key: value`` (the value may be empty)."""

_PELICAN_KEYS = {"category": "section", "modified": "updated"}
"""Pelican's names of sitegen's keys; the others are the same word (``title``, ``date``,
``tags``, ``slug``, ``author``, ``authors``, ``summary``) or go to ``params``."""

_PELICAN_SPLIT = frozenset({"authors", "tags"})
"""Keys Pelican splits into a list: at semicolons when there is one (``Doe, Jane;
Roe, John``), else at commas; never at spaces (``Tags: TIL Anaconda`` is one tag)."""


def _pelican(text: str, path: str, problems: Problems) -> FrontMatter | None:
    """Pelican's metadata lines, as Python-Markdown's ``meta`` reads them (keys in any
    case, a line indented four spaces continuing the value before it, the first
    blank line or line of another kind ending them, which is then the text's);
    None when ``text`` does not open with them or they name no title."""
    lines = text.split("\n")
    values: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    key = ""
    again: list[Problem] = []  # a key written twice: the first stands, as in Pelican
    end, skip = len(lines), 1
    for index, line in enumerate(lines):
        if not line.strip():
            end = index
            break
        found = _PELICAN_KEY.match(line)
        if found:
            key = found.group(1).lower()
            if key in values:
                message = (
                    f"warning: '{found.group(1)}' is given again: the first, at line "
                    f"{key_lines[key]}, stands and this one is left out"
                )
                again.append(Problem(path, index + 1, message))
                key = _LEFT_OUT  # its continuation lines go with it
            values[key] = (found.group(2) or "").strip()
            key_lines.setdefault(key, index + 1)
        elif key and line.startswith("    "):
            values[key] = f"{values[key]} {line.strip()}".strip()
        elif index and "title" in values and line.rstrip() not in _FENCES:
            # The text starts here: '[TOC]' right below (a fence, though, closes YAML
            # whose opening '---' was forgotten, which the usual message says).
            end, skip = index, 0
            break
        else:
            return None
    if "title" not in values:
        return None
    values.pop(_LEFT_OUT, None)
    key_lines.pop(_LEFT_OUT, None)
    body = _TOC_MARKER.sub("", "\n".join(lines[end + skip :]))
    body = spaced_headings(body)  # Python-Markdown reads ##Heading as a heading
    front = _pelican_front(values, key_lines, path, problems, body, end + skip + 1)
    return replace(front, warnings=(*again, *front.warnings)) if again else front


_LEFT_OUT = "\0left out"
"""Where the value of a metadata key given a second time is read, then dropped."""


_TOC_MARKER = re.compile(r"^[ \t]*\[TOC\][ \t]*$", re.MULTILINE)
"""Python-Markdown's place for a table of contents; sitegen shows its own (its
line is kept, empty, so every later line keeps its number)."""


def _pelican_front(
    values: dict[str, object],
    key_lines: dict[str, int],
    path: str,
    problems: Problems,
    body: str,
    body_line: int,
) -> FrontMatter:
    """Pelican's metadata (keys lower case, values as written) as sitegen's front matter."""
    warnings: list[Problem] = []
    mapped: dict[str, object] = {}
    lines_of: dict[str, int] = {}
    for name, value in values.items():
        at = key_lines[name]
        target = _PELICAN_KEYS.get(name, name)
        if not value and name != "title":
            continue  # Pelican's post template leaves 'Slug:' empty; it means none
        if name == "translation" and str(value).lower() in ("true", "yes", "1"):
            language = values.get("lang") or "another language"
            message = (
                f"warning: a translation ({language}): sitegen builds one language, so it is "
                "a draft (built only with --drafts)"
            )
            warnings.append(Problem(path, at, message))
            mapped["draft"], lines_of["draft"] = True, at
            continue
        if name == "status":
            if str(value).lower() == "draft":
                mapped["draft"], lines_of["draft"] = True, at
            elif str(value).lower() == "hidden":
                message = (
                    "warning: 'Status: hidden' (published but listed nowhere) has no "
                    "equivalent: the article is published and listed"
                )
                warnings.append(Problem(path, at, message))
            continue
        if target in ("date", "updated") and isinstance(value, str):
            value = _pelican_date(value)
        if name == "url" and isinstance(value, str) and not value.startswith(("/", "http")):
            value = "/" + value  # Pelican's URLs are from the site's root: tag/baz.html
        if name in _PELICAN_SPLIT and isinstance(value, str):
            parts = value.split(";") if ";" in value else value.split(",")
            value = [part.strip() for part in parts if part.strip()]
        if target in mapped:  # Author and Authors both, say: the first one stands
            continue
        mapped[target], lines_of[target] = value, at
    if "slug" not in mapped and isinstance(mapped.get("title"), str):
        # Pelican makes a slug from the title (SLUGIFY_SOURCE), not the file's name:
        # the address a moved site had, with permalinks {article: "/{slug}.html"}.
        mapped["slug"], lines_of["slug"] = mapped["title"], lines_of["title"]
    document = _document(mapped, lines_of, path, problems)
    return FrontMatter(document, body, body_line, tuple(warnings))


_RST_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1*[ \t]*\Z")
"""A line of one punctuation character repeated: a reStructuredText title's under- or
overline."""
_RST_FIELD = re.compile(r":([^:\s][^:]*?):(?:[ \t]+(.*?))?[ \t]*\Z")


def _rst(text: str, path: str, problems: Problems) -> FrontMatter | None:
    """A reStructuredText article as Pelican reads one: its title (the heading on its
    first lines, over- and underlined or underlined only) and the field list under
    it (``:date:``, ``:tags:``, ``:category:``...), with Pelican's meaning of each
    field; the rest is the body. None, with the problem recorded, without a title."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title, after = _rst_title(lines, at)
    values: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    if title is not None:
        values["title"] = title
        key_lines["title"] = at + 1 if _RST_ADORNMENT.match(lines[at]) is None else at + 2
    index = after
    while index < len(lines) and not lines[index].strip():
        index += 1
    key = ""
    while index < len(lines):
        line = lines[index]
        found = _RST_FIELD.match(line)
        if found:
            key = found.group(1).strip().lower()
            values[key] = (found.group(2) or "").strip()
            key_lines[key] = index + 1
        elif key and line[:1] in (" ", "\t") and line.strip():
            values[key] = f"{values[key]} {line.strip()}".strip()
        else:
            break
        index += 1
    if not str(values.get("title", "")).strip():
        problems.add(
            path,
            at + 1,
            "a reStructuredText article starts with its title: a heading (underlined with "
            "'=', '#', '-'...) or a ':title:' field, then ':date:' and the other fields",
        )
        return None
    body = "\n".join(lines[index:])
    return _pelican_front(values, key_lines, path, problems, body, index + 1)


def _rst_title(lines: list[str], at: int) -> tuple[str | None, int]:
    """``(title, index of the line after its heading)`` of the heading at ``lines[at]``."""
    if at + 2 < len(lines) and _RST_ADORNMENT.match(lines[at]):
        over, title, under = lines[at].strip(), lines[at + 1].strip(), lines[at + 2].strip()
        if title and under[:1] == over[:1] and len(under) >= len(title):
            return title, at + 3
        return None, at
    if at + 1 < len(lines) and _RST_ADORNMENT.match(lines[at + 1].strip() or " "):
        title, under = lines[at].strip(), lines[at + 1].strip()
        if len(under) >= len(title) and not _RST_ADORNMENT.match(lines[at]):
            return title, at + 2
    return None, at


_PELICAN_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?=$|[ T])(.*)", re.DOTALL)


def _pelican_date(text: str) -> str:
    """Pelican's ``2012/10/3 10:20`` as ISO 8601 (``2012-10-03 10:20``); any other
    text as it is, for the date check to judge."""
    found = _PELICAN_DATE.fullmatch(text.strip())
    if found is None:
        return text
    year, month, day, rest = found.groups()
    rest = _ONE_DIGIT_HOUR.sub(r"\g<1>0\g<2>", rest)  # 2016-12-13 2:43, as dateutil reads it
    return f"{year}-{int(month):02d}-{int(day):02d}{rest}"


_ONE_DIGIT_HOUR = re.compile(r"\A([ T])(\d:)")


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
        line, reason = _toml_problem(inner, str(error))
        problems.add(path, 1 + line, f"invalid TOML: {reason}")
        return None
    pattern = r'^[ \t]*(?:"{key}"|\'{key}\'|{key})\s*=|^[ \t]*\[\[?\s*{key}\s*\]'
    lines = _key_lines(inner, pattern, 2)
    values, warnings = _zola_taxonomies(values, lines, path)
    values = _zola_aliases(values, lines, path, problems)
    body = zola_calls(body)  # TOML is Zola's front matter: its shortcode calls too
    return FrontMatter(_document(values, lines, path, problems), body, body_line, warnings)


_TOML_AT_END = "(at end of document)"
_TOML_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_TOML_KEY = re.compile(rf"^[ \t]*({_TOML_KEY_PART}(?:[ \t]*\.[ \t]*{_TOML_KEY_PART})*)")
"""A key at the start of a line (``a``, ``"a b"``, ``a.b``), to name it in a message."""
_TOML_OPENED = frozenset({"Unclosed array", "Unclosed inline table", "Unterminated string"})
"""tomllib's reasons for a value left open, which it reports where it gave up."""
_TOML_PREFIX_LIMIT = 300
"""Front matter longer than this (lines) is not searched for where an unclosed
value opened: the search parses each shorter prefix, and a block this long is
no article's."""


def _toml_problem(inner: str, error: str) -> tuple[int, str]:
    """``(line in the block, message)`` for tomllib's ``error`` on ``inner``.

    tomllib's words are a parser's ("Cannot overwrite a value", "Invalid
    value"), and a value left open (``tags = ["a", "b"`` without ``]``) is
    reported "at end of document", which is no line an author can look at.
    The line is where that value opened: the first line after the longest
    run of lines that parses on its own. The reason is put in the author's
    words, with what fixes it.
    """
    found = _TOML_ERROR_LINE.search(error)
    reason = _TOML_ERROR_LINE.sub("", error).replace(_TOML_AT_END, "").strip()
    lines = inner.split("\n")
    line = int(found.group(1)) if found else len(lines) if _TOML_AT_END in error else 1
    if reason in _TOML_OPENED:  # found where it ran into the next line, or the end
        line = _toml_opened_at(lines[:line])
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    key = _TOML_KEY.match(text)
    table = text.strip() if text.lstrip().startswith("[") else ""
    name = f"'{key.group(1).strip()}'" if key else (table or "a key")
    if reason == "Cannot overwrite a value" or reason.startswith("Cannot declare"):
        message = f"{name} is given a value twice (a key, or a [table], may be set once)"
    elif reason.startswith("Duplicate inline table key"):
        message = f"a key of the {{…}} table on this line is given twice ({reason})"
    elif reason == "Invalid value":
        message = (
            f"the value of {name} is not one TOML knows: write a string in quotes "
            '(title = "Grain prices"), a number, true or false, a date (2024-03-04), '
            "a list [a, b] or a table {a = 1}"
        )
    elif reason == r"Illegal character '\n'":
        message = (
            "a string is not closed on its line: end it with the quote it opened with "
            '(a string over several lines opens and closes with """)'
        )
    elif reason == "Unclosed array":
        message = f"the list of {name} opened with '[' is never closed with ']'"
    elif reason == "Unclosed inline table":
        message = f"the table of {name} opened with '{{' is never closed with '}}'"
    elif reason == "Unterminated string":
        message = f"the string of {name} is never closed"
    elif reason.startswith("Expected '=' after a key"):
        message = "expected '=' after the key (TOML writes key = value"
        message += "; key: value is YAML, between '---' lines)" if ":" in text else ")"
    elif reason.startswith("Expected newline or end of document"):
        message = (
            f"the line goes on after the value of {name}: one key = value a line, "
            "a string in quotes, a date as 2024-03-04"
        )
    elif reason == "Invalid date or datetime":
        message = (
            f"the date of {name} is no date: write 2024-03-04, 2024-03-04T09:30:00 "
            "or 2024-03-04 09:30:00+02:00"
        )
    else:
        message = reason
    return line, message


def _toml_opened_at(lines: list[str]) -> int:
    """The line (1-based) where a value still open at the end of ``lines``
    opened: the one after the longest run of first lines that parses."""
    for count in range(min(len(lines), _TOML_PREFIX_LIMIT) - 1, 0, -1):
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            continue
        return count + 1
    return 1


_ZOLA_TAXONOMIES = {
    "tags": "tags",
    "tag": "tags",
    "authors": "authors",
    "author": "authors",
    "categories": "section",
    "category": "section",
}
"""Zola's usual taxonomies (its ``[taxonomies]`` table, named as each site's
config.toml names them, plural or singular) and the key each is here."""


def _zola_taxonomies(
    values: dict[str, object], lines: dict[str, int], path: str
) -> tuple[dict[str, object], tuple[Problem, ...]]:
    """Zola writes an article's tags under ``[taxonomies]``: they are its tags here
    too (and ``authors``; ``categories`` its section), unless the front matter
    gives those keys itself. Other taxonomies stay ``params``, with a warning."""
    table = values.get("taxonomies")
    if not isinstance(table, dict):
        return values, ()
    values, rest = dict(values), dict(table)
    warnings = []
    for name, target in _ZOLA_TAXONOMIES.items():
        if name not in rest or target in values:
            continue
        value = rest.pop(name)
        line = lines.get(name, lines.get("taxonomies", 1))
        lines[target] = line
        if target == "section" and isinstance(value, list):
            if len(value) > 1:
                others = ", ".join(repr(str(v)) for v in value[1:])
                message = (
                    f"warning: an article has one section: {value[0]!r}, the first of "
                    f"'{name}'; {others} left out"
                )
                warnings.append(Problem(path, line, message))
            value = value[0] if value else None
        values[target] = value
    if rest:
        names = ", ".join(sorted(rest))
        message = (
            f"warning: taxonomies {names} kept as params: sitegen has pages for tags, "
            "sections and authors only"
        )
        warnings.append(Problem(path, lines.get("taxonomies", 1), message))
        values["taxonomies"] = rest
    else:
        del values["taxonomies"]
    return values, tuple(warnings)


def _zola_aliases(
    values: dict[str, object], lines: Mapping[str, int], path: str, problems: Problems
) -> dict[str, object]:
    """Zola's ``aliases`` are paths from the site's root with or without the
    leading ``/`` (``aliases = ["2017/12/03/old.html"]``, as sites moved from
    Jekyll write them): Zola splits an alias at ``/`` and writes its redirect
    under the output folder whatever the page's folder. Each gets the ``/``, so
    it is the alias Zola made, and is not read from the page's folder as a
    YAML (Hugo) one is. One climbing with ``..`` would leave the output folder:
    it is reported here and left out; one with a host is refused where every
    alias is checked."""
    aliases = values.get("aliases")
    if not isinstance(aliases, list):
        return values
    rooted = []
    for alias in aliases:
        if isinstance(alias, str) and ".." in alias.partition("?")[0].split("/"):
            message = f"alias '{alias}' must not contain a '..' segment"
            problems.add(path, lines.get("aliases", 1), message)
        elif isinstance(alias, str) and _rootless(alias):
            rooted.append("/" + alias)
        else:
            rooted.append(alias)
    return {**values, "aliases": rooted}


def _rootless(alias: str) -> bool:
    """Whether ``alias`` is a path from the root written without its ``/``: not
    rooted already, not a URL (refused as written)."""
    return bool(alias) and not _HAS_ROOT.match(alias)


_HAS_ROOT = re.compile(r"/|[A-Za-z][A-Za-z0-9+.-]*:")
"""An alias that needs no ``/``: rooted already, or a URL."""


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
    lines = _key_lines(inner, r'^[ \t]*"{key}"\s*:', 1)
    return FrontMatter(_document(values, lines, path, problems), body, body_line)


def _key_lines(text: str, pattern: str, first_line: int) -> dict[str, int]:
    """The file line where each top-level key is first written (by its pattern, whose
    line start takes spaces and tabs only: a blank line before it is not its line)."""
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
