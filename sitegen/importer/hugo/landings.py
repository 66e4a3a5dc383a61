"""A Hugo ``_index`` file → sitegen's landing text of a list page.

sitegen reads ``_index.md`` as Hugo does: the text above a section's (or the
home page's) list. It knows ``title``, ``description`` and ``section``; other
keys are kept for templates, except the ones that only steered Hugo (its URL,
its cascade, its dates), which the import has applied already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import yaml

from sitegen.importer.hugo.bodies import BodyTools, convert_body
from sitegen.importer.hugo.mapping import plain_text
from sitegen.importer.hugo.pages import HugoPage
from sitegen.importer.model import Note
from sitegen.slugs import slugify

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


def landing_texts(
    branches: Sequence[HugoPage],
    published: Sequence[tuple[HugoPage, Mapping[str, object]]],
    tools: BodyTools,
) -> tuple[dict[str, str], list[Note]]:
    """Each branch's ``_index.md`` (new path → text), and where they moved."""
    texts: dict[str, str] = {}
    notes: list[Note] = []
    homes = [b for b in branches if not b.item.folder]
    folders = {p.facts.section for p, _ in published}
    sections = {str(f.get("section")) for _, f in published if f.get("section")}
    for branch in sorted(branches, key=lambda b: b.origin):
        if branch.draft:
            continue
        dest, note = _landing_dest(branch, homes, folders, sections)
        if dest in texts:
            if note:
                notes.append(Note(branch.origin, 1, note))
            continue
        body = convert_body(branch, dest, tools)
        if note and not body.markdown.strip() and dest != "content/_index.md":
            # Only a list page's title: nothing a reader would miss, and written, the
            # build would say on every run that nothing shows it.
            name = branch.item.folder.split("/")[-1]
            message = (
                f"not carried over: it gives the list of '{name}' a title and no text, and "
                f"sitegen has no page for '{name}' (sections come from categories)"
            )
            notes.append(Note(branch.origin, 1, message))
            continue
        if note:
            notes.append(Note(branch.origin, 1, note))
        notes.extend(body.notes)
        texts[dest] = landing_text(branch, body.markdown, body.summary)
    return texts, notes


def _landing_dest(
    branch: HugoPage, homes: Sequence[HugoPage], folders: set[str], sections: set[str]
) -> tuple[str, str]:
    """Where a branch's text goes, and a note when it is not where Hugo showed it."""
    folder = branch.item.folder
    if not folder:
        return "content/_index.md", ""
    name = folder.split("/")[-1]
    if any(slugify(s) == slugify(name) for s in sections):
        return f"content/{folder}/_index.md", ""
    if not homes and "/" not in folder and folders == {folder}:
        return "content/_index.md", (
            "the text of the site's only section is now the home page's, which lists its articles"
        )
    return f"content/{folder}/_index.md", (
        f"sitegen shows this text on the page of the section '{name}', which no article has "
        "(sections come from categories): give its articles 'section', or move the text"
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
