"""Where a cold build of a small site goes: start-up, worker pools, Pagefind, the rest.

A cold build (no cache, no output) of 200 or 1,000 articles should take no
longer than Hugo plus Pagefind over Hugo's output: the same work, since
sitegen indexes with Pagefind as it builds. This script times, at each size
of ``BENCH_STARTUP_N`` (default "200 1000") and over ``BENCH_REPEAT`` rounds
(default 3, every row once per round, in turns):

- the interpreter alone, and the interpreter plus ``import sitegen.cli``;
- one worker pool: ``parallel_map`` of a task that does nothing, in an
  interpreter that has imported sitegen (fork, start, one task per worker,
  shut down), times the pools a cold build opens (counted in a real build);
- Pagefind's start: ``pagefind_extended --service`` from spawn to its answer
  to a first message;
- sitegen cold (``--jobs`` every core), wall and CPU (the build and its
  workers, which a busy machine inflates less), and the rest: cold minus
  import, pools and Pagefind's start;
- Hugo alone (the ``run.py`` setup) and Pagefind alone over Hugo's output
  (``pagefind_extended --site``).

With ``BENCH_STARTUP_BASE`` naming the folder of another sitegen checkout, the
sitegen rows are also run with that code (``PYTHONPATH``), in the same rounds,
as "before". Prints each figure and writes a section into ``RESULTS.md``.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from corpus import generate_corpus
from report import TIMES, replace_marked_section
from run import WORK, ensure_tools
from sites import write_sites

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
JOBS = os.cpu_count() or 1

_POOL = """
import time, sys
import sitegen.cli
from sitegen.workers import parallel_map

def nothing(state, chunk):
    return list(chunk)

items = list(range(8 * {jobs}))
parallel_map(nothing, None, items, {jobs})  # the first fork pays for page faults once
started = time.perf_counter()
parallel_map(nothing, None, items, {jobs})
print(time.perf_counter() - started)
"""

_PAGEFIND = """
import time
started = time.perf_counter()
from sitegen.post.search import _PagefindService, _executable
service = _PagefindService(_executable())
service.send({"type": "NewIndex", "config": {"force_language": "en"}})
print(time.perf_counter() - started)
service.close()
"""

_POOLS = """
import json, sys
from concurrent.futures import ProcessPoolExecutor
import sitegen.workers

opened = []

