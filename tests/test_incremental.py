"""Cached and incremental builds give the bytes of a clean build, whatever changed."""

from __future__ import annotations

import ast
import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import article, run_sitegen, write_files
from tests.searchable import searchable

TAGS = ["nato", "grain", "ports", "energy", "water"]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build(site: Path, out: Path, *flags: str) -> None:
    result = run_sitegen("build", str(site), "-o", str(out), *flags)
    assert result.code == 0, result.err


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    build(site, out, "--jobs", "1", "--cache-dir", str(tmp / "clean-cache"))
    shutil.rmtree(tmp / "clean-cache")
    return tree(out)


def age(site: Path, seconds: int = 3600) -> int:
    """Date the site's files back: a file changed within the last moments is never
    trusted by its times alone (see ``deps.py``). Returns the time set, in ns."""
    then = time.time_ns() - seconds * 1_000_000_000
    for path in site.rglob("*"):
        if path.is_file() and ".sitegen-cache" not in path.parts:
            os.utime(path, ns=(then, then))
    return then


def start_site(root: Path, count: int = 4, summaries: bool = False) -> Path:
    """``count`` (at most 5) tagged articles; with ``summaries``, each body opens
    with a summary paragraph of its own."""
    files = {
        "site.yaml": "title: Desk\npaginate: 2\n",
        **{
            f"content/a{i}.md": article(
                f"Article {i}",
                f"2025-0{i + 1}-01",
                tags=f"[{TAGS[i]}, {TAGS[i - 1]}]",
                body=f"Summary {i}.\n\nBody {i}." if summaries else f"Body {i}.",
            )
            for i in range(count)
        },
    }
    return write_files(root / "site", files)


edits = st.lists(
    st.tuples(
        st.sampled_from(["body", "title", "tags", "date", "delete", "add", "template"]),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=4,
)


def apply(site: Path, kind: str, n: int) -> None:
    existing = sorted((site / "content").glob("*.md"))
    target = existing[n % len(existing)] if existing else None
    if kind == "add" or target is None:
        (site / f"content/new{n}.md").write_text(
            article(f"New {n}", "2025-06-0" + str(n % 9 + 1), tags=f"[{TAGS[n % 5]}]")
        )
    elif kind == "delete" and len(existing) > 1:
        target.unlink()
    elif kind == "body":
        target.write_text(target.read_text() + f"\nMore text {n}.\n")
    elif kind == "title":
        target.write_text(target.read_text().replace("title: '", f"title: 'Retitled {n} ", 1))
    elif kind == "tags":
        text = target.read_text()
        start = text.index("tags:")
        end = text.index("\n", start)
        target.write_text(text[:start] + f"tags: [{TAGS[n % 5]}]" + text[end:])
    elif kind == "newtag":  # a tag no other article has, beside one they share
        text = target.read_text()
        start = text.index("tags:")
        end = text.index("\n", start)
        target.write_text(text[:start] + f"tags: [{TAGS[n % 5]}, Fresh {n}]" + text[end:])
    elif kind == "summary":
        lines = [x for x in target.read_text().split("\n") if not x.startswith("summary:")]
        lines.insert(1, f"summary: A summary of its own {n}.")
        target.write_text("\n".join(lines))
    elif kind == "date":
        text = target.read_text()
        start = text.index("date:")
        end = text.index("\n", start)
        target.write_text(text[:start] + f"date: 2024-1{n % 3}-0{n % 9 + 1}" + text[end:])
    elif kind == "template":
        layouts = site / "layouts/partials"
        layouts.mkdir(parents=True, exist_ok=True)
        (layouts / "footer.html").write_text(f"<footer><p>Edition {n}</p></footer>\n")


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits)
def test_incremental_builds_match_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]
) -> None:
    tmp = tmp_path_factory.mktemp("inc")
    site = start_site(tmp)
    out = tmp / "out"
    build(site, out, "--jobs", "1")
    for kind, n in steps:
        apply(site, kind, n)
        build(site, out, "--jobs", "1")
        # pagefind/ keeps a base index plus a delta: compared by what a search finds
        assert searchable(tree(out)) == searchable(clean_build(site, tmp))


def test_jobs_do_not_change_the_bytes(tmp_path: Path) -> None:
    site = start_site(tmp_path)
    for i in range(4, 30):
        (site / f"content/b{i}.md").write_text(
            article(f"Extra {i}", f"2024-01-{i - 3:02d}", tags=f"[{TAGS[i % 5]}]")
        )
    build(site, tmp_path / "one", "--jobs", "1", "--cache-dir", str(tmp_path / "c1"))
    build(site, tmp_path / "four", "--jobs", "4", "--cache-dir", str(tmp_path / "c4"))
    assert tree(tmp_path / "one") == tree(tmp_path / "four")


