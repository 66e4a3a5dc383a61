"""A small Hugo blog built as it is: Hugo's built-in shortcodes in a site under /blog/.

A page bundle shows its own image in a ``figure``, links a ``.markdown``
article in another folder with ``ref`` and ``relref`` (in a link too), and
uses every other built-in. What the reader gets: the figure's image beside
its page, article URLs under ``/blog/``, links instead of players, valid
nesting, nothing loaded from another host; and each mistake at its line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from tests.conftest import Run, run_sitegen

Site = Callable[[Mapping[str, str | bytes]], Path]


def _png(width: int, height: int) -> bytes:
    """A real PNG: the build reads every image an article shows."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 120)).save(out, "PNG")
    return out.getvalue()


PNG = _png(640, 320)

BUNDLE = """\
---
title: The harbour reopens
date: 2025-05-01
tags: [ports]
desk: Harbour desk
---

The port reopened on Monday, as {{< param desk >}} reported.

{{< figure src="chart.png" title="Tonnage" attr="Port authority"
    caption="Up **12%** since [the strike](../../notes/setup.markdown)." >}}

Set up first: [the setup guide]({{< ref "notes/setup.markdown" >}}), or read
it at {{< relref "setup#install" >}}; see also [the budget]({{% relref "budget" %}}).

{{< youtube id="dQw4w9WgXcQ" title="The harbour master" start=90 >}}

{{< vimeo 55073825 >}}

{{< x user="SanDiegoZoo" id="1453110110599868418" >}}

{{< instagram CxOWiQNP2MO >}}

{{< gist spf13 7896402 "img.html" >}}

{{< highlight go "linenos=table" >}}
fmt.Println("<open>")
{{< /highlight >}}

{{< details summary="What **changed**?" >}}
The *quay* reopened.
{{< /details >}}

{{< comment >}}Check the figures with the desk.{{< /comment >}}
"""

SETUP = """\
---
title: Setting up
date: 2025-04-01
---

## Install

Steps.
"""

FILES: dict[str, str | bytes] = {
    "site.yaml": """
        title: Harbour Desk
        base_url: https://example.org/blog/
    """,
    "content/posts/harbour/index.md": BUNDLE,
    "content/posts/harbour/chart.png": PNG,
    "content/notes/setup.markdown": SETUP,
    "content/posts/budget.md": "---\ntitle: Budget\ndate: 2025-03-01\n---\n\nNumbers.\n",
}


def page(site: Path, slug: str = "harbour") -> str:
    return (site / "output" / "articles" / slug / "index.html").read_text(encoding="utf-8")


def build(site: Path) -> Run:
    return run_sitegen("build", str(site), "--jobs", "1", "--no-minify")


class Nesting(HTMLParser):
    """Records a block element opened inside a ``<p>`` (the Nu checker's error)."""

    BLOCKS = frozenset(("figure", "pre", "details", "div", "p", "figcaption", "ul", "table"))

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.misplaced: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS and "p" in self.open:
            self.misplaced.append(tag)
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def test_a_hugo_blog_with_every_builtin_builds_as_hugo_authors_expect(make_site: Site) -> None:
    site = make_site(FILES)
    run = build(site)
    assert run.code == 0, run.err
    assert run.err == ""
    html = page(site)
    body = html[html.index("<article") : html.index("</article>")]

    # The bundle's image, beside its page, under the base path; its caption is markdown.
    # Made responsive, as every local image an article shows.
    assert (site / "output" / "posts" / "harbour" / "chart.png").read_bytes() == PNG
    assert '<picture><source type="image/avif" srcset="/blog/static/img/chart-' in body
    assert (
        'sizes="(min-width: 44rem) 40rem, calc(100vw - 2rem)" alt="Up 12% since the strike." '
        'width="640" height="320" loading="lazy" decoding="async"></picture>' in body
    )
    assert (
        '<figcaption><strong class="figure__title">Tonnage</strong> Up <strong>12%</strong> '
        'since <a href="/blog/articles/setup/">the strike</a>. '
        '<span class="figure__credit">Port authority</span></figcaption>' in body
    )
    # ref (absolute) and relref (from the root) to a .markdown file in another folder.
    assert '<a href="https://example.org/blog/articles/setup/">the setup guide</a>' in body
    assert "it at /blog/articles/setup/#install; see also" in body
    assert '<a href="/blog/articles/budget/">the budget</a>' in body
    assert "<p>The port reopened on Monday, as Harbour desk reported.</p>" in body
    # The summary comes from that paragraph: a description, never a dek repeating it.
    assert '<meta name="description" content="The port reopened on Monday, as Harbour desk' in html
    assert 'class="dek"' not in html
    # Links, not players: nothing from YouTube, Vimeo, X, Instagram or GitHub loads.
    assert (
        '<a class="embed__link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=90s">'
        "The harbour master</a>" in body
    )
    for host in ("vimeo.com/55073825", "x.com/SanDiegoZoo/status/", "instagram.com/p/CxOWiQNP2MO"):
        assert f'href="https://{"www." if "instagram" in host else ""}{host}' in body
    assert 'href="https://gist.github.com/spf13/7896402#file-img-html"' in body
    assert "<iframe" not in html
    assert not re.search(r"<script[^>]+src=\"(https?:)?//", html)
    # highlight is the fenced block, numbered; details and comment as Hugo renders them.
    code = (
        '<span class="linenos" aria-hidden="true">1</span>'
        '<span class="nx">fmt</span><span class="p">.</span><span class="nx">Println</span>'
        '<span class="p">(</span><span class="s">"&lt;open&gt;"</span><span class="p">)</span>\n'
    )
    assert f'<pre class="highlight"><code class="language-go">{code}</code></pre>' in body
    assert "<summary>What <strong>changed</strong>?</summary>" in body
    assert "Check the figures" not in html
    nesting = Nesting()
    nesting.feed(body)
    assert nesting.misplaced == []
    # Every link the built-ins made leads somewhere (#install included).
    check = run_sitegen("check", str(site))
    assert (check.code, check.err) == (0, "")


