"""output/ is the old or the new complete site at every instant, whatever stops a build.

A full disk, an I/O error or a read-only file system at any write of an
incremental build, and SIGKILL at any moment of it: ``output/`` must equal the
old clean build or the new one, the failure must be one ``sitegen:`` line (no
traceback), nothing may be left beside ``output/``, and the next build must
equal the clean build.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Run, article, run_sitegen, write_files
from tests.crash import (
    EPOCH,
    Scenario,
    clock,
    describe,
    make_scenario,
    siblings,
    snapshot,
)
from tests.searchable import searchable


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return make_scenario(tmp_path_factory.mktemp("crash"))


class Faults:
    """Counts every write the process makes (a file opened for writing, a link, a
    rename, a folder made) and fails the ``at``-th with ``code``; with ``lasting``,
    every write after it too (a disk that is full stays full)."""

    def __init__(self, at: int | None, code: int, lasting: bool) -> None:
        self.at, self.code, self.lasting = at, code, lasting
        self.count = 0

    def hit(self, name: object) -> None:
        self.count += 1
        if self.at is not None and (
            self.count == self.at or (self.lasting and self.count > self.at)
        ):
            raise OSError(self.code, os.strerror(self.code), os.fsdecode(str(name)))


@contextmanager
def injected(faults: Faults) -> Iterator[None]:
    real_open = builtins.open
    patched: list[tuple[Any, str, Any]] = []

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+") and not isinstance(file, int):
            faults.hit(file)
        return real_open(file, mode, *args, **kwargs)

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        made = 0 if function is os.mkdir else 1  # which argument is the path made

        def faulty(*args: Any, **kwargs: Any) -> Any:
            faults.hit(args[made])
            return function(*args, **kwargs)

        return faulty

    for owner, name, replacement in (
        (builtins, "open", fake_open),
        (io, "open", fake_open),
        (os, "link", wrap(os.link)),
        (os, "rename", wrap(os.rename)),
        (os, "replace", wrap(os.replace)),
        (os, "mkdir", wrap(os.mkdir)),
    ):
        patched.append((owner, name, getattr(owner, name)))
        setattr(owner, name, replacement)
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def faulty_build(site: Path, faults: Faults) -> Run:
    with clock(), injected(faults):
        return run_sitegen("build", str(site), "--jobs", "1")


def assert_old_or_new(scenario: Scenario, run: Run) -> None:
    """exit 1 with one ``sitegen:`` line and the old site, or exit 0 and the new one.

    The new site is a clean build's; an incremental build's search index is a
    base plus a delta, so ``pagefind/`` is compared by what a search finds."""
    tree = snapshot(scenario.site / "output")
    assert "Traceback" not in run.err
    if run.code == 0:
        assert searchable(tree) == searchable(scenario.new), describe(
            tree, scenario.old, scenario.new
        )
    else:
        assert run.code == 1
        failures = [line for line in run.errors if "warning" not in line]
        assert len(failures) == 1 and failures[0].startswith("sitegen: "), run.err
        assert tree == scenario.old, describe(tree, scenario.old, scenario.new)
    assert siblings(scenario.site) == [], "a build left files beside output/"


def assert_next_build_is_clean(scenario: Scenario) -> None:
    with clock():
        run = run_sitegen("build", str(scenario.site), "--jobs", "1")
    assert run.code == 0, run.err
    tree = snapshot(scenario.site / "output")
    assert searchable(tree) == searchable(scenario.new), describe(tree, scenario.old, scenario.new)


def count_writes(scenario: Scenario) -> int:
    faults = Faults(None, 0, False)
    assert faulty_build(scenario.replay(), faults).code == 0
    return faults.count


TRIALS = 4
"""How many moments each test tries in ``make test``; the ``fuzz`` variants try
every write and ``FUZZ_TRIALS`` kill moments."""
FUZZ_TRIALS = int(os.environ.get("SITEGEN_FUZZ_TRIALS", "40"))


def spread(total: int, count: int) -> list[int]:
    """``count`` write numbers from the first to the last, evenly, plus the ends."""
    step = max(1, total // count)
    return sorted({1, 2, *range(step, total, step), total - 1, total})


def full_disk_at(scenario: Scenario, moments: list[int]) -> None:
    for at in moments:
        run = faulty_build(scenario.replay(), Faults(at, errno.ENOSPC, lasting=True))
        assert_old_or_new(scenario, run)
        if run.code:
            assert "No space left on device" in run.err
        assert_next_build_is_clean(scenario)


def io_error_at(scenario: Scenario, moments: list[int]) -> None:
    for at in moments:
        run = faulty_build(scenario.replay(), Faults(at, errno.EIO, lasting=False))
        assert_old_or_new(scenario, run)
        assert_next_build_is_clean(scenario)


def test_a_full_disk_at_any_write_leaves_the_old_or_the_new_site(scenario: Scenario) -> None:
    full_disk_at(scenario, spread(count_writes(scenario), 2 * TRIALS))


def test_an_io_error_at_any_write_leaves_the_old_or_the_new_site(scenario: Scenario) -> None:
    io_error_at(scenario, spread(count_writes(scenario), TRIALS))


@pytest.mark.fuzz
def test_a_full_disk_or_an_io_error_at_every_write(scenario: Scenario) -> None:
    every = list(range(1, count_writes(scenario) + 1))
    full_disk_at(scenario, every)
    io_error_at(scenario, every)


def test_a_full_disk_while_writing_pages_names_the_page(scenario: Scenario) -> None:
    """The message names the file as the author knows it, not a staging path."""
    site = scenario.replay()
    faults = Faults(None, errno.ENOSPC, lasting=True)
    real_open = builtins.open

    def full_at_the_home_page(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and str(file).endswith("index.html") and faults.at is None:
            faults.at = 0
        if faults.at is not None and "w" in mode:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)

    with clock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "open", full_at_the_home_page)
        run = run_sitegen("build", str(site), "--jobs", "1")
    assert run.code == 1
    [line] = [line for line in run.errors if "warning" not in line]
    assert line.startswith(f"sitegen: cannot write {site / 'output'}/")
    assert line.endswith("/index.html: No space left on device")
    assert snapshot(site / "output") == scenario.old
    assert siblings(site) == []


def test_a_read_only_file_system_is_one_line_and_changes_nothing(scenario: Scenario) -> None:
    site = scenario.replay()
    run = faulty_build(site, Faults(1, errno.EROFS, lasting=True))
    assert run.code == 1
    [line] = [line for line in run.errors if "warning" not in line]  # the cache's warnings
    assert line.startswith("sitegen: cannot write ")
    assert line.endswith(": Read-only file system")
    assert snapshot(site / "output") == scenario.old
    assert siblings(site) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_refused(scenario: Scenario) -> None:
    site = scenario.replay()
    (site / "output").chmod(0o555)
    try:
        with clock():
            run = run_sitegen("build", str(site), "--jobs", "1")
    finally:
        (site / "output").chmod(0o755)
    assert run.code == 1
    assert run.errors == [f"sitegen: cannot write {site / 'output'}: the folder is read-only"]
    assert snapshot(site / "output") == scenario.old


def test_a_cache_folder_that_is_a_file_is_one_clear_line(make_site, build_site) -> None:
    site = make_site({"content/a.md": article("Alpha")})
    (site / ".sitegen-cache").write_text("not a folder")
    run = build_site(site)
    assert run.code == 1
    assert run.errors == [
        f"sitegen: cannot use {site / '.sitegen-cache'} as a folder: a file has its name "
        "(remove it, or choose another folder: -o for the output, --cache-dir for the cache)"
    ]
    assert not (site / "output").exists()


# SIGKILL: a real process, killed at chosen moments of its incremental build.


def start_build(site: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build", str(site), "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its workers share its process group
    )


def group_ends(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """Whether every process of the build's group (its workers) is gone in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def kill_group(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def output_signature(output: Path) -> tuple[int, ...]:
    """Changes when anything in output/ is replaced: the folder or its pages."""
    found = []
    for name in ("", "index.html", "feed.xml", "tags/index.html"):
        try:
            status = os.stat(output / name)
        except OSError:
            found += [0, 0]
            continue
        found += [status.st_ino, status.st_mtime_ns]
    return tuple(found)


