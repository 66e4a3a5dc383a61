"""What a Dask cluster does for a cold build, measured here and estimated at archive scale.

Writes the corpus of ``corpus.py`` at ``BENCH_N`` articles (default 1000) and,
``BENCH_REPEAT`` times (default 3), builds it cold three ways: ``--jobs 1``,
``--jobs 2`` and ``--executor`` on a ``distributed.LocalCluster`` of two worker
processes (one thread each) on this machine; the three outputs must be
byte-identical. Then it measures, in this process:

- each map stage's cost per article (front matter, bodies, pages with
  minification, the search index), run one item batch at a time through the
  executor interface with the recipes a cluster worker gets;
- what the build does besides the map stages (reading, the site model, feeds,
  writing), per article: the part no cluster spreads;
- the size of the state each worker receives once (the site model for pages);
- Dask's cost per task: many no-op tasks at once (the scheduler's throughput)
  and one at a time (a round trip).

From those it estimates the cold build of 300,000 articles on 1, 8 and 32
workers and writes the lot into ``benchmarks/RESULTS.md``. Sites go under
``benchmarks/work/cluster/``.
"""

from __future__ import annotations

import filecmp
import math
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import distributed
from corpus import generate_corpus
from report import replace_marked_section
from sites import write_sitegen_site

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "benchmarks" / "work" / "cluster"
RESULTS = REPO / "benchmarks" / "RESULTS.md"
sys.path.insert(0, str(REPO))

from sitegen.build import build  # noqa: E402
from sitegen.executors.dask import batch_size  # noqa: E402
from sitegen.executors.recipes import COSTS  # noqa: E402
from sitegen.options import BuildOptions  # noqa: E402

ARCHIVE = 300_000
WORKERS = (1, 8, 32)
BANDWIDTH = 1e9
"""Bytes per second from the client to the workers (a 10 Gbit/s network, roughly)."""
STAGES = {
    "parse_front_matter_chunk": "front matter",
    "_body_chunk": "bodies",
    "_render_page_chunk": "pages",
    "index_records_chunk": "search",
}


@dataclass
class StageTimes:
    """Seconds and items per map stage, the recipe each sent, and how long it took
    to build on a worker."""

    seconds: dict[str, float] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    recipe_bytes: dict[str, int] = field(default_factory=dict)
    recipe_build: dict[str, float] = field(default_factory=dict)


class TimingExecutor:
    """A cluster as seen by the build (state by recipe), but in this process,
    one stage at a time: each stage's time is its own, not shared with another."""

    remote = True

    def __init__(self) -> None:
        self.times = StageTimes()
        self.lock = threading.Lock()  # search indexing runs beside pages

    def map(
        self,
        fn: Callable[[Any, Sequence[Any]], list[Any]],
        state: object,
        items: Sequence[Any],
        recipe: Callable[[], Any],
        cost: float,
        fork: bool = True,
    ) -> Iterator[Any]:
        stage = STAGES[fn.__name__]
        with self.lock:
            data = pickle.dumps(recipe(), protocol=5)
            started = time.perf_counter()
            live = pickle.loads(data).build()
            built = time.perf_counter() - started
            started = time.perf_counter()
            results = fn(live, items) if items else []
            elapsed = time.perf_counter() - started
        times = self.times
        times.seconds[stage] = times.seconds.get(stage, 0.0) + elapsed
        times.items[stage] = times.items.get(stage, 0) + len(items)
        times.recipe_bytes[stage] = max(times.recipe_bytes.get(stage, 0), len(data))
        times.recipe_build[stage] = max(times.recipe_build.get(stage, 0.0), built)
        return iter(results)


