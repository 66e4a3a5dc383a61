"""The importers' shared HTML → markdown step: raw HTML it keeps is what sitegen keeps."""

from __future__ import annotations

from sitegen.markdown.fromhtml import html_to_markdown


def test_kept_html_loses_what_the_sanitizer_would_remove_with_one_note() -> None:
    html = (
        '<p>Intro</p>\n<figure class="wide" style="margin:0" data-id="7">'
        '<img src="https://example.com/a.jpg" alt="A" data-link="x"/>\n'
        '<iframe src="https://example.com/player"></iframe>'
        "<figcaption><u>Caption</u></figcaption></figure>\n"
        '<details style="color:red"><summary>More</summary><video src="ttps://x/v.mp4"></video>'
        "</details>"
    )
    converted = html_to_markdown(html)
    assert converted.markdown == (
        "Intro\n\n"
        '<figure class="wide"><img alt="A" src="https://example.com/a.jpg"/>\n'
        "<figcaption>Caption</figcaption></figure>\n\n"
        "<details><summary>More</summary><video></video></details>\n"
    )
    assert converted.notes == [
        (3, "dropped an embedded frame (https://example.com/player)"),
        (4, "left out src='ttps://x/v.mp4': not a URL sitegen links to"),
        (
            2,
            "left out <u> tag, data-id, data-link, style (the old site's presentation, "
            "which sitegen's sanitized HTML does not keep)",
        ),
    ]


def test_a_heading_keeps_its_id_so_links_to_it_still_work() -> None:
    converted = html_to_markdown('<h2 id="part-2">Part two</h2><h3 id="bad id">No</h3>')
    assert converted.markdown == "## Part two {#part-2}\n\n### No\n"


def test_preformatted_text_with_markup_stays_preformatted_with_its_markup() -> None:
    """A code fence shows text alone: WordPress's verse and preformatted blocks
    with bold, a link or a highlight are kept as their <pre> (blank lines and
    all); a <pre> of plain code is a fenced code block, its language kept."""
    html = (
        '<pre class="wp-block-verse">Write a <strong>bold</strong> verse\n\n'
        'and a <a href="https://example.org/">linked</a> one</pre>\n'
        '<pre class="wp-block-preformatted"><mark style="color:#990000" '
        'class="has-inline-color">Some highlighted text</mark></pre>\n'
        '<pre><code class="language-python">if a < b:\n    pass</code></pre>'
    )
    converted = html_to_markdown(html)
    assert converted.markdown == (
        '<pre class="wp-block-verse">Write a <strong>bold</strong> verse\n\n'
        'and a <a href="https://example.org/">linked</a> one</pre>\n\n'
        '<pre class="wp-block-preformatted"><mark class="has-inline-color">'
        "Some highlighted text</mark></pre>\n\n"
        "```python\nif a < b:\n    pass\n```\n"
    )


def test_text_that_opens_like_a_list_or_heading_stays_text() -> None:
    """WordPress: a paragraph typed '1. More manual testing.' is no list in HTML."""
    html = "<div>1. More testing.</div><div>2) Then.</div><p>- a dash</p><p># no heading</p>"
    html += "<ol><li>a real item</li></ol><p>-5 degrees and #tag</p>"
    assert html_to_markdown(html).markdown == (
        "1\\. More testing.\n\n2\\) Then.\n\n\\- a dash\n\n\\# no heading\n\n1. a real item\n\n"
        "-5 degrees and #tag\n"
    )


def test_elements_kept_inside_a_sentence_stay_in_it() -> None:
    """H<sub>2</sub>O was cut into three paragraphs."""
    text = 'Press <kbd>Ctrl</kbd>: H<sub>2</sub>O, E = mc<sup>2</sup>, <abbr title="x">X</abbr>.'
    assert html_to_markdown(f"<p>{text}</p>").markdown == text + "\n"


def test_a_quotes_source_is_its_own_line_under_it() -> None:
    html = (
        '<blockquote class="wp-block-quote"><p>Ports never sleep.</p>'
        "<cite>A docker, <em>Rotterdam</em></cite></blockquote><p>See <cite>Moby Dick</cite>.</p>"
    )
    markdown = html_to_markdown(html).markdown
    assert markdown == "> Ports never sleep.\n>\n> — A docker, *Rotterdam*\n\nSee Moby Dick.\n"


def test_an_embedded_frame_is_a_link_to_what_it_showed() -> None:
    html = (
        '<p>Rates rose.</p><iframe title="Unemployment by state" '
        'src="https://datawrapper.dwcdn.net/abc12/1/" width="600"></iframe>'
    )
    converted = html_to_markdown(html)
    assert converted.markdown == (
        "Rates rose.\n\n[Unemployment by state](https://datawrapper.dwcdn.net/abc12/1/)\n"
    )
    assert converted.notes == [
        (
            1,
            "embedded frame https://datawrapper.dwcdn.net/abc12/1/ is now a link to it "
            "(sitegen embeds none)",
        )
    ]


def test_a_tables_column_alignment_is_kept() -> None:
    """Pandoc's tables (R Markdown, Quarto) right-align their figures; a plain
    ``---`` rule put every number back on the left."""
    html = (
        '<table><thead><tr><th align="left">state</th><th align="right">cases</th>'
        '<th style="text-align: center;">trend</th><th>note</th></tr></thead>'
        '<tbody><tr><td align="left">NY</td><td align="right">10</td><td>up</td><td>-</td>'
        "</tr></tbody></table>"
    )
    assert html_to_markdown(html).markdown.splitlines()[:2] == [
        "| state | cases | trend | note |",
        "| :--- | ---: | :---: | --- |",
    ]
