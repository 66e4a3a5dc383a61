"""Hugo shortcodes in imported content: resolved once, or kept with a template standing in."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import run_sitegen
from tests.images.pictures import photo
from tests.importer.conftest import BASIC_CONFIG, Imported, post

# Real images: the build reads every image an article shows.
JPG = photo(8, 8)

FRONT = "title: A\ndate: 2024-05-01"


def one(hugo: Callable[..., Imported], body: str, **files: str) -> Imported:
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG + '[params]\nmotto = "Read slowly"\n[params.team]\n'
            'lead = "Ann"\n',
            "content/posts/a.md": post(FRONT + "\nmood: calm", body),
            **files,
        }
    )
    assert done.result.code == 0, done.result.err
    return done


def test_param_takes_the_page_value_then_the_sites(hugo: Callable[..., Imported]) -> None:
    body = (
        '{{< param mood >}}, {{% param "motto" %}}, {{< param "team.lead" >}}, {{< param gone >}}.'
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == "calm, Read slowly, Ann, ."
    assert done.note("param 'gone'").startswith("content/posts/a.md:7: param 'gone' is set")


def test_ref_and_relref_link_to_the_imported_file(hugo: Callable[..., Imported]) -> None:
    body = (
        '[abs]({{< ref "/posts/b.md" >}}) [rel]({{< relref "b" >}}) '
        '[bundle]({{< ref "trip" >}}) [name]({{< ref "c.html#part" >}}) '
        '[here]({{< relref "#top" >}}) [none]({{< ref "missing.md" >}})'
    )
    done = one(
        hugo,
        body,
        **{
            "content/posts/b.md": post("title: B\ndate: 2024-05-02"),
            "content/posts/trip/index.md": post("title: Trip\ndate: 2024-05-03"),
            "content/notes/c.html": post("title: C\ndate: 2024-05-04", "<h2 id='part'>P</h2>"),
        },
    )
    assert done.body("content/posts/a.md") == (
        "[abs](b.md) [rel](b.md) [bundle](trip/index.md) [name](../notes/c.md#part) "
        "[here](#top) [none](/posts/a/missing.md)"
    )
    assert "ref 'missing.md' matches no imported page; written as a plain link" in done.report
    done.build()
    page = done.page("/posts/a/")
    assert "href=/posts/b/" in page
    assert f"href={done.urls()['/notes/c/']}#part" in page


def test_a_ref_to_a_taxonomy_links_its_list_page(hugo: Callable[..., Imported]) -> None:
    """Congo's and Blowfish's samples link the tags page by ref: no file stands for it."""
    body = (
        '[all]({{< ref "tags" >}}) [go]({{< ref "/tags/Go Lang" >}}) '
        '[eco]({{< relref "categories/economy" >}}) [none]({{< ref "categories" >}})'
    )
    front = "title: A\ndate: 2024-05-01\ntags: [Go Lang]\ncategories: [Economy]"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front, body)})
    assert done.body("content/posts/a.md") == (
        "[all](/tags/) [go](/tags/go-lang/) [eco](/sections/economy/) [none](/posts/a/categories)"
    )
    assert "ref 'categories' matches no imported page" in done.report
    done.build()
    page = done.page("/posts/a/")
    for href in ("/tags/", "/tags/go-lang/", "/sections/economy/"):
        assert f"href={href}>" in page


def test_a_ref_that_is_not_a_links_url_still_prints_the_pages_url(
    hugo: Callable[..., Imported],
) -> None:
    """Hugo printed the URL as text: the import keeps sitegen's ref (or relref)
    over the imported file, so the page still shows the URL, not a file path."""
    body = (
        'Cite it as {{< ref "/posts/b.md" >}} or {{< relref "b" >}}; '
        '[link]({{< relref "b" >}}).\n\n[def]: {{< ref "b" >}}'
    )
    done = one(hugo, body, **{"content/posts/b.md": post("title: B\ndate: 2024-05-02")})
    assert done.body("content/posts/a.md") == (
        'Cite it as {{< ref "b.md" >}} or {{< relref "b.md" >}}; [link](b.md).\n\n[def]: b.md'
    )
    done.build()
    page = done.page("/posts/a/")
    assert "<p>Cite it as https://example.org/posts/b/ or /posts/b/;" in page


def test_a_ref_printed_as_text_follows_a_page_the_import_moved(
    hugo: Callable[..., Imported],
) -> None:
    """A bundle with its own url: goes to that URL's folder; a ref to it that is no
    link's URL names its new file (the site builds), and one to a section prints
    the section's URL, which sitegen's ref does not find."""
    body = (
        'B is at {{< relref "posts/b/index.md" >}}, the posts at {{< relref "/posts" >}} '
        'and {{< ref "/posts" >}}.'
    )
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG,
            "content/posts/_index.md": post("title: Posts"),
            "content/notes/n.md": post("title: N\ndate: 2024-05-03"),
            "content/posts/a.md": post(FRONT, body),
            "content/posts/b/index.md": post("title: B\ndate: 2024-05-02\nurl: /custom/b/"),
        }
    )
    assert done.body("content/posts/a.md") == (
        'B is at {{< relref "../custom/b/index.md" >}}, the posts at /posts/ '
        "and https://example.org/posts/."
    )
    done.build()
    assert "<p>B is at /custom/b/, the posts at /posts/" in done.page("/posts/a/")


def test_what_themes_shortcodes_drew_becomes_markdown(hugo: Callable[..., Imported]) -> None:
    """LoveIt's link, Blowfish's button, Stack's quote and bilibili, Hextra's cards and
    PaperMod's collapse: a stand-in showed only their inner text; readers saw links,
    an attribution, a heading."""
    body = (
        'By {{< link "https://up.example/" "Upstage" "Visit!" >}} and '
        '{{< link href="https://gohugo.io/" content="Hugo" >}}.\n\n'
        '{{< collapse summary="The log" >}}\nHidden {{< param mood >}}.\n{{< /collapse >}}\n\n'
        '{{< quote author="Bruce" source="Crypto-Gram" url="https://s.example/cg" >}}\n'
        "Security is a process.\n{{< /quote >}}\n\n"
        "{{< bilibili BV1xx411c7mD 2 >}}\n\n"
        '{{< button href="https://example.com/docs" target="_self" >}}\nRead the docs\n'
        "{{< /button >}}\n\n"
        '{{< cards >}}\n  {{< card link="/posts/b/" title="B" icon="warning" >}}\n'
        '  {{< card link="https://x.example/" title="X" subtitle="Elsewhere" >}}\n{{< /cards >}}'
    )
    done = one(hugo, body, **{"content/posts/b.md": post("title: B\ndate: 2024-05-02")})
    assert done.body("content/posts/a.md") == (
        'By [Upstage](https://up.example/ "Visit!") and [Hugo](https://gohugo.io/).\n\n'
        '{{< details summary="The log" >}}\nHidden calm.\n{{< /details >}}\n\n'
        "> Security is a process.\n>\n> — Bruce, [Crypto-Gram](https://s.example/cg)\n\n\n"
        "[Watch on Bilibili](https://www.bilibili.com/video/BV1xx411c7mD/?p=2)\n\n"
        "[Read the docs](https://example.com/docs)\n\n"
        "- [B](/posts/b/)\n- [X](https://x.example/): Elsewhere"
    )
    assert done.note(":9:") == "content/posts/a.md:9: shortcode 'collapse' became sitegen's details"
    assert "a.md:17: shortcode 'bilibili' became a link to the video on Bilibili" in done.report
    assert "stands in" not in done.report
    done.build()
    page = done.page("/posts/a/")
    assert "By <a href=https://up.example/ title=Visit!>Upstage</a>" in page
    assert "<details><summary>The log</summary>" in page
    assert "<p>— Bruce, <a href=https://s.example/cg>Crypto-Gram</a></blockquote>" in page
    assert "<li><a href=/posts/b/>B</a>" in page


def test_a_sites_own_collapse_with_title_and_open_keeps_both(
    hugo: Callable[..., Imported],
) -> None:
    """Sites write their own collapse with title= and open=: the heading and the open
    state stay, not only PaperMod's summary= and openByDefault=."""
    body = '{{< collapse title="Open me" open="true" >}}\nInside.\n{{< /collapse >}}'
    done = one(hugo, body, **{"layouts/shortcodes/collapse.html": "{{ .Inner }}"})
    assert done.body("content/posts/a.md") == (
        '{{< details summary="Open me" open="true" >}}\nInside.\n{{< /details >}}'
    )
    done.build()
    assert "<details open><summary>Open me</summary>" in done.page("/posts/a/")


