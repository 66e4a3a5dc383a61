"""The checks behind the quality gates, as functions from output files to problems.

Each takes files of a built site and returns readable problem lines, empty
when the files pass: ``PATH: message`` or ``PATH:LINE: message`` with PATH
relative to the output directory. The pytest gates assert the lists are
empty; ``test_gate_checks.py`` feeds them broken files to show they catch what
they claim to. They exist to hold the build to SPEC §6 "Valid" and to what
search engines and feed readers require of its pages.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
from gate_site import VNU_JAR, BuiltSite
from lxml import etree
from lxml import html as lxml_html

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_ENTRY_FIELDS = ("id", "title", "updated", "link", "content")

ARTICLE_FIELDS = ("headline", "datePublished", "author")
# What Google's structured-data documentation requires for each type we emit.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "Article": ARTICLE_FIELDS,
    "NewsArticle": ARTICLE_FIELDS,
    "BlogPosting": ARTICLE_FIELDS,
    "FAQPage": ("mainEntity",),
    "Question": ("name", "acceptedAnswer"),
    "Answer": ("text",),
    "BreadcrumbList": ("itemListElement",),
    "ListItem": ("position", "name"),
    "WebSite": ("name", "url"),
    "Person": ("name",),
    "Organization": ("name",),
}
DATE_FIELDS = ("datePublished", "dateModified")


def relative(path: Path, root: Path) -> str:
    """A path as the problem lines show it: relative to the output, with ``/``."""
    return path.relative_to(root).as_posix()


# --- Nu HTML Checker ---------------------------------------------------------


def vnu_problems(root: Path) -> list[str]:
    """Errors the Nu HTML Checker finds in every HTML file under ``root``.

    One run for the whole directory: the checker takes seconds to start.
    """
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    command += ["--skip-non-html", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        return [f"the Nu HTML Checker did not report JSON: {result.stderr[:2000]}"]
    lines = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        where = relative(path, root) if path.is_relative_to(root) else str(path)
        line = message.get("lastLine", 0)
        extract = " ".join(message.get("extract", "").split())
        lines.append(f"{where}:{line}: {message['message']} [{extract}]")
    return sorted(lines)


# --- Atom feeds --------------------------------------------------------------


@cache
def atom_schema() -> etree.RelaxNG:
    """RFC 4287 appendix B, loaded once."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


def feed_problems(path: Path, root: Path) -> list[str]:
    """What keeps an Atom feed from being valid and complete for a feed reader."""
    where = relative(path, root)
    data = path.read_bytes()
    parsed = feedparser.parse(data)
    if parsed.bozo:
        return [f"{where}: not well-formed: {parsed.bozo_exception}"]
    problems = []
    if parsed.version != "atom10":
        problems.append(f"{where}: is {parsed.version or 'not a feed'}, not Atom 1.0")
    problems += [f"{where}: {line}" for line in entry_problems(parsed.entries)]
    problems += [f"{where}: {line}" for line in author_problems(parsed)]
    schema = atom_schema()
    if not schema.validate(etree.fromstring(data)):
        problems += [f"{where}:{error.line}: {error.message}" for error in schema.error_log]
    return problems


def entry_problems(entries: Sequence[Any]) -> Iterator[str]:
    """Entries missing a field every reader shows: id, title, updated, link, content."""
    for number, entry in enumerate(entries, start=1):
        name = entry.get("title") or entry.get("id") or "untitled"
        for field in ATOM_ENTRY_FIELDS:
            if not entry.get(field):
                yield f"entry {number} ({name}) has no {field}"


def author_problems(parsed: Any) -> Iterator[str]:
    """RFC 4287's rule: a feed names an author unless every entry does."""
    if parsed.feed.get("author_detail"):
        return
    for number, entry in enumerate(parsed.entries, start=1):
        if not entry.get("author_detail"):
            yield f"entry {number} has no author and the feed names none"


# --- sitemap.xml -------------------------------------------------------------


