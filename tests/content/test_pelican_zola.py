"""Front matter as Pelican and Zola write it.

A Pelican article opens with ``Key: value`` lines and no fence; a Zola article
keeps its tags in a ``[taxonomies]`` table; Pelican links to other files of the
content folder with ``{filename}`` and ``{static}``. Each is read as those tools
read it, so their archives build as they are, and what has no equivalent is a
warning at its line.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.config import SiteConfig
from sitegen.content.frontmatter import parse_article
from sitegen.errors import Problems
from sitegen.markdown.render import markdown_of
from sitegen.model import Article, SourceFile
from tests.conftest import Run, run_sitegen

SiteMaker = Callable[[dict[str, str | bytes]], Path]

PELICAN = """\
Title: My super title
Date: 2010-12-03 10:20
Modified: 2010-12-05 19:30
Category: Python
Tags: pelican, publishing
Slug: my-super-post
Authors: Alexis Metaireau, Conan Doyle
Summary: Short version for index
    and feeds
Lang: en

This is the content of my super blog post.
"""


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def parse(text: str, path: str = "content/a.md") -> tuple[Article | None, list[str]]:
    problems = Problems()
    article = parse_article(SourceFile(path, text), SiteConfig(), problems)
    return article, [str(p) for p in problems]


def test_pelican_metadata_is_read_as_pelican_reads_it() -> None:
    article, problems = parse(PELICAN)
    assert problems == []
    assert article is not None
    assert article.title == "My super title"
    assert article.date == datetime(2010, 12, 3, 10, 20, tzinfo=UTC)
    assert article.updated == datetime(2010, 12, 5, 19, 30, tzinfo=UTC)
    assert article.section == "Python"
    assert article.tags == ("pelican", "publishing")
    assert article.slug == "my-super-post"
    assert article.authors == ("Alexis Metaireau", "Conan Doyle")
    assert article.summary == "Short version for index and feeds"
    assert article.params == {"lang": "en"}
    assert article.body == "This is the content of my super blog post.\n"
    assert article.body_line == 12
    assert article.warnings == ()


def test_pelican_dates_with_slashes_and_short_numbers_are_read() -> None:
    article, problems = parse("Title: A\nDate: 2012/10/3 10:20\nModified: 2012-11-04\n\nB.\n")
    assert problems == [] and article is not None
    assert article.date == datetime(2012, 10, 3, 10, 20, tzinfo=UTC)
    assert article.updated == datetime(2012, 11, 4, tzinfo=UTC)


def test_pelican_leaves_out_empty_values_reads_one_digit_hours_and_splits_as_it_does() -> None:
    """Pelican's post template leaves Slug, Category and Tags empty; dateutil reads
    '2:43'; tags and authors split at semicolons, else commas, never at spaces."""
    text = (
        "Title: A post\nDate: 2016-12-13 2:43\nSlug: \nCategory:  \nSummary:\n"
        "Tags: TIL Anaconda Python\nAuthors: Doe, Jane; Roe, John\n\nBody.\n"
    )
    article, problems = parse(text)
    assert problems == [] and article is not None
    assert article.slug == "a-post"  # from the title, as Pelican makes it
    assert article.date == datetime(2016, 12, 13, 2, 43, tzinfo=UTC)
    assert (article.section, article.summary) == (None, None)
    assert article.tags == ("TIL Anaconda Python",)
    assert article.authors == ("Doe, Jane", "Roe, John")


def test_pelican_dates_a_file_by_its_name_and_reads_urls_from_the_root() -> None:
    text = "Title: A\nURL: tag/baz.html\nSave_as: tag/baz.html\n\nBody.\n"
    article, problems = parse(text, "content/2012-11-30_filename-metadata.md")
    assert problems == [] and article is not None
    assert article.date == datetime(2012, 11, 30, tzinfo=UTC)
    assert article.params["url"] == "/tag/baz.html"
    article, problems = parse(text, "content/undated.md")
    assert problems == [] and article is not None and not article.dated  # a page


def test_a_draft_may_go_without_a_date_as_in_pelican_and_hugo() -> None:
    for text in ("Title: A\nStatus: draft\n\nBody.\n", "---\ntitle: A\ndraft: true\n---\nB\n"):
        article, problems = parse(text)
        assert problems == [] and article is not None and article.draft
        assert article.date == datetime(1970, 1, 1, tzinfo=UTC)  # last, in a preview
    article, problems = parse("---\ntitle: A\ndraft: false\n---\nB\n")
    assert problems == [] and article is not None and not article.dated  # a page


def test_pelican_metadata_may_end_at_the_texts_first_line() -> None:
    """Python-Markdown's meta ends at a line of another kind, which is the text's."""
    article, problems = parse("Title: fire\nSlug: fire-module\nDate: 2020-01-01\n[TOC]\nText.\n")
    assert problems == [] and article is not None
    assert (article.slug, article.body, article.body_line) == ("fire-module", "\nText.\n", 4)


def test_pelicans_liquid_tags_pictures_and_players() -> None:
    """The liquid_tags plugin, in almost every post of the blogs that use it."""
    body = (
        '{% img {static}/images/x.png 600 "Alt text" %}\n\n'
        '{% img left /a.jpg 300 200 "The title" "The alt" %}\n\n'
        "{% youtube dQw4w9WgXcQ %} and {% vimeo 123 640 480 %}\n"
    )
    article, problems = parse("Title: A\nDate: 2020-01-01\n\n" + body)
    assert problems == [] and article is not None and article.body is not None
    assert markdown_of(article.source, article.body) == (
        "![Alt text]({static}/images/x.png)\n\n![The alt](/a.jpg)\n\n"
        '{{< youtube "dQw4w9WgXcQ" />}} and {{< vimeo "123" />}}\n',
        [],
    )


def test_pelican_values_are_checked_at_their_lines() -> None:
    _, problems = parse("Title: A\nDate: someday\n\nBody.\n")
    assert len(problems) == 1
    assert problems[0].startswith("content/a.md:2: ")
    assert "date" in problems[0]


def test_pelican_status_draft_is_a_draft_and_hidden_a_warning() -> None:
    draft, problems = parse("Title: A\nDate: 2024-01-01\nStatus: draft\n\nBody.\n")
    assert problems == [] and draft is not None and draft.draft
    hidden, problems = parse("Title: A\nDate: 2024-01-01\nStatus: hidden\n\nBody.\n")
    assert problems == [] and hidden is not None and not hidden.draft
    assert [str(w) for w in hidden.warnings] == [
        "content/a.md:3: warning: 'Status: hidden' (published but listed nowhere) has no "
        "equivalent: the article is published and listed"
    ]


def test_prose_that_only_looks_like_metadata_is_not_read_as_front_matter() -> None:
    """Without a Title line it is an article with no front matter: the usual error,
    and nothing of the text taken for keys."""
    for text in ("Update: the ministry replied.\n\nBody.\n", "# Heading\n\nBody.\n"):
        article, problems = parse(text)
        assert article is None
        assert problems == [
            "content/a.md:1: front matter must start on the first line: '---' (YAML), "
            "'+++' (TOML), '{' (JSON) or Pelican's 'Title: ...' lines"
        ]


ZOLA = """\
+++
title = "Rust on the wire"
date = 2024-01-05
updated = 2024-01-06
description = "A Zola description."

