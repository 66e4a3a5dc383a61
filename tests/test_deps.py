"""The no-op stamp: a rebuild with nothing changed does nothing, and misses no edit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sitegen.deps import Inputs, Stamp
from tests.conftest import run_sitegen
from tests.test_incremental import start_site

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_file_saved_just_before_a_build_is_checked_by_its_content(tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("one")
    # The same recorded signature twice, as for two saves within one clock tick.
    inputs = Inputs(((str(source), (3, 1, 1, 1)),), frozenset({str(source)}), "settings")
    stamp = Stamp.of(inputs, None, 1)
    assert stamp.current(inputs, NOW)
    source.write_text("two")
    assert not stamp.current(inputs, NOW)
    assert Stamp.load(_saved(stamp, tmp_path)) == stamp


def _saved(stamp: Stamp, tmp_path: Path) -> Path:
    path = tmp_path / "stamp.json"
    stamp.save(path)
    return path


def test_a_rebuild_right_after_writing_the_site_still_does_nothing(tmp_path: Path) -> None:
    site = start_site(tmp_path)  # every file written a moment ago
    out = tmp_path / "out"
    assert run_sitegen("build", str(site), "-o", str(out)).code == 0
    before = {p: p.stat().st_mtime_ns for p in (site / ".sitegen-cache").rglob("*")}
    again = run_sitegen("build", str(site), "-o", str(out))
    assert "(0 files written" in again.out
    assert {p: p.stat().st_mtime_ns for p in (site / ".sitegen-cache").rglob("*")} == before
