"""Host files (.nojekyll, _redirects, _headers), SITEGEN_BASE_URL, and a site under a sub-path."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.post.hosting import LONG_CACHE, SHORT_CACHE, cache_rules
from tests.conftest import Run, article

SITE = {
    "site.yaml": """
        title: Desk
        base_url: https://news.example.org/
        authors: {ana: {name: Ana Ruiz}}
        publisher: {name: Desk, logo: /static/logo.svg}
        default_image: {src: /static/logo.svg, alt: Desk logo}
    """,
    "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    "content/first.md": article(
        "First",
        "2025-05-01",
        "See [the second](second/index.md) and ![a chart](/first-chart.svg).",
        tags="[Economy, Trade]",
        author="ana",
        section="World",
        aliases='["/2025/05/first/", "/old-first.html"]',
    ),
    "content/first-chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    "content/second/index.md": article(
        "Second", "2025-05-02", "![map](map.svg)\n\nBack to [first](../first.md).", tags="[Trade]"
    ),
    "content/second/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
}


def read_headers(text: str) -> list[tuple[str, list[str]]]:
    """``_headers`` as (pattern, header lines) in file order."""
    rules: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith((" ", "\t")):
            rules[-1][1].append(line.strip())
        else:
            rules.append((line, []))
    return rules


def matches(pattern: str, path: str) -> bool:
    """Cloudflare Pages and Netlify matching: exact, or a trailing splat matching any rest."""
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


def request_paths(relative: str, base: str = "/") -> list[str]:
    """The URL paths that serve one output file: ``a/index.html`` is also ``/a/``."""
    paths = [base + relative]
    if relative == "index.html" or relative.endswith("/index.html"):
        paths.append(base + relative.removesuffix("index.html"))
    return paths


def output_files(output: Path) -> Iterator[str]:
    for path in sorted(output.rglob("*")):
        if path.is_file():
            yield path.relative_to(output).as_posix()


@pytest.fixture
def built(make_site: Callable[..., Path], build_site: Callable[..., Run]) -> Path:
    site = make_site(SITE)
    run = build_site(site)
    assert run.code == 0, run.err
    return site / "output"


def test_output_has_an_empty_nojekyll_file(built: Path) -> None:
    assert (built / ".nojekyll").read_bytes() == b""


def test_redirects_file_sends_every_alias_to_its_article_with_a_301(built: Path) -> None:
    assert (built / "_redirects").read_text() == (
        "/2025/05/first/ /articles/first/ 301\n/old-first.html /articles/first/ 301\n"
    )


def test_redirects_keep_the_html_redirect_pages_too(built: Path) -> None:
    assert "/articles/first/" in (built / "2025/05/first/index.html").read_text()
    assert (built / "old-first.html").is_file()


def test_every_served_file_gets_exactly_one_cache_control(built: Path) -> None:
    rules = read_headers((built / "_headers").read_text())
    assert all(len(lines) == 1 and lines[0].startswith("Cache-Control: ") for _, lines in rules)
    for relative in output_files(built):
        if relative in {".nojekyll", "_headers", "_redirects"}:
            continue
        for path in request_paths(relative):
            found = [lines[0] for pattern, lines in rules if matches(pattern, path)]
            assert len(found) == 1, f"{path} matches {found}"
            hashed = relative.startswith("static/") and relative.endswith((".css", ".js"))
            hashed = hashed or relative.startswith("static/img/")  # variants, social cards
            assert found[0] == f"Cache-Control: {LONG_CACHE if hashed else SHORT_CACHE}", path


def test_fingerprinted_files_are_listed_one_by_one_and_plain_folders_are_one_splat() -> None:
    paths = ["index.html", "tags/a/index.html", "tags/index.html", "static/s.1a2b.css"]
    paths += ["static/logo.svg"]
    assert cache_rules(sorted(paths), {"static/s.1a2b.css"}) == [
        ("/", SHORT_CACHE),
        ("/index.html", SHORT_CACHE),
        ("/static/logo.svg", SHORT_CACHE),
        ("/static/s.1a2b.css", LONG_CACHE),
        ("/tags/*", SHORT_CACHE),
    ]


def test_a_folder_of_content_named_files_only_is_one_long_splat() -> None:
    images = ["static/img/a-1f-480.avif", "static/img/a-1f-800.avif", "static/img/b-card-2e.png"]
    paths = ["index.html", "static/s.1a2b.css", "static/logo.svg", *images]
    assert cache_rules(sorted(paths), {"static/s.1a2b.css", *images}) == [
        ("/", SHORT_CACHE),
        ("/index.html", SHORT_CACHE),
        ("/static/img/*", LONG_CACHE),
        ("/static/logo.svg", SHORT_CACHE),
        ("/static/s.1a2b.css", LONG_CACHE),
    ]


def test_a_site_without_fingerprinted_files_is_one_rule() -> None:
    assert cache_rules(["index.html", "a/index.html"], set()) == [("/*", SHORT_CACHE)]


def test_sitegen_base_url_overrides_site_yaml(
    make_site: Callable[..., Path], build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    monkeypatch.setenv("SITEGEN_BASE_URL", "https://owner.github.io/desk")
    assert build_site(site).code == 0
    robots = (site / "output/robots.txt").read_text()
    assert "https://owner.github.io/desk/sitemap.xml" in robots
    page = (site / "output/articles/first/index.html").read_text()
    assert "href=/desk/tags/trade/" in page
    assert "news.example.org" not in page


def test_base_url_flag_wins_over_sitegen_base_url(
    make_site: Callable[..., Path], build_site: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    monkeypatch.setenv("SITEGEN_BASE_URL", "https://owner.github.io/desk/")
    assert build_site(site, "--base-url", "https://flag.example.net/").code == 0
    robots = (site / "output/robots.txt").read_text()
    assert "https://flag.example.net/sitemap.xml" in robots
    assert "owner.github.io" not in robots


class References(HTMLParser):
    """Every ``href`` and ``src`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(v for k, v in attrs if k in {"href", "src"} and v)


def internal_references(html: str, origin: str) -> list[str]:
    """URL paths of the page's references to this site (scheme-less or on ``origin``)."""
    parser = References()
    parser.feed(html)
    paths = []
    for ref in parser.found:
        parts = urlsplit(ref)
        if parts.scheme in {"mailto", "tel", "data", "javascript"}:
            continue
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path or not parts.fragment:
            paths.append(parts.path)
    return paths


def test_a_project_site_links_only_below_its_sub_path_to_files_that_exist(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(SITE)
    assert build_site(site, "--base-url", "https://example.github.io/repo/").code == 0
    output = site / "output"
    produced = set(output_files(output))
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        name = page.relative_to(output).as_posix()
        for path in internal_references(page.read_text(), "https://example.github.io"):
            assert path.startswith("/repo/"), f"{name} links {path!r}"
            target = posixpath.normpath(unquote(path).removeprefix("/repo/"))
            wanted = target + "/index.html" if path.endswith("/") or target == "." else target
            assert wanted.removeprefix("./") in produced, f"{name} links {path!r}"


def test_host_files_carry_the_sub_path(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    site = make_site(SITE)
    assert build_site(site, "--base-url", "https://example.github.io/repo/").code == 0
    output = site / "output"
    assert "/repo/old-first.html /repo/articles/first/ 301\n" in (output / "_redirects").read_text()
    rules = read_headers((output / "_headers").read_text())
    assert all(pattern.startswith("/repo/") for pattern, _ in rules)
    for relative in output_files(output):
        if relative not in {".nojekyll", "_headers", "_redirects"}:
            for path in request_paths(relative, "/repo/"):
                assert sum(matches(pattern, path) for pattern, _ in rules) == 1, path
