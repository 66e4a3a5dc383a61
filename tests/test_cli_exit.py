"""How the ``sitegen`` process ends: ``cli.run`` skips the interpreter's teardown,
so what that teardown would have done for the user must still happen: the
output streams reach their reader, the exit handlers run, the status is the
command's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, article, write_files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")

# Standard output buffered, as a user's is: an unbuffered one (PYTHONUNBUFFERED)
# would write the summary at once and hide a missing flush.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
ENV.update(SOURCE_DATE_EPOCH="1767225600", PYTHONPATH=str(REPO))


def a_site(root: Path) -> Path:
    return write_files(root / "site", {"site.yaml": "title: T\n", "content/a.md": article()})


def sitegen_build(site: Path, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """``python -m sitegen build SITE`` in a process of its own, ended as a user's is."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(site)],
        env=ENV,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


def test_a_piped_summary_reaches_the_reader_and_the_status_is_the_build_s(
    tmp_path: Path,
) -> None:
    # A pipe is block-buffered: the summary is still in the buffer when the
    # command returns, and only the flush before the process ends delivers it.
    site = a_site(tmp_path)
    done = sitegen_build(site)
    assert done.returncode == 0, done.stderr
    summary = r"built \d+ pages \(\d+ files written, 0 unchanged\) in [\d.]+ s\n"
    assert re.fullmatch(summary, done.stdout)
    assert (site / "output" / "index.html").is_file()


def test_an_error_s_lines_and_status_survive_the_quick_exit(tmp_path: Path) -> None:
    site = write_files(
        tmp_path / "site",
        {"site.yaml": "title: T\n", "content/a.md": "---\ntitle: [unclosed\n---\nBody.\n"},
    )
    done = sitegen_build(site)
    assert done.returncode == 1
    assert done.stderr.startswith("content/a.md:3: invalid YAML")
    assert not (site / "output").exists()


def test_exit_handlers_run_after_the_command(tmp_path: Path) -> None:
    # What a library leaves to the end (a pool's children, a temporary folder)
    # is cleaned up by its exit handler: skipping the teardown must not skip it.
    site = a_site(tmp_path)
    mark = tmp_path / "handler-ran"
    snippet = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(mark)!r}).write_text, 'yes')\n"
        f"sys.argv = ['sitegen', 'build', {str(site)!r}]\n"
        "from sitegen.cli import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", snippet], env=ENV, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert mark.read_text() == "yes"


def test_a_reader_gone_before_the_summary_ends_with_the_interpreter_s_status(
    tmp_path: Path,
) -> None:
    # The reader closed its end: the summary cannot be delivered, which the
    # status says (as the interpreter's own ending would), without a traceback.
    site = a_site(tmp_path)
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = sitegen_build(site, stdout=writing)
    finally:
        os.close(writing)
    assert done.returncode == 120
    assert "Traceback" not in done.stderr
    assert (site / "output" / "index.html").is_file()
