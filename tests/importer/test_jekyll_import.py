"""``sitegen import jekyll``: a Jekyll blog moved with its URLs, its Liquid turned
into what Jekyll made of it, and every thing left behind named in the report."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tests.conftest import run_sitegen
from tests.importer.conftest import Imported

CONFIG = """\
title: The Harbour Desk
description: Shipping news, explained.
url: "https://harbour.example"
baseurl: "/blog"
timezone: Europe/Paris
author: Ana Ruiz
theme: minima
plugins: [jekyll-feed, jekyll-archives]
"""

PORT = """\
---
layout: post
title: "The port reopens"
date: 2024-01-05 10:30:00 +0100
categories: [Shipping, Europe]
tags: ports strikes
image: /assets/img/quay.png
redirect_from: /old/port/
mood: calm
---
The port reopened on {{ page.date | date: "%A" }}.
See [the next story]({% post_url 2024-02-01-grain %}).
And [the archive]({{ site.baseurl }}/2024/02/01/grain/).

![The quay]({{ "/assets/img/quay.png" | relative_url }})

{% highlight ruby linenos mark_lines="2" %}
def reopen(port)
  port.open!
end
{% endhighlight %}

{% include chart.html id="volumes" %}

{% raw %}Literal {{ braces }} stay.{% endraw %}{% comment %}not shown{% endcomment %}
"""


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def blog() -> dict[str, str | bytes]:
    return {
        "_config.yml": CONFIG,
        "_posts/2024-01-05-port-reopens.md": PORT,
        "news/_posts/2024-02-01-grain.markdown": (
            "---\ntitle: Grain moves again\npermalink: /grain/:year/:title/\n---\n"
            "Grain *moves* again, says {{ site.author }}.\n"
        ),
        "_posts/2024-03-01-html-post.html": (
            "---\ntitle: An HTML post\n---\n<p>Written in <strong>HTML</strong>.</p>\n"
        ),
        "_posts/2024-03-02-hidden.md": "---\ntitle: Not yet\npublished: false\n---\nHold.\n",
        "_drafts/a-draft.md": "---\ntitle: A draft\n---\nDraft text.\n",
        "assets/img/quay.png": png(),
        "assets/main.scss": '---\n---\n@import "main";\n',
        "about.md": "---\nlayout: page\ntitle: About\n---\nAbout us.\n",
        "_layouts/post.html": "{{ content }}\n",
        "_data/authors.yml": (
            "ana:\n  name: Ana Ruiz\n  bio: Covers ports.\n  avatar: /img/ana.jpg\n"
            "  twitter: ana\nbroken: just a string\n"
        ),
        "Gemfile": 'gem "jekyll"\n',
    }


def test_a_jekyll_blog_keeps_its_addresses(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(blog())
    assert done.result.code == 0, done.result.err
    assert done.site() == {
        "title": "The Harbour Desk",
        "base_url": "https://harbour.example/blog/",
        "description": "Shipping news, explained.",
        "timezone": "Europe/Paris",
        "permalinks": {"article": "/{year}/{month}/{day}/{slug}/"},
        "default_author": "Ana Ruiz",
        "authors": {"ana": {"name": "Ana Ruiz", "bio": "Covers ports.", "image": "/img/ana.jpg"}},
        "markdown": {"html": "unsafe"},  # an HTML post: kramdown printed it as written
    }
    assert "so does the new site (markdown.html: unsafe)" in done.note("raw HTML")
    urls = done.urls()
    # Jekyll's default permalink: categories, date, title, .html
    assert urls["/shipping/europe/2024/01/05/port-reopens.html"] == "/2024/01/05/port-reopens/"
    assert urls["/old/port/"] == "/2024/01/05/port-reopens/"  # redirect_from
    assert urls["/grain/2024/grain/"] == "/2024/02/01/grain/"  # its own permalink
    assert urls["/2024/03/01/html-post.html"] == "/2024/03/01/html-post/"
    done.build()
    redirect = done.page("/shipping/europe/2024/01/05/port-reopens.html")
    assert "/blog/2024/01/05/port-reopens/" in redirect


def test_posts_front_matter_becomes_sitegens(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(blog())
    front = done.front("content/2024-01-05-port-reopens.md")
    assert str(front["date"]) == "2024-01-05 10:30:00+01:00"
    assert front["slug"] == "port-reopens"  # the file's, which the old URL used
    assert front["section"] == "Shipping"
    assert front["tags"] == ["ports", "strikes", "Europe"]
    assert front["image"] == "/assets/img/quay.png"
    assert front["mood"] == "calm"
    assert "layout" not in front and "categories" not in front
    grain = done.front("content/news/2024-02-01-grain.md")
    assert grain["section"] == "news"  # the folder above _posts is a category
    assert done.front("content/2024-03-02-hidden.md")["draft"] is True
    assert done.front("content/drafts/a-draft.md")["draft"] is True
    assert done.body("content/2024-03-01-html-post.md") == "Written in **HTML**."


def test_titles_read_as_jekyll_printed_them(jekyll: Callable[..., Imported]) -> None:
    """Its layouts print a title unescaped; a post without one is titled from its slug."""
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-chars.md": "---\ntitle: Special&nbsp;---&nbsp;Char&amp;s\n---\nA\n",
            "_posts/2024-01-02-edge-case-no-yaml-title.md": "---\n---\nB\n",
        }
    )
    assert done.front("content/2024-01-01-chars.md")["title"] == "Special\u00a0---\u00a0Char&s"
    untitled = done.front("content/2024-01-02-edge-case-no-yaml-title.md")
    assert untitled["title"] == "Edge Case No Yaml Title"
    done.build()


def test_liquid_becomes_what_jekyll_made_of_it(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(blog())
    body = done.body("content/2024-01-05-port-reopens.md")
    assert "See [the next story](news/2024-02-01-grain.md)." in body
    assert "And [the archive](/2024/02/01/grain/)." in body
    assert "![The quay](/assets/img/quay.png)" in body
    assert "```ruby {linenos=true,hl_lines=[2]}\ndef reopen(port)\n  port.open!\nend\n```" in body
    assert "Literal {{ braces }} stay." in body
    assert "{%" not in body and "not shown" not in body
    assert "Grain *moves* again, says Ana Ruiz." in done.body("content/news/2024-02-01-grain.md")
    done.build("--no-minify")
    page = done.page("/2024/01/05/port-reopens/")
    assert '<a href="/blog/2024/02/01/grain/">the next story</a>' in page
    assert '<pre class="highlight">' in page and 'class="linenos"' in page
    assert (done.dest / "output/assets/img/quay.png").exists()


def test_what_has_no_equivalent_is_a_note_at_its_line(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(blog())
    post = "_posts/2024-01-05-port-reopens.md"
    assert done.note("include chart.html") == (
        f'{post}:23: Liquid {{% include chart.html id="volumes" %}} left out; port it as a '
        "shortcode (layouts/shortcodes/)"
    )
    assert done.note("page.date").startswith(f"{post}:11: ")
    assert done.note("categories Europe").startswith(f"{post}:5: ")
    assert done.note("no alt text").startswith(f"{post}:7: ")
    assert done.note("about.md").startswith("about.md:1: not imported: a page")
    assert done.note("main.scss").startswith("assets/main.scss:1: not imported: a Sass")
    assert (
        done.note("jekyll-archives") == "_config.yml:1: plugin jekyll-archives is not carried over"
    )
    assert done.note("published: false").startswith("_posts/2024-03-02-hidden.md:1: ")
    assert done.note("_layouts/").startswith("_layouts/:1: _layouts/ (Liquid templates) is not")
    assert not [note for note in done.notes if note.startswith("_data/")]  # authors.yml only
    assert not (done.dest / "content/Gemfile").exists()
    assert not (done.dest / "content/_config.yml").exists()


def test_a_folder_that_is_no_jekyll_site_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    result = run_sitegen("import", "jekyll", str(tmp_path / "src"), str(tmp_path / "out"))
    assert result.code == 1
    assert result.err == f"{tmp_path / 'src'}: not a Jekyll site (no _config.yml and no _posts/)\n"
    assert not (tmp_path / "out").exists()


def test_an_invalid_configuration_is_an_error_at_its_line(
    jekyll: Callable[..., Imported],
) -> None:
    done = jekyll({"_config.yml": "title: A\nurl: [unclosed\n", "_posts/2024-01-01-a.md": PORT})
    assert done.result.code == 1
    assert done.result.err.startswith(f"{done.source / '_config.yml'}:")
    assert "invalid YAML" in done.result.err
    assert not done.dest.exists()


def test_posts_jekyll_skipped_are_notes_not_silence(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: T\n",
            "_posts/2024-01-01-fine.md": "---\ntitle: Fine\n---\nFine.\n",
            "_posts/2024-01-02-bare.md": "No front matter.\n",
            "_posts/2024-01-03-broken.md": "---\ntitle: [unclosed\n---\nBroken.\n",
            "_posts/undated.md": "---\ntitle: Undated\n---\nNo date.\n",
            "_posts/2024-01-04-soon.md": "---\ntitle: Soon\ndate: soon\nslug: Soon Now!\n---\nS.\n",
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.result.out.startswith("imported 3 articles")
    assert done.note("soon.md") == (
        "_posts/2024-01-04-soon.md:3: date 'soon' is no date Jekyll reads: the file name's "
        "stands in"
    )
    soon = done.front("content/2024-01-04-soon.md")
    assert (str(soon["date"]), soon["slug"]) == ("2024-01-04 00:00:00+00:00", "soon-now")
    assert done.note("bare.md").endswith("no front matter, so Jekyll did not publish it either")
    assert done.note("broken.md").startswith(
        "_posts/2024-01-03-broken.md:2: its front matter is invalid YAML: imported without it"
    )
    assert "file name starts with its date" in done.note("undated.md")
    assert "base_url is a stand-in" in done.note("_config.yml")


def test_theme_includes_and_embeds_become_sitegens_own(jekyll: Callable[..., Imported]) -> None:
    """Minimal Mistakes' figure and video includes, jekyll-gist, a YouTube tag."""
    body = (
        '{% include figure image_path="/assets/img/quay.png" alt="The quay" '
        'caption="The east quay." %}\n\n'
        '{% include video id="XsxDH4HcOWA" provider="youtube" %}\n\n'
        "{% gist parkr/931c1c8d465a04042403 hello.rb %}\n\n"
        "{% include toc %}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": f"---\ntitle: A\n---\n{body}",
            "assets/img/quay.png": png(),
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.body("content/2024-01-01-a.md").split("\n\n") == [
        '{{< figure src="/assets/img/quay.png" alt="The quay" caption="The east quay." />}}',
        '{{< youtube "XsxDH4HcOWA" />}}',
        '{{< gist "parkr" "931c1c8d465a04042403" "hello.rb" />}}',
    ]
    assert done.note("include toc").endswith(
        "sitegen shows its own table of contents from three ## sections, and this post has "
        "0: it has none"
    )
    done.build("--no-minify")
    page = done.page("/2024/01/01/a/")
    assert "<figcaption>The east quay.</figcaption>" in page
    assert "https://gist.github.com/parkr/931c1c8d465a04042403" in page


def test_a_title_with_capitals_keeps_its_address_and_no_alias_clashes(
    jekyll: Callable[..., Imported],
) -> None:
    """Jekyll's :title keeps the file name's case (``Python-Study-Orientation``); the
    new lower-case address beside it would be the same folder on a case-blind disk,
    so the article keeps the old address itself. Folders inside _posts/ stay."""
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\npermalink: pretty\n",
            "_posts/study/2018-03-14-Python Study : Orientation.markdown": (
                "---\ntitle: 'Python Study : Orientation'\n---\nWelcome.\n"
            ),
            "_posts/other/2018-03-14-Python Study : Orientation.markdown": (
                "---\ntitle: 'Another one'\ndate: 2018-03-15\n---\nAgain.\n"
            ),
        }
    )
    assert done.result.code == 0, done.result.err
    path = "content/study/2018-03-14-Python Study : Orientation.md"
    assert done.front(path)["url"] == "/2018/03/14/Python-Study-Orientation/"
    assert done.urls()["/2018/03/14/Python-Study-Orientation/"] == (
        "/2018/03/14/Python-Study-Orientation/"
    )
    assert (done.dest / "content/other/2018-03-14-Python Study : Orientation.md").exists()
    done.build()
    folders = sorted(p.name for p in (done.dest / "output/2018/03/14").iterdir())
    assert folders == ["Python-Study-Orientation"]


