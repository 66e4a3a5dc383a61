"""Social cards in the scripts Newsreader lacks: the theme's fallback fonts draw
Cyrillic, Greek, Arabic and Hebrew; Arabic and Hebrew are shaped and set right
to left; what no font has is said, with what to do."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image, features

from sitegen.errors import Problems
from sitegen.images import cards
from sitegen.images.cards import CardPainter, card_words, wrap
from sitegen.images.template import CardTemplate, load_card_template
from tests.conftest import article
from tests.images.pictures import page
from tests.images.test_cards import SITE, THEME, Builder, SiteMaker, card_of, meta

NEEDS_RAQM = pytest.mark.skipif(
    not features.check("raqm"), reason="this Pillow has no Raqm, so it cannot shape Arabic"
)
BACKGROUND = (0xFB, 0xFA, 0xF7)


def theme_template() -> CardTemplate:
    template = load_card_template(Path("/nonexistent"), THEME, Problems())
    assert template is not None
    return template


def painted(title: str, template: CardTemplate | None = None, **values: str) -> Image.Image:
    words = {"title": title, "section": "", "site": "", "date": "", **values}
    data = CardPainter(template or theme_template()).paint(card_words(words))
    with Image.open(io.BytesIO(data)) as card:
        return card.convert("RGB")


def ink(card: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    """The bounding box of what is not the background within ``box``, on the card."""
    region = card.crop(box)
    mask = Image.eval(region.convert("L"), lambda v: 255 if v < 200 else 0)
    found = mask.getbbox()
    if found is None:
        return None
    return (found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1])


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("ru", "Почему Балтийские страны пересматривают энергетику"),
        ("el", "Γιατί οι χώρες της Βαλτικής αναθεωρούν την ενέργεια"),  # noqa: RUF001
    ],
)
def test_a_cyrillic_or_greek_title_gets_a_card_and_no_warning(
    make_site: SiteMaker, build_site: Builder, language: str, title: str
) -> None:
    files = {
        "site.yaml": SITE.replace("title: The Desk", "title: Новости") + f"language: {language}\n",
        "content/a.md": article(title),
    }
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0, run.err
    assert run.errors == []
    doc = page(site / "output/articles/a/index.html")
    assert "-card-" in meta(doc, "og:image")[0]
    with Image.open(card_of(site / "output", "a")) as card:
        assert (card.format, card.size) == ("PNG", (1200, 630))
        title_ink = ink(card.convert("RGB"), (80, 134, 1120, 494))
        assert title_ink is not None and title_ink[0] < 100  # flush left, as in Latin


def test_a_title_mixing_latin_and_cyrillic_sits_on_one_baseline() -> None:
    painter = CardPainter(theme_template())
    assert painter.unshown(card_words({"title": "Почему Baltic states пересматривают"})) == ""
    face = painter.face("headline", 78)
    assert face.source("n") == 0 and face.source("н") == 1 and face.source("ν") == 1  # noqa: RUF001
    latin, cyrillic = face.extent(0, 0, "n"), face.extent(0, 0, "н")
    assert abs(latin[3] - cyrillic[3]) <= 1  # the same baseline
    assert abs((latin[3] - latin[1]) - (cyrillic[3] - cyrillic[1])) <= 6  # about one x-height
    mixed = painted("Почему Baltic states пересматривают energy policy")
    assert ink(mixed, (80, 134, 1120, 494)) is not None


def test_the_fallbacks_leave_a_latin_card_as_it_was() -> None:
    """A Latin card is drawn from the same glyphs, to the same bytes, as before the
    theme had fallback fonts; only its name changes, with the template's digest."""
    template = theme_template()
    alone = dataclasses.replace(template, fallbacks={})
    words = card_words(
        {"title": "Ports reopen after the strike", "section": "World", "site": "The Desk"}
    )
    assert CardPainter(template).paint(words) == CardPainter(alone).paint(words)


@NEEDS_RAQM
@pytest.mark.parametrize(
    "title",
    ["لماذا تعيد دول البلطيق النظر في الطاقة", "מדוע המדינות הבלטיות"],
    ids=["arabic", "hebrew"],
)
def test_a_right_to_left_title_stands_flush_right(title: str) -> None:
    card = painted(title, site="الأخبار", date="1 May 2026")
    title_ink = ink(card, (0, 134, 1200, 494))
    assert title_ink is not None
    assert 1110 <= title_ink[2] <= 1124  # the box's right edge, 1120
    assert title_ink[0] > 200  # a short title leaves the left empty
    site_ink, date_ink = ink(card, (600, 530, 1200, 600)), ink(card, (0, 530, 600, 600))
    assert site_ink is not None and site_ink[2] > 1100  # the site's name goes right
    assert date_ink is not None and date_ink[0] < 100  # and the date left


@NEEDS_RAQM
def test_arabic_letters_are_joined() -> None:
    """Shaped, a word is narrower than its letters side by side, each in the form
    it has alone."""
    face = CardPainter(theme_template()).face("headline", 78)
    word = "البلطيق"
    assert not face.is_plain(word)
    alone = sum(face.advance(letter) for letter in word)
    assert face.length(word, rtl=True) < alone * 0.9


@NEEDS_RAQM
def test_an_arabic_site_gets_cards(make_site: SiteMaker, build_site: Builder) -> None:
    files = {
        "site.yaml": SITE.replace("title: The Desk", "title: الأخبار") + "language: ar\n",
        "content/a.md": article("لماذا تعيد دول البلطيق النظر في الطاقة"),
    }
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0, run.err
    assert run.errors == []
    with Image.open(card_of(site / "output", "a")) as card:
        assert card.size == (1200, 630)


