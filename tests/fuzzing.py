"""Random sites, built: every outcome is a clean exit with located messages.

Hypothesis writes sites from pieces that have broken sitegen before (front
matter of every type, markdown and shortcodes, odd file names, names in other
scripts, control characters, hostile aliases and URLs, symbolic links,
site.yaml) and builds each one in this process. Every build must:

- exit 0, with nothing on stderr but ``PATH:LINE: warning: …`` lines, or exit
  1 with only ``PATH:LINE: …`` lines (PATH relative to the site);
- never raise, never print a traceback, never die of a signal;
- write nothing outside the output directory and the cache.

Run as ``python -m tests.fuzzing --examples N [--random]``: ``tests/test_fuzz.py``
runs a few dozen fixed examples in a child process (a segmentation fault
there is a failed test, not a dead test runner), ``make fuzz`` runs thousands
of random ones. Before each build the site is written to ``--last`` so that a
build that kills the process can be read back.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import struct
import sys
import tempfile
import time
import xml.dom.minidom
import zlib
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from xml.parsers.expat import ExpatError

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

LOCATED = re.compile(r"^(?!/)\S.*?:\d+: \S")
"""``PATH:LINE: message`` with a relative PATH."""
SLOW_SECONDS = 30.0
"""One small site built slower than this is a hang, not a slow machine."""

# -- pieces -------------------------------------------------------------------

NAMES = [
    "a",
    "b",
    "2024-01-02-news",
    "2015-10-8-jekyll",
    "index",
    "_index",
    "Новости",
    "東京タワー",
    "c++",
    "C#",
    "go1.14",
    "v1.0 trio",
    "two  spaces",
    "dots..in..name",
    "-dash-",
    "x" * 120,
    "Я" * 60,
    "tags",
    "feed",
    "search",
    "static",
    "_redirects",
    "404",
]
EXTENSIONS = [".md", ".md", ".md", ".markdown", ".txt", ".png", ".html", ".xml", ""]
FOLDERS = ["", "", "", "news/", "x.y/", "bundle/", "Новости/", "a/b/", "tags/", "static/"]

FRAGMENTS = [
    "# Heading",
    "## Section {#custom .wide data-x=1}",
    "## Section {onclick=alert(1)}",
    "### C++ and C#",
    "Plain *em* **strong** ~~gone~~ `code` text.",
    "- one\n- two\n  - nested\n    1. deeper",
    "> quote\n> > nested quote",
    "> [!NOTE]\n> An alert.",
    "> [!WARNING]\n> Careful.",
    "```python\nprint('{{< callout >}}')\n```",
    '```go {linenos=true, hl_lines=[1,"2-99999999"], linenostart=99999999999}\nfunc f() {}\n```',
    "```{r}\nx <- 1\n```\n\n```nosuchlanguage {hl_lines=x}\n<b>\n```",
    "[p]({filename}/b.md) [t]({tag}C++) [s]({static}pic.png) [i]({index}) [x]({author})",
    "    indented {{< nosuch >}}",
    "[to b](b.md) [abs](/articles/a/) [up](../x/) [frag](#heading) [far](../../../../x)",
    "[mail](mailto:a@b.c) [js](javascript:alert(1)) [data](data:text/html,x)",
    "![pic](pic.png) ![remote](https://example.org/x.png) ![](missing.png)",
    "<div class=box>raw <b onclick='x()'>bold</b></div>",
    "<script>alert(1)</script><style>p{}</style>",
    "<details><summary>More</summary>\n\nInside.\n\n</details>",
    "Press <kbd>Ctrl",
    '{{< callout type="note" >}}\nInner **markdown**.\n{{< /callout >}}',
    '{{< callout type="pro-tip" title="T" >}}inline{{< /callout >}}',
    '{{< callout type="bogus" >}}x{{< /callout >}}',
    "{{< callout >}}\nno type\n{{< /callout >}}",
    '{{% callout type="warning" %}}\n*md*\n{{% /callout %}}',
    "{{< callout type='note' >}}\nnever closed",
    "{{< /callout >}}",
    "{{< nosuch >}} {{< nosuch >}} {{< other a=b >}}",
    "{{< faq >}}\n### Question?\nAnswer.\n### Another?\nMore.\n{{< /faq >}}",
    "{{< faq >}}\n{{< /faq >}}",
    '{{</* callout type="note" */>}} {{%/* x */%}}',
    '{{< callout type="note" x=`raw\nvalue` >}}y{{< /callout >}}',
    '{{< box >}}x{{< /box >}} {{< box text="a" />}}',
    '{{< figure src="pic.png" alt="A" caption="*c*" >}}',
    '{{< ref "b.md" >}} [to b]({{< ref "b.md" >}}) {{< relref "nowhere.md" >}}',
    '{{< youtube dQw4w9WgXcQ >}} {{< youtube id="x" start="soon" >}}',
    "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}",
    "{{< param title >}} {{< param nosuch >}}",
    '{{< details summary="More" >}}\nHidden.\n{{< /details >}}',
    "{{<",
    "{{% x >}}",
    "}} >}} %}}",
    "\\{{< escaped >}}",
    "A footnote[^1].\n\n[^1]: The note.",
    "| a | b |\n|---|---|\n| 1 | <br> |",
    "<!--more-->",
    "text \x01 with \x0b control \x0c characters \x7f",
    "&amp; &#0; &#x110000; &bogus;",
    "*" * 40 + "deep" + "*" * 40,
    "<div>" * 30 + "deep" + "</div>" * 30,
    "> " * 30 + "deep",
    "\ufeff\u200b\u202e reversed",
    "Новости и 東京 and emoji 🚀",
    "[[double]] ((paren)) {{braces}}",
]

DATES: list[object] = [
    "2025-01-01",
    "2024-02-29T09:30:00+01:00",
    "2025-06-01 10:00",
    "2024-02-30",
    "9999-12-31T23:59:59-12:00",
    "0001-01-01T00:00:00+01:00",
    "2024-01-01T10:00:00+25:00",
    "yesterday",
    "",
    20250101,
    date(2024, 5, 1),
    datetime(2030, 1, 1, 12, tzinfo=UTC),
    datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-11, minutes=-30))),
]
ALIASES = [
    "/",
    "/old/",
    "/a.b/",
    "/x.y",
    "/old.html",
    "/?p=12",
    "/page/?p=1&q=2",
    "/_redirects",
    "/_headers/",
    "/tags/",
    "/feed.xml",
    "/404.html",
    "//evil.org/",
    "http://evil.org/",
    "../up",
    "/a/../../b/",
    "/a#b",
    "/старое/",
    "/" + "y" * 250 + "/",
    "relative",
]
URLS = [
    "https://example.org/",
    "mailto:a@example.org",
    "javascript:alert(1)",
    " java\tscript:x",
    "data:image/png;base64,AA",
    "/static/logo.png",
    "pic.png",
    "",
]


def texts(max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(
        alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=max_size
    )


def names() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NAMES), texts(30), st.just("z" * 300))


def scalars() -> st.SearchStrategy[object]:
    return st.one_of(
        names(),
        st.integers(-5, 10**12),
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(DATES),
    )


def values() -> st.SearchStrategy[object]:
    return st.one_of(
        scalars(), st.lists(scalars(), max_size=4), st.dictionaries(names(), scalars(), max_size=3)
    )


def front_matter() -> st.SearchStrategy[dict[str, object]]:
    required: dict[str, st.SearchStrategy[object]] = {
        "title": st.one_of(st.sampled_from(["A", "Новости", "Title: with colon"]), values()),
        "date": st.one_of(st.sampled_from(DATES), values()),
    }
    known: dict[str, st.SearchStrategy[object]] = {
        "updated": st.sampled_from(DATES),
        "lastmod": st.sampled_from(DATES),
        "slug": names(),
        "summary": names(),
        "description": names(),
        "author": st.one_of(names(), st.lists(names(), max_size=3)),
        "authors": st.lists(names(), max_size=3),
        "tags": st.one_of(st.lists(names(), max_size=5), names()),
        "section": names(),
        "image": st.sampled_from(URLS),
        "image_alt": names(),
        "draft": st.one_of(st.booleans(), names()),
        "related": st.lists(names(), max_size=3),
        "aliases": st.lists(st.one_of(st.sampled_from(ALIASES), texts(20)), max_size=3),
        "toc": st.booleans(),
        "url": st.sampled_from(ALIASES),
        "weird key": values(),
    }
    usual: dict[str, st.SearchStrategy[object]] = {
        "title": st.just("A"),
        "date": st.just("2025-01-01"),
    }
    # Mostly a title and date that work, so the rest of the article is reached.
    return st.one_of(
        st.fixed_dictionaries(usual, optional=known),
        st.fixed_dictionaries(usual, optional=known),
        st.fixed_dictionaries(required, optional=known),
    )


def bodies() -> st.SearchStrategy[str]:
    pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), texts(40)), max_size=8)
    joiner = st.sampled_from(["\n\n", "\n", " "])
    return st.builds(lambda parts, glue: glue.join(parts), pieces, joiner)


@st.composite
def markdown_files(draw: st.DrawFn) -> str:
    front = draw(front_matter())
    body = draw(bodies())
    form = draw(st.sampled_from(["yaml", "yaml", "yaml", "json", "pelican", "none", "broken"]))
    if form == "pelican":  # Pelican's "Key: value" lines, ended by a blank line
        lines = [f"{key.capitalize()}: {value}" for key, value in front.items()]
        return "\n".join(lines) + "\n\n" + body
    if form == "json":
        return json.dumps(front, default=str, ensure_ascii=False) + "\n" + body
    if form == "none":
        return body
    if form == "broken":
        return "---\ntitle: [oops\n" + body
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\n{body}\n"


def site_settings() -> st.SearchStrategy[dict[str, object]]:
    author = st.fixed_dictionaries(
        {"name": names()}, optional={"url": st.sampled_from(URLS), "bio": names()}
    )
    keys: dict[str, st.SearchStrategy[object]] = {
        "title": st.one_of(names(), st.just("Site \x01 title")),
        "base_url": st.sampled_from(
            [
                "https://example.org/",
                "https://example.org/блог/",
                "http://x.org/sub",
                "ftp://x",
                "nope",
            ]
        ),
        "timezone": st.sampled_from(["UTC", "Europe/Paris", "Pacific/Kiritimati", "Mars/Base"]),
        "paginate": st.one_of(st.integers(-1, 5), names()),
        "permalinks": st.fixed_dictionaries(
            {
                "article": st.sampled_from(
                    [
                        "/articles/{slug}/",
                        "/{year}/{month}/{day}/{slug}/",
                        "/{section}/{slug}/",
                        "/{slug}",
                        "/../{slug}/",
                        "/{nope}/",
                        "/{slug}.html/",
                    ]
                )
            }
        ),
        "authors": st.dictionaries(names(), author, max_size=3),
        "default_author": names(),
        "markdown": st.fixed_dictionaries(
            {"html": st.sampled_from(["sanitize", "drop", "unsafe", "x"])}
        ),
        "news_sitemap": st.booleans(),
        "related": st.fixed_dictionaries({"count": st.integers(-1, 5)}),
        "exclude": st.lists(st.sampled_from(["*.txt", "drafts/**", "[", "x.y/", "**"]), max_size=2),
        "language": st.sampled_from(["en", "ru", "", "x" * 50]),
        "publisher": st.fixed_dictionaries(
            {"name": names()}, optional={"logo": st.sampled_from(URLS)}
        ),
        "default_image": st.fixed_dictionaries({"src": st.sampled_from(URLS), "alt": names()}),
        "unknwon": values(),
    }
    return st.fixed_dictionaries({}, optional=keys)


TEMPLATES = [
    "{#- shortcode\nargs:\n  text: {required: true}\ninner: none\n-#}\n"
    '<span class="box">{{ args.text }}</span>',
    "<div>{{ inner }}</div>",
    "{% if %}broken",
    "{{ no_such_variable }}",
    "{#- shortcode\nargs: [not, a, mapping]\n-#}\nx",
    "\x01{{ inner }}",
    '{{ markdownify("a {{< box >}} *b*") }}',
]


def _png(width: int, height: int) -> bytes:
    """A valid PNG of ``width`` x ``height`` grey pixels, made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TINY_PNG = _png(3, 2)