def test_highlight_becomes_a_fenced_code_block(hugo: Callable[..., Imported]) -> None:
    """With its options in the form Hugo's fences take them: the marked lines and
    line numbers Hugo showed are shown again."""
    body = (
        '{{< highlight go "linenos=table,hl_lines=2 3-3" >}}\nfunc main() {\n'
        '\tfmt.Println("`x`")\n}\n{{< /highlight >}}\n\n'
        "{{< highlight text >}}\nplain\n{{< /highlight >}}"
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '```go {linenos=table,hl_lines=[2,"3-3"]}\nfunc main() {\n\tfmt.Println("`x`")\n}\n```'
        "\n\n```text\nplain\n```"
    )
    done.build()
    page = done.page("/posts/a/")
    assert "language-go" in page
    assert page.count("class=hll") == 2
    assert page.count("class=linenos") == 3


def test_hugos_own_shortcodes_stay_for_sitegens_built_in_templates(
    hugo: Callable[..., Imported],
) -> None:
    body = (
        '{{< figure src="/img/quay.jpg" alt="A quay" caption="The east *quay*." align="left" >}}'
        '\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{< youtube id="abc" title="The talk" >}}\n\n'
        '{{< youtube >}}\n\n{{< details summary="More" >}}\nHidden.\n{{< /details >}}'
    )
    done = one(hugo, body, **{"static/img/quay.jpg": JPG})
    assert done.body("content/posts/a.md") == (
        '{{< figure src="/img/quay.jpg" alt="A quay" caption="The east *quay*." />}}\n\n'
        '{{< youtube "dQw4w9WgXcQ" />}}\n\n{{< youtube id="abc" title="The talk" />}}\n\n'
        '\n\n{{< details summary="More" >}}\nHidden.\n{{< /details >}}'
    )
    assert not (done.dest / "layouts").exists()
    notes = "\n".join(done.notes)
    assert "content/posts/a.md:7: shortcode 'figure': left out 'align'" in notes
    assert "content/posts/a.md:9: shortcode 'youtube' shows a link to the post or video" in notes
    assert "content/posts/a.md:13: shortcode 'youtube' lacks an argument it needs" in notes
    assert "details" not in notes
    done.build()
    page = done.page("/posts/a/")
    assert "<figcaption>" in page and "<em>quay</em>" in page
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in page
    assert "The talk" in page
    assert "<iframe" not in page
    assert "<details" in page