@pytest.mark.parametrize("damage", [b"", b"SQLite format 3\x00garbage", b"not a cache at all"])
def test_a_damaged_cache_is_ignored_and_the_output_is_still_right(
    tmp_path: Path, damage: bytes
) -> None:
    site = start_site(tmp_path)
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", "--cache-dir", str(cache))
    for path in cache.rglob("*"):
        if path.is_file():
            path.write_bytes(damage)
    result = run_sitegen(
        "build", str(site), "-o", str(tmp_path / "second"), "--cache-dir", str(cache)
    )
    assert result.code == 0
    assert tree(tmp_path / "second") == tree(tmp_path / "first")
    if damage:
        assert "sitegen: warning: cache" in result.err


def test_a_rebuild_with_nothing_changed_touches_nothing(tmp_path: Path) -> None:
    site = start_site(tmp_path)
    age(site)
    build(site, tmp_path / "out")

    def mtimes() -> dict[str, int]:
        roots = (tmp_path / "out", site / ".sitegen-cache")
        return {str(p): p.stat().st_mtime_ns for root in roots for p in root.rglob("*")}

    before = mtimes()
    result = run_sitegen("build", str(site), "-o", str(tmp_path / "out"))
    assert "(0 files written" in result.out
    assert mtimes() == before  # neither the output nor the cache was written