def test_minimal_mistakes_galleries_header_pictures_and_raw_code(
    jekyll: Callable[..., Imported],
) -> None:
    """The patterns of the most used Jekyll theme: a gallery listed in the front
    matter, a header picture, Liquid shown as code with raw inside highlight."""
    post = (
        "---\ntitle: Harbour pictures\n"
        "header:\n  overlay_image: assets/img/quay.png\n  image_description: The east quay\n"
        "gallery:\n"
        "  - url: /assets/img/quay.png\n    image_path: /assets/img/quay-th.png\n"
        '    alt: "Quay at dawn"\n    title: "Dawn"\n'
        "  - image_path: /assets/img/crane.png\n    alt: Crane\n"
        "---\n"
        '{% include gallery caption="Two views of the **port**." %}\n\n'
        '{% highlight html linenos %}\n{% raw %}<a href="{{ site.url }}">x</a>{% endraw %}\n'
        "{% endhighlight %}\n\n"
        "```liquid\n{% raw %}{% include gallery %}{% endraw %}\n```\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-pictures.md": post,
            "assets/img/quay.png": png(),
            "assets/img/quay-th.png": png(),
            "assets/img/crane.png": png(),
        }
    )
    assert done.result.code == 0, done.result.err
    front = done.front("content/2024-01-01-pictures.md")
    assert (front["image"], front["image_alt"]) == ("/assets/img/quay.png", "The east quay")
    assert done.body("content/2024-01-01-pictures.md").split("\n\n") == [
        '{{< figure src="/assets/img/quay-th.png" link="/assets/img/quay.png" alt="Quay at dawn"'
        ' caption="Dawn" />}}',
        '{{< figure src="/assets/img/crane.png" alt="Crane" />}}',
        "Two views of the **port**.",
        '```html {linenos=true}\n<a href="{{ site.url }}">x</a>\n```',
        "```liquid\n{% include gallery %}\n```",
    ]
    done.build()


