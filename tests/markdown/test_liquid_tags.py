"""Liquid tags of Hexo, Octopress and Jekyll posts built as they are.

A blog moved from Hexo keeps its ``{% asset_img %}``, ``{% post_link %}`` and
``{% codeblock %}`` tags in plain markdown; built as written, readers saw the
tags as text. They are converted in any markdown file, code showing Liquid is
left as typed, and a tag with no equivalent is a warning at its line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import Run

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


HEXO_POST = """\
---
title: Hexo tags
date: 2020-03-22 13:34:34
---

Before.

{% asset_img js-request.png 添加域名 %}

{% blockquote David Levithan, Wide Awake %}
Do not just love what you have.
{% endblockquote %}

{% codeblock _.compact http://underscorejs.org/#compact Underscore.js %}
_.compact([0, 1, false, 2, '', 3]);
=> [1, 2, 3]
{% endcodeblock %}

{% highlight python %}
print("<b>hi</b>")
{% endhighlight %}

Read {% post_link other-post the other post %}; [again]({% post_url 2019-01-01-old %}).

{% youtube dQw4w9WgXcQ %}

Liquid is written `{% raw %}` and {% raw %}{{ page.title }} {% if x %}{% endraw %}.

```
{% include note.html %}
```

{% include figure.html %}
After {% fancybox a.png %}.

{% codeblock Array.map %}
array.map(callback)
{% endcodeblock %}

{% codeblock lang:html %}
{% raw %}<p>{{ page.title }}</p>{% endraw %}
{% endcodeblock %}
"""


def test_hexo_tags_in_markdown_build_and_the_others_are_warnings(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/hexo-post.md": HEXO_POST,
            "content/hexo-post/js-request.png": png(),
            "content/other-post.md": "---\ntitle: Other\ndate: 2020-03-01\n---\nOther.\n",
            "content/2019-01-01-old.md": "---\ntitle: Old\n---\nOld.\n",
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/hexo-post/index.html").read_text(encoding="utf-8")
    body = page.split('class="article__body prose">', 1)[1].split("</div>", 1)[0]
    assert 'alt="添加域名"' in body
    assert "<blockquote>\n<p>Do not just love what you have.</p>\n" in body
    assert "<p>— <strong>David Levithan</strong>, <em>Wide Awake</em></p>" in body
    caption = '<em>_.compact</em> — <a href="http://underscorejs.org/#compact">Underscore.js</a>'
    assert caption in body
    assert 'class="language-python"' in body and "<b>hi</b>" not in body
    assert '<a href="/articles/other-post/">the other post</a>' in body
    assert '<a href="/articles/old/">again</a>' in body  # Jekyll's post_url
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
    assert "<code>{% raw %}</code> and {{ page.title }} {% if x %}." in body
    assert "{% include note.html %}" in body  # code showing Liquid: as typed
    assert "<p><em>Array.map</em></p>\n<pre><code>array.map(callback)\n" in body  # no language
    html_code = body.rsplit("<pre", 1)[1]
    assert "raw" not in html_code and "</span>{{ page.title }}<span" in html_code
    assert result.err.splitlines() == [
        "content/hexo-post.md:33: warning: Liquid tag {% include %} is not converted: shown "
        "as text (write it as markdown or a shortcode; inside a code span or block it is "
        "shown as code)",
        "content/hexo-post.md:34: warning: Liquid tag {% fancybox %} is not converted: shown "
        "as text (write it as markdown or a shortcode; inside a code span or block it is "
        "shown as code)",
    ]


def test_hugo_and_zola_calls_are_no_liquid_tags(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """``{{% name %}}`` is Hugo's call and ``{% name(…) %}`` Zola's: no warning."""
    site = make_site(
        {
            "content/a.md": (
                "---\ntitle: A\ndate: 2024-01-01\n---\n"
                '{{% details summary="More" %}}\nHidden.\n{{% /details %}}\n'
            ),
            "content/b.md": (
                '+++\ntitle = "B"\ndate = 2024-01-01\n+++\n'
                '{% details(summary="More") %}\nHidden.\n{% end %}\n'
            ),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert "Liquid" not in result.err


def test_a_pictures_words_stay_its_alt_text(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Brackets and stars in a picture's words are its alt text, not markdown."""
    site = make_site(
        {
            "content/a.md": (
                "---\ntitle: A\ndate: 2024-01-01\n---\n"
                "{% img /images/a.png 'Chart: *all* ports] 2019' %}\n"
            ),
            "content/images/a.png": png(),
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = (site / "output/articles/a/index.html").read_text(encoding="utf-8")
    assert 'alt="Chart: *all* ports] 2019"' in page


def post(title: str, body: str = "Text.") -> str:
    return f"---\ntitle: {title!r}\ndate: 2020-03-01\n---\n{body}\n"


def link_text(site: Path, slug: str) -> str:
    """The body of the article ``slug``'s page."""
    page = (site / f"output/articles/{slug}/index.html").read_text(encoding="utf-8")
    return page.split('class="article__body prose">', 1)[1].split("</div>", 1)[0].strip()


def test_a_hexo_post_link_shows_the_linked_posts_title_or_the_one_given(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    """Hexo's ``{% post_link slug [title] [escape] %}`` shows the linked post's
    title, escaped, when no title is given; the slug meant nothing to a reader.
    A title changed in the linked post changes the link's text at the next
    build, whatever the build kept of the linking post."""
    body = (
        "See {% post_link q-and-a %}, {% post_link q-and-a#part %}, "
        "{% post_link q-and-a the *talk* true %} and {% post_link q-and-a the *talk* false %}."
    )
    site = make_site(
        {"content/a.md": post("A", body), "content/q-and-a.md": post('Q&A: <live> "now"')}
    )
    result = build_site(site, "--no-minify")
    assert (result.code, result.err) == (0, "")
    target = '<a href="/articles/q-and-a/'
    shown = "Q&amp;A: &lt;live&gt; &#34;now&#34;"
    assert link_text(site, "a") == (
        f'<p>See {target}">{shown}</a>, {target}#part">{shown}</a>, '
        f'{target}">the *talk*</a> and {target}">the <em>talk</em></a>.</p>'
    )
    site.joinpath("content/q-and-a.md").write_text(post("Questions"))
    assert build_site(site, "--no-minify").code == 0
    assert f'{target}">Questions</a>, ' in link_text(site, "a")


def test_a_hexo_post_link_to_no_post_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = make_site(
        {
            "content/a.md": post("A", "Intro.\n\nSee {% post_link q-and-b %}."),
            "content/b.md": post("B", "{% post_link nothing-here some text %}"),
            "content/q-and-a.md": post("Q"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "content/a.md:7: ref 'q-and-b' matches no published article (did you mean 'q-and-a.md'?)",
        "content/b.md:5: ref 'nothing-here' matches no published article",
    ]
