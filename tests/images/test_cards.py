"""Social cards: a 1200 x 630 PNG for every article without an image, from a template
a site can replace."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from PIL import Image

from sitegen.images.cards import CardPainter, CardWords
from sitegen.images.store import ImageStore
from sitegen.images.template import load_card_template
from tests.conftest import REPO, Run, article
from tests.images.pictures import output_file, page, photo

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]
Builder = Callable[..., Run]

SITE = """
title: The Desk
base_url: https://news.example.org/
default_image: {src: /static/logo.svg, alt: The Desk}
"""
THEME = REPO / "sitegen" / "theme"


def meta(doc: object, key: str) -> list[str]:
    found = doc.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content')  # type: ignore[attr-defined]
    return [str(value) for value in found]


def card_of(out: Path, slug: str) -> Path:
    doc = page(out / f"articles/{slug}/index.html")
    (url,) = meta(doc, "og:image")
    return output_file(out, url.removeprefix("https://news.example.org"))


def test_an_article_without_an_image_shares_a_card_of_its_own(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "site.yaml": SITE,
        "content/a.md": article("Ports reroute grain", section="Trade"),
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files)
    assert build_site(site).code == 0
    doc = page(site / "output/articles/a/index.html")

    (url,) = meta(doc, "og:image")
    assert url.startswith("https://news.example.org/static/img/a-card-") and url.endswith(".png")
    assert meta(doc, "twitter:image") == [url]
    assert meta(doc, "twitter:card") == ["summary_large_image"]
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == (["1200"], ["630"])
    assert meta(doc, "og:image:alt") == ["Ports reroute grain"]
    with Image.open(card_of(site / "output", "a")) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        assert card.convert("RGB").getpixel((600, 5)) == (0xB3, 0x26, 0x1E)  # the accent rule


@pytest.mark.parametrize("name", ["tz", "p", "zz"])
def test_a_short_site_name_sharing_rows_with_another_box_still_draws(
    make_site: SiteMaker, build_site: Builder, name: str
) -> None:
    """Two boxes inked in the same rows were ordered by comparing the boxes: a crash."""
    files = {
        "site.yaml": f"title: {name}\nbase_url: https://news.example.org/\n",
        "content/a.md": article("Ports reroute grain", section="Trade"),
    }
    site = make_site(files)
    result = build_site(site)
    assert result.code == 0, result.err
    with Image.open(card_of(site / "output", "a")) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))


def test_an_article_with_an_image_gets_no_card_and_a_site_may_turn_cards_off(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "site.yaml": SITE + "social_cards: false\n",
        "content/a/index.md": article("A", image="p.jpg", image_alt="A photo"),
        "content/a/p.jpg": photo(800, 400),
        "content/b.md": article("B"),
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files)
    assert build_site(site).code == 0
    out = site / "output"

    assert meta(page(out / "articles/a/index.html"), "og:image") == [
        "https://news.example.org/static/img/p-" + card_of(out, "a").name.split("-", 1)[1]
    ]
    assert meta(page(out / "articles/b/index.html"), "og:image") == [
        "https://news.example.org/static/logo.svg"
    ]
    assert not any("-card-" in p.name for p in (out / "static/img").iterdir())


def test_an_svg_lead_image_is_shown_but_the_card_is_shared(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "site.yaml": SITE,
        "content/a/index.md": article("A", image="chart.svg", image_alt="A chart"),
        "content/a/chart.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files)
    assert build_site(site).code == 0
    doc = page(site / "output/articles/a/index.html")

    assert doc.xpath("//figure//img/@src") == ["/a/chart.svg"]
    assert "-card-" in meta(doc, "og:image")[0]


def test_a_site_replaces_the_card_template(make_site: SiteMaker, build_site: Builder) -> None:
    template = (THEME / "layouts/social-card.yaml").read_text()
    own = template.replace('background: "#fbfaf7"', 'background: "#102030"')
    files = {"site.yaml": SITE, "content/a.md": article("A"), "layouts/social-card.yaml": own}
    site = make_site(files)
    assert build_site(site).code == 0

    with Image.open(card_of(site / "output", "a")) as card:
        assert card.convert("RGB").getpixel((1190, 300)) == (0x10, 0x20, 0x30)


def test_a_title_no_font_can_draw_gets_no_card_and_a_warning_that_says_what_to_do(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "site.yaml": SITE,
        "content/a.md": article("東京の選挙"),
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0
    assert run.errors == [
        "content/a.md:2: warning: the social card's fonts have no glyph for 東 京 の 選 挙, so "
        "this article gets no card; copy the theme's social-card.yaml into layouts/ and add a "
        "font that has them to its 'fallbacks'; for Chinese, Japanese or Korean, a Noto Serif "
        "CJK or Noto Sans CJK font (SC, TC, JP or KR) from fonts.google.com or your system's "
        'fonts, saved in layouts/fonts/ (README: "Social cards in other scripts")'
    ]
    doc = page(site / "output/articles/a/index.html")
    assert meta(doc, "og:image") == ["https://news.example.org/static/logo.svg"]


def test_cards_are_drawn_once_and_a_new_title_draws_a_new_one(
    make_site: SiteMaker, build_site: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site({"site.yaml": SITE, "content/a.md": article("First title")})
    assert build_site(site).code == 0
    first = card_of(site / "output", "a").name

    def refuse(*args: object) -> None:
        raise AssertionError("a cached card was drawn again")

    monkeypatch.setattr("sitegen.images.cards.CardPainter.paint", refuse)
    (site / "content/a.md").write_text(article("First title", body="Another body."))
    assert build_site(site).code == 0
    assert card_of(site / "output", "a").name == first
    monkeypatch.undo()
    (site / "content/a.md").write_text(article("Second title"))
    assert build_site(site).code == 0
    second = card_of(site / "output", "a")
    assert second.name != first and second.is_file()
    assert not (site / "output/static/img" / first).exists()


def test_the_image_cache_is_pruned_only_once_every_card_is_drawn(
    make_site: SiteMaker, build_site: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards the cache lacks are drawn with the pages, after the image stage;
    the cache is saved, and pruned of cards no article shows any more, only
    then: pruned before, it would delete a card half-written by its worker."""
    site = make_site({"site.yaml": SITE, "content/a.md": article("First title")})
    assert build_site(site).code == 0
    first = card_of(site / "output", "a").name
    events: list[str] = []
    paint, save = CardPainter.paint, ImageStore.save

    def painting(painter: CardPainter, words: CardWords) -> bytes:
        events.append("paint")
        return paint(painter, words)

    def saving(store: ImageStore, prune: bool) -> None:
        events.append(f"save, prune={prune}")
        save(store, prune)

    monkeypatch.setattr(CardPainter, "paint", painting)
    monkeypatch.setattr(ImageStore, "save", saving)
    (site / "content/a.md").write_text(article("Second title"))

    assert build_site(site).code == 0

    assert events == ["paint", "save, prune=True"]
    cached = {p.stem for p in (site / ".sitegen-cache/images/cards").iterdir()}
    assert len(cached) == 1 and card_of(site / "output", "a").name != first


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_card_the_cache_cannot_hold_is_published_all_the_same(
    make_site: SiteMaker, build_site: Builder, jobs: str
) -> None:
    """With two jobs the cards are drawn by worker processes; a card the cache
    refuses comes back to the build and is written from memory."""
    files: dict[str, str | bytes] = {"site.yaml": SITE}
    titles = [f"Harbour report {n}" for n in range(6)]
    files.update({f"content/a{n}.md": article(t) for n, t in enumerate(titles)})
    site = make_site(files)
    (site / ".sitegen-cache/images").mkdir(parents=True)
    (site / ".sitegen-cache/images/cards").write_text("a file where the cards' folder goes")

    run = build_site(site, "--jobs", jobs)

    assert run.code == 0, run.stderr
    for n in range(len(titles)):
        with Image.open(card_of(site / "output", f"a{n}")) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630))
    assert (site / ".sitegen-cache/images/cards").is_file()


