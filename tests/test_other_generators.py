"""Posts written for other generators (Jekyll, Hexo, Eleventy, Astro, Docusaurus,
Gatsby, Hugo), built as they are: what their authors marked as unpublished
stays unpublished, MDX posts become pages, their dates and addresses hold."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import Run, article, run_sitegen
from tests.fuzzing import TINY_PNG as PNG

SITE = "title: T\nbase_url: https://example.org/\n"

MakeSite = Callable[[Mapping[str, str | bytes]], Path]
BuildSite = Callable[..., Run]


def test_published_false_is_a_draft(make_site: MakeSite, build_site: BuildSite) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/kept.md": article("Kept"),
            "content/secret.md": article("Secret unfinished", published="false"),
            "content/also.md": article("Also secret", published="no"),
        }
    )
    assert build_site(site).code == 0
    out = site / "output"
    assert (out / "articles" / "kept" / "index.html").is_file()
    assert not (out / "articles" / "secret").exists()
    assert not (out / "articles" / "also").exists()
    assert "Secret unfinished" not in (out / "feed.xml").read_text(encoding="utf-8")
    assert build_site(site, "--drafts").code == 0
    assert (out / "articles" / "secret" / "index.html").is_file()


def test_an_expired_article_is_withdrawn(make_site: MakeSite, build_site: BuildSite) -> None:
    # The build's clock is 2026-01-01 (build_site).
    site = make_site(
        {
            "site.yaml": SITE,
            "content/gone.md": article("Gone", expiryDate="2025-12-01"),
            "content/going.md": article("Going", expires="2026-06-01T08:00:00Z"),
        }
    )
    assert build_site(site).code == 0
    out = site / "output"
    assert not (out / "articles" / "gone").exists()
    assert (out / "articles" / "going" / "index.html").is_file()
    assert "Gone" not in (out / "feed.xml").read_text(encoding="utf-8")
    scheduled = run_sitegen("schedule", str(site))
    assert scheduled.out.startswith("2026-06-01T08:00:00+00:00 ")
    assert scheduled.out.rstrip().endswith("content/going.md")


def test_a_date_with_milliseconds_is_valid_html(make_site: MakeSite, build_site: BuildSite) -> None:
    site = make_site(
        {"site.yaml": SITE, "content/a.md": article("A", date='"2020-03-16T05:35:07.322Z"')}
    )
    assert build_site(site).code == 0
    for page in ("articles/a/index.html", "index.html"):
        html = (site / "output" / page).read_text(encoding="utf-8")
        assert "datetime=2020-03-16T05:35:07.322+00:00" in html
        assert "322000" not in html


def test_mdx_posts_are_pages_without_their_module_lines(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    body = "\n".join(
        [
            "import Tabs from '@theme/Tabs';",
            "import {",
            "  TabItem,",
            "} from './x';",
            "",
            "Some **text**.",
            "",
            "```js",
            "import x from 'y'",
            "```",
            "",
            "export const meta = 1;",
        ]
    )
    site = make_site({"site.yaml": SITE, "content/using-mdx.mdx": article("Using MDX", body=body)})
    result = build_site(site)
    assert result.code == 0
    out = site / "output"
    assert not (out / "using-mdx.mdx").exists()  # never the source, front matter and all
    html = (out / "articles" / "using-mdx" / "index.html").read_text(encoding="utf-8")
    assert "Some <strong>text</strong>." in html
    assert "@theme/Tabs" not in html and "TabItem" not in html and "meta = 1" not in html
    assert "import</span>" in html  # the code sample keeps its import
    assert "content/using-mdx.mdx:6: warning: MDX import left out" in result.err
    assert "content/using-mdx.mdx:17: warning: MDX export left out" in result.err


def test_a_bundle_folder_dates_its_article(make_site: MakeSite, build_site: BuildSite) -> None:
    page = "---\ntitle: Migration\n---\n\nText.\n"
    site = make_site({"site.yaml": SITE, "content/2021-11-21-docsearch-migration/index.md": page})
    assert build_site(site).code == 0
    html = (site / "output" / "articles" / "docsearch-migration" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "datetime=2021-11-21T00:00:00+00:00" in html


def test_a_plain_permalink_keeps_the_old_address(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/eleventy.md": article("E", permalink="/posts/my-custom-url/"),
            "content/pattern.md": article("P", permalink="/:year/:title/"),
        }
    )
    assert build_site(site).code == 0
    out = site / "output"
    assert (out / "posts" / "my-custom-url" / "index.html").is_file()
    assert (out / "articles" / "pattern" / "index.html").is_file()  # a pattern: not an address


def test_a_new_url_moves_the_article_on_the_next_build(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {"site.yaml": SITE, "content/a.md": article("A", url="/one/"), "content/b.md": article()}
    )
    assert build_site(site).code == 0
    source = site / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("/one/", "/two/"))
    assert build_site(site).code == 0
    assert (site / "output" / "two" / "index.html").is_file()
    assert not (site / "output" / "one").exists()


def test_other_markdown_names_are_articles_and_foreign_sources_are_not_copied(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/sample.mkd": "Title: A Markdown example\nDate: 2018-02-01 08:12\n\nBody.\n",
            "content/other.mdown": article("Other"),
            "content/about.html": "---\nlayout: page\ntitle: About\n---\n<h1>{{ title }}</h1>\n",
            "content/plain.html": "<p>A page of its own.</p>\n",
        }
    )
    result = build_site(site)
    assert result.code == 0
    out = site / "output"
    assert (out / "articles" / "a-markdown-example" / "index.html").is_file()
    assert (out / "articles" / "other" / "index.html").is_file()
    assert not (out / "sample.mkd").exists() and not (out / "other.mdown").exists()
    assert not (out / "about.html").exists()  # its front matter and Liquid stay private
    assert (out / "plain.html").is_file()
    assert "content/about.html:1: warning: not built and not copied" in result.err


def test_categories_give_the_section(make_site: MakeSite, build_site: BuildSite) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/a.md": article("A", categories="[Cheatsheets, Blogging]"),
            "content/b.md": article("B", categories="Productivity"),
            "content/c.md": article("C", categories="[Ignored]", section="Kept"),
        }
    )
    result = build_site(site)
    assert result.code == 0
    sections = site / "output" / "sections"
    assert sorted(p.name for p in sections.iterdir()) == ["cheatsheets", "kept", "productivity"]
    assert (
        "content/a.md:4: warning: an article has one section: 'Cheatsheets', the first of "
        "'categories'; 'Blogging' left out"
    ) in result.err


ZOLA_PAGE = """\
+++
title = "Two body shortcodes"
date = 2024-01-01
path = "/blog/2024/01/05/this-week/"

