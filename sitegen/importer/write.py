"""Write an :class:`ImportedSite` as a sitegen site, with its report, in one step.

The new URL of each article is not guessed: the site is written to a staging
folder, then read back with sitegen's own front matter and URL rules, so the
report and the aliases say what a build will really do. Every old URL that is
not the new one becomes an ``alias``, unless another article already lives
there (that is a note). The staging folder becomes DEST with one rename, so a
failed import leaves no DEST, and ``--force`` replaces an old one whole.
Everything is written in a fixed order from sorted values: importing twice
gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

import yaml

from sitegen.config import load_config
from sitegen.content.discover import find_sources, read_source
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.importer.model import ImportedArticle, ImportedSite, Note, SourceError
from sitegen.model import Article
from sitegen.site.urls import assign_urls
from sitegen.slugs import is_landing
from sitegen.urlpaths import normalize_url_path

REPORT = "import-report.txt"
SITEGEN_PAGES = frozenset(
    {"/", "/tags/", "/search/", "/404.html", "/feed.xml", "/feed.json", "/sitemap.xml"}
    | {"/news-sitemap.xml", "/robots.txt", "/_redirects", "/_headers", "/.nojekyll"}
    | {"/query-redirects.json"}
)
SITEGEN_FOLDERS = ("/tags/", "/authors/", "/sections/", "/page/", "/static/")
"""URLs sitegen's own pages and files take: an alias there would replace them."""
RESERVED_SLUGS = frozenset({"tags", "search", "page", "authors", "sections", "static"})
"""First URL segments sitegen's own pages use: no imported article may live at
``/tags/`` (an importer renames such a slug, with a note)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What the command's summary line says."""

    articles: int
    files: int
    notes: int
    report: Path


