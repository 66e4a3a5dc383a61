"""``sitegen check``: everything a build validates, plus links, anchors and files.

Takes the build's options, runs every stage up to writing (``build.prepare``)
and then checks each link and image an author wrote (``RenderedArticle.links``,
front matter ``image``) against what that build would produce: the output
files, the copied files and the ``id`` attributes of the produced pages. It
returns a :class:`CheckReport` and records each broken reference as a Problem
at the markdown line where the author wrote it, never at the HTML. Nothing is
written: ``check`` creates no output directory.

With ``external_timeout`` set (``--external``) it also probes external http(s)
links; otherwise the network is never touched.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from sitegen.build import prepare
from sitegen.build.prepared import Prepared, stored_bodies
from sitegen.commands.linkcheck.anchors import collect_ids
from sitegen.commands.linkcheck.external import BROKEN, OK, TIMEOUT, Probe, probe_urls
from sitegen.errors import Problem, Problems
from sitegen.executors import Executor
from sitegen.incremental.engine import Engine
from sitegen.markdown.bodies import Progress
from sitegen.model import (
    OutputFile,
    RenderedArticle,
    Site,
    Urls,
    WithBodies,
    each_body,
)
from sitegen.options import BuildOptions
from sitegen.site.taxonomy import site_sections
from sitegen.site.urls import LinkRewriter

_WEB_SCHEMES = ("http", "https")
_TOP_OF_PAGE = frozenset(("", "top"))
"""Fragments every browser honours without a matching id (HTML "scroll to the fragment")."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One href an author wrote, where they wrote it."""

    source: str
    """The markdown file, relative to the site."""
    line: int
    """Line in that file."""
    kind: str
    """``link`` or ``image``."""
    href: str
    """As written."""
    page: str
    """Site-relative URL path of the page the href ends up on."""


@dataclass(frozen=True, slots=True)
class ExternalSummary:
    """Distinct external URLs by outcome."""

    ok: int
    broken: int
    timed_out: int


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What the summary line reports."""

    articles: int
    links: int
    """References checked: links and images in bodies, front matter images."""
    external: ExternalSummary | None = None
    """None unless external links were probed."""
    warnings: tuple[Problem, ...] = ()
    """What a build would leave out (raw HTML the sanitizer refuses), at file lines."""


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def check_site(
    options: BuildOptions,
    problems: Problems,
    external_timeout: float | None = None,
    progress: Progress = _quiet,
    executor: Executor | None = None,
) -> CheckReport:
    """Check the site as ``options`` would build it, without writing anything.

    Records every problem a build would, then: a link that matches no produced
    page or file, an image that does not exist, a ``#fragment`` that is not an
    id on its target page and, with ``external_timeout``, an external link that
    is broken or times out. A link to an article left out for its own problems
    is not reported again. ``executor`` runs the map stages (see ``prepare``).
    """
    with Engine(options) as engine:
        prepared = prepare(options, problems, engine, progress, keep_going=True, executor=executor)
        files = tuple(engine.read_kept(prepared.files))
        references = tuple(collect_references(prepared.site, stored_bodies(prepared, engine)))
    prepared = dataclasses.replace(prepared, files=files)
    internal = [r for r in references if _scheme(r.href) is None]
    external = [r for r in references if _scheme(r.href) in _WEB_SCHEMES]
    index = SiteIndex(prepared)
    for reference in internal:
        check_reference(reference, index, problems)
    summary = None
    if external_timeout is not None:
        summary = check_external(external, external_timeout, problems)
    checked = len(internal) + (len(external) if summary else 0)
    return CheckReport(len(prepared.site.articles), checked, summary, prepared.warnings)


def collect_references(site: Site, bodies: WithBodies = list) -> Iterator[Reference]:
    """Every link and image of every published article, front matter image first;
    the links of lean articles from their bodies, read back through ``bodies`` a
    few at a time."""
    for rendered in each_body(site.articles, bodies):
        yield from _references(site, rendered)


def _references(site: Site, rendered: RenderedArticle) -> Iterator[Reference]:
    """The front matter image and the body links of one article."""
    article = rendered.article
    page = site.urls[article.source]
    if article.image:
        line = article.lines.get("image", 1)
        yield Reference(article.source, line, "image", article.image, page)
    for link in rendered.links:
        yield Reference(article.source, link.line, link.kind, link.href, page)


class SiteIndex:
    """The files a build would produce and, read on demand, each page's ids."""

    def __init__(self, prepared: Prepared) -> None:
        site = prepared.site
        self.base_path = Urls.for_config(site.config).base_path
        self.pages = {f.path: f.data for f in prepared.files if isinstance(f, OutputFile)}
        self.paths = frozenset(self.pages) | {dest for _, dest in prepared.copies}
        copied = (s for s, _ in site.files)
        self.rewrite = LinkRewriter(site.urls, self.base_path, copied, site_sections(site))
        self._ids: dict[str, frozenset[str]] = {}
        self.unbuilt = prepared.unbuilt
        """Articles left out for their own problems, by source..."""
        self.unbuilt_urls = frozenset(site.urls[s] for s in prepared.unbuilt if s in site.urls)
        """...and by URL."""

    def reaches_unbuilt(self, reference: Reference, site_path: str) -> bool:
        """Whether the href names an article whose problems are already reported."""
        written = urldefrag(reference.href).url
        as_file = posixpath.normpath(posixpath.join(posixpath.dirname(reference.source), written))
        return site_path in self.unbuilt_urls or as_file in self.unbuilt

    def find(self, site_path: str) -> str | None:
        """The output file a site URL path is served from, if the build produces one."""
        rel = site_path.lstrip("/")
        candidates = [rel] if rel and not rel.endswith("/") else []
        candidates.append(posixpath.join(rel, "index.html"))
        return next((c for c in candidates if c in self.paths), None)

    def ids(self, output_path: str) -> frozenset[str]:
        """The fragment targets of a produced HTML page."""
        if output_path not in self._ids:
            self._ids[output_path] = collect_ids(self.pages.get(output_path, b""))
        return self._ids[output_path]

    def page_urls(self) -> list[str]:
        """Site URL paths of every produced HTML page, for suggestions."""
        return sorted(
            "/" + p[: -len("index.html")] if p.endswith("index.html") else "/" + p
            for p in self.paths
            if p.endswith(".html")
        )


