"""What social cards cost a build: the same corpus with ``social_cards`` on and off.

Writes the corpus of ``corpus.py`` (no article has an image, so each one gets
a card) at each size of ``BENCH_CARDS_N`` (default "200 1000") and builds it
``BENCH_REPEAT`` times (default 3) per setting, in turns: cold (no cache, no
output), then warm (one article's body edited, everything else cached). Reports
the median wall time and the CPU time of the build and its workers (which a
busy machine inflates less), prints them and writes them into
``benchmarks/RESULTS.md``. Sites go under ``benchmarks/work/cards/``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import generate_corpus
from report import replace_marked_section
from sites import write_sitegen_site

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "cards"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
JOBS = os.cpu_count() or 1


def timed_build(site: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the build's process and its workers) of one build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "sitegen", "build", str(site), "-o", str(out)]
    command += ["--cache-dir", str(cache), "--jobs", str(JOBS)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"sitegen build failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def one_round(site: Path, cards: bool) -> dict[str, tuple[float, float]]:
    """Cold then warm build of ``site`` with cards on or off."""
    config = site / "site.yaml"
    base = config.read_text(encoding="utf-8").replace("social_cards: false\n", "")
    config.write_text(base + ("" if cards else "social_cards: false\n"), encoding="utf-8")
    out, cache = site.parent / "out", site.parent / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cold = timed_build(site, out, cache)
    edited = sorted((site / "content").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    warm = timed_build(site, out, cache)
    return {"cold": cold, "warm": warm}


def measure(size: int, repeat: int) -> list[str]:
    site = WORK / f"n{size}" / "site"
    shutil.rmtree(site.parent, ignore_errors=True)
    write_sitegen_site(generate_corpus(size, 1), site)
    runs: dict[tuple[bool, str], list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for cards in (False, True):
            for kind, sample in one_round(site, cards).items():
                runs.setdefault((cards, kind), []).append(sample)
    lines = []
    for kind in ("cold", "warm"):
        off, on = runs[(False, kind)], runs[(True, kind)]
        wall_off, wall_on = (statistics.median(w for w, _ in r) for r in (off, on))
        cpu_off, cpu_on = (statistics.median(c for _, c in r) for r in (off, on))
        lines.append(
            f"{size:,} articles, {kind}: cards off {wall_off:.2f} s ({cpu_off:.2f} s CPU), "
            f"on {wall_on:.2f} s ({cpu_on:.2f} s CPU): cards add {wall_on - wall_off:+.2f} s, "
            f"{cpu_on - cpu_off:+.2f} s CPU"
        )
    return lines


def write_results(lines: list[str], sizes: str, repeat: int) -> None:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    command = (
        f'BENCH_CARDS_N="{sizes}" BENCH_REPEAT={repeat} .venv/bin/python benchmarks/card_cost.py'
    )
    section = "\n".join(
        [
            "<!-- cards -->",
            "## Social cards: what they add to a build (`card_cost.py`)",
            "",
            f"Command: `{command}` (also run by `make bench`), {when}, `--jobs {JOBS}`, "
            f"load average {load:.1f} at the end. Medians; no article has an image, so "
            "every article gets a card.",
            "",
            *(f"- {line}" for line in lines),
            "<!-- /cards -->",
            "",
        ]
    )
    replace_marked_section(RESULTS, "cards", section)


def main() -> int:
    sizes = os.environ.get("BENCH_CARDS_N", "200 1000")
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    lines = []
    for size in (int(s) for s in sizes.split()):
        for line in measure(size, repeat):
            print(line, flush=True)
            lines.append(line)
    write_results(lines, sizes, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