def kill_when(site: Path, moment: Callable[[float], bool]) -> subprocess.Popen[bytes]:
    """Run a build and SIGKILL it (the main process only) once ``moment(elapsed)``."""
    process = start_build(site)
    started = time.monotonic()
    try:
        while process.poll() is None and not moment(time.monotonic() - started):
            time.sleep(0.002)
        if process.poll() is None:
            process.kill()
        process.wait()
    except BaseException:
        kill_group(process)
        raise
    return process


def check_killed(scenario: Scenario, process: subprocess.Popen[bytes]) -> None:
    tree = snapshot(scenario.site / "output")
    ended = group_ends(process, 10)
    kill_group(process)
    assert tree == scenario.old or searchable(tree) == searchable(scenario.new), describe(
        tree, scenario.old, scenario.new
    )
    assert ended, "worker processes outlived the killed build"
    assert_next_build_is_clean(scenario)
    assert siblings(scenario.site) == []


def kill_at_random(scenario: Scenario, trials: int) -> None:
    started = time.monotonic()
    full = kill_when(scenario.replay(), lambda elapsed: False)
    duration = time.monotonic() - started
    assert full.returncode == 0
    assert searchable(snapshot(scenario.site / "output")) == searchable(scenario.new)
    moments = random.Random(os.environ.get("SITEGEN_CRASH_SEED", "16"))
    for _ in range(trials):
        at = moments.uniform(0.3, 1.0) * duration
        check_killed(scenario, kill_when(scenario.replay(), lambda elapsed, at=at: elapsed >= at))