def test_captured_pictures_and_video_frames_survive(jekyll: Callable[..., Imported]) -> None:
    """A captured picture shown through markdownify inside a <figure>, and a YouTube
    player embedded as an iframe (which sanitized HTML would drop)."""
    post = (
        "---\ntitle: Captured\n---\n"
        "{% capture fig_img %}\n"
        '![Foo]({{ "/assets/img/quay.png" | absolute_url }})\n'
        "{% endcapture %}\n\n"
        '<figure>\n  {{ fig_img | markdownify | remove: "<p>" }}\n'
        "  <figcaption>Photo of the quay.</figcaption>\n</figure>\n\n"
        '<iframe width="640" src="https://www.youtube-nocookie.com/embed/l2Of1-d5E5o?controls=0"'
        ' frameborder="0" allowfullscreen></iframe>\n'
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-captured.md": post,
            "assets/img/quay.png": png(),
        }
    )
    assert done.result.code == 0, done.result.err
    body = done.body("content/2024-01-01-captured.md")
    assert "<figure>\n  \n\n![Foo](/assets/img/quay.png)\n\n\n  <figcaption>" in body
    assert '{{< youtube "l2Of1-d5E5o" />}}' in body
    assert "capture" not in body and "fig_img" not in body
    done.build("--no-minify")
    page = done.page("/2024/01/01/captured/")
    assert "<figcaption>Photo of the quay.</figcaption>" in page
    assert "youtube.com/watch?v=l2Of1-d5E5o" in page
    assert "Foo" in page


def test_image_includes_of_many_themes_become_figures(jekyll: Callable[..., Imported]) -> None:
    """image.html is written anew by each theme: its picture is url, img or file (a
    name alone found in images/), its words caption, title or description."""
    post = (
        "---\ntitle: Pictures\n---\n"
        '{% include image.html url="/assets/img/quay.png" description="The quay" %}\n\n'
        '{% include image.html img="assets/img/quay.png" title="Quay, titled" %}\n\n'
        "{::comment}\nA note to self.\n{:/comment}\n\n{::nomarkdown}\n"
        '{% include image.html\n   file="chart.png" alt="A chart" caption="Volumes." url="yes" %}\n'
        "{:/nomarkdown}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-pictures.md": post,
            "assets/img/quay.png": png(),
            "images/chart.png": png(),
        }
    )
    assert done.result.code == 0, done.result.err
    body = done.body("content/2024-01-01-pictures.md")
    assert [part.strip() for part in body.split("\n\n") if part.strip()] == [
        '{{< figure src="/assets/img/quay.png" alt="The quay" caption="The quay" />}}',
        '{{< figure src="/assets/img/quay.png" alt="Quay, titled" caption="Quay, titled" />}}',
        '{{< figure src="/images/chart.png" alt="A chart" caption="Volumes." />}}',
    ]  # kramdown's comment (with its text) and nomarkdown markers gone
    done.build()


def test_markdown_inside_kramdown_html_blocks_is_read_as_markdown(
    jekyll: Callable[..., Imported],
) -> None:
    """Minimal Mistakes' notices and <details>: kramdown reads their inside."""
    post = (
        "---\ntitle: Notices\n---\n"
        '<div class="notice--primary" markdown="1">\n'
        "**Primary notice:** see [the guide](https://example.org/guide).\n"
        "</div>\n\n"
        '<details markdown="1">\n<summary>Click</summary>\n  Here is **more**.\n</details>\n'
    )
    done = jekyll(
        {"_config.yml": "title: T\nurl: https://example.org\n", "_posts/2024-01-01-n.md": post}
    )
    assert done.result.code == 0, done.result.err
    assert "markdown=" not in done.body("content/2024-01-01-n.md")
    built = done.build()
    assert "markdown attribute" not in built.err
    page = done.page("/2024/01/01/n/")
    assert "<strong>Primary notice:</strong>" in page
    assert "<a href=https://example.org/guide>the guide</a>" in page
    assert "<summary>Click</summary>" in page
    assert "<p>Here is <strong>more</strong>." in page
    assert "**" not in page


def test_kramdown_math_is_set_as_mathml(jekyll: Callable[..., Imported]) -> None:
    """kramdown: $$ inside a sentence is inline, alone in a paragraph displayed;
    MathJax's \\( \\) and \\[ \\] (backslashes doubled in markdown) too."""
    body = (
        "Growth $$g_t = r - d$$ holds.\n\n$$\ne = mc^2\n$$\n\n"
        r"MathJax's \\( h\_{t+1} \\) and \\[ y = x \\] too; not `$$code$$`." + "\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.site()["markdown"] == {"math": True}
    assert "kramdown left to MathJax" in done.note("$$")
    assert done.body("content/2024-01-01-a.md") == (
        "Growth $g_t = r - d$ holds.\n\n$$\ne = mc^2\n$$\n\n"
        "MathJax's $h_{t+1}$ and $$y = x$$ too; not `$$code$$`."
    )
    done.build()
    page = done.page("/2024/01/01/a/")
    assert page.count("<math") == 4
    assert page.count("display=block") == 2


def test_posts_jekyll_publishes_despite_their_front_matter_are_imported(
    jekyll: Callable[..., Imported],
) -> None:
    """WordPress's date_gmt of a draft, a tab in the YAML, a file named by its date alone."""
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2012-02-26-a.md": (
                "---\ntitle: A\ndate_gmt: 0000-00-00 00:00:00\n---\nBody A.\n"
            ),
            "_posts/2012-02-27-jekyllbot.md": "---\ntitle: Bot\ntags: \n\t- Jekyll\n---\nBody B.\n",
            "_posts/2012-02-28-.md": "---\ntitle: Untitled thoughts\n---\nBody C.\n",
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.front("content/2012-02-26-a.md")["date_gmt"] == "0000-00-00 00:00:00"
    bot = done.front("content/2012-02-27-jekyllbot.md")
    assert bot["title"] == "Jekyllbot"
    assert "invalid YAML: imported without it, as Jekyll published it" in done.note("jekyllbot")
    assert done.front("content/2012-02-28-.md")["slug"] == "untitled-thoughts"
    done.build()
    assert "Body C." in done.page("/2012/02/28/untitled-thoughts/")


