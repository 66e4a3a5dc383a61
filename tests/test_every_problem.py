"""One run reports every problem of every file, each cause once (SPEC §2).

A migration used to need one run per stage: front matter first, then
shortcodes, then templates, then links. Files with problems are left out and
the other stages go on, so all of them come out of one ``build`` or ``check``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run, article, run_sitegen

SiteMaker = Callable[[dict[str, str | bytes]], Path]

KICKER_TEMPLATE = """\
{% extends "base.html" %}
{% block content %}
<h1>{{ page.title }}</h1>
{% if page.params.kicker is defined %}{{ page.params.kicker.text }}{% endif %}
{{ page.content }}
{% endblock %}
"""


def broken_in_every_stage(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/no-title.md": "---\ndate: 2025-01-01\n---\nNo title.\n",
            "content/typo.md": article(
                "Typo", body='{{< calout type="note" >}}\nHi\n{{< /calout >}}'
            ),
            "content/kicker.md": article("Kicker", kicker="true"),
            "content/links.md": article(
                "Links",
                body="See [nowhere](/nowhere/) and [the broken one](no-title.md).",
                related="[no-title]",
            ),
            "layouts/article.html": KICKER_TEMPLATE,
        }
    )


FRONT_MATTER = "content/no-title.md:1: missing required key 'title'"
SHORTCODE = "content/typo.md:6: unknown shortcode 'calout' (did you mean 'callout'?)"
TEMPLATE = "layouts/article.html:4: 'bool object' has no attribute 'text'"
LINK = "content/links.md:7: link to /nowhere/ does not match any page"


def test_build_reports_front_matter_shortcode_and_template_problems_at_once(
    make_site: SiteMaker, build_site: Callable[..., Run]
) -> None:
    site = broken_in_every_stage(make_site)
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [FRONT_MATTER, SHORTCODE, TEMPLATE]
    assert not (site / "output").exists()


def test_check_adds_the_links_in_the_same_run(make_site: SiteMaker) -> None:
    site = broken_in_every_stage(make_site)
    result = run_sitegen("check", str(site))
    assert result.code == 1
    assert [e for e in result.errors if ":" in e.split(" ")[0]] == [
        LINK,
        FRONT_MATTER,
        SHORTCODE,
        TEMPLATE,
    ]


def test_a_broken_article_is_not_reported_again_by_those_naming_it(
    make_site: SiteMaker,
) -> None:
    """The pin and the link to no-title.md fail because no-title.md does: one cause."""
    site = broken_in_every_stage(make_site)
    errors = run_sitegen("check", str(site)).errors
    assert not any("no-title" in e for e in errors if not e.startswith("content/no-title.md"))
