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
    """A file of the part a split check's child asks (``edit_in_place``: its own)."""
    with open(root / "e.html", "r+") as handle:
        handle.write("A")


def link(root: Path) -> None:
    (root / "loop").symlink_to(root)


def folder(root: Path) -> None:
    (root / "a/new").mkdir()


@pytest.mark.parametrize("aside", [False, True], ids=["alone", "split with a child"])
@pytest.mark.parametrize("change", [add, delete, edit_in_place, edit_last, link, folder])
def test_any_change_to_the_tree_is_seen(
    tmp_path: Path, change: Callable[[Path], None], aside: bool
) -> None:
    root = tmp_path / "out"
    paths = ["index.html", "a/b/index.html", "a/c/index.html", "a/d/index.html", "e.html"]
    stamp = manifest.take(str(root), made(root, paths), settled_mark(tmp_path / "mark"))
    assert stamp is not None
    with manifest.TreeCheck(str(root), stamp, aside) as check:
        assert check()
    change(root)
    with manifest.TreeCheck(str(root), stamp, aside) as check:
        assert check.split == (2 if aside else 5)  # index.html and a/b/index.html first
        assert not check()


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
