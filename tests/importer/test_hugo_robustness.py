"""A Hugo site with every kind of mistake still imports into a site that builds.

Hugo stops at some of these; an import cannot ask the author to fix the old
site first. Each is carried over as well as it can be and said in the report.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.importer.conftest import Imported

CONFIG = """
baseURL = "/"
title = 42
uglyURLs = "true"
disableKinds = "taxonomy"
[permalinks]
posts = "/:year/:slug/"
weird = 5
[taxonomies]
"""

BROKEN = {
    "hugo.toml": CONFIG,
    "content/posts/types.md": '---\ntitle: 123\ndate: "not a date"\ntags: "a, b"\n---\n'
    "Body {{< foo\n",
    "content/posts/lists.md": "---\ntitle: [x, y]\ndate: 2024\naliases: single\nslug: 42\n---\n"
    "{{< /bar >}} text {{% x %}} and {{< /x >}}\n",
    "content/posts/paths.md": '---\ntitle: P\ndate: 2024-13-45\nslug: "a/b"\n'
    'url: "/a/../../b"\ndraft: "yes"\nauthor: 42\n'
    'aliases: [1, "", "../../etc", "http://x.com/a"]\ncascade: 5\nparams: x\n---\nx\n',
    "content/posts/empty.md": "",
    "content/posts/unclosed.md": "---\n",
    "content/posts/crlf.md": "\ufeff---\r\ntitle: CRLF\r\ndate: 2024-01-02\r\n---\r\n"
    "Line\r\n{{< youtube abc >}}\r\n",
    "content/posts/latin1.md": b"---\ntitle: \xe9\n---\n",
    "content/posts/spaced name \u00e9.md": "---\ntitle: Spaced\ndate: 2024-01-03\n"
    "categories: Economy\nauthor: [a, {name: b}]\nexpiryDate: bad\n---\n[x](../other/)\n",
    "content/posts/toml-time.md": '+++\ntitle = "T"\ndate = 12:00:00\n+++\n'
    "{{< figure >}} {{< highlight >}}unclosed\n{{< ref >}} {{< param >}}\n",
    "content/posts/json.md": '{\n"title": "J", "date": "2024-02-02", "tags": [1, {"a": 1}]\n}\n'
    "{{< tweet 123 >}} {{< gist u 1 f.py >}}\n",
    "content/posts/same-1.md": "---\ntitle: Same\ndate: 2024-02-02\n---\nx",
    "content/posts/same-2.md": "---\ntitle: Same\ndate: 2024-02-02\n---\n"
    '{{< a/b c="d" >}}in{{< /a/b >}} {{< x-y 1 2 3 >}} {{< x-y k="v" />}}',
    "content/posts/slashy.md": '---\ntitle: S\ndate: 2024-03-01\nslug: "<b>b</b>"\n---\nx',
    "content/posts/twin-1.md": "---\ntitle: rel/path\n---\nx",
    "content/posts/twin-2.md": "---\ntitle: rel/path\n---\ny",
    "content/posts/\u65e5\u672c/index.md": "---\ntitle: \u65e5\u672c\u8a9e\ndate: 2024-03-03\n"
    'tags: "{{< x >}}"\n---\nx',
    "static/README.md": "readme",
    "static/robots.txt": "x",
}


def test_a_site_full_of_mistakes_imports_and_builds(hugo: Callable[..., Imported]) -> None:
    done = hugo(BROKEN)
    assert done.result.code == 0, done.result.err
    assert "Traceback" not in done.result.err
    built = done.build()
    assert [e for e in built.errors if ": warning: " not in e] == []
    notes = "\n".join(done.notes)
    for expected in (
        "content/posts/unclosed.md:1: not imported: front matter opened with '---' is never closed",
        "content/posts/latin1.md:1: not imported: the file is not UTF-8 text",
        "content/posts/types.md:6: a shortcode tag that never ends: kept as text",
        "content/posts/lists.md:7: closing tag of 'bar' without an opening one: left out",
        "alias http://x.com/a is not an address on the site (Hugo refused it): left out",
        "static/robots.txt:1: not copied: sitegen writes /robots.txt itself",
        "baseURL '/' is not an absolute http(s) URL",
        "tags '>}}' has no letters or digits, so no page: left out",
    ):
        assert expected in notes
    assert done.body("content/posts/types.md") == "Body \\{{< foo"
    assert done.front("content/posts/types.md")["tags"] == ["a", "b"]
    assert done.front("content/posts/paths.md")["url"] == "/b/"
    assert done.site()["exclude"] == ["/README.md"]
