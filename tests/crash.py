"""A site before and after an edit that changes every page, its two clean builds,
and what it takes to replay the incremental build between them many times.

Shared by the crash-consistency tests: a build that fails or is killed at any
moment must leave ``output/`` equal to one of the two clean builds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import article, run_sitegen, write_files

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

Tree = dict[str, bytes]
"""Every file of an output directory: relative path → bytes."""


def old_site(count: int = 24) -> dict[str, str]:
    tags = ["energy", "eu", "trade", "climate", "grid"]
    files = {
        "site.yaml": "title: Old Title\nbase_url: https://example.org/\n",
        **{
            f"content/a{i:02}.md": article(
                f"Article {i}",
                date=f"2025-0{1 + i % 9}-1{i % 9}",
                body=f"Body of article {i}.\n\nMore about {tags[i % 5]}.",
                tags=f"[{tags[i % 5]}, {tags[(i + 2) % 5]}]",
                section="World" if i % 2 else "Economy",
            )
            for i in range(count)
        },
    }
    return files


def new_site_edits() -> dict[str, str | None]:
    """Every page changes (the site title), one article is edited, one added, one removed."""
    return {
        "site.yaml": "title: New Title\nbase_url: https://example.org/\n",
        "content/a03.md": article("Article 3", date="2025-04-13", body="Rewritten body."),
        "content/a05.md": None,
        "content/fresh.md": article("A fresh piece", date="2025-09-30", tags="[energy]"),
    }


def apply(site: Path, edits: Mapping[str, str | None]) -> None:
    for name, text in edits.items():
        if text is None:
            (site / name).unlink()
        else:
            write_files(site, {name: text})


def snapshot(root: Path) -> Tree:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def describe(tree: Tree, old: Tree, new: Tree) -> str:
    """Which files of ``tree`` match the old build, which the new, which neither."""
    same_old = sum(1 for k, v in tree.items() if old.get(k) == v)
    same_new = sum(1 for k, v in tree.items() if new.get(k) == v)
    return f"{len(tree)} files: {same_old} as in the old build, {same_new} as in the new"


def copy_tree(source: Path, dest: Path) -> None:
    """``cp -a``: times kept and hard links between copied files kept as links, so a
    restored site is the very state a build left (its spare tree linked to output/)."""
    seen: dict[tuple[int, int], str] = {}
    for folder, _, names in os.walk(source):
        target = dest / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            origin = os.path.join(folder, name)
            status = os.lstat(origin)
            if os.path.islink(origin):
                os.symlink(os.readlink(origin), target / name)
            elif (status.st_dev, status.st_ino) in seen:
                os.link(seen[status.st_dev, status.st_ino], target / name)
            else:
                shutil.copy2(origin, target / name)
                seen[status.st_dev, status.st_ino] = str(target / name)


def siblings(site: Path) -> list[str]:
    """What sits beside output/ besides the site's own files: staging trees, locks."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output"))


@dataclass(frozen=True)
class Scenario:
    """A site whose output is the old clean build; ``replay`` restores it."""

    site: Path
    pristine: Path
    old: Tree
    new: Tree

    def replay(self) -> Path:
        """The site as the old build left it (same paths, times and links), with the
        new inputs written: the next build is the incremental one under test."""
        shutil.rmtree(self.site)
        copy_tree(self.pristine, self.site)
        apply(self.site, new_site_edits())
        return self.site


def build(site: Path, *flags: str) -> None:
    run = run_sitegen("build", str(site), "--jobs", "1", *flags)
    assert run.code == 0, run.err


@contextmanager
def clock() -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def make_scenario(root: Path) -> Scenario:
    """Clean builds of the old and new site, and the old site after two builds (so it
    has a manifest, page fingerprints and a spare tree, as a real site has)."""
    with clock():
        clean = root / "clean"
        write_files(clean, old_site())
        apply(clean, new_site_edits())
        build(clean)
        new = snapshot(clean / "output")
        # Built where the tests replay it: the cache is keyed by the output's path.
        site = root / "site"
        write_files(site, old_site())
        write_files(site, {"content/a00.md": article("Article 0, first draft")})
        build(site)
        write_files(site, {"content/a00.md": old_site()["content/a00.md"]})
        build(site)
        old = snapshot(site / "output")
    assert old != new
    pristine = root / "pristine"
    copy_tree(site, pristine)
    return Scenario(site, pristine, old, new)
