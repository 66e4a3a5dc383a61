"""The search step as ``prepare`` runs it: Pagefind here, or on a cluster's worker."""

from __future__ import annotations

from collections.abc import Sequence

from sitegen.executors import Executor
from sitegen.executors.recipes import COSTS, Value, index_records_chunk
from sitegen.incremental.engine import Engine
from sitegen.model import Blob, Site, Urls
from sitegen.options import BuildOptions
from sitegen.post.pagefind import Spill, spilled
from sitegen.post.search import (
    Fill,
    Index,
    RecordDigests,
    SearchIndex,
    SearchRecord,
    filled,
    index_here,
    search_index,
)


def index_site(
    site: Site,
    urls: Urls,
    engine: Engine,
    options: BuildOptions,
    executor: Executor,
    fill: Fill | None = None,
    digests: RecordDigests | None = None,
) -> SearchIndex:
    """The search index: Pagefind runs here, or on a cluster's worker. Its files
    are written into the staging folder as they are made (``search_index``)."""
    index = remote_indexing(executor) if executor.remote else index_here
    store, known = engine.search(), engine.last.keys
    return search_index(
        site, urls, store, options.jobs, known, fill, index, digests, engine.staging
    )


def remote_indexing(executor: Executor) -> Index:
    """Pagefind on a cluster's worker: one index (the base, or the delta) per task.
    The records go with their text, which the worker cannot read back; the bundle
    comes back whole (the worker cannot reach the staging folder) and is written
    to ``spill`` as it arrives."""

    def index(
        records: Sequence[SearchRecord],
        language: str,
        fill: Fill | None = None,
        spill: Spill | None = None,
    ) -> dict[str, Blob]:
        given = list(filled(records, fill))
        (bundle,) = executor.map(
            index_records_chunk, language, [given], lambda: Value(language), COSTS["search"]
        )
        return spilled(bundle, spill)

    return index