def test_attribute_lists_over_two_lines_are_left_out_too(jekyll: Callable[..., Imported]) -> None:
    """ruby-lang.org's posts: kramdown reads an attribute list across a line break."""
    body = (
        '[![RHG](/img/rhg.gif){:\n.icon width="70" height="88"}][1] A book.\n\n'
        '[Mongrel][3]{:\n  lang="en"} serves it.\n\n[1]: /rhg/\n[3]: /mongrel/\n'
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    text = done.body("content/2024-01-01-a.md")
    assert "{:" not in text and "width=" not in text
    assert done.notes == [
        '_posts/2024-01-01-a.md:4: kramdown attribute list {: .icon width="70" height="88"} '
        "left out",
        '_posts/2024-01-01-a.md:7: kramdown attribute list {: lang="en"} left out',
    ]
    done.build()
    page = done.page("/2024/01/01/a/")
    assert "{:" not in page and "lang=" not in page.split("<article", 1)[1]


def test_a_site_named_rather_than_titled_keeps_its_name(jekyll: Callable[..., Imported]) -> None:
    """jekyll-seo-tag reads ``name`` when there is no ``title`` (Ben Balter's site)."""
    done = jekyll(
        {
            "_config.yml": "name: Ben Balter\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nA.\n",
        }
    )
    assert done.site()["title"] == "Ben Balter"


def test_headings_keep_the_ids_kramdown_gave_them(jekyll: Callable[..., Imported]) -> None:
    """Ben Balter links to #never-take-no-from-someone-who-cant-say-yes."""
    body = '## Never take "no" from someone who can\'t say "yes"\n\nText.\n\n## Plain\n'
    posts = {"_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body}
    gfm = jekyll({"_config.yml": "title: T\nurl: https://example.org\n", **posts})
    assert gfm.body("content/2024-01-01-a.md") == body.rstrip("\n")  # GitHub's ids are sitegen's
    gfm.build()
    assert "id=never-take-no-from-someone-who-cant-say-yes" in gfm.page("/2024/01/01/a/")
    own = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\nkramdown:\n  input: kramdown\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n## 2024: what's new\n",
        }
    )
    assert own.body("content/2024-01-01-a.md") == "## 2024: what's new {#whats-new}"


def test_collections_give_the_posts_their_permalink_and_others_a_note(
    jekyll: Callable[..., Imported],
) -> None:
    """jekyllrb.com: posts at /news/:year/..., the docs a collection of their own."""
    config = (
        "title: T\nurl: https://example.org\ncollections:\n  posts:\n"
        "    permalink: /news/:year/:month/:day/:title/\n  docs:\n    output: true\n"
    )
    done = jekyll(
        {
            "_config.yml": config,
            "_posts/2016-10-06-x.md": "---\ntitle: X\ncategories: [release]\n---\nX.\n",
            "_docs/themes.md": "---\ntitle: Themes\n---\nT.\n",
        }
    )
    assert done.urls()["/news/2016/10/06/x/"] == "/2016/10/06/x/"
    assert done.note("collection 'docs'") == (
        "_docs/:1: collection 'docs' (1 files) not imported: sitegen imports posts; its "
        "pages' addresses stop answering, and links to them break"
    )


def test_a_highlight_wrapping_raw_has_no_blank_first_or_last_line(
    jekyll: Callable[..., Imported],
) -> None:
    """Jekyll strips the code's leading and trailing line breaks, raw's included."""
    post = (
        "---\ntitle: A\n---\n{% highlight liquid %}{% raw %}\n{{ page.title }}\n"
        "{% endraw %}{% endhighlight %}\n"
    )
    done = jekyll(
        {"_config.yml": "title: T\nurl: https://example.org\n", "_posts/2024-01-01-a.md": post}
    )
    assert done.body("content/2024-01-01-a.md") == "```liquid\n{{ page.title }}\n```"


def test_notes_name_the_sites_markdown_engine_and_not_its_highlighter(
    jekyll: Callable[..., Imported],
) -> None:
    """A redcarpet blog is told about redcarpet; rouge only coloured code, which
    sitegen does itself, so it is no plugin lost."""
    done = jekyll(
        {
            "_config.yml": (
                "title: T\nurl: https://example.org\nmarkdown: redcarpet\n"
                "gems:\n  - rouge\n  - jekyll-compass\n"
            ),
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\nSome <kbd>HTML</kbd>.\n",
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.note("raw HTML").startswith("_config.yml:1: Jekyll (redcarpet) printed")
    assert done.note("plugin") == "_config.yml:1: plugin jekyll-compass is not carried over"


def test_headings_without_a_space_stay_headings_where_the_engine_read_them(
    jekyll: Callable[..., Imported],
) -> None:
    """rdiscount (Octopress) made ``###Monday`` a heading; CommonMark needs the space,
    which the import writes, code left as typed. kramdown's GFM input needed the
    space too, so a default Jekyll site keeps the text it showed."""
    body = "###Monday, June 10th\n\nTalks.\n\n```sh\n#!/bin/sh\n##not a heading\n```\n"
    post = "---\ntitle: A\n---\n" + body
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\nmarkdown: rdiscount\n",
            "_posts/2013-06-10-a.markdown": post,
        }
    )
    assert done.body("content/2013-06-10-a.md") == (
        "### Monday, June 10th\n\nTalks.\n\n```sh\n#!/bin/sh\n##not a heading\n```"
    )
    done.build()
    # A heading, the first of the body: an h2 under the page's title (no level skipped).
    assert "<h2 id=monday-june-10th>Monday, June 10th" in done.page("/2013/06/10/a/")
    default = jekyll(
        {"_config.yml": "title: T\nurl: https://example.org\n", "_posts/2013-06-10-a.md": post}
    )
    assert default.body("content/2013-06-10-a.md").startswith("###Monday")


def test_an_excerpt_separator_becomes_the_summary_divider(
    jekyll: Callable[..., Imported],
) -> None:
    """``excerpt_separator`` (the site's, or a post's own) marked where Jekyll's excerpt
    ended; left in the body, ``~~MORE~~`` showed as a struck-through word."""
    site = "title: T\nurl: https://example.org\nexcerpt_separator: ~~MORE~~\n"
    done = jekyll(
        {
            "_config.yml": site,
            "_posts/2013-11-19-a.markdown": (
                "---\ntitle: A\n---\nWhy zsh.\n\nI am never going back.~~MORE~~\n\n"
                "To begin, reasons.\n\n```\necho ~~MORE~~\n```\n"
            ),
            "_posts/2013-11-20-b.md": (
                "---\ntitle: B\nexcerpt_separator: <!--cut-->\n---\nTeaser.\n<!--cut-->\nRest.\n"
            ),
        }
    )
    assert done.body("content/2013-11-19-a.md") == (
        "Why zsh.\n\nI am never going back.\n\n<!--more-->\n\nTo begin, reasons.\n\n"
        "```\necho ~~MORE~~\n```"
    )
    assert "excerpt_separator" not in done.front("content/2013-11-20-b.md")
    assert done.body("content/2013-11-20-b.md") == "Teaser.\n\n<!--more-->\n\nRest."
    done.build()
    feed = done.text("output/feed.json")
    assert '"summary": "Why zsh. I am never going back."' in feed
    assert "MORE" not in done.page("/2013/11/19/a/").split("article__body", 1)[1].split("<pre")[0]