def test_a_site_shortcode_shows_its_inner_content_and_names_its_template(
    hugo: Callable[..., Imported],
) -> None:
    body = (
        "{{% panel wide %}}\nFigures are **provisional**.\n{{% /panel %}}\n\n"
        'Before {{< badge text="new" >}} after.'
    )
    done = one(
        hugo,
        body,
        **{
            "layouts/shortcodes/panel.html": "<div>{{ .Inner }}</div>",
            "layouts/shortcodes/badge.html": '<b>{{ .Get "text" }}</b>',
        },
    )
    panel = done.text("layouts/shortcodes/panel.html")
    assert panel == (
        "{#- shortcode\nargs:\n  arg0: {}\npositional: [arg0]\ninner: optional\n-#}\n{{ inner }}\n"
    )
    assert done.text("layouts/shortcodes/badge.html").endswith("inner: none\n-#}\n\n")
    assert (
        "content/posts/a.md:7: shortcode 'panel' is a Go template "
        "(layouts/shortcodes/panel.html) sitegen cannot run"
    ) in done.report
    done.build()
    page = done.page("/posts/a/")
    assert "<strong>provisional</strong>" in page
    assert "Before" in page and "after." in page


def test_an_escaped_shortcode_is_left_as_written(hugo: Callable[..., Imported]) -> None:
    done = one(hugo, "Write `{{</* youtube id */>}}` or {{</* param x */>}}.")
    assert (
        done.body("content/posts/a.md") == "Write `{{</* youtube id */>}}` or {{</* param x */>}}."
    )
    assert not (done.dest / "layouts").exists()


def test_shortcodes_in_html_content_survive_the_conversion(hugo: Callable[..., Imported]) -> None:
    body = "<p>Watch:</p>\n{{< youtube abc >}}\n<p>{{< param motto >}}</p>"
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG + '[params]\nmotto = "Calm"\n',
            "content/posts/a.html": post(FRONT, body),
        }
    )
    assert done.body("content/posts/a.md") == 'Watch:\n\n{{< youtube "abc" />}}\n\nCalm'
    done.build()


