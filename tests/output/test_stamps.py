"""Output stamps: a tree is known untouched by the times of its folders and files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.output import manifest
from sitegen.output.manifest import Entry


def made(root: Path, paths: list[str]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(path)
        status = (root / path).stat()
        entries[path] = ["digest", status.st_size, status.st_mtime_ns, status.st_ino]
    return entries


def settled_mark(path: Path) -> int:
    """The mark, written until the file system's clock has moved past the tree's changes."""
    first = manifest.mark(str(path), "token")
    while (moved := manifest.mark(str(path), "token")) == first:
        pass
    return moved


def add(root: Path) -> None:
    (root / "a/b/stray.html").write_text("left by hand")


def delete(root: Path) -> None:
    (root / "a/b/index.html").unlink()


def edit_in_place(root: Path) -> None:
    with open(root / "a/b/index.html", "r+") as handle:
        handle.write("A")  # same size


def edit_last(root: Path) -> None:
    """The last file: the first a split check's child asks."""
    with open(root / "e.html", "r+") as handle:
        handle.write("A")


def link(root: Path) -> None:
    (root / "loop").symlink_to(root)


def folder(root: Path) -> None:
    (root / "a/new").mkdir()


@pytest.mark.parametrize("block", [1, 2, manifest.TreeCheck.BLOCK], ids=lambda b: f"block {b}")
@pytest.mark.parametrize("aside", [False, True], ids=["alone", "split with a child"])
@pytest.mark.parametrize("change", [add, delete, edit_in_place, edit_last, link, folder])
def test_any_change_to_the_tree_is_seen(
    tmp_path: Path,
    change: Callable[[Path], None],
    aside: bool,
    block: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(manifest.TreeCheck, "BLOCK", block)
    root = tmp_path / "out"
    paths = ["index.html", "a/b/index.html", "a/c/index.html", "a/d/index.html", "e.html"]
    stamp = manifest.take(str(root), made(root, paths), settled_mark(tmp_path / "mark"))
    assert stamp is not None
    with manifest.TreeCheck(str(root), stamp, aside) as check:
        assert check()
    change(root)
    with manifest.TreeCheck(str(root), stamp, aside) as check:
        assert not check()


@pytest.mark.parametrize("caller_late", [False, True], ids=["at once", "after the child"])
def test_a_split_check_joins_the_blocks_wherever_the_two_met(
    tmp_path: Path, caller_late: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked at once, the caller takes blocks from the first one while the child
    takes them from the last; asked after the child has done them all, it takes
    the child's answer whole. Either way the marks join in the stamp's order:
    an untouched tree is intact, and a file changed in any block is seen."""
    monkeypatch.setattr(manifest.TreeCheck, "BLOCK", 3)
    root = tmp_path / "out"
    paths = [f"p{n:02}/index.html" for n in range(40)]
    stamp = manifest.take(str(root), made(root, paths), settled_mark(tmp_path / "mark"))
    assert stamp is not None
    for edited in [None, paths[0], paths[20], paths[-1]]:
        if edited is not None:
            with open(root / edited, "r+") as handle:
                handle.write("X")  # same size, new time
        with manifest.TreeCheck(str(root), stamp, aside=True) as check:
            assert check.blocks == 14
            if caller_late:
                assert check.child is not None
                # Until it has answered every block and left (not reaped: the check does).
                os.waitid(os.P_PID, check.child[0], os.WEXITED | os.WNOWAIT)
            assert check() is (edited is None)
            if caller_late and edited is None:
                assert check.asked == 0


def test_a_split_check_never_asked_leaves_no_child(tmp_path: Path) -> None:
    """A build that finds its inputs changed does not ask the output: its child is
    stopped and reaped, not left to finish or linger."""
    root = tmp_path / "out"
    stamp = manifest.take(str(root), made(root, ["index.html"]), settled_mark(tmp_path / "mark"))
    assert stamp is not None
    with manifest.TreeCheck(str(root), stamp, aside=True) as check:
        assert check.child is not None
        pid = check.child[0]
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_tree_changed_in_the_tick_of_its_stamp_gets_none(tmp_path: Path) -> None:
    """Racy: a change in the same tick of the clock could leave a folder's time as it was."""
    root = tmp_path / "out"
    entries = made(root, ["index.html", "a/index.html"])
    os.utime(root / "a", ns=(2**62, 2**62))  # as if changed after the mark
    assert manifest.take(str(root), entries, manifest.mark(str(tmp_path / "mark"), "token")) is None


def test_a_caller_that_asked_every_file_still_waits_for_the_childs_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child asks the folders: a caller quicker than its child, which asked
    every block before any answer came, still takes the child's word on them."""
    monkeypatch.setattr(manifest.TreeCheck, "BLOCK", 1)
    monkeypatch.setattr(manifest._Blocks, "poll", lambda self: True)  # no answer seen
    root = tmp_path / "out"
    paths = ["index.html", "a/b/index.html", "e.html"]
    stamp = manifest.take(str(root), made(root, paths), settled_mark(tmp_path / "mark"))
    assert stamp is not None
    with manifest.TreeCheck(str(root), stamp, aside=True) as check:
        assert check()
        assert check.asked == 3
    (root / "a/b/stray.html").write_text("left by hand")
    with manifest.TreeCheck(str(root), stamp, aside=True) as check:
        assert not check()
        assert check.asked == 3


def test_a_stamp_read_back_is_the_stamp_written_and_a_damaged_one_is_none() -> None:
    """The stamp's paths are packed (zlib-ng) in the record of every build: read back
    whole by another process (here: the standard library's zlib reads the stream
    too), and refused, never taken wrong, when the bytes are damaged."""
    import zlib

    paths = "\0".join(f"articles/dispatch-{n}/index.html" for n in range(2000))
    stamp = manifest.Stamp(".\0articles", b"\0" * 32, paths, "marks")
    encoded = stamp.encode()
    manifest._PACKED.clear()  # as a fresh process finds it: nothing packed yet
    assert manifest.Stamp.decode(encoded) == stamp
    assert zlib.decompress(encoded[2][1:]).decode() == paths
    manifest._PACKED.clear()
    damaged = (encoded[0], encoded[1], encoded[2][:40] + b"\xff" * 8, encoded[3])
    assert manifest.Stamp.decode(damaged) is None
    assert manifest.Stamp.decode((b"not packed", *encoded[1:])) is None