def test_the_site_is_read_from_its_source_folder(jekyll: Callable[..., Imported]) -> None:
    """Octopress's ``source: source``: posts get no section 'source', pictures keep their
    /images/ address, folders outside the source are not read, and the built site
    (``destination``), ``exclude`` and ``include`` are honoured as Jekyll honours them."""
    done = jekyll(
        {
            "_config.yml": (
                "title: T\nurl: https://example.org\npermalink: /blog/:year/:month/:day/:title/\n"
                "source: source\ndestination: source/public\n"
                "exclude: ['*.psd', notes]\ninclude: [.htaccess]\n"
            ),
            "source/_posts/2013-04-19-hello.markdown": (
                "---\ntitle: Hello\n---\nHi.\n\n![shot](/images/shot.png)\n\n{% bogus %}\n"
            ),
            "source/images/shot.png": png(),
            "source/images/shot.psd": "layers",
            "source/notes/todo.txt": "later",
            "source/.htaccess": "Options -Indexes\n",
            "source/public/index.html": "<p>built by Jekyll</p>\n",
            "drafts/2014-08-17-weekly.markdown": "---\ntitle: Weekly\n---\nDraft.\n",
        }
    )
    assert done.result.code == 0, done.result.err
    assert "section" not in done.front("content/2013-04-19-hello.md")
    assert sorted(p.relative_to(done.dest).as_posix() for p in done.dest.rglob("*.*")) == [
        "content/2013-04-19-hello.md",
        "content/images/shot.png",
        "import-report.txt",
        "site.yaml",
    ]
    assert done.notes == [
        "source/.htaccess:1: not copied: sitegen publishes no hidden file; set what it did "
        "(redirects, headers) up on your host",
        "source/_posts/2013-04-19-hello.markdown:8: Liquid {% bogus %} left out",
    ]
    checked = run_sitegen("check", str(done.dest))
    assert checked.code == 0, checked.out + checked.err
    done.build()
    assert "alt=shot decoding=async height=30" in done.page("/2013/04/19/hello/")  # found


OCTOPRESS_POST = """\
---
title: Octopress tags
---
{% codeblock Loading it lang:html https://example.org/index.html index.html (line 141) %}
<script src="/app.js"></script>
{% endcodeblock %}

{% codeblock Time to be Awesome - awesome.rb %}
puts "Awesome!" unless lame
{% endcodeblock %}

{% img left /images/shot.png 300 200 'A title' 'The shot' %}

``` ruby Discover if a number is prime http://example.org/prime Source Article
class Fixnum
end
```

{% blockquote Bob Dylan, Masters of War http://www.bobdylan.com/songs/masters-war/ %}
Let me ask you one question
{% endblockquote %}

{% blockquote Seth Godin, Welcome to Island Marketing %}
Every interaction is both precious and an opportunity.
{% endblockquote %}

{% pullquote %}
When you come to the text, {" surround it like this "} and that's all.
{% endpullquote %}

{% gist 3413799 ruby_motion.py %}
{% youtube dQw4w9WgXcQ %}
{% render_partial about.markdown %}
"""


def test_octopress_tags_become_code_pictures_quotes_and_links(
    jekyll: Callable[..., Imported],
) -> None:
    """Octopress's plugins' tags as what they showed: code in its language (HTML in it
    is code, not a script on the page) under its caption and link, a picture, a
    quote with its attribution, the pull quote's text, links and players; the
    captioned backtick block keeps its caption; a tag with no equivalent is a note."""
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\nmarkdown: rdiscount\n",
            "_posts/2014-06-09-tags.markdown": OCTOPRESS_POST,
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.body("content/2014-06-09-tags.md") == (
        "*Loading it* — [index.html (line 141)](https://example.org/index.html)\n\n"
        '```html\n<script src="/app.js"></script>\n```\n\n'
        "*Time to be Awesome - awesome.rb*\n\n"
        '```rb\nputs "Awesome!" unless lame\n```\n\n'
        "![The shot](/images/shot.png)\n\n"
        "*Discover if a number is prime* — [Source Article](http://example.org/prime)\n\n"
        "```ruby\nclass Fixnum\nend\n```\n\n"
        "> Let me ask you one question\n>\n"
        "> — **Bob Dylan, Masters of War**, "
        "[www.bobdylan.com/songs/…](http://www.bobdylan.com/songs/masters-war/)\n\n"
        "> Every interaction is both precious and an opportunity.\n>\n"
        "> — **Seth Godin**, *Welcome to Island Marketing*\n\n\n"
        "When you come to the text, surround it like this and that's all.\n\n\n"
        "<https://gist.github.com/3413799#file-ruby_motion-py>\n"
        '{{< youtube "dQw4w9WgXcQ" />}}'
    )
    assert done.notes == [
        "_posts/2014-06-09-tags.markdown:33: Liquid {% render_partial %} left out"
    ]
    assert "markdown" not in done.site()  # the only HTML is code
    done.build()
    page = done.page("/2014/06/09/tags/")
    assert "<script src=/app.js>" not in page and '<script src="/app.js">' not in page
    assert "class=language-html" in page and "class=language-rb" in page
    assert "{%" not in page and "{&quot;" not in page


def test_octopress_include_code_shows_the_file_it_names(jekyll: Callable[..., Imported]) -> None:
    """``{% include_code %}`` read its file from the code folder: the code is shown,
    under Octopress's caption and download link; a file that is not there is a note."""
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\nsource: source\n",
            "source/_posts/2014-01-01-a.markdown": (
                "---\ntitle: A\n---\n{% include_code Prime test lang:ruby test/prime.rb %}\n\n"
                "{% include_code gone.py %}\n"
            ),
            "source/downloads/code/test/prime.rb": "class Fixnum\nend\n",
        }
    )
    assert done.body("content/2014-01-01-a.md") == (
        "*Prime test (prime.rb)* — [download](/downloads/code/test/prime.rb)\n\n"
        "```ruby\nclass Fixnum\nend\n```"
    )
    assert done.notes == [
        "source/_posts/2014-01-01-a.markdown:6: Liquid {% include_code %}: "
        "downloads/code/gone.py cannot be read: left out"
    ]


def test_config_defaults_give_posts_their_permalink_and_keys(
    jekyll: Callable[..., Imported],
) -> None:
    config = (
        "title: t\nurl: https://example.org\ndefaults:\n"
        '  - scope: {path: "", type: posts}\n'
        "    values: {layout: post, permalink: /posts/:title/, comments: true, author: bo}\n"
        "  - scope: {path: _posts/news}\n"
        "    values: {author: ana, image: /img/news.png, categories: [news]}\n"
    )
    done = jekyll(
        {
            "_config.yml": config,
            "_posts/2023-11-20-hello.md": "---\ntitle: Hello\n---\nHi.\n",
            "_posts/news/2023-11-21-port.md": (
                "---\ntitle: Port\nimage: /img/port.png\nimage_alt: The port\n---\nHi.\n"
            ),
        }
    )
    assert done.result.code == 0, done.result.err
    urls = done.urls()
    assert urls["/posts/hello/"] == "/articles/hello/"
    assert urls["/posts/port/"] == "/articles/port/"
    hello = done.front("content/2023-11-20-hello.md")
    assert hello["author"] == "bo" and "comments" not in hello
    port = done.front("content/news/2023-11-21-port.md")
    assert port["author"] == "ana"  # the longer scope path wins
    assert port["section"] == "news"
    assert port["image"] == "/img/port.png"  # the post's own front matter wins


