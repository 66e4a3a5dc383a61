"""A post's content as WordPress showed it: paragraphs, blocks, shortcodes, embeds, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.importer.wordpress.autop import autop
from tests.importer.wxr_samples import attachment, item, meta, notes_of, only_article, read, wxr


def body_of(tmp_path: Path, content: str, *others: str) -> tuple[str, list[str]]:
    site = read(tmp_path, wxr(item(content=content), *others))
    return only_article(site).body, notes_of(site)


def test_classic_post_gets_wordpress_paragraphs_and_line_breaks(tmp_path: Path) -> None:
    content = "First line\nsecond line\n\nA new paragraph.\n<pre>keep\n\nthis</pre>"
    body, _ = body_of(tmp_path, content)
    assert body == "First line  \nsecond line\n\nA new paragraph.\n\n```\nkeep\n\nthis\n```\n"


def test_autop_does_not_wrap_block_elements_or_touch_pre() -> None:
    html = autop("<h2>Title</h2>\nText\n\n<ul>\n<li>one</li>\n</ul>\n<pre>a\nb</pre>")
    assert html == "<h2>Title</h2>\n<p>Text</p>\n<ul>\n<li>one</li>\n</ul>\n<pre>a\nb</pre>\n"


def test_block_comments_are_removed_and_autop_does_not_run(tmp_path: Path) -> None:
    content = (
        "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":3} -->\n<h3>Next</h3>\n<!-- /wp:heading -->\n'
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->"
    )
    body, notes = body_of(tmp_path, content)
    assert body == "One\ntwo\n\n### Next\n"
    assert notes == [n for n in notes if "wp:" not in n]


def test_dynamic_block_is_left_out_with_a_note_at_its_line(tmp_path: Path) -> None:
    content = (
        "<!-- wp:paragraph -->\n<p>Before</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->\n'
        "<!-- wp:query -->\n<div><!-- wp:post-title /--></div>\n<!-- /wp:query -->"
    )
    body, notes = body_of(tmp_path, content)
    text = wxr(item(content=content))
    line = text.splitlines().index('<!-- wp:latest-posts {"postsToShow":3} /-->') + 1
    assert body == "Before\n"
    assert f"export.xml:{line}: block wp:latest-posts is built by WordPress when the page " in (
        "\n".join(notes)
    )
    assert sum("wp:query" in n for n in notes) == 1
    assert not any("wp:post-title" in n for n in notes)


def test_embed_block_becomes_a_link_with_a_note(tmp_path: Path) -> None:
    url = "https://www.youtube.com/watch?v=abc123"
    content = (
        f'<!-- wp:embed {{"url":"{url}","type":"video","providerNameSlug":"youtube"}} -->\n'
        f'<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n{url}\n'
        "</div><figcaption>The launch</figcaption></figure>\n<!-- /wp:embed -->"
    )
    body, notes = body_of(tmp_path, content)
    assert body == f"<{url}>\n\nThe launch\n"
    assert any(f"embedded youtube content {url} is now a link" in n for n in notes)


def test_caption_shortcode_becomes_a_figure_with_its_caption(tmp_path: Path) -> None:
    content = (
        'Intro\n\n[caption id="attachment_9" align="alignleft" width="300"]'
        '<img src="https://example.com/blog/wp-content/uploads/a.jpg" alt="Cranes" /> '
        "Idle <em>cranes</em>[/caption]\n\nAfter"
    )
    body, _ = body_of(tmp_path, content)
    assert body == (
        'Intro\n\n<figure><img alt="Cranes" src="https://example.com/blog/wp-content/uploads/'
        'a.jpg"/><figcaption>Idle <em>cranes</em></figcaption></figure>\n\nAfter\n'
    )


def test_gallery_shows_the_images_it_names_and_reports_the_missing(tmp_path: Path) -> None:
    body, notes = body_of(
        tmp_path,
        '[gallery ids="31,32,99"]',
        attachment(31, "https://example.com/blog/wp-content/uploads/a.jpg", "Dock", alt="A dock"),
        attachment(32, "https://example.com/blog/wp-content/uploads/b.jpg", "Ship"),
    )
    assert body == (
        "![A dock](https://example.com/blog/wp-content/uploads/a.jpg)\n\n"
        "![Ship](https://example.com/blog/wp-content/uploads/b.jpg)\n"
    )
    assert any("[gallery]: images 99 are not in the export; left out" in n for n in notes)


def test_gallery_without_ids_shows_the_posts_own_attachments(tmp_path: Path) -> None:
    body, _ = body_of(
        tmp_path,
        "[gallery]",
        attachment(41, "https://example.com/u/second.jpg", "Second", parent=12),
        attachment(40, "https://example.com/u/first.jpg", "First", parent=12),
        attachment(42, "https://example.com/u/other.jpg", "Other", parent=77),
    )
    assert body == (
        "![First](https://example.com/u/first.jpg)\n\n![Second](https://example.com/u/second.jpg)\n"
    )


def test_unknown_shortcode_is_left_out_with_a_note_and_brackets_in_prose_stay(
    tmp_path: Path,
) -> None:
    content = (
        'He said it [sic] twice.\n\n[contact-form-7 id="5" title="Tips"]\n\n'
        '[box style="warm"]Keep this text[/box]\n\n<code>[not_run]</code> and [[escaped]]'
    )
    body, notes = body_of(tmp_path, content)
    assert body == "He said it [sic] twice.\n\nKeep this text\n\n`[not_run]` and [escaped]\n"
    text = wxr(item(content=content))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "[contact-form-7" in t)
    assert any(
        n.startswith(f"export.xml:{line}: shortcode [contact-form-7] is not carried over")
        for n in notes
    )
    assert any(
        "shortcode [box] is not carried over; the text it wrapped is kept" in n for n in notes
    )


def test_bracketed_text_with_dashes_or_underscores_is_text_not_a_shortcode(
    tmp_path: Path,
) -> None:
    """WordPress runs only registered shortcodes: a regex class or a placeholder in
    brackets is what the reader saw, while a known plugin's bare tag is still one."""
    content = (
        "Octets: preg_replace('|%([a-fA-F0-9][a-fA-F0-9])|', '', $name);\n\n"
        "Names match [A-Z_] or [a-z0-9_-]; this page is [work-in-progress].\n\n"
        "[jetpack_subscription_form]\n\n[my_widget /]"
    )
    body, notes = body_of(tmp_path, content)
    assert body == (
        "Octets: preg_replace('|%([a-fA-F0-9][a-fA-F0-9])|', '', $name);\n\n"
        "Names match [A-Z_] or [a-z0-9_-]; this page is [work-in-progress].\n"
    )
    assert any("shortcode [jetpack_subscription_form] is not carried over" in n for n in notes)
    assert any("shortcode [my_widget] is not carried over" in n for n in notes)
    assert not any("[A-Z_]" in n or "[work-in-progress]" in n for n in notes)


