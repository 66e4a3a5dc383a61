"""Formulas: TeX between dollars, set as MathML when ``markdown.math`` is on,
money left alone, a formula that cannot be read shown as typed with a warning."""

from __future__ import annotations

from pathlib import Path

from sitegen.config import MarkdownConfig
from sitegen.errors import Problems
from sitegen.markdown import ShortcodeRegistry, make_markdown, render_article
from sitegen.markdown.document import keep_link
from sitegen.model import RenderedArticle
from tests.conftest import run_sitegen
from tests.markdown.conftest import article, jinja_renderer, site_templates


def rendered(registry: ShortcodeRegistry, body: str, math: bool = True) -> RenderedArticle:
    md = make_markdown(MarkdownConfig(math=math), registry)
    problems = Problems()
    result = render_article(
        article(body), md, jinja_renderer(site_templates()), keep_link, problems
    )
    assert not problems and result is not None
    return result


def test_inline_and_display_formulas_are_mathml(registry: ShortcodeRegistry) -> None:
    html = rendered(registry, "The area is $x_i^2 * y_j$ here.\n\n$$\n\\frac{1}{3}\n$$\n").html
    assert html.startswith('<p>The area is <math xmlns="http://www.w3.org/1998/Math/MathML"')
    assert "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>" in html
    assert "<em>" not in html  # the underscores and the star are TeX, not emphasis
    assert '<div class="math-block" tabindex="0"><math' in html
    assert 'display="block"><mrow><mfrac>' in html


def test_a_summary_keeps_the_formulas_of_its_sentence(registry: ShortcodeRegistry) -> None:
    """The description said "Growth is when holds." before."""
    result = rendered(registry, "Growth is $g = r - d$ when $r > d$ holds.\n")
    assert result.summary == "Growth is g = r - d when r > d holds."
    assert result.word_count == 12


def test_money_is_not_math(registry: ShortcodeRegistry) -> None:
    html = rendered(registry, "It costs $5, or $ 10 with tax, and $20.\n").html
    assert html == "<p>It costs $5, or $ 10 with tax, and $20.</p>\n"


def test_a_numbered_formula_carries_its_number(registry: ShortcodeRegistry) -> None:
    html = rendered(registry, "$$\nE = mc^2\n$$ (1)\n").html
    assert html.startswith('<div class="math-block" id="eq-1" tabindex="0"><math')
    assert html.endswith('<span class="math-label">(1)</span></div>\n')


def test_mathjax_labels_and_tags_number_the_formula_they_are_in(
    registry: ShortcodeRegistry,
) -> None:
    """A labelled equation was shown as typed: latex2mathml knows no ``\\label``."""
    result = rendered(
        registry, "$$\nE = mc^2 \\label{eq:energy} \\tag{2}\n$$\n\nSee $a \\nonumber$.\n"
    )
    assert result.warnings == ()
    assert result.html.startswith('<div class="math-block" id="eq-2" tabindex="0"><math')
    assert '<span class="math-label">(2)</span></div>' in result.html
    assert "eq:energy" not in result.html and "nonumber" not in result.html


def test_tex_that_cannot_be_read_is_shown_as_typed_with_a_warning(
    registry: ShortcodeRegistry,
) -> None:
    result = rendered(registry, "Intro.\n\nSee $\\frac{1}{$ and $\\nosuch{x}$.\n")
    assert '<code class="math">\\frac{1}{</code>' in result.html
    assert '<code class="math">\\nosuch{x}</code>' in result.html
    warnings = [str(w) for w in result.article.warnings] + [str(w) for w in result.warnings]
    assert any(":3: warning: math '\\frac{1}{' cannot be read" in w for w in warnings), warnings
    assert any("\\nosuch is no command it knows" in w for w in warnings), warnings


def test_math_is_off_by_default(registry: ShortcodeRegistry) -> None:
    html = rendered(registry, "Prices: $a_b$ and $c_d$.\n", math=False).html
    assert "<math" not in html


def test_a_site_with_math_builds(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "2024-01-01-a.md").write_text(
        "---\ntitle: A\ndate: 2024-01-01\n---\nGrowth is $g = r - d$.\n"
    )
    config = "title: T\nbase_url: https://example.org/\nmarkdown:\n  math: "
    (tmp_path / "site.yaml").write_text(config + "true\n")
    built = run_sitegen("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert built.code == 0, built.err
    assert "<math" in (tmp_path / "out/articles/a/index.html").read_text()


def test_empty_elements_are_closed_so_minified_pages_stay_valid(
    registry: ShortcodeRegistry,
) -> None:
    """minify-html drops the slash of <mspace/>, which leaves a MathML element open
    around the rest of the page (the Nu checker's complaint, before)."""
    html = rendered(registry, "$a \\quad b$\n").html
    assert '<mspace width="1em"></mspace>' in html
    assert "/>" not in html


def test_mathjax_brackets_are_math_too(registry: ShortcodeRegistry) -> None:
    html = rendered(registry, "Inline \\(a_b\\) here.\n\n\\[\nx^2\n\\]\n").html
    assert html.startswith("<p>Inline <math")
    assert "<msub><mi>a</mi><mi>b</mi></msub>" in html
    assert '<div class="math-block" tabindex="0"><math' in html