def test_a_build_with_nothing_to_do_loads_no_stage_and_no_model(tmp_path: Path) -> None:
    """The command line answers "nothing changed" from the engine's stamp, the
    inputs and the output alone: importing the pipeline, or only the model's
    dataclasses, would cost that answer a large part of its time."""
    site = start_site(tmp_path)
    age(site)
    build(site, tmp_path / "out")
    probe = (
        "import sys; from sitegen.cli import main; "
        "code = main(['build', sys.argv[1], '-o', sys.argv[2]]); "
        "print(code, sorted(m for m in sys.modules if m.startswith('sitegen.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(site), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "(0 files written" in done.stdout, done.stderr
    code, loaded = done.stdout.splitlines()[-1].split(" ", 1)
    assert code == "0"
    stages = ("content", "markdown", "site", "images", "render", "post", "build", "model")
    assert not [m for m in ast.literal_eval(loaded) if m.split(".")[1] in stages]


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("change", ["edited in place", "stray file"])
def test_a_build_checking_its_output_aside_still_sees_a_hand_made_change(
    tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing changed, a large site's output is checked partly by a forked
    process (``TreeCheck``): a file edited in place in either part, or a file
    added, still makes the build put the output back as a clean build's."""
    from sitegen.incremental import engine

    monkeypatch.setattr(engine, "ASIDE_FROM", 0)
    site = start_site(tmp_path)
    age(site)
    out = tmp_path / "out"
    build(site, out, "--jobs", "2")
    nothing = run_sitegen("build", str(site), "-o", str(out), "--jobs", "2")
    assert "(0 files written" in nothing.out
    clean = tree(out)
    if change == "stray file":
        (out / "articles/a1/stray.html").write_text("<p>Not of this site.</p>")
    else:
        for page in (out / "index.html", max(out.rglob("*.html"))):  # the first part, the latter
            with open(page, "r+b") as handle:
                handle.write(b"X")  # the same size, the same file
    rebuilt = run_sitegen("build", str(site), "-o", str(out), "--jobs", "2")
    assert rebuilt.code == 0
    assert tree(out) == clean  # the stray file removed, the edited pages written again


def test_a_future_article_goes_live_when_the_clock_passes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = start_site(tmp_path)
    (site / "content/later.md").write_text(article("Later", "2030-01-01"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build(site, tmp_path / "out")
    assert not (tmp_path / "out/articles/later/index.html").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1924992000")  # 2031-01-01
    build(site, tmp_path / "out")
    assert (tmp_path / "out/articles/later/index.html").exists()


@pytest.mark.parametrize("path", ["articles/a1/index.html", "pagefind/pagefind-entry.json"])
def test_a_deleted_output_file_is_rebuilt_even_when_no_input_changed(
    tmp_path: Path, path: str
) -> None:
    site = start_site(tmp_path)
    build(site, tmp_path / "out")
    expected = tree(tmp_path / "out")
    (tmp_path / "out" / path).unlink()
    build(site, tmp_path / "out")
    assert tree(tmp_path / "out") == expected


def test_a_file_deleted_from_the_output_is_rebuilt_with_an_edit_elsewhere(
    tmp_path: Path,
) -> None:
    site = start_site(tmp_path)
    build(site, tmp_path / "out")
    (tmp_path / "out/pagefind/pagefind-entry.json").unlink()
    (tmp_path / "out/articles/a1/index.html").unlink()
    apply(site, "body", 1)
    build(site, tmp_path / "out")
    # pagefind/ keeps a base index plus a delta: compared by what a search finds
    assert searchable(tree(tmp_path / "out")) == searchable(clean_build(site, tmp_path))


def test_a_file_or_link_added_to_the_output_goes_even_when_no_input_changed(
    tmp_path: Path,
) -> None:
    site = start_site(tmp_path)
    age(site)
    out = tmp_path / "out"
    build(site, out)
    expected = tree(out)
    (out / "articles/stray.txt").write_text("left by hand")
    (out / "loop").symlink_to(out, target_is_directory=True)
    build(site, out)
    assert tree(out) == expected
    assert not (out / "loop").is_symlink()


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize("change", ["edited in place", "added", "deleted", "replaced"])
def test_a_change_by_hand_to_the_output_is_put_right_when_no_input_changed(
    tmp_path: Path, change: str
) -> None:
    site = start_site(tmp_path)
    age(site)
    out = tmp_path / "out"
    build(site, out)
    expected = tree(out)
    page = out / "articles/a1/index.html"
    if change == "edited in place":
        with open(page, "r+b") as handle:
            handle.write(b"X")  # the same size
    elif change == "added":
        (out / "articles/a1/notes.html").write_text("left by hand")
    elif change == "deleted":
        page.unlink()
    else:
        page.with_name("new.html").write_bytes(page.read_bytes().replace(b"<", b"&", 1))
        page.with_name("new.html").replace(page)
    build(site, out)
    assert tree(out) == expected


READER_SITE = {
    "site.yaml": (
        "title: Desk\npaginate: 1\ndescription: First line\n"
        "authors:\n  ana: {name: Ana, image: /static/ana.svg}\n"
    ),
    "content/new.md": article("Newest", "2025-06-01", section="World", author="ana"),
    "content/econ.md": article("Rates", "2025-05-01", section="Economy", author="ana"),
    "content/old.md": article("Old rates", "2025-01-01", section="Economy"),
    "content/far.md": article("Far away", "2024-01-01", section="World"),
}

READER_EDITS = {
    # An article shown on the front page only in its section's block.
    "retitle a section block story": (
        "content/old.md",
        "'Old rates'",
        "'Older rates'",
        "index.html",
    ),
    "move a story to another section": (
        "content/far.md",
        "section: World",
        "section: Health",
        "index.html",
    ),
    "add a correction": (
        "content/new.md",
        "author: ana\n",
        "author: ana\ncorrections: [{date: 2025-06-02, text: Fixed.}]\n",
        "articles/new/index.html",
    ),
    "change an author's portrait": (
        "site.yaml",
        "/static/ana.svg",
        "/static/ana-2024.svg",
        "articles/econ/index.html",
    ),
    "change the tagline": ("site.yaml", "First line", "Second line", "index.html"),
}
"""Edit → (file, text before, text after, a page that must change)."""


@pytest.mark.parametrize("edit", sorted(READER_EDITS))
def test_what_the_reader_pages_show_is_rebuilt_when_it_changes(tmp_path: Path, edit: str) -> None:
    site = write_files(tmp_path / "site", READER_SITE)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    before = tree(out)
    name, old, new, shown = READER_EDITS[edit]
    path = site / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    build(site, out, "--jobs", "1")
    after = tree(out)
    assert after[shown] != before[shown]
    # pagefind/ keeps a base index plus a delta: compared by what a search finds
    assert searchable(after) == searchable(clean_build(site, tmp_path))


def short_way_site(root: Path) -> Path:
    """Related lists off, so no list reads text: a body edit may take the short way."""
    site = start_site(root, count=5, summaries=True)
    (site / "site.yaml").write_text("title: Desk\npaginate: 2\nrelated: {count: 0}\n")
    return site


def patched_articles(site: Path, out: Path) -> set[str]:
    """The articles the last CLI builds patched into the remembered site (the short way)."""
    import sqlite3

    from sitegen.digests import digest
    from sitegen.incremental import codec

    name = "site-edits:last:" + digest(str(out.absolute()))
    with contextlib.closing(sqlite3.connect(site / ".sitegen-cache/store.sqlite")) as db:
        row = db.execute("SELECT value FROM record WHERE name = ?", (name,)).fetchone()
    return set(codec.loads(row[0])) if row else set()


def test_a_body_edit_takes_the_short_way_from_disk(tmp_path: Path) -> None:
    site = short_way_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    target = site / "content/a2.md"
    target.write_text(target.read_text() + "\nA new closing line.\n")
    build(site, out, "--jobs", "1")
    assert patched_articles(site, out) == {"content/a2.md"}
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable
    assert "A new closing line." in (out / "articles/a2/index.html").read_text()
    text = target.read_text()
    target.write_text(
        text[: text.index("date:")]
        + "date: 2024-02-02"
        + text[text.index("\n", text.index("date:")) :]
    )
    build(site, out, "--jobs", "1")  # the article moved in every listing: every stage runs
    assert patched_articles(site, out) == set()
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


@pytest.mark.usefixtures("settled")
def test_a_body_edit_built_from_another_folder_finds_what_the_last_build_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sitegen build .`` in the site, then ``sitegen build /path/to/site`` after
    an edit: the files the last build copied (the social cards drawn into the
    cache, the static files) are found where they are, not looked for under the
    folder the second command ran in."""
    from sitegen.incremental import engine

    monkeypatch.setattr(engine, "ASIDE_FROM", 0)  # the copies' sources asked aside too
    site = short_way_site(tmp_path)
    age(site)
    out = tmp_path / "out"
    monkeypatch.chdir(site)
    build(Path("."), out, "--jobs", "2")
    edit_body(site, "a2", "A new closing line.")
    monkeypatch.chdir(tmp_path)
    build(site, out, "--jobs", "2")
    assert patched_articles(site, out) == {"content/a2.md"}
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))
    assert "A new closing line." in (out / "articles/a2/index.html").read_text()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_page_changed_by_hand_is_put_right_by_a_body_edit_elsewhere(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = built_checking_aside(tmp_path, jobs, monkeypatch)
    page = out / "articles/a1/index.html"
    with open(page, "r+b") as handle:
        handle.write(b"X")  # the same size, the same file
    target = site / "content/a2.md"
    target.write_text(target.read_text() + "\nA new closing line.\n")
    build(site, out, "--jobs", jobs)
    clean = clean_build(site, tmp_path)
    assert page.read_bytes() == clean["articles/a1/index.html"]
    assert searchable(tree(out)) == searchable(clean)  # see searchable


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_copied_files_changed_by_hand_are_put_right_by_a_body_edit_elsewhere(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer takes the check of kept files for the copies too (social cards,
    theme files): a copy edited in place or deleted is not in what it trusts."""
    site, out = built_checking_aside(tmp_path, jobs, monkeypatch)
    card = next((out / "static/img").glob("a1-card-*.png"))
    with open(card, "r+b") as handle:
        handle.write(b"X")  # the same size, the same file
    (out / "static/favicon.svg").unlink()
    target = site / "content/a2.md"
    target.write_text(target.read_text() + "\nA new closing line.\n")
    build(site, out, "--jobs", jobs)
    assert patched_articles(site, out) == {"content/a2.md"}  # the short way, not the whole
    clean = clean_build(site, tmp_path)
    assert card.read_bytes() == clean[card.relative_to(out).as_posix()]
    assert searchable(tree(out)) == searchable(clean)  # see searchable


def built_checking_aside(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """The short way's site, built once into ``out``; with two jobs, its kept files
    are checked aside (by a forked process) as on a large site."""
    from sitegen.incremental import engine

    monkeypatch.setattr(engine, "ASIDE_FROM", 0)
    site = short_way_site(tmp_path)
    age(site)
    out = tmp_path / "out"
    build(site, out, "--jobs", jobs)
    return site, out


def edit_body(site: Path, name: str, line: str) -> None:
    target = site / f"content/{name}.md"
    target.write_text(target.read_text() + f"\n{line}\n")


@pytest.mark.usefixtures("settled")
@pytest.mark.parametrize(
    ("jobs", "sent"), [("1", 1000), ("2", 1000), ("2", 0)], ids=["here", "aside", "aside-all"]
)
def test_a_file_put_in_the_spare_tree_by_hand_stays_out_of_the_output(
    tmp_path: Path, jobs: str, sent: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer may take the times of the spare's folders from the check aside:
    a folder changed by hand since the last build is still listed and pruned,
    and nothing put there reaches the output. The check sends the times that
    differ from the record, or all of them past ``TIMES_SENT``."""
    from sitegen.incremental import engine

    monkeypatch.setattr(engine, "TIMES_SENT", sent)
    site, out = built_checking_aside(tmp_path, jobs, monkeypatch)
    edit_body(site, "a2", "A new closing line.")
    build(site, out, "--jobs", jobs)  # the first output is now the spare, and recorded
    (spare,) = (site / ".sitegen-cache/outputs").glob("*.previous")
    (spare / "articles/a1/stray.html").write_text("<p>Not of this site.</p>")
    (spare / "articles/a1/index.html").unlink()
    edit_body(site, "a3", "Another closing line.")
    build(site, out, "--jobs", jobs)
    assert patched_articles(site, out) == {"content/a2.md", "content/a3.md"}  # the short way
    assert not (out / "articles/a1/stray.html").exists()
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_copy_whose_source_changed_is_copied_again_by_a_body_edit_elsewhere(
    tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer may take a copy's key from the check aside, which asks each
    source: one changed since the last build (here a social card in the image
    cache) is copied again."""
    site, out = built_checking_aside(tmp_path, jobs, monkeypatch)
    card = next((out / "static/img").glob("a1-card-*.png"))
    cache = site / ".sitegen-cache"
    (source,) = (
        path
        for path in cache.rglob("*.png")
        if "outputs" not in path.relative_to(cache).parts and path.read_bytes() == card.read_bytes()
    )
    source.write_bytes(card.read_bytes() + b"\0")  # another size, another time
    edit_body(site, "a2", "A new closing line.")
    build(site, out, "--jobs", jobs)
    assert patched_articles(site, out) == {"content/a2.md"}  # the short way, not the whole
    assert card.read_bytes() == source.read_bytes()


def test_a_tags_edit_takes_the_short_way_from_disk(tmp_path: Path) -> None:
    site = short_way_site(tmp_path)
    (site / "site.yaml").write_text("title: Desk\npaginate: 2\nrelated: {count: 1}\n")
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    target = site / "content/a2.md"
    text = target.read_text().replace("tags: [ports, grain]", "tags: [ports, Fresh Crops]")
    target.write_text(text.replace("Summary 2.", "A new summary.", 1))
    build(site, out, "--jobs", "1")
    assert patched_articles(site, out) == {"content/a2.md"}
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable
    assert "Article 2" in (out / "tags/fresh-crops/index.html").read_text()
    assert "Article 2" not in (out / "tags/grain/index.html").read_text()
    assert "A new summary." in (out / "tags/ports/index.html").read_text()
    target.write_text(text.replace("tags: [ports, Fresh Crops]", "tags: [ports]"))
    build(site, out, "--jobs", "1")  # the new tag is gone again, with its page and feed
    assert patched_articles(site, out) == {"content/a2.md"}
    assert not (out / "tags/fresh-crops").exists()
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


def recorded_as_delta(site: Path, out: Path) -> bool:
    """Whether the last CLI build recorded only what changed since a whole record."""
    import sqlite3

    from sitegen.digests import digest

    name = "delta:last:" + digest(str(out.absolute()))
    with contextlib.closing(sqlite3.connect(site / ".sitegen-cache/store.sqlite")) as db:
        return db.execute("SELECT 1 FROM record WHERE name = ?", (name,)).fetchone() is not None


def test_edit_builds_in_a_row_leave_a_record_that_knows_the_output(tmp_path: Path) -> None:
    """Each edit build records what changed over the one before: the builds after
    read them all together, and a build with nothing changed writes nothing."""
    site = short_way_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    for n, name in enumerate(["a2", "a3", "a2", "a0"]):
        target = site / f"content/{name}.md"
        target.write_text(target.read_text() + f"\nEdit number {n}.\n")
        build(site, out, "--jobs", "1")
        assert recorded_as_delta(site, out)
    assert "Edit number 2." in (out / "articles/a2/index.html").read_text()
    result = run_sitegen("build", str(site), "-o", str(out), "--jobs", "1")
    assert result.code == 0, result.err
    assert "(0 files written" in result.out
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


def searched_text(out: Path) -> dict[str, str]:
    """URL → the text a search reads of each page it can show."""
    return {url: page["content"] for url, page in searchable(tree(out))["(search)"].items()}


def test_each_edit_of_the_short_way_is_found_by_search_after_the_next(tmp_path: Path) -> None:
    """The short way carries the search records' digests with the remembered site
    and drops the edited articles': an article edited now or one build back is
    indexed as it is now, not as the base has it."""
    site = short_way_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    first, second = site / "content/a2.md", site / "content/a3.md"
    first.write_text(first.read_text().replace("Body 2.", "Quarry ledgers."))
    build(site, out, "--jobs", "1")
    assert "Quarry ledgers." in searched_text(out)["/articles/a2/"]
    assert "Body 2." not in searched_text(out)["/articles/a2/"]
    second.write_text(second.read_text() + "\nHarbour tolls.\n")
    build(site, out, "--jobs", "1")
    assert "Quarry ledgers." in searched_text(out)["/articles/a2/"]
    assert "Harbour tolls." in searched_text(out)["/articles/a3/"]
    text = first.read_text()
    first.write_text(text.replace("tags: [ports, grain]", "tags: [ports, Fresh Crops]"))
    build(site, out, "--jobs", "1")
    assert patched_articles(site, out) == {"content/a2.md", "content/a3.md"}
    tags = searchable(tree(out))["(search)"]["/articles/a2/"]["filters"]["tag"]
    assert sorted(tags) == ["Fresh Crops", "ports"]
    assert "Harbour tolls." in searched_text(out)["/articles/a3/"]
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


def test_a_retag_that_moves_a_long_listing_gives_a_clean_builds_pages(tmp_path: Path) -> None:
    """Dropping a tag that 140 articles share moves every page of its listing after
    the article's: more pages than the short way renders in one process
    (``SHORT_WAY_FORK``), so the page workers render them; the site is a clean
    build's. (That they ran on the workers is a matter of speed, not checked here.)"""
    from sitegen.build.pages import SHORT_WAY_FORK

    files = {"site.yaml": "title: Desk\npaginate: 1\nrelated: {count: 2}\n"}
    for i in range(140):
        day = f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}"
        tags = f"[common, {TAGS[i % len(TAGS)]}]"
        files[f"content/a{i}.md"] = article(f"Article {i}", day, tags=tags)
    site = write_files(tmp_path / "site", files)
    out = tmp_path / "out"
    build(site, out, "--jobs", "2")
    target = site / "content/a3.md"
    target.write_text(target.read_text().replace("[common, ", "[", 1))
    build(site, out, "--jobs", "2")
    assert patched_articles(site, out) == {"content/a3.md"}
    moved = list((out / "tags/common").rglob("index.html"))
    assert len(moved) == 139 and len(moved) - 3 > SHORT_WAY_FORK
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable
    assert "Article 3" not in (out / "tags/common/page/137/index.html").read_text()


def test_a_new_tag_where_an_alias_is_takes_the_whole_way(tmp_path: Path) -> None:
    """The short way adds a new tag's pages only where no other output is: here an
    alias, which the whole way reports as two outputs claiming one file."""
    site = short_way_site(tmp_path)
    target = site / "content/a1.md"
    target.write_text(target.read_text().replace("tags:", "aliases: [/tags/fresh/]\ntags:", 1))
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    text = (site / "content/a3.md").read_text()
    (site / "content/a3.md").write_text(text.replace("tags: [energy, ports]", "tags: [fresh]"))
    result = run_sitegen("build", str(site), "-o", str(out), "--jobs", "1")
    assert result.code != 0
    assert "tags/fresh/index.html" in result.err


short_edits = st.lists(
    st.tuples(
        st.sampled_from(["body", "body", "title", "tags", "newtag", "summary", "date", "touch"]),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=5,
)


@pytest.mark.slow
@settings(
    max_examples=16, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(short_edits, st.sampled_from([0, 1]))
def test_the_short_way_from_disk_matches_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]], related: int
) -> None:
    """With related lists of one article, a tags edit ranks some again (or, when
    tags leave a slot, every stage runs: the list reads the articles' text)."""
    tmp = tmp_path_factory.mktemp("short")
    site = short_way_site(tmp)
    (site / "site.yaml").write_text(f"title: Desk\npaginate: 2\nrelated: {{count: {related}}}\n")
    out = tmp / "out"
    build(site, out, "--jobs", "1")
    for kind, n in steps:
        if kind == "touch":  # a save that changed nothing: same bytes, new times
            target = sorted((site / "content").glob("*.md"))[n % 5]
            target.write_text(target.read_text())
        else:
            apply(site, kind, n)
        build(site, out, "--jobs", "1")
        assert searchable(tree(out)) == searchable(clean_build(site, tmp))  # see searchable