def test_a_site_s_own_template_replaces_a_builtin(make_site: Site) -> None:
    site = make_site(
        {
            **FILES,
            "layouts/shortcodes/youtube.html": (
                "{#- shortcode\nargs:\n  id: {required: true}\n  title: {}\n  start: {}\n"
                "positional: [id]\ninner: none\n-#}\n"
                '<p class="mine">{{ args.id }}</p>'
            ),
        }
    )
    assert build(site).code == 0
    assert '<p class="mine">dQw4w9WgXcQ</p>' in page(site)


MISTAKES = """\
---
title: Mistakes
date: 2025-05-02
---

{{< figure alt="No source" >}}

Read [the guide]({{< ref "notes/setpu.markdown" >}}).

{{< param mood >}}

{{< figure src="chart.png" >}}
"""


def test_each_builtin_mistake_is_an_error_at_its_line(make_site: Site) -> None:
    site = make_site({**FILES, "content/posts/mistakes.md": MISTAKES})
    run = build(site)
    assert run.code == 1
    assert run.errors == [
        "content/posts/mistakes.md:6: shortcode 'figure' needs the argument src=\"...\"",
        "content/posts/mistakes.md:8: ref 'notes/setpu.markdown' matches no published "
        "article (did you mean 'notes/setup.markdown'?)",
        "content/posts/mistakes.md:10: param 'mood' is not in this article's front matter",
    ]
    assert not (site / "output").exists()


def test_a_figure_without_alt_text_is_a_warning_and_check_finds_its_missing_image(
    make_site: Site,
) -> None:
    site = make_site(
        {
            **FILES,
            "content/posts/harbour/index.md": BUNDLE + '\n{{< figure src="map.png" >}}\n',
            "content/posts/harbour/map.png": _png(40, 30),
        }
    )
    run = build(site)
    assert run.code == 0, run.err
    line = BUNDLE.count("\n") + 2
    assert (
        f"content/posts/harbour/index.md:{line}: warning: figure 'map.png' has no alt, "
        'caption or title; add alt="..." saying what the image shows'
    ) in run.err
    (site / "content/posts/harbour/map.png").unlink()
    missing = f"content/posts/harbour/index.md:{line}: image 'map.png' does not exist"
    check = run_sitegen("check", str(site))
    assert check.code == 1
    assert missing in check.errors, check.errors
    assert missing in build(site).errors


def test_a_cached_body_follows_the_article_its_ref_finds(make_site: Site) -> None:
    site = make_site(FILES)
    assert build(site).code == 0
    assert "it at /blog/articles/setup/#install;" in page(site)

    # A file named setup at the top of content/ comes before a bare name's match.
    root = site / "content" / "setup.md"
    root.write_text("---\ntitle: Root\ndate: 2025-01-01\nslug: root-setup\n---\n\nx\n")
    assert build(site).code == 0
    assert "it at /blog/articles/root-setup/#install;" in page(site)

    # Two files named setup, neither at the top: the bare name is ambiguous.
    root.unlink()
    guide = site / "content" / "guides" / "setup.md"
    guide.parent.mkdir()
    guide.write_text("---\ntitle: Guide\ndate: 2025-01-01\nslug: guide\n---\n\nx\n")
    run = build(site)
    assert run.code == 1
    assert run.errors == [
        "content/posts/harbour/index.md:14: ref 'setup#install' matches 2 articles: "
        "content/guides/setup.md, content/notes/setup.markdown; "
        "write its folder too, as in 'guides/setup.md'"
    ]


def test_a_ref_to_a_section_is_its_list_page_and_to_a_missing_page_an_error(
    make_site: Site,
) -> None:
    """Hugo finds ``ref "/posts"`` (a section) and ``relref "/posts/_index.md"`` as it
    finds pages. Sections here come from the articles' ``section``: a folder whose
    section exists leads to that list page; one without leads to the home page
    (which lists its articles), with a warning saying how to make one."""
    post = "---\ntitle: {title}\ndate: 2025-0{day}-01\nsection: {section}\n---\n\n{body}\n"
    site = make_site(
        {
            "site.yaml": "base_url: https://example.org/blog/\n",
            "content/posts/a.md": post.format(
                title="A",
                day=1,
                section="Posts",
                body='All [posts]({{< relref "/posts" >}}), {{< ref "posts/" >}}, '
                '[the list]({{< relref "/posts/_index.md" >}}) and '
                '[notes]({{< relref "notes" >}}).',
            ),
            "content/notes/b.md": "---\ntitle: B\ndate: 2025-02-01\n---\n\nNote.\n",
        }
    )
    run = build(site)
    assert run.code == 0, run.err
    assert (
        'All <a href="/blog/sections/posts/">posts</a>, https://example.org/blog/sections/posts/, '
        '<a href="/blog/sections/posts/">the list</a> and <a href="/blog/">notes</a>.'
    ) in page(site, "a")
    assert run.errors == [
        "content/posts/a.md:7: warning: link to ref 'notes' leads to the home page: "
        "content/notes/ has no list page, as no published article has the section 'notes' "
        "(give its articles 'section: notes' to make one)"
    ]
    assert (site / "output/sections/posts/index.html").is_file()

    article = site / "content/posts/a.md"
    article.write_text(article.read_text().replace('relref "notes"', 'ref "/nowhere"'))
    run = build(site)
    assert run.code == 1
    assert run.errors == ["content/posts/a.md:7: ref '/nowhere' matches no published article"]
    assert "Traceback" not in run.err
