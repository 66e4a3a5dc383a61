"""A Hugo ``_index`` file → sitegen's landing text of a list page.

sitegen reads ``_index.md`` as Hugo does: the text above a section's (or the
home page's) list. It knows ``title``, ``description`` and ``section``; other
keys are kept for templates, except the ones that only steered Hugo (its URL,
its cascade, its dates), which the import has applied already.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from sitegen.importer.hugo.mapping import plain_text
from sitegen.importer.hugo.pages import HugoPage

STEERING = frozenset(
    {
        "url",
        "aliases",
        "cascade",
        "build",
        "_build",
        "headless",
        "draft",
        "date",
        "publishdate",
        "pubdate",
        "published",
        "lastmod",
        "modified",
        "expirydate",
        "unpublishdate",
        "slug",
        "title",
        "description",
        "summary",
        "excerpt",
        "section",
    }
)


def landing_text(branch: HugoPage, body: str, summary: str) -> str:
    """The ``_index.md`` file: front matter in sitegen's keys, then the body."""
    front: dict[str, object] = {}
    if branch.title:
        front["title"] = branch.title
    described = next(
        (
            branch.front.get(k)
            for k in ("description", "summary", "excerpt")
            if isinstance(branch.front.get(k), str) and branch.front.get(k).strip()
        ),
        None,
    )
    description = plain_text(described) if isinstance(described, str) else summary
    if description:
        front["description"] = description
    for key in branch.front.values:
        if str(key).lower() not in STEERING:
            front[str(key)] = _safe(branch.front.get(str(key)))
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100) if front else ""
    text = body.strip("\n")
    return f"---\n{head}---\n" + (f"\n{text}\n" if text else "")


def _safe(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