@st.composite
def sites(draw: st.DrawFn) -> dict[str, str | bytes]:
    """A site as files: relative path → text or bytes."""
    files: dict[str, str | bytes] = {}
    if draw(st.booleans()):
        settings_ = draw(site_settings())
        files["site.yaml"] = yaml.safe_dump(settings_, allow_unicode=True, default_flow_style=False)
    elif draw(st.booleans()):
        files["site.yaml"] = draw(texts(60))
    for _ in range(draw(st.integers(1, 5))):
        folder = draw(st.sampled_from(FOLDERS))
        name = draw(names()) + draw(st.sampled_from(EXTENSIONS))
        path = f"content/{folder}{name}"
        if name.endswith((".md", ".markdown")):
            files[path] = draw(markdown_files())
        else:
            files[path] = draw(st.binary(max_size=40))
    if draw(st.integers(0, 3)) == 0:  # a picture articles show, or bytes that claim to be one
        files[f"content/{draw(st.sampled_from(FOLDERS))}pic.png"] = draw(
            st.sampled_from([TINY_PNG, TINY_PNG[:30], b"GIF89a", b""])
        )
    if draw(st.integers(0, 4)) == 0:
        files["layouts/shortcodes/box.html"] = draw(st.sampled_from(TEMPLATES))
    if draw(st.integers(0, 6)) == 0:
        files["layouts/static/logo.svg"] = "<svg/>"
    return files


