"""The writer: the new site made in a spare tree and swapped in whole, unchanged files linked."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from sitegen.errors import RunError
from sitegen.model import Output, OutputFile
from sitegen.output.manifest import Manifest
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
