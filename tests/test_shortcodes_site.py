"""A news site brought over from Hugo, with its shortcodes as Hugo authors write them.

The site keeps its own templates, a few Hugo-style (no declaration, a
positional argument, a template in a subfolder), and its articles use
``{{% %}}``, tags over several lines, positional arguments and tags with no
closing tag. Built whole: what the reader gets, and every mistake at its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.conftest import Run, article

Site = Callable[[Mapping[str, str | bytes]], Path]

TEMPLATES = {
    "site.yaml": """
        title: Harbour Desk
        base_url: https://example.org/news/
    """,
    # Hugo's habit: positional id, no .Inner, so no closing tag.
    "layouts/shortcodes/youtube.html": (
        "{#- shortcode\nargs:\n  id: {required: true}\n  title: {}\npositional: [id, title]\n-#}\n"
        '<iframe class="video" src="https://www.youtube-nocookie.com/embed/{{ args.id }}" '
        "title=\"{{ args.title or 'Video' }}\"></iframe>"
    ),
    # The Learn theme's notice, written {{% notice warning %}} … {{% /notice %}}.
    "layouts/shortcodes/notice.html": (
        "{#- shortcode\nargs:\n  kind: {required: true, choices: [info, tip, warning]}\n"
        "positional: [kind]\ninner: required\n-#}\n"
        '<div class="notice notice--{{ args.kind }}">{{ inner }}</div>'
    ),
    "layouts/shortcodes/figure.html": (
        "{#- shortcode\nargs:\n  src: {required: true}\n  alt: {required: true}\n"
        "  caption: {}\n-#}\n"
        '<figure><img src="{{ url(args.src) }}" alt="{{ args.alt }}">'
        "<figcaption>{{ args.caption }}</figcaption></figure>"
    ),
    "layouts/shortcodes/charts/bar.html": (
        '<figure class="chart chart--bar" data-series="{{ args.series }}"></figure>'
    ),
    # No declaration at all, as copied from a Hugo theme.
    "layouts/shortcodes/plotly.html": (
        '<div class="plotly" data-source="{{ url(\'/stats/growth.json\') }}"></div>'
        "<script src=\"{{ asset('plotly-loader.js') }}\" defer></script>"
    ),
    "layouts/shortcodes/mark.html": "<mark>{{ inner }}</mark>",
    "layouts/static/plotly-loader.js": "console.log('plotly');\n",
}

BODY = """\
The port reopened on Monday.

{{< youtube dQw4w9WgXcQ >}}

{{% notice warning %}}
Figures for **March** are provisional.
{{% /notice %}}

{{< figure
    src="/images/cranes.jpg"
    alt="Cranes at dawn"
    caption="The east quay." >}}

Traffic rose {{% mark %}}**12%**{{% /mark %}} and {{< youtube "abc-123"
  "The harbour master" >}} explains why.

{{< charts/bar series="tonnage" >}}

{{< plotly >}}

To embed a video, write {{</* youtube ID */>}}; a box is {{%/* notice info */%}}.
"""


def page(site: Path) -> str:
    return (site / "output" / "articles" / "port" / "index.html").read_text(encoding="utf-8")


def test_hugo_habits_render_as_in_hugo(make_site: Site, build_site: Callable[..., Run]) -> None:
    site = make_site({**TEMPLATES, "content/port.md": article("Port", body=BODY)})
    run = build_site(site, "--no-minify")
    assert run.code == 0, run.err
    html = page(site)
    assert (
        '<iframe class="video" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" '
        'title="Video"></iframe>' in html
    )
    assert (
        '<div class="notice notice--warning"><p>Figures for <strong>March</strong> '
        "are provisional.</p>\n</div>" in html
    )
    assert (
        '<figure><img src="/news/images/cranes.jpg" alt="Cranes at dawn">'
        "<figcaption>The east quay.</figcaption></figure>" in html
    )
    assert (
        "Traffic rose <mark><strong>12%</strong></mark> and "
        '<iframe class="video" src="https://www.youtube-nocookie.com/embed/abc-123" '
        'title="The harbour master"></iframe> explains why.' in html
    )
    assert '<figure class="chart chart--bar" data-series="tonnage"></figure>' in html
    assert (
        "<p>To embed a video, write {{&lt; youtube ID &gt;}}; "
        "a box is {{% notice info %}}.</p>" in html
    )
    assert "{{" not in html.replace("{{&lt; youtube ID &gt;}}", "").replace(
        "{{% notice info %}}", ""
    )


def test_shortcode_templates_have_url_and_asset(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({**TEMPLATES, "content/port.md": article("Port", body="{{< plotly >}}\n")})
    assert build_site(site, "--no-minify").code == 0
    html = page(site)
    assert 'data-source="/news/stats/growth.json"' in html
    script = re.search(r'src="(/news/static/plotly-loader\.[0-9a-f]+\.js)', html)
    assert script is not None, html
    assert (site / "output" / script.group(1).removeprefix("/news/")).is_file()

    # A new script gets a new hashed name: the body, cached or not, links to it.
    (site / "layouts" / "static" / "plotly-loader.js").write_text("console.log(2);\n")
    assert build_site(site, "--no-minify").code == 0
    again = re.search(r'src="(/news/static/plotly-loader\.[0-9a-f]+\.js)', page(site))
    assert again is not None
    assert again.group(1) != script.group(1)
    assert (site / "output" / again.group(1).removeprefix("/news/")).is_file()


MISTAKES = """\
{{< youtube dQw4w9WgXcQ title="Interview" >}}

