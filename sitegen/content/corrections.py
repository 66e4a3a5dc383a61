"""Front matter ``corrections``: a list of ``{date, text}`` → ``Correction`` values.

A news article that was wrong says so where it was wrong: at its end, with the
date of each correction, and in its structured data. The list is checked here,
item by item, so a bad date or a missing text is reported at its own line.
"""

from __future__ import annotations

import difflib
from collections.abc import MutableMapping, Sequence
from datetime import datetime, tzinfo

import yaml

from sitegen.config import INVALID, YamlDocument, describe_value, suggest
from sitegen.content.dates import DATE_EXAMPLES, to_datetime
from sitegen.model import Correction

KEYS = ("date", "text")
"""What one correction says."""

_SHAPE = "a list of corrections, each with a 'date' and a 'text'"


def read_corrections(
    document: YamlDocument, node: yaml.Node, zone: tzinfo, lines: MutableMapping[str, int]
) -> tuple[Correction, ...] | object:
    """The corrections of ``node`` in the author's order, or INVALID (reported).

    Every item is checked, each problem at the item's line; ``lines`` gets
    ``corrections[i]`` → the line of item ``i``.
    """
    if not isinstance(node, yaml.SequenceNode):
        actual = describe_value(document.value(node))
        document.report(node, f"'corrections' must be {_SHAPE}, not {actual}")
        return INVALID
    found: list[Correction | None] = []
    for index, item in enumerate(node.value):
        lines[f"corrections[{index}]"] = document.line(item)
        found.append(_read_one(document, item, zone, index + 1))
    if None in found:
        return INVALID
    return tuple(c for c in found if c is not None)


def _read_one(
    document: YamlDocument, node: yaml.Node, zone: tzinfo, number: int
) -> Correction | None:
    where = f"correction {number}"
    if not isinstance(node, yaml.MappingNode):
        actual = describe_value(document.value(node))
        document.report(node, f"{where} must be a mapping with 'date' and 'text', not {actual}")
        return None
    date: datetime | None = None
    text: str | None = None
    ok = True
    pairs = document.pairs(node)
    for key, key_node, value_node in pairs:
        value = document.value(value_node)
        if key not in KEYS:
            hint = suggest(key, KEYS) or "; a correction has a 'date' and a 'text'"
            document.report(key_node, f"unknown key '{key}' in {where}{hint}")
            ok = False
        elif key == "date":
            date = _date(document, value_node, value, zone, where)
            ok = ok and date is not None
        elif isinstance(value, str) and value.strip():
            text = " ".join(value.split())
        else:
            shown = "empty" if isinstance(value, str) else describe_value(value)
            document.report(value_node, f"the 'text' of {where} must be a string, not {shown}")
            ok = False
    # A misspelt key already says which key it should be.
    given = {key for key, _, _ in pairs} | {
        suggested for key, _, _ in pairs for suggested in difflib.get_close_matches(key, KEYS, n=1)
    }
    for key in KEYS:
        if key not in given:
            document.report(node, f"{where} needs a '{key}'")
            ok = False
    return Correction(date, text) if ok and date is not None and text is not None else None


def _date(
    document: YamlDocument, node: yaml.Node, value: object, zone: tzinfo, where: str
) -> datetime | None:
    try:
        return to_datetime(value, zone)
    except ValueError as exc:
        shown = f"'{value}'" if isinstance(value, str) else describe_value(value)
        reason = f" ({exc})" if str(exc) else ""
        document.report(
            node, f"the 'date' of {where} must be a date like {DATE_EXAMPLES}, not {shown}{reason}"
        )
        return None


def correction_date_problems(
    corrections: Sequence[Correction], published: datetime
) -> list[tuple[int, str]]:
    """``(index, message)`` for each correction dated before the article's day.

    Days, not instants: ``2026-03-30`` for a piece published that afternoon
    is a correction of the same day."""
    return [
        (
            index,
            f"correction {index + 1} is dated {c.date.isoformat()}, before the article's"
            f" 'date' ({published.isoformat()}); a correction comes after publication",
        )
        for index, c in enumerate(corrections)
        if c.date.astimezone(published.tzinfo).date() < published.date()
    ]