def test_video_and_audio_shortcodes_become_players_and_embed_a_link(tmp_path: Path) -> None:
    content = (
        '[video mp4="https://example.com/u/clip.mp4" poster="https://example.com/u/p.jpg"][/video]'
        '\n\n[audio mp3="https://example.com/u/talk.mp3"]\n\n'
        "[embed]https://vimeo.com/1234[/embed]"
    )
    body, notes = body_of(tmp_path, content)
    assert (
        '<video controls="" poster="https://example.com/u/p.jpg" src="https://example.com/u/clip.mp4">'
        in body
    )
    assert '<audio controls="" src="https://example.com/u/talk.mp3">' in body
    assert body.endswith("\n\n<https://vimeo.com/1234>\n")
    assert any("[embed] embed of https://vimeo.com/1234 is now a link" in n for n in notes)


def test_wordpress_com_youtube_sizing_is_not_part_of_the_link(tmp_path: Path) -> None:
    """[youtube=URL&w=640&h=385]: w and h sized the player, the video has no such options."""
    content = "Watch:\n\n[youtube=http://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=640&amp;h=385]"
    body, notes = body_of(tmp_path, content)
    assert body == "Watch:\n\n<http://www.youtube.com/watch?v=dQw4w9WgXcQ>\n"
    assert any("embed of http://www.youtube.com/watch?v=dQw4w9WgXcQ is now" in n for n in notes)
    body, _ = body_of(tmp_path, "[embed]https://maps.example.com/?w=3&h=4[/embed]")
    assert body == "<https://maps.example.com/?w=3&h=4>\n"