[taxonomies]
author = ["Josh Simmons"]
+++

{% aa() %}
One.
{% end %}

{% bb() %}
Two.
{% end %}
"""


def test_zola_pages_keep_their_path_shortcodes_and_author(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/a.md": ZOLA_PAGE,
            "layouts/shortcodes/aa.html": "<div class=aa>{{ inner }}</div>\n",
            "layouts/shortcodes/bb.html": "<div class=bb>{{ inner }}</div>\n",
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    html = site / "output" / "blog" / "2024" / "01" / "05" / "this-week" / "index.html"
    text = html.read_text(encoding="utf-8")
    assert '<div class="aa"><p>One.</p>' in text or "<div class=aa><p>One.</p>" in text
    assert "Two." in text and "class=bb" in text.replace('"', "")
    assert "Josh Simmons" in text


def test_a_written_summary_is_read_as_markdown(make_site: MakeSite, build_site: BuildSite) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/a.md": (
                "Title: A\nDate: 2020-01-01\n"
                "Summary: A *short* summary with [a link](https://example.com/) &amp; more.\n\n"
                "Body.\n"
            ),
        }
    )
    assert build_site(site, "--no-minify").code == 0
    out = site / "output"
    page = (out / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<p class="dek">A short summary with a link &amp; more.</p>' in page
    assert '<meta name="description" content="A short summary with a link &amp; more.">' in page
    assert "*short*" not in (out / "feed.xml").read_text(encoding="utf-8")


def test_pelican_metadata_given_twice_and_headings_without_a_space(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    text = (
        "Title: A\nDate: 2020-01-01\nDate: 2021-05-05\n    10:00\nTags: kept\n\n"
        "##TL;DR\n\nText.\n\n```\n#include <x>\n```\n"
    )
    site = make_site({"site.yaml": SITE, "content/a.md": text})
    result = build_site(site, "--no-minify")
    assert result.code == 0
    assert (
        "content/a.md:3: warning: 'Date' is given again: the first, at line 2, stands"
    ) in result.err
    out = site / "output"
    page = (out / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'datetime="2020-01-01T00:00:00+00:00"' in page
    assert '<h2 id="tldr">TL;DR' in page
    assert "<code>#include &lt;x&gt;" in page
    assert (out / "tags" / "kept").is_dir()


def test_links_to_a_landing_text_lead_to_its_page(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    page = (
        '+++\ntitle = "P"\ndate = 2020-01-01\n[taxonomies]\ncategories = ["Blog"]\n+++\n\n'
        "See [the blog](@/blog/_index.md), [home](@/_index.md) and [up](../_index.md).\n"
    )
    site = make_site(
        {
            "site.yaml": SITE,
            "content/_index.md": '+++\ntitle = "Home"\n+++\nWelcome.\n',
            "content/blog/_index.md": '+++\ntitle = "Blog"\n+++\nAll posts.\n',
            "content/blog/p.md": page,
        }
    )
    assert build_site(site, "--no-minify").code == 0
    html = (site / "output" / "articles" / "p" / "index.html").read_text(encoding="utf-8")
    assert (
        'See <a href="/sections/blog/">the blog</a>, <a href="/">home</a> and <a href="/">up</a>'
    ) in html
    assert run_sitegen("check", str(site)).code == 0


def test_a_translation_is_not_a_second_article(make_site: MakeSite, build_site: BuildSite) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/blog/markdown/index.md": article("Markdown"),
            "content/blog/markdown/index.es.md": article("Markdown en español"),
            "content/notes.pt-br.md": article("Only one language of it"),
        }
    )
    result = build_site(site)
    assert result.code == 0
    articles = site / "output" / "articles"
    assert sorted(p.name for p in articles.iterdir()) == ["markdown", "notes"]
    assert (
        "content/blog/markdown/index.es.md:1: warning: not built: a translation (es) of "
        "content/blog/markdown/index.md"
    ) in result.err


def test_a_bundle_whose_every_file_names_its_language_is_one_page(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    # Hugo's multilingual bundles: index.en.md beside index.fr.md, no index.md.
    # The file in the site's language is the bundle's page, at the folder's
    # slug, with its pictures beside it; _index.fr.md is a landing text.
    site = make_site(
        {
            "site.yaml": SITE + "language: fr-FR\n",
            "content/books/la-tour/index.en.md": article("The Tower", section="books"),
            "content/books/la-tour/index.fr.md": article(
                "La Tour",
                section="books",
                body='![Couverture](images/couv.png)\n\nVoir [autre]({{< ref "/books/autre" >}}).',
            ),
            "content/books/la-tour/images/couv.png": PNG,
            "content/books/autre/index.de.md": article("Das Andere", section="books"),
            "content/books/autre/index.nl.md": article("De Andere", section="books"),
            "content/books/_index.fr.md": "---\ntitle: Les livres\n---\nMes lectures.\n",
            "content/books/_index.en.md": "---\ntitle: Books\n---\nWhat I read.\n",
            "content/js.notes.md": article("Notes"),
            "content/notes.js.md": article("Not a language"),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "output"
    assert sorted(p.name for p in (out / "articles").iterdir()) == [
        "autre", "js.notes", "la-tour", "notes.js"
    ]  # fmt: skip
    html = (out / "articles" / "la-tour" / "index.html").read_text(encoding="utf-8")
    assert "La Tour" in html and "The Tower" not in html
    assert 'src="/static/img/couv-' in html or "src=/static/img/couv-" in html
    assert "/articles/autre/" in html
    section = (out / "sections" / "books" / "index.html").read_text(encoding="utf-8")
    assert "Mes lectures." in section and "What I read." not in section
    for translation, page in (
        ("books/la-tour/index.en.md", "books/la-tour/index.fr.md"),
        ("books/_index.en.md", "books/_index.fr.md"),
        ("books/autre/index.nl.md", "books/autre/index.de.md"),  # none in French: the first
    ):
        language = translation.split(".")[-2]
        assert (
            f"content/{translation}:1: warning: not built: a translation ({language}) of "
            f"content/{page}"
        ) in result.err
    assert "warning: no 'date'" not in result.err


def test_hugo_front_matter_keys_are_read_in_any_case(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    # Hugo reads keys in any case; its old archetype wrote Tags and Description.
    page = (
        '+++\nTitle = "Upper"\nDate = 2024-02-03\nSlug = "kept-slug"\n'
        'Tags = ["Go", "Web"]\nDescription = "The dek."\nCategories = ["News"]\n'
        "showToc = true\n+++\n\nBody.\n"
    )
    both = '---\ntitle: "Lower wins"\nTitle: "Upper"\ndate: 2024-02-04\n---\nText.\n'
    site = make_site({"site.yaml": SITE, "content/a.md": page, "content/b.md": both})
    result = build_site(site)
    assert result.code == 0, result.err
    html = (site / "output" / "articles" / "kept-slug" / "index.html").read_text(encoding="utf-8")
    assert "2024-02-03" in html and "The dek." in html
    assert "/tags/go/" in html and "/tags/web/" in html and "/sections/news/" in html
    other = (site / "output" / "articles" / "b" / "index.html").read_text(encoding="utf-8")
    assert "Lower wins" in other


ZOLA_ADMONITION = """\
{%- set type = type | default(value="info") -%}
{%- set title = title | default(value=type | upper) -%}
{%- set text = text | default(value=body) -%}
<div class="admonition {{ type }}"><strong>{{ title | safe }}</strong>
{{- text | markdown | safe }}</div>
"""


def test_shortcode_templates_ported_from_zola_work_as_written(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    page = (
        '+++\ntitle = "Tera"\ndate = 2024-01-01\n+++\n\n'
        "{% mermaid() %}\ngraph TD\n    A --> B\n{% end %}\n\n"
        '{{ admonition(type="tip", text="Some **bold** text") }}\n\n'
        '{% admonition(type="warning", title="Careful") %}\nBody with *emphasis*.\n{% end %}\n'
    )
    site = make_site(
        {
            "site.yaml": SITE,
            "content/a.md": page,
            "layouts/shortcodes/mermaid.html": '<pre class="mermaid">{{ body | safe }}</pre>\n',
            "layouts/shortcodes/admonition.html": ZOLA_ADMONITION,
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    html = (site / "output" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">graph TD\n    A --> B</pre>' in html  # Zola's body: as written
    assert (
        '<div class="admonition tip"><strong>TIP</strong>Some <strong>bold</strong> text</div>'
    ) in html
    assert '<div class="admonition warning"><strong>Careful</strong>' in html
    assert "Body with <em>emphasis</em>." in html


def test_a_folder_permalink_keeps_nested_sections_addresses(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {
            "site.yaml": SITE + 'permalinks: {article: "/{folder}/{slug}/"}\n',
            "content/top.md": article("Top"),
            "content/blog/a.md": article("A"),
            "content/blog/series/01-x/index.md": article("X"),
        }
    )
    assert build_site(site).code == 0
    out = site / "output"
    for page in ("top", "blog/a", "blog/series/01-x"):
        assert (out / page / "index.html").is_file(), page


def test_a_pelican_translation_is_a_draft_not_a_clash(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    site = make_site(
        {
            "site.yaml": SITE,
            "content/hello.md": "Title: Hello\nDate: 2020-01-01\nSlug: hello\n\nHi.\n",
            "content/hello-fr.md": (
                "Title: Bonjour\nDate: 2020-01-01\nSlug: hello\nLang: fr\nTranslation: true\n\n"
                "Salut.\n"
            ),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert "content/hello-fr.md:5: warning: a translation (fr): sitegen builds one" in result.err
    html = (site / "output" / "articles" / "hello" / "index.html").read_text(encoding="utf-8")
    assert "Hi." in html and "Salut" not in html


def test_zola_code_block_options(make_site: MakeSite, build_site: BuildSite) -> None:
    page = (
        '+++\ntitle = "Code"\ndate = 2024-01-01\n+++\n\n'
        "Text.\n\n```rust,name=src/main_x.rs\nfn main() {}\n```\n\n"
        "```toml,linenos,hl_lines=2,linenostart=10\na = 1\nb = 2\n```\n"
    )
    site = make_site({"site.yaml": SITE, "content/code.md": page})
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    html = (site / "output" / "articles" / "code" / "index.html").read_text(encoding="utf-8")
    assert "<p><em>src/main_x.rs</em></p>" in html
    assert 'class="language-rust"' in html and "language-rust," not in html
    assert 'class="linenos">10</span>' in html or ">10<" in html
    assert "hll" in html  # line 2 marked


def test_a_zola_array_argument_is_a_list_to_its_template(
    make_site: MakeSite, build_site: BuildSite
) -> None:
    page = '+++\ntitle = "G"\ndate = 2024-01-01\n+++\n\n{{ gallery(images=["a.png", "b.png"]) }}\n'
    template = "<div>{% for image in images %}<img alt='' src='{{ image }}'>{% endfor %}</div>\n"
    site = make_site(
        {
            "site.yaml": SITE,
            "content/g.md": page,
            "layouts/shortcodes/gallery.html": template,
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    html = (site / "output" / "articles" / "g" / "index.html").read_text(encoding="utf-8")
    assert "<div><img alt='' src='a.png'><img alt='' src='b.png'></div>" in html
