"""The default theme as a browser lays it out: measure, menu, grids, quotes, print.

What only layout can tell: characters per line, a menu on one row, a reading
time that never wraps, even grids, one frame per pull quote, callouts of one
family, heading anchors on touch screens, and the print stylesheet's full
link addresses. Runs Debian's Chromium through Playwright (slow).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Run, article, serve_directory

pytestmark = pytest.mark.slow

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]

SECTIONS = ["Economy", "World", "Politics", "Climate", "Health", "Technology", "Culture", "Sport"]

PARAGRAPH = (
    "Grain exporters have sent a growing share of their cargoes around the cape this"
    " summer, and every detour adds days to a voyage, fuel to its bill and risk to the"
    " price of bread in the countries that buy the grain. Rail carries a little more"
    " each month, but the track gauge changes at the border and the wagons are few."
)

CALLOUTS = "\n\n".join(
    f'{{{{< callout type="{kind}" >}}}}\nA box of type {kind}.\n{{{{< /callout >}}}}'
    for kind in ("did-you-know", "pro-tip", "note", "warning", "explore-further")
)

BODY = f"""
{PARAGRAPH}

{PARAGRAPH}

## Background

{PARAGRAPH} See [the other piece](/articles/a1/) and [a report](https://example.org/r).

{{{{< figquote cite="A minister" >}}}}
A quote in a figure.
{{{{< /figquote >}}}}

{{{{< blockquote-pull >}}}}
A quote in a blockquote with the class.
{{{{< /blockquote-pull >}}}}

{{{{< quote >}}}}
A bare quote.
{{{{< /quote >}}}}

{CALLOUTS}

| Country | Share |
|:--|--:|
| France | 12.5 |

<table>
<tr><th align="left">Country</th><th align="RIGHT">Share</th><th align="center">Rank</th></tr>
<tr align="right"><td>Germany</td><td>7.25</td><td>2</td></tr>
</table>

{PARAGRAPH}
"""

SHORTCODES = {
    "layouts/shortcodes/figquote.html": (
        "{#- shortcode\nargs:\n  cite: {}\ninner: required\n-#}\n"
        '<figure class="pullquote"><blockquote>{{ inner }}</blockquote>'
        "<figcaption>{{ args.cite }}</figcaption></figure>"
    ),
    "layouts/shortcodes/blockquote-pull.html": (
        "{#- shortcode\ninner: required\n-#}\n"
        '<blockquote class="pullquote">{{ inner }}</blockquote>'
    ),
    "layouts/shortcodes/quote.html": (
        '{#- shortcode\ninner: required\n-#}\n<blockquote class="quote">{{ inner }}</blockquote>'
    ),
}

CHART = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
    b'<rect width="400" height="300" fill="#ccc"/><rect x="10" y="10" width="380" height="280"'
    b' fill="none" stroke="#000" stroke-width="8"/></svg>'
)


def files() -> dict[str, str | bytes]:
    result: dict[str, str | bytes] = {
        "site.yaml": "title: The Desk\nrelated: {count: 5}\n",
        "content/lead/index.md": article(
            "The lead story with a chart",
            "2025-09-01T08:00:00",
            BODY,
            section="Economy",
            tags="[grain]",
            image="chart.svg",
            image_alt="'A chart'",
        ),
        "content/lead/chart.svg": CHART,
        **SHORTCODES,
    }
    for i, section in enumerate(SECTIONS):
        result[f"content/a{i}.md"] = article(
            f"Story {i}", f"2025-08-{i + 1:02d}", "Short text.", section=section, tags="[grain]"
        )
    return result


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def served(make_site: SiteMaker, build_site: Callable[..., Run], tmp_path: Path) -> Iterator[str]:
    site = make_site(files())
    run = build_site(site, "-o", str(tmp_path / "www"))
    assert run.code == 0, run.err
    with serve_directory(tmp_path / "www") as base:
        yield base


def open_page(browser: Any, url: str, width: int = 1366, **options: Any) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, reduced_motion="reduce", **options
    )
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


CHARACTERS_PER_LINE = """() => {
  const counts = [];
  for (const p of document.querySelectorAll('.article__body > p')) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) {
          const top = Math.round(rect.top / 4);
          lines.set(top, (lines.get(top) || 0) + 1);
        }
      }
    }
    const sorted = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
    counts.push(...sorted.slice(0, -1));
  }
  return counts;
}"""


def test_article_lines_hold_60_to_75_characters_on_a_desktop(browser: Any, served: str) -> None:
    page = open_page(browser, served + "articles/lead/")
    counts = page.evaluate(CHARACTERS_PER_LINE)
    assert len(counts) >= 8
    assert 60 <= sum(counts) / len(counts) <= 75, counts


def test_the_phone_menu_is_one_row_that_scrolls_sideways(browser: Any, served: str) -> None:
    page = open_page(browser, served + "sections/culture/", width=390)
    nav = page.evaluate(
        """() => {
          const list = document.querySelector('.site-nav__list');
          const tops = new Set([...list.querySelectorAll('a')].map(a => a.offsetTop));
          return {rows: tops.size, scrolls: list.scrollWidth > list.clientWidth,
                  height: document.querySelector('.site-header').offsetHeight,
                  current: document.querySelector('.site-nav a[aria-current]').textContent};
        }"""
    )
    assert nav["rows"] == 1
    assert nav["scrolls"] is True
    assert nav["height"] < 140  # the whole masthead: name and one row of sections
    assert nav["current"] == "Culture"


def test_reading_times_never_wrap_on_a_phone(browser: Any, served: str) -> None:
    for path in ("", "articles/lead/", "tags/grain/"):
        page = open_page(browser, served + path, width=390)
        lines = page.evaluate(
            """() => [...document.querySelectorAll('.byline__reading, .card__reading')]
                  .map(e => new Set([...e.getClientRects()].map(r => Math.round(r.top))).size)"""
        )
        assert lines and set(lines) == {1}, path


def test_cards_fill_every_row_of_a_grid(browser: Any, served: str) -> None:
    for width in (1366, 800):
        page = open_page(browser, served + "articles/lead/", width=width)
        rows = page.evaluate(
            """() => {
              const grid = document.querySelector('.related .card-grid');
              const box = grid.getBoundingClientRect();
              const rows = new Map();
              for (const li of grid.children) {
                const r = li.getBoundingClientRect();
                const row = rows.get(Math.round(r.top)) || {left: r.left, right: r.right};
                row.left = Math.min(row.left, r.left);
                row.right = Math.max(row.right, r.right);
                rows.set(Math.round(r.top), row);
              }
              return [...rows.values()].map(r => [r.left - box.left, box.right - r.right]);
            }"""
        )
        assert len(page.query_selector_all(".related .card-grid > li")) == 5
        assert all(abs(left) < 2 and abs(right) < 2 for left, right in rows), (width, rows)


def test_the_lead_card_shows_its_chart_whole(browser: Any, served: str) -> None:
    page = open_page(browser, served)
    image = page.evaluate(
        """() => {
          const img = document.querySelector('.card--lead img');
          return {fit: getComputedStyle(img).objectFit, ratio: img.width / img.height};
        }"""
    )
    assert image["fit"] != "cover"
    assert abs(image["ratio"] - 400 / 300) < 0.02


def test_each_pull_quote_has_one_frame(browser: Any, served: str) -> None:
    page = open_page(browser, served + "articles/lead/")
    frames = page.evaluate(
        """() => [...document.querySelectorAll('.prose .pullquote, .prose .quote')].map(q => {
          const inner = q.querySelector('blockquote') || q;
          const outer = getComputedStyle(q), quote = getComputedStyle(inner);
          return {top: parseFloat(outer.borderTopWidth),
                  left: parseFloat(outer.borderLeftWidth) + parseFloat(quote.borderLeftWidth)};
        })"""
    )
    assert len(frames) == 3
    assert all(frame["top"] > 0 and frame["left"] == 0 for frame in frames), frames


def test_callouts_are_one_family_in_body_size_text(browser: Any, served: str) -> None:
    page = open_page(browser, served + "articles/lead/")
    looks = page.evaluate(
        """() => [...document.querySelectorAll('.callout')].map(c => {
          const style = getComputedStyle(c);
          const text = getComputedStyle(c.querySelector('.callout__body p')).fontSize;
          return [style.backgroundColor, style.borderTopColor, style.borderLeftWidth, text];
        })"""
    )
    body = page.evaluate(
        "() => getComputedStyle(document.querySelector('.article__body > p')).fontSize"
    )
    assert len(looks) == 5
    assert len({tuple(look[:3]) for look in looks}) == 1  # one family
    assert {look[3] for look in looks} == {body}


def test_heading_anchors_stay_hidden_on_a_touch_screen_until_focused(
    browser: Any, served: str
) -> None:
    page = open_page(browser, served + "articles/lead/", width=390, has_touch=True, is_mobile=True)
    assert page.evaluate("() => matchMedia('(hover: none)').matches")
    anchor = page.locator(".heading-anchor").first
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "0"
    assert anchor.evaluate("a => getComputedStyle(a).pointerEvents") == "none"
    anchor.focus()
    assert anchor.evaluate("a => getComputedStyle(a).opacity") == "1"


def test_print_shows_full_link_addresses_and_the_article_address(browser: Any, served: str) -> None:
    page = open_page(browser, served + "articles/lead/")
    page.emulate_media(media="print")
    printed = page.evaluate(
        """() => {
          const after = a => getComputedStyle(a, '::after').content;
          return {
            internal: after(document.querySelector('.prose a[href^="/articles/"]')),
            external: after(document.querySelector('.prose a[href^="https:"]')),
            address: getComputedStyle(document.querySelector('.article__address')).display,
            nav: getComputedStyle(document.querySelector('.site-nav')).display,
          };
        }"""
    )
    # The site's own origin (base_url), whichever host serves the copy printed.
    assert printed["internal"] == '" (http://localhost:8000/articles/a1/)"'
    assert printed["external"] == '" (https://example.org/r)"'
    assert printed["address"] == "block"
    assert printed["nav"] == "none"


MARKS = """() => {
  const separator = document.querySelector('.breadcrumbs__list li + li');
  const more = document.querySelector('.section-block__more');
  return {
    separator: separator ? getComputedStyle(separator, '::before').content : null,
    more: more ? getComputedStyle(more).transform : null,
  };
}"""


@pytest.mark.parametrize(
    ("language", "separator", "more"),
    [("he", '"\u2039"', "matrix(-1, 0, 0, 1, 0, 0)"), ("en", '"\u203a"', "none")],
)
def test_the_trail_and_more_marks_point_the_way_the_page_reads(
    browser: Any,
    make_site: SiteMaker,
    build_site: Callable[..., Run],
    tmp_path: Path,
    language: str,
    separator: str,
    more: str,
) -> None:
    """Right to left, the trail's mark between Home and a section would point back
    at Home, and a section's "more" mark away from its stories: both are turned
    to face the way Hebrew reads; left to right they stay as they are."""
    site = make_site(
        {
            "site.yaml": f"title: The Desk\nlanguage: {language}\n",
            **{
                f"content/a{i}.md": article(
                    f"Story {i}", f"2025-08-0{i + 1}", "Short text.", section="Economy"
                )
                for i in range(3)
            },
        }
    )
    assert build_site(site, "-o", str(tmp_path / "www")).code == 0
    with serve_directory(tmp_path / "www") as base:
        home = open_page(browser, base + "/")
        assert home.evaluate(MARKS)["more"] == more
        story = open_page(browser, base + "/articles/a0/")
        assert story.evaluate(MARKS)["separator"] == separator


def test_table_columns_keep_the_alignment_they_were_written_with(browser: Any, served: str) -> None:
    """A markdown table's alignment row, and an HTML table's align attributes on
    its cells or rows (WordPress and Pandoc write them), set the columns'
    alignment: the theme's own rule for table cells does not flatten them."""
    page = open_page(browser, served + "articles/lead/")
    aligned = page.evaluate(
        """() => [...document.querySelectorAll('.prose table')].map(table =>
          [...table.querySelectorAll('tr')].map(row =>
            [...row.children].map(cell => getComputedStyle(cell).textAlign)))"""
    )
    assert aligned == [
        [["left", "right"], ["left", "right"]],
        [["left", "right", "center"], ["right", "right", "right"]],
    ]