def test_youtube_and_vimeo_frames_become_sitegens_shortcodes(tmp_path: Path) -> None:
    """Players pasted as iframes, which the sanitizer would drop, call the built-ins."""
    content = (
        "Fish.\n\n"
        '<iframe width="420" height="315" src="http://www.youtube.com/embed/QNNl_uWmQXE" '
        'frameborder="0" allowfullscreen></iframe>\n\n'
        '<iframe src="https://www.youtube-nocookie.com/embed/a-b_c?rel=0&amp;start=90"></iframe>'
        '\n\n<iframe src="https://player.vimeo.com/video/1234?title=0"></iframe>\n\n'
        '<iframe src="https://maps.example.org/embed?q=port"></iframe>\n\nBirds.'
    )
    body, notes = body_of(tmp_path, content)
    assert body == (
        'Fish.\n\n{{< youtube id="QNNl_uWmQXE" />}}\n\n'
        '{{< youtube id="a-b_c" start="90" />}}\n\n{{< vimeo id="1234" />}}\n\n'
        "[See it on maps.example.org](https://maps.example.org/embed?q=port)\n\nBirds.\n"
    )
    text = wxr(item(content=content))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "QNNl_uWmQXE" in t)
    assert (
        f"export.xml:{line}: embedded player http://www.youtube.com/embed/QNNl_uWmQXE is now "
        '{{< youtube id="QNNl_uWmQXE" />}}, a link to the video (sitegen does not embed players)'
    ) in notes
    assert any(
        "embedded frame https://maps.example.org/embed?q=port is now a link to it" in n
        for n in notes
    )


def test_a_post_holding_the_importers_own_marks_keeps_them_as_words(tmp_path: Path) -> None:
    """The importer sets formulas and players aside under marks; a post may hold such a word."""
    body, _ = body_of(tmp_path, "Odd words: SITEGENLATEX7X and SITEGENCALL3X.")
    assert body == "Odd words: SITEGENLATEX7X and SITEGENCALL3X.\n"


def test_a_url_alone_on_its_line_becomes_a_link_with_a_note(tmp_path: Path) -> None:
    body, notes = body_of(tmp_path, "Watch:\n\nhttps://www.youtube.com/watch?v=xyz\n\nDone.")
    url = "https://www.youtube.com/watch?v=xyz"
    assert body == f"Watch:\n\n<{url}>\n\nDone.\n"
    assert any(f"URL alone on its line ({url})" in n for n in notes)


def test_links_to_other_posts_lead_to_their_files(tmp_path: Path) -> None:
    other = item(20, "Grain prices", "Text.", name="grain-prices", date="2023-05-06 08:00:00",
                 gmt="2023-05-06 06:00:00")  # fmt: skip
    content = (
        '<a href="https://example.com/blog/2023/05/06/grain-prices/#chart">full</a>, '
        '<a href="/blog/?p=20">by id</a>, <a href="/blog/about/">about</a>'
    )
    site = read(tmp_path, wxr(item(content=content), other))
    body = next(a.body for a in site.articles if a.path.endswith("port-strike.md"))
    assert body == (
        "[full](../2023/grain-prices.md#chart), [by id](../2023/grain-prices.md), "
        "[about](/blog/about/)\n"
    )
    assert any("link to /blog/about/ leads to no imported post" in n for n in notes_of(site))


def test_links_to_a_non_ascii_domain_in_punycode_are_the_old_sites(tmp_path: Path) -> None:
    """A site at https://bücher.example/ is linked as https://xn--bcher-kva.example/ too."""
    other = item(20, "Grain prices", "Text.", name="grain-prices", date="2023-05-06 08:00:00",
                 gmt="2023-05-06 06:00:00")  # fmt: skip
    content = (
        '<a href="https://XN--BCHER-KVA.example/blog/2023/05/06/grain-prices/">prices</a> '
        '<img src="&#104;ttps://www.xn--bcher-kva.example/blog/wp-content/uploads/a.png" alt="A">'
    )
    export = wxr(item(content=content), other).replace("example.com", "bücher.example")
    site = read(tmp_path, export)
    body = next(a.body for a in site.articles if a.path.endswith("port-strike.md"))
    assert body == (
        "[prices](../2023/grain-prices.md) "
        "![A](https://www.xn--bcher-kva.example/blog/wp-content/uploads/a.png)\n"
    )
    notes = notes_of(site)
    assert any("1 links and images still point at the old site" in n for n in notes)
    assert not any("a.png" in n for n in notes)


def test_block_editor_footnotes_become_markdown_footnotes(tmp_path: Path) -> None:
    content = (
        '<!-- wp:paragraph -->\n<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1'
        "</a></sup></p>\n<!-- /wp:paragraph -->\n<!-- wp:footnotes /-->"
    )
    site = read(
        tmp_path,
        wxr(
            item(
                content=content,
                extra=meta("footnotes", '[{"id":"f1","content":"A <em>source</em>"}]'),
            )
        ),
    )
    assert only_article(site).body == "Claim[^1]\n\n[^1]: A *source*\n"