def test_calls_sitegen_could_not_read_are_made_readable(hugo: Callable[..., Imported]) -> None:
    body = (
        'A {{< figure src="/img/a.jpg" caption="Quay" >}} in a line.\n\n'
        '{{< chart data.id="7" kind="bar" >}}\n\n{{< mixed 1 k="v" >}}'
    )
    done = one(hugo, body, **{"static/img/a.jpg": JPG})
    assert done.body("content/posts/a.md") == (
        'A {{< figure src="/img/a.jpg" caption="Quay" />}} in a line.\n\n'
        '{{< chart kind="bar" />}}\n\n{{< mixed arg0="1" k="v" />}}'
    )
    assert "shortcode 'chart': the argument 'data.id' has a name sitegen does not read" in (
        done.report
    )
    done.build()


def test_a_themes_math_shortcodes_become_tex_between_dollars(
    hugo: Callable[..., Imported],
) -> None:
    """hugo-book's katex (and the like): TeX for a script, set as MathML now."""
    body = (
        "The mean {{< katex >}}\\bar{x}_n{{< /katex >}} holds.\n\n"
        "{{< katex display >}}\nf(x) = \\int_0^1 g(t)\\,dt\n{{< /katex >}}"
    )
    done = one(hugo, body, **{"layouts/shortcodes/katex.html": "{{ .Inner }}"})
    assert done.body("content/posts/a.md") == (
        "The mean $\\bar{x}_n$ holds.\n\n\n$$\nf(x) = \\int_0^1 g(t)\\,dt\n$$"
    )
    assert done.site()["markdown"] == {"math": True}
    assert "markdown.math: true" in done.note("math shortcode")
    assert not (done.dest / "layouts/shortcodes/katex.html").exists()
    done.build()
    assert done.page("/posts/a/").count("<math") == 2


def test_a_katex_marker_turns_math_on_for_the_tex_around_it(
    hugo: Callable[..., Imported],
) -> None:
    """Blowfish's and Congo's katex is a marker loading KaTeX; Goldmark needed the
    backslash of \\( doubled, sitegen reads it as written."""
    body = (
        "Intro.\n{{< katex >}}\nThe rate \\\\(a^2\\\\) grows, `\\\\(code\\\\)` stays.\n\n"
        "$$\ne^{i\\pi} + 1 = 0\n$$"
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        "Intro.\nThe rate \\(a^2\\) grows, `\\\\(code\\\\)` stays.\n\n$$\ne^{i\\pi} + 1 = 0\n$$"
    )
    assert done.site()["markdown"] == {"math": True}
    assert done.note(":8:") == (
        "content/posts/a.md:8: shortcode 'katex' only switched KaTeX on for the page: left "
        "out; its TeX (\\( … \\), $$ … $$) is set as MathML (markdown.math: true)"
    )
    assert "stands in" not in done.report
    done.build()
    assert done.page("/posts/a/").count("<math") == 2


def test_a_themes_diagram_shortcodes_become_fences_that_keep_their_text(
    hugo: Callable[..., Imported],
) -> None:
    """Congo's and hugo-book's mermaid: as markdown, arrows became dashes."""
    body = (
        "A flow:\n\n{{< mermaid >}}\ngraph LR;\nA[Lemons]-->B[Lemonade];\n{{< /mermaid >}}\n\n"
        "- {{< mermaid >}}\n  sequenceDiagram\n  Alice->>Bob: Hi 'Bob'\n  {{< /mermaid >}}"
    )
    done = one(hugo, body, **{"layouts/shortcodes/mermaid.html": "<div>{{ .Inner }}</div>"})
    assert done.body("content/posts/a.md") == (
        "A flow:\n\n```mermaid\ngraph LR;\nA[Lemons]-->B[Lemonade];\n```\n\n"
        "- ```mermaid\n  sequenceDiagram\n  Alice->>Bob: Hi 'Bob'\n  ```"
    )
    assert "shortcode 'mermaid' became a code block in mermaid" in done.report
    assert not (done.dest / "layouts/shortcodes/mermaid.html").exists()
    done.build()
    page = done.page("/posts/a/")
    assert "A[Lemons]-->B[Lemonade];" in page
    assert "Alice->>Bob: Hi 'Bob'" in page


