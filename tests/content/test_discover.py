"""content/ → markdown sources and files to copy (SPEC §1, §6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.content.discover import discover_sources, find_sources
from sitegen.errors import Problems
from tests.conftest import write_files


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    return write_files(root, files)


def discover(site: Path) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(markdown paths, files to copy, error lines)."""
    problems = Problems()
    sources, files = discover_sources(site, problems)
    return [s.path for s in sources], list(files), [str(p) for p in problems]


def found(site: Path, exclude: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(markdown paths, copied paths) with ``exclude`` patterns."""
    sources, files = find_sources(site, Problems(), exclude)
    return [s.path for s in sources], [source for source, _ in files]


def test_markdown_and_markdown_long_suffix_are_sources(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "content/a.md": "a",
            "content/2015-10-8-b.markdown": "b",
            "content/_index.md": "i",
            "content/c.html": "c",
            "content/d.mdown": "d",
            "content/e.mkd": "e",
            "content/f.txt": "f",
        },
    )
    assert discover(tmp_path) == (
        [
            "content/2015-10-8-b.markdown",
            "content/_index.md",
            "content/a.md",
            "content/d.mdown",
            "content/e.mkd",
        ],
        [("content/c.html", "c.html"), ("content/f.txt", "f.txt")],
        [],
    )


EXCLUDED_SITE = {
    "content/a.md": "a",
    "content/README.md": "r",
    "content/post/README.md": "r",
    "content/post/b.md": "b",
    "content/post/old.html": "h",
    "content/post/chart.png": "p",
    "content/drafts/c.md": "c",
    "content/drafts/deep/pic.png": "p",
}


@pytest.mark.parametrize(
    ("exclude", "sources", "copied"),
    [
        (
            ("drafts/**", "*.html", "README.md"),
            ["content/a.md", "content/post/b.md"],
            ["content/post/chart.png"],
        ),
        (
            ("/README.md", "drafts"),
            ["content/a.md", "content/post/README.md", "content/post/b.md"],
            ["content/post/chart.png", "content/post/old.html"],
        ),
        (
            ("post/*", "**/*.png"),
            ["content/README.md", "content/a.md", "content/drafts/c.md"],
            [],
        ),
        (
            ("p?st/[!b]*.md",),
            [
                "content/README.md",
                "content/a.md",
                "content/drafts/c.md",
                "content/post/b.md",
            ],
            ["content/drafts/deep/pic.png", "content/post/chart.png", "content/post/old.html"],
        ),
    ],
)
def test_excluded_files_are_neither_sources_nor_copied(
    tmp_path: Path, exclude: tuple[str, ...], sources: list[str], copied: list[str]
) -> None:
    write(tmp_path, EXCLUDED_SITE)
    assert found(tmp_path, exclude) == (sources, copied)


def test_markdown_at_any_depth_is_found_sorted_by_path(tmp_path: Path) -> None:
    write(tmp_path, {"content/b.md": "b", "content/a.md": "a", "content/x/y/z/deep.md": "d"})
    assert discover(tmp_path) == (
        ["content/a.md", "content/b.md", "content/x/y/z/deep.md"],
        [],
        [],
    )


def test_other_files_are_copied_to_the_same_relative_path(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "content/summit/index.md": "x",
            "content/summit/map.png": b"\x89PNG",
            "content/files/report.pdf": b"%PDF",
        },
    )
    _, files, problems = discover(tmp_path)
    assert files == [
        ("content/files/report.pdf", "files/report.pdf"),
        ("content/summit/map.png", "summit/map.png"),
    ]
    assert problems == []


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "content/.draft.md": "x",
            "content/.git/config.md": "x",
            "content/.DS_Store": "x",
            "content/a.md": "a",
        },
    )
    assert discover(tmp_path) == (["content/a.md"], [], [])


def test_site_without_content_folder_has_no_sources(tmp_path: Path) -> None:
    assert discover(tmp_path) == ([], [], [])


def test_text_is_read_without_bom_and_with_unix_line_ends(tmp_path: Path) -> None:
    write(tmp_path, {"content/a.md": b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nBody\r\n"})
    problems = Problems()
    (source,), _ = discover_sources(tmp_path, problems)
    assert source.text == "---\ntitle: x\n---\nBody\n"


def test_file_that_is_not_utf8_is_an_error_at_the_bad_byte(tmp_path: Path) -> None:
    write(tmp_path, {"content/x.md": b"---\ntitle: x\n---\nLe caf\xe9\n", "content/y.md": "ok"})
    assert discover(tmp_path) == (
        ["content/y.md"],
        [],
        ["content/x.md:4: not valid UTF-8 (byte 0xe9 at column 7); save the file as UTF-8"],
    )


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


OUTSIDE = "symbolic link points outside the site folder; it is not followed" + (
    " (copy what it points to into the site)"
)


@needs_symlinks
def test_file_link_outside_the_site_is_an_error_and_not_followed(tmp_path: Path) -> None:
    site = write(tmp_path / "site", {"content/a.md": "a"})
    write(tmp_path, {"secret.md": "password"})
    (site / "content/leak.md").symlink_to(tmp_path / "secret.md")
    assert discover(site) == (["content/a.md"], [], [f"content/leak.md:1: {OUTSIDE}"])


@needs_symlinks
def test_folder_link_outside_the_site_is_an_error_and_not_followed(tmp_path: Path) -> None:
    write(tmp_path, {"private/notes.md": "x", "private/photo.jpg": "x"})
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/notes").symlink_to(tmp_path / "private", target_is_directory=True)
    assert discover(site) == ([], [], [f"content/notes:1: {OUTSIDE}"])


@needs_symlinks
def test_a_content_folder_linked_from_outside_the_site_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"elsewhere/a.md": "a"})
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert discover(site) == ([], [], [f"content:1: {OUTSIDE}"])


@needs_symlinks
def test_links_to_files_elsewhere_in_the_site_are_followed(tmp_path: Path) -> None:
    write(tmp_path, {"shared/chart.svg": "<svg/>", "drafts/a.md": "a", "content/b.md": "b"})
    (tmp_path / "content/chart.svg").symlink_to("../shared/chart.svg")
    (tmp_path / "content/drafts").symlink_to("../drafts", target_is_directory=True)
    assert discover(tmp_path) == (
        ["content/b.md", "content/drafts/a.md"],
        [("content/chart.svg", "chart.svg")],
        [],
    )


@needs_symlinks
def test_links_inside_content_are_followed(tmp_path: Path) -> None:
    write(tmp_path, {"content/shared/a.md": "a", "content/shared/pic.png": "p"})
    (tmp_path / "content/alias.md").symlink_to(tmp_path / "content/shared/a.md")
    (tmp_path / "content/mirror").symlink_to("shared", target_is_directory=True)
    assert discover(tmp_path) == (
        ["content/alias.md", "content/mirror/a.md", "content/shared/a.md"],
        [
            ("content/mirror/pic.png", "mirror/pic.png"),
            ("content/shared/pic.png", "shared/pic.png"),
        ],
        [],
    )


@needs_symlinks
def test_folder_link_back_to_its_parent_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path, {"content/world/a.md": "a"})
    (tmp_path / "content/world/again").symlink_to("..", target_is_directory=True)
    assert discover(tmp_path) == (
        ["content/world/a.md"],
        [],
        [
            "content/world/again:1: symbolic link points to a folder that contains it;"
            " it is not followed"
        ],
    )


@needs_symlinks
def test_folder_links_forming_a_loop_end(tmp_path: Path) -> None:
    write(tmp_path, {"content/a/x.md": "x", "content/b/y.md": "y"})
    (tmp_path / "content/a/to-b").symlink_to("../b", target_is_directory=True)
    (tmp_path / "content/b/to-a").symlink_to("../a", target_is_directory=True)
    loop = "symbolic link points to a folder that contains it; it is not followed"
    assert discover(tmp_path) == (
        ["content/a/to-b/y.md", "content/a/x.md", "content/b/to-a/x.md", "content/b/y.md"],
        [],
        [f"content/a/to-b/to-a:1: {loop}", f"content/b/to-a/to-b:1: {loop}"],
    )


@needs_symlinks
def test_broken_link_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/gone.md").symlink_to(tmp_path / "content/missing.md")
    assert discover(tmp_path) == (
        [],
        [],
        ["content/gone.md:1: symbolic link points to nothing; fix or remove it"],
    )


def test_ten_thousand_files_are_discovered_quickly(tmp_path: Path) -> None:
    import time

    for folder in range(100):
        directory = tmp_path / "content" / f"f{folder:03}"
        directory.mkdir(parents=True)
        for index in range(100):
            (directory / f"a{index:03}.md").write_text("---\n---\n", encoding="utf-8")
    start = time.perf_counter()
    paths, _, _ = discover(tmp_path)
    elapsed = time.perf_counter() - start
    assert len(paths) == 10_000
    assert paths == sorted(paths)
    assert elapsed < 5  # about 0.1 s on a laptop; generous for slow machines