FOOTNOTED = (
    '<!-- wp:paragraph -->\n<p>Claim<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1'
    "</a></sup></p>\n<!-- /wp:paragraph -->\n<!-- wp:footnotes /-->"
)


@pytest.mark.parametrize("empty_first", [False, True])
def test_an_empty_repeat_of_the_footnotes_meta_does_not_hide_the_footnotes(
    tmp_path: Path, empty_first: bool
) -> None:
    """Some sites export the ``footnotes`` meta twice, once empty: the text is in the other."""
    rows = [meta("footnotes", '[{"id":"f1","content":"A source"}]'), meta("footnotes", "")]
    extra = "".join(reversed(rows) if empty_first else rows)
    site = read(tmp_path, wxr(item(content=FOOTNOTED, extra=extra)))
    assert only_article(site).body == "Claim[^1]\n\n[^1]: A source\n"
    assert not any("footnote" in n for n in notes_of(site))


def test_a_footnote_without_its_text_keeps_its_marker_with_a_note(tmp_path: Path) -> None:
    text = wxr(item(content=FOOTNOTED))
    site = read(tmp_path, text)
    assert only_article(site).body == "Claim<sup>1</sup>\n"
    line = next(i for i, t in enumerate(text.splitlines(), 1) if 'data-fn="f1"' in t)
    assert f"export.xml:{line}: footnote 1 has no text in the export (the post has no " in (
        "\n".join(notes_of(site))
    )


CLASSIC_FOOTNOTES = {
    "jetpack": (
        'Survive in *nix.<sup id="fnref-5-1"><a href="#fn-5-1" rel="footnote">1</a></sup>\n\n'
        '<div class="footnotes">\n<hr />\n<ol>\n\n<li id="fn-5-1">\n'
        '<a href="https://example.org/nix">A guide</a>&#160;'
        '<a href="#fnref-5-1" rev="footnote">&#8617;</a>\n</li>\n\n</ol>\n</div>'
    ),
    "php-markdown-extra": (
        'Survive in *nix.<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">'
        '1</a></sup>\n\n<div class="footnotes" role="doc-endnotes">\n<hr />\n<ol>\n'
        '<li id="fn:1" role="doc-endnote">\n<p><a href="https://example.org/nix">A guide</a>'
        '&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#8617;&#xFE0E;'
        "</a></p>\n</li>\n</ol>\n</div>"
    ),
    "markdown-it": (
        'Survive in *nix.<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>\n\n'
        '<hr class="footnotes-sep">\n<section class="footnotes">\n<ol class="footnotes-list">\n'
        '<li id="fn1" class="footnote-item"><p><a href="https://example.org/nix">A guide</a> '
        '<a href="#fnref1" class="footnote-backref">↩︎</a></p>\n</li>\n</ol>\n</section>'
    ),
}


@pytest.mark.parametrize("tool", sorted(CLASSIC_FOOTNOTES))
def test_classic_html_footnotes_become_markdown_footnotes(tmp_path: Path, tool: str) -> None:
    """Jetpack's Markdown, PHP Markdown Extra and others wrote footnotes as HTML whose
    ids the converter loses: as markdown footnotes sitegen links them itself."""
    body, _ = body_of(tmp_path, CLASSIC_FOOTNOTES[tool])
    assert body == "Survive in \\*nix.[^1]\n\n[^1]: [A guide](https://example.org/nix)\n"


def test_a_classic_footnote_keeps_its_paragraphs_and_every_reference(tmp_path: Path) -> None:
    content = (
        'One<sup id="fnref:1"><a href="#fn:1">1</a></sup>, two<sup id="fnref:2">'
        '<a href="#fn:2">2</a></sup>, one again<sup id="fnref2:1"><a href="#fn:1">1</a></sup>.'
        '\n\n<div class="footnotes"><hr /><ol><li id="fn:1"><p>First.&#160;'
        '<a href="#fnref:1">&#8617;</a> <a href="#fnref2:1">&#8617;</a></p></li>'
        '<li id="fn:2"><p>Second, part one.</p><p>Part two.&#160;<a href="#fnref:2">&#8617;</a>'
        '</p></li></ol></div>\n\nA list:\n<ol><li id="step">Step</li></ol>'
    )
    body, _ = body_of(tmp_path, content)
    assert body == (
        "One[^1], two[^2], one again[^1].\n\nA list:\n\n1. Step\n\n"
        "[^1]: First.\n\n[^2]: Second, part one.\n\n    Part two.\n"
    )


