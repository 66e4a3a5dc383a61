"""A ``sitegen serve`` process and Debian's Chromium, for the live-reload browser test."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]


@contextmanager
def serving(site: Path) -> Iterator[Served]:
    """``sitegen serve SITE --port 0`` until the block ends, then Ctrl-C."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        found = re.search(r" at (http://\S+) ", line)
        if found:
            url = found.group(1)
            break
    if not url:
        process.kill()
        raise AssertionError(f"serve did not start: {process.communicate()[1]}")
    try:
        yield Served(url, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
