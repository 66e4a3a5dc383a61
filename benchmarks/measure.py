"""Run one command and measure it: wall time and peak memory of its process tree.

Takes an argv and a working directory, returns a ``Sample``. Wall time is
``perf_counter`` from spawn to exit. Memory is read two ways, both sampled
from ``/proc`` over the live tree every 20 ms, or less often where a reading
takes longer (``_SAMPLER_SHARE``: the sampler competes with what it measures):

- ``peak_bytes``: the larger of the kernel's ``ru_maxrss`` for the child and
  its waited-for descendants (``os.wait4``: exact, but the largest single
  process, not their sum) and the peak of the tree's summed RSS. It is an
  upper bound: a page that forked workers share with their parent (copy on
  write) is counted once per process.
- ``peak_pss_bytes``: the peak of the tree's summed proportional set size
  (``smaps_rollup``), where a page shared by k processes counts 1/k in each:
  the memory the tree actually occupies. Zero where the kernel lacks it.

A child started with ``vfork`` (as ``subprocess`` starts one, Pagefind's
processes included) runs in its parent's memory until it calls ``exec``, and
``/proc`` shows it the parent's whole size, each page mapped once: summed, the
parent counted twice. Such a child is left out (``kcmp``); a 30,000-article
build that the sampler caught in that instant read 1,019 MiB of PSS against a
real 801 MiB.
A command that fails or cannot start is a ``Sample`` with ``ok`` false and the
tail of its stderr, never an exception: one broken tool must not stop the run.

Linux carries a process's peak RSS across ``fork`` and ``exec``, so a command
started by the harness (which holds the whole corpus) would inherit the
harness's size. ``run_measured`` therefore starts the command from a fresh,
small interpreter running this file (``measure.py --cwd DIR -- ARGV``), which
times it and prints the ``Sample`` as JSON.
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import functools
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_SAMPLE_SECONDS = 0.02
_SAMPLER_SHARE = 0.05
"""The most of the time the sampler spends reading ``/proc``: it waits at least
19 times as long as its last reading took. The kernel walks a process's page
tables to give ``smaps_rollup`` (5.7 ms for a process of 1 GiB), so at a fixed
20 ms the readings of a 100,000-article build's processes took most of a core
of the two the build was timed on, and a tenth as much at 10,000 articles: the
measure slowed the large build more than the small one."""


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed run of one command."""

    seconds: float
    peak_bytes: int
    ok: bool
    error: str = ""
    """The last lines of stderr (or why it could not start) when not ``ok``."""
    peak_pss_bytes: int = 0
    """The peak of the tree's summed proportional set size (see the module's text)."""
    peak_parts: str = ""
    """Who held that peak: each process's PSS in the sample where the sum peaked,
    the command first, then its descendants by name (``python 407 MiB``). A
    sum alone cannot say whether a target needs a smaller build or fewer
    copies in its workers."""


def run_measured(argv: Sequence[str], cwd: Path) -> Sample:
    """Run ``argv`` in ``cwd`` to completion, from a small helper process."""
    helper = [sys.executable, str(Path(__file__).resolve()), "--cwd", str(cwd), "--", *argv]
    done = subprocess.run(helper, capture_output=True, text=True, check=False)
    try:
        return Sample(**json.loads(done.stdout))
    except (json.JSONDecodeError, TypeError):
        return Sample(0.0, 0, False, f"measuring failed: {done.stderr.strip()[-500:]}")