@cache
def sitemap_schema() -> etree.XMLSchema:
    """The sitemaps.org 0.9 schema, loaded once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def sitemap_problems(path: Path, site: BuiltSite) -> list[str]:
    """Schema errors in a sitemap, and URLs it lists that name no output file."""
    where = relative(path, site.root)
    try:
        tree = etree.parse(str(path))
    except etree.XMLSyntaxError as error:
        return [f"{where}: not well-formed: {error}"]
    schema = sitemap_schema()
    problems = []
    if not schema.validate(tree):
        problems += [f"{where}:{error.line}: {error.message}" for error in schema.error_log]
    for loc in tree.iterfind(f"{SITEMAP_NS}url/{SITEMAP_NS}loc"):
        url = (loc.text or "").strip()
        target = site.file_for(url)
        if target is None:
            problems.append(f"{where}:{loc.sourceline}: {url} is not under {site.base_url}")
        elif not target.is_file():
            missing = relative(target, site.root)
            problems.append(f"{where}:{loc.sourceline}: {url} has no file {missing}")
    return problems


# --- JSON-LD -----------------------------------------------------------------


def jsonld_problems(path: Path, root: Path) -> list[str]:
    """JSON-LD blocks of a page that do not parse or lack Google's required fields."""
    where = relative(path, root)
    document = lxml_html.fromstring(path.read_bytes())
    problems = []
    for script in document.iterfind(".//script[@type='application/ld+json']"):
        line = script.sourceline
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError as error:
            problems.append(f"{where}:{line}: JSON-LD does not parse: {error}")
            continue
        problems += [f"{where}:{line}: {message}" for message in structured_data_problems(data)]
    return problems


def structured_data_problems(data: object) -> list[str]:
    """Problems of one parsed JSON-LD block: its context, then every typed node."""
    blocks = data if isinstance(data, list) else [data]
    problems = []
    for block in blocks:
        if not isinstance(block, dict):
            problems.append("a JSON-LD block is not an object")
            continue
        context = str(block.get("@context", ""))
        if urlsplit(context).netloc != "schema.org":
            problems.append(f"@context is {context!r}, not https://schema.org")
        problems += [message for node in typed_nodes(block) for message in node_problems(node)]
    return problems


def typed_nodes(value: object) -> Iterator[dict[str, Any]]:
    """Every object with an ``@type`` inside a JSON-LD value, ``@graph`` included."""
    if isinstance(value, list):
        for item in value:
            yield from typed_nodes(item)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for item in value.values():
            yield from typed_nodes(item)


def node_problems(node: dict[str, Any]) -> Iterator[str]:
    """The required fields a node lacks, and the type-specific rules it breaks."""
    types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
    for kind in types:
        for field in REQUIRED_FIELDS.get(kind, ()):
            if node.get(field) in (None, "", [], {}):
                yield f"{kind} has no {field}"
        if kind in ("Article", "NewsArticle", "BlogPosting"):
            yield from article_rules(kind, node)
        elif kind == "FAQPage":
            yield from faq_rules(node)
        elif kind == "BreadcrumbList":
            yield from breadcrumb_rules(node)


def article_rules(kind: str, node: Mapping[str, Any]) -> Iterator[str]:
    """Authors are people or organisations with names; dates are ISO 8601 with a zone."""
    authors = node.get("author") or []
    for author in authors if isinstance(authors, list) else [authors]:
        if not isinstance(author, dict) or author.get("@type") not in ("Person", "Organization"):
            yield f"{kind} author {author!r} is not a Person or Organization"
    for field in DATE_FIELDS:
        if field in node and not is_zoned_datetime(node[field]):
            yield f"{kind} {field} {node[field]!r} is not an ISO 8601 date-time with a zone"


def is_zoned_datetime(value: object) -> bool:
    """True for ``2025-03-04T09:00:00+01:00`` and the like."""
    try:
        return datetime.fromisoformat(str(value)).tzinfo is not None
    except ValueError:
        return False


def faq_rules(node: Mapping[str, Any]) -> Iterator[str]:
    """mainEntity is a list of Questions, each with an Answer."""
    entities = node.get("mainEntity") or []
    for number, question in enumerate(entities if isinstance(entities, list) else [entities], 1):
        if not isinstance(question, dict) or question.get("@type") != "Question":
            yield f"FAQPage mainEntity {number} is not a Question"
            continue
        answer = question.get("acceptedAnswer")
        if not isinstance(answer, dict) or answer.get("@type") != "Answer":
            yield f"FAQPage question {number} has no Answer as acceptedAnswer"


def breadcrumb_rules(node: Mapping[str, Any]) -> Iterator[str]:
    """ListItems numbered from 1; every one but the last links to its page."""
    items = node.get("itemListElement") or []
    items = items if isinstance(items, list) else [items]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("@type") != "ListItem":
            yield f"BreadcrumbList element {number} is not a ListItem"
            continue
        if item.get("position") != number:
            yield f"BreadcrumbList element {number} has position {item.get('position')!r}"
        if number < len(items) and not item.get("item"):
            yield f"BreadcrumbList element {number} has no item"
