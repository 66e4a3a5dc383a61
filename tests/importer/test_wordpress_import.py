"""``sitegen import wordpress``: real exports build, every old URL answers, bad input stops.

The WordPress theme unit test exports (classic and block-editor content,
drafts, scheduled and password-protected posts, pages, menus, attachments)
are read from the shared corpora; the other tests write small exports inline.
"""

from __future__ import annotations

import filecmp
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import Run, run_sitegen
from tests.importer.wxr_samples import AUTHOR, front_matter, item, wxr

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"
EXPORTS = CORPORA / "wordpress-theme-test-data"
CLOCK = "1767225600"  # 2026-01-01T00:00:00Z: the test data's scheduled post is still ahead
WP = "{http://wordpress.org/export/1.2/}"
WP_HTTPS = "{https://wordpress.org/export/1.2/}"


@dataclass(frozen=True)
class Imported:
    export: Path
    site: Path
    report: str
    build: Run


def _import_and_build(export: Path, dest: Path) -> Imported:
    if not export.is_file():
        pytest.skip(f"corpus not found: {export} (the shared corpora are not beside the repo)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        imported = run_sitegen("import", "wordpress", str(export), str(dest))
        assert imported.code == 0, imported.err
        build = run_sitegen("build", str(dest), "--jobs", "1")
    return Imported(export, dest, (dest / "import-report.txt").read_text("utf-8"), build)


@pytest.fixture(
    scope="module", params=["themeunittestdata.wordpress.xml", "64-block-test-data.xml"]
)
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    name = request.param
    return _import_and_build(EXPORTS / name, tmp_path_factory.mktemp("wp") / "site")


def _published_post_ids(export: Path) -> list[str]:
    ids = []
    for _, element in ET.iterparse(export):
        if element.tag != "item":
            continue
        field = {
            child.tag.replace(WP, "").replace(WP_HTTPS, ""): (child.text or "").strip()
            for child in element
        }
        if (field["post_type"], field["status"], field["post_password"]) == ("post", "publish", ""):
            ids.append(field["post_id"])
        element.clear()
    return ids


def _moves(report: str) -> Iterator[tuple[str, str]]:
    section = report.split("Old URL -> new URL")[1].split("\n\n")[0]
    for line in section.splitlines()[1:]:
        old, _, new = line.partition(" -> ")
        yield old, new


def _is_redirect(page: Path) -> bool:
    return 'http-equiv="refresh"' in page.read_text("utf-8").replace(
        "http-equiv=refresh", 'http-equiv="refresh"'
    )


def test_export_builds_with_one_page_per_published_post(imported: Imported) -> None:
    assert (imported.build.code, imported.build.errors) == (0, [])
    moves = dict(_moves(imported.report))
    ids = _published_post_ids(imported.export)
    assert ids
    pages = set()
    for post_id in ids:
        new = moves[f"/?p={post_id}"]
        page = imported.site / "output" / new.strip("/") / "index.html"
        assert page.is_file() and not _is_redirect(page), (post_id, new)
        pages.add(new)
    assert len(pages) == len(ids)


def _published_pages(export: Path) -> dict[str, str]:
    """Each published page's ID → the path of its permalink, as the export says."""
    found = {}
    for _, element in ET.iterparse(export):
        if element.tag == "item":
            field = {
                child.tag.replace(WP, "").replace(WP_HTTPS, ""): (child.text or "").strip()
                for child in element
            }
            if (field["post_type"], field["status"]) == ("page", "publish"):
                found[field["post_id"]] = urlsplit(field["link"]).path
            element.clear()
    return found


def test_every_published_page_is_built_at_its_old_url_and_listed_nowhere(
    imported: Imported,
) -> None:
    pages = _published_pages(imported.export)
    assert pages
    moves = dict(_moves(imported.report))
    home = (imported.site / "output/index.html").read_text("utf-8")
    for page_id, path in pages.items():
        folder = "/".join(filter(None, unquote(path).split("/")))
        built = imported.site / "output" / folder / "index.html"
        assert built.is_file() and not _is_redirect(built), path
        assert moves[f"/?page_id={page_id}"] == f"/{folder}/"
        assert f'href="/{folder}/"' not in home


def test_every_old_url_of_the_report_answers(imported: Imported) -> None:
    output = imported.site / "output"
    kept = [(old, new) for old, new in _moves(imported.report) if new.startswith("/")]
    assert kept
    for old, new in kept:
        if "?" in old:
            continue  # query-string URLs: test_id_urls_answer_through_redirect_rules
        if new.endswith("(a draft: built with --drafts)") or not _built(output, new):
            continue  # a draft, or a post scheduled after the build's clock
        # a server decodes /greek/%ce%b5.../ (and reads // as /) before it finds the file
        path = "/".join(filter(None, unquote(old).split("/")))
        assert (output / path / "index.html").is_file(), old


def _built(output: Path, url: str) -> bool:
    return (output / url.strip("/") / "index.html").is_file()


def test_id_urls_answer_through_redirect_rules(imported: Imported) -> None:
    rules = (imported.site / "output" / "_redirects").read_text("utf-8").splitlines()
    queries = {tuple(r.split()[:2]) for r in rules if r.startswith("/ ")}
    if not queries:
        pytest.skip("query-string aliases (/?p=12) need sitegen's support for them in _redirects")
    for old, new in _moves(imported.report):
        if "?" in old and new.startswith("/") and _built(imported.site / "output", new):
            assert ("/", old.partition("?")[2]) in queries, old


def test_check_finds_only_links_the_report_lists(imported: Imported) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        checked = run_sitegen("check", str(imported.site))
    found = re.compile(r"link to (\S+)|(#\S+) is not an anchor|image '([^']+)'")
    for line in checked.errors:
        if not line.startswith("content/"):
            continue
        match = found.search(line)
        assert match, line
        target = next(g for g in match.groups() if g)
        assert f"link to {target}" in imported.report or target in imported.report, line


def test_emails_of_authors_are_never_written(imported: Imported) -> None:
    written = [imported.site / "site.yaml", imported.site / "import-report.txt"]
    for path in [*written, *(imported.site / "content").rglob("*.md")]:
        assert "@gmail.com" not in path.read_text("utf-8"), path


def test_import_twice_gives_the_same_files(tmp_path: Path) -> None:
    export = EXPORTS / "themeunittestdata.wordpress.xml"
    if not export.is_file():
        pytest.skip(f"corpus not found: {export}")
    for dest in ("a", "b"):
        assert run_sitegen("import", "wordpress", str(export), str(tmp_path / dest)).code == 0
    compared = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    assert _differences(compared) == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.left_only, *compared.right_only, *compared.diff_files, *compared.funny_files]
    for sub in compared.subdirs.values():
        found.extend(_differences(sub))
    return found


