"""render_article fills a RenderedArticle: summary, counts, headings, links, FAQ."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import pytest

from sitegen.model import FaqItem, Heading, Link, RenderedArticle
from tests.markdown.conftest import BLOG, BUNDLE

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]

FAQ_BODY = """\
## Background

{{< faq >}}
### What is *it*?
It is [this](/x/).

### Why `now`?
Because.
{{< /faq >}}
"""


def rendered(render: Render, body: str, **options: object) -> RenderedArticle:
    result, problems = render(body, **options)
    assert problems == []
    assert result is not None
    return result


def test_summary_is_the_first_paragraph_as_plain_text(render: Render) -> None:
    body = "## Heading\n\nThe *first* [paragraph](x.md)\nwith `code`.\n\nSecond.\n"
    assert rendered(render, body).summary == "The first paragraph with code."


def test_long_summary_is_cut_on_a_word_boundary(render: Render) -> None:
    result = rendered(render, "word " * 100)
    assert len(result.summary) <= 161
    assert result.summary.endswith("word…")


def test_long_summary_ends_with_a_whole_sentence_when_one_ends_past_half(
    render: Render,
) -> None:
    first = "Three weeks of idle cranes have rerouted a fifth of the grain exports of the region."
    body = f"{first} Freight rates doubled within a month, and the insurers of the fleet followed."
    assert rendered(render, body).summary == first


def test_a_full_stop_after_an_initial_ends_no_summary_sentence(render: Render) -> None:
    body = (
        "The deal was signed by J. Smith and the U.S. Treasury in a meeting that ran"
        " past midnight and on into the morning, when everyone had left the room"
        " except the two of them and a clerk. Then more."
    )
    summary = rendered(render, body).summary
    assert summary.endswith("…")
    assert len(summary) <= 161


def test_summary_skips_a_paragraph_holding_only_an_image(render: Render) -> None:
    assert rendered(render, "![Map](map.png)\n\nThe real start.\n").summary == "The real start."


def test_front_matter_summary_wins(render: Render) -> None:
    assert rendered(render, "Body text.\n", summary="Given.").summary == "Given."


def test_summary_skips_a_leading_callout(render: Render) -> None:
    body = '{{< callout type="note" >}}\nBoxed.\n{{< /callout >}}\n\nReal start.\n'
    assert rendered(render, body).summary == "Real start."


def test_summary_shows_what_an_inline_shortcode_shows(render: Render) -> None:
    body = 'As {{< param desk >}} said, it is {{< badge text="new" />}} &amp; open.\n'
    result = rendered(render, body, params={"desk": "the harbour desk"})
    assert result.summary == "As the harbour desk said, it is new & open."


def test_word_count_and_reading_time(render: Render) -> None:
    result = rendered(render, "## Title here\n\n" + "word " * 459 + "\n\n```\nnot counted\n```\n")
    assert result.word_count == 461
    assert result.reading_minutes == 3


def test_short_article_reads_in_one_minute(render: Render) -> None:
    assert rendered(render, "Tiny.\n").reading_minutes == 1


def test_headings_skip_faq_questions_and_get_unique_ids(render: Render) -> None:
    result = rendered(render, FAQ_BODY + "\n## Background\n\n#### Détails\n")
    assert result.headings == (
        Heading(2, "Background", "background"),
        Heading(2, "Background", "background-1"),
        Heading(3, "Détails", "détails"),  # no level skipped,
    )
    assert 'id="what-is-it"' not in result.html


def test_table_of_contents_has_the_clean_text_and_the_id_the_author_wrote(render: Render) -> None:
    body = "## Year in numbers {#numbers}\n\n## Numbers\n\n### Where *from* {.small #sources}\n"
    assert rendered(render, body).headings == (
        Heading(2, "Year in numbers", "numbers"),
        Heading(2, "Numbers", "numbers-1"),
        Heading(3, "Where from", "sources"),
    )


def test_a_heading_id_written_twice_is_an_error_naming_both_lines(render: Render) -> None:
    body = "## Totals {#numbers}\n\nText.\n\n## Numbers again {#numbers}\n"
    result, problems = render(body, body_line=7)
    assert result is None
    assert problems == [
        "content/a.md:11: heading id 'numbers' is already the id of the heading on line 7; "
        "give one of them another id"
    ]


def test_an_event_handler_on_a_heading_is_an_error(render: Render) -> None:
    _, problems = render("Intro.\n\n## Click {onclick=go .x}\n", body_line=7)
    assert problems == [
        "content/a.md:9: heading attribute 'onclick' is not allowed; use #id, .class, "
        "or an attribute such as title, lang, data-… or aria-…"
    ]


def test_no_heading_level_is_skipped_in_the_page_or_its_contents(render: Render) -> None:
    """Under the page's h1 title the body starts at h2, each heading at most one
    level below the one above it, as the Nu HTML checker requires."""
    body = "Intro.\n\n### Excluding\n\n##### Detail\n\n#### Aside\n\n### Next\n\n# Part\n"
    result = rendered(render, body)
    assert re.findall(r"<(h\d) id=", result.html) == ["h2", "h3", "h3", "h2", "h2"]
    assert [(h.level, h.id) for h in result.headings] == [
        (2, "excluding"),
        (3, "detail"),
        (3, "aside"),
        (2, "next"),
        (2, "part"),
    ]


def test_a_docusaurus_box_never_closed_holds_the_rest_with_a_warning(render: Render) -> None:
    result, problems = render("Intro.\n\n:::tip Before you file\nCheck.\n\n## Later\n", body_line=7)
    assert result is not None
    assert result.html.count("</aside>") == 1
    assert result.html.index("Check.") < result.html.index("Later") < result.html.index("</aside>")
    assert problems == []
    assert [str(w) for w in result.warnings] == [
        "content/a.md:9: warning: ':::tip Before you file' is never closed (expected a line "
        "':::'); the box runs to the end of the article (or of the list or quote it is in)"
    ]


def test_an_attribute_list_sets_a_paragraphs_attributes(render: Render) -> None:
    """MkDocs' and kramdown's ``{: .lead }`` line printed as text at the paragraph's
    end; it is the paragraph's class and id, as those tools made it. One on a
    paragraph of its own is for no block: left out, with a warning."""
    body = 'A lead.\n{: .lead #top style="color:red"}\n\n{ #x .wide }\n\nText {not a list}\n'
    result, problems = render(body, body_line=7)
    assert result is not None
    assert result.html == '<p class="lead" id="top">A lead.</p>\n<p>Text {not a list}</p>\n'
    assert problems == []
    assert [str(w) for w in result.warnings] == [
        'content/a.md:8: warning: attribute list {: .lead #top style="color:red"}: style left '
        "out; on <p> sitegen sets class, dir, id, lang, role, title, data-… and aria-… (no "
        "event handlers, no inline style: use a class)",
        "content/a.md:10: warning: attribute list { #x .wide } left out: it is a paragraph of "
        "its own; write it on the line right under the paragraph it is for, or after the link "
        "or image",
    ]


TIGHT_ITEM = (
    "content/a.md:{}: warning: attribute list {} left out: in a tight list an item's text "
    "has no <p> to take it (Hugo shows nothing of it either); write it unindented under "
    "the list for the list itself, or leave blank lines between the items"
)


@pytest.mark.parametrize(
    ("body", "html", "warnings"),
    [
        (
            "- Gas\n- Oil\n{.steps}\n",
            '<ul class="steps">\n<li>Gas</li>\n<li>Oil</li>\n</ul>\n',
            [],
        ),
        (
            "1. Gas\n\n2. Oil\n{: #list .steps}\n",
            '<ol id="list" class="steps">\n<li>\n<p>Gas</p>\n</li>\n<li>\n<p>Oil</p>\n'
            "</li>\n</ol>\n",
            [],
        ),
        (
            "- Gas\n  - Oil\n  {.inner}\n",
            '<ul>\n<li>Gas\n<ul class="inner">\n<li>Oil</li>\n</ul>\n</li>\n</ul>\n',
            [],
        ),
        (
            "> Gas\n{.aside}\n",
            '<blockquote class="aside">\n<p>Gas</p>\n</blockquote>\n',
            [],
        ),
        (
            "- Gas\n  {.lead}\n\n- Oil\n",
            '<ul>\n<li>\n<p class="lead">Gas</p>\n</li>\n<li>\n<p>Oil</p>\n</li>\n</ul>\n',
            [],
        ),
        (
            "- Gas\n  {.lead}\n- Oil\n",
            "<ul>\n<li>Gas</li>\n<li>Oil</li>\n</ul>\n",
            [TIGHT_ITEM.format(8, "{.lead}")],
        ),
        (
            "> 1. Gas\n>    prices\n>    {: .lead}\n",
            "<blockquote>\n<ol>\n<li>Gas\nprices</li>\n</ol>\n</blockquote>\n",
            [TIGHT_ITEM.format(9, "{: .lead}")],
        ),
    ],
    ids=[
        "under-a-tight-list",
        "under-a-loose-list",
        "under-a-nested-list",
        "under-a-quote",
        "in-a-loose-item",
        "in-a-tight-item",
        "in-a-tight-item-in-a-quote",
    ],
)
def test_an_attribute_list_in_a_list_is_read_as_goldmark_reads_it(
    render: Render, body: str, html: str, warnings: list[str]
) -> None:
    """Goldmark ends a list (or quote) at a ``{…}`` line written without the item's
    indent, and gives it the attributes; CommonMark took the line into the
    last item's paragraph, where a tight list has no ``<p>`` to show them. One
    indented into a tight item's text is shown nowhere, as in Hugo, and said.
    The braces never show."""
    result, problems = render(body, body_line=7)
    assert result is not None
    assert result.html == html
    assert problems == []
    assert [str(w) for w in result.warnings] == warnings


def test_attribute_lists_after_links_images_and_code_set_their_attributes(
    render: Render,
) -> None:
    """Goldmark's, kramdown's and Python-Markdown's ``{…}`` right after a span: what
    HTML allows on it and is safe is set, the rest is a warning, and the braces
    are never shown. Quotes stay straight (the typographer comes after)."""
    body = (
        '![Chart](https://e.org/c.png){: .wide width="640" height=50% onclick="x()"}\n\n'
        '[Source](https://e.org/){target="_blank" rel="noopener"}, [b](https://e.org/b){:.btn}'
        ", `gem`{:.language-ruby} and {.plain} text.\n\n"
        "## Set up {: #setup}\n"
    )
    result, problems = render(body, body_line=7)
    assert result is not None
    assert '<img src="https://e.org/c.png" alt="Chart" class="wide" width="640"' in result.html
    assert (
        '<a href="https://e.org/" target="_blank" rel="noopener">Source</a>, '
        '<a href="https://e.org/b" class="btn">b</a>, <code class="language-ruby">gem</code> '
        "and {.plain} text."
    ) in result.html
    assert '<h2 id="setup">Set up' in result.html
    assert "onclick" not in result.html and "{:" not in result.html
    assert [str(w) for w in result.warnings] == [
        'content/a.md:7: warning: attribute list {: .wide width="640" height=50% '
        "onclick=\"x()\"}: height='50%' (a number of pixels), onclick left out; on <img> "
        "sitegen sets class, dir, height, id, lang, role, title, width, data-… and aria-… (no "
        "event handlers, no inline style: use a class)"
    ]
    assert problems == []
    _, problems = render(body + "\n[Again](https://e.org/a){#setup}\n", body_line=7)
    assert problems == [
        "content/a.md:13: id 'setup' is given twice in this article; give one of them another id"
    ]


def test_a_theme_switch_on_a_heading_is_left_out_with_a_warning(render: Render) -> None:
    result, problems = render("# Hugo Book {anchor=false .lead}\n\nText.\n", body_line=7)
    assert result is not None
    assert '<h2 id="hugo-book" class="lead">' in result.html
    assert "anchor=" not in result.html
    assert problems == []
    assert [str(w) for w in result.warnings] == [
        "content/a.md:7: warning: heading attribute 'anchor' left out: HTML has no such "
        "attribute; use #id, .class, or an attribute such as title, lang, data-… or aria-…"
    ]


def test_attributes_on_an_faq_question_are_an_error(render: Render) -> None:
    body = "{{< faq >}}\n### Why? {#why}\nBecause.\n{{< /faq >}}\n"
    result, problems = render(body, body_line=7)
    assert result is None
    assert problems == ["content/a.md:8: an FAQ question takes no {…} attributes; remove them"]


def test_faq_items_have_plain_questions_and_html_answers(render: Render) -> None:
    result = rendered(render, FAQ_BODY)
    assert result.faq == (
        FaqItem("What is it?", '<p>It is <a href="/x/">this</a>.</p>'),
        FaqItem("Why now?", "<p>Because.</p>"),
    )
    assert (
        '<summary class="faq__question"><h3 class="faq__title">What is <em>it</em>?</h3></summary>'
        in result.html
    )


def test_several_faq_blocks_all_add_items(render: Render) -> None:
    body = "{{< faq >}}\n### A?\na\n{{< /faq >}}\n\n{{< faq >}}\n### B?\nb\n{{< /faq >}}\n"
    assert [item.question for item in rendered(render, body).faq] == ["A?", "B?"]


def test_links_are_recorded_at_their_file_lines(render: Render) -> None:
    body = (
        "Intro [one](one.md)\nand ![img](pic.png).\n\n"
        '{{< callout type="note" >}}\nSee [two](two.md#part).\n{{< /callout >}}\n\n'
        "| a |\n|---|\n| [three](/three/) |\n"
    )
    result = rendered(render, body, body_line=7)
    assert result.links == (
        Link("one.md", 7, "link"),
        Link("pic.png", 8, "image"),
        Link("two.md#part", 11, "link"),
        Link("/three/", 16, "link"),
    )


def test_link_resolver_rewrites_hrefs_but_links_keep_what_was_written(render: Render) -> None:
    def resolve(href: str, source: str) -> str:
        return f"/blog/{href}?from={source}"

    result = rendered(render, "[a](a.md) ![b](b.png)\n", resolve_link=resolve)
    assert '<a href="/blog/a.md?from=content/a.md">' in result.html
    assert '<img src="/blog/b.png?from=content/a.md" alt="b" loading="lazy" />' in result.html
    assert [link.href for link in result.links] == ["a.md", "b.png"]


def test_shortcode_template_gets_args_inner_and_page(render: Render) -> None:
    seen: list[tuple[str, Mapping[str, str], str, Mapping[str, object]]] = []

    def record(
        name: str, args: Mapping[str, str], inner: str, page: Mapping[str, object], call: object
    ) -> str:
        seen.append((name, args, inner, page))
        return "<x>"

    body = '{{< echo k="v" >}}\n*hi*\n{{< /echo >}}\n'
    result = rendered(render, body, shortcodes=record, tags=("NATO",), params={"mood": "calm"})
    name, args, inner, page = seen[0]
    assert (name, args, inner) == ("echo", {"k": "v"}, "<p><em>hi</em></p>\n")
    assert {key: page[key] for key in ("title", "slug", "tags", "section", "source", "params")} == {
        "title": "A",
        "slug": "a",
        "tags": ("NATO",),
        "section": None,
        "source": "content/a.md",
        "params": {"mood": "calm"},
    }
    assert result.html == "<x>\n"


def test_each_callout_type_has_its_own_icon(render: Render) -> None:
    types = ("did-you-know", "pro-tip", "note", "warning", "explore-further")
    icons = set()
    for kind in types:
        html = rendered(
            render, f'{{{{< callout type="{kind}" >}}}}\nx\n{{{{< /callout >}}}}\n'
        ).html
        svg = re.search(r"<svg\b[^>]*>(.*?)</svg>", html, re.DOTALL)
        assert svg is not None
        assert 'class="callout__icon" aria-hidden="true" focusable="false"' in svg.group(0)
        assert 'stroke="currentColor"' in svg.group(0)
        icons.add(svg.group(1))
    assert len(icons) == len(types)


def test_faq_markup_contract(render: Render) -> None:
    html = rendered(render, "{{< faq >}}\n### Q?\nA.\n{{< /faq >}}\n").html
    assert html == (
        '<section class="faq" aria-label="Frequently asked questions">\n'
        '<h2 class="faq__heading">FAQ</h2>\n'
        '<details class="faq__item"><summary class="faq__question">'
        '<h3 class="faq__title">Q?</h3></summary>'
        '<div class="faq__answer"><p>A.</p>\n</div></details>\n'
        "</section>\n"
    )


def test_raw_htmls_links_and_pictures_resolve_and_are_recorded(render: Render) -> None:
    """As markdown's are: to the article's URL and the bundle's file, for check too."""
    body = (
        "Intro.\n\n"
        '<p><a href="../other.md">Other</a> and <img src="chart.png" alt="C"></p>\n\n'
        "Inline <a href=/posts/other/>root</a> and <a href='https://x.org/'>x</a>.\n"
    )
    result, problems = render(body, body_line=7, resolve_link=BLOG, html="unsafe", **BUNDLE)
    assert problems == [] and result is not None
    assert '<a href="/blog/posts/other/">Other</a>' in result.html
    assert '<img src="/blog/posts/hello/chart.png" alt="C">' in result.html
    assert '<a href="/blog/posts/other/">root</a>' in result.html
    assert "<a href='https://x.org/'>x</a>" in result.html  # as written: nothing to resolve
    assert [(link.href, link.line, link.kind) for link in result.links] == [
        ("../other.md", 9, "link"),
        ("chart.png", 9, "image"),
        ("/posts/other/", 11, "link"),
        ("https://x.org/", 11, "link"),
    ]


def test_chinese_and_japanese_characters_are_words_read_faster(render: Render) -> None:
    japanese = "吾輩は猫である。名前はまだ無い。" * 100  # 1,400 characters, 200 stops
    result = rendered(render, f"{japanese}\n\nAnd five English words here.\n")
    assert result.word_count == 1400 + 5
    assert result.reading_minutes == 3  # 1,400 at 500 a minute, 5 at 230