def test_a_themes_picture_shortcode_becomes_a_figure(hugo: Callable[..., Imported]) -> None:
    """Tramamte's zimg: a stand-in would show nothing, and the picture was lost."""
    body = (
        '{{< zimg src="/img/a.jpg" title="The quay" caption="Grain at dawn." >}}\n\n'
        '{{< img name="x" >}}'
    )
    done = one(
        hugo,
        body,
        **{"static/img/a.jpg": JPG, "layouts/shortcodes/zimg.html": "<img src={{ .Get `src` }}>"},
    )
    assert done.body("content/posts/a.md").startswith(
        '{{< figure src="/img/a.jpg" alt="The quay" caption="Grain at dawn." />}}'
    )
    assert "shortcode 'zimg' shows a picture: it became a figure" in done.report
    assert not (done.dest / "layouts/shortcodes/zimg.html").exists()
    assert (done.dest / "layouts/shortcodes/img.html").exists()  # no picture named: a stand-in
    done.build()
    page = done.page("/posts/a/")
    assert "<figcaption>Grain at dawn.</figcaption>" in page
    assert 'alt="The quay"' in page


def test_a_picture_named_among_the_page_resources_becomes_a_figure(
    hugo: Callable[..., Imported],
) -> None:
    """A bundle's own img shortcode finds its picture by resource name
    (.Resources.GetMatch, in any case); a toc shortcode printed the contents."""
    front = (
        FRONT + "\nresources:\n  - name: head\n    src: head.jpg\n    title: The quay at dawn\n"
        "  - name: gallery-:counter\n    src: 'shots/*.jpg'\n"
    )
    body = (
        "Intro.\n\n{{< img name=head lazy=false size=small >}}\n\n{{< toc >}}\n\n"
        "## One\n\n{{< img name=Head description=false >}}\n\n{{< img name=gallery-1 >}}"
    )
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG,
            "content/posts/trip/index.md": post(front, body),
            "content/posts/trip/head.jpg": JPG,
        }
    )
    assert done.result.code == 0, done.result.err
    assert done.body("content/posts/trip/index.md") == (
        "Intro.\n\n"
        '{{< figure src="head.jpg" alt="The quay at dawn" caption="The quay at dawn" />}}\n\n\n'
        "## One\n\n"
        '{{< figure src="head.jpg" alt="The quay at dawn" />}}\n\n'
        '{{< img name="gallery-1" />}}'
    )
    assert "shortcode 'img' shows a picture: it became a figure" in done.report
    assert done.note("shortcode 'toc'").endswith(
        "shortcode 'toc' drew the page's table of contents: left out, as sitegen shows its "
        "own from three ## sections (toc: false hides it)"
    )
    done.build()
    page = done.page("/posts/trip/")
    assert "<figcaption>The quay at dawn</figcaption>" in page


def test_a_themes_code_shortcode_becomes_a_fence(hugo: Callable[..., Imported]) -> None:
    """Istio's {{< text yaml >}}: as markdown, the YAML lost its indentation."""
    body = "{{< text yaml >}}\napiVersion: v1\nspec:\n  hosts:\n  - a.example\n{{< /text >}}"
    done = one(hugo, body, **{"layouts/shortcodes/text.html": "<pre>{{ .Inner }}</pre>"})
    assert done.body("content/posts/a.md") == (
        "```yaml\napiVersion: v1\nspec:\n  hosts:\n  - a.example\n```"
    )
    assert "shortcode 'text' became a code block in yaml" in done.report
    done.build()


def test_a_themes_remark_boxes_become_callouts(hugo: Callable[..., Imported]) -> None:
    """Docsy's alert, Relearn's notice, hugo-book's hint: sitegen's callout."""
    body = (
        '{{% alert title="Mind the gap" color="warning" %}}\nStand **back**.\n{{% /alert %}}\n\n'
        "{{% notice tip %}}\nUse tabs.\n{{% /notice %}}\n\n"
        "{{< hint info >}}\nPlain note.\n{{< /hint >}}"
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '{{% callout type="warning" title="Mind the gap" %}}\nStand **back**.\n'
        "{{% /callout %}}\n\n"
        '{{% callout type="pro-tip" %}}\nUse tabs.\n{{% /callout %}}\n\n'
        '{{< callout type="note" >}}\nPlain note.\n{{< /callout >}}'
    )
    assert "shortcode 'alert' became sitegen's callout (warning)" in done.report
    done.build()
    page = done.page("/posts/a/")
    assert "callout--warning" in page and "callout--pro-tip" in page and "callout--note" in page
    assert "Mind the gap" in page and "<strong>back</strong>" in page


