"""Turn timed samples into the markdown tables of ``benchmarks/RESULTS.md``.

Takes the rows (label + samples) and page inventories of one run; returns
nothing, but rewrites the run's ``BENCH_N`` section of RESULTS.md, keeping the
hand-written header above the marker and the sections of other sizes, so a
1,000-article run and a 10,000-article run sit side by side.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from measure import Sample

MARKER = "<!-- Everything below is written by benchmarks/run.py: one section per BENCH_N. -->"
_SECTION = re.compile(r"<!-- bench n=(\d+) -->\n.*?<!-- /bench -->\n", re.DOTALL)
_FEEDS = ("feed.xml", "feed.json")
TIMES = "\N{MULTIPLICATION SIGN}"


@dataclass(frozen=True, slots=True)
class Row:
    """One scenario and its samples, one per round."""

    label: str
    samples: tuple[Sample, ...]

    @property
    def ok(self) -> tuple[Sample, ...]:
        """The samples that succeeded."""
        return tuple(s for s in self.samples if s.ok)

    @property
    def median(self) -> float | None:
        """Median wall time of the successful runs; None when every run failed."""
        return statistics.median(s.seconds for s in self.ok) if self.ok else None


TOOLS = ("sitegen", "hugo", "pelican", "floor")
"""The rows ``BENCH_TOOLS`` chooses among, in the order each round runs them."""


@dataclass(frozen=True, slots=True)
class Setup:
    """What the run was asked to do and what it ran on."""

    n: int
    repeat: int
    seed: int
    jobs: int
    versions: dict[str, str]
    load: tuple[float, float] = (0.0, 0.0)
    """1-minute load average at the start and at the end: other work skews timings."""
    tools: tuple[str, ...] = TOOLS
    """The rows run (``BENCH_TOOLS``)."""


@dataclass(frozen=True, slots=True)
class Inventory:
    """The files one generator wrote, to show the three page sets match."""

    generator: str
    paths: frozenset[str]
    size: int

    @property
    def html(self) -> int:
        """HTML pages written."""
        return sum(1 for p in self.paths if p.endswith(".html"))

    @property
    def feeds(self) -> int:
        """Atom and JSON feeds written."""
        return sum(1 for p in self.paths if p.rsplit("/", 1)[-1] in _FEEDS)


def inventory(generator: str, output: Path) -> Inventory:
    """Every file under ``output`` (none when the generator never succeeded)."""
    paths, size = [], 0
    for folder, _, names in os.walk(output):
        for name in names:
            path = Path(folder) / name
            paths.append(path.relative_to(output).as_posix())
            size += path.stat().st_size
    return Inventory(generator, frozenset(paths), size)


def write_results(path: Path, setup: Setup, rows: list[Row], pages: list[Inventory]) -> Path:
    """Replace this size's section of ``path`` with the tables of this run."""
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{MARKER}\n"
    if MARKER not in text:
        text = text.rstrip("\n") + f"\n\n{MARKER}\n"
    header, _, generated = text.partition(MARKER)
    sections = {int(m.group(1)): m.group(0) for m in _SECTION.finditer(generated)}
    sections[setup.n] = render_section(setup, rows, pages)
    body = "\n".join(sections[n] for n in sorted(sections))
    path.write_text(f"{header}{MARKER}\n\n{body}", encoding="utf-8")
    return path


def render_section(setup: Setup, rows: list[Row], pages: list[Inventory]) -> str:
    """One size's tables, between the markers ``write_results`` looks for."""
    lines = [
        f"<!-- bench n={setup.n} -->",
        f"## {setup.n:,} articles",
        "",
        f"Command: `BENCH_N={setup.n} BENCH_REPEAT={setup.repeat}{_tools_variable(setup)}"
        " make bench` "
        f"(seed {setup.seed}, `--jobs {setup.jobs}` for sitegen and the floor).",
        "",
        _machine_line(setup),
        "",
        *_timing_table(rows),
        "",
        *_peak_parts(rows),
        *_page_table(pages),
        *_failures(rows),
        "<!-- /bench -->",
        "",
    ]
    return "\n".join(lines)