# -- the template's own errors ----------------------------------------------------


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            ("width: 1200", "widht: 1200"),
            "layouts/social-card.yaml:11: unknown key 'widht' (did you mean 'width'?)",
        ),
        (
            ('background: "#fbfaf7"', 'background: "beige"'),
            "layouts/social-card.yaml:13: 'background' must be a colour like \"#1b1b1b\", "
            "not 'beige'",
        ),
        (
            ('text: "{title}"', 'text: "{headline}"'),
            "layouts/social-card.yaml:46: unknown placeholder '{headline}'; the placeholders "
            "are {title}, {section}, {site}, {authors}, {date}",
        ),
        (
            ("fonts/Newsreader-Medium.ttf", "fonts/Brand.ttf"),
            "layouts/social-card.yaml:16: file 'fonts/Brand.ttf' not found in the site nor in "
            "the theme",
        ),
        (
            ("    font: headline\n    size: 78", "    font: headlines\n    size: 78"),
            "layouts/social-card.yaml:48: 'texts[1].font' must name one of 'fonts' "
            "(did you mean 'headline'?)",
        ),
    ],
    ids=["unknown-key", "colour", "placeholder", "font-file", "font-name"],
)
def test_a_broken_card_template_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Builder, change: tuple[str, str], error: str
) -> None:
    template = (THEME / "layouts/social-card.yaml").read_text()
    assert change[0] in template
    files = {
        "content/a.md": article("A"),
        "layouts/social-card.yaml": template.replace(*change),
    }
    run = build_site(make_site(files))

    assert run.code == 1
    assert run.errors == [error]