def test_hextras_details_title_is_the_summary_and_it_is_open_unless_closed(
    hugo: Callable[..., Imported],
) -> None:
    """Hextra's details: title is its heading (Hugo's is a tooltip), open by default."""
    body = (
        '{{% details title="Reveal" closed="true" %}}\nHidden.\n{{% /details %}}\n\n'
        '{{% details title="Shown" %}}\nOpen.\n{{% /details %}}\n\n'
        '{{< details summary="Hugo\'s" title="tip" >}}\nHugo.\n{{< /details >}}'
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '{{% details summary="Reveal" %}}\nHidden.\n{{% /details %}}\n\n'
        '{{% details summary="Shown" open="true" %}}\nOpen.\n{{% /details %}}\n\n'
        '{{< details summary="Hugo\'s" title="tip" >}}\nHugo.\n{{< /details >}}'
    )
    assert done.note(":7:") == (
        "content/posts/a.md:7: shortcode 'details' is Hextra's: its title is the summary, "
        'and it is open unless closed="true", as Hextra showed it'
    )
    done.build()
    page = done.page("/posts/a/")
    assert "<details><summary>Reveal</summary>" in page
    assert "<details open><summary>Shown</summary>" in page


def test_shortcodes_inside_a_remark_box_are_converted_too(
    hugo: Callable[..., Imported],
) -> None:
    """They were left as written: a theme's one had no stand-in and the build
    stopped at an unknown shortcode."""
    body = (
        "{{< alert >}}\nIn {{< param mood >}} {{< bar >}}.\n{{< /alert >}}\n\n"
        '{{< quote author="A" >}}\nSee {{< foo >}}.\n{{< /quote >}}'
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '{{< callout type="warning" >}}\nIn calm {{< bar />}}.\n{{< /callout >}}\n\n'
        '{{< quote author="A" >}}\nSee {{< foo />}}.\n{{< /quote >}}'
    )
    assert "layouts/shortcodes/bar.html stands in" in done.report
    done.build()


def test_an_alerts_icon_gives_the_callouts_kind(hugo: Callable[..., Imported]) -> None:
    """Blowfish's and Congo's alert has no kind: its icon says what it is."""
    body = (
        '{{< alert icon="circle-info" cardColor="#b3e0f2" >}}\nInfo.\n{{< /alert >}}\n\n'
        '{{< alert icon="lightbulb" >}}\nTip.\n{{< /alert >}}\n\n'
        '{{< alert "twitter" >}}\nFollow.\n{{< /alert >}}\n\n'
        "{{< alert >}}\nCareful.\n{{< /alert >}}\n\n"
        "{{< warning >}}\nStill a warning.\n{{< /warning >}}"
    )
    done = one(hugo, body)
    kinds = [line for line in done.body("content/posts/a.md").splitlines() if "type=" in line]
    assert kinds == [
        '{{< callout type="note" >}}',
        '{{< callout type="pro-tip" >}}',
        '{{< callout type="note" >}}',
        '{{< callout type="warning" >}}',
        '{{< callout type="warning" >}}',
    ]
    done.build()


def test_a_remark_boxs_positional_title_is_kept(hugo: Callable[..., Imported]) -> None:
    """LoveIt's admonition takes type, title and open by position, as by name."""
    body = (
        '{{< admonition tip "This is a tip" false >}}\nA **tip**.\n{{< /admonition >}}\n\n'
        '{{< admonition type=warning title="BTW," open=true >}}\nNamed.\n{{< /admonition >}}'
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '{{< callout type="pro-tip" title="This is a tip" >}}\nA **tip**.\n{{< /callout >}}\n\n'
        '{{< callout type="warning" title="BTW," >}}\nNamed.\n{{< /callout >}}'
    )
    assert done.note(":7:") == (
        "content/posts/a.md:7: shortcode 'admonition' became sitegen's callout (pro-tip), "
        "shown open: sitegen's callout does not fold"
    )
    done.build()
    assert "</svg>This is a tip<" in done.page("/posts/a/")