def cold_build(site: Path, out: Path, flags: Sequence[str]) -> float:
    """Wall seconds of one build with no cache and no output."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.with_name(out.name + "-cache"), ignore_errors=True)
    command = [sys.executable, "-m", "sitegen", "build", str(site), "-o", str(out)]
    command += ["--cache-dir", str(out.with_name(out.name + "-cache")), *flags]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(flags)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    if files != sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file()):
        return False
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)


def task_overhead(client: distributed.Client) -> tuple[float, float]:
    """(seconds per task with many in flight, seconds for one task's round trip)."""

    def noop() -> None:
        return None

    client.gather([client.submit(noop, pure=False) for _ in range(50)])  # warm up
    many = 500
    started = time.perf_counter()
    client.gather([client.submit(noop, pure=False) for _ in range(many)])
    throughput = (time.perf_counter() - started) / many
    trips = []
    for _ in range(30):
        started = time.perf_counter()
        client.submit(noop, pure=False).result()
        trips.append(time.perf_counter() - started)
    return throughput, statistics.median(trips)


def stage_costs(site: Path) -> tuple[StageTimes, float]:
    """Each map stage's time in one cold build, and the build's total wall time."""
    timing = TimingExecutor()
    out = WORK / "timed"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(WORK / "timed-cache", ignore_errors=True)
    options = BuildOptions(
        site_dir=site,
        output_dir=out,
        now=datetime(2027, 1, 1, tzinfo=UTC),
        jobs=1,
        cache_dir=WORK / "timed-cache",
    )
    started = time.perf_counter()
    build(options, executor=timing)
    return timing.times, time.perf_counter() - started


@dataclass(frozen=True, slots=True)
class Estimate:
    workers: int
    seconds: float
    parts: dict[str, float]


def estimate(
    n: int, times: StageTimes, total: float, overhead: float, trip: float, workers: int
) -> Estimate:
    """The cold build of ``ARCHIVE`` articles on ``workers`` single-threaded workers.

    Each map stage: its work spread over the workers, or the scheduler's cost
    for its batches if that is larger, plus one batch's time (the last one, and
    a round trip). The rest of the build grows with the article count on the
    client. The pages state (the site model, ~linear in articles) goes to each
    worker over the client's link and is unpickled there once.
    """
    per_article = {s: times.seconds[s] / n for s in times.seconds if s != "search"}
    parts: dict[str, float] = {}
    for stage, cost in per_article.items():
        size = batch_size(ARCHIVE, cost, overhead, workers)
        batches = math.ceil(ARCHIVE / size)
        work = ARCHIVE * cost / workers
        parts[stage] = max(work, batches * overhead) + size * cost + trip
    # One Pagefind run indexes every article (a cold build's base): one worker's work.
    parts["search"] = times.seconds.get("search", 0.0) / n * ARCHIVE + trip
    mapped = sum(times.seconds.values())
    built = sum(times.recipe_build.values())
    parts["client (not spread)"] = (total - mapped - built) / n * ARCHIVE
    recipe = times.recipe_bytes.get("pages", 0) / n * ARCHIVE
    parts["state to workers"] = recipe * workers / BANDWIDTH + (
        times.recipe_build.get("pages", 0.0) / n * ARCHIVE
    )
    return Estimate(workers, sum(parts.values()), parts)


def main() -> int:
    n = int(os.environ.get("BENCH_N", "1000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    site = WORK / f"n{n}" / "site"
    shutil.rmtree(site.parent, ignore_errors=True)
    write_sitegen_site(generate_corpus(n, 1), site)
    os.environ["SOURCE_DATE_EPOCH"] = "1798761600"  # the three builds share one clock
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    client = distributed.Client(cluster, set_as_default=False)
    try:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        rows = {
            "--jobs 1": ["--jobs", "1"],
            "--jobs 2": ["--jobs", "2"],
            "--executor (LocalCluster, 2 workers)": ["--executor", address],
        }
        samples: dict[str, list[float]] = {label: [] for label in rows}
        for _ in range(repeat):
            for number, (label, flags) in enumerate(rows.items()):
                samples[label].append(cold_build(site, WORK / f"out{number}", flags))
                print(f"{label}: {samples[label][-1]:.2f} s", flush=True)
        identical = same_tree(WORK / "out0", WORK / "out2") and same_tree(
            WORK / "out0", WORK / "out1"
        )
        overhead, trip = task_overhead(client)
    finally:
        client.close()
        cluster.close()
    times, total = stage_costs(site)
    estimates = [estimate(n, times, total, overhead, trip, w) for w in WORKERS]
    section = report(n, repeat, samples, identical, overhead, trip, times, total, estimates)
    print(section)
    replace_marked_section(RESULTS, "cluster", section)
    return 0 if identical else 1


def report(
    n: int,
    repeat: int,
    samples: dict[str, list[float]],
    identical: bool,
    overhead: float,
    trip: float,
    times: StageTimes,
    total: float,
    estimates: list[Estimate],
) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    cores = os.cpu_count() or 1
    lines = [
        "<!-- cluster -->",
        "## Building on a Dask cluster (`cluster.py`)",
        "",
        f"Command: `BENCH_N={n} BENCH_REPEAT={repeat} .venv/bin/python benchmarks/cluster.py` "
        f"(also run by `make bench`), {when}, {cores} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end. Cold builds (no cache, no output), median of "
        f"{repeat}; the cluster is a `LocalCluster` of 2 worker processes on this machine. "
        f"Outputs byte-identical: {'yes' if identical else 'NO'}.",
        "",
        "| build | median | range |",
        "| --- | ---: | ---: |",
    ]
    for label, values in samples.items():
        lines.append(
            f"| {label} | {statistics.median(values):.2f} s | "
            f"{min(values):.2f} to {max(values):.2f} s |"
        )
    lines += [
        "",
        f"Dask's cost per task: {overhead * 1000:.2f} ms with many in flight (the "
        f"scheduler's throughput), {trip * 1000:.2f} ms for one round trip. Batches are "
        "sized so that scheduling is at most 2% of a batch (`executors/dask.py`, "
        "`batch_size`), at most about 1 s of work, and 4 per worker thread when a stage is "
        "small.",
        "",
        f"Per article, measured in one cold build of {n} articles in one process "
        f"({total:.2f} s in all), each stage alone:",
        "",
        "| stage | per article | hint in `recipes.COSTS` | state sent once per worker |",
        "| --- | ---: | ---: | ---: |",
    ]
    for stage in ("front matter", "bodies", "pages", "search"):
        if stage not in times.seconds:
            continue
        cost = times.seconds[stage] / max(1, n)
        size = times.recipe_bytes.get(stage, 0)
        built = times.recipe_build.get(stage, 0.0)
        hint = f"{COSTS[stage] * 1000:.3f} ms" if stage != "search" else "one task"
        lines.append(
            f"| {stage} | {cost * 1000:.3f} ms | {hint} | "
            f"{size / 1e6:.2f} MB, built in {built * 1000:.0f} ms |"
        )
    mapped = sum(times.seconds.values()) + sum(times.recipe_build.values())
    rest = (total - mapped) / n * 1000
    lines += [
        "",
        f"Not spread (reading, the site model, related lists, images and social cards, "
        f"feeds, sitemaps, writing): {rest:.3f} ms per article.",
        "",
        f"### Estimate: a cold build of {ARCHIVE:,} articles",
        "",
        "On paper, from the figures above, assuming every cost grows linearly with the "
        "article count, single-threaded workers as fast as this machine's cores, and "
        f"{BANDWIDTH / 1e9:g} GB/s from the client to the workers. A map stage takes its work "
        "over the workers or its batches' scheduling, whichever is longer, plus its last "
        "batch; search is one Pagefind run over every article (a cold build's base index), "
        "on one worker; the pages state (the site model) goes to every worker.",
        "",
        "| workers | total | " + " | ".join(estimates[0].parts) + " |",
        "| ---: | ---: | " + " | ".join("---:" for _ in estimates[0].parts) + " |",
    ]
    for e in estimates:
        parts = " | ".join(f"{v / 60:.1f} min" for v in e.parts.values())
        lines.append(f"| {e.workers} | {e.seconds / 60:.1f} min | {parts} |")
    lines += [
        "",
        "The part the cluster does not spread (reading files, the site model, images and "
        "social cards, feeds, writing: all in the client) bounds what more workers can "
        "give, and the site model sent whole to every worker grows with the archive: "
        "those are the next things to move to, or cut for, the workers.",
        "<!-- /cluster -->",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