class Counted(ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        opened.append(1)
        super().__init__(*args, **kwargs)

sitegen.workers.ProcessPoolExecutor = Counted
from sitegen.cli import main
status = main(sys.argv[1:])
print(json.dumps(len(opened)), file=sys.stderr)
"""


@dataclass(frozen=True, slots=True)
class Timed:
    """Wall and CPU seconds of one run (CPU: the process and the children it waited for)."""

    wall: float
    cpu: float


@dataclass(frozen=True, slots=True)
class Code:
    """One sitegen to time: its label and the environment that imports it."""

    label: str
    root: Path
    """The checkout: the working directory of its runs, so ``-c`` and ``-m`` import it."""
    env: Mapping[str, str]


def run(argv: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> Timed:
    """Run ``argv`` to completion; raise with its stderr when it fails."""
    with open(os.devnull, "wb") as null:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=None if env is None else dict(env),
            stdout=null,
            stderr=subprocess.PIPE,
        )
        _, stderr = process.communicate()
        wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return Timed(wall, 0.0)


def run_cpu(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Timed:
    """Like ``run``, with the CPU time of the process tree from ``wait4``."""
    with open(os.devnull, "wb") as null:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv), cwd=cwd, env=dict(env), stdout=null, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed with status {process.returncode}")
    return Timed(wall, usage.ru_utime + usage.ru_stime)


def printed_seconds(snippet: str, code: Code) -> float:
    """Run a snippet that prints the seconds it measured itself."""
    done = subprocess.run(
        [sys.executable, "-c", snippet],
        cwd=code.root,
        capture_output=True,
        text=True,
        env=dict(code.env),
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def pools_opened(code: Code, site: Path, out: Path, cache: Path) -> int:
    """How many worker pools a cold build of ``site`` opens."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    argv = ["build", str(site), "-o", str(out), "--cache-dir", str(cache), "--jobs", str(JOBS)]
    done = subprocess.run(
        [sys.executable, "-c", _POOLS, *argv],
        cwd=code.root,
        capture_output=True,
        text=True,
        env=dict(code.env),
        check=True,
    )
    return int(done.stderr.strip().splitlines()[-1])


def measure(size: int, repeat: int, codes: Sequence[Code]) -> list[str]:
    """Every row at one size; returns the section's lines for it."""
    tools = ensure_tools(WORK / "tools")
    if tools.hugo is None:
        raise RuntimeError(f"Hugo is not installed: {tools.error}")
    sites = write_sites(generate_corpus(size, 1), WORK / f"startup-n{size}")
    hugo_out, hugo_cache = WORK / "startup-out" / "hugo", WORK / "startup-hugo-cache"
    out, cache = WORK / "startup-out" / "sitegen", WORK / "startup-cache"
    pagefind = str(_pagefind_binary())
    hugo = [str(tools.hugo), "--quiet", "--gc=false", "--minify"]
    hugo += ["--destination", str(hugo_out), "--cacheDir", str(hugo_cache)]
    cold = ["-m", "sitegen", "build", str(sites.sitegen), "-o", str(out)]
    cold += ["--cache-dir", str(cache), "--jobs", str(JOBS)]
    pools = {c.label: pools_opened(c, sites.sitegen, out, cache) for c in codes}

    samples: dict[str, list[float]] = {}

    def add(label: str, value: float) -> None:
        samples.setdefault(label, []).append(value)

    def clean(*paths: Path) -> None:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)

    rows: list[tuple[str, Callable[[], None]]] = []
    for c in codes:

        def sitegen_rows(c: Code = c) -> None:
            add(f"{c.label}: interpreter", run([sys.executable, "-c", "pass"], c.root, c.env).wall)
            add(
                f"{c.label}: import",
                run([sys.executable, "-c", "import sitegen.cli"], c.root, c.env).wall,
            )
            add(f"{c.label}: pool", printed_seconds(_POOL.format(jobs=JOBS), c))
            add(f"{c.label}: pagefind start", printed_seconds(_PAGEFIND, c))
            clean(out, cache)
            timed = run_cpu([sys.executable, *cold], c.root, c.env)
            add(f"{c.label}: cold", timed.wall)
            add(f"{c.label}: cold CPU", timed.cpu)

        rows.append((c.label, sitegen_rows))

    def hugo_rows() -> None:
        clean(hugo_out, hugo_cache)
        add("hugo", run(hugo, sites.hugo).wall)
        add("pagefind", run([pagefind, "--site", str(hugo_out), "--quiet"], sites.hugo).wall)

    rows.append(("hugo", hugo_rows))
    for round_ in range(repeat):
        for label, row in rows:
            row()
            print(f"{size} articles, round {round_ + 1}/{repeat}: {label} done", flush=True)
    median = {label: statistics.median(values) for label, values in samples.items()}
    spread = {label: (min(v), max(v)) for label, v in samples.items()}
    return _lines(size, codes, pools, median, spread)


