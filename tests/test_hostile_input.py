"""Hostile and unlucky input: every failure is a located message, never a crash.

Each case here once crashed the process, printed a traceback, hung, or
quietly wrote something broken (issue: reliability under faults and hostile
input). Builds that could kill the test runner run in a child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, article, run_sitegen

SiteMaker = Callable[[dict[str, str | bytes]], Path]
Build = Callable[..., Run]


def run_child(site: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``sitegen ARGS SITE`` in a child process: a crash there is an exit status here."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args, str(site)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


TOO_DEEP = (
    "markdown nested more than 100 levels deep here (lists, quotes, emphasis, links, raw HTML"
    " or shortcodes inside each other); at most 100 are allowed"
)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("*" * 30_000 + "deep" + "*" * 30_000, 6),
        ("<div>" * 30_000 + "deep" + "</div>" * 30_000, 6),
        ("> " * 200 + "deep", 6),
        ("\n".join("  " * depth + "- item" for depth in range(200)), 55),
        ('a {{< callout type="note" >}}' * 3_000 + "x" + "{{< /callout >}}" * 3_000, 6),
        ('{{< callout type="note" >}}\n' * 300 + "x\n" + "{{< /callout >}}\n" * 300, 106),
    ],
    ids=["emphasis", "raw-html", "quotes", "lists", "inline-shortcodes", "block-shortcodes"],
)
def test_markdown_nested_too_deep_is_an_error_not_a_crash(
    make_site: SiteMaker, body: str, line: int
) -> None:
    site = make_site({"content/a.md": article("Deep", body=body)})
    result = run_child(site, "build", "--jobs", "1")
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [f"content/a.md:{line}: {TOO_DEEP}"],
    )


def test_markdown_nested_up_to_the_limit_builds(make_site: SiteMaker, build_site: Build) -> None:
    callouts = '{{< callout type="note" >}}\n' * 60 + "x\n" + "{{< /callout >}}\n" * 60
    site = make_site(
        {
            "content/a.md": article("A", body="*" * 90 + "deep" + "*" * 90),
            "content/b.md": article("B", body=callouts),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err


def test_a_line_of_many_unknown_shortcodes_is_read_in_linear_time(make_site: SiteMaker) -> None:
    """4,000 took 19 s and 100,000 over 300 s when each tag searched the rest of its line."""
    line = " ".join("{{< nosuch >}}" for _ in range(50_000))
    site = make_site({"content/a.md": article("A", body="x " + line)})
    started = time.perf_counter()
    result = run_child(site, "build", "--jobs", "1", timeout=90)
    assert time.perf_counter() - started < 60
    assert result.returncode == 1
    (message,) = result.stderr.splitlines()
    assert message.startswith("content/a.md:6: unknown shortcode 'nosuch'; the shortcodes are:")
    assert message.endswith(" (50000 times on this line)")


def test_each_unknown_shortcode_of_a_line_is_reported(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A", body="{{< one >}} {{< two >}} {{< one >}}")})
    result = build_site(site)
    one, two = result.errors
    assert one.startswith("content/a.md:6: unknown shortcode 'one'; the shortcodes are:")
    assert one.endswith(", youtube (2 times on this line)")
    assert two.startswith("content/a.md:6: unknown shortcode 'two'; the shortcodes are:")
    assert two.endswith(", youtube")


def test_an_article_past_the_size_limit_is_an_error(
    make_site: SiteMaker, build_site: Build
) -> None:
    body = "A paragraph of words.\n\n" * 120_000  # 2.8 MB
    site = make_site({"content/a.md": article("Huge", body=body), "content/b.md": article("B")})
    started = time.perf_counter()
    result = build_site(site)
    assert time.perf_counter() - started < 20
    assert result.errors == [
        "content/a.md:1: is 2.8 MB; a markdown file may be at most 2 MB: split it into several"
        " articles, and keep images and data in files of their own beside it"
    ]


LONG = "x" * 300


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            {"slug": LONG},
            f"content/a.md:4: slug '{'x' * 40}…' is 300 bytes long; a slug names a folder of the"
            " site and may be at most 200 bytes (UTF-8); shorten it",
        ),
        (
            {"tags": f"[{LONG}]"},
            f"content/a.md:4: tag '{'x' * 40}…' gives a slug that is 300 bytes long; a slug names"
            " a folder of the site and may be at most 200 bytes (UTF-8); shorten it",
        ),
        (
            {"section": LONG},
            f"content/a.md:4: section '{'x' * 40}…' gives a slug that is 300 bytes long; a slug"
            " names a folder of the site and may be at most 200 bytes (UTF-8); shorten it",
        ),
        (
            {"author": "Я" * 150},
            f"content/a.md:4: author '{'Я' * 40}…' gives a slug that is 300 bytes long; a slug"
            " names a folder of the site and may be at most 200 bytes (UTF-8); shorten it",
        ),
        (
            {"aliases": f"['/old/{LONG}/']"},
            f"content/a.md:4: alias '/old/{'x' * 35}…' has a part of 300 bytes ('{'x' * 40}…');"
            " each part of a URL becomes a file name and may be at most 200 bytes; shorten it",
        ),
    ],
    ids=["slug", "tag", "section", "author", "alias"],
)
def test_a_name_too_long_for_a_file_name_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Build, front: dict[str, str], message: str
) -> None:
    site = make_site({"content/a.md": article("A", **front)})
    result = build_site(site)
    assert (result.code, result.errors) == (1, [message])


@pytest.mark.parametrize("alias", ["/_redirects", "/_headers/"])
def test_an_alias_over_a_host_file_is_an_error(
    make_site: SiteMaker, build_site: Build, alias: str
) -> None:
    site = make_site({"content/a.md": article("A", aliases=f"['{alias}']")})
    result = build_site(site)
    name = alias.strip("/")
    what = {"_redirects": "the redirects file", "_headers": "the headers file"}[name]
    assert (result.code, result.errors) == (
        1,
        [
            f"content/a.md:4: the alias {alias} would write {name}/index.html, inside {name},"
            f" which is {what} for the host; give one of them another address"
        ],
    )


def test_an_alias_file_beside_a_content_folder_of_its_name_is_an_error(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A", aliases="['/x.y']"), "content/x.y/p.txt": "p"})
    result = build_site(site)
    assert (result.code, result.errors) == (
        1,
        [
            "content/a.md:4: the alias /x.y would write the file x.y, where content/x.y/p.txt"
            " needs a folder; give one of them another address",
            "content/x.y/p.txt:1: this file would write x.y/p.txt, inside x.y, which is the"
            " alias /x.y of content/a.md:4; give one of them another address",
        ],
    )


def test_an_alias_written_with_its_slash_stays_a_folder(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A", aliases="['/a.b/', '/old.html']")})
    assert build_site(site).code == 0
    assert (site / "output/a.b/index.html").is_file()
    assert (site / "output/old.html").is_file()
    redirects = (site / "output/_redirects").read_text()
    assert "/a.b/ /articles/a/ 301\n" in redirects


@pytest.mark.parametrize("flags", [("build", "--future", "--jobs", "1"), ("schedule",)])
@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("9999-12-31T23:59:59-12:00", "the year must be from 1000 to 9998"),
        ("0001-01-01T00:00:00+01:00", "the year must be from 1000 to 9998"),
        (
            "2024-01-01T10:00:00+25:00",
            "the offset +25:00 is not a time zone: it must be less than 24 hours",
        ),
    ],
)
def test_a_date_out_of_range_is_an_error_at_its_line(
    make_site: SiteMaker, flags: tuple[str, ...], date: str, reason: str
) -> None:
    site = make_site({"content/a.md": article("A", date=date)})
    result = run_sitegen(*flags, str(site))
    assert (result.code, result.errors) == (
        1,
        [
            "content/a.md:3: 'date' must be a date like 2024-03-01 or"
            f" 2024-03-01T09:30:00+01:00, not '{date}' ({reason})"
        ],
    )


def test_a_damaged_compiled_template_is_ignored_with_a_warning(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A")})
    assert build_site(site).code == 0
    compiled = list((site / ".sitegen-cache/templates").rglob("*.cache"))
    assert compiled
    for file in compiled:
        file.write_bytes(file.read_bytes()[:30])
    (site / "content/a.md").write_text(article("A", body="Changed."), encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err
    assert "ignoring a damaged compiled template in the cache" in result.err
    assert "Changed." in (site / "output/articles/a/index.html").read_text()


def test_a_site_yaml_that_is_a_folder_is_an_error(make_site: SiteMaker, build_site: Build) -> None:
    site = make_site({"content/a.md": article("A"), "site.yaml/title": "x"})
    result = build_site(site)
    assert (result.code, result.errors) == (
        1,
        ["site.yaml:1: is a folder, not a file; sitegen reads its settings from a file site.yaml"],
    )


def test_control_characters_are_dropped_with_a_warning_and_feeds_stay_well_formed(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "site.yaml": b'title: "News\x0b Desk"\n',
            "content/a.md": (
                b'---\ntitle: "Bad\x01 title"\ndate: 2025-01-01\ntags: [x]\nauthor: Bob\n---\n'
                b"A body \x0c with \x01 characters.\n"
            ),
            "content/b.md": b'---\ntitle: "Escaped \\x01 title"\ndate: 2025-01-02\n---\nok\n',
        }
    )
    result = build_site(site)
    assert result.code == 0
    assert result.errors == [
        "content/a.md:2: warning: dropped a control character (U+0001): no page or feed can"
        " carry it",
        "content/a.md:7: warning: dropped 2 control characters (U+000C, U+0001): no page or"
        " feed can carry them",
        "content/b.md:2: warning: dropped control characters from 'title': no page or feed"
        " can carry them",
        "site.yaml:1: warning: dropped a control character (U+000B): no page or feed can carry it",
    ]
    out = site / "output"
    for feed in ("feed.xml", "tags/x/feed.xml", "authors/bob/feed.xml", "sitemap.xml"):
        xml.dom.minidom.parse(str(out / feed))  # raises on a character XML cannot carry
    assert "Bad title" in (out / "feed.xml").read_text()
    again = build_site(site)  # nothing changed: the warnings are said again
    assert again.errors == result.errors


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {
                "site.yaml": "authors:\n  mara:\n    name: Mara\n    url: 'javascript:alert(1)'\n",
                "content/a.md": article("A", author="mara"),
            },
            "site.yaml:4: 'authors.mara.url' must be a path of the site or a URL starting with"
            " http://, https:// or mailto:, not 'javascript:alert(1)'",
        ),
        (
            {
                "site.yaml": "authors:\n  m.diaz:\n    name: M\n    url: 'javascript:x'\n",
                "content/a.md": article("A"),
            },
            "site.yaml:4: 'authors.m.diaz.url' must be a path of the site or a URL starting"
            " with http://, https:// or mailto:, not 'javascript:x'",
        ),
        (
            {
                "site.yaml": "authors:\n  mara:\n    name: Mara\n    url: ' java\tscript:x'\n",
                "content/a.md": article("A"),
            },
            "site.yaml:4: 'authors.mara.url' must not contain control characters",
        ),
        (
            {"site.yaml": "publisher:\n  name: P\n  logo: 'data:image/png;base64,AA'\n"},
            "site.yaml:3: 'publisher.logo' must be a path of the site or a URL starting with"
            " http:// or https://, not 'data:image/png;base64,AA'",
        ),
        (
            {"site.yaml": "default_image:\n  src: 'JavaScript:alert(1)'\n  alt: x\n"},
            "site.yaml:2: 'default_image.src' must be a path of the site or a URL starting with"
            " http:// or https://, not 'JavaScript:alert(1)'",
        ),
        (
            {"content/a.md": article("A", image="'javascript:alert(1)'", image_alt="x")},
            "content/a.md:4: 'image' must be a path of the site or a URL starting with http://"
            " or https://, not 'javascript:alert(1)'",
        ),
        (
            {"site.yaml": "authors:\n  ../x:\n    name: X\n"},
            "site.yaml:2: author key '../x' must be a name for a page: no '/', '\\', '?', '#'"
            " or '%'",
        ),
    ],
    ids=[
        "author-url",
        "dotted-author-url",
        "author-url-spaced",
        "logo",
        "default-image",
        "image",
        "author-key",
    ],
)
def test_url_fields_accept_only_web_links(
    make_site: SiteMaker, build_site: Build, files: dict[str, str], message: str
) -> None:
    site = make_site({"content/z.md": article("Z"), **files})
    result = build_site(site)
    assert (result.code, result.errors) == (1, [message])


def test_web_and_mail_links_are_accepted_in_url_fields(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "site.yaml": (
                "authors:\n  mara: {name: Mara, url: 'mailto:mara@example.org'}\n"
                "  ivo: {name: Ivo, url: 'https://ivo.example.org/'}\n"
                "publisher: {name: P, logo: /static/logo.png}\n"
            ),
            "content/a.md": article(
                "A", authors="[mara, ivo]", image="https://example.org/pic.png", image_alt="P"
            ),
        }
    )
    assert build_site(site).code == 0
    page = (site / "output/authors/mara/index.html").read_text()
    assert "href=mailto:mara@example.org" in page


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
OUTSIDE = (
    "symbolic link points outside the site folder; it is not followed"
    " (copy what it points to into the site)"
)


@needs_symlinks
@pytest.mark.parametrize(
    "link",
    [
        "content",
        "content/leak.md",
        "layouts",
        "layouts/partials/footer.html",
        "layouts/static",
        "layouts/static/secret.txt",
        "site.yaml",
    ],
)
def test_a_symlink_leaving_the_site_is_an_error_everywhere(
    make_site: SiteMaker, build_site: Build, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(article("Leak"), encoding="utf-8")
    (outside / "footer.html").write_text("SECRET", encoding="utf-8")
    (outside / "secret.txt").write_text("SECRET", encoding="utf-8")
    (outside / "site.yaml").write_text("title: Secret\n", encoding="utf-8")
    files = {"content/a.md": article("A"), "layouts/partials/.keep": ""}
    site = make_site({k: v for k, v in files.items() if not k.startswith(link + "/")})
    target = (
        outside if link in ("content", "layouts", "layouts/static") else outside / Path(link).name
    )
    (site / link).parent.mkdir(parents=True, exist_ok=True)
    (site / link).symlink_to(target, target_is_directory=target.is_dir())
    result = build_site(site)
    assert (result.code, result.errors) == (1, [f"{link}:1: {OUTSIDE}"])
    assert not (site / "output").exists()


@needs_symlinks
def test_symlinks_inside_the_site_are_followed_everywhere(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "content/a.md": article("A"),
            "shared/footer.html": '<footer class="shared-footer">mine</footer>',
            "shared/logo.txt": "logo",
            "shared/icons/star.svg": "<svg/>",
            "shared/chart.svg": "<svg/>",
        }
    )
    (site / "layouts/partials").mkdir(parents=True)
    (site / "layouts/static").mkdir(parents=True)
    (site / "layouts/partials/footer.html").symlink_to("../../shared/footer.html")
    (site / "layouts/static/logo.txt").symlink_to("../../shared/logo.txt")
    (site / "layouts/static/icons").symlink_to("../../shared/icons", target_is_directory=True)
    (site / "content/chart.svg").symlink_to("../shared/chart.svg")
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "output"
    assert "class=shared-footer" in (out / "articles/a/index.html").read_text()
    assert (out / "static/logo.txt").read_text() == "logo"
    assert (out / "static/icons/star.svg").is_file()
    assert (out / "chart.svg").is_file()
    (site / "shared/icons/star.svg").write_text("<svg><g/></svg>", encoding="utf-8")
    assert build_site(site).code == 0  # an edit behind a linked folder is an edit
    assert (out / "static/icons/star.svg").read_text() == "<svg><g/></svg>"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "default_author: '!!!'\n",
            "site.yaml:1: default_author '!!!' has no letters or digits, so it cannot have a page",
        ),
        (
            f"default_author: {LONG}\n",
            f"site.yaml:1: default_author '{'x' * 40}…' gives a slug that is 300 bytes long; a"
            " slug names a folder of the site and may be at most 200 bytes (UTF-8); shorten it",
        ),
        (
            f"language: {'x' * 50}\n",
            f"site.yaml:1: 'language' must be a language tag like 'en' or 'pt-BR', not"
            f" '{'x' * 50}'",
        ),
        (
            "language: de_DE\n",
            "site.yaml:1: 'language' must be a language tag like 'en' or 'pt-BR', not 'de_DE'"
            " (write 'de-DE')",
        ),
    ],
    ids=["author-without-letters", "author-too-long", "language-too-long", "language-underscore"],
)
def test_settings_that_broke_the_build_are_errors_at_their_line(
    make_site: SiteMaker, build_site: Build, settings: str, message: str
) -> None:
    site = make_site({"site.yaml": settings, "content/a.md": article("A")})
    result = build_site(site)
    assert (result.code, result.errors) == (1, [message])


def test_a_message_quoting_a_line_break_stays_on_one_line(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A", slug='"!\\n!"')})
    result = build_site(site)
    assert result.errors == [
        "content/a.md:4: slug '!\\n!' has no letters or digits; write one that has"
    ]


def test_the_preview_shows_a_file_and_folder_clash_as_located_problems(
    make_site: SiteMaker,
) -> None:
    import io
    import threading
    from datetime import UTC, datetime

    from sitegen.serve.livereload import EventHub
    from sitegen.serve.server import LiveSite
    from sitegen.serve.session import full_rebuild, serve_options

    site = make_site({"content/a.md": article("A", aliases="['/x.y']"), "content/x.y/p.txt": "p"})
    err = io.StringIO()
    options = serve_options(site, datetime(2026, 1, 1, tzinfo=UTC))
    live = LiveSite(full_rebuild(options, threading.Lock()), EventHub(), io.StringIO(), err)
    assert live.refresh() is None
    assert err.getvalue().splitlines() == [
        "content/a.md:4: the alias /x.y would write the file x.y, where content/x.y/p.txt"
        " needs a folder; give one of them another address",
        "content/x.y/p.txt:1: this file would write x.y/p.txt, inside x.y, which is the"
        " alias /x.y of content/a.md:4; give one of them another address",
    ]


def test_a_template_that_renders_itself_is_an_error_not_a_recursion_error(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site(
        {
            "content/a.md": article("A", body="x {{< box >}}"),
            "layouts/shortcodes/box.html": '{{ markdownify("a {{< box >}}") }}',
        }
    )
    result = build_site(site)
    assert (result.code, result.errors) == (
        1,
        [
            "content/a.md:6: shortcode 'box' expands shortcodes through markdownify more than"
            " 10 levels deep; a template that renders itself never ends"
        ],
    )


def test_a_file_name_with_a_backslash_is_an_error_not_a_refusal_to_write(
    make_site: SiteMaker, build_site: Build
) -> None:
    site = make_site({"content/a.md": article("A"), "content/x\\y.txt": "x"})
    result = build_site(site)
    assert (result.code, result.errors) == (
        1,
        [
            "content/x\\y.txt:1: the name holds '\\', which URLs and Windows read as a folder"
            " separator; rename it without one"
        ],
    )


@pytest.mark.parametrize("mode", ["sanitize", "unsafe"])
def test_sloppy_raw_html_is_not_deep(make_site: SiteMaker, build_site: Build, mode: str) -> None:
    """Elements the next of their kind closes, and (sanitized) inline elements a
    paragraph leaves open, do not add up: WordPress exports are full of both."""
    body = "<p>An unclosed paragraph\n\n" * 150 + "<ul><li>one<li>two</ul>\n\n" * 150
    if mode == "sanitize":
        body += "Press <kbd>Ctrl\n\n" * 150
    site = make_site(
        {"site.yaml": f"markdown: {{html: {mode}}}\n", "content/a.md": article("A", body=body)}
    )
    result = build_site(site)
    assert result.code == 0, result.err


def test_unsafe_inline_html_left_open_paragraph_after_paragraph_is_too_deep(
    make_site: SiteMaker,
) -> None:
    """Kept as written, 40,000 paragraphs ending inside a <span> nest 40,000 deep
    and crash the minifier."""
    site = make_site(
        {
            "site.yaml": "markdown: {html: unsafe}\n",
            "content/a.md": article("A", body="<span>x\n\n" * 40_000),
        }
    )
    result = run_child(site, "build", "--jobs", "1")
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [f"content/a.md:204: {TOO_DEEP}"],
    )
