"""Building on a Dask cluster (``--executor dask://HOST:PORT``): the same bytes as
``--jobs 1``, a worker killed mid-build, a scheduler that is not there or goes
away, and a clear line when Dask is not installed.

One ``LocalCluster`` (two worker processes) serves the module; builds run as
separate processes, as a user runs them, so the cluster sees a real client.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import article, run_sitegen, write_files

distributed = pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parent.parent
CLOCK = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01: every example article is out
WAIT = 120.0
"""Seconds a test waits for a condition before it fails."""


class Cluster:
    """The module's cluster: its ``dask://`` address and a client to watch it."""

    def __init__(self, cluster: distributed.LocalCluster) -> None:
        self.cluster = cluster
        self.address = cluster.scheduler_address.replace("tcp://", "dask://")
        self.client = distributed.Client(cluster, set_as_default=False)

    def worker_pids(self) -> dict[str, int]:
        return dict(self.client.run(os.getpid))

    def wait_for_sitegen_tasks(self, prefix: str = "sitegen-") -> str:
        """The address of a worker running one of sitegen's tasks, once one does."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for worker, keys in self.client.processing().items():
                if any(str(key).startswith(prefix) for key in keys):
                    return str(worker)
            time.sleep(0.005)
        raise AssertionError("no sitegen task reached the cluster")


def start_cluster() -> distributed.LocalCluster:
    return distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """Two worker processes, one thread each, for the whole module."""
    local = start_cluster()
    watched = Cluster(local)
    try:
        yield watched
    finally:
        watched.client.close()
        local.close()


def sitegen(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``sitegen ARGS`` in a process of its own, with the fixed clock."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        env={**os.environ, **CLOCK, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def start_sitegen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", *args],
        env={**os.environ, **CLOCK},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root``: relative path → bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def example_site(root: Path) -> Path:
    """The repository's example site (content, layouts, site.yaml), copied."""
    site = root / "example"
    for name in ("content", "layouts"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy2(REPO / "site.yaml", site / "site.yaml")
    return site


def generated_site(root: Path, count: int = 300) -> Path:
    """``count`` articles with tags, sections, shortcodes, links between them and aliases."""
    files: dict[str, str] = {
        "site.yaml": 'title: "Many"\nbase_url: "https://example.org/"\npaginate: 10\n',
        "layouts/shortcodes/box.html": '<aside class="box">{{ args.label }}: {{ inner }}</aside>\n',
    }
    for n in range(count):
        body = (
            f"Paragraph {n} about *item {n}* and [the previous one](a{max(n - 1, 0)}.md).\n\n"
            f'{{{{< box label="note {n}" >}}}}Boxed **{n}**{{{{< /box >}}}}\n\n'
            f'{{{{< callout type="note" title="Why {n}" >}}}}Because {n % 7}.'
            "{{< /callout >}}\n\n"
            f"## Part {n % 5}\n\n- one\n- two {n}\n"
        )
        files[f"content/a{n}.md"] = article(
            f"Article {n}",
            f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            body,
            tags=f"[t{n % 13}, t{n % 5}]",
            section=f"s{n % 3}",
            aliases=f"[/old/{n}/]" if n % 50 == 0 else "[]",
        )
    return write_files(root / "generated", files)


def build_both(site: Path, tmp: Path, address: str, *flags: str) -> tuple[Path, Path]:
    """Build ``site`` with ``--jobs 1`` and on the cluster; returns both outputs."""
    one, many = tmp / "one", tmp / "many"
    local = sitegen(
        "build", str(site), "-o", str(one), "--jobs", "1", "--cache-dir", str(tmp / "c1")
    )
    assert local.returncode == 0, local.stderr
    remote = sitegen(
        "build", str(site), "-o", str(many), "--cache-dir", str(tmp / "c2"), "--executor", address
    )
    assert remote.returncode == 0, remote.stderr
    assert remote.stderr == local.stderr  # the same warnings, in the same words
    return one, many


def test_example_site_on_a_cluster_is_byte_identical_to_one_job(
    cluster: Cluster, tmp_path: Path
) -> None:
    one, many = build_both(example_site(tmp_path), tmp_path, cluster.address)
    assert tree(many) == tree(one)


def test_generated_site_on_a_cluster_is_byte_identical_to_one_job_cold_and_warm(
    cluster: Cluster, tmp_path: Path
) -> None:
    site = generated_site(tmp_path)
    one, many = build_both(site, tmp_path, cluster.address)
    assert len(list(one.rglob("*.html"))) > 300
    assert tree(many) == tree(one)
    # An edit: the cluster gets only what the cache (kept by this process) misses.
    edited = site / "content" / "a7.md"
    edited.write_text(edited.read_text().replace("Paragraph 7", "Paragraph seven"))
    one, many = build_both(site, tmp_path, cluster.address)
    pages = tree(many)
    assert any(b"Paragraph seven" in data for path, data in pages.items() if path.endswith(".html"))
    assert pages == tree(one)


def test_template_errors_on_a_cluster_name_the_same_file_and_line(
    cluster: Cluster, tmp_path: Path
) -> None:
    site = write_files(
        tmp_path / "site",
        {
            "site.yaml": 'title: "T"\n',
            "layouts/shortcodes/bad.html": "<b>\n{{ no_such_value.x }}</b>\n",
            **{f"content/a{n}.md": article(f"A {n}", body="{{< bad x=1 >}}") for n in range(40)},
        },
    )
    local = sitegen("build", str(site), "--jobs", "1")
    remote = sitegen("build", str(site), "--executor", cluster.address)
    assert local.returncode == remote.returncode == 1
    assert "layouts/shortcodes/bad.html:2:" in local.stderr
    assert remote.stderr == local.stderr


def test_check_on_a_cluster_reports_what_check_reports_locally(
    cluster: Cluster, tmp_path: Path
) -> None:
    site = write_files(
        tmp_path / "site",
        {
            "site.yaml": 'title: "T"\n',
            "content/a.md": article("A", body="[gone](missing.md) and [b](b.md#nowhere)"),
            "content/b.md": article("B"),
        },
    )
    local = sitegen("check", str(site))
    remote = sitegen("check", str(site), "--executor", cluster.address)
    assert local.returncode == remote.returncode == 1
    assert "content/a.md:" in local.stderr
    assert (remote.stdout, remote.stderr) == (local.stdout, local.stderr)


class InProcessCluster:
    """A cluster as the build sees one (its state built from a pickled recipe, each
    batch's results pickled back, yielded as they come), run in this process.

    ``staging``, when given, is counted each time a batch of pages is made: how
    many pages the build had staged by then."""

    remote = True

    def __init__(self, staging: Path | None = None, batch: int = 10) -> None:
        self.staging = staging
        self.batch = batch
        self.staged_at_batch: list[int] = []

    def map(
        self,
        fn: Callable[[Any, Sequence[Any]], list[Any]],
        state: object,
        items: Sequence[Any],
        recipe: Callable[[], Any],
        cost: float,
        fork: bool = True,
        started: Callable[[], None] | None = None,
        share: bool = False,
    ) -> Iterator[Any]:
        if started is not None:
            started()
        live = pickle.loads(pickle.dumps(recipe())).build()
        for start in range(0, len(items), self.batch):
            if self.staging is not None and fn.__name__ == "_render_page_chunk":
                self.staged_at_batch.append(len(os.listdir(self.staging)))
            yield from pickle.loads(pickle.dumps(fn(live, items[start : start + self.batch])))


def test_pages_from_a_cluster_are_staged_here_as_they_come_back(tmp_path: Path) -> None:
    from sitegen.build import build, prepare
    from sitegen.errors import Problems
    from sitegen.incremental.engine import Engine
    from sitegen.model import StagedFile
    from sitegen.options import BuildOptions

    site = generated_site(tmp_path, 60)
    now = datetime(2027, 1, 1, tzinfo=UTC)

    def options(name: str, jobs: int = 1) -> BuildOptions:
        out, cache = tmp_path / name, tmp_path / f"{name}-cache"
        return BuildOptions(site_dir=site, output_dir=out, now=now, jobs=jobs, cache_dir=cache)

    with Engine(options("many")) as engine:
        staging = engine.stage()
        assert staging is not None
        cluster = InProcessCluster(staging)
        prepared = prepare(options("many"), Problems(), engine, executor=cluster)
        pages = [f for f in prepared.files if f.path.endswith(".html")]
        assert len(pages) > 60
        assert all(isinstance(f, StagedFile) for f in pages)  # the build holds no page
        first, *later = cluster.staged_at_batch
        assert [n - first for n in later] == [10 * (k + 1) for k in range(len(later))]
    build(options("one"))
    build(options("many"), executor=InProcessCluster())
    assert tree(tmp_path / "many") == tree(tmp_path / "one")


def test_a_worker_killed_mid_build_changes_nothing(cluster: Cluster, tmp_path: Path) -> None:
    site = generated_site(tmp_path)
    reference = tmp_path / "one"
    done = sitegen("build", str(site), "-o", str(reference), "--jobs", "1")
    assert done.returncode == 0, done.stderr
    pids = cluster.worker_pids()
    out = tmp_path / "many"
    build = start_sitegen("build", str(site), "-o", str(out), "--executor", cluster.address)
    try:
        victim = cluster.wait_for_sitegen_tasks()
        os.kill(pids[victim], signal.SIGKILL)
    finally:
        _, stderr = build.communicate(timeout=WAIT)
    assert build.returncode == 0, stderr
    assert tree(out) == tree(reference)
    cluster.client.wait_for_workers(2, timeout=WAIT)  # the nanny restarts it, for the next test


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_scheduler_is_one_line_and_leaves_the_output(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    out = write_files(tmp_path / "out", {"index.html": "as it was"})
    address = f"dask://127.0.0.1:{free_port()}"
    done = sitegen("build", str(site), "-o", str(out), "--executor", address + "?timeout=2")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [done.stderr.strip()]
    assert done.stderr.startswith(
        f"sitegen: cannot reach the Dask scheduler at {address} within 2 s"
    )
    assert tree(out) == {"index.html": b"as it was"}


def test_the_timeout_comes_from_the_flag_or_the_address(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    address = f"dask://127.0.0.1:{free_port()}"
    by_flag = sitegen("build", str(site), "--executor", address, "--executor-timeout", "1.5")
    by_query = sitegen("build", str(site), "--executor", address + "?timeout=1.5")
    for done in (by_flag, by_query):
        assert done.returncode == 1
        assert "within 1.5 s" in done.stderr


def test_a_scheduler_lost_mid_build_is_one_line_and_leaves_the_output(tmp_path: Path) -> None:
    site = generated_site(tmp_path)
    out = write_files(tmp_path / "out", {"index.html": "as it was"})
    local = start_cluster()
    watched = Cluster(local)
    try:
        build = start_sitegen(
            "build", str(site), "-o", str(out), "--executor", watched.address + "?timeout=3"
        )
        watched.wait_for_sitegen_tasks()
        watched.client.close()
        local.close()
        _, stderr = build.communicate(timeout=WAIT)
    finally:
        local.close()
    assert build.returncode == 1
    assert stderr.splitlines() == [stderr.strip()]
    assert stderr.startswith(f"sitegen: lost the Dask scheduler at {watched.address}")
    assert tree(out) == {"index.html": b"as it was"}


def test_asking_for_dask_without_it_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "sitegen.executors.dask", raising=False)
    done = run_sitegen("build", str(site), "--executor", "dask://127.0.0.1:8786")
    assert done.code == 1
    assert done.errors == [
        "sitegen: --executor dask://127.0.0.1:8786 needs Dask: pip install 'sitegen[dask]'"
    ]
    assert not (site / "output").exists()


def test_a_worker_with_another_sitegen_is_refused(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sitegen.executors import dask as executor

    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    monkeypatch.setattr(executor, "__version__", "0.0.0-other")
    done = run_sitegen("build", str(site), "--executor", cluster.address)
    assert done.code == 1
    assert len(done.errors) == 1
    assert "runs sitegen" in done.errors[0]
    assert "this is sitegen 0.0.0-other" in done.errors[0]
    assert "install the same sitegen on every worker" in done.errors[0]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("dusk://h:1", "expected 'local' or 'dask://HOST:PORT'"),
        ("dask://h", "give the scheduler's port"),
        ("dask://h:1?retries=2", "unknown parameter 'retries'"),
        ("dask://h:1?timeout=0", "timeout must be a positive number of seconds"),
    ],
)
def test_a_malformed_executor_is_a_usage_error(
    given: str, message: str, make_site: Callable[..., Path]
) -> None:
    site = make_site({"content/a.md": article("A")})
    done = run_sitegen("build", str(site), "--executor", given)
    assert done.code == 2
    assert message in done.err


def test_the_executor_can_come_from_the_environment(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    address = f"dask://127.0.0.1:{free_port()}?timeout=1"
    done = sitegen("build", str(site), env={"SITEGEN_EXECUTOR": address})
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler" in done.stderr


def test_a_local_build_never_imports_dask(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {"content/a.md": article("A")})
    probe = (
        "import sys; from sitegen.cli import main; code = main(['build', sys.argv[1]]); "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')); "
        "print(code, loaded)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(site)],
        env={**os.environ, **CLOCK},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
