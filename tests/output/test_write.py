"""The writer: the new site made in a spare tree and swapped in whole, unchanged files linked."""

from __future__ import annotations

import errno
import json
import os
import signal
from collections.abc import Sequence
from pathlib import Path

import pytest

from sitegen.errors import RunError
from sitegen.model import KeptFile, Output, OutputFile, Outputs
from sitegen.output.manifest import CopyKeys, Manifest, intact, output_is_intact
from sitegen.output.spare import Spare
from sitegen.output.write import WriteStats
from sitegen.output.write import write_site as write_tree


def write_site(
    files: list[Output], copies: list[tuple[Path, str]], out: Path, manifest_path: Path
) -> WriteStats:
    """The writer with its manifest kept in a file between writes, as the engine keeps
    it in its record: dropped at the swap, saved after it."""
    try:
        manifest: Manifest | None = Manifest(
            str(out.absolute()), json.loads(manifest_path.read_text())
        )
    except (OSError, ValueError):
        manifest = None
    stats, new = write_tree(
        files, copies, out, manifest, manifest_path, lambda: manifest_path.unlink(missing_ok=True)
    )
    manifest_path.write_text(json.dumps(new.entries))
    return stats


def files(**pages: str) -> list[OutputFile]:
    return [OutputFile(f"{name}/index.html", body.encode()) for name, body in pages.items()]