# -- one build ----------------------------------------------------------------


def write_site(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write the files; a set the file system cannot hold is not an example."""
    for name, body in files.items():
        path = root / name
        parts = name.split("/")
        assume(all(p not in ("", ".", "..") and len(p.encode()) < 250 for p in parts))
        assume("\n" not in name and "\r" not in name)  # a message is one line
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(body, encoding="utf-8", errors="surrogatepass")
        except (OSError, UnicodeError, ValueError):
            assume(False)


def snapshot(root: Path, site: Path) -> dict[str, tuple[int, int]]:
    """Every path below ``root`` but the output and the cache: (size, mtime) of a
    file, (0, 0) of a folder (its time changes when the output is made in it)."""
    kept = {}
    skipped = (site / "output", site / ".sitegen-cache")
    for folder, dirs, names_ in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skipped]
        kept.update((str((here / d).relative_to(root)), (0, 0)) for d in dirs)
        for name in names_:
            stat = (here / name).lstat()
            kept[str((here / name).relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return kept


OUTCOMES: Counter[int] = Counter()
"""Exit statuses seen, for the summary line: a fuzz run that only ever fails at
site.yaml would test little."""


def build_once(
    files: Mapping[str, str | bytes],
    links: tuple[str, ...],
    last: Path | None,
    edit: tuple[int, str] | None = None,
) -> None:
    """Build one site in a fresh folder and check what the build did; after a good
    build, ``edit`` (index of a markdown file, new text) is saved and built again,
    through everything the first build left in the cache."""
    from sitegen.cli import main

    with tempfile.TemporaryDirectory(prefix="sitegen-fuzz-") as temp:
        root = Path(temp)
        site = root / "site"
        site.mkdir()
        (root / "outside").mkdir()
        (root / "outside/secret.md").write_text(
            "---\ntitle: Secret\ndate: 2025-01-01\n---\nSECRET\n"
        )
        write_site(site, files)
        for link in links:
            _make_link(site, link)
        if last is not None:
            last.write_text(repr((dict(files), links)), encoding="utf-8")
        before = snapshot(root, site)
        code = run_command(main, "build", site, "--jobs", "1")
        OUTCOMES[code] += 1
        if code == 0:
            check_output(site / "output", site / "content")
            run_command(main, "check", site)  # links and anchors of what was built
        markdown = sorted(n for n in files if n.endswith((".md", ".markdown")))
        if code == 0 and edit is not None and markdown:
            name = markdown[edit[0] % len(markdown)]
            (site / name).write_text(edit[1], encoding="utf-8", errors="surrogatepass")
            ours = f"site/{name}"
            before[ours] = snapshot(root, site)[ours]  # the edit is ours, not the build's
            if run_command(main, "build", site, "--jobs", "1") == 0:
                check_output(site / "output", site / "content")
        after = snapshot(root, site)
        changed = sorted(set(before.items()) ^ set(after.items()))
        assert not changed, f"written outside the output and the cache: {changed}"


def run_command(main: Callable[[list[str]], int], command: str, site: Path, *flags: str) -> int:
    """``sitegen COMMAND SITE FLAGS`` in this process; its outcome checked."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([command, str(site), *flags])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    check_outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)
    return code


def _make_link(site: Path, kind: str) -> None:
    link = site / "content/linked.md"
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() or link.is_symlink():
        return
    target = {"outside": "../../outside/secret.md", "inside": "../site.yaml", "nothing": "gone.md"}
    link.symlink_to(target[kind])


def check_outcome(code: int, out: str, err: str, seconds: float) -> None:
    """Exit 0 with warnings only, or exit 1 with located messages only."""
    assert "Traceback" not in out + err, err
    assert code in (0, 1), f"exit {code}: {err}"
    lines = [line for line in err.split("\n") if line.strip()]
    for line in lines:
        assert LOCATED.match(line) or line.startswith("sitegen: warning: "), (
            f"not located: {line!r}"
        )
        if code == 0 and not line.startswith("sitegen: "):
            assert ": warning: " in line, f"exit 0 with an error: {line!r}"
    if code == 1:
        assert lines, "exit 1 without a message"
    assert seconds < SLOW_SECONDS, f"a small site took {seconds:.1f} s"


def check_output(output: Path, content: Path) -> None:
    """What a successful build made is well-formed: XML parses, JSON parses, and no
    link leads to ``None`` (files copied from ``content/`` are the author's)."""
    for path in output.rglob("*"):
        if (content / path.relative_to(output)).exists():
            continue
        if path.suffix == ".xml":
            try:
                xml.dom.minidom.parse(str(path))
            except ExpatError as error:
                raise AssertionError(f"{path.relative_to(output)} is not XML: {error}") from None
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.suffix == ".html":
            page = path.read_text(encoding="utf-8")
            assert not re.search(r"""(?:href|src)=["']?None\b""", page), path


def run(examples: int, random: bool, last: Path | None) -> None:
    """Build ``examples`` random sites (fixed ones unless ``random``)."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=not random,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=random,
    )
    @given(
        files=sites(),
        links=st.lists(st.sampled_from(["outside", "inside", "nothing"]), max_size=1),
        edit=st.none() | st.tuples(st.integers(0, 9), markdown_files()),
    )
    def one(files: dict[str, str | bytes], links: list[str], edit: tuple[int, str] | None) -> None:
        build_once(files, tuple(links), last, edit)

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    one()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--random", action="store_true", help="new examples each run")
    parser.add_argument("--last", type=Path, help="write each site here before building it")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    run(args.examples, args.random, args.last)
    print(
        f"{sum(OUTCOMES.values())} random sites in {time.perf_counter() - started:.1f} s:"
        f" {OUTCOMES[0]} built, {OUTCOMES[1]} refused with located messages"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
