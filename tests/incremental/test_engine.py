"""The engine's parts, each on its own, so a failure names the part that broke:
the store and its damage handling, a memo table, the racy-file rule, a page's
key, and the record of the last build."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import pickle
import sqlite3
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from sitegen.config import PermalinkConfig, RelatedConfig, SiteConfig
from sitegen.digests import RACY_NS, digest, is_settled, signature_of
from sitegen.errors import Problems
from sitegen.incremental import codec
from sitegen.incremental.engine import Engine, LastBuild, output_keys
from sitegen.incremental.store import FILE_NAME, SCHEMA, Store
from sitegen.incremental.tables import MemoTable, ParsedArticles, SearchBundles
from sitegen.model import KeptFile, OutputFile, Planned
from sitegen.options import BuildOptions
from sitegen.render.pages import PageRenderer, page_tasks, page_view
from tests.conftest import article, prepare_once, write_files
from tests.markdown.conftest import article as an_article
from tests.searchable import searchable_tree

NOW = datetime(2026, 1, 1, tzinfo=UTC)


# -- the store ------------------------------------------------------------------


def test_a_memo_table_keeps_what_the_build_used_and_forgets_the_rest() -> None:
    store = Store.memory()
    first = MemoTable(store, "body")
    first.put("a", ("html a",))
    first.put("b", ("html b",))
    first.flush(prune=True)

    second = MemoTable(store, "body")
    assert second.get_many(["a"]) == {"a": ("html a",)}
    second.flush(prune=True)  # this build asked for "a" only

    assert MemoTable(store, "body").all() == {"a": ("html a",)}
    assert MemoTable(store, "other").all() == {}


def test_a_table_that_did_not_see_everything_forgets_nothing() -> None:
    store = Store.memory()
    table = MemoTable(store, "body")
    table.put("a", 1)
    table.put("b", 2)
    table.flush(prune=True)
    partial = MemoTable(store, "body")
    partial.get_many(["a"])
    partial.flush(prune=False)  # the preview's short path sees one article
    assert MemoTable(store, "body").all() == {"a": 1, "b": 2}


def test_a_store_survives_a_commit_and_a_reopening(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    store = Store(path)
    store.put_many("body", [("a", "x")])
    store.set_record("last", {"pages": 3})
    store.close()
    again = Store(path)
    assert again.get_many("body", ["a"]) == {"a": "x"}
    assert again.record("last") == {"pages": 3}


def test_a_large_record_replaced_reads_back_whole_and_uncommitted_is_not_kept(
    tmp_path: Path,
) -> None:
    """A record is written into a blob of its size: one larger than SQLite's pages
    and its cache, written over a shorter one, reads back byte for byte; one
    written after the last commit is gone when the build dies."""
    path = tmp_path / FILE_NAME
    store = Store(path)
    store.set_record("site", ["short"])
    store.commit()
    large = {f"articles/{n}/index.html": [f"{n:032x}", n, n * 7] for n in range(60_000)}
    store.set_record("site", large)
    store.set_record("empty", "")
    store.close()
    again = Store(path)
    assert again.record("site") == large
    assert again.record("empty") == ""
    again.set_record("site", ["lost"])
    again.db.close()  # killed before its commit
    assert Store(path).record("site") == large


def test_a_large_record_is_written_without_holding_its_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 articles the remembered site pickles to 80 MB: made in memory
    its bytes took up to three times that (a growing buffer, then one ``bytes``)
    at the build's last peak. Past ``SPOOL_IN_MEMORY`` they go through a file
    as they are made; the record reads back the same, and no file is left."""
    import tracemalloc

    from sitegen.incremental import store as stored

    monkeypatch.setattr(stored, "SPOOL_IN_MEMORY", 1 << 16, raising=False)
    path = tmp_path / FILE_NAME
    store = Store(path)
    large = [f"{n:02000d}" for n in range(8_000)]  # 16 MB of text, made before
    tracemalloc.start()
    try:
        store.set_record("site", large)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    store.close()
    assert peak < 16_000_000 / 4  # two chunks of the spool, the pickler's memo and frame
    assert Store(path).record("site") == large
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if p.name.startswith(FILE_NAME)
    )