def test_only_changed_files_are_written_after_the_first_build(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    stats = write_site(files(a="A", b="B2"), [], out, manifest)
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (out / "b/index.html").read_text() == "B2"


def test_files_no_longer_produced_and_stray_files_disappear(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    (out / "stray.txt").write_text("left by hand")
    write_site(files(a="A"), [], out, manifest)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a", "a/index.html"]


def test_an_output_file_edited_by_hand_is_restored(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A"), [], out, manifest)
    (out / "a/index.html").write_text("X")
    write_site(files(a="A"), [], out, manifest)
    assert (out / "a/index.html").read_text() == "A"


def test_a_damaged_manifest_falls_back_to_a_full_write(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A"), [], out, manifest)
    manifest.write_text("{not json")
    stats = write_site(files(a="A", b="B"), [], out, manifest)
    assert (out / "b/index.html").read_text() == "B"
    assert stats.written + stats.unchanged == 2


def test_a_changed_copied_file_is_copied_again(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    source = tmp_path / "chart.svg"
    source.write_text("<svg/>")
    write_site([], [(source, "img/chart.svg")], out, manifest)
    source.write_text("<svg id='new'/>")
    write_site([], [(source, "img/chart.svg")], out, manifest)
    assert (out / "img/chart.svg").read_text() == "<svg id='new'/>"


def test_an_unchanged_file_keeps_its_inode_and_time(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    before = (out / "a/index.html").stat()
    for body in ("B2", "B3", "B4"):  # the spare tree is the output of two builds ago
        write_site(files(a="A", b=body), [], out, manifest)
        after = (out / "a/index.html").stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (out / "b/index.html").read_text() == "B4"


def test_every_build_swaps_the_whole_output_in_one_step(tmp_path: Path) -> None:
    """The folder itself is replaced: a reader of output/ sees one site or the other."""
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A"), [], out, manifest)
    first = out.stat().st_ino
    write_site(files(a="A2"), [], out, manifest)
    assert out.stat().st_ino != first
    write_site(files(a="A3"), [], out, manifest)
    assert out.stat().st_ino == first  # the old output is the next build's spare
    assert (out / "a/index.html").read_text() == "A3"


def test_the_spare_tree_keeps_no_second_copy_of_changed_files(tmp_path: Path) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    write_site(files(a="A", b="B2"), [], out, manifest)
    spare = manifest.with_suffix(".previous")
    assert sorted(p.relative_to(spare).as_posix() for p in spare.rglob("*")) == [
        "a",
        "a/index.html",
        "b",
    ]
    assert (spare / "a/index.html").stat().st_ino == (out / "a/index.html").stat().st_ino


def test_an_output_that_is_a_link_stays_a_link(tmp_path: Path) -> None:
    """A web server's folder linked as output/ is updated, not replaced by a folder."""
    real, out = tmp_path / "www/site", tmp_path / "out"
    real.mkdir(parents=True)
    out.symlink_to(real)
    manifest = tmp_path / "cache/manifest.json"
    write_site(files(a="A"), [], out, manifest)
    write_site(files(a="A2"), [], out, manifest)
    assert out.is_symlink()
    assert (real / "a/index.html").read_text() == "A2"


def test_where_links_are_refused_unchanged_files_are_copied_with_their_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    before = (out / "a/index.html").stat().st_mtime_ns

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    stats = write_site(files(a="A", b="B2"), [], out, manifest)
    assert (stats.written, stats.unchanged) == (1, 1)
    assert (out / "a/index.html").stat().st_mtime_ns == before


def test_a_failed_write_leaves_the_output_and_its_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    write_site(files(a="A", b="B"), [], out, manifest)
    saved = manifest.read_bytes()
    real_open = open

    def full(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", full)
    with pytest.raises(RunError) as raised:
        write_site(files(a="A2", b="B"), [], out, manifest)
    monkeypatch.undo()
    assert str(raised.value) == f"cannot write {out}/a/index.html: No space left on device"
    assert (out / "a/index.html").read_text() == "A"
    assert manifest.read_bytes() == saved  # still describes output/: the next build trusts it


class Writer:
    """The writer with its manifest kept whole between writes (stamp and spare
    included), as the engine keeps it in its records."""

    def __init__(self, out: Path, cache: Path) -> None:
        self.out, self.near, self.manifest = out, cache / "site", None

    def write(self, outputs: Sequence[Output]) -> WriteStats:
        stats, self.manifest = write_tree(outputs, [], self.out, self.manifest, self.near)
        return stats


def listing(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text() if p.is_file() else "/"
        for p in root.rglob("*")
    }


def site(*names: str, body: str = "") -> list[Output]:
    return [OutputFile(f"{name}/index.html", f"{name}{body}".encode()) for name in names]


@pytest.mark.usefixtures("settled")
def test_a_file_added_to_the_output_by_hand_never_comes_back(tmp_path: Path) -> None:
    """It goes with the next build; two builds later, the tree it went to (the
    spare) is the output again, and it must not be in it."""
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    writer.write(site("a", "b", "c/d"))
    (tmp_path / "out/c/stray.txt").write_text("left by hand")
    (tmp_path / "out/e").mkdir()
    (tmp_path / "out/e/f.txt").write_text("left by hand")
    expected = {"a": "/", "a/index.html": "a", "b": "/", "b/index.html": "b2", "c": "/"}
    expected |= {"c/d": "/", "c/d/index.html": "c/d"}
    for edit in range(2, 6):
        writer.write([*site("a", "c/d"), OutputFile("b/index.html", f"b{edit}".encode())])
        assert listing(tmp_path / "out") == expected | {"b/index.html": f"b{edit}"}


@pytest.mark.usefixtures("settled")
def test_files_deleted_and_edited_by_hand_are_restored_builds_later(tmp_path: Path) -> None:
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    writer.write(site("a", "b", "c/d"))
    (tmp_path / "out/a/index.html").unlink()
    (tmp_path / "out/c/d/index.html").write_text("X")  # in place: the spare shares the inode
    expected = listing(tmp_path / "out") | {"a/index.html": "a", "c/d/index.html": "c/d"}
    for _ in range(3):
        writer.write(site("a", "b", "c/d"))
        assert listing(tmp_path / "out") == expected


@pytest.mark.usefixtures("settled")
def test_pages_dropped_from_the_site_leave_no_folder_behind(tmp_path: Path) -> None:
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    writer.write(site("a", "b/c", "b/d", "e"))
    writer.write(site("a", "b/c", "e", body="2"))
    writer.write(site("a", "e"))
    writer.write(site("a", "e", body="3"))
    assert listing(tmp_path / "out") == {
        "a": "/",
        "a/index.html": "a3",
        "e": "/",
        "e/index.html": "e3",
    }


@pytest.mark.usefixtures("settled")
def test_a_write_that_failed_half_way_is_followed_by_a_correct_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spare was half filled when the disk filled up: the next write does not
    trust what the last good one recorded of it."""
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    writer.write(site("a", "b", "c"))
    writer.write(site("a", "b", "c", body="2"))
    real_open, opened = open, []

    def full_after_one(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if "w" in mode:
            if opened:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
            opened.append(file)
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    before = listing(tmp_path / "out")
    monkeypatch.setattr("builtins.open", full_after_one)
    with pytest.raises(RunError):
        writer.write([*site("a", "b", "c"), *site("x", "y")])
    monkeypatch.setattr("builtins.open", real_open)
    assert listing(tmp_path / "out") == before
    writer.write(site("a", "c", body="4"))
    assert listing(tmp_path / "out") == {
        "a": "/",
        "a/index.html": "a4",
        "c": "/",
        "c/index.html": "c4",
    }
    writer.write(site("a", "c", body="5"))
    assert listing(tmp_path / "out") == {
        "a": "/",
        "a/index.html": "a5",
        "c": "/",
        "c/index.html": "c5",
    }


def test_every_write_leaves_a_stamp_for_the_next_check(tmp_path: Path) -> None:
    """The swap renames files into folders in the clock tick the stamp would be
    taken in; the writer waits for the tick to pass, so the next build checks the
    output by its stamp rather than file by file, and knows its spare."""
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    for edit in range(6):
        writer.write([*site("a", "c/d"), OutputFile("b/index.html", f"b{edit}".encode())])
        assert writer.manifest is not None
        assert writer.manifest.stamp is not None, f"write {edit + 1} left no stamp"


def edits(count: int) -> list[list[Output]]:
    """``count`` builds of one site in which only ``b`` changes, each time."""
    return [
        [*site("a", "c/d"), OutputFile("b/index.html", f"b{edit}".encode())]
        for edit in range(count)
    ]


def expected_after(build: list[Output]) -> dict[str, str]:
    tree = {"a": "/", "b": "/", "c": "/", "c/d": "/"}
    return tree | {f.path: f.data.decode() for f in build if isinstance(f, OutputFile)}


@pytest.mark.usefixtures("settled")
def test_a_file_put_in_the_spare_while_a_build_fills_it_goes_with_a_later_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp of a new output keeps the times its folders had when the build
    began: a name added meanwhile (in a folder the build did not touch) moves the
    time past the stamp's, and a later build lists the folder and drops it."""
    writer, builds = Writer(tmp_path / "out", tmp_path / "cache"), edits(6)
    for build in builds[:2]:
        writer.write(build)
    real_put = Spare.put

    def put_and_stray(self: Spare, relative: str, data: bytes) -> os.stat_result:
        Path(self.root, "c/d/stray.txt").write_text("put there by hand")
        return real_put(self, relative, data)

    monkeypatch.setattr(Spare, "put", put_and_stray)
    writer.write(builds[2])
    monkeypatch.setattr(Spare, "put", real_put)
    assert (tmp_path / "out/c/d/stray.txt").exists()  # it came in with the swap
    for build in builds[3:]:
        writer.write(build)
        assert listing(tmp_path / "out") == expected_after(build)


@pytest.mark.usefixtures("settled")
def test_changes_by_hand_to_the_spare_never_reach_the_output(tmp_path: Path) -> None:
    writer, builds = Writer(tmp_path / "out", tmp_path / "cache"), edits(6)
    for build in builds[:2]:
        writer.write(build)
    spare = tmp_path / "cache/site.previous"
    assert (spare / "a/index.html").stat().st_ino == (tmp_path / "out/a/index.html").stat().st_ino
    (spare / "c/stray.txt").write_text("added")
    (spare / "e").mkdir()
    (spare / "e/f.txt").write_text("added")
    (spare / "a/index.html").unlink()
    replacement = spare / "c/d/replacement"
    replacement.write_text("replaced")
    replacement.replace(spare / "c/d/index.html")
    for build in builds[2:]:
        writer.write(build)
        assert listing(tmp_path / "out") == expected_after(build)


@pytest.mark.usefixtures("settled")
def test_a_file_edited_in_place_in_the_spare_is_put_right(tmp_path: Path) -> None:
    """The spare's unchanged files are the output's (the same inodes): an edit in
    place shows in the output too, and the next build writes it again."""
    writer, builds = Writer(tmp_path / "out", tmp_path / "cache"), edits(5)
    for build in builds[:2]:
        writer.write(build)
    with open(tmp_path / "cache/site.previous/c/d/index.html", "r+") as handle:
        handle.write("X")  # same size
    for build in builds[2:]:
        writer.write(build)
        assert listing(tmp_path / "out") == expected_after(build)


@pytest.mark.usefixtures("settled")
def test_a_build_killed_while_filling_the_spare_is_followed_by_correct_ones(
    tmp_path: Path,
) -> None:
    """Killed with no clean-up at all (SIGKILL), having changed the spare: the
    record of the spare no longer holds, and the next builds list it."""
    writer, builds = Writer(tmp_path / "out", tmp_path / "cache"), edits(6)
    for build in builds[:2]:
        writer.write(build)
    before = listing(tmp_path / "out")
    child = os.fork()
    if child == 0:  # pragma: no cover (the child never returns)
        try:

            def put_and_die(self: Spare, relative: str, data: bytes) -> os.stat_result:
                Path(self.root, "c/d/index.html").unlink()  # as a fill replaces a file
                Path(self.root, "c/d/index.html").write_text("half made")
                os.kill(os.getpid(), signal.SIGKILL)
                raise AssertionError("not killed")

            Spare.put = put_and_die  # type: ignore[method-assign]
            writer.write(builds[2])
        finally:
            os._exit(1)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert listing(tmp_path / "out") == before
    for build in builds[2:]:
        writer.write(build)
        assert listing(tmp_path / "out") == expected_after(build)


@pytest.mark.usefixtures("settled")
def test_an_edit_asks_each_folder_of_the_site_its_time_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spare's folders are asked when the build prunes it; the new output's
    stamp takes those times again, asking only the folders the build changed
    (and the stamp is one the next build's check finds the output as)."""
    pages = [f"s{n % 7}/p{n}" for n in range(300)]
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    for edit in range(3):
        writer.write([*site(*pages), OutputFile("b/index.html", f"b{edit}".encode())])
    folders = sum(1 for p in (tmp_path / "out").rglob("*") if p.is_dir()) + 1
    real_stat, asked = os.stat, []

    def counted(path: object, *args: object, **kwargs: object) -> os.stat_result:
        asked.append(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counted)
    # Other folders than the last build's: a page edited, one gone, one new.
    kept = [page for page in pages[2:] if page != "s3/p3"]
    edited = [*site(*kept, "s1/new"), OutputFile("s3/p3/index.html", b"edited")]
    writer.write([*edited, OutputFile("b/index.html", b"b2")])
    monkeypatch.setattr(os, "stat", real_stat)
    assert len(asked) < folders + 20, f"{len(asked)} stat calls for {folders} folders"
    assert writer.manifest is not None and writer.manifest.stamp is not None
    assert intact(str(tmp_path / "out"), writer.manifest.stamp)  # the next check holds


@pytest.mark.parametrize(
    "path", ["../x/index.html", "/x/index.html", "a/../../x", "a\\..\\x", ".", "x\n/../../y"]
)
@pytest.mark.parametrize("copied", [False, True])
def test_a_path_that_would_leave_the_output_is_refused_before_anything_is_written(
    tmp_path: Path, path: str, copied: bool
) -> None:
    source = tmp_path / "source.txt"
    source.write_text("x")
    files: list[Output] = [] if copied else [OutputFile(path, b"x")]
    copies = [(source, path)] if copied else []
    with pytest.raises(ValueError, match="refusing to write outside the output directory"):
        write_tree([OutputFile("a/index.html", b"a"), *files], copies, tmp_path / "site/out")
    assert not (tmp_path / "site").exists()


def test_a_name_starting_with_a_dot_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree([OutputFile(".well-known/x", b"x"), OutputFile("a/.b", b"b")], [], out)
    assert listing(out) == {".well-known": "/", ".well-known/x": "x", "a": "/", "a/.b": "b"}


def test_the_write_tells_which_entries_of_the_manifest_it_changed(tmp_path: Path) -> None:
    """The record of an edit build is a delta taken from what the writer tells:
    an entry it does not name must be the one it was given."""
    out = tmp_path / "out"
    _, first = write_tree(files(a="A", b="B", c="C"), [], out)
    _, second = write_tree(files(a="A", b="B2", d="D"), [], out, first)
    since = second.since
    assert since is not None and since.base is first.entries
    assert set(since.changed) == {"b/index.html", "d/index.html"}
    assert since.removed == {"c/index.html"}
    told = {**{p: e for p, e in first.entries.items() if p not in since.removed}, **since.changed}
    assert told == second.entries


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("told", ["one by one", "as one map"])
def test_kept_files_told_as_one_map_are_kept_as_those_told_one_by_one(
    tmp_path: Path, told: str
) -> None:
    """An edit build hands the writer the last build's files as one map
    (``Outputs``). Each is kept (the same inode and time) whether the spare
    already holds it (``a``, ``c/d``) or holds an older version (``b``, written
    by the last build); the page made anew is written; the manifest is the one
    the files told one by one give."""
    writer = Writer(tmp_path / "out", tmp_path / "cache")
    for edit in range(3):
        writer.write([*site("a", "c/d", "e"), OutputFile("b/index.html", f"b{edit}".encode())])
    out = tmp_path / "out"
    before = {p: (out / p).stat() for p in ("a/index.html", "b/index.html", "c/d/index.html")}
    assert writer.manifest is not None
    kept = {path: f"key of {path}" for path in before}
    made = OutputFile("e/index.html", b"e edited", key="e")
    outputs: Sequence[Output] = (
        Outputs(kept, [made])
        if told == "as one map"
        else [*(KeptFile(p, k) for p, k in kept.items()), made]
    )
    stats = writer.write(outputs)
    assert (stats.written, stats.unchanged) == (1, 3)
    assert listing(out) == {
        **{"a": "/", "a/index.html": "a", "b": "/", "b/index.html": "b2"},
        **{"c": "/", "c/d": "/", "c/d/index.html": "c/d", "e": "/", "e/index.html": "e edited"},
    }
    for path, status in before.items():
        now = (out / path).stat()
        assert (now.st_ino, now.st_mtime_ns) == (status.st_ino, status.st_mtime_ns), path
    assert writer.manifest is not None and writer.manifest.stamp is not None
    assert intact(str(out), writer.manifest.stamp)  # the next check holds
    # The next edit keeps all four: the spare holds the new page's older version.
    again = writer.write(Outputs({**kept, "e/index.html": "e"}))
    assert (again.written, again.unchanged) == (0, 4)
    assert (out / "e/index.html").read_text() == "e edited"


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("vouched", [False, True])
def test_copies_vouched_for_are_kept_and_a_changed_source_is_copied_again(
    tmp_path: Path, vouched: bool
) -> None:
    """The check aside vouches for the copies whose source is as the manifest keys
    it (``CopyKeys``) and for the files as recorded (``intact``): those the spare
    holds are entered at once, the others taken one by one. A source it names as
    changed is copied again, so is a copy edited by hand (not intact) and a new
    one (no entry, whatever the check says), a copy the
    last build wrote (its spare file gone) is linked, the rest keep their inode;
    the manifest is the one asking gives.
    Each in a folder of its own: a folder the last build wrote in is listed."""
    sources = {name: tmp_path / f"{name}.png" for name in ("a", "b", "c", "d")}
    for name, source in sources.items():
        source.write_text(name)
    copies = [(source, f"{name}/card.png") for name, source in sources.items()]
    out, near = tmp_path / "out", tmp_path / "cache/site"
    _, manifest = write_tree([], copies, out, None, near)
    sources["b"].write_text("b2")  # the last build copies it anew
    _, manifest = write_tree([], copies, out, manifest, near)
    before = {name: (out / f"{name}/card.png").stat().st_ino for name in sources}
    sources["c"].write_text("c2")  # changed since: the check names it
    (out / "d/card.png").write_text("d by hand")  # the check finds it otherwise
    (tmp_path / "e.png").write_text("e")
    copies.append((tmp_path / "e.png", "e/card.png"))  # new: no entry
    keys = CopyKeys(copies, manifest.entries, frozenset({2})) if vouched else None
    recorded = set(manifest.entries) - {"d/card.png"} if vouched else frozenset()
    stats, after = write_tree([], copies, out, manifest, near, intact=recorded, copy_keys=keys)
    assert (stats.written, stats.unchanged) == (3, 2)
    assert {p.parent.name: p.read_text() for p in out.glob("*/card.png")} == {
        "a": "a",
        "b": "b2",
        "c": "c2",
        "d": "d",
        "e": "e",
    }
    for name in ("a", "b"):
        assert (out / f"{name}/card.png").stat().st_ino == before[name], name
    changed = {p for p, e in after.entries.items() if e != manifest.entries.get(p)}
    assert changed == {"c/card.png", "d/card.png", "e/card.png"}
    assert after.stamp is not None and intact(str(out), after.stamp)


def test_files_the_build_made_are_copied_with_their_time_and_never_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card the build made in its cache is copied the short way (in the kernel,
    a few calls), its time kept (the next build compares it); a copy, not a link,
    so that a file of the output edited in place cannot reach the cache. An
    author's file is copied as ever (``shutil``: its permissions kept too)."""
    kernel_copied: list[int] = []
    copy_file_range = os.copy_file_range

    def counted(source: int, target: int, count: int, *rest: int) -> int:
        kernel_copied.append(count)
        return copy_file_range(source, target, count, *rest)

    monkeypatch.setattr(os, "copy_file_range", counted)
    out, cache = tmp_path / "out", tmp_path / "cache"
    card, photo = cache / "images/cards/k1.png", tmp_path / "content/photo.jpg"
    for source, data in ((card, b"drawn"), (photo, b"photo")):
        source.parent.mkdir(parents=True)
        source.write_bytes(data)
    copies = [(card, "static/img/a-card.png"), (photo, "articles/a/photo.jpg")]
    _, manifest = write_tree([], copies, out, None, cache / "outputs", owned=cache / "images")
    published = out / "static/img/a-card.png"
    assert published.read_bytes() == b"drawn"
    assert published.stat().st_ino != card.stat().st_ino
    assert published.stat().st_mtime_ns == card.stat().st_mtime_ns
    assert (out / "articles/a/photo.jpg").read_bytes() == b"photo"
    assert kernel_copied == [len(b"drawn")]  # the card's, not the photo's
    # The cache draws the card again (a new file renamed over the old one); the
    # next write copies the new one.
    drawn = card.with_name("k1.png.partial")
    drawn.write_bytes(b"drawn again")
    os.utime(drawn, ns=(card.stat().st_mtime_ns + 10**9,) * 2)
    drawn.replace(card)
    _, manifest = write_tree([], copies, out, manifest, cache / "outputs", owned=cache / "images")
    assert published.read_bytes() == b"drawn again"
    assert output_is_intact(out, manifest)


@pytest.mark.parametrize("refused", [errno.EXDEV, errno.ENOSYS])
def test_a_made_file_the_kernel_will_not_copy_is_copied_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: int
) -> None:
    """Where the kernel refuses to copy (another disk, an old kernel), ``shutil`` does."""
    card = tmp_path / "cache/images/k1.png"
    card.parent.mkdir(parents=True)
    card.write_bytes(b"drawn")

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError(refused, os.strerror(refused))

    monkeypatch.setattr(os, "copy_file_range", refuse)
    out = tmp_path / "out"
    write_tree([], [(card, "img/k1.png")], out, None, owned=tmp_path / "cache/images")
    assert (out / "img/k1.png").read_bytes() == b"drawn"
    assert (out / "img/k1.png").stat().st_mtime_ns == card.stat().st_mtime_ns


@pytest.mark.parametrize("prefill_from", [2, 100])
def test_a_large_first_build_links_its_output_into_the_spare_a_small_one_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefill_from: int
) -> None:
    """From ``PREFILL_FROM`` files the first edit finds its spare made; below, it makes
    it itself, and the output is the same either way."""
    monkeypatch.setattr("sitegen.output.write.PREFILL_FROM", prefill_from)
    out, manifest = tmp_path / "out", tmp_path / "cache/manifest.json"
    spare = manifest.with_suffix(".previous")
    write_site(files(a="A", b="B", c="C"), [], out, manifest)
    if prefill_from == 2:
        assert (spare / "a/index.html").stat().st_ino == (out / "a/index.html").stat().st_ino
    else:
        assert not spare.exists()
    write_site(files(a="A", b="B2", c="C"), [], out, manifest)
    assert (out / "b/index.html").read_text() == "B2"
    assert (out / "a/index.html").read_text() == "A"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == [
        "a/index.html",
        "b/index.html",
        "c/index.html",
    ]
