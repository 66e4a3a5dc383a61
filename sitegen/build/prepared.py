"""What ``prepare`` hands the writer (``Prepared``) and what a build returns
(``BuildResult``): the site model, its files, and the tools that made them."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sitegen.build.bodies import BodyLostError, RenderTools, memo_reader
from sitegen.errors import Problem, RunError
from sitegen.incremental.engine import Engine
from sitegen.model import Output, RenderedArticle, Site, StrPath, WithBodies, output_paths
from sitegen.post.search import SEARCH_DIR, RecordDigests
from sitegen.site.patch import Refiling


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a build would write, before writing: shared by build and check."""

    site: Site
    files: Sequence[Output]
    """Every output but the copies: a tuple, or ``Outputs`` when most are kept."""
    copies: tuple[tuple[StrPath, str], ...]
    """(source file, output path) of every file copied as it is; read back from
    the store, a source is the string it was kept as."""
    horizon: datetime | None = None
    """When the same inputs would first give other output (the clock moved on)."""
    complete: Callable[[Engine], Prepared] | None = None
    """With ``defer_search``: the same build with its search index made afresh
    (``files`` hold the last build's index until then)."""
    unbuilt: frozenset[str] = frozenset()
    """Articles left out for their problems (``keep_going``): links to them are
    not reported again as broken."""
    notes: tuple[Problem, ...] = ()
    """Warnings about the site as a whole (names that share a page)."""
    tools: RenderTools | None = None
    """What rendered it, for the next ``prepare`` handed this one."""
    edited: frozenset[str] = frozenset()
    """The articles the short way (``after_article_edits``) changed; empty when
    every stage ran."""
    refiling: Refiling | None = None
    """What the short way changed of the site model besides those articles, when
    their front matter changed: the tags, related lists (``site.patch``)."""
    search_digests: RecordDigests = field(default_factory=RecordDigests)
    """The digests of the site's search records, as far as known: the short way
    carries them without the edited articles' (see ``RecordDigests``)."""

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the build left out (raw HTML the sanitizer refused, a social card
        its font cannot draw) or suspects (names that share a page), by file and line."""
        found = [*(w for r in self.site.articles for w in r.warnings), *self.notes]
        found.extend(self.site.pictures.warnings)
        return tuple(sorted(found, key=lambda w: (w.path, w.line)))  # stable: as written

    @property
    def pages(self) -> int:
        return sum(map(IS_PAGE, output_paths(self.files)))


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What the summary line reports."""

    pages: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Problem, ...] = ()
    """``warning: …`` messages at file lines; the build still succeeded."""


IS_SEARCH = operator.methodcaller("startswith", SEARCH_DIR + "/")
"""Whether a path is the search index's: called from C (``filter``, ``map``),
never once per path in Python, since an edit passes 376,000 of them."""
IS_PAGE = operator.methodcaller("endswith", ".html")
"""Whether a path is a page, called the same way (``Prepared.pages``)."""


def stored_bodies(prepared: Prepared, engine: Engine) -> WithBodies:
    """The bodies of ``prepared``'s lean articles, read back from ``engine``'s body
    memo: what ``check`` reads each link an author wrote from (the site model
    holds none). Raises RunError when the memo lost one since."""
    if prepared.tools is None:
        return list
    read = memo_reader(prepared.site, prepared.tools, engine)

    def bodies(rendered: Sequence[RenderedArticle]) -> list[RenderedArticle]:
        try:
            return read(rendered)
        except BodyLostError:
            raise RunError("the cache lost a body while it was read; run again") from None

    return bodies
