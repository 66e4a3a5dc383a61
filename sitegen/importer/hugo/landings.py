"""A Hugo ``_index`` file → sitegen's landing text of a list page, or an article.

sitegen reads ``_index.md`` as Hugo does: the text above a section's (or the
home page's) list. It knows ``title``, ``description`` and ``section``; other
keys are kept for templates, except the ones that only steered Hugo (its URL,
its cascade, its dates), which the import has applied already.

A section with text of its own and no dated article below it (a Wowchemy
"book" page, an author's bio) was a page for its readers: Hugo showed the
text at the section's URL. sitegen shows a landing text only above a list of
articles, so such a text becomes an article at that URL instead
(:func:`section_articles`).
"""

from __future__ import annotations

import dataclasses
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


def section_articles(pages: Sequence[HugoPage]) -> tuple[list[HugoPage], list[Note]]:
    """``pages`` with each section text that was a page of its own made an article.

    Such a section has text, Hugo rendered it, and no dated article lies below its
    folder; with one, the text introduces a list of articles and stays a landing
    text. The article keeps the section's URL (pinned as if written as ``url``)
    and its folder, where the section's own files are."""
    dated = [p.item.folder for p in pages if not p.is_branch and p.rendered and p.date]
    result: list[HugoPage] = []
    notes: list[Note] = []
    for page in pages:
        if not _page_of_its_own(page, dated):
            result.append(page)
            continue
        result.append(_as_article(page))
        message = (
            "imported as an article: Hugo showed this section's text as a page of "
            "its own, and no dated article is filed below it"
        )
        notes.append(Note(page.origin, 1, message))
    return result, notes


def _page_of_its_own(page: HugoPage, dated: Sequence[str]) -> bool:
    """A section's rendered ``_index`` with text, and no dated article in ``dated``
    (their folders) below it; the home page's text always introduces the home page."""
    folder = page.item.folder
    if not page.is_branch or not folder or not page.rendered or not page.body.strip():
        return False
    return not any(f == folder or f.startswith(folder + "/") for f in dated)


def _as_article(branch: HugoPage) -> HugoPage:
    """The branch as a leaf bundle's page at ``FOLDER/index.md``, with its old URL."""
    folder = branch.item.folder
    item = dataclasses.replace(
        branch.item, kind="page", logical=f"{folder}/index.md", bundle=folder
    )
    name = folder.rpartition("/")[2]
    facts = dataclasses.replace(branch.facts, base_name=name, url=branch.url, bundle=True)
    return dataclasses.replace(branch, item=item, facts=facts)


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