def test_writes_not_committed_are_not_kept(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    store = Store(path)
    store.put_many("body", [("a", "x")])
    store.db.close()  # a build killed before its commit
    assert Store(path).get_many("body", ["a"]) == {}


def test_a_file_that_is_no_store_is_a_warning_and_a_fresh_store(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(b"this is not a database, just bytes " * 100)
    with caplog.at_level(logging.WARNING):
        store = Store(path)
    assert "damaged" in caplog.text
    store.put_many("body", [("a", "x")])
    store.close()
    assert Store(path).get_many("body", ["a"]) == {"a": "x"}


def test_another_versions_store_is_replaced_quietly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    store = Store(path)
    store.put_many("body", [("a", "x")])
    store.db.execute("UPDATE meta SET schema = ?", (SCHEMA + 1,))
    store.close()
    with caplog.at_level(logging.WARNING):
        assert Store(path).get_many("body", ["a"]) == {}
    assert caplog.text == ""


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", pickle.dumps(os.system), pickle.dumps(ValueError("x"))],
)
def test_a_damaged_entry_is_ignored_and_dropped(
    tmp_path: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / FILE_NAME
    store = Store(path)
    store.put_many("body", [("a", "x"), ("b", "y")])
    store.set_record("last", "z")
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE memo SET value = ? WHERE key = 'a'", (damage,))
        db.execute("UPDATE record SET value = ?", (damage,))
    with caplog.at_level(logging.WARNING):
        store = Store(path)
        assert dict(store.rows("body")) == {"b": "y"}
        assert store.record("last") is None
    assert "damaged" in caplog.text
    assert store.keys("body") == ["b"]  # dropped, not read again next time


def test_the_codec_makes_no_object_it_does_not_list() -> None:
    with pytest.raises(codec.DamagedError):
        codec.loads(pickle.dumps(os.system))
    assert codec.loads(codec.dumps(("a", 1, b"x", NOW))) == ("a", 1, b"x", NOW)


def test_the_codec_gives_back_the_site_values_it_wrote() -> None:
    """Every value type is rebuilt from its constructor's fields: a configuration
    holds types of one field (``related.count``) and of many, an article more."""
    config = SiteConfig(related=RelatedConfig(count=3), permalinks=PermalinkConfig("/:slug/"))
    written = an_article(
        "Body.", date=NOW, summary="Why", authors=("ann",), tags=("x",), lines={"title": 2}
    )
    value = (config, written, [Path("a/b.png")])
    assert codec.loads(codec.dumps(value)) == value


@dataclasses.dataclass(frozen=True, slots=True)
class _Normalised:
    """A value type whose constructor does more than store its fields."""

    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.name.strip())


def test_a_value_is_read_back_through_its_own_constructor_unless_it_only_stores() -> None:
    """Reading skips the constructor only where the dataclass's own would store
    each field as given; a wrong count of fields is damage, not a half-made value."""
    plain = codec._maker(RelatedConfig)
    assert plain is not RelatedConfig
    assert plain(3) == RelatedConfig(count=3)
    assert codec._maker(_Normalised) is _Normalised
    assert codec._maker(_Normalised)(" a ") == _Normalised("a")
    two_fields = codec.dumps(RelatedConfig(count=3)).replace(b"K\x03\x85", b"K\x03K\x04\x86")
    with pytest.raises(codec.DamagedError):
        codec.loads(two_fields)


# -- the racy-file rule ------------------------------------------------------------


def test_a_file_changed_just_now_is_not_trusted_by_its_signature(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x")
    started = time.time_ns()
    assert not is_settled(signature_of(path.stat()), started)
    old = started - 2 * RACY_NS
    os.utime(path, ns=(old, old))
    assert is_settled(signature_of(path.stat()), started)


def test_a_parse_of_a_racy_file_is_trusted_only_while_the_file_holds_its_bytes(
    tmp_path: Path,
) -> None:
    """A file changed just before the build: its parse is remembered with the
    digest of the bytes it held as the build began, and used only while it holds
    them; once settled, by its signature alone. Without that digest (a file not
    known racy when the build began) it is not remembered."""
    from sitegen.config import SiteConfig
    from sitegen.content.discover import FoundSource, read_source
    from sitegen.content.frontmatter import parse_article
    from sitegen.digests import file_digest

    write_files(tmp_path, {"content/a.md": article("A", "2025-01-01")})
    source = tmp_path / "content/a.md"
    problems = Problems()
    found = FoundSource("content/a.md", str(source), signature_of(source.stat()))
    text = read_source(found, problems)
    assert text is not None
    parsed = parse_article(text, SiteConfig(), problems)
    assert parsed is not None
    path, signature, file = found.path, found.signature, found.file

    def racy(store: Store, known: str | None) -> ParsedArticles:
        return ParsedArticles(store, "salt", time.time_ns(), lambda _: known)

    unknown = Store.memory()
    racy(unknown, None).put(path, signature, parsed, file)
    assert racy(unknown, None).get(path, signature, file) is None  # nothing remembered

    store = Store.memory()
    first = racy(store, file_digest(file))
    first.put(path, signature, parsed, file)
    first.flush()
    assert racy(store, None).get(path, signature, file) == parsed  # its bytes, read again
    other = racy(store, "the digest of other bytes")
    other.put(path, signature, parsed, file)
    other.flush()
    assert racy(store, None).get(path, signature, file) is None  # not the bytes it holds

    store = Store.memory()
    first = racy(store, file_digest(file))
    first.put(path, signature, parsed, file)
    first.flush()
    later = ParsedArticles(store, "salt", time.time_ns() + 2 * RACY_NS)
    assert later.get(path, signature, file) == parsed
    later.flush()  # settled: by its signature from now on
    source.write_text(article("A changed", "2025-01-01"))
    trusted = ParsedArticles(store, "salt", time.time_ns() + 2 * RACY_NS)
    assert trusted.get(path, signature, file) == parsed  # its bytes no longer asked
    assert ParsedArticles(store, "other salt", time.time_ns()).get(path, signature, file) is None


def test_inputs_read_by_content_are_trusted_once_settled_and_an_edit_stays_one_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site written out and built at once (a checkout, an import) has every input
    racy to that build, which records them to be read by content. A build with
    nothing to do, once they have settled, trusts their signatures again, and so
    does the next edit: it reads no unedited file and comes out as a clean build."""
    from sitegen.build import build
    from sitegen.entry import THEME_DIR, unchanged_build
    from sitegen.incremental import inputs as inputs_module

    site, names = tmp_path / "site", ("a", "b", "c")
    write_files(
        site,
        {f"content/{n}.md": article(n.upper(), f"2025-01-0{i + 1}") for i, n in enumerate(names)},
    )
    options = BuildOptions(site_dir=site, output_dir=tmp_path / "out", now=NOW)
    build(options)
    sources = {str(site / f"content/{n}.md") for n in names}
    with Engine(options) as engine:
        assert sources <= engine.stamped.by_content

    assert unchanged_build(options).unchanged is not None  # still racy: still by content
    with Engine(options) as engine:
        assert sources <= engine.stamped.by_content

    monkeypatch.setattr("sitegen.incremental.inputs.is_settled", lambda *args: True)
    assert unchanged_build(options).unchanged is not None
    with Engine(options) as engine:
        assert engine.stamped.by_content == frozenset()
    assert unchanged_build(options).unchanged is not None

    read: list[str] = []
    content = inputs_module.file_digest
    monkeypatch.setattr(
        inputs_module, "file_digest", lambda path: read.append(path) or content(path)
    )
    edited = site / "content/b.md"
    edited.write_text(edited.read_text() + "\nA late paragraph after the vote.\n")
    with Engine(options) as engine:
        assert engine.edited_since(THEME_DIR) == ["content/b.md"]
    build(options)
    assert read == []
    clean = dataclasses.replace(
        options, output_dir=tmp_path / "clean", cache_dir=tmp_path / "clean-cache"
    )
    build(clean)
    assert searchable_tree(options.output_dir) == searchable_tree(clean.output_dir)


def test_a_racy_file_is_taken_as_it_was_before_the_build_read_it(tmp_path: Path) -> None:
    """A file written just before a build is recorded by the bytes it held as the
    build began: a save during the build makes the next build work again. Once
    too old to change unseen, and as it was, its signature stands for it."""
    from sitegen.digests import file_digest
    from sitegen.entry import THEME_DIR
    from sitegen.incremental.inputs import read_inputs

    write_files(tmp_path, {"content/a.md": "first", "content/b.md": "second"})
    a, b = str(tmp_path / "content/a.md"), str(tmp_path / "content/b.md")
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    inputs = read_inputs(options, THEME_DIR, "code")
    assert {a, b} <= inputs.racy
    first = file_digest(a)
    Path(a).write_text("saved again while the build ran")

    assert inputs.content(a) == first
    later = time.time_ns() + 2 * RACY_NS
    assert inputs.settled(later) >= {b}
    assert a not in inputs.settled(later)  # changed since the build began
    assert inputs.settled(time.time_ns()) == frozenset()  # not yet too old


def test_a_site_built_as_soon_as_written_is_not_parsed_again_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every article racy to the first build (an import, a checkout): a template
    edit next rebuilds every page, from the parses the first build remembered
    with the articles' bytes, not from parsing them all again."""
    from sitegen.build import build
    from sitegen.executors import recipes

    names = ("a", "b", "c")
    write_files(tmp_path, {f"content/{n}.md": article(n.upper(), "2025-01-01") for n in names})
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    build(options)
    parsed: list[str] = []
    real = recipes.parse_article
    monkeypatch.setattr(
        recipes,
        "parse_article",
        lambda source, *rest: parsed.append(source.path) or real(source, *rest),
    )
    write_files(tmp_path, {"layouts/partials/footer.html": "<footer>Desk</footer>"})
    result = build(options)
    assert result.written > 0
    assert parsed == []


def test_a_build_that_outlasts_its_racy_inputs_records_them_by_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site written out and built at once, by a build that ends when its files
    have settled (a large site takes minutes): the next builds trust their
    signatures at once, without a first one reading them all."""
    from types import SimpleNamespace

    from sitegen.build import build
    from sitegen.incremental import engine as engine_module

    write_files(tmp_path, {"content/a.md": article("A", "2025-01-01")})
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    ends_later = SimpleNamespace(time_ns=lambda: time.time_ns() + 2 * RACY_NS)
    monkeypatch.setattr(engine_module, "time", ends_later)
    build(options)
    with Engine(options) as engine:
        assert engine.stamped.by_content == frozenset()
        assert engine.last.contents == {}


def test_the_search_bundles_not_kept_are_forgotten_with_their_files() -> None:
    store = Store.memory()
    bundles = SearchBundles(store)
    bundles.put("base", {"entry.json": b"1", "fragment/en_1.pf_fragment": b"2"})
    bundles.put("base-head", {"entry.json": b"3"})
    bundles.put("delta1", {"entry.json": b"4"})
    bundles.put("delta2", {"entry.json": b"5"})
    bundles.keep(["base", "delta2"])
    assert bundles.get("delta1") is None
    assert bundles.get("base-head") is None  # a key that begins like a kept one
    assert bundles.get("base") == {"entry.json": b"1", "fragment/en_1.pf_fragment": b"2"}
    assert bundles.get("delta2") == {"entry.json": b"5"}
    assert sorted(store.keys(SearchBundles.KIND)) == [
        "base",
        "base/entry.json",
        "base/fragment/en_1.pf_fragment",
        "delta2",
        "delta2/entry.json",
    ]
    bundles.keep([])
    assert store.keys(SearchBundles.KIND) == []


def test_a_search_bundle_put_leaves_nothing_of_its_files_behind() -> None:
    """A 100,000-article base index is 100,000 files: a name kept for each after it
    is stored (a table's record of the keys it was given) was 19 MB held to the
    build's end."""
    store = Store.memory()
    bundles = SearchBundles(store)
    files = {f"fragment/en_ab{number:x}.pf_fragment": b"x" for number in range(5000)}
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        bundles.put("base", files)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 100_000  # a name kept for each file: 500 kB
    assert bundles.get("base") == files


# -- a page's key -------------------------------------------------------------------


def _renderer(site_dir: Path) -> tuple[PageRenderer, BuildOptions]:
    options = BuildOptions(site_dir=site_dir, output_dir=site_dir / "out", now=NOW)
    with Engine(options, Store.memory()) as engine:
        prepared = prepare_once(options, Problems())
        tools = prepared.tools
        assert tools is not None
        renderer = PageRenderer(
            prepared.site, tools.env, tools.urls, site_dir, tools.page_salt(engine)
        )
    return renderer, options


def _keys(renderer: PageRenderer) -> dict[str, tuple[str, str]]:
    keys = {}
    for task in page_tasks(renderer.site):
        path, shown = renderer.shows(task)
        keys[path] = (shown, renderer.key(page_view(renderer, task)))
    return keys


def test_a_page_key_is_the_digest_of_its_view_and_moves_only_with_it(tmp_path: Path) -> None:
    files = {
        "site.yaml": "title: Desk\npaginate: 10\n",
        "content/a.md": article("A", "2025-01-01", tags="[x]", body="Summary A.\n\nBody."),
        "content/b.md": article("B", "2025-01-02", tags="[y]", body="Summary B.\n\nBody."),
    }
    write_files(tmp_path, files)
    before = _keys(_renderer(tmp_path)[0])
    assert before == _keys(_renderer(tmp_path)[0])  # nothing changed, nothing moves

    # A body edit that leaves A's card alone: A's own page's view moves, and the
    # pages that show A's card are looked at again (what they show changed) but
    # their views, and so their keys, stay.
    write_files(tmp_path, {"content/a.md": files["content/a.md"] + "\nMore words.\n"})
    after = _keys(_renderer(tmp_path)[0])
    moved = {path for path in before if before[path][1] != after[path][1]}
    looked_at = {path for path in before if before[path][0] != after[path][0]}
    assert moved == {"articles/a/index.html"}
    assert {"index.html", "tags/x/index.html"} <= looked_at
    assert "tags/y/index.html" not in looked_at

    # A new summary changes A's card: every page that shows it moves, no other.
    write_files(tmp_path, {"content/a.md": files["content/a.md"].replace("Summary A", "New")})
    summary = _keys(_renderer(tmp_path)[0])
    moved = {path for path in after if after[path][1] != summary[path][1]}
    assert {"articles/a/index.html", "index.html", "tags/x/index.html"} <= moved
    assert "tags/y/index.html" not in moved


# -- outputs and the last build -------------------------------------------------------


def test_a_planned_output_is_made_only_when_its_key_is_new(tmp_path: Path) -> None:
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    store = Store.memory()
    store.set_record(
        "last:" + digest(str(options.output_dir.absolute())),
        LastBuild(keys={"feed.xml": "k1"}).encode(),
    )
    made: list[str] = []

    def make(path: str) -> OutputFile:
        made.append(path)
        return OutputFile(path, b"x", key="k2")

    with Engine(options, store) as engine:
        settled = engine.settle(
            [
                Planned("feed.xml", "k1", lambda: make("feed.xml")),
                Planned("tags/a/feed.xml", "k3", lambda: make("tags/a/feed.xml")),
            ]
        )
    assert settled[0] == KeptFile("feed.xml", "k1")
    assert made == ["tags/a/feed.xml"]


def test_the_last_build_reads_back_as_written_and_damage_is_no_record() -> None:
    last = LastBuild({"a": ["d", 1, 2]}, {"a": "k"}, contents={"a": "c"}, generation="g")
    assert LastBuild.decode(last.encode()) == last
    assert LastBuild.decode(("too", "short")) == LastBuild()
    assert LastBuild.decode(None) == LastBuild()


# -- the record as a delta over a base ---------------------------------------------------


def _record_build(
    store: Path,
    options: BuildOptions,
    signatures: dict[str, tuple[int, int, int, int]],
    manifest: dict[str, list[object]],
    keys: dict[str, str],
) -> LastBuild:
    """Record one build of these inputs and outputs, as ``build`` does; what it
    recorded."""
    from sitegen.incremental.inputs import Inputs
    from sitegen.output.manifest import Manifest

    inputs = Inputs(tuple(signatures.items()), frozenset(), "settings")
    with Engine(options, Store(store), inputs) as engine:
        engine.edited_since(options.site_dir)
        outputs = [OutputFile(path, b"", key=key) for path, key in keys.items()]
        recorded = Manifest(str(options.output_dir), manifest)
        engine.record(output_keys(outputs), recorded, None, 1, (), Path())
        return engine.last


def _read_back(store: Path, options: BuildOptions) -> LastBuild:
    with Engine(options, Store(store)) as engine:
        return engine.last


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, BuildOptions, list[LastBuild]]:
    """A whole build of 30 inputs and outputs, then two edit builds."""
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    store = tmp_path / FILE_NAME
    signatures = {str(tmp_path / f"content/a{i}.md"): (i, 1, 1, i) for i in range(30)}
    manifest: dict[str, list[object]] = {f"a{i}.html": [f"d{i}", i, 1, i] for i in range(30)}
    keys = {f"a{i}.html": f"k{i}" for i in range(30)}
    builds = [_record_build(store, options, signatures, manifest, keys)]
    for n in (1, 2):
        signatures = {**signatures, str(tmp_path / f"content/a{n}.md"): (n, 2 + n, 2, n)}
        manifest = {**manifest, f"a{n}.html": [f"e{n}", n, 2, 50 + n], f"new{n}.html": [n]}
        del manifest[f"a{10 + n}.html"]
        keys = {**keys, f"a{n}.html": f"edited{n}"}
        builds.append(_record_build(store, options, signatures, manifest, keys))
    return store, options, builds


def _names(options: BuildOptions) -> tuple[str, str]:
    name = "last:" + digest(str(options.output_dir.absolute()))
    return name, "delta:" + name


def test_edit_builds_record_what_changed_and_read_back_what_they_recorded(
    recorded: tuple[Path, BuildOptions, list[LastBuild]],
) -> None:
    store, options, builds = recorded
    base, delta = _names(options)
    assert Store(store).record(base)[-1] == builds[0].generation  # the base was not written again
    assert len(Store(store).record(delta)[2][0][0]) == 4  # the manifest's changed entries alone
    assert _read_back(store, options) == builds[-1]
    assert builds[-1].manifest["a2.html"] == ["e2", 2, 2, 52]
    assert "a12.html" not in builds[-1].manifest


def test_a_delta_on_another_base_is_no_record(
    recorded: tuple[Path, BuildOptions, list[LastBuild]],
) -> None:
    store, options, builds = recorded
    base, _ = _names(options)
    other = LastBuild(builds[0].manifest, builds[0].keys, generation="another")
    with contextlib.closing(Store(store)) as db:
        db.set_record(base, other.encode())  # as a whole record written without its delta
    assert _read_back(store, options) == LastBuild()
    with contextlib.closing(Store(store)) as db:
        db.drop_record(base)
    assert _read_back(store, options) == LastBuild()


@pytest.mark.parametrize("damage", [b"not a pickle", codec.dumps(("too", "short"))])
def test_a_damaged_delta_is_no_record(
    recorded: tuple[Path, BuildOptions, list[LastBuild]], damage: bytes
) -> None:
    store, options, _ = recorded
    _, delta = _names(options)
    with contextlib.closing(sqlite3.connect(store)) as db, db:
        db.execute("UPDATE record SET value = ? WHERE name = ?", (damage, delta))
    assert _read_back(store, options) == LastBuild()


def test_a_delta_of_another_generation_is_no_record(
    recorded: tuple[Path, BuildOptions, list[LastBuild]],
) -> None:
    store, options, _ = recorded
    with Engine(options, Store(store)) as engine:
        engine.void_last()  # a build killed after it swapped the output
    assert _read_back(store, options) == LastBuild()


def test_a_delta_grown_large_is_folded_into_a_whole_record(
    recorded: tuple[Path, BuildOptions, list[LastBuild]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen.incremental import engine

    store, options, builds = recorded
    monkeypatch.setattr(engine, "DELTA_LIMIT", 8)
    last = builds[-1]
    manifest = {**last.manifest, **{f"more{i}.html": [i] for i in range(5)}}
    folded = _record_build(store, options, last.signatures, manifest, last.keys)
    base, delta = _names(options)
    assert Store(store).record(delta) is None
    assert Store(store).record(base)[-1] == folded.generation
    assert _read_back(store, options) == folded


def test_parses_read_back_from_the_memo_share_their_lines_maps_again(tmp_path: Path) -> None:
    """Each remembered parse is stored on its own, so it comes back with a lines
    map of its own: the build hands the articles the map their layout shares,
    and the site it remembers (read by every edit) holds one map per layout."""
    from sitegen.build import build
    from sitegen.build.edits import SITE_RECORD

    names = ("a", "b", "c")
    write_files(tmp_path, {f"content/{n}.md": article(n.upper(), "2025-01-01") for n in names})
    options = BuildOptions(site_dir=tmp_path, output_dir=tmp_path / "out", now=NOW)
    build(options)
    write_files(tmp_path, {"layouts/partials/footer.html": "<footer>Desk</footer>"})
    assert build(options).written > 0  # every page again, the articles from the memo
    with Engine(options) as engine:
        site = engine.remembered(SITE_RECORD)[0]
    maps = {id(r.article.lines) for r in site.articles}
    assert len(site.articles) == 3 and len(maps) == 1
    assert site.articles[0].article.lines == {"title": 2, "date": 3}


class _Untouchable(dict[str, object]):
    """A mapping whose contents must not be read: the check aside's child would
    copy every page of memory they sit on."""

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("the child read the manifest itself")

    def items(self) -> Any:
        raise AssertionError("the child read the manifest itself")

    def get(self, *args: object) -> Any:
        raise AssertionError("the child read the manifest itself")


def test_the_check_aside_finds_changed_files_from_its_flat_fields_alone(
    tmp_path: Path,
) -> None:
    """The forked check of kept files reads the manifest and the copies only as
    the joined strings and buffer ``Aside.of`` made before the fork, never their
    objects (each read would copy a page into the child): a file edited in
    place, one removed, a copy whose source changed and one the manifest does
    not record are still named, and a copy as recorded is not."""
    from sitegen.incremental import engine
    from sitegen.output.manifest import copy_digest

    root, cache = tmp_path / "out", tmp_path / "cache"
    (root / "a").mkdir(parents=True)
    cache.mkdir()
    entries: dict[str, list[object]] = {}
    for name in ("a/index.html", "b.html", "c.html", "same.png", "changed.png"):
        (root / name).write_text(name)
        status = os.stat(root / name)
        entries[name] = ["digest", status.st_size, status.st_mtime_ns, status.st_ino]
    sources = {name: cache / name for name in ("same.png", "changed.png", "new.png")}
    for name, source in sources.items():
        source.write_bytes(b"png")
        entries.get(name, [""])[0] = copy_digest(source)
    copies = [(source, name) for name, source in sources.items()]
    work = engine.Aside.of(str(root), entries, None, "", b"", copies)
    assert work is not None
    (root / "b.html").write_text("B.html")  # the same size, in place
    (root / "c.html").unlink()
    sources["changed.png"].write_bytes(b"a new card")
    work = dataclasses.replace(work, entries=cast(Any, _Untouchable()), copies=())
    reading, writing = os.pipe()
    engine._answer_aside(work, writing)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        answers = [pickle.loads(pipe.read(int.from_bytes(pipe.read(8), "little"))) for _ in "12"]
    assert answers[0] == ["b.html", "c.html"]
    assert answers[1] == (None, [1, 2])  # changed.png's source, and new.png: no entry


def test_a_manifest_without_inodes_is_checked_here_not_aside() -> None:
    from sitegen.incremental import engine

    assert engine.Aside.of("out", {"a.html": ["digest"]}, None, "", b"", ()) is None