def test_chirpy_media_subpath_leads_the_pictures_paths(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": (
                "---\ntitle: A\nmedia_subpath: /assets/img/post\n"
                "image: {path: cover.png, alt: Cover}\n---\n"
                "![Plan](diagram.png)\n![Root](/chart.png) ![Far](https://cdn.example/x.png)\n"
                '<img src="photo.jpg" alt="Photo">\n\n`![Code](here.png)`\n'
            ),
            "_posts/2024-01-02-b.md": "---\ntitle: B\nimg_path: /media/\n---\n![x](/y.png)\n",
        }
    )
    assert done.result.code == 0, done.result.err
    front = done.front("content/2024-01-01-a.md")
    assert front["image"] == "/assets/img/post/cover.png"
    assert "media_subpath" not in front
    assert done.body("content/2024-01-01-a.md") == (
        "![Plan](/assets/img/post/diagram.png)\n![Root](/assets/img/post/chart.png) "
        '![Far](https://cdn.example/x.png)\n<img src="/assets/img/post/photo.jpg" alt="Photo">'
        "\n\n`![Code](here.png)`"
    )
    assert done.body("content/2024-01-02-b.md") == "![x](/media/y.png)"


def test_render_with_liquid_false_keeps_its_liquid_as_typed(
    jekyll: Callable[..., Imported],
) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\n",
            "_posts/2024-02-01-liquid.md": (
                "---\ntitle: Writing Liquid\nrender_with_liquid: false\n---\n"
                "Use `{{ site.title }}` and `{% include footer.html %}`.\n\n"
                "Typed {{ page.title }} and {% img /a.png %} too.\n\n"
                "```liquid\n{% for post in site.posts %}{{ post.title }}{% endfor %}\n```\n"
            ),
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.notes == []
    body = done.body("content/2024-02-01-liquid.md")
    assert "Use `{{ site.title }}` and `{% include footer.html %}`." in body
    assert "{% for post in site.posts %}{{ post.title }}{% endfor %}\n```" in body
    assert "render_with_liquid" not in done.front("content/2024-02-01-liquid.md")
    done.build()
    page = done.page("/2024/02/01/liquid/")
    assert "<code>{{ site.title }}</code>" in page
    assert "<code>{% include footer.html %}</code>" in page
    assert "Typed {{ page.title }} and {% img /a.png %} too." in page


def test_a_redirecting_post_is_an_alias_or_a_note(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\npermalink: pretty\n",
            "_posts/2021-07-01-home.md": "---\ntitle: Home\n---\nThe story.\n",
            "_posts/2021-07-02-old.md": (
                "---\ntitle: Old\nredirect_to: https://example.org/2021/07/01/home/\n---\n"
            ),
            "_posts/2021-07-04-cv.md": "---\ntitle: CV\nlayout: post\nredirect: /cv.pdf\n---\n",
            "_posts/2021-07-05-moved.md": (
                "---\ntitle: moved\nredirect_to: https://elsewhere.example/new/\n---\n"
            ),
        }
    )
    assert done.result.code == 0, done.result.err
    assert sorted(p.name for p in (done.dest / "content").iterdir()) == ["2021-07-01-home.md"]
    assert done.urls()["/2021/07/02/old/"] == "/2021/07/01/home/"
    assert done.note("moved.md:3:") == (
        "_posts/2021-07-05-moved.md:3: a redirect to https://elsewhere.example/new/, not "
        "imported (no article to alias it to); keep /2021/07/05/moved/ leading there with a "
        "redirect on your host"
    )
    assert "a redirect to /cv.pdf" in done.note("cv.md:4:")
    done.build()
    assert "/2021/07/01/home/" in done.page("/2021/07/02/old/")


def test_kramdown_attributes_in_code_spans_are_code(jekyll: Callable[..., Imported]) -> None:
    body = (
        "When using Kramdown `{: .notice}` can be added after a sentence.\n\n"
        'Write `{:toc}` or `{: file="a.rb" }` in your post, `x`{:.language-ruby} too.\n'
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        "When using Kramdown `{: .notice}` can be added after a sentence.\n\n"
        'Write `{:toc}` or `{: file="a.rb" }` in your post, `x` too.'
    )
    assert done.notes == [
        "_posts/2024-01-01-a.md:6: kramdown attribute list {:.language-ruby} left out"
    ]
    done.build()
    assert "<code>{: .notice}</code>" in done.page("/2024/01/01/a/")


def test_a_left_out_include_inside_html_takes_its_line(jekyll: Callable[..., Imported]) -> None:
    body = (
        '<div class="row">\n    <div class="col">\n        {% include chart.html id="a" %}\n'
        '    </div>\n    <div class="col">\n        {{ page.nothing }}\n    </div>\n</div>\n'
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        '<div class="row">\n    <div class="col">\n    </div>\n'
        '    <div class="col">\n    </div>\n</div>'
    )
    assert [note.split(": ", 1)[0] for note in done.notes if "Liquid" in note] == [
        "_posts/2024-01-01-a.md:6",
        "_posts/2024-01-01-a.md:9",
    ]
    done.build()
    assert "&lt;/div&gt;" not in done.page("/2024/01/01/a/")


def test_theme_boxes_become_callouts(jekyll: Callable[..., Imported]) -> None:
    body = (
        "> A tip, Chirpy's way.\n{: .prompt-tip }\n\n"
        "**Danger:** Minimal Mistakes' notice.\n{: .notice--danger}\n"
        "Right under it.\n\n"
        "A Beautiful Jekyll box.\n{: .box-note}\n\n"
        "TeXt's warning.\n{:.warning}\n\n"
        "A lead paragraph.\n{: .lead}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        "> [!TIP]\n> A tip, Chirpy's way.\n\n"
        "> [!CAUTION]\n> **Danger:** Minimal Mistakes' notice.\n\nRight under it.\n\n"
        "> [!NOTE]\n> A Beautiful Jekyll box.\n\n"
        "> [!WARNING]\n> TeXt's warning.\n\n"
        "A lead paragraph."
    )
    assert done.notes == ["_posts/2024-01-01-a.md:18: kramdown attribute list {: .lead} left out"]
    done.build()
    page = done.page("/2024/01/01/a/")
    assert page.count("callout__body") == 4
    assert "</aside><p>Right under it." in page


