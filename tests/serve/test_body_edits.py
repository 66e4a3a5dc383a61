"""The preview's rebuild after edits: body-only edits take a short path, and every
path gives the bytes of a clean build of the same tree."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen.errors import Problems, SiteError
from sitegen.serve.session import full_rebuild, serve_options
from tests.conftest import prepare_body_edit, prepare_once, run_sitegen
from tests.searchable import searchable
from tests.test_incremental import searched_text, start_site, tree

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TAGS = ["nato", "grain", "ports"]
BROKEN = "\n{{< nosuchshortcode >}}\n"


def clean_serve_tree(site: Path, tmp: Path) -> dict[str, bytes]:
    """What a clean build with the preview's options writes (its base URL included)."""
    out, cache = tmp / "clean-out", tmp / "clean-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    options = serve_options(site, NOW, cache)
    result = run_sitegen(
        "build", str(site), "-o", str(out), "--drafts", "--future", "--no-minify",
        "--jobs", "1", "--cache-dir", str(cache),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert options.minify is False
    return tree(out)


def apply(site: Path, kind: str, n: int) -> str:
    """One edit; returns the site-relative path it changed."""
    path = f"content/a{n % 5}.md"
    target = site / path
    text = target.read_text().replace(BROKEN, "")  # any other edit fixes the file
    if kind == "body":
        target.write_text(text + f"\nMore text {n}.\n")
    elif kind == "summary":
        target.write_text(text.replace("Summary", f"New summary {n}.", 1))
    elif kind == "title":
        target.write_text(text.replace("title: '", f"title: 'Retitled {n} ", 1))
    elif kind == "tags":
        start = text.index("tags:")
        end = text.index("\n", start)
        target.write_text(text[:start] + f"tags: [{TAGS[n % 3]}]" + text[end:])
    elif kind == "broken":
        target.write_text(text + BROKEN)
    return path


def run(rebuild: object, changed: tuple[str, ...]) -> bool:
    """One preview rebuild with its search step; False when the site has problems."""
    try:
        snapshot = rebuild(changed)  # type: ignore[operator]
    except SiteError:
        return False
    if snapshot.finish is not None:
        snapshot.finish()()
    return True


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(steps=[("broken", 0), ("body", 1)])  # a failed save is still pending after another
@given(st.lists(st.tuples(st.sampled_from(["body", "summary", "title", "tags", "broken"]),
                          st.integers(0, 9)), min_size=1, max_size=4))  # fmt: skip
def test_preview_rebuilds_match_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]
) -> None:
    tmp = tmp_path_factory.mktemp("preview")
    site = start_site(tmp, count=5, summaries=True)
    options = serve_options(site, NOW)
    rebuild = full_rebuild(options, threading.Lock())
    assert run(rebuild, ())
    broken: set[str] = set()
    for kind, n in steps:
        path = apply(site, kind, n)
        (broken.add if kind == "broken" else broken.discard)(path)
        ok = run(rebuild, (path,))
        assert ok == (not broken)
        if ok:
            # pagefind/ keeps a base index plus a delta: compared by what a search finds
            assert searchable(tree(options.output_dir)) == searchable(clean_serve_tree(site, tmp))


def test_an_edit_whose_search_index_was_never_made_is_found_after_the_next(
    tmp_path: Path,
) -> None:
    """The preview makes an edit's search index after the reload, and the next
    edit may come first: its index still holds the earlier edit."""
    site = start_site(tmp_path, count=5, summaries=True)
    options = serve_options(site, NOW)
    rebuild = full_rebuild(options, threading.Lock())
    assert run(rebuild, ())
    assert rebuild((apply(site, "body", 1),)).finish is not None  # never finished
    assert run(rebuild, (apply(site, "body", 2),))
    found = searched_text(options.output_dir)
    assert "More text 1." in found["/articles/a1/"]
    assert "More text 2." in found["/articles/a2/"]
    assert searchable(tree(options.output_dir)) == searchable(clean_serve_tree(site, tmp_path))


def test_only_an_edit_that_moves_no_card_takes_the_short_path(tmp_path: Path) -> None:
    """A new summary changes the article's card, which the short way re-renders
    wherever it shows; a new title changes its social card, drawn by the image stage."""
    site = start_site(tmp_path, count=5, summaries=True)
    options = serve_options(site, NOW)
    previous = prepare_once(options, Problems())
    for kind, short in (("body", True), ("summary", True), ("title", False)):
        path = apply(site, kind, 1)
        found = prepare_body_edit(previous, (path,), options, Problems())
        assert (found is not None) == short, kind
    assert prepare_body_edit(previous, ("site.yaml",), options, Problems()) is None
    assert prepare_body_edit(previous, ("content/new.md",), options, Problems()) is None


def test_the_short_path_keeps_the_other_cached_bodies(tmp_path: Path) -> None:
    site = start_site(tmp_path, count=5, summaries=True)
    options = serve_options(site, NOW)
    rebuild = full_rebuild(options, threading.Lock())
    assert run(rebuild, ())
    database = site / ".sitegen-cache/store.sqlite"

    def cached() -> int:
        with sqlite3.connect(database) as db:
            query = "SELECT count(*) FROM memo WHERE kind = 'body'"
            return int(db.execute(query).fetchone()[0])

    before = cached()
    assert run(rebuild, (apply(site, "body", 1),))
    assert cached() == before + 1  # the new body joins the others