def test_without_raqm_an_arabic_title_gets_one_warning_and_no_card(
    make_site: SiteMaker, build_site: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cards, "can_shape", lambda: False)
    files = {
        "site.yaml": SITE,
        "content/a.md": article("سلام"),
        "content/b.md": article("שלום", date="2025-05-02"),
        "content/c.md": article("Ports reopen", date="2025-05-03"),
        "layouts/static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0
    assert len(run.errors) == 1
    assert run.errors[0].startswith(
        "content/b.md:2: warning: 2 articles get no social card (this one and 1 more): "
        "ש ל ו ם س ل ا م must be shaped (letters joined, set right to left), "  # noqa: RUF001
        "which Pillow does with libraqm, and this Pillow cannot load it; install FriBiDi"
    )
    assert meta(page(site / "output/articles/a/index.html"), "og:image") == [
        "https://news.example.org/static/logo.svg"
    ]
    assert "-card-" in meta(page(site / "output/articles/c/index.html"), "og:image")[0]


def test_an_emoji_no_font_has_is_left_out_and_the_card_drawn(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {"site.yaml": SITE, "content/a.md": article("Rockets 🚀 and markets 📈 rally")}
    site = make_site(files)
    run = build_site(site)

    assert run.code == 0
    assert run.errors == [
        "content/a.md:2: warning: the social card's fonts have no glyph for 🚀 📈, so this "
        "article's card is drawn without them"
    ]
    with Image.open(card_of(site / "output", "a")) as card:
        assert ink(card.convert("RGB"), (80, 134, 1120, 494)) is not None


def test_japanese_wraps_between_characters_and_keeps_its_stops() -> None:
    face = CardPainter(theme_template()).face("headline", 40)
    text = "東京都の新しい予算案は、来年度の防災対策を大幅に強化する。関係者は歓迎している。"
    lines = wrap(text, face, 400)
    assert len(lines) > 1
    assert "".join(lines) == text
    assert all(face.length(line) <= 400 for line in lines)
    assert not any(line.startswith(("、", "。")) for line in lines)


def test_a_sites_template_keeps_the_themes_fallbacks_after_its_own(
    make_site: SiteMaker,
) -> None:
    font = (THEME / "fonts/Newsreader-Medium.ttf").read_bytes()
    own = (THEME / "layouts/social-card.yaml").read_text()
    start, end = own.index("\nfallbacks:\n") + 1, own.index("shapes:")
    site = make_site(
        {
            "layouts/fonts/Brand.ttf": font,
            "layouts/social-card.yaml": own[:start]
            + "fallbacks:\n  headline: layouts/fonts/Brand.ttf\n"
            + own[end:],
        }
    )
    problems = Problems()
    template = load_card_template(site, THEME, problems)

    assert not problems and template is not None
    names = [file.name for file in template.fallbacks["headline"]]
    assert names == [
        "Brand.ttf",
        "NotoSerif-SemiBold-CyrillicGreek.woff",
        "NotoNaskhArabic-SemiBold.woff",
        "NotoSerifHebrew-SemiBold.woff",
    ]
    assert template.fallbacks["label"][0].name == "NotoSerif-Medium-CyrillicGreek.woff"
    assert template.digest != theme_template().digest


def test_a_fallback_for_a_font_the_template_lacks_is_an_error(make_site: SiteMaker) -> None:
    own = (THEME / "layouts/social-card.yaml").read_text()
    wrong = own.replace("  label:\n    - fonts/Noto", "  lable:\n    - fonts/Noto")
    site = make_site({"layouts/social-card.yaml": wrong})
    problems = Problems()

    assert load_card_template(site, THEME, problems) is None
    assert [str(p) for p in problems] == [
        "layouts/social-card.yaml:30: 'fallbacks.lable' must name one of 'fonts' "
        "(did you mean 'label'?)"
    ]


def test_the_fonts_a_card_uses_are_in_its_name(make_site: SiteMaker, build_site: Builder) -> None:
    """A card is named by the digest of its template and every font file it names,
    fallbacks included: a changed font draws every card again."""
    own = (THEME / "layouts/social-card.yaml").read_text()
    files = {
        "site.yaml": SITE,
        "content/a.md": article("Ports"),
        "layouts/fonts/Hebrew.woff": (THEME / "fonts/NotoSerifHebrew-SemiBold.woff").read_bytes(),
        "layouts/social-card.yaml": own.replace(
            "fonts/NotoSerifHebrew-SemiBold.woff", "layouts/fonts/Hebrew.woff"
        ),
    }
    site = make_site(files)
    assert build_site(site).code == 0
    first = card_of(site / "output", "a").name
    other = (THEME / "fonts/NotoSerifHebrew-Medium.woff").read_bytes()
    (site / "layouts/fonts/Hebrew.woff").write_bytes(other)

    assert build_site(site).code == 0
    assert card_of(site / "output", "a").name != first


def test_a_greek_label_in_capitals_drops_its_accents() -> None:
    template = theme_template()
    section = template.texts[0]
    assert section.uppercase
    words = card_words({"title": "Τίτλος", "section": "Οικονομία και προϊόντα"})
    assert cards.text_of(section, words) == "ΟΙΚΟΝΟΜΙΑ ΚΑΙ ΠΡΟΪΟΝΤΑ"  # noqa: RUF001