def _tools_variable(setup: Setup) -> str:
    """`` BENCH_TOOLS=...`` when the run left a tool out, else nothing."""
    if setup.tools == TOOLS:
        return ""
    return f' BENCH_TOOLS="{" ".join(setup.tools)}"'


def _machine_line(setup: Setup) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in setup.versions.items())
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{_cpu_name()}, {os.cpu_count()} cores, {platform.system()}"
    load = f"load average {setup.load[0]:.1f} at the start, {setup.load[1]:.1f} at the end"
    return f"Run {when} on {machine} ({load}): {versions}."


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _timing_table(rows: list[Row]) -> list[str]:
    hugo = next((r.median for r in rows if r.label.startswith("Hugo")), None)
    floor = next((r.median for r in rows if r.label.startswith("floor: yaml")), None)
    lines = [
        f"| run | median | min-max | peak memory (RSS) | peak PSS | {TIMES} Hugo | {TIMES} floor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row.median is None:
            lines.append(f"| {row.label} | failed | | | | | |")
            continue
        times = [s.seconds for s in row.ok]
        peak = max(s.peak_bytes for s in row.ok) / 2**20
        pss = max(s.peak_pss_bytes for s in row.ok) / 2**20
        failed = len(row.samples) - len(row.ok)
        note = f" ({failed} of {len(row.samples)} failed)" if failed else ""
        lines.append(
            f"| {row.label}{note} | {row.median:.2f} s | {min(times):.2f}-{max(times):.2f} s"
            f" | {peak:.0f} MiB | {pss:.0f} MiB | {_ratio(row.median, hugo)}"
            f" | {_ratio(row.median, floor)} |"
        )
    return lines


def _peak_parts(rows: list[Row]) -> list[str]:
    """Each run's peak PSS by process, from its round with the largest peak: the
    command itself, then its workers and helpers, largest first."""
    lines = []
    for row in rows:
        top = max(row.ok, key=lambda s: s.peak_pss_bytes, default=None)
        if top is not None and top.peak_parts:
            lines.append(f"- {row.label}: {top.peak_parts}")
    return ["Peak PSS by process:", "", *lines, ""] if lines else []


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.1f}{TIMES}" if base else ""


def _page_table(pages: list[Inventory]) -> list[str]:
    hugo = next((p for p in pages if p.generator.startswith("Hugo")), None)
    lines = [
        "| site written by | HTML pages | feeds | files | size | not in Hugo's / missing |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in pages:
        diff = ""
        if hugo is not None and page is not hugo and page.paths:
            extra, missing = page.paths - hugo.paths, hugo.paths - page.paths
            diff = f"{len(extra)}{_examples(extra)} / {len(missing)}{_examples(missing)}"
        lines.append(
            f"| {page.generator} | {page.html} | {page.feeds} | {len(page.paths)}"
            f" | {page.size / 2**20:.1f} MiB | {diff} |"
        )
    return lines


def _examples(paths: frozenset[str]) -> str:
    shown = sorted(paths)[:3]
    return f" (e.g. {', '.join(f'`{p}`' for p in shown)})" if shown else ""


def _failures(rows: list[Row]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        errors = sorted({s.error for s in row.samples if not s.ok})
        for error in errors:
            lines += ["", f"**{row.label}** failed:", "", "```", error, "```"]
    return lines


def replace_marked_section(path: Path, name: str, section: str) -> None:
    """Put ``section`` (which opens with ``<!-- name -->`` and closes with
    ``<!-- /name -->``) in RESULTS.md in place of its last version; a first one
    goes above the sections run.py writes. Shared by the smaller benchmarks."""
    marked = re.compile(rf"<!-- {name} -->.*?<!-- /{name} -->\n", re.DOTALL)
    text = path.read_text(encoding="utf-8")
    if marked.search(text):
        text = marked.sub(lambda _: section, text)
    else:
        head, mark, tail = text.partition(MARKER.split(":")[0])
        text = f"{head}{section}\n{mark}{tail}" if mark else f"{text}\n{section}"
    path.write_text(text, encoding="utf-8")
