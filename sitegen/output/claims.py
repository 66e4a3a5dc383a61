"""One source per output path: nothing the build writes may silently replace another.

Takes every claim on an output path (an article's page, an alias's redirect, a
file copied from ``content/``, a theme asset, a page or file sitegen generates)
and reports each path claimed twice, at the author's line, naming the other
claimant. Without it an alias ``/`` turned the home page into a redirect and a
``content/feed.xml`` replaced the Atom feed, and the build said nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problems
from sitegen.model import Output, Site
from sitegen.urlpaths import is_safe_url_path, normalize_url_path, output_path_for

GENERATED = "(generated)"
"""The source of what sitegen makes itself: listings, feeds, sitemaps, search…"""

_NAMED = {
    "index.html": "the home page",
    "404.html": "the 'not found' page",
    "feed.xml": "the site's Atom feed",
    "feed.json": "the site's JSON feed",
    "sitemap.xml": "the sitemap",
    "news-sitemap.xml": "the news sitemap",
    "robots.txt": "robots.txt",
    "tags/index.html": "the index of tags",
    "search/index.html": "the search page",
    "_redirects": "the redirects file for the host",
    "_headers": "the headers file for the host",
    ".nojekyll": "the .nojekyll file for GitHub Pages",
}


@dataclass(frozen=True, slots=True)
class Claim:
    """Who puts a file at an output path, and where the author said so."""

    path: str
    """Relative to the output directory: ``articles/x/index.html``."""
    source: str
    """A file of the site (``content/a.md``, ``layouts/static/x.css``) or GENERATED."""
    line: int = 1
    what: str = ""
    """How the claimant is named in a message: ``the alias /old/``."""


def check_claims(claims: Iterable[Claim], problems: Problems) -> None:
    """Report every output path with two claimants, at each one the author wrote,
    and every file whose path another claim needs as a folder (an alias
    ``/_redirects/`` beside the host file ``_redirects``, an alias ``/x.y`` beside
    a folder ``content/x.y/``)."""
    owner: dict[str, Claim] = {}
    for claim in claims:
        first = owner.setdefault(claim.path, claim)
        if first is claim or (first.source, first.line, first.what) == (
            claim.source,
            claim.line,
            claim.what,
        ):
            continue
        for one, other in ((claim, first), (first, claim)):
            _say(one, f"{one.path}, which is also {_name(other, True)}", problems)
    # Each folder's first claim in path order: a walk up from each path stops at
    # the first folder already named, whose parents then are too. The paths are
    # sorted once, as strings (the 376,000 paths of the 100,000-article
    # benchmark: 2.7 s with every prefix joined and two sorts of pairs, 0.8 s now).
    ordered = sorted(owner)
    folders: dict[str, Claim] = {}
    for path in ordered:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:
            folders[folder] = owner[path]
            folder = folder.rpartition("/")[0]
    for path in ordered:
        file = owner[path]
        inside = folders.get(path)
        if inside is not None:
            _say(file, f"the file {path}, where {_name(inside, True)} needs a folder", problems)
            _say(inside, f"{inside.path}, inside {path}, which is {_name(file, True)}", problems)


def _say(claim: Claim, clash: str, problems: Problems) -> None:
    """Report a clash at ``claim`` when an author wrote it (not when sitegen did)."""
    if claim.source != GENERATED:
        problems.add(
            claim.source,
            claim.line,
            f"{_name(claim)} would write {clash}; give one of them another address",
        )


def _name(claim: Claim, other: bool = False) -> str:
    if claim.source == GENERATED:
        return _NAMED.get(claim.path) or _generated(claim.path)
    if claim.what:
        return f"{claim.what} of {claim.source}:{claim.line}" if other else claim.what
    return claim.source if other else "this file"


def _generated(path: str) -> str:
    if path.startswith("static/img/"):
        return "an image variant or social card sitegen generates"
    if path.startswith("static/"):
        return "a theme asset"
    if "/page/" in path or path.startswith("page/"):
        return "a page of a list sitegen generates"
    if path.endswith("feed.xml"):
        return "a feed sitegen generates"
    return f"a page sitegen generates ({path})"


HOST_NAMES = ("_redirects", "_headers", ".nojekyll", "query-redirects.json")
"""Files written after the claims are checked, whatever the site holds."""


def site_claims(
    site: Site,
    outputs: Sequence[Output],
    assets: Sequence[tuple[Path, str]],
    site_dir: Path,
) -> list[Claim]:
    """Every claim of one build: the authors' first (articles, aliases, content
    files, the site's own assets), then what sitegen generates."""
    claims: list[Claim] = []
    for rendered in site.articles:
        article = rendered.article
        if article.source in site.urls:
            page = output_path_for(site.urls[article.source])
            claims.append(Claim(page, article.source, article.lines.get("slug", 1), "its page"))
        for index, alias in enumerate(article.aliases):
            if "?" in alias or not is_safe_url_path(alias):
                continue  # no file of its own; an unsafe one is reported already
            line = article.lines.get(f"aliases[{index}]", article.lines.get("aliases", 1))
            path = output_path_for(normalize_url_path(alias))
            claims.append(Claim(path, article.source, line, f"the alias {alias}"))
    pages = Counter(c.path for c in claims)  # rendered pages: among the outputs too
    claims.extend(Claim(dest, src) for src, dest in site.files)
    root = site_dir.absolute()
    for asset, dest in assets:
        inside = asset.absolute().is_relative_to(root)
        source = asset.absolute().relative_to(root).as_posix() if inside else GENERATED
        claims.append(Claim(dest, source))
    for file in outputs:
        if pages[file.path] > 0:
            pages[file.path] -= 1  # the page an article or alias claimed
        else:
            claims.append(Claim(file.path, GENERATED))
    claims.extend(Claim(name, GENERATED) for name in HOST_NAMES)
    return claims