def test_a_file_that_is_not_a_font_is_an_error(make_site: SiteMaker) -> None:
    from sitegen.errors import Problems

    template = (THEME / "layouts/social-card.yaml").read_text()
    site = make_site(
        {
            "layouts/social-card.yaml": template.replace(
                "fonts/Newsreader-Medium.ttf", "layouts/fonts/notes.ttf"
            ),
            "layouts/fonts/notes.ttf": "not a font\n",
        }
    )
    problems = Problems()
    assert load_card_template(site, THEME, problems) is None
    [problem] = list(problems)
    assert (problem.path, problem.line) == ("layouts/social-card.yaml", 16)
    assert problem.message.startswith("'notes.ttf' is not a font file sitegen can read")


def test_the_theme_template_reads_cleanly() -> None:
    from sitegen.errors import Problems

    problems = Problems()
    template = load_card_template(Path("/nonexistent"), THEME, problems)
    assert not problems and template is not None
    assert (template.width, template.height) == (1200, 630)
    assert all(font.is_file() for font in template.fonts.values())


def test_words_over_a_shape_or_a_photograph_are_drawn_in_their_colours(
    make_site: SiteMaker, build_site: Builder
) -> None:
    banner = """
width: 600
height: 300
background: "#ffffff"
background_image: layouts/backdrop.png
fonts: {headline: fonts/Newsreader-SemiBold.ttf}
shapes:
  - box: [0, 150, 600, 150]
    fill: "#000080"
texts:
  - {text: "{title}", box: [20, 120, 560, 120], font: headline, size: 60, color: "#ffff00"}
"""
    flat = banner.replace("background_image: layouts/backdrop.png\n", "").replace(
        "[20, 120, 560, 120]", "[20, 170, 560, 120]"
    )
    for template in (banner, flat):
        files = {
            "site.yaml": SITE,
            "content/a.md": article("IIII"),
            "layouts/social-card.yaml": template,
            "layouts/backdrop.png": photo(300, 150, "PNG"),
        }
        site = make_site(files)
        assert build_site(site).code == 0, template
        with Image.open(card_of(site / "output", "a")) as card:
            colours = card.convert("RGB").getcolors(1 << 16)
            assert card.size == (600, 300)
            assert colours is not None
            yellow = max(colours, key=lambda c: c[1][0] + c[1][1] - c[1][2])[1]
            assert yellow[0] > 200 and yellow[1] > 200 and yellow[2] < 60
            assert card.convert("RGB").getpixel((590, 290)) == (0, 0, 0x80)


def test_fonts_and_pictures_beside_the_templates_are_not_read_as_templates(
    make_site: SiteMaker, build_site: Builder
) -> None:
    font = (THEME / "fonts/Newsreader-Medium.ttf").read_bytes()
    template = (THEME / "layouts/social-card.yaml").read_text()
    files = {
        "site.yaml": SITE,
        "content/a.md": article("A"),
        "layouts/static/logo.png": photo(64, 64, "PNG"),
        "layouts/fonts/Brand.ttf": font,
        "layouts/social-card.yaml": template.replace(
            "fonts/Newsreader-Medium.ttf", "layouts/fonts/Brand.ttf"
        ),
    }
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0, run.err
    assert (site / "output/static/logo.png").read_bytes() == files["layouts/static/logo.png"]


