"""The cache of parsed front matter: trusted only for the very same file, and safe to read."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from sitegen.cache import ParsedArticles
from sitegen.config import load_config
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.model import Article, SourceFile
from tests.conftest import article, run_sitegen, write_files
from tests.test_incremental import age, clean_build, start_site, tree

HOUR_NS = 3600 * 1_000_000_000


def parsed(tmp_path: Path, zone: str = "UTC") -> Article:
    site = write_files(tmp_path / "s", {"site.yaml": f"title: T\ntimezone: {zone}\n"})
    config = load_config(site, Problems())
    text = article("Alpha", "2025-01-01T10:00:00", params_list="[1, {a: 2025-01-02}]")
    result = parse_article(SourceFile("content/a.md", text), config, Problems())
    assert result is not None
    return result


def old_signature() -> tuple[int, ...]:
    then = time.time_ns() - HOUR_NS
    return (120, then, then, 42)


def test_a_remembered_parse_comes_back_for_the_same_file_only(tmp_path: Path) -> None:
    alpha = parsed(tmp_path, "Europe/Paris")
    signature = old_signature()
    first = ParsedArticles(tmp_path / "cache", "salt", time.time_ns())
    first.put("content/a.md", signature, alpha)
    first.save()
    second = ParsedArticles(tmp_path / "cache", "salt", time.time_ns())
    assert second.get("content/a.md", signature) == alpha
    assert second.get("content/a.md", (121, *signature[1:])) is None
    assert second.get("content/b.md", signature) is None
    assert ParsedArticles(tmp_path / "cache", "other salt", time.time_ns()).known == {}


def test_a_file_changed_just_before_the_build_is_not_remembered(tmp_path: Path) -> None:
    now = time.time_ns()
    memo = ParsedArticles(tmp_path / "cache", "salt", now)
    memo.put("content/a.md", (120, now - 10**8, now - 10**8, 42), parsed(tmp_path))
    memo.save()
    assert ParsedArticles(tmp_path / "cache", "salt", time.time_ns()).known == {}


def test_a_foreign_pickle_cannot_run_code_and_is_ignored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    target = tmp_path / "made-by-the-cache"

    class Trap:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.mkdir, (str(target),))

    (cache / "articles.pickle").write_bytes(
        pickle.dumps(("salt", [("content/a.md", (1,), Trap())]))
    )
    memo = ParsedArticles(cache, "salt", time.time_ns())
    assert memo.known == {}
    assert not target.exists()
    assert "ignoring a damaged cache file" in caplog.text


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(tmp_path: Path) -> None:
    site = start_site(tmp_path)
    source = site / "content/a1.md"
    then = age(site)
    assert run_sitegen("build", str(site), "-o", str(tmp_path / "out")).code == 0
    text = source.read_text()
    source.write_text(text.replace("Body 1.", "Body X."))  # same size
    os.utime(source, ns=(then, then))  # and the same modification time
    assert run_sitegen("build", str(site), "-o", str(tmp_path / "out")).code == 0
    assert b"Body X." in (tmp_path / "out/articles/a1/index.html").read_bytes()
    assert tree(tmp_path / "out") == clean_build(site, tmp_path)
