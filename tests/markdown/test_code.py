"""Code in colour: a fenced block in a language Pygments knows gets Pygments'
classes, Hugo's options (marked lines, line numbers) are honoured, and what
cannot be coloured stays exactly as markdown-it writes it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.config import MarkdownConfig
from sitegen.errors import Problems
from sitegen.markdown import ShortcodeRegistry, make_markdown, render_article
from sitegen.markdown.code import code_options
from sitegen.markdown.document import keep_link
from sitegen.markdown.text import plain_text
from sitegen.model import RenderedArticle
from tests.conftest import run_sitegen
from tests.markdown.conftest import article, jinja_renderer, site_templates

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]


def rendered(render: Render, body: str) -> RenderedArticle:
    result, problems = render(body)
    assert problems == []
    assert result is not None
    return result


def html_of(render: Render, body: str) -> str:
    return rendered(render, body).html


def test_a_fence_in_a_known_language_is_coloured(render: Render) -> None:
    html = html_of(render, '```Go\nfunc main() { println("a < b") }\n```\n')
    assert html.startswith('<pre class="highlight"><code class="language-Go">')
    assert '<span class="kd">func</span>' in html
    assert '<span class="s">&quot;a &lt; b&quot;</span>' in html or (
        '<span class="s">"a &lt; b"</span>' in html
    )
    assert html.endswith("</code></pre>\n")


def test_unknown_and_plain_languages_stay_as_markdown_it_writes_them(render: Render) -> None:
    for language in ("mermaid", "nosuchlanguage", "text"):
        html = html_of(render, f"```{language}\ngraph <TD>\n```\n")
        assert html == f'<pre><code class="language-{language}">graph &lt;TD&gt;\n</code></pre>\n'
    assert html_of(render, "```\nx = 1\n```\n") == "<pre><code>x = 1\n</code></pre>\n"
    # Indented code is never coloured, in Hugo either.
    assert html_of(render, "    x = 1\n") == "<pre><code>x = 1\n</code></pre>\n"


def test_python_markdowns_language_line_names_an_indented_blocks_language(
    render: Render,
) -> None:
    """Pelican's codehilite: ``:::bash`` or ``#!python`` first; a shebang stays."""
    html = html_of(
        render,
        "Text:\n\n    :::bash\n    ls -la\n\nMore:\n\n    #!python\n    print(1)\n\n"
        "```\n:::sql\nSELECT 1\n```\n\nA script:\n\n    #!/bin/sh\n    echo hi\n\n"
        "Four colons:\n\n    ::::sh\n    ls\n",
    )
    assert '<code class="language-bash">ls<span class="w"> </span>-la\n</code>' in html
    assert '<code class="language-python"><span class="nb">print</span>' in html
    assert '<code class="language-sql"><span class="k">SELECT</span>' in html
    assert "<pre><code>#!/bin/sh\necho hi\n</code></pre>" in html
    assert '<code class="language-sh">ls\n</code>' in html
    assert ":::" not in html and "#!python" not in html


def test_hugos_options_mark_lines_and_number_them(render: Render) -> None:
    body = '```python {linenos=table, hl_lines=[2,"4-5"], linenostart=9}\na\nb\nc\nd\ne\n```\n'
    html = html_of(render, body)
    lines = html.split("\n")
    first = '<span class="linenos" aria-hidden="true"> 9</span><span class="n">a</span>'
    assert lines[0].endswith(first)
    marked = [line for line in lines if '<span class="hll">' in line]
    # Lines 2, 4 and 5 of the block, counted from its first line, numbered from 9.
    assert [line.split('aria-hidden="true">')[1][:2] for line in marked] == ["10", "12", "13"]
    assert all('<span class="hll"><span class="linenos"' in line for line in marked)
    assert html.count("<span") == html.count("</span>")


def test_the_hugo_shortcode_takes_the_same_options(render: Render) -> None:
    body = '{{< highlight go "linenos=inline,hl_lines=2" >}}\na := 1\nb := 2\n{{< /highlight >}}\n'
    html = html_of(render, body)
    assert '<pre class="highlight"><code class="language-go">' in html
    assert '<span class="hll"><span class="linenos" aria-hidden="true">2</span>' in html
    fence = html_of(render, "```go {linenos=inline,hl_lines=[2]}\na := 1\nb := 2\n```\n")
    assert html.strip() == fence.strip()


@pytest.mark.parametrize(
    ("typed", "options"),
    [
        ("{linenos=table,hl_lines=[8,\"15-17\"],linenostart=199}",
         {"linenos": "table", "hl_lines": '[8,"15-17"]', "linenostart": "199"}),
        ("{ LineNos=inline hl_Lines=[3] style=emacs }",
         {"linenos": "inline", "hl_lines": "[3]", "style": "emacs"}),
        ("linenos=table,hl_lines=8 15-17,linenostart=199",
         {"linenos": "table", "hl_lines": "8 15-17", "linenostart": "199"}),
    ],
)  # fmt: skip
def test_options_are_read_as_hugo_reads_them(typed: str, options: dict[str, str]) -> None:
    assert code_options(typed) == options


def test_line_numbers_are_no_words_of_the_article(render: Render) -> None:
    result = rendered(render, "Intro.\n\n```python {linenos=true}\nvote = 52\n```\n")
    assert plain_text(result.html) == "Intro.\nvote = 52"


def test_highlight_false_writes_code_as_before(registry: ShortcodeRegistry) -> None:
    md = make_markdown(MarkdownConfig(highlight=False), registry)
    problems = Problems()
    body = "```go {hl_lines=[1]}\nfunc f() {}\n```\n"
    result = render_article(
        article(body), md, jinja_renderer(site_templates()), keep_link, problems
    )
    assert not problems and result is not None
    assert result.html == '<pre><code class="language-go">func f() {}\n</code></pre>\n'


def test_turning_highlight_off_renders_bodies_again(tmp_path: Path) -> None:
    """Stored bodies are keyed by the setting: a cached coloured body is not reused."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "2024-01-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\n```python\nx = 1\n```\n"
    )
    config = "title: T\nbase_url: https://example.org/\n"
    (tmp_path / "site.yaml").write_text(config)
    out = tmp_path / "out"
    assert run_sitegen("build", str(tmp_path), "-o", str(out), "--no-minify").code == 0
    page = out / "articles" / "a" / "index.html"
    assert '<span class="n">x</span>' in page.read_text()
    (tmp_path / "site.yaml").write_text(config + "markdown:\n  highlight: false\n")
    assert run_sitegen("build", str(tmp_path), "-o", str(out), "--no-minify").code == 0
    assert '<code class="language-python">x = 1' in page.read_text()