def test_a_card_shows_its_own_words_whatever_the_worker_drew_before() -> None:
    """A worker keeps the parts of cards it compressed (rows without text, a section's
    name over the same date): no card may show another's title."""
    from sitegen.errors import Problems
    from sitegen.images.cards import CardPainter, card_words

    template = load_card_template(Path("/nonexistent"), THEME, Problems())
    assert template is not None
    titles = ("Ports reopen after the strike", "Grain prices fall", "Ports reopen after the strike")
    words = [
        card_words({"title": t, "section": "World", "site": "The Desk", "date": "1 May 2026"})
        for t in titles
    ]
    painter = CardPainter(template)
    drawn = [painter.paint(w) for w in words]
    alone = CardPainter(template).paint(words[1])

    def pixels(data: bytes) -> bytes:
        with Image.open(io.BytesIO(data)) as checked:
            checked.verify()  # chunk checksums, as a browser reads them
        with Image.open(io.BytesIO(data)) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630))
            return card.convert("RGB").tobytes()

    first, second, again = (pixels(d) for d in drawn)
    assert first == again != second
    assert second == pixels(alone)


def test_each_card_is_told_the_characters_its_font_lacks_whatever_came_before() -> None:
    """The painter remembers the characters it found drawn, for the next cards: a
    card whose title has one it never saw, or one the font lacks, still hears of
    it, in the title's order, however many cards came before with the rest."""
    from sitegen.errors import Problems
    from sitegen.images.cards import card_words

    template = load_card_template(Path("/nonexistent"), THEME, Problems())
    assert template is not None
    painter = CardPainter(template)

    def unshown(title: str) -> str:
        values = {"title": title, "section": "World", "site": "The Desk", "date": "1 May 2026"}
        return painter.unshown(card_words(values))

    assert unshown("Ports reopen after the strike") == ""
    assert unshown("Ports reopen after the strike") == ""
    assert unshown("Ports reopen after თბილისი strike") == "თბილს"
    assert unshown("Ports reopen after თბილისი strike") == "თბილს"
    assert unshown("Zürich ports") == ""
    assert unshown("ქუთაისი Zürich თბილისი") == "ქუთაისბლ"
    assert unshown("Ports reopen") == ""


def test_cards_are_the_bytes_the_standard_zlib_would_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards are compressed by zlib-ng, twice as fast, into the bytes the standard
    library's zlib gives: a card's name does not name its compressor (``ENCODING``),
    so a version of zlib-ng that wrote other bytes must bump it, and fails here."""
    import zlib

    from sitegen.errors import Problems
    from sitegen.images import cards

    template = load_card_template(Path("/nonexistent"), THEME, Problems())
    assert template is not None
    titles = ("Ports reopen after the strike", "Grain prices fall in a wet spring", "Ünïcode")
    words = [
        cards.card_words({"title": t, "section": "World", "site": "The Desk", "date": "1 May"})
        for t in titles
    ]
    with_ng = [CardPainter(template).paint(w) for w in words]
    monkeypatch.setattr(cards, "zlib", zlib)
    assert [CardPainter(template).paint(w) for w in words] == with_ng


def test_many_titles_the_font_cannot_draw_are_one_warning(
    make_site: SiteMaker, build_site: Builder
) -> None:
    titles = ["თბილისის არჩევნები", "ახალი ამბები", "ამინდი", "სპორტი"]
    files = {
        "site.yaml": SITE,
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    files.update(
        (f"content/{n}.md", article(title, date=f"2025-05-0{n + 1}"))
        for n, title in enumerate(titles)
    )
    run = build_site(make_site(files))

    assert run.code == 0
    assert len(run.errors) == 1
    newest = " ".join(dict.fromkeys(titles[3]))
    assert run.errors[0].startswith(
        "content/3.md:2: warning: 4 articles get no social card (this one and 3 more): "
        f"the card's fonts have no glyph for {newest}"
    )
    assert run.errors[0].endswith("or set social_cards: false")


def test_glyphs_missing_from_the_sites_name_are_said_to_be_there(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "site.yaml": SITE.replace("title: The Desk", "title: ბლოგი"),
        "content/a.md": article("python -m this"),
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    run = build_site(make_site(files))
    assert run.code == 0
    assert len(run.errors) == 1
    assert "(in the card's other words: the site's name, the section)" in run.errors[0]
