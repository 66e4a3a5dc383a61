"""Raw HTML, sanitized: what is kept, and a warning at the file line of each removal.

The kept markup itself is in ``fixtures/sanitize.md``; these tests pin the
warnings (lines, wording, the count past three), the modes that warn about
nothing, and the places rendered HTML leaves the stage (FAQ answers, shortcode
``inner``) without a marker left behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.markdown.allowlist import scheme_of, url_allowed
from sitegen.markdown.removals import find_removals
from sitegen.model import RenderedArticle

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]
KEEP = "set markdown.html: unsafe to keep it"


def sanitized(render: Render, body: str, body_line: int = 1) -> RenderedArticle:
    result, problems = render(body, body_line)
    assert problems == []
    assert result is not None
    return result


def warning_lines(result: RenderedArticle) -> list[str]:
    return [str(warning) for warning in result.warnings]


def test_each_removal_is_a_warning_at_its_file_line(render: Render) -> None:
    body = (
        "Intro paragraph.\n"  # file line 6
        "\n"
        '<a href="javascript:alert(1)">x</a> and\n'  # 8
        '<b onclick="go()">y</b>\n'  # 9
        "\n"
        "<div>\n"  # 11
        '<img src="/a.png" alt="A"\n'  # 12
        '     style="width: 9px">\n'
        "</div>\n"
        "\n"
        "<script>alert(1)</script>\n"  # 16
    )
    result = sanitized(render, body, body_line=6)
    assert warning_lines(result) == [
        'content/a.md:8: warning: removed href="javascript:alert(1)" from <a> (javascript:'
        f" URLs are not allowed here, only http:, https:, mailto:, tel: and relative ones; {KEEP})",
        "content/a.md:9: warning: removed onclick from <b> (event handlers run scripts,"
        f" which sanitized HTML does not allow; {KEEP})",
        "content/a.md:12: warning: removed the style attribute from <img> (not allowed in"
        f" sanitized HTML; {KEEP})",
        "content/a.md:16: warning: removed <script> and its content (not allowed in"
        f" sanitized HTML; {KEEP})",
    ]
    assert "alert" not in result.html and "onclick" not in result.html
    assert "style" not in result.html
    assert '<img src="/a.png" alt="A">' in result.html


def test_past_three_removals_the_rest_of_a_file_is_one_counted_line(render: Render) -> None:
    body = "".join(f'<p style="color: red" onclick="f({n})">{n}</p>\n\n' for n in range(4))
    result = sanitized(render, body)
    assert warning_lines(result)[3:] == [
        "content/a.md:3: warning: removed 5 more from raw HTML up to line 7:"
        " onclick (3), style (2) (set markdown.html: unsafe to keep them)"
    ]
    assert len(result.warnings) == 4


def test_raw_html_in_a_shortcode_is_sanitized_and_warned_at_its_line(render: Render) -> None:
    body = (
        'Text.\n\n{{< callout type="note" >}}\nSee <kbd onclick="x()">K</kbd>.\n{{< /callout >}}\n'
    )
    result = sanitized(render, body, body_line=3)
    assert "<kbd>K</kbd>" in result.html
    assert warning_lines(result) == [
        "content/a.md:6: warning: removed onclick from <kbd> (event handlers run scripts,"
        f" which sanitized HTML does not allow; {KEEP})"
    ]


def test_faq_answers_for_structured_data_are_sanitized(render: Render) -> None:
    body = (
        "{{< faq >}}\n### Why?\n"
        'Because <b>this</b><script>x()</script><i onclick="y">.</i>\n{{< /faq >}}\n'
    )
    result = sanitized(render, body)
    assert result.faq[0].answer_html == "<p>Because <b>this</b><i>.</i></p>"
    assert "\x00" not in result.html and "script" not in result.html


def test_iframe_warning_suggests_a_shortcode(render: Render) -> None:
    result = sanitized(render, '<iframe src="https://example.org/embed"></iframe>\n')
    assert warning_lines(result) == [
        "content/a.md:1: warning: removed <iframe> (embedded frames are not allowed in"
        f" sanitized HTML; embed it with a shortcode, or {KEEP})"
    ]


def test_a_misplaced_table_row_is_said_as_misplaced(render: Render) -> None:
    result = sanitized(render, "Some <tr>row</tr> text.\n")
    assert result.html == "<p>Some row text.</p>\n"
    assert warning_lines(result) == [
        "content/a.md:1: warning: removed a misplaced <tr> (HTML does not allow it here;"
        " browsers ignore it)"
    ]


def test_text_swallowed_by_a_broken_tag_is_said(render: Render) -> None:
    result = sanitized(render, '<div title="open\n\nParagraph **lost**.\n')
    assert "lost" not in result.html
    assert warning_lines(result) == [
        "content/a.md:1: warning: removed the text after this raw HTML: it fell inside"
        " something that sanitizing removes (is a quote or a tag left open?)"
    ]


def test_kept_raw_html_gives_no_warning(render: Render) -> None:
    body = (
        "| a | b |\n|---|---|\n| one<br>two | <kbd>K</kbd> |\n\n"
        "<details open>\n<summary>More</summary>\n\n*Hidden*\n\n</details>\n\n"
        '<div class="x" id="y"><a href="https://example.org/" title="t">l</a></div>\n'
    )
    assert sanitized(render, body).warnings == ()


@pytest.mark.parametrize("mode", ["drop", "unsafe"])
def test_drop_and_unsafe_warn_about_nothing(render: Render, mode: str) -> None:
    result, problems = render('<script>x()</script>\n\n<b onclick="y">b</b>\n', html=mode)
    assert problems == []
    assert result is not None and result.warnings == ()
    assert ("onclick" in result.html) == (mode == "unsafe")


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("href", "https://example.org/", True),
        ("href", "/relative/", True),
        ("href", "#anchor", True),
        ("href", "mailto:desk@example.org", True),
        ("href", "javascript:alert(1)", False),
        ("href", " JaVa\tScRiPt:alert(1)", False),
        ("href", "vbscript:x", False),
        ("src", "data:image/png;base64,AAAA", False),
        ("src", "mailto:x@example.org", False),
        ("srcset", "/a.png 1x, /b.png 2x", True),
        ("srcset", "/a.png 1x, javascript:x 2x", False),
        ("title", "javascript:not-a-url", True),
    ],
)
def test_url_schemes(name: str, value: str, allowed: bool) -> None:
    assert url_allowed(name, value) is allowed


def test_scheme_is_read_as_a_browser_reads_it() -> None:
    assert scheme_of("\x01 java\nscript:x") == "javascript"
    assert scheme_of("/a:b") is None


def test_removals_are_found_by_comparison_not_by_position() -> None:
    """An element the parser moves (as browsers do) is not taken for removed."""
    spans: list[tuple[str, int]] = [("<table>", 0), ("<tr><td>a</td></tr></table>", 2)]
    moved = "\ufdd01\ufdd1<table><tbody><tr><td>a</td></tr></tbody></table>"
    assert find_removals(spans, moved) == []


def test_removal_lines_count_lines_inside_a_span() -> None:
    spans = [('<div>\n<span\n  onclick="x">a</span>\n</div>', 10)]
    removals: Mapping[int, str] = {
        line: name for line, name, _ in find_removals(spans, "<div>\n<span>a</span>\n</div>")
    }
    assert removals == {11: "onclick"}


PIECES = (
    "<script>alert(1)</script>",
    "<script>",
    "</script>",
    '<a href="javascript:alert(1)">',
    '<a href=" jav&#x09;ascript:alert(1)">',
    "</a>",
    '<img src=x onerror="alert(1)">',
    '<div style="x" onclick="y">',
    "</div>",
    "<details>",
    "<summary>s</summary>",
    "</details>",
    '<p title="',
    '">',
    "<svg><script>x</script>",
    "<style>",
    "<!--",
    "-->",
    "<iframe src=x>",
    "<kbd>",
    "</kbd>",
    "<table><tr>",
    "</td>",
    "**bold**",
    "[link](/x/)",
    "`code`",
    "text",
    "## Heading",
    "| a | b |\n|---|---|\n| c<br>d | e |",
    '{{< callout type="note" >}}\n<b onclick="x">in</b>\n{{< /callout >}}',
    " ",
    "\n",
    "\n\n",
)


class Dangers(HTMLParser):
    """What SPEC §6 says never passes: scripts, handlers, javascript: URLs, styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "iframe"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src") and not url_allowed(name, value or ""):
                self.found.append(f"{tag}[{name}={value}]")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=14))
def test_nothing_unsafe_ever_passes_whatever_the_mix(render: Render, pieces: list[str]) -> None:
    result, _ = render("".join(pieces))
    if result is None:  # a shortcode error: nothing is rendered at all
        return
    dangers = Dangers()
    dangers.feed(result.html)
    assert dangers.found == []
    assert "\x00" not in result.html and "\ufdd0" not in result.html


def test_a_task_list_is_no_raw_html_to_sanitize(render: Render) -> None:
    """Its checkboxes are sitegen's markup (``markdown/lists.py``): kept, and no
    warning about HTML the author never wrote; an ``<input>`` the author
    writes is still removed, with its warning."""
    result = sanitized(render, "- [x] Filed\n- [ ] Checked with the desk\n", body_line=4)
    assert result.html.count('<input class="task-list-item-checkbox"') == 2
    assert result.warnings == ()
    written = sanitized(render, 'A box: <input type="checkbox" checked>\n', body_line=4)
    assert "<input" not in written.html
    assert [w.line for w in written.warnings] == [4]
