# ruff: noqa: RUF001 -- the typographic marks are what these tests check
"""The typographer: curly quotes in the site's language, dashes and ellipses in
the text of a body, and never in what is not text (code, URLs, attributes,
escapes, a shortcode's own syntax)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.config import MarkdownConfig
from sitegen.errors import Problems
from sitegen.markdown import ShortcodeRegistry, make_markdown, render_article
from sitegen.markdown.document import keep_link
from sitegen.model import RenderedArticle
from tests.markdown.conftest import article, jinja_renderer, site_templates

Render = Callable[..., tuple[RenderedArticle | None, list[str]]]


def html_of(render: Render, body: str) -> str:
    result, problems = render(body)
    assert problems == []
    assert result is not None
    return result.html


def in_language(registry: ShortcodeRegistry, body: str, language: str, **options: object) -> str:
    md = make_markdown(MarkdownConfig(**options), registry, language)  # type: ignore[arg-type]
    problems = Problems()
    result = render_article(
        article(body), md, jinja_renderer(site_templates()), keep_link, problems
    )
    assert not problems and result is not None
    return result.html


def test_quotes_curl_and_dashes_and_ellipses_are_set(render: Render) -> None:
    html = html_of(render, '"It\'s over," she said -- and then... the vote --- 52 to 48.\n')
    assert html == "<p>“It’s over,” she said – and then… the vote — 52 to 48.</p>\n"


def test_what_is_not_text_is_left_as_typed(render: Render) -> None:
    body = (
        'Run `say "hi" -- now...` or [the "guide"](https://example.org/a--b "It\'s") '
        'at <https://example.org/x--y...>, \\"escaped\\" and \\-\\- too; ---- stays.\n'
        "\n"
        "```\n"
        'print("a -- b...")\n'
        "```\n"
    )
    html = html_of(render, body)
    assert "<code>say &quot;hi&quot; -- now...</code>" in html
    assert '<a href="https://example.org/a--b" title="It\'s">the “guide”</a>' in html
    assert ">https://example.org/x--y...</a>" in html
    assert "&quot;escaped&quot; and -- too; ---- stays." in html
    assert "print(&quot;a -- b...&quot;)" in html


def test_a_shortcode_is_left_as_typed_and_its_inner_text_is_set(render: Render) -> None:
    body = (
        'Type {{</* callout type="warning" */>}} -- then:\n'
        "\n"
        '{{< callout type="did-you-know" >}}\n'
        'The "quiet" work -- mostly.\n'
        "{{< /callout >}}\n"
    )
    html = html_of(render, body)
    assert "<p>Type {{&lt; callout type=&quot;warning&quot; &gt;}} – then:</p>" in html
    assert "The “quiet” work – mostly." in html


def test_heading_attributes_are_read_before_the_quotes_curl(render: Render) -> None:
    html = html_of(render, '## The "method" {#method title="How we counted"}\n')
    assert html.startswith('<h2 id="method" title="How we counted">The “method”')


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en-GB", "“Yes,” he said, ‘twice’."),
        ("de", "„Yes,“ he said, ‚twice‘."),
        ("fr", "«\u00a0Yes,\u00a0» he said, ‹\u00a0twice\u00a0›."),
        ("pt-BR", "“Yes,” he said, ‘twice’."),
        ("pt", "«Yes,» he said, “twice”."),
        ("tlh", "“Yes,” he said, ‘twice’."),
    ],
)
def test_quotes_are_the_marks_of_the_sites_language(
    registry: ShortcodeRegistry, language: str, said: str
) -> None:
    html = in_language(registry, "\"Yes,\" he said, 'twice'.\n", language)
    assert html == f"<p>{said}</p>\n"


def test_linkify_false_leaves_a_bare_url_as_text(registry: ShortcodeRegistry) -> None:
    html = in_language(registry, "See https://example.org/a now.\n", "en", linkify=False)
    assert html == "<p>See https://example.org/a now.</p>\n"
    linked = in_language(registry, "See https://example.org/a--b, not //example.org.\n", "en")
    assert linked == (
        '<p>See <a href="https://example.org/a--b">https://example.org/a--b</a>, '
        "not //example.org.</p>\n"
    )


def test_a_bare_www_address_is_a_link_as_goldmark_makes_it(registry: ShortcodeRegistry) -> None:
    # GitHub's extended autolinks: www. gets http://; a bare host stays text.
    body = "Visit www.Example.org/help. Not example.org, nor `www.code.org`.\n"
    assert in_language(registry, body, "en") == (
        '<p>Visit <a href="http://www.Example.org/help">www.Example.org/help</a>. '
        "Not example.org, nor <code>www.code.org</code>.</p>\n"
    )
    unlinked = in_language(registry, body, "en", linkify=False)
    assert "<a " not in unlinked


def test_typographer_false_prints_what_was_typed(registry: ShortcodeRegistry) -> None:
    typed = '"It\'s over" -- and then...\n'
    html = in_language(registry, typed, "en", typographer=False)
    assert html == "<p>&quot;It's over&quot; -- and then...</p>\n"