def measure_here(argv: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> Sample:
    """Run ``argv`` in ``cwd`` to completion as a child of this process; stdout is discarded."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        try:
            process = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=None if env is None else dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        except OSError as error:
            return Sample(0.0, 0, False, f"cannot start {argv[0]}: {error}")
        sampler = _TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        peak = max(usage.ru_maxrss * 1024, sampler.peak_bytes)
        pss, parts = sampler.peak_pss_bytes, _parts_text(sampler.peak_parts)
        if process.returncode == 0:
            return Sample(seconds, peak, True, peak_pss_bytes=pss, peak_parts=parts)
        stderr.seek(0)
        error = _tail(stderr.read(), process.returncode)
        return Sample(seconds, peak, False, error, pss, parts)


def _tail(data: bytes, returncode: int, lines: int = 6) -> str:
    text = data.decode("utf-8", "replace").strip().splitlines()[-lines:]
    return "\n".join([f"exit status {returncode}", *text])


class _TreeSampler:
    """Polls the summed RSS and PSS of a process and its descendants until stopped."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_bytes = 0
        self.peak_pss_bytes = 0
        self.peak_parts: list[tuple[str, int]] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._done.is_set():
            started = time.perf_counter()
            rss, pss, parts = _tree_memory(self.root)
            self.peak_bytes = max(self.peak_bytes, rss)
            if pss > self.peak_pss_bytes:
                self.peak_pss_bytes, self.peak_parts = pss, parts
            took = time.perf_counter() - started
            self._done.wait(max(_SAMPLE_SECONDS, took * (1 / _SAMPLER_SHARE - 1)))


def _tree_memory(root: int) -> tuple[int, int, list[tuple[str, int]]]:
    """Summed resident and proportional memory of ``root`` and every live
    descendant, in bytes, and each one's name and proportional memory (``root``
    named ``command``); a child that shares its parent's memory (``vfork``)
    counted once, as its parent."""
    total, proportional = 0, 0
    parts: list[tuple[str, int]] = []
    pending: list[tuple[int, int | None]] = [(root, None)]
    while pending:
        pid, parent = pending.pop()
        try:
            if parent is None or not _same_memory(pid, parent):
                name = "command" if parent is None else _name(pid)
                with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                    total += int(statm.read().split()[1]) * _PAGE_SIZE
                pss = _pss(pid)
                proportional += pss
                parts.append((name, pss))
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                    pending.extend((int(child), pid) for child in children.read().split())
        except (OSError, ValueError, IndexError):
            continue  # the process ended between two reads
    return total, proportional, parts


def _name(pid: int) -> str:
    """The process's command name as the kernel keeps it (``python``, ``pagefind``)."""
    with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
        return comm.read().strip() or "?"


def _parts_text(parts: Sequence[tuple[str, int]]) -> str:
    """``command 686 + python 407 + python 407 + pagefind 76 MiB``; empty for none."""
    if not parts:
        return ""
    ordered = [parts[0], *sorted(parts[1:], key=lambda part: -part[1])]
    return " + ".join(f"{name} {size / 2**20:.0f}" for name, size in ordered) + " MiB"


_KCMP = {"x86_64": 312, "aarch64": 272}
"""The ``kcmp`` system call's number, by machine."""
_KCMP_VM = 1


def _same_memory(pid: int, other: int) -> bool:
    """Whether two processes share one memory map (``kcmp``); False where that
    cannot be known (another machine, no permission)."""
    syscall = _syscall()
    number = _KCMP.get(platform.machine())
    if syscall is None or number is None:
        return False
    return int(syscall(number, pid, other, _KCMP_VM, 0, 0)) == 0


@functools.cache
def _syscall() -> ctypes._NamedFuncPointer | None:
    try:
        return ctypes.CDLL(None, use_errno=True).syscall
    except (OSError, AttributeError):
        return None


def _pss(pid: int) -> int:
    """The proportional set size of ``pid`` in bytes; 0 where ``smaps_rollup`` is
    missing (kernels before 4.14) or unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def main() -> int:
    """``measure.py --cwd DIR -- ARGV...``: print the ``Sample`` of one run as JSON."""
    parser = argparse.ArgumentParser(description="Time one command and its peak memory.")
    parser.add_argument("--cwd", type=Path, default=Path.cwd())
    parser.add_argument("argv", nargs="+")
    args = parser.parse_args()
    sample = measure_here(args.argv, args.cwd)
    print(json.dumps(dataclasses.asdict(sample)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