def test_sigkill_at_random_moments_leaves_the_old_or_the_new_site(scenario: Scenario) -> None:
    kill_at_random(scenario, TRIALS)


@pytest.mark.fuzz
def test_sigkill_at_many_random_moments(scenario: Scenario) -> None:
    kill_at_random(scenario, FUZZ_TRIALS)


def test_sigkill_as_output_changes_leaves_the_old_or_the_new_site(scenario: Scenario) -> None:
    """Killed the moment anything in output/ is replaced: one by one, that was a mix."""
    site = scenario.replay()
    before = output_signature(site / "output")
    process = kill_when(site, lambda _: output_signature(site / "output") != before)
    check_killed(scenario, process)


def test_workers_end_with_a_killed_build(make_site: Callable[..., Path]) -> None:
    """Forked workers waited for work forever once their parent was killed."""
    site = make_site({f"content/a{i}.md": article(f"Article {i}") for i in range(40)})
    process = start_build(site)
    try:
        while process.poll() is None and not _children(process.pid):
            time.sleep(0.01)
        assert process.poll() is None, "the build ended before it forked workers"
        process.kill()
        process.wait()
        assert group_ends(process, 10), "worker processes outlived the killed build"
    finally:
        kill_group(process)


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def test_what_a_killed_build_left_beside_output_is_cleared(make_site, build_site) -> None:
    site = make_site({"content/a.md": article("Alpha")})
    assert build_site(site).code == 0
    for name in (".output.staging-99999", ".output.previous-99998"):
        write_files(site, {f"{name}/index.html": "stale"})
    write_files(site, {"content/b.md": article("Beta")})
    assert build_site(site).code == 0
    assert siblings(site) == []
    assert (site / "output/articles/b/index.html").is_file()


def test_an_output_missing_after_a_killed_swap_comes_back(make_site, build_site) -> None:
    """Killed between the two renames of a swap: the previous site is put back first,
    so its unchanged files keep their modification time."""
    site = make_site({"content/a.md": article("Alpha"), "content/b.md": article("Beta")})
    assert build_site(site).code == 0
    page = site / "output/robots.txt"
    mtime = page.stat().st_mtime_ns
    (site / "output").rename(site / ".output.previous-99999")
    write_files(site, {"content/b.md": article("Beta", body="Edited.")})
    assert build_site(site).code == 0
    assert siblings(site) == []
    assert page.stat().st_mtime_ns == mtime
    assert "Edited." in (site / "output/articles/b/index.html").read_text()


def test_without_an_atomic_exchange_the_swap_still_gives_the_new_site(
    make_site, build_site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is missing, two renames replace the output."""
    from sitegen.output import swap

    monkeypatch.setattr(swap, "_renameat2", lambda: None)
    site = make_site({"content/a.md": article("Alpha"), "content/b.md": article("Beta")})
    assert build_site(site).code == 0
    page = site / "output/robots.txt"
    mtime = page.stat().st_mtime_ns
    write_files(site, {"content/b.md": article("Beta", body="Edited.")})
    assert build_site(site).code == 0
    assert page.stat().st_mtime_ns == mtime
    assert "Edited." in (site / "output/articles/b/index.html").read_text()
    assert siblings(site) == []


def test_the_spare_tree_is_removed_with_the_cache(make_site, build_site) -> None:
    """Deleting the cache changes nothing but speed, the spare tree included."""
    site = make_site({"content/a.md": article("Alpha"), "content/b.md": article("Beta")})
    assert build_site(site).code == 0
    write_files(site, {"content/b.md": article("Beta", body="Edited.")})
    assert build_site(site).code == 0
    first = snapshot(site / "output")
    shutil.rmtree(site / ".sitegen-cache")
    write_files(site, {"content/b.md": article("Beta", body="Edited again.")})
    assert build_site(site).code == 0
    write_files(site, {"content/b.md": article("Beta", body="Edited.")})
    assert build_site(site).code == 0
    # The search index's base was made afresh without the cache: compared by what it finds
    assert searchable(snapshot(site / "output")) == searchable(first)