def test_a_figure_naming_a_page_resource_shows_its_file(hugo: Callable[..., Imported]) -> None:
    """Hugo's figure looks a page resource up by its name (bbaovanc.com's posts)."""
    front = "title: A\ndate: 2024-05-01\nresources:\n  - name: browse\n    src: caddy-browse.jpg"
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG,
            "content/posts/a/index.md": post(front, '{{< figure src="browse" alt="A listing" >}}'),
            "content/posts/a/caddy-browse.jpg": JPG,
        }
    )
    assert 'src="caddy-browse.jpg"' in done.body("content/posts/a/index.md")
    done.build()
    assert 'alt="A listing"' in done.page("/posts/a/")
    checked = run_sitegen("check", str(done.dest))
    assert checked.code == 0, checked.err


def test_themes_folding_boxes_and_tabs_keep_their_titles(hugo: Callable[..., Imported]) -> None:
    """Wowchemy's spoiler, Relearn's and hugo-book's expand, and the tabs of Docsy,
    Relearn, hugo-book and Hextra: a stand-in showed only the inner text, so the
    heading was lost, and with tabs which text was for which system."""
    body = (
        '{{< spoiler text="Show the answer" >}}\nForty-two.\n{{< /spoiler >}}\n\n'
        '{{< expand "More" >}}\nHidden text.\n{{< /expand >}}\n\n'
        '{{< tabs >}}\n{{< tab "macOS" >}}\nUse brew.\n{{< /tab >}}\n'
        '{{< tab header="Linux" >}}\nUse apt.\n{{< /tab >}}\n{{< /tabs >}}\n\n'
        '{{< tabs items="JSON,YAML" >}}\n{{< tab >}}\n`{}`\n{{< /tab >}}\n'
        "{{< tab >}}\n`---`\n{{< /tab >}}\n{{< /tabs >}}"
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '{{< details summary="Show the answer" >}}\nForty-two.\n{{< /details >}}\n\n'
        '{{< details summary="More" >}}\nHidden text.\n{{< /details >}}\n\n'
        '\n{{< details summary="macOS" open="true" >}}\nUse brew.\n{{< /details >}}\n'
        '{{< details summary="Linux" open="true" >}}\nUse apt.\n{{< /details >}}\n\n\n'
        '\n{{< details summary="JSON" open="true" >}}\n`{}`\n{{< /details >}}\n'
        '{{< details summary="YAML" open="true" >}}\n`---`\n{{< /details >}}'
    )
    assert "stands in" not in done.report and "by position" not in done.report
    assert "a.md:15: shortcode 'tabs' left out: each of its tabs is an open details" in (
        done.report
    )
    done.build()
    page = done.page("/posts/a/")
    assert "<details><summary>Show the answer</summary>" in page
    assert "<details open><summary>Linux</summary>" in page
    assert "<details open><summary>YAML</summary>" in page


def test_an_echarts_options_block_stays_as_written(hugo: Callable[..., Imported]) -> None:
    """LoveIt's, FixIt's and DoIt's echarts hold the chart's options (JSON): as
    markdown, a stand-in curled their quotes into a paragraph of prose."""
    body = '{{< echarts >}}\n{"title": {"text": "Sales"}}\n{{< /echarts >}}'
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == '```echarts\n{"title": {"text": "Sales"}}\n```'
    assert "shortcode 'echarts' became a code block in echarts" in done.report
    done.build()
    assert "{&quot;title&quot;" in done.page("/posts/a/") or '{"title"' in done.page("/posts/a/")


def test_a_docsy_tab_in_a_language_is_its_code(hugo: Callable[..., Imported]) -> None:
    """Docsy's tabpane shows a tab with ``lang`` (its own or the pane's) as code in
    that language: as markdown in a details, the code's lines ran together."""
    body = (
        '{{< tabpane lang="bash" >}}\n{{< tab header="Go" lang="go" >}}\nfunc main() {\n'
        '\tfmt.Println(1)\n}\n{{< /tab >}}\n{{< tab header="Shell" >}}\necho 1\n{{< /tab >}}\n'
        '{{< tab header="Notes" text=true >}}\n**Bold** words.\n{{< /tab >}}\n{{< /tabpane >}}'
    )
    done = one(hugo, body)
    assert done.body("content/posts/a.md") == (
        '\n{{< details summary="Go" open="true" >}}\n```go\nfunc main() {\n\tfmt.Println(1)\n}\n'
        '```\n{{< /details >}}\n{{< details summary="Shell" open="true" >}}\n```bash\necho 1\n'
        '```\n{{< /details >}}\n{{< details summary="Notes" open="true" >}}\n**Bold** words.\n'
        "{{< /details >}}"
    ).strip("\n")
    done.build()
    assert "language-go" in done.page("/posts/a/")