def test_tangled_footnote_links_still_import(tmp_path: Path) -> None:
    """Links nested in links around a footnote list: odd HTML, never a traceback."""
    content = (
        'See<sup id="ra"><a href="#a">1</a></sup>.\n\n<ol><li id="a">Note '
        '<a href="#ra">back <a href="https://example.org/">x</a></a></li></ol>'
    )
    body, _ = body_of(tmp_path, content)
    assert body.startswith("See[^1].")
    assert "[^1]: Note" in body


def test_page_break_is_reported(tmp_path: Path) -> None:
    body, notes = body_of(tmp_path, "Page one\n<!--nextpage-->\nPage two")
    assert body == "Page one\n\nPage two\n"
    assert any("page break (<!--nextpage-->)" in n for n in notes)


def test_code_shortcodes_keep_their_language_marked_lines_and_numbers(tmp_path: Path) -> None:
    """SyntaxHighlighter's [code]: numbered unless gutter="false", as it showed it."""
    content = (
        'Before.\n\n[code language="python" highlight="2,4-5" firstline="10"]\n'
        "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n[/code]\n\n"
        '[sourcecode lang="php" gutter="false"]\n<?php echo "<b>"; ?>\n[/sourcecode]\n\n'
        "[code]plain text[/code]\n"
    )
    body, _ = body_of(tmp_path, content)
    assert '```python {linenos=true,hl_lines=[2,"4-5"],linenostart=10}\na = 1\n' in body
    assert '```php\n<?php echo "<b>"; ?>\n```' in body
    assert "```\nplain text\n```" in body


def test_syntaxhighlighter_brushes_and_codecolorer_are_code_with_indentation_kept(
    tmp_path: Path,
) -> None:
    """SyntaxHighlighter registers each brush as a shortcode ([python], [js]…) and
    CodeColorer its [cc] family: their text is code, never paragraphs or prose."""
    content = (
        "[python]\ndef f(x):\n    if x:\n        return 1\n[/python]\n\n"
        '[js gutter="false"]\nlet a = [1, 2];\n[/js]\n\n'
        '[cc lang="diff"]\n   $raw = $name;\n+  $name = trim($name);\n[/cc]\n\n'
        "[ccnLe_php]\n<?php\n  echo 1;\n[/ccnLe_php]\n\n"
        "Call [cci]f(x)[/cci] once."
    )
    body, _ = body_of(tmp_path, content)
    assert "```python {linenos=true}\ndef f(x):\n    if x:\n        return 1\n```" in body
    assert "```javascript\nlet a = [1, 2];\n```" in body
    assert "```diff\n   $raw = $name;\n+  $name = trim($name);\n```" in body
    assert "```php {linenos=true}\n<?php\n  echo 1;\n```" in body
    assert "Call `f(x)` once." in body


def test_jetpack_latex_becomes_math(tmp_path: Path) -> None:
    content = (
        "Euler: $latex e^{i \\pi} + 1 = 0&s=2&bg=ffffff$, and "
        "[latex]a_1 * b_2 &lt; c[/latex] too.\n"
    )
    site = read(tmp_path, wxr(item(content=content)))
    assert only_article(site).body == "Euler: $e^{i \\pi} + 1 = 0$, and $a_1 * b_2 < c$ too.\n"
    assert site.config["markdown"] == {"math": True}
    assert any("Jetpack's $latex" in note for note in notes_of(site))


def test_a_reusable_block_written_open_and_closed_is_noted_when_missing(
    tmp_path: Path,
) -> None:
    content = '<!-- wp:block {"ref":123} -->\n<!-- /wp:block -->\n\n<p>After.</p>'
    body, notes = body_of(tmp_path, content)
    assert body.strip() == "After."
    assert any("reusable block 123 is not in the export" in note for note in notes)


def test_a_file_blocks_link_and_button_stay_apart(tmp_path: Path) -> None:
    content = (
        '<!-- wp:file --><div class="wp-block-file"><a href="https://example.org/k.pdf">'
        'Keycodes</a><a href="https://example.org/k.pdf" class="wp-block-file__button" '
        "download>Download</a></div><!-- /wp:file -->"
    )
    body, _ = body_of(tmp_path, content)
    assert "[Keycodes](https://example.org/k.pdf) [Download](https://example.org/k.pdf)" in body