def write_import(site: ImportedSite, dest: Path, force: bool = False) -> ImportResult:
    """Write ``site`` into ``dest``; raises SourceError when ``dest`` is in the way."""
    _check_dest(dest, force)
    staging = dest.parent / f".{dest.name}.import-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        _write_files(site, staging)
        urls, problems = _read_back(staging)
        articles, notes = _with_aliases(site.articles, urls)
        for article in articles:
            _write_text(staging / article.path, _article_text(article))
        notes.extend(Note(p.path, p.line, f"sitegen: {p.message}") for p in problems)
        report = _report(site, articles, urls, [*site.notes, *notes])
        _write_text(staging / REPORT, report)
        _swap_in(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # counted as the report lists them, where two alike notes are one line
    counted = len({*site.notes, *notes})
    return ImportResult(len(site.articles), len(site.files), counted, dest / REPORT)


def _check_dest(dest: Path, force: bool) -> None:
    if dest.is_file() or dest.is_symlink():
        raise SourceError(f"{dest}: is a file, not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise SourceError(f"{dest}: not empty; pass --force to replace it")


def _write_files(site: ImportedSite, root: Path) -> None:
    _write_text(root / "site.yaml", _yaml(site.config))
    for article in site.articles:
        _write_text(root / article.path, _article_text(article))
    for path, text in sorted(site.texts.items()):
        _write_text(root / path, text)
    for copied in sorted(site.files, key=lambda f: f.dest):
        target = root / copied.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(copied.source, target)


def _read_back(root: Path) -> tuple[dict[str, str], Problems]:
    """Each article's new URL, by sitegen's own rules, and what sitegen objects to."""
    problems = Problems()
    config = load_config(root, problems)
    found, _ = find_sources(root, problems, config.exclude)
    articles: list[Article] = []
    for source in found:
        if is_landing(source.path.rsplit("/", 1)[-1]):
            continue  # a list page's text, not an article
        text = read_source(source, problems)
        article = parse_article(text, config, problems) if text else None
        if article is not None:
            articles.append(replace(article, aliases=()))
    return assign_urls(articles, config, problems), problems


def _with_aliases(
    articles: Sequence[ImportedArticle], urls: Mapping[str, str]
) -> tuple[list[ImportedArticle], list[Note]]:
    """Every old URL that is not the new one becomes an alias, once, if it is free."""
    taken = {url: path for path, url in urls.items()}
    notes: list[Note] = []
    result = []
    for article in sorted(articles, key=lambda a: a.path):
        new = urls.get(article.path)
        written = [str(a) for a in _as_list(article.front.get("aliases"))]
        aliases: list[str] = []
        keys: set[str] = set()
        for old in (*written, *article.old_urls):
            key = _url_key(old)
            if key == new or key in keys:
                continue  # /a and /a/ are one URL, one output file
            if key in SITEGEN_PAGES or key.startswith(SITEGEN_FOLDERS):
                message = f"old URL {old} is a page sitegen makes itself; not kept as an alias"
                notes.append(Note(article.origin, article.line, message))
                continue
            owner = taken.get(key)
            if owner is not None and owner != article.path:
                message = f"old URL {old} is now the URL of {owner}; not kept as an alias"
                notes.append(Note(article.origin, article.line, message))
                continue
            taken[key] = article.path
            keys.add(key)
            aliases.append(old)
        front = {k: v for k, v in article.front.items() if k != "aliases"}
        if aliases:
            front["aliases"] = aliases
        result.append(replace(article, front=front))
    return result, notes


def _url_key(url: str) -> str:
    """What two spellings of one address share: ``/a/`` and ``/a``, and a path
    percent-encoded as WordPress keeps a non-Latin slug (``/%d9%85/``) and the same
    path decoded, which the build writes to one place: kept as the article's
    alias, it stopped the imported site's build as a clash with its own page."""
    path, query = url.partition("?")[::2]
    key = normalize_url_path(unquote(path))
    if path.endswith("/") and not key.endswith("/"):
        key += "/"  # a folder whose name has a dot (/go1.14/) is a page, as sitegen makes it
    return key + (f"?{query}" if query else "")


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _report(
    site: ImportedSite,
    articles: Sequence[ImportedArticle],
    urls: Mapping[str, str],
    notes: Iterable[Note],
) -> str:
    """The old → new URL of everything, then every note, each on one line."""
    moves: dict[str, str] = dict(site.other_urls)
    dropped: dict[str, str] = {}
    for article in articles:
        new = urls.get(article.path)
        kept = {_url_key(str(a)) for a in _as_list(article.front.get("aliases"))}
        for old in article.old_urls:
            if new is not None and _url_key(old) in {*kept, new}:
                draft = article.front.get("draft") is True
                moves.setdefault(old, f"{new} (a draft: built with --drafts)" if draft else new)
            elif new is None:
                dropped.setdefault(old, "(not built: see the notes)")
            else:
                dropped.setdefault(old, f"(not kept, see the notes; the article is at {new})")
    for old, why in dropped.items():
        moves.setdefault(old, why)
    ordered = sorted(set(notes))
    lines = [
        f"Imported from {site.source_name or 'another generator'}: "
        f"{len(articles)} articles, {len(site.files)} files copied, {len(ordered)} notes.",
        "",
        f"Old URL -> new URL ({len(moves)})",
        *(f"{old} -> {new}" for old, new in sorted(moves.items())),
        "",
        f"Not carried over as it was ({len(ordered)})",
        *(str(note) for note in ordered),
    ]
    return "\n".join(lines) + "\n"


def _article_text(article: ImportedArticle) -> str:
    body = article.body.strip("\n")
    return (
        f"---\n{_yaml(article.front)}---\n\n{body}\n"
        if body
        else f"---\n{_yaml(article.front)}---\n"
    )


def _yaml(values: Mapping[str, object]) -> str:
    return yaml.safe_dump(
        dict(values), sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _swap_in(staging: Path, dest: Path) -> None:
    """Staging becomes DEST in one rename; an old DEST (``--force``) goes after."""
    old = dest.parent / f".{dest.name}.replaced-{os.getpid()}"
    if dest.is_dir():
        os.rename(dest, old)
    os.rename(staging, dest)
    shutil.rmtree(old, ignore_errors=True)
