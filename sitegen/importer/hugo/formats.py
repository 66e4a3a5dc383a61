"""TOML, YAML and JSON as Hugo reads them, with mistakes at their line.

Shared by the configuration and by front matter. Hugo's readers are more
lenient than Python's in two ways that real sites rely on: a date that is no
real day (``2024-13-45``) is text, and a tab may separate a value from its
comment (``weight: 10\t# first``); both are read here as Hugo reads them.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml

from sitegen.importer.model import SourceError

_TOML_LINE = re.compile(r"at line (\d+)")
"""Where ``tomllib`` says a mistake is: ``Invalid value (at line 2, column 9)``."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML as Hugo reads it: a date that is no real day (``2024-13-45``) stays text
    (Hugo fails on that page alone), instead of stopping the whole import."""


class _SlowLoader(yaml.SafeLoader):
    """The same in pure Python, whose mistakes point at a better line (``[2024``
    left open is its line's mistake, not the end's)."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_SlowLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _yaml(text: str) -> Any:
    """YAML with Go's leniency about tabs (``weight: 10\t# note``), which PyYAML
    refuses: read as written first, then with tabs as spaces."""
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects
    except yaml.YAMLError:
        pass
    if "\t" in text:
        try:
            return yaml.load(text.replace("\t", "  "), Loader=_Loader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_SlowLoader)  # raises the mistake, as written


def yaml_with_loose_dates(text: str) -> Any:
    """``text`` as YAML (raising ``YAMLError``), a date that is no real moment kept as
    its text: Hugo's way, and Jekyll's Psych's (``0000-00-00 00:00:00``). A mistake
    is raised by the pure-Python loader, which places it better."""
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader: no Python objects
    except yaml.YAMLError:
        return yaml.load(text, Loader=_SlowLoader)


def read_structured(text: str, kind: str, origin: str, first_line: int = 1) -> Any:
    """Parse TOML, YAML or JSON text; SourceError ``origin:LINE: …`` when it is broken."""
    try:
        if kind == "toml":
            return tomllib.loads(text)
        if kind == "json":
            return json.loads(text)
        return _yaml(text)
    except RecursionError:
        raise SourceError(f"{origin}:{first_line}: nested too deeply to read") from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = first_line - 1 + int(found.group(1)) if found else first_line
        message = _TOML_LINE.sub("", str(exc)).replace("(, ", "(").replace("()", "").strip()
        raise SourceError(f"{origin}:{line}: invalid TOML: {message}") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{origin}:{first_line - 1 + exc.lineno}: invalid JSON: {exc.msg}"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError(f"{origin}:{line}: invalid YAML: {problem}") from None