{{< youtube >}}

{{< youtube a b c >}}

{{% notice %}}
Careful.
{{% /notice %}}

{{% notice tip >}}

{{< plotly >}}
inner text
{{< /plotly >}}

{{< figure
    src="/a.jpg"
    alt="unterminated >}}

{{% notice info %}}
Never closed.
"""


def test_each_mistake_is_one_message_at_its_line(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    site = make_site({**TEMPLATES, "content/port.md": article("Port", body=MISTAKES)})
    run = build_site(site)
    assert run.code == 1
    # The body starts at line 6 of the file, after the front matter and a blank line;
    # a mistake inside a tag over several lines is at its own line (alt=, line 24).
    assert run.errors == [
        "content/port.md:6: shortcode 'youtube' mixes positional and named arguments: "
        'write all of them as key="value", or all by position',
        "content/port.md:8: shortcode 'youtube' needs the argument id, "
        'by position or as id="..."',
        "content/port.md:10: shortcode 'youtube' takes 2 arguments by position (id, title), "
        "but 3 were given",
        "content/port.md:12: shortcode 'notice' needs the argument kind, "
        'by position or as kind="..."; use one of: info, tip, warning',
        "content/port.md:16: shortcode 'notice' starts with '{{%' but ends with '>}}': "
        "end it with '%}}'",
        "content/port.md:18: shortcode 'plotly' takes no inner content; "
        "write it self-closing: {{< plotly />}}",
        "content/port.md:24: argument 'alt' of shortcode 'figure' has no closing \": "
        'end the value with " (write \\" for a quote inside it)',
        "content/port.md:26: shortcode 'notice' is never closed (expected {{% /notice %}})",
    ]


def test_a_positional_name_must_be_declared(
    make_site: Site, build_site: Callable[..., Run]
) -> None:
    template = "{#- shortcode\nargs:\n  id: {}\npositional: [idd]\n-#}\n<i></i>"
    site = make_site(
        {
            **TEMPLATES,
            "layouts/shortcodes/youtube.html": template,
            "content/port.md": article("Port"),
        }
    )
    run = build_site(site)
    assert run.code == 1
    assert run.errors == [
        "layouts/shortcodes/youtube.html:4: positional argument 'idd' is not declared "
        "under 'args' (did you mean 'id'?)"
    ]


def test_a_shortcode_template_using_sitegens_filters_builds(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    """Telling whether a template shows its inner text compiled it without sitegen's
    filters: a traceback for any site whose shortcodes used one."""
    site = make_site(
        {
            "layouts/shortcodes/stamp.html": "<time>{{ page.date | iso }}</time>\n",
            "content/a.md": article("A", body="Dated {{< stamp >}}."),
        }
    )
    result = build_site(site)
    assert result.code == 0, result.err
    assert "<time>2025-05-01" in (site / "output/articles/a/index.html").read_text()


def test_a_call_inside_raw_html_is_expanded_as_hugo_expands_it(
    make_site: Callable[..., Path], build_site: Callable[..., Run]
) -> None:
    """Hugo and Zola read shortcodes before markdown: '<div>{{< note >}}</div>' calls
    it. A call with a closing tag stays as written (its inside would be HTML)."""
    body = (
        'Intro.\n\n<div class="wide">\n{{< note text="inside" />}}\n</div>\n\n'
        '<div>{{< note text="also" >}}</div>\n\nAfter.'
    )
    site = make_site(
        {
            "site.yaml": "markdown: {html: unsafe}\n",
            "layouts/shortcodes/note.html": (
                "{#- shortcode\nargs:\n  text: {}\n-#}\n<span class=note>{{ args.text }}</span>\n"
            ),
            "content/a.md": article("A", body=body),
        }
    )
    result = build_site(site, "--no-minify")
    assert result.code == 0, result.err
    page = " ".join((site / "output/articles/a/index.html").read_text().split())
    assert '<div class="wide"> <span class=note>inside</span> </div>' in page
    assert "<div> <span class=note>also</span> </div>" in page
    assert "{{<" not in page