def test_chirpy_code_file_name_is_the_blocks_caption(jekyll: Callable[..., Imported]) -> None:
    body = (
        '```yaml\n- name: token\n```\n{: file=".github/workflow/runners.yml" }\n\n'
        "~~~sass\n@import 'x';\n~~~\n{: file='_sass/chirpy.scss'}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        "*.github/workflow/runners.yml*\n\n```yaml\n- name: token\n```\n\n"
        "*\\_sass/chirpy.scss*\n\n~~~sass\n@import 'x';\n~~~"
    )
    assert done.notes == []
    done.build()
    assert "<em>_sass/chirpy.scss</em>" in done.page("/2024/01/01/a/")


def test_theme_figure_and_video_includes(jekyll: Callable[..., Imported]) -> None:
    body = (
        '{% include figure.liquid loading="eager" path="assets/img/9.jpg" title="A bay" %}\n\n'
        "{% include embed/youtube.html id='Balreaj8Yqs' %}\n\n"
        '{% include plugins/youtube.html id="XsxDH4HcOWA" %}\n\n'
        "{% include embed/twitch.html id='1634779211' %}\n\n"
        "{% include embed/video.html src='/media/demo.mp4' title='Demo' %}\n\n"
        "{% include plugins/ted.html id='a_talk' %}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        '{{< figure src="/assets/img/9.jpg" alt="A bay" caption="A bay" />}}\n\n'
        '{{< youtube "Balreaj8Yqs" />}}\n\n{{< youtube "XsxDH4HcOWA" />}}\n\n'
        "[Video](<https://www.twitch.tv/videos/1634779211>)\n\n[Demo](</media/demo.mp4>)\n\n"
        "[Video](<https://www.ted.com/talks/a_talk>)"
    )
    assert done.notes == [
        "_posts/2024-01-01-a.md:10: Liquid {% include embed/twitch.html %}: a link to the "
        "video (no player here)",
        "_posts/2024-01-01-a.md:12: Liquid {% include embed/video.html %}: a link to the "
        "video (no player here)",
        "_posts/2024-01-01-a.md:14: Liquid {% include plugins/ted.html %}: a link to the "
        "video (no player here)",
    ]


def test_include_values_that_are_liquid_variables(jekyll: Callable[..., Imported]) -> None:
    body = (
        "{% include figure.html\n    src=site.data.images.girard.src\n"
        "    caption=site.data.images.girard.caption\n%}\n\n"
        "{% capture fig_path %}/assets/img/graph.svg{% endcapture %}\n"
        '{% include figure image_path=fig_path alt="A graph" width=600 %}\n\n'
        "{% include figure image_path=site.data.images.nobody.src %}\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_data/images.yml": "girard:\n  src: /img/girard.png\n  caption: Fig. 1 Control\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    text = done.body("content/2024-01-01-a.md")
    assert (
        '{{< figure src="/img/girard.png" alt="Fig. 1 Control" caption="Fig. 1 Control" />}}'
        in text
    )
    assert '{{< figure src="/assets/img/graph.svg" alt="A graph" />}}' in text
    assert "site.data" not in text and "fig_path" not in text
    assert done.note("a.md:12:").endswith(
        "Liquid {% include figure %} left out: site.data.images.nobody.src has no value the "
        "import can read"
    )


def test_a_citation_keeps_its_key(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\n",
            "_posts/2023-07-12-a.md": (
                "---\ntitle: a\n---\n"
                "We cite {% cite einstein1950 %} and {% cite Girard2006 --locator 3 %} here.\n"
                "{% include nothing.html %} {% include nothing.html %}\n"
            ),
        }
    )
    assert done.body("content/2023-07-12-a.md").startswith(
        "We cite [einstein1950] and [Girard2006] here."
    )
    assert "jekyll-scholar {% cite Girard2006 %} is the text [Girard2006]" in done.note(
        "Girard2006"
    )
    count = done.report.splitlines()[0].split(", ")[-1]
    assert count == f"{len(done.notes)} notes."
    assert f"; {len(done.notes)} notes in" in done.result.out
    done.build()
    assert "We cite [einstein1950] and [Girard2006] here." in done.page("/2023/07/12/a/")


def test_beautiful_jekyll_subtitle_and_cover(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\n",
            "_posts/2023-03-02-props.md": (
                "---\ntitle: Props\nsubtitle: What a component is given.\n"
                "cover-img: [/img/cover.png, /img/other.png]\nshare-img: /img/share.png\n"
                "thumbnail-img: /img/thumb.png\n---\nText.\n"
            ),
            "_posts/2023-03-03-share.md": (
                "---\ntitle: Share\nshare-img: /img/share.png\n---\nText.\n"
            ),
        }
    )
    front = done.front("content/2023-03-02-props.md")
    assert front["summary"] == "What a component is given."
    assert (front["image"], front["image_alt"]) == ("/img/cover.png", "Props")
    assert not {"subtitle", "cover-img", "share-img", "thumbnail-img"} & set(front)
    assert done.front("content/2023-03-03-share.md")["image"] == "/img/share.png"


def test_minimal_mistakes_header_caption_is_the_credit(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\n",
            "_posts/2024-02-01-mm.md": (
                "---\ntitle: MM\nheader:\n  overlay_image: /img/sea.jpg\n"
                '  image_description: "The sea"\n'
                '  caption: "Photo credit: [**Unsplash**](https://unsplash.com)"\n---\nText.\n'
            ),
        }
    )
    front = done.front("content/2024-02-01-mm.md")
    assert front["image_credit"] == "Photo credit: Unsplash"
    assert done.note("header.caption").endswith(
        "mm.md:3: header.caption is image_credit, in plain text: its link "
        "https://unsplash.com is not shown"
    )
    done.build()
    assert "Photo credit: Unsplash" in done.page("/2024/02/01/mm/")


def test_a_mermaid_diagram_is_named_in_the_report(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://example.org\n",
            "_posts/2024-01-01-d.md": (
                "---\ntitle: D\nmermaid: true\n---\nText.\n\n"
                "```mermaid\ngantt\n  title A plan\n```\n\n```mermaid\npie\n```\n"
            ),
        }
    )
    assert done.notes == [
        "_posts/2024-01-01-d.md:7: a ```mermaid diagram is shown as its code: sitegen draws "
        "no Mermaid diagrams; make it a picture to keep it"
    ]
    assert "```mermaid\ngantt\n  title A plan\n```" in done.body("content/2024-01-01-d.md")


def test_slugified_categories_in_the_permalink(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": (
                "title: t\nurl: https://e.org\npermalink: /:slugified_categories/:title/\n"
            ),
            "_posts/2020-03-04-my-post.md": (
                "---\ntitle: P\ncategories: [Web Dev, C_Sharp]\n---\nH\n"
            ),
        }
    )
    assert done.urls()["/web-dev/c-sharp/my-post/"] == "/articles/my-post/"
    assert not [note for note in done.notes if "could not be worked out" in note]


def test_data_files_other_than_authors_are_a_note(jekyll: Callable[..., Imported]) -> None:
    done = jekyll(
        {
            "_config.yml": "title: t\nurl: https://e.org\n",
            "_posts/2020-03-04-a.md": "---\ntitle: A\n---\nH\n",
            "_data/authors.yml": "ana:\n  name: Ana\n",
            "_data/navigation.yml": "- title: Home\n",
        }
    )
    assert "authors.yml, which is site.yaml's authors" in done.note("_data/")


