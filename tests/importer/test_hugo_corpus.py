"""A real Hugo blog imported as it is: it builds, keeps every old URL, loses nothing silently.

The Let's Encrypt blog (``../shared/corpora/hugo-letsencrypt``, not ours to copy
here) has date permalinks with ``uglyURLs`` for its one section, so its posts
lived at ``/2015/10/19/lets-encrypt-is-trusted.html``; its ``_index.md`` moved
the section to ``/blog/``; one post calls a shortcode its theme defines.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_sitegen

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "hugo-letsencrypt"
POSTS = CORPUS / "content" / "en" / "post"
EPOCH = "1798761600"  # 2027-01-01: every post is in the past
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpora are not here")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blog imported once, and built as a user would (no flags)."""
    dest = tmp_path_factory.mktemp("letsencrypt") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_sitegen("import", "hugo", str(CORPUS), str(dest))
        assert result.code == 0, result.err
        assert result.errors == []
        built = run_sitegen("build", str(dest), "--jobs", "1")
    assert built.code == 0, built.err
    assert not [line for line in built.errors if ": warning: " not in line]
    return dest


def report_urls(dest: Path) -> dict[str, str]:
    text = (dest / "import-report.txt").read_text(encoding="utf-8")
    block = text.split("Old URL -> new URL", 1)[1].split("\n\n", 1)[0]
    pairs = (line.split(" -> ") for line in block.splitlines()[1:])
    return dict(pairs)  # type: ignore[arg-type]


def answers(output: Path, url: str) -> bool:
    """A page or a redirect page is served at ``url`` (a file for ``….html``)."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return (output / path / "index.html").is_file()
    return (output / path).is_file()


def test_every_post_is_one_page(imported: Path) -> None:
    posts = [p for p in POSTS.iterdir() if p.name != "_index.md"]
    pages = [
        p
        for p in (imported / "output").rglob("index.html")
        if re.fullmatch(
            r"\d{4}/\d\d/\d\d/[^/]+/index\.html", p.relative_to(imported / "output").as_posix()
        )
    ]
    assert len(pages) == len(posts) == 121


def test_every_old_url_in_the_report_answers(imported: Path) -> None:
    urls = report_urls(imported)
    assert len(urls) >= 121 + 1
    missing = [old for old in urls if not answers(imported / "output", old)]
    assert missing == []


def test_old_post_urls_are_the_ugly_ones_and_new_ones_keep_the_date_pattern(imported: Path) -> None:
    urls = report_urls(imported)
    assert (
        urls["/2015/10/19/lets-encrypt-is-trusted.html"] == "/2015/10/19/lets-encrypt-is-trusted/"
    )
    assert urls["/blog/"] == "/"
    assert urls["/feed.xml"] == "/feed.xml"
    site = (imported / "site.yaml").read_text(encoding="utf-8")
    assert "article: /{year}/{month}/{day}/{slug}/" in site
    redirect = imported / "output" / "2015" / "10" / "19" / "lets-encrypt-is-trusted.html"
    assert "/2015/10/19/lets-encrypt-is-trusted/" in redirect.read_text(encoding="utf-8")


def test_the_alias_a_post_had_still_answers(imported: Path) -> None:
    assert answers(imported / "output", "/2022/05/19/database-to-app-tls.html")


def test_the_theme_shortcode_gets_a_stand_in_and_a_note_at_its_line(imported: Path) -> None:
    standin = imported / "layouts" / "shortcodes" / "plotly.html"
    assert standin.read_text(encoding="utf-8").startswith("{#- shortcode\ninner: none\n-#}")
    report = (imported / "import-report.txt").read_text(encoding="utf-8")
    assert (
        "content/en/post/2018-12-31-looking-forward-to-2019.md:29: shortcode 'plotly' is a Go "
        "template (from the theme 'le-2025', not in the site's folder)"
    ) in report


def test_a_comma_in_an_author_is_one_person_with_a_title(imported: Path) -> None:
    site = (imported / "site.yaml").read_text(encoding="utf-8")
    assert "josh-aas-isrg-executive-director:\n    name: Josh Aas, ISRG Executive Director" in site
    page = imported / "content" / "post" / "2014-11-18-announcing-lets-encrypt.md"
    assert "author: josh-aas-isrg-executive-director\n" in page.read_text(encoding="utf-8")


def test_check_finds_only_links_the_report_lists_as_already_broken(imported: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        checked = run_sitegen("check", str(imported))
    problems = [line for line in checked.errors if ": warning: " not in line]
    assert problems, "the corpus has no static/ folder: its /images/ links are broken"
    report = (imported / "import-report.txt").read_text(encoding="utf-8")
    listed = set(re.findall(r"(?:link to|image) (\S+) leads nowhere", report))
    unexplained = [
        line
        for line in problems
        if (found := re.search(r"link to (\S+) |image '([^']+)'", line)) is None
        or (found[1] or found[2]) not in listed
    ]
    assert unexplained == []


def test_importing_twice_gives_the_same_files(imported: Path, tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert run_sitegen("import", "hugo", str(CORPUS), str(tmp_path / "again")).code == 0
    first = {p.relative_to(imported) for p in imported.rglob("*") if p.is_file()}
    first = {p for p in first if p.parts[0] not in ("output", ".sitegen-cache")}
    second = {
        p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file()
    }
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(
        imported, tmp_path / "again", sorted(map(str, first)), shallow=False
    )
    assert mismatch == errors == []


def test_a_non_empty_destination_needs_force(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run_sitegen("import", "hugo", str(CORPUS), str(dest))
    assert refused.code == 1
    assert refused.errors == [f"{dest}: not empty; pass --force to replace it"]
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    forced = run_sitegen("import", "hugo", str(CORPUS), str(dest), "--force")
    assert forced.code == 0
    assert not (dest / "keep.txt").exists()
    assert (dest / "site.yaml").is_file()


def test_an_about_page_added_to_the_blog_stays_a_page_and_an_undated_post_a_post(
    tmp_path: Path,
) -> None:
    """Only ``post/`` is listed on the blog: an undated file there is a post Hugo
    listed last (dated 1970 here, outside git); ``about.md`` beside the section
    was no post: it stays a page without a date, at its old address."""
    source = tmp_path / "hugo"
    shutil.copytree(CORPUS, source)
    (source / "content/en/about.md").write_text("---\ntitle: About us\n---\n\nWho we are.\n")
    (source / "content/en/post/undated.md").write_text("---\ntitle: Undated\n---\n\nText.\n")
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert run_sitegen("import", "hugo", str(source), str(dest)).code == 0
        built = run_sitegen("build", str(dest), "--jobs", "1")
    assert built.code == 0, built.err
    about = (dest / "content/about.md").read_text("utf-8")
    assert "url: /about/\n" in about and "date:" not in about
    assert "date: 1970-01-01\n" in (dest / "content/post/undated.md").read_text("utf-8")
    assert report_urls(dest)["/about/"] == "/about/"
    assert "Who we are." in (dest / "output/about/index.html").read_text("utf-8")
    assert "About us" not in (dest / "output/feed.xml").read_text("utf-8")
    lists = [p.read_text("utf-8") for p in (dest / "output").glob("page/*/index.html")]
    assert any("Undated" in page for page in lists)  # last, as Hugo listed it
    assert not any("About us" in page for page in lists)