def check_reference(reference: Reference, index: SiteIndex, problems: Problems) -> None:
    """Resolve one internal href as a browser would on the built page, then check it.

    A relative link climbing above the site root is reported even where the
    browser, stopping at the root of the host, lands on a page: it is not the
    page the author counted.
    """
    reason = index.rewrite.why_unresolved(reference.href, reference.source)
    if reason is not None:
        if not index.reaches_unbuilt(reference, ""):
            problems.add(reference.source, reference.line, _missing(reference, index, reason))
        return
    emitted = index.rewrite(reference.href, reference.source)
    page_href = index.base_path + reference.page.lstrip("/")
    resolved = urlsplit(urljoin(page_href, emitted))
    path, fragment = unquote(resolved.path), unquote(resolved.fragment)
    target, site_path = None, ""
    base_path = unquote(index.base_path)
    if path.startswith(base_path):
        site_path = "/" + path[len(base_path) :]
        target = index.find(site_path)
    if target is None:
        if not index.reaches_unbuilt(reference, site_path):
            problems.add(reference.source, reference.line, _missing(reference, index, None))
        return
    if fragment in _TOP_OF_PAGE or not target.endswith(".html"):
        return
    ids = index.ids(target)
    if fragment not in ids:
        where = "this page" if reference.href.startswith("#") else site_path
        message = f"#{fragment} is not an anchor on {where}{_did_you_mean(fragment, ids, '#')}"
        problems.add(reference.source, reference.line, message)


def _written(reference: Reference) -> str:
    """The href as the author typed it: markdown-it hands links over percent-encoded
    (``%7Bfilename%7D/a.md``, ``/%D0%BD%D0%BE/``), which no author wrote."""
    return unquote(reference.href)


def _missing(reference: Reference, index: SiteIndex, reason: str | None) -> str:
    shown = _written(reference)
    what = f"image '{shown}'" if reference.kind == "image" else f"link to {shown}"
    if reason:
        return f"{what} {reason}"
    if reference.kind == "image":
        return f"{what} does not exist"
    hint = ""
    if reference.href.startswith("/"):
        hint = _did_you_mean(urldefrag(reference.href).url, index.page_urls(), "")
    return f"{what} does not match any page{hint}"


def _did_you_mean(wrong: str, choices: Sequence[str] | frozenset[str], prefix: str) -> str:
    close = difflib.get_close_matches(wrong, sorted(choices), n=1, cutoff=0.85)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def _scheme(href: str) -> str | None:
    """``https`` for ``https://…`` and ``//…``; None for a link into the site."""
    if href.startswith("//"):
        return "https"
    scheme = urlsplit(href).scheme.lower()
    return scheme or None


def check_external(
    references: Sequence[Reference], timeout: float, problems: Problems
) -> ExternalSummary:
    """Probe each distinct external URL once; report every place a broken one is written."""
    targets = {r: _absolute(r.href) for r in references}
    probes = probe_urls(sorted(set(targets.values())), timeout)
    for reference in references:
        probe = probes[targets[reference]]
        if probe.outcome != OK:
            message = _external_message(reference, probe, timeout)
            problems.add(reference.source, reference.line, message)
    outcomes = [p.outcome for p in probes.values()]
    return ExternalSummary(outcomes.count(OK), outcomes.count(BROKEN), outcomes.count(TIMEOUT))


def _absolute(href: str) -> str:
    url = urldefrag(href).url
    return "https:" + url if url.startswith("//") else url


def _external_message(reference: Reference, probe: Probe, timeout: float) -> str:
    shown = _written(reference)
    what = f"image '{shown}'" if reference.kind == "image" else f"link to {shown}"
    if probe.outcome == TIMEOUT:
        return f"{what} timed out after {timeout:g} s"
    return f"{what} is broken ({probe.detail})"


def report_lines(report: CheckReport, problems: int) -> tuple[str, ...]:
    """The summary printed on stdout: external counts, then the verdict on success."""
    lines = []
    if report.external is not None:
        e = report.external
        total = e.ok + e.broken + e.timed_out
        lines.append(
            f"external links: {total} checked, {e.ok} ok, {e.broken} broken, "
            f"{e.timed_out} timed out"
        )
    if not problems:
        lines.append(f"checked {report.articles} articles, {report.links} links: no problems")
    return tuple(lines)
