"""Whole builds with raw HTML: sanitized by default, warnings at PATH:LINE, every mode.

Also builds posts of a real Hugo blog (the shared corpora, read where they
lie) whose raw HTML a reader must still see: line breaks in table cells,
classes, figures, links.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import Run, article, run_sitegen

Site = Callable[[Mapping[str, str | bytes]], Path]
KEEP = "set markdown.html: unsafe to keep it"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "hugo-letsencrypt"
POSTS = CORPUS / "content" / "en" / "post"

BODY = """\
Hello <b onclick="x()">bold</b> and <kbd>Ctrl</kbd>.

<div class="raw" style="color: red">block</div>

<details>
<summary>Method</summary>

We *counted*.

</details>

<a href="javascript:alert(1)">bad</a><script>alert(2)</script>
"""
"""Body lines 1 to 13 are file lines 6 to 18 under ``article()``'s front matter."""

WARNINGS = [
    "content/a.md:6: warning: removed onclick from <b> (event handlers run scripts,"
    f" which sanitized HTML does not allow; {KEEP})",
    "content/a.md:8: warning: removed the style attribute from <div> (not allowed in"
    f" sanitized HTML; {KEEP})",
    'content/a.md:17: warning: removed href="javascript:alert(1)" from <a> (javascript:'
    f" URLs are not allowed here, only http:, https:, mailto:, tel: and relative ones; {KEEP})",
    f"content/a.md:17: warning: removed <script> and its content (not allowed in sanitized HTML;"
    f" {KEEP})",
]


def page(site: Path, slug: str = "a") -> str:
    return (site / "output" / "articles" / slug / "index.html").read_text(encoding="utf-8")


def test_raw_html_is_sanitized_by_default_with_a_warning_per_removal(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": article("A", body=BODY)})
    run = build_site(site, "--no-minify")
    assert run.code == 0
    assert run.errors == WARNINGS
    html = page(site)
    assert "Hello <b>bold</b> and <kbd>Ctrl</kbd>." in html
    assert '<div class="raw">block</div>' in html
    assert "<details>\n<summary>Method</summary>\n<p>We <em>counted</em>.</p>\n</details>" in html
    assert "onclick" not in html and "javascript:" not in html and "alert(2)" not in html


def test_a_build_from_the_cache_says_the_same_warnings(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {"content/a.md": article("A", body=BODY), "content/b.md": article("B", body="Plain.")}
    )
    first = build_site(site)
    nothing_to_do = build_site(site)
    (site / "content/b.md").write_text(article("B", body="Changed."), encoding="utf-8")
    from_cache = build_site(site)  # a.md's body comes from the body cache
    assert first.errors == nothing_to_do.errors == from_cache.errors == WARNINGS
    assert (first.code, nothing_to_do.code, from_cache.code) == (0, 0, 0)
    assert "0 files written" in nothing_to_do.out


def test_check_shows_the_warnings(make_site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    site = make_site({"content/a.md": article("A", body=BODY)})
    run = run_sitegen("check", str(site))
    assert run.code == 0
    assert run.errors == WARNINGS


def test_html_drop_renders_no_raw_html_and_says_nothing(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {"site.yaml": "markdown: {html: drop}\n", "content/a.md": article("A", body=BODY)}
    )
    run = build_site(site, "--no-minify")
    assert (run.code, run.errors) == (0, [])
    html = page(site)
    assert "Hello bold and Ctrl." in html
    assert "<details>" not in html and 'class="raw"' not in html


@pytest.mark.parametrize("setting", ["markdown: {html: unsafe}", "markdown: {unsafe_html: true}"])
def test_html_unsafe_keeps_raw_html_as_written(
    make_site: Site, build_site: Callable[..., Run], setting: str
) -> None:
    site = make_site({"site.yaml": setting + "\n", "content/a.md": article("A", body=BODY)})
    run = build_site(site, "--no-minify")
    assert (run.code, run.errors) == (0, [])
    html = page(site)
    assert '<b onclick="x()">bold</b>' in html and "<script>alert(2)</script>" in html


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "markdown:\n  html: sanitise\n",
            "site.yaml:2: unknown value 'sanitise' for 'markdown.html' (did you mean"
            " 'sanitize'?); choose sanitize, drop, unsafe",
        ),
        (
            "markdown:\n  html: sanitize\n  unsafe_html: true\n",
            "site.yaml:3: 'markdown.unsafe_html: true' contradicts 'markdown.html: sanitize';"
            " keep only 'html' (unsafe_html is its older spelling)",
        ),
        (
            "markdown:\n  unsafe_html: false\n  html: unsafe\n",
            "site.yaml:2: 'markdown.unsafe_html: false' contradicts 'markdown.html: unsafe';"
            " keep only 'html' (unsafe_html is its older spelling)",
        ),
    ],
)
def test_a_wrong_html_setting_is_an_error_at_its_line(
    make_site: Site, build_site: Callable[..., Run], setting: str, message: str
) -> None:
    site = make_site({"site.yaml": setting, "content/a.md": article("A")})
    run = build_site(site)
    assert (run.code, run.errors) == (1, [message])