def test_a_box_class_written_above_its_paragraph(jekyll: Callable[..., Imported]) -> None:
    """Beautiful Jekyll writes the class on the line above the box."""
    body = (
        "### Note\n\n{: .box-note}\n**Note:** a notification.\nStill the box.\n\n"
        "{: .box-success}\n```props```는 전달됩니다.\n\nAfter.\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.body("content/2024-01-01-a.md") == (
        "### Note\n\n> [!NOTE]\n> **Note:** a notification.\n> Still the box.\n\n"
        "> [!TIP]\n> ```props```는 전달됩니다.\n\nAfter."
    )
    assert done.notes == []


def test_include_toc_in_a_post_with_three_sections(jekyll: Callable[..., Imported]) -> None:
    body = "{% include toc %}\n\n## One\n\n## Two\n\n```\n## not one\n```\n\n## Three\n"
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    assert done.note("include toc").endswith(
        "sitegen shows its own table of contents (from three ## sections)"
    )


def test_mathjax_equation_labels_become_numbers(jekyll: Callable[..., Imported]) -> None:
    body = (
        "$$\n\\begin{equation}\n  a = b\n  \\label{eq:first}\n\\end{equation}\n$$\n\n"
        "$$\nc = d \\label{eq:second}\n$$\n\n"
        "See \\eqref{eq:second}, $\\eqref{eq:first}$ and \\ref{eq:none}.\n\n"
        "```tex\n$$\n\\label{eq:code}\n$$\n```\n"
    )
    done = jekyll(
        {
            "_config.yml": "title: T\nurl: https://example.org\n",
            "_posts/2024-01-01-a.md": "---\ntitle: A\n---\n" + body,
        }
    )
    text = done.body("content/2024-01-01-a.md")
    assert "\\end{equation}\n$$ (1)" in text and "c = d \n$$ (2)" in text
    assert "See [(2)](#eq-2), [(1)](#eq-1) and \\ref{eq:none}." in text
    assert "```tex\n$$\n\\label{eq:code}\n$$\n```" in text
    assert done.note("eq:none").endswith(
        "a.md:15: \\ref{eq:none} names no numbered equation: left as typed"
    )
    built = done.build()
    assert "\\label" not in built.err
    page = done.page("/2024/01/01/a/")
    assert 'href="#eq-2"' in page or "href=#eq-2" in page


def test_an_author_list_is_the_articles_authors(jekyll: Callable[..., Imported]) -> None:
    post = '---\ntitle: A\nauthor: ["مهدي علوان", "Jane Doe"]\n---\nText.\n'
    done = jekyll(
        {"_config.yml": "title: T\nurl: https://example.org\n", "_posts/2016-05-27-a.md": post}
    )
    assert done.front("content/2016-05-27-a.md")["authors"] == ["مهدي علوان", "Jane Doe"]


def test_line_breaks_the_engine_kept_stay_line_breaks(jekyll: Callable[..., Imported]) -> None:
    """kramdown's ``hard_wrap`` (on its GFM input) and redcarpet's printed each new
    line of a paragraph on its own line; the new site does too."""
    post = "---\ntitle: Verse\n---\nRoses are red\nviolets blue\n"
    files = {"_posts/2024-01-05-verse.md": post}
    kept = jekyll({"_config.yml": "kramdown:\n  hard_wrap: true\n", **files})
    assert kept.site()["markdown"] == {"breaks": True}
    assert "markdown.breaks: true" in kept.note("hard_wrap")
    kept.build()
    assert "Roses are red<br" in kept.page("/2024/01/05/verse/")
    carpet = "markdown: redcarpet\nredcarpet:\n  extensions: [hard_wrap]\n"
    assert jekyll({"_config.yml": carpet, **files}).site()["markdown"] == {"breaks": True}
    own_input = "kramdown:\n  input: kramdown\n  hard_wrap: true\n"
    assert "markdown" not in jekyll({"_config.yml": own_input, **files}).site()


def test_an_html_block_kramdown_read_to_its_closing_tag_stays_whole(
    jekyll: Callable[..., Imported],
) -> None:
    """kramdown reads an HTML element to its closing tag, blank lines and all;
    CommonMark ends the block at the blank line, and the indented rest became a
    code block showing the tags (WordPress exports' tables and captions)."""
    table = (
        '<table>\n  <tr>\n    <td>\n      <img src="/a.png" alt="A" />\n    </td>\n\n'
        '    <td>\n      <p class="caption">\n        Caption B\n      </p>\n'
        "    </td>\n  </tr>\n</table>\n"
    )
    loose = "<div>\n\n**Not indented:** no code block to mend.\n\n</div>"
    fenced = "```html\n<div>\n\n    <p>code</p>\n</div>\n```\n"
    post = f"---\ntitle: Table\n---\nIntro.\n\n{table}\nAfter.\n\n{fenced}\n{loose}\n"
    done = jekyll({"_config.yml": "title: T\n", "_posts/2024-01-01-t.md": post})
    body = done.body("content/2024-01-01-t.md")
    assert "    </td>\n    <td>" in body
    assert fenced in body and loose in body
    done.build()
    page = done.page("/2024/01/01/t/")
    assert "&lt;td" not in page
    assert "Caption B" in page and "<p>After." in page


def test_pandocs_math_in_an_html_post_is_set_as_math(jekyll: Callable[..., Imported]) -> None:
    """An R Markdown post rendered to HTML: Pandoc's TeX for MathJax is written
    between dollars and the site sets it."""
    post = '---\ntitle: Fit\n---\n<p>The slope <span class="math inline">\\(\\beta\\)</span>.</p>\n'
    done = jekyll({"_config.yml": "title: T\n", "_posts/2024-01-05-fit.html": post})
    assert done.body("content/2024-01-05-fit.md") == "The slope $\\beta$."
    assert done.site()["markdown"]["math"] is True
    done.build()
    assert "<math" in done.page("/2024/01/05/fit/")


def test_the_pagination_note_names_the_sites_own_page_addresses(
    jekyll: Callable[..., Imported],
) -> None:
    """jekyll-paginate's ``paginate_path`` says where the second page was: the note
    names those addresses, and none is needed where they stay the same."""
    files = {"_posts/2024-01-05-a.md": "---\ntitle: A\n---\nText.\n"}
    blog = jekyll({"_config.yml": 'paginate: 5\npaginate_path: "/blog/page:num"\n', **files})
    assert "Jekyll's pages /blog/page2/, /blog/page3/... are /page/2/" in blog.report
    plain = jekyll({"_config.yml": "paginate: 5\n", **files})
    assert "Jekyll's pages /page2/, /page3/... are /page/2/" in plain.report
    same = jekyll({"_config.yml": 'paginate: 5\npaginate_path: "/page/:num/"\n', **files})
    assert "Jekyll's pages" not in same.report
