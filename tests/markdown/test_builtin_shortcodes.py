"""Hugo's built-in shortcodes: each mistake at the file line of the call.

The article is the bundle ``content/posts/hello/index.md`` of the fixtures'
site under ``/blog/`` (``conftest.BLOG``); its body starts at line 7, so each
expected line is the body line plus six. What renders is in
``fixtures/builtins.md``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.markdown.document import find_no_article
from sitegen.model import RenderedArticle
from sitegen.site.urls import LinkRewriter
from tests.markdown.conftest import BLOG, BUNDLE

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]

AT = "content/posts/hello/index.md"

CASES = {
    "figure_without_src": (
        '{{< figure alt="Cranes" >}}\n',
        [f"{AT}:7: shortcode 'figure' needs the argument src=\"...\""],
    ),
    "figure_loading_not_lazy_or_eager": (
        '{{< figure src="chart.png" alt="Cranes" loading="later" >}}\n',
        [f"{AT}:7: unknown figure loading 'later'; use one of: lazy, eager"],
    ),
    "ref_in_a_link_on_the_second_line_of_a_paragraph": (
        'The setup\nis [here]({{< ref "setpu.markdown" >}}).\n',
        [
            f"{AT}:8: ref 'setpu.markdown' matches no published article "
            "(did you mean 'notes/setup.markdown'?)"
        ],
    ),
    "ref_in_a_link_reference_definition": (
        'Read [it][guide].\n\n[guide]: {{< ref "setpu.markdown" >}}\n',
        [
            f"{AT}:9: ref 'setpu.markdown' matches no published article "
            "(did you mean 'notes/setup.markdown'?)"
        ],
    ),
    "relref_to_no_article": (
        'One.\n\nTwo {{% relref "/trips/porto" %}}.\n',
        [
            f"{AT}:9: ref '/trips/porto' matches no published article "
            "(did you mean 'trips/lisbon/index.md'?)"
        ],
    ),
    "ref_with_two_paths": (
        '{{< ref "setup" "other" >}}\n',
        [f"{AT}:7: shortcode 'ref' takes 1 argument by position (path), but 2 were given"],
    ),
    "param_not_in_front_matter": (
        "Mood: {{< param moood >}}\n",
        [f"{AT}:7: param 'moood' is not in this article's front matter (did you mean 'mood'?)"],
    ),
    "param_that_holds_a_mapping": (
        "Desk: {{< param desk >}}\n",
        [f"{AT}:7: param 'desk' holds several values; name one: desk.name"],
    ),
    "youtube_start_not_in_seconds": (
        "{{< youtube id=dQw4w9WgXcQ start=1m30s >}}\n",
        [f"{AT}:7: youtube start '1m30s' must be a number of seconds, as in start=90"],
    ),
    "gist_without_id": (
        "{{< gist spf13 >}}\n",
        [f"{AT}:7: shortcode 'gist' needs the argument id, by position or as id=\"...\""],
    ),
    "details_open_yes": (
        '{{< details summary="More" open=yes >}}\nText.\n{{< /details >}}\n',
        [f"{AT}:7: unknown details open 'yes'; use one of: true, false, 1, 0"],
    ),
    "highlight_never_closed": (
        "Intro.\n\n{{< highlight go >}}\nx := 1\n",
        [f"{AT}:9: shortcode 'highlight' is never closed (expected {{{{< /highlight >}}}})"],
    ),
}


@pytest.mark.parametrize(("body", "expected"), CASES.values(), ids=CASES.keys())
def test_builtin_mistake_is_reported_at_the_line_of_the_call(
    render: Render, body: str, expected: list[str]
) -> None:
    result, problems = render(
        body, body_line=7, resolve_link=BLOG, find_article=BLOG.find_article, **BUNDLE
    )
    assert problems == expected
    assert result is None


def test_every_builtin_mistake_of_an_article_is_reported_in_one_run(render: Render) -> None:
    body = "".join(body for body, _ in CASES.values() if "never closed" not in _[0])
    _, problems = render(
        body, body_line=7, resolve_link=BLOG, find_article=BLOG.find_article, **BUNDLE
    )
    assert len(problems) == len(CASES) - 1


def test_a_bare_name_two_articles_share_is_an_error_naming_both(render: Render) -> None:
    site = LinkRewriter(
        {"content/a/intro.md": "/a/intro/", "content/b/intro.md": "/b/intro/"}, "/blog/"
    )
    _, problems = render(
        'See {{< relref "intro.md" >}}.\n',
        body_line=3,
        resolve_link=site,
        find_article=site.find_article,
        source="content/posts/c.md",
    )
    assert problems == [
        "content/posts/c.md:3: ref 'intro.md' matches 2 articles: "
        "content/a/intro.md, content/b/intro.md; write its folder too, as in 'a/intro.md'"
    ]


def test_a_ref_without_the_site_s_articles_says_it_finds_none(render: Render) -> None:
    _, problems = render('{{< ref "a.md" >}}\n', find_article=find_no_article)
    assert problems == ["content/a.md:1: ref 'a.md' matches no published article"]


WARNINGS = {
    "figure_without_alt_caption_or_title": (
        'Intro.\n{{< figure src="chart.png" >}}\n',
        f"{AT}:8: warning: figure 'chart.png' has no alt, caption or title; "
        'add alt="..." saying what the image shows',
        '<img src="/blog/posts/hello/chart.png" alt="" loading="lazy">',
    ),
    "figure_width_in_percent": (
        '{{< figure src="chart.png" alt="Cranes" width="50%" >}}\n',
        f"{AT}:7: warning: figure width '50%' is not a number of pixels; it is left out",
        '<img src="/blog/posts/hello/chart.png" alt="Cranes" loading="lazy">',
    ),
}


@pytest.mark.parametrize(("body", "warning", "html"), WARNINGS.values(), ids=WARNINGS.keys())
def test_what_a_figure_cannot_show_is_a_warning(
    render: Render, body: str, warning: str, html: str
) -> None:
    result, problems = render(
        body, body_line=7, resolve_link=BLOG, find_article=BLOG.find_article, **BUNDLE
    )
    assert problems == []
    assert result is not None
    assert [str(w) for w in result.warnings] == [warning]
    assert html in result.html


def test_links_of_builtins_are_recorded_for_check_at_their_lines(render: Render) -> None:
    result, _ = render(
        'Intro.\n\n{{< figure src="map.png" alt="Map" link="../other.md#x" >}}\n\n'
        'See [setup]({{< relref "setup#install" >}}).\n',
        body_line=7,
        resolve_link=BLOG,
        find_article=BLOG.find_article,
        **BUNDLE,
    )
    assert result is not None
    assert [(link.href, link.line, link.kind) for link in result.links] == [
        ("../other.md#x", 9, "link"),
        ("map.png", 9, "image"),
        ("../../notes/setup.markdown#install", 11, "link"),
    ]


def test_a_caption_in_an_article_with_footnotes_holds_no_footnote_list(render: Render) -> None:
    body = (
        "Text with a note[^1].\n\n"
        '{{< figure src="https://example.org/x.png" alt="x" caption="A *caption*" />}}\n\n'
        "[^1]: The note.\n"
    )
    result, problems = render(body)
    assert problems == [] and result is not None
    assert "<figcaption>A <em>caption</em></figcaption>" in result.html
    assert result.html.count('id="fn:1"') == 1  # the body's list, once


def test_a_ref_to_a_taxonomy_page_is_its_list_page(render: Render) -> None:
    body = (
        '[All tags]({{< ref "tags" >}}), [politics]({{< relref "/categories/World News" >}}) '
        'and [Ana]({{< ref "authors/ana-diaz/" >}}).\n'
    )
    result, problems = render(body, resolve_link=BLOG, find_article=BLOG.find_article)
    assert problems == [] and result is not None
    assert '<a href="https://example.org/blog/tags/">All tags</a>' in result.html  # ref: absolute
    assert '<a href="/blog/sections/world-news/">politics</a>' in result.html
    assert '<a href="https://example.org/blog/authors/ana-diaz/">Ana</a>' in result.html