# -- A real blog --------------------------------------------------------------

CORPUS_POSTS = {
    "2021-01-21-next-gen-database-servers.md": "next-gen-database-servers",
    "2023-01-19-renewing-sponsors.md": "renewing-sponsors",
    "2016-9-20-what-it-costs-to-run-lets-encrypt.markdown": "what-it-costs-to-run-lets-encrypt",
    "2017-10-17-acme-support-in-apache-httpd.markdown": "acme-support-in-apache-httpd",
}


@pytest.fixture
def corpus_site(make_site: Site) -> Path:
    """A few posts of the Let's Encrypt blog, read from the corpus at test time."""
    if not POSTS.is_dir():
        pytest.skip(f"the shared corpora are not at {CORPUS.resolve()}")
    site = make_site({"site.yaml": "title: Let's Encrypt\n"})
    (site / "content").mkdir()
    for name in CORPUS_POSTS:  # .markdown is read as .md here: only raw HTML is under test
        shutil.copyfile(POSTS / name, site / "content" / (name.rsplit(".", 1)[0] + ".md"))
    return site


def test_a_real_blogs_raw_html_survives_sanitized(
    corpus_site: Path, build_site: Callable[..., Run]
) -> None:
    run = build_site(corpus_site, "--no-minify")
    assert run.code == 0
    servers = page(corpus_site, "next-gen-database-servers")
    assert (
        '<td class="p-[10px]">24x 3.8TB Samsung PM883<br>SATA SSD<br>560/540 MB/s read/write</td>'
        in servers
    )
    assert '<td class="p-[10px] align-top"><b>CPU</b></td>' in servers
    assert '<figure class="flex flex-col items-center text-center">' in servers
    assert "<figcaption>Dell PowerEdge R7525 internals." in servers
    sponsors = page(corpus_site, "renewing-sponsors")
    assert (
        '<a href="https://www.akamai.com"><img src="/images/sponsors/akamai-logo.png"'
        ' alt="Akamai" width="80" height="48" class="sponsor-logo-small"></a>'
    ) in sponsors
    costs = page(corpus_site, "what-it-costs-to-run-lets-encrypt")
    assert "<table>" in costs and "style=" not in costs.split("<main", 1)[-1]


def test_a_real_blogs_removals_are_warnings_at_their_lines(
    corpus_site: Path, build_site: Callable[..., Run]
) -> None:
    run = build_site(corpus_site)
    costs = "content/2016-9-20-what-it-costs-to-run-lets-encrypt.md"
    assert run.errors == [
        f"{costs}:20: warning: removed the style attribute from <table> (not allowed in"
        f" sanitized HTML; {KEEP})",
        f"{costs}:21: warning: removed the style attribute from <tr> (not allowed in"
        f" sanitized HTML; {KEEP})",
        f"{costs}:22: warning: removed the style attribute from <th> (not allowed in"
        f" sanitized HTML; {KEEP})",
        f"{costs}:23: warning: removed 11 more from raw HTML up to line 43: style (11)"
        " (set markdown.html: unsafe to keep them)",
        "content/2017-10-17-acme-support-in-apache-httpd.md:18: warning: removed the style"
        f" attribute from <div> (not allowed in sanitized HTML; {KEEP})",
        "content/2017-10-17-acme-support-in-apache-httpd.md:18: warning: removed <iframe>"
        " (embedded frames are not allowed in sanitized HTML; embed it with a shortcode,"
        f" or {KEEP})",
    ]