def test_non_empty_dest_needs_force(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(wxr(item()), encoding="utf-8")
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_sitegen("import", "wordpress", str(export), str(dest))
    assert (refused.code, refused.errors) == (
        1,
        [f"{dest}: not empty; pass --force to replace it"],
    )
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    forced = run_sitegen("import", "wordpress", str(export), str(dest), "--force")
    assert forced.code == 0
    assert not (dest / "notes.txt").exists()
    assert front_matter(dest / "content/posts/2024/port-strike.md")["aliases"] == ["/?p=12"]


def test_old_url_at_a_page_sitegen_makes_is_not_an_alias(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    posts = (
        item(1, "Tags", name="tags", link="https://example.com/blog/tags/"),
        item(2, "Search", name="search", link="https://example.com/blog/search/"),
        item(3, "Other", name="other", link="https://example.com/blog/other/"),
    )
    export.write_text(wxr(*posts), encoding="utf-8")
    dest = tmp_path / "site"
    assert run_sitegen("import", "wordpress", str(export), str(dest)).code == 0
    assert front_matter(dest / "content/posts/2024/tags-2.md")["aliases"] == ["/?p=1"]
    report = (dest / "import-report.txt").read_text("utf-8")
    assert "/tags/ -> (not kept, see the notes; the article is at /tags-2/)" in report
    assert "old URL /tags/ is a page sitegen makes itself; not kept as an alias" in report
    built = run_sitegen("build", str(dest))
    assert built.code == 0, built.err
    assert "Moved" not in (dest / "output/tags/index.html").read_text("utf-8")


WRITES = "a WordPress export is the file that Tools → Export writes"
BROKEN = {
    "not-xml": ("PK\x03\x04 zipped", ":1: broken XML: syntax error; " + WRITES),
    "html": ("<html><body><p>Hi</body></html>", ":1: broken XML: mismatched tag; " + WRITES),
    "atom": (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        ": not a WordPress export: the document is <{http://www.w3.org/2005/Atom}feed>, "
        "not an RSS feed (<rss>); export the site with Tools → Export in WordPress",
    ),
    "plain-rss": (
        '<rss version="2.0"><channel><title>x</title></channel></rss>',
        ": not a WordPress export: an RSS feed without <wp:wxr_version>; export the site "
        "with Tools → Export in WordPress (a feed holds only recent posts)",
    ),
    "unknown-version": (
        wxr(item(), version="1.9"),
        ": WXR version '1.9' is not one sitegen reads (1.0, 1.1, 1.2)",
    ),
    "entity-bomb": (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<rss><channel>&b;</channel></rss>',
        ":3: declares the entity 'a'; a WordPress export never does, and entities can "
        "expand without end, so the file is not read",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_export_stops_with_a_message_naming_the_file(tmp_path: Path, case: str) -> None:
    text, message = BROKEN[case]
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    dest = tmp_path / "site"
    run = run_sitegen("import", "wordpress", str(export), str(dest))
    assert (run.code, run.errors) == (1, [f"{export}{message}"])
    assert "Traceback" not in run.err
    assert not dest.exists()
    assert os.listdir(tmp_path) == ["export.xml"]


def test_an_export_using_atom_without_declaring_it_is_read(tmp_path: Path) -> None:
    """WordPress.com's 2012 exports: <atom:link> in the channel, no xmlns:atom."""
    text = wxr(item(), channel=AUTHOR + "<atom:link rel='hub' href='https://x.example/?hub'/>")
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    run = run_sitegen("import", "wordpress", str(export), str(tmp_path / "site"))
    assert run.code == 0, run.err
    assert run.out.startswith("imported 1 articles")


def test_report_says_which_old_urls_lead_to_drafts(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    export.write_text(wxr(item(status="draft")), encoding="utf-8")
    dest = tmp_path / "site"
    assert run_sitegen("import", "wordpress", str(export), str(dest)).code == 0
    report = (dest / "import-report.txt").read_text("utf-8")
    assert "/?p=12 -> /articles/port-strike/ (a draft: built with --drafts)" in report


def test_posts_sharing_an_id_are_each_imported(tmp_path: Path) -> None:
    """Merged exports repeat wp:post_id; the ID is not what tells posts apart."""
    export = tmp_path / "export.xml"
    text = wxr(
        item(175, "First post", "Text of the first.", name="first-post"),
        item(175, "Second post", "Text of the second.", name="second-post"),
    )
    export.write_text(text, encoding="utf-8")
    dest = tmp_path / "site"
    run = run_sitegen("import", "wordpress", str(export), str(dest))
    assert run.code == 0, run.err
    assert run.out.startswith("imported 2 articles")
    first = front_matter(dest / "content/posts/2024/first-post.md")
    second = front_matter(dest / "content/posts/2024/second-post.md")
    assert (first["title"], first["slug"]) == ("First post", "first-post")
    assert (second["title"], second["slug"]) == ("Second post", "second-post")
    assert first["aliases"] == ["/?p=175"]
    assert "aliases" not in second
    assert "Text of the second." in (dest / "content/posts/2024/second-post.md").read_text("utf-8")
    report = (dest / "import-report.txt").read_text("utf-8")
    lines = text.splitlines()
    first_line = lines.index("<item>", 0) + 1
    second_line = lines.index("<item>", first_line) + 1
    assert (
        f"export.xml:{second_line}: wp:post_id 175 is also the ID of 'First post' "
        f"(line {first_line}); both are imported, and /?p=175 leads to that one"
    ) in report
    assert "is also the slug of" not in report
    assert "/?p=175 -> /2024/03/04/first-post/" in report


def test_check_passes_right_after_importing_classic_footnotes(tmp_path: Path) -> None:
    """Jetpack's Markdown footnotes link #fn-5-1; the list item's id did not survive."""
    content = (
        'Claim.<sup id="fnref-5-1"><a href="#fn-5-1" rel="footnote">1</a></sup>\n\n'
        '<div class="footnotes">\n<hr />\n<ol>\n<li id="fn-5-1">\nThe source&#160;'
        '<a href="#fnref-5-1" rev="footnote">&#8617;</a>\n</li>\n</ol>\n</div>'
    )
    export = tmp_path / "export.xml"
    export.write_text(wxr(item(content=content)), encoding="utf-8")
    dest = tmp_path / "site"
    assert run_sitegen("import", "wordpress", str(export), str(dest)).code == 0
    article = (dest / "content/posts/2024/port-strike.md").read_text("utf-8")
    assert article.endswith("Claim.[^1]\n\n[^1]: The source\n")
    checked = run_sitegen("check", str(dest))
    assert checked.code == 0, checked.err
