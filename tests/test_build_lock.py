"""One build at a time per output and cache directory: a second waits, naming the first.

Two builds of one site at once removed each other's files (a search fragment
one needed, the other deleted). The tests stop a real build with SIGSTOP while
it holds the lock, so the second one meets it every time.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.output import lock
from tests.conftest import REPO, article, run_sitegen, write_files
from tests.crash import EPOCH, snapshot
from tests.searchable import searchable

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def sitegen(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def holds_lock(site: Path, pid: int) -> bool:
    """Whether ``pid`` holds both locks of a build of ``site`` (the cache's, then the
    output's: stopped between the two, another cache's build would not wait)."""
    try:
        return all(
            lock.read_text().startswith(f"{pid}\n")
            for lock in (site / ".sitegen-cache" / "lock", site / ".output.lock")
        )
    except OSError:
        return False


@contextmanager
def stopped_build(site: Path) -> Iterator[subprocess.Popen[str]]:
    """A real ``sitegen build`` of ``site``, stopped while it holds the lock."""
    for attempt in range(5):
        write_files(site, {"content/touched.md": article(f"Touched {attempt}")})  # not a no-op
        process = sitegen("build", str(site), "--jobs", "1")
        while process.poll() is None and not holds_lock(site, process.pid):
            time.sleep(0.001)
        process.send_signal(signal.SIGSTOP)
        if process.poll() is None and holds_lock(site, process.pid):
            break
        process.send_signal(signal.SIGCONT)
        process.wait()
    else:
        pytest.fail("every build ended before it could be stopped holding the lock")
    try:
        yield process
    finally:
        process.send_signal(signal.SIGCONT)
        process.communicate(timeout=60)


def site_of(make_site: Callable[..., Path], count: int = 30) -> Path:
    return make_site({f"content/a{i}.md": article(f"Article {i}") for i in range(count)})


def read_line(stream: object, timeout: float) -> str:
    """The next line of a pipe, or "" after ``timeout`` seconds."""
    found: list[str] = []
    reader = threading.Thread(target=lambda: found.append(stream.readline()), daemon=True)  # type: ignore[attr-defined]
    reader.start()
    reader.join(timeout)
    return found[0] if found else ""


def test_a_second_build_waits_for_the_first_and_names_it(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = site_of(make_site)
    with stopped_build(site) as first:
        second = sitegen("build", str(site), "--jobs", "1")
        line = read_line(second.stderr, 30)
        assert line == (
            f"sitegen: waiting for the build of {site / 'output'} "
            f"by process {first.pid} to finish\n"
        )
        time.sleep(0.3)
        assert second.poll() is None, "the second build did not wait"
    _, err = second.communicate(timeout=60)
    assert first.returncode == 0 and second.returncode == 0, err
    assert "Traceback" not in err
    clean = tmp_path / "clean"
    clean_tree = run_sitegen_clean(site, clean)
    # pagefind/ keeps a base index plus a delta: compared by what a search finds
    assert searchable(clean_tree) == searchable(snapshot(site / "output"))


def run_sitegen_clean(site: Path, output: Path) -> dict[str, bytes]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        run = run_sitegen(
            "build", str(site), "-o", str(output), "--cache-dir", str(output) + "-cache"
        )
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert run.code == 0, run.err
    return snapshot(output)


def test_a_build_into_the_same_output_with_another_cache_waits_too(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = site_of(make_site)
    with stopped_build(site) as first:
        second = sitegen("build", str(site), "--cache-dir", str(tmp_path / "other-cache"))
        line = read_line(second.stderr, 30)
        assert f"by process {first.pid} to finish" in line
    second.communicate(timeout=60)
    assert second.returncode == 0


def test_a_build_gives_up_after_the_wait_limit(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = site_of(make_site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(lock, "WAIT_LIMIT", 1.0)
    with stopped_build(site) as first:
        output_before = snapshot(site / "output") if (site / "output").exists() else {}
        run = run_sitegen("build", str(site), "--jobs", "1")
        after = snapshot(site / "output") if (site / "output").exists() else {}
    assert run.code == 1
    holder = f"the build of {site / 'output'} by process {first.pid}"
    assert run.errors == [
        f"sitegen: waiting for {holder} to finish",
        f"sitegen: gave up after 1 s waiting for {holder} to finish "
        f"({site / '.sitegen-cache' / 'lock'} is locked)",
    ]
    assert after == output_before


def test_the_preview_waits_for_a_build_before_it_rebuilds(
    make_site: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.serve.session import full_rebuild, serve_options

    site = site_of(make_site)
    options = serve_options(site, datetime(2026, 1, 1, tzinfo=UTC))
    rebuild = full_rebuild(options, threading.Lock())
    done = threading.Event()
    with stopped_build(site) as first:
        worker = threading.Thread(target=lambda: (rebuild(()), done.set()), daemon=True)
        worker.start()
        deadline = time.monotonic() + 30
        said = ""
        while time.monotonic() < deadline and "waiting" not in said:
            said += capsys.readouterr().err
            time.sleep(0.01)
        assert f"waiting for the build of {site / 'output'} by process {first.pid}" in said
        assert not done.is_set()
    worker.join(60)
    assert done.is_set()
    assert (options.output_dir / "index.html").is_file()


def test_the_lock_files_are_gone_after_a_build(make_site, build_site) -> None:
    site = site_of(make_site, 2)
    assert build_site(site).code == 0
    assert not (site / ".output.lock").exists()
    assert not (site / ".sitegen-cache" / "lock").exists()


def test_two_builds_at_once_both_succeed_and_agree(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    """Started together, again and again: the one that loses the race waits."""
    site = site_of(make_site)
    for round_ in range(3):
        write_files(site, {"content/a0.md": article("Article 0", body=f"Round {round_}.")})
        builds = [sitegen("build", str(site), "--jobs", "2") for _ in range(2)]
        for build in builds:
            _, err = build.communicate(timeout=120)
            assert build.returncode == 0, err
            assert "Traceback" not in err
    clean_tree = run_sitegen_clean(site, tmp_path / "clean")
    # pagefind/ keeps a base index plus a delta: compared by what a search finds
    assert searchable(clean_tree) == searchable(snapshot(site / "output"))


def test_threads_of_one_process_share_the_lock(tmp_path: Path) -> None:
    """The preview indexes one build while it rebuilds the next: neither waits."""
    paths = [tmp_path / "cache" / "lock", tmp_path / ".output.lock"]
    inside, leave = threading.Event(), threading.Event()

    def indexing() -> None:
        with lock.holding(paths, "the preview's rebuild of site", print):
            inside.set()
            leave.wait(30)

    thread = threading.Thread(target=indexing, daemon=True)
    thread.start()
    assert inside.wait(30)
    said: list[str] = []
    with lock.holding(paths, "the preview's rebuild of site", said.append, limit=2):
        pass
    leave.set()
    thread.join(30)
    assert said == []
    assert not any(path.exists() for path in paths)


def test_a_read_only_folder_for_the_lock_does_not_stop_a_check(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` writes nothing that matters: a read-only checkout can still be checked."""
    site = site_of(make_site, 2)
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    run = run_sitegen("check", str(site))
    assert run.code == 0, run.err
