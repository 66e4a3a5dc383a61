"""Random sites build cleanly: a bounded run of ``tests/fuzzing.py`` (``make fuzz`` runs long).

The sites are built in a child process, so a build that dies of a signal (a
segmentation fault in a native library) fails this test instead of killing
the test runner; the site it was building is shown.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

EXAMPLES = 20
"""A few seconds' worth; the same examples every run (``make fuzz`` draws new ones)."""


def test_random_sites_exit_cleanly_with_located_messages(tmp_path: Path) -> None:
    last = tmp_path / "last-site.txt"
    command = [
        sys.executable,
        "-m",
        "tests.fuzzing",
        "--examples",
        str(EXAMPLES),
        "--last",
        str(last),
    ]
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    building = last.read_text(encoding="utf-8") if last.exists() else "(none)"
    assert result.returncode == 0, (
        f"exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}\n"
        f"last site built: {building[:3000]}"
    )
    assert "random sites in" in result.stdout
