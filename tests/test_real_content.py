"""A real Hugo blog, built as it is: nothing lost, nothing mangled, everything said.

The Let's Encrypt blog (``../shared/corpora/hugo-letsencrypt``, not ours to
copy into this repository) is copied into a temporary site at test time with a
site.yaml that keeps its date permalinks and excludes the ``.html`` posts that
are not markdown. Every ``.md`` and ``.markdown`` post must give one page, the
build must report no error, and every piece of raw HTML the sanitizer takes
out must be a warning at its file: the same posts built with
``markdown.html: unsafe`` differ only in files that were warned about.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import run_sitegen

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
POSTS = CORPUS / "hugo-letsencrypt" / "content" / "en" / "post"
SITE_YAML = """\
title: Let's Encrypt
base_url: "https://letsencrypt.org/"
permalinks: {article: "/{year}/{month}/{day}/{slug}/"}
exclude: ["*.html"]
"""
WARNING = re.compile(r"^(content/[^:]+):(\d+): warning: (.+)$")
ARTICLE_PAGE = re.compile(r"\d{4}/\d\d/\d\d/[^/]+/index\.html")


@dataclass(frozen=True)
class Built:
    out: Path
    code: int
    errors: list[str]

    def pages(self) -> dict[str, str]:
        return {
            p.relative_to(self.out).as_posix(): p.read_text(encoding="utf-8")
            for p in self.out.rglob("index.html")
            if ARTICLE_PAGE.fullmatch(p.relative_to(self.out).as_posix())
        }


def build_corpus(tmp: Path, extra: str = "") -> Built:
    site, out = tmp / "site", tmp / "out"
    shutil.copytree(POSTS, site / "content")
    (site / "site.yaml").write_text(SITE_YAML + extra, encoding="utf-8")
    # The blog's theme defines this one shortcode; a site brings its own templates.
    plotly = site / "layouts" / "shortcodes" / "plotly.html"
    plotly.parent.mkdir(parents=True)
    plotly.write_text('<figure class="chart"></figure>\n')
    result = run_sitegen("build", str(site), "-o", str(out), "--jobs", "1", "--future")
    return Built(out, result.code, result.errors)


@pytest.fixture(scope="module")
def sanitized(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not POSTS.is_dir():
        pytest.skip("the hugo-letsencrypt corpus is not next to the repository")
    return build_corpus(tmp_path_factory.mktemp("sanitized"))


@pytest.fixture(scope="module")
def unsafe(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if not POSTS.is_dir():
        pytest.skip("the hugo-letsencrypt corpus is not next to the repository")
    return build_corpus(tmp_path_factory.mktemp("unsafe"), "markdown: {html: unsafe}\n")


def posts() -> list[Path]:
    return [
        p
        for p in sorted(POSTS.iterdir())
        if p.suffix in (".md", ".markdown") and p.name != "_index.md"
    ]


def test_the_blog_builds_with_no_error_only_warnings(sanitized: Built) -> None:
    assert sanitized.code == 0
    assert [e for e in sanitized.errors if not WARNING.match(e)] == []


def test_every_post_gives_one_page(sanitized: Built) -> None:
    pages = sanitized.pages()
    assert len(posts()) > 100
    assert len(pages) == len(posts())
    for post in posts():
        title = re.search(r"^title:\s*(.+)$", post.read_text(encoding="utf-8"), re.MULTILINE)
        assert title is not None
        wanted = title.group(1).strip().strip("'\"").replace("''", "'")
        shown = [p for p, html in pages.items() if _text(wanted) in _text(html)]
        assert shown, f"no page shows the title of {post.name}"


def test_posts_that_share_a_slug_on_different_days_are_all_built(sanitized: Built) -> None:
    slugs = [p.split("/")[3] for p in sanitized.pages()]
    assert any(slugs.count(s) > 1 for s in slugs)


def test_every_piece_of_html_taken_out_is_reported_at_its_file(
    sanitized: Built, unsafe: Built
) -> None:
    warned = {m.group(1) for e in sanitized.errors if (m := WARNING.match(e))}
    assert warned, "the corpus has raw HTML the sanitizer removes"
    safe_pages, raw_pages = sanitized.pages(), unsafe.pages()
    assert safe_pages.keys() == raw_pages.keys()
    differing = {page for page in safe_pages if _body(safe_pages[page]) != _body(raw_pages[page])}
    sources = {_source_of(page, safe_pages[page]) for page in differing}
    assert sources <= warned, f"HTML removed without a warning in {sorted(sources - warned)}"


def test_markup_github_keeps_survives(sanitized: Built) -> None:
    bodies = "".join(_body(html) for html in sanitized.pages().values())
    for kept in ("<table", "<br>", "<img", "<figure", 'class="'):
        assert kept in bodies or kept.replace('"', "") in bodies, kept


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _body(html: str) -> str:
    """The article's body, with what HTML parsers add on their own (``<tbody>``) taken out."""
    start, end = html.find("<article"), html.rfind("</article>")
    body = html[start:end]
    return re.sub(r"</?tbody>", "", body)


def _source_of(page: str, html: str) -> str:
    """The post a page was built from: the one whose slug and date the URL carries."""
    year, month, day, slug = page.split("/")[:4]
    for post in posts():
        text = post.read_text(encoding="utf-8")
        written = re.search(r"^slug:\s*(\S+)", text, re.MULTILINE)
        name = written.group(1) if written else re.sub(r"^\d{4}-\d+-\d+-", "", post.stem)
        date = re.search(r"^date:\s*(\d{4})-(\d\d)-(\d\d)", text, re.MULTILINE)
        if name.lower() == slug and date and date.groups() == (year, month, day):
            return f"content/{post.name}"
    raise AssertionError(f"no post for {page}")
