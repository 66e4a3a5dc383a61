"""What ranking "You may also like" by text costs, on a blog without tags.

Takes the articles of ``corpus.py`` (~900 words each) with their tags left out,
so that every related list needs text, for each size of ``BENCH_TEXT_SIZES``
(default ``200,1000,10000``), ``BENCH_REPEAT`` rounds (default 3), and times,
each in a fresh interpreter:

- import: numpy and bm25s' stop word lists, what the first text ranking pays;
- cold: every related list of the site ranked, words counted from scratch;
- edit: the same after one article's body changed, the other articles' word
  counts read from the cache (what a rebuild after an edit pays);
- a cold build (``sitegen build --jobs 2``, no cache) of the same tagless
  site at ``BUILD_SIZES``, and, when ``BENCH_TEXT_BASE`` names the folder of
  another sitegen checkout (one that ranks without text), the same build by it.

The ranked texts are the corpus' title, summary and body markdown (the build
ranks the rendered text, which is the same words without the markup). Prints a
table and writes it into ``benchmarks/RESULTS.md`` between
``<!-- related-text -->`` markers. Sites are written under ``benchmarks/work/``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from corpus import CorpusArticle, generate_corpus
from sites import write_sitegen_site

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work" / "related-text"
BUILD_SIZES = (200,)


def texts(size: int) -> dict[str, str]:
    """Slug → title, summary and body, as ``assemble.related_texts`` joins them."""
    found = {}
    for a in generate_corpus(size):
        body = [a.opening, *(p for _, ps in a.sections for p in ps), a.callout.inner]
        body += [f"{q}\n{answer}" for q, answer in a.faq] + [a.closing]
        found[a.slug] = f"{a.title}\n{a.summary}\n" + "\n\n".join(body)
    return found


def child(size: int, mode: str) -> float:
    """One timed step, in this (fresh) interpreter; returns seconds."""
    sys.path.insert(0, str(REPO))
    if mode == "import":
        started = time.perf_counter()
        import bm25s.stopwords  # noqa: F401
        import numpy  # noqa: F401

        return time.perf_counter() - started
    from sitegen.incremental.store import FILE_NAME, Store
    from sitegen.incremental.tables import Slot
    from sitegen.site.related import RelatedInput, rank_related
    from sitegen.site.remembered import WordCounts
    from sitegen.site.textrank import TextNeighbours

    documents = texts(size)
    items = [
        RelatedInput(slug, slug, float(i), (), None) for i, slug in enumerate(sorted(documents))
    ]
    cache = Path(tempfile.mkdtemp(dir=WORK))
    store = Store(cache / FILE_NAME)
    words = WordCounts(Slot(store, "words"))
    try:
        if mode == "edit":  # the build before the edit leaves every count in the cache
            TextNeighbours(documents, "en", words).similar(items[0].key, 1, ())
            first = items[0].key
            documents[first] += "\n\nA paragraph added to one article about drought."
        started = time.perf_counter()
        text = TextNeighbours(documents, "en", words)
        ranked = rank_related(items, 4, text)
        elapsed = time.perf_counter() - started
    finally:
        store.close()
        shutil.rmtree(cache)
    assert all(len(found) == 4 for found in ranked.values())
    return elapsed


def timed(size: int, mode: str) -> float:
    run = subprocess.run(
        [sys.executable, __file__, "--child", str(size), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
    )
    return float(run.stdout.strip())


def build_seconds(articles: tuple[CorpusArticle, ...], code: Path) -> float:
    """A cold build of ``articles`` without their tags by the sitegen in ``code``."""
    site = WORK / f"site-{len(articles)}"
    shutil.rmtree(site, ignore_errors=True)
    write_sitegen_site(tuple(dataclasses.replace(a, tags=()) for a in articles), site)
    out = site.parent / (site.name + "-out")
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "sitegen", "build", str(site), "-o", str(out), "--jobs", "2"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=code, env=env)
    elapsed = time.perf_counter() - started
    shutil.rmtree(site)
    shutil.rmtree(out)
    return elapsed


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_TEXT_SIZES", "200,1000,10000").split(",")]
    repeat = int(os.environ.get("BENCH_REPEAT", "3"))
    WORK.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    rows = []
    for size in sizes:
        samples: dict[str, list[float]] = {"import": [], "cold": [], "edit": []}
        for _ in range(repeat):
            for mode, found in samples.items():
                found.append(timed(size, mode))
        row = [f"{size:,}"] + [f"{statistics.median(v):.2f} s" for v in samples.values()]
        base = os.environ.get("BENCH_TEXT_BASE")
        for code in (REPO, Path(base) if base else None):
            if size in BUILD_SIZES and code is not None:
                articles = generate_corpus(size)
                found = [build_seconds(articles, code) for _ in range(repeat)]
                row.append(f"{statistics.median(found):.2f} s")
            else:
                row.append("")
        print(" | ".join(row), flush=True)
        rows.append(row)
    write_results(rows, repeat, load, os.getloadavg()[0])
    return 0


def write_results(rows: list[list[str]], repeat: int, start: float, end: float) -> None:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "<!-- related-text -->",
        '## "You may also like" by text (`related_text.py`)',
        "",
        f"Command: `.venv/bin/python benchmarks/related_text.py`, {when}, median of {repeat}"
        f" (load average {start:.1f} at the start, {end:.1f} at the end). The corpus'"
        " articles without their tags, so every list needs text; import is numpy and the"
        " stop word lists in a fresh interpreter; cold ranks every list with no word cache;"
        " edit ranks every list again after one body edit, the other counts cached;"
        " the builds are of the same tagless site, by this sitegen and by one that"
        " ranks without text (`BENCH_TEXT_BASE`). The corpus draws its sentences from"
        " ~200 words, so the words an article's query keeps are in many articles: a"
        " worst case for scoring (most real blogs have far rarer telling words).",
        "",
        "| articles | import | cold ranking (import included) | ranking after an edit"
        " | cold build | cold build without text ranking |",
        "|---:|---:|---:|---:|---:|---:|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "<!-- /related-text -->",
    ]
    results = HERE / "RESULTS.md"
    text = results.read_text(encoding="utf-8")
    section = "\n".join(lines)
    if "<!-- related-text -->" in text:
        before, rest = text.split("<!-- related-text -->", 1)
        after = rest.split("<!-- /related-text -->", 1)[1]
        text = before + section + after
    else:
        marker = "<!-- Everything below is written by benchmarks/run.py"
        text = text.replace(marker, section + "\n\n" + marker, 1)
    results.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(f"{child(int(sys.argv[2]), sys.argv[3]):.4f}")
        sys.exit(0)
    sys.exit(main())