[taxonomies]
tags = ["rust", "web"]
categories = ["Tech", "Web"]
series = ["Intro"]

[extra]
kicker = "Analysis"
+++
Zola body.
"""


def test_zola_taxonomies_are_the_articles_tags_section_and_authors() -> None:
    article, problems = parse(ZOLA)
    assert problems == []
    assert article is not None
    assert article.tags == ("rust", "web")
    assert article.section == "Tech"
    assert article.updated == datetime(2024, 1, 6, tzinfo=UTC)
    assert article.summary == "A Zola description."
    assert article.params == {
        "description": "A Zola description.",  # kept too, for templates that read it
        "taxonomies": {"series": ["Intro"]},
        "extra": {"kicker": "Analysis"},
    }
    assert sorted(str(w) for w in article.warnings) == [
        "content/a.md:7: warning: taxonomies series kept as params: sitegen has pages for "
        "tags, sections and authors only",
        "content/a.md:9: warning: an article has one section: 'Tech', the first of "
        "'categories'; 'Web' left out",
    ]


def test_a_zola_article_giving_tags_itself_keeps_them() -> None:
    text = '+++\ntitle = "A"\ndate = 2024-01-01\ntags = ["own"]\n[taxonomies]\ntags = ["z"]\n+++\n'
    article, problems = parse(text)
    assert problems == [] and article is not None
    assert article.tags == ("own",)


def test_a_pelican_site_builds_with_its_links_between_files(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/posts/first.md": PELICAN.replace(
                "This is the content",
                "See [the second]({filename}/posts/second.md), [again]({filename}second.md#top)"
                " and ![A chart]({static}/images/chart.png); more on [Python]({category}Python),"
                " [publishing]({tag}publishing), [Conan](<{author}Conan Doyle>) and the"
                " [front page]({index}).\n\nThis is the content",
            ),
            "content/posts/second.md": "Title: Second\nDate: 2010-12-04\n\nSecond body.\n",
            "content/images/chart.png": png(),
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/my-super-post/index.html").read_text()
    assert '<a href="/articles/second/">the second</a>' in page
    assert '<a href="/articles/second/#top">again</a>' in page
    assert '<img src="/static/img/chart-' in page  # the content folder's image, resized
    assert '<a href="/sections/python/">Python</a>' in page
    assert '<a href="/tags/publishing/">publishing</a>' in page
    assert '<a href="/authors/conan-doyle/">Conan</a>' in page
    assert '<a href="/">front page</a>' in page
    assert (site / "output/authors/conan-doyle/index.html").exists()


def test_zolas_internal_links_lead_to_the_articles(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Zola writes ``@/path.md`` from the content folder."""
    zola = '+++\ntitle = "{title}"\ndate = 2024-01-0{day}\n+++\n'
    site = make_site(
        {
            "content/docs/intro.md": zola.format(title="Intro", day=1)
            + "See [sections](@/docs/content/section.md#front-matter) and [gone](@/nope.md).\n",
            "content/docs/content/section.md": zola.format(title="Section", day=2)
            + "## Front matter\n",
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/intro/index.html").read_text()
    assert '<a href="/articles/section/#front-matter">sections</a>' in page
    checked = run_sitegen("check", str(site))
    assert "content/docs/intro.md:5: link to @/nope.md does not match any page" in checked.err
    assert "no published article at content/nope.md" in checked.err


RST = """\
My super title
##############

:date: 2010-10-03 10:20
:modified: 2010-10-04 18:40
:tags: thats, awesome
:category: yeah
:slug: my-super-post
:authors: Alexis Metaireau, Conan Doyle
:summary: Short version for index and feeds

This is the content of my super blog post. See `the second <{filename}second.rst>`_
and ``code``.

Details
=======

.. code-block:: python

    print("hi")

.. figure:: {static}/images/chart.png
   :alt: A chart

   Exports by route.

.. note:: Remember this.

.. unknown:: x

.. include:: /etc/hostname
"""


def test_pelican_restructuredtext_articles_build_as_pelican_reads_them(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Pelican's first format: the title, the fields under it, the body as docutils
    reads it; a draft stays unpublished and no source file is copied out."""
    site = make_site(
        {
            "content/posts/first.rst": RST,
            "content/posts/second.rst": "Second\n======\n\n:date: 2010-10-04\n\nSecond body.\n",
            "content/posts/draft.rst": "Draft\n=====\n\n:date: 2010-10-05\n:status: draft\n\nX.\n",
            "content/images/chart.png": png(),
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        'content/posts/first.rst:29: warning: reStructuredText: Unknown directive type "unknown".',
        'content/posts/first.rst:31: warning: reStructuredText: "include" directive disabled.',
    ]
    out = site / "output"
    assert not list(out.rglob("*.rst"))
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["my-super-post", "second"]
    page = (out / "articles/my-super-post/index.html").read_text()
    assert '<h1 class="article__title">My super title</h1>' in page
    assert "Short version for index and feeds" in page
    assert '<a href="/articles/second/">the second</a>' in page
    assert "<code>code</code>" in page
    assert '<h2 id="details">Details' in page
    assert '<code class="language-python"><span class="nb">print</span>' in page
    assert 'alt="A chart"' in page and "<figcaption>Exports by route.</figcaption>" in page
    assert '<aside class="callout callout--note"' in page and "<p>Remember this.</p>" in page
    assert 'href="/sections/yeah/"' in page and 'href="/tags/thats/"' in page
    assert "/authors/conan-doyle/" in page
    assert "2010-10-03T10:20:00" in page


def test_a_restructuredtext_article_without_a_title_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site({"content/a.rst": ":date: 2024-01-01\n\nNo heading.\n"})
    result = build_site(site)
    assert result.code == 1
    assert result.err.strip() == (
        "content/a.rst:1: a reStructuredText article starts with its title: a heading "
        "(underlined with '=', '#', '-'...) or a ':title:' field, then ':date:' and the "
        "other fields"
    )


ZOLA_CALLS = """\
+++
title = "A"
date = 2024-01-01
+++
Intro {{ youtube(id="dQw4w9WgXcQ", playlist="p") }} here.

{% quote(author="Vincent") %}
A **quote**.
{% end %}

Show one: `{{/* youtube(id="x") */}}`.

```
{{/* gist(url="https://gist.github.com/a/1") */}}
```
"""


def test_zolas_shortcode_calls_render_as_sitegens(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Tera's delimiters and a function's arguments; an escaped call is its text."""
    quote = (
        "{#- shortcode\nargs:\n  author: {}\n-#}\n"
        "<blockquote>{{ inner }}<cite>{{ args.author }}</cite></blockquote>\n"
    )
    site = make_site({"content/a.md": ZOLA_CALLS, "layouts/shortcodes/quote.html": quote})
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/a/index.html").read_text()
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in page
    assert "<blockquote><p>A <strong>quote</strong>.</p>\n<cite>Vincent</cite></blockquote>" in page
    assert "<code>{{ youtube(id=&quot;x&quot;) }}</code>" in page
    assert "<pre><code>{{ gist(url=&quot;https://gist.github.com/a/1&quot;) }}" in page
    assert "{%" not in page and "playlist" not in page


def test_a_zola_call_of_a_shortcode_the_site_lacks_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    text = '+++\ntitle = "A"\ndate = 2024-01-01\n+++\nSee {{ link(url="https://x.org") }}.\n'
    result = build_site(make_site({"content/a.md": text}))
    assert result.code == 1
    assert result.err.startswith("content/a.md:5: unknown shortcode 'link'")


def test_pelicans_rst_code_options_footnotes_and_abbreviations(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Pelican's own code-block (Pygments' options, which docutils' refuses, losing
    the block), footnotes as sitegen numbers them, its abbr role."""
    body = (
        "Post\n====\n\n:date: 2024-01-01\n\n"
        ".. code-block:: python\n   :linenos: table\n   :hl_lines: 2\n\n   a = 1\n   b = 2\n\n"
        "Use :abbr:`HTML (HyperText Markup Language)`, says a note [#]_.\n\n"
        ".. [#] The note.\n"
    )
    site = make_site({"content/post.rst": body})
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    assert result.err == ""
    page = (site / "output/articles/post/index.html").read_text()
    assert '<span class="hll"><span class="linenos" aria-hidden="true">2</span>' in page
    assert 'class="linenos"' in page
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in page
    assert '<a href="#fn:1" id="fnref:1">[1]</a>' in page
    assert '<li id="fn:1" class="footnote-item"><p>The note.' in page


def test_rst_as_real_pelican_blogs_write_it(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """A :title: field and no heading; '.. code-block:: none sql' (one argument to
    Pelican, no lexer: plain text); '.. contents::', whose links led nowhere."""
    body = (
        ":title: D-Bus\n:date: 2014-12-27 01:45\n\n.. contents::\n\n"
        "Basic IPC\n=========\n\n.. code-block:: none sql\n\n   CREATE DATABASE mail;\n"
    )
    site = make_site({"content/d-bus.rst": body})
    result = build_site(site, "--no-minify")
    assert (result.code, result.err) == (0, "")
    page = (site / "output/articles/d-bus/index.html").read_text()
    assert '<h1 class="article__title">D-Bus</h1>' in page
    assert "<pre><code>CREATE DATABASE mail;\n</code></pre>" in page
    assert "toc-entry" not in page and 'href="#basic-ipc"' in page  # sitegen's contents
    checked = run_sitegen("check", str(site))
    assert checked.code == 0, checked.err


def test_rst_links_to_the_posts_own_sections_survive_numbered_headings(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """docutils' ``.. sectnum::`` writes ``1 Causes`` in the heading but keeps the
    section's id ``causes``, which the post's ```Causes`_`` links to: the
    heading keeps that id (and ``Café`` its ``cafe``, a label above a section
    leads to it), so the links lead somewhere, as on the Pelican site."""
    body = (
        "Strike\n======\n\n:date: 2024-01-01\n\n.. sectnum::\n\n"
        "See `Causes`_, `Café talks`_ and outlook_.\n\n"
        "Causes\n------\n\nWages.\n\n"
        "Café talks\n----------\n\nBack to `Causes`_.\n\n"
        ".. _outlook:\n\nWhat next\n---------\n\nUnclear.\n"
    )
    site = make_site({"content/strike.rst": body})
    result = build_site(site, "--no-minify")
    assert (result.code, result.err) == (0, "")
    page = (site / "output/articles/strike/index.html").read_text()
    for number, identifier, text in (
        (1, "causes", "Causes"),
        (2, "cafe-talks", "Café talks"),
        (3, "what-next", "What next"),
    ):
        assert f'<h2 id="{identifier}">{number} {text}' in page, identifier
    assert '<a href="#causes">Causes</a>, <a href="#cafe-talks">Café talks</a>' in page
    assert '<a href="#what-next">outlook</a>' in page
    assert 'Back to <a href="#causes">Causes</a>' in page
    checked = run_sitegen("check", str(site))
    assert checked.code == 0, checked.err


def test_a_fault_of_docutils_shows_the_text_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never a traceback: what docutils cannot read is shown as written."""
    import docutils.core

    from sitegen.markdown.rst import rst_to_markdown

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(docutils.core, "publish_doctree", broken)
    assert rst_to_markdown("Text ``a``.\n") == (
        "```rst\nText ``a``.\n```\n",
        [(1, "reStructuredText could not be read (boom): shown as written")],
    )


def test_a_zola_call_whose_argument_runs_over_lines_is_a_call(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """PrimaMateria's blog: {{ nerdy(text="...") }} with the text on lines of its own
    reached the page as raw text, its quotes curled."""
    text = (
        '+++\ntitle = "A"\ndate = 2024-01-01\n+++\nIntro.\n\n'
        '{{ nerdy(text="\n\nsome words\n\nand more\n\n") }}\n'
    )
    template = "{#- shortcode\nargs:\n  text: {}\n-#}\n<aside>{{ args.text }}</aside>\n"
    site = make_site({"content/a.md": text, "layouts/shortcodes/nerdy.html": template})
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/a/index.html").read_text()
    assert "<aside>some words\nand more</aside>" in page
    assert "nerdy(" not in page


def test_zola_aliases_without_a_slash_are_from_the_sites_root_as_zola_writes_them(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Zola splits an alias at ``/`` and writes the redirect below its output
    folder, whatever the page's folder: ``old-name/`` on ``content/blog/a.md``
    answers ``/old-name/``, and sites moved from Jekyll keep their old
    ``2017/12/03/old.html`` that way."""
    site = make_site(
        {
            "site.yaml": 'permalinks: {article: "/{folder}/{slug}/"}\n',
            "content/blog/a.md": '+++\ntitle = "A"\ndate = 2024-01-02\n'
            'aliases = ["old-name/", "2017/12/03/old.html", "/kept/"]\n+++\nHello.\n',
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    output = site / "output"
    for path in ("old-name/index.html", "2017/12/03/old.html", "kept/index.html"):
        assert "<a href=http://localhost:8000/blog/a/>" in (output / path).read_text(), path
    assert not (output / "blog/old-name").exists()
    rules = (output / "_redirects").read_text().splitlines()
    assert "/old-name/ /blog/a/ 301" in rules
    assert "/2017/12/03/old.html /blog/a/ 301" in rules
    site.joinpath("content/blog/a.md").write_text(
        '+++\ntitle = "A"\ndate = 2024-01-02\naliases = ["../up/", "https://x.org/a/"]\n+++\n'
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/blog/a.md:4: alias '../up/' must not contain a '..' segment",
        "content/blog/a.md:4: alias 'https://x.org/a/' must be a path on this site like "
        "'/old/path/', not a URL with a host",
    ]


def test_a_zola_link_to_a_sections_index_leads_to_its_list_or_says_why_not(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """``[the blog](@/blog/_index.md)`` is the section's list page when the blog's
    articles name their section; else the home page lists them, with a warning.
    A folder holding no article is a warning at build and an error of
    ``check``, never a link left broken in silence."""
    zola = '+++\ntitle = "{title}"\ndate = 2024-01-0{day}\n{extra}+++\n'
    site = make_site(
        {
            "content/blog/a.md": zola.format(title="A", day=1, extra="")
            + "[Blog](@/blog/_index.md), [news](@/news/_index.md#top), [home](@/_index.md), "
            "[gone](@/gone/_index.md).\n",
            "content/news/b.md": zola.format(
                title="B", day=2, extra='[taxonomies]\ncategories = ["News"]\n'
            )
            + "Text.\n",
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/a/index.html").read_text()
    assert (
        '<a href="/">Blog</a>, <a href="/sections/news/#top">news</a>, <a href="/">home</a>, '
        '<a href="../gone/_index.md">gone</a>.'
    ) in page
    assert result.errors == [
        "content/blog/a.md:5: warning: link to @/blog/_index.md leads to the home page: "
        "content/blog/ has no list page, as no published article has the section 'blog' "
        "(give its articles 'section: blog' to make one)",
        "content/blog/a.md:5: warning: link to @/gone/_index.md leads nowhere: "
        "content/gone/ holds no published article",
    ]
    checked = run_sitegen("check", str(site))
    assert checked.code == 1
    assert (
        "content/blog/a.md:5: link to @/gone/_index.md does not match any page "
        "(content/gone/ holds no published article)"
    ) in checked.errors


def test_zola_calls_in_any_code_block_are_shown_as_typed_and_escapes_as_text(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """A post about Zola shows its calls in code: indented, fenced in a quote or a
    list, or in a code span, each as typed (not run, nor rewritten into another
    syntax); ``{{/* … */}}`` in prose is the call as text, straight quotes and
    its URL not made a link."""
    text = (
        '+++\ntitle = "A"\ndate = 2024-01-01\n+++\nIntro.\n\n'
        '    {{ youtube(id="a") }}\n\n'
        '> ```\n> {{ youtube(id="b") }}\n> ```\n\n'
        '- item\n\n  ```\n  {% quote(author="C") %}\n  Hi\n  {% end %}\n  ```\n\n'
        'Use ``{{ youtube(id="d") }}`` or {{/* gist(url="https://gist.github.com/a/1") */}}.\n'
    )
    site = make_site({"content/a.md": text})
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    assert result.errors == []
    page = (site / "output/articles/a/index.html").read_text()
    assert "<pre><code>{{ youtube(id=&quot;a&quot;) }}\n</code></pre>" in page
    assert "<pre><code>{{ youtube(id=&quot;b&quot;) }}\n</code></pre>" in page
    assert "<pre><code>{% quote(author=&quot;C&quot;) %}\nHi\n{% end %}\n</code></pre>" in page
    assert (
        "Use <code>{{ youtube(id=&quot;d&quot;) }}</code> or "
        "{{ gist(url=&quot;https://gist.github.com/a/1&quot;) }}.</p>"
    ) in page
    assert "youtube.com" not in page