def _lines(
    size: int,
    codes: Sequence[Code],
    pools: Mapping[str, int],
    median: Mapping[str, float],
    spread: Mapping[str, tuple[float, float]],
) -> list[str]:
    hugo, pagefind = median["hugo"], median["pagefind"]
    both = hugo + pagefind

    def cell(label: str) -> str:
        low, high = spread[label]
        return f"{median[label]:.3f} s ({low:.3f}-{high:.3f})"

    lines = [
        f"### {size:,} articles",
        "",
        "| part | " + " | ".join(c.label for c in codes) + " |",
        "|---|" + "---:|" * len(codes),
    ]
    parts: list[tuple[str, Callable[[str], str]]] = [
        ("interpreter alone", lambda c: cell(f"{c}: interpreter")),
        ("interpreter + `import sitegen.cli`", lambda c: cell(f"{c}: import")),
        ("one worker pool (fork, start, stop)", lambda c: cell(f"{c}: pool")),
        ("pools a cold build opens", lambda c: str(pools[c])),
        ("Pagefind's start (spawn to first answer)", lambda c: cell(f"{c}: pagefind start")),
        ("**sitegen cold**", lambda c: f"**{cell(f'{c}: cold')}**"),
        ("sitegen cold, CPU of the build and its workers", lambda c: cell(f"{c}: cold CPU")),
        ("the rest (cold - import - pools - Pagefind's start)", _rest(median, pools)),
        (f"cold {TIMES} Hugo", lambda c: f"{median[f'{c}: cold'] / hugo:.2f}{TIMES}"),
        (f"cold {TIMES} (Hugo + Pagefind)", lambda c: f"{median[f'{c}: cold'] / both:.2f}{TIMES}"),
    ]
    lines.extend(f"| {name} | " + " | ".join(f(c.label) for c in codes) + " |" for name, f in parts)
    lines += [
        "",
        f"Hugo alone {cell('hugo')}; Pagefind alone over Hugo's output {cell('pagefind')};"
        f" Hugo + Pagefind {both:.3f} s.",
        "",
    ]
    return lines


def _rest(median: Mapping[str, float], pools: Mapping[str, int]) -> Callable[[str], str]:
    def rest(c: str) -> str:
        spent = median[f"{c}: import"] + pools[c] * median[f"{c}: pool"]
        spent += median[f"{c}: pagefind start"]
        return f"{median[f'{c}: cold'] - spent:.3f} s"

    return rest


def _pagefind_binary() -> Path:
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise RuntimeError("no Pagefind binary: install 'pagefind[extended]'")
    return Path(found)


def describe(root: Path) -> str:
    """The commit a checkout is at, or "" when it is no git checkout."""
    done = subprocess.run(
        ["git", "-C", str(root), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else ""


def write_results(
    lines: list[str], sizes: str, repeat: int, load: tuple[float, float], base: str | None
) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = (
        f'BENCH_STARTUP_N="{sizes}" BENCH_REPEAT={repeat} .venv/bin/python benchmarks/startup.py'
    )
    compared = ""
    if base is not None:
        command = f"BENCH_STARTUP_BASE=DIR {command}"
        before = describe(Path(base)) or "the checkout in DIR"
        compared = f" Before: {before}; after: {describe(ROOT) or 'this checkout'}."
    section = "\n".join(
        [
            "<!-- startup -->",
            "## A cold build's parts against Hugo + Pagefind (`startup.py`)",
            "",
            f"Command: `{command}` (also run by `make bench`), {when}, `--jobs {JOBS}`, load"
            f" average {load[0]:.1f} at the start, {load[1]:.1f} at the end. Medians"
            " (min-max) over the rounds; every row runs once per round, in turns." + compared,
            "",
            *lines,
            "<!-- /startup -->",
            "",
        ]
    )
    replace_marked_section(RESULTS, "startup", section)


def main() -> int:
    sizes = os.environ.get("BENCH_STARTUP_N", "200 1000")
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    here = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    base = os.environ.get("BENCH_STARTUP_BASE")
    codes = [Code("after" if base else "sitegen", ROOT, {**here, "PYTHONPATH": str(ROOT)})]
    if base:
        root = Path(base).resolve()
        codes.insert(0, Code("before", root, {**here, "PYTHONPATH": str(root)}))
    WORK.mkdir(parents=True, exist_ok=True)
    start = os.getloadavg()[0]
    lines: list[str] = []
    for size in (int(s) for s in sizes.split()):
        found = measure(size, repeat, codes)
        print("\n".join(found), flush=True)
        lines.extend(found)
    write_results(lines, sizes, repeat, (start, os.getloadavg()[0]), base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
