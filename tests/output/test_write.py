"""The writer: staged swap on a first build, in-place updates after it, exact either way."""

from __future__ import annotations

from pathlib import Path

from sitegen.model import OutputFile
from sitegen.output.write import write_site


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
