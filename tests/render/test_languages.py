# ruff: noqa: RUF001, RUF003 -- the languages' own letters and punctuation are what these tests check
"""The default theme speaks the site's language (README, "The default theme").

Every word the theme writes comes from its table for site.yaml ``language``
(``theme/strings/LANG.yaml``), ``pt-BR`` reading ``pt``, English standing in
for what a table lacks; counts take CLDR's plural forms; dates are Babel's
(CLDR's month names and order); site.yaml ``strings`` overrides any word.
Before, a French or Arabic site got "min read", "You may also like" and
"4 March 2025" on every page.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import Locale

from sitegen.language import (
    FORMAT_KEYS,
    STRINGS_DIR,
    known_keys,
    placeholders,
    read_table,
    table_names,
)
from tests.conftest import Run, article

SiteMaker = Callable[[dict[str, str]], Path]
Builder = Callable[..., Run]

ARTICLE = """\
---
title: La dette
date: 2025-03-04 10:00
updated: 2025-03-05 16:30
authors: [ana, ben]
tags: [budget]
section: Économie
corrections: [{date: 2025-03-06, text: Un chiffre corrigé.}]
---

Un texte.

## Une partie

{{< callout type="did-you-know" >}}Oui.{{< /callout >}}
"""

WORDS_800 = " ".join(["mot"] * 800)


def _site(make_site: SiteMaker, language: str, extra: str = "", **files: str) -> Path:
    return make_site(
        {
            "site.yaml": (
                f"title: Le Bulletin\nbase_url: https://example.org/\nlanguage: {language}\n"
                "timezone: Europe/Paris\n"
                "comments: {provider: giscus, repo: o/r, repo_id: R, category_id: C}\n"
                "authors:\n  ana: {name: Ana Diaz}\n  ben: {name: Ben Okafor}\n" + extra
            ),
            "content/a.md": ARTICLE,
            "content/b.md": article("Le budget", date="2025-03-02", tags="[budget]"),
            "content/c.md": article("Long", date="2025-03-01", body=WORDS_800),
            **files,
        }
    )


def _text(site: Path, page: str) -> str:
    """The page's text as a reader meets it: tags out, entities read, spaces one."""
    source = (site / "output" / page).read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", source))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def _page(site: Path, page: str) -> str:
    return html.unescape((site / "output" / page).read_text(encoding="utf-8"))


def test_a_french_site_writes_french_words_and_dates(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(make_site, "fr")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    for words in (
        "Aller au contenu",
        "Par Ana Diaz et Ben Okafor",
        "4 mars 2025 à 10:00 CET",
        "Mis à jour le 5 mars 2025 à 16:30 CET",
        "Lecture : 1 min",
        "Le saviez-vous ?",
        "Correction 6 mars 2025 : Un chiffre corrigé.",
        "Partager cet article",
        "À propos des auteurs",
        "À lire aussi",
        "Commentaires",
        "Afficher les commentaires",
        "Accueil",
    ):
        assert words in page, words
    assert "Lien vers cette section\xa0: Une partie" in _page(site, "articles/a/index.html")
    for english in ("min read", "You may also like", "Did you know", "March", "Skip to"):
        assert english not in page, english
    front = _text(site, "index.html")
    assert "mardi 4 mars 2025" in front
    assert "Autres articles" in front
    assert "Lecture : 4 min" in front  # 800 words
    assert "1 thème, par ordre alphabétique." in _text(site, "tags/index.html")
    assert "Page introuvable" in _text(site, "404.html")
    assert "<title>Thèmes | Le Bulletin</title>" in _page(site, "tags/index.html")


def test_an_arabic_site_writes_arabic_words_in_their_plural_forms(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(make_site, "ar")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    assert "بقلم Ana Diaz و Ben Okafor" in page
    assert "و<a href=/authors/ben/" in _page(site, "articles/a/index.html")  # و joins the name
    assert "قد يهمّك أيضًا" in page
    assert "هل تعلم؟" in page
    assert "4 مارس 2025" in page
    assert "دقيقة واحدة للقراءة" in page  # one minute: Arabic's "one" form has no number
    assert "4 دقائق للقراءة" in _text(site, "index.html")  # 3 to 10: "few"
    assert "You may also like" not in page


def test_pt_br_reads_the_portuguese_table(make_site: SiteMaker, build_site: Builder) -> None:
    site = _site(make_site, "pt-BR")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    assert "Você também pode gostar" in page
    assert "4 de março de 2025" in page
    assert "<html dir=ltr lang=pt-BR>" in (site / "output" / "index.html").read_text()


def test_pt_pt_reads_its_own_words_then_the_portuguese_ones(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(make_site, "pt-PT")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    assert "Também lhe pode interessar" in page  # pt-pt.yaml
    assert "Sobre os autores" in page  # pt.yaml


def test_a_language_without_a_table_gets_english_words_and_its_own_dates(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(make_site, "cs")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    assert "You may also like" in page
    assert "4. března 2025" in page  # CLDR's Czech month, in its genitive


def test_a_taiwanese_site_writes_traditional_chinese(
    make_site: SiteMaker, build_site: Builder
) -> None:
    """``zh-TW`` names no script, but Taiwan writes Traditional characters:
    before, it read the Simplified table (搜索, 标签, 相关阅读)."""
    site = _site(make_site, "zh-TW")
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    for words in (
        "跳到主要內容",
        "文／ Ana Diaz 和 Ben Okafor",  # the names are links
        "2025年3月4日 10:00 CET",
        "更新時間： 2025年3月5日 16:30 CET",  # the date is a <time>
        "閱讀時間約1分鐘",
        "你知道嗎？",
        "更正 2025年3月6日 ：Un chiffre corrigé.",
        "延伸閱讀",
        "關於作者",
        "顯示留言",
        "首頁",
    ):
        assert words in page, words
    for simplified in ("搜索", "标签", "相关阅读", "关于作者", "min read"):
        assert simplified not in page, simplified
    assert "<html dir=ltr lang=zh-TW>" in (site / "output" / "index.html").read_text()
    assert "2025年3月4日 星期二" in _text(site, "index.html")
    assert "共1個標籤，依名稱排序。" in _text(site, "tags/index.html")
    assert "找不到網頁" in _text(site, "404.html")


def test_a_hebrew_site_is_right_to_left_in_hebrew_words(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(make_site, "he")
    assert build_site(site).code == 0
    source = (site / "output" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert "<html dir=rtl lang=he>" in source
    assert "ו<a href=/authors/ben/" in source  # ו joins the name, as CLDR writes it
    page = _text(site, "articles/a/index.html")
    for words in (
        "דילוג לתוכן",
        "מאת Ana Diaz ו Ben Okafor",  # the names are links
        "4 במרץ 2025, 10:00 CET",
        "עודכן: 5 במרץ 2025, 16:30 CET",
        "דקת קריאה אחת",  # Hebrew's "one" form says the number in words
        "הידעת?",
        "אולי יעניין אתכם גם",
        "על הכותבים",
        "תגובות",
    ):
        assert words in page, words
    front = _text(site, "index.html")
    assert "יום שלישי, 4 במרץ 2025" in front
    assert "4 דקות קריאה" in front  # 800 words
    assert "נושא אחד, לפי סדר האל״ף־בי״ת." in _text(site, "tags/index.html")
    assert "You may also like" not in page and "March" not in page


@pytest.mark.parametrize(
    ("language", "article_words", "front_words", "tags_words"),
    [
        (
            "ko",
            ["글 Ana Diaz 및 Ben Okafor", "2025년 3월 4일 10:00 CET", "읽는 시간 1분", "관련 기사"],
            ["2025년 3월 4일 화요일", "읽는 시간 4분"],
            ["태그 1개, 가나다순.", "2 건"],
        ),
        (
            "pl",
            ["Tekst: Ana Diaz i Ben Okafor", "4 marca 2025, 10:00 CET", "Przeczytaj także"],
            ["wtorek, 4 marca 2025", "4 min czytania"],
            ["1 temat, alfabetycznie.", "2 artykuły"],
        ),
        (
            "tr",
            ["Yazan: Ana Diaz ve Ben Okafor", "4 Mart 2025, 10:00 CET", "1 dk okuma"],
            ["4 Mart 2025 Salı", "4 dk okuma"],
            ["1 konu, alfabetik sırayla.", "2 yazı"],
        ),
        (
            "uk",
            ["Текст: Ana Diaz і Ben Okafor", "4 березня 2025, 10:00 CET", "Читайте також"],
            ["вівторок, 4 березня 2025", "4 хв читання"],
            ["1 тема, за абеткою.", "2 статті"],
        ),
        (
            "sv",
            ["Av Ana Diaz och Ben Okafor", "4 mars 2025 kl. 10:00 CET", "Lästid 1 min"],
            ["tisdag 4 mars 2025", "Lästid 4 min"],
            ["1 ämne, i bokstavsordning.", "2 artiklar"],
        ),
        (
            "id",
            ["Oleh Ana Diaz dan Ben Okafor", "4 Maret 2025, 10:00 CET", "Baca 1 menit"],
            ["Selasa, 4 Maret 2025", "Baca 4 menit"],
            ["1 topik, urut abjad.", "2 artikel"],
        ),
    ],
)
def test_each_language_writes_its_own_words_counts_and_dates(
    make_site: SiteMaker,
    build_site: Builder,
    language: str,
    article_words: list[str],
    front_words: list[str],
    tags_words: list[str],
) -> None:
    site = _site(make_site, language)
    assert build_site(site).code == 0
    page = re.sub(r" (?=[,.:])", "", _text(site, "articles/a/index.html"))
    for words in article_words:
        assert words in page, words
    assert "You may also like" not in page and "March" not in page
    front = _text(site, "index.html")
    assert all(words in front for words in front_words), front_words
    tags = _text(site, "tags/index.html")
    assert all(words in tags for words in tags_words), tags_words


@pytest.mark.parametrize(
    ("language", "tables"),
    [
        ("zh-Hant", ["zh-hant", "zh"]),
        ("zh-Hant-TW", ["zh-hant-tw", "zh-hant", "zh"]),
        ("zh-TW", ["zh-tw", "zh-hant", "zh"]),
        ("zh-HK", ["zh-hk", "zh-hant", "zh"]),
        ("zh_MO", ["zh-mo", "zh-hant", "zh"]),
        ("zh-CN", ["zh-cn", "zh"]),
        ("zh-SG", ["zh-sg", "zh"]),
        ("zh-Hans-HK", ["zh-hans-hk", "zh-hans", "zh"]),
        ("pt-BR", ["pt-br", "pt"]),
        ("sr-ME", ["sr-me", "sr-latn", "sr"]),
        ("he", ["he"]),
    ],
)
def test_a_region_reads_the_table_of_the_script_it_writes(language: str, tables: list[str]) -> None:
    """CLDR's likely subtags: Taiwan, Hong Kong and Macao write Chinese in
    Traditional characters, mainland China and Singapore in Simplified ones."""
    assert table_names(language) == tables


def test_site_strings_win_over_the_theme_table(make_site: SiteMaker, build_site: Builder) -> None:
    extra = (
        "strings:\n"
        "  related.heading: Nos autres analyses\n"
        "  reading_time:\n"
        "    one: '{count} minute'\n"
        "    other: '{count} minutes'\n"
        "  format.date: dd/MM/y\n"
    )
    site = _site(make_site, "fr", extra)
    assert build_site(site).code == 0
    page = _text(site, "articles/a/index.html")
    assert "Nos autres analyses" in page and "À lire aussi" not in page
    assert "1 minute" in page and "4 minutes" in _text(site, "index.html")
    assert "Mis à jour le 05/03/2025 à 16:30 CET" in page
    assert "02/03/2025" in page  # the related card


@pytest.mark.parametrize(
    ("strings", "message"),
    [
        (
            "  related.heding: Lire aussi\n",
            "site.yaml:8: unknown key 'related.heding' in 'strings' (did you mean"
            " 'related.heading'?); the keys are those of the theme's strings/en.yaml"
            ' (README, "The default theme")',
        ),
        (
            "  reading_time: {one: '{count} min', lots: '{count} min'}\n",
            "site.yaml:8: 'strings.reading_time' has no form 'lots'; the plural forms are"
            " zero, one, two, few, many, other",
        ),
        (
            "  reading_time: {one: '{count} min'}\n",
            "site.yaml:8: 'strings.reading_time' needs the form 'other', used for any count",
        ),
        (
            "  authors.more_from: 'Plus de {nom}'\n",
            "site.yaml:8: 'strings.authors.more_from' uses unknown placeholder '{nom}';"
            " it may use {name}",
        ),
        (
            "  format.date: HH:mm\n",
            "site.yaml:8: 'strings.format.date': 'HH:mm' is not a date pattern; write CLDR's"
            " letters, as in 'd MMMM y' (d day, MMMM month, y year, EEEE weekday)",
        ),
        (
            "  related.heading: {one: a, other: b}\n",
            "site.yaml:8: 'strings.related.heading' takes no count: give it one text,"
            " not plural forms",
        ),
    ],
)
def test_a_wrong_string_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Builder, strings: str, message: str
) -> None:
    site = make_site(
        {
            "site.yaml": (
                "title: T\nbase_url: https://example.org/\nlanguage: fr\n"
                "timezone: UTC\nauthors: {}\ncomments: null\nstrings:\n" + strings
            ),
            "content/a.md": article("A"),
        }
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [message]
    assert not (site / "output").exists()


def test_the_scripts_words_are_in_the_page(make_site: SiteMaker, build_site: Builder) -> None:
    site = _site(make_site, "fr")
    assert build_site(site).code == 0
    search = (site / "output" / "search" / "index.html").read_text(encoding="utf-8")
    found = re.search(r"data-strings='([^']*)'", search) or re.search(
        r'data-strings="([^"]*)"', search
    )
    assert found is not None
    strings = json.loads(html.unescape(found.group(1)))
    assert strings["search.searching"] == {"other": "Recherche en cours…"}
    assert strings["search.found"]["one"] == "{count} article trouvé pour «\xa0{query}\xa0»."
    assert strings["dates"]["pattern"] == "{d} {MMMM} {y}"
    assert strings["dates"]["months"][2] == "mars"
    share = _page(site, "articles/a/index.html")
    assert 'data-copied="Lien copié."' in share or "data-copied='Lien copié.'" in share


def test_english_pages_keep_their_words(make_site: SiteMaker, build_site: Builder) -> None:
    site = make_site(
        {
            "site.yaml": (
                "base_url: https://example.org/\ntimezone: Europe/Paris\n"
                "authors:\n  a: {name: Ana}\n  b: {name: Ben}\n  c: {name: Cy}\n"
            ),
            "content/a.md": article("A", date="2025-03-04 10:00", authors="[a, b, c]", tags="[x]"),
            "content/b.md": article("B", date="2025-03-02", tags="[x]"),
        }
    )
    assert build_site(site, "--no-minify").code == 0
    page = (site / "output" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    assert "4 March 2025, 10:00 CET" in page
    assert 'By <a href="/authors/a/" rel="author">Ana</a>, <a' in page
    assert "Ben</a> and <a" in page  # no comma before "and", as before
    assert "1&nbsp;min read" in page
    assert ">You may also like<" in page
    front = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert ">Tuesday 4 March 2025<" in front


def test_a_site_template_calls_the_same_words(make_site: SiteMaker, build_site: Builder) -> None:
    site = _site(
        make_site,
        "de",
        **{
            "layouts/tags.html": (
                '<!doctype html><html lang="de"><title>x</title>'
                '<p>|{{ t("related.heading") }}|{{ t("reading_time", count=3) }}|</p>'
            )
        },
    )
    assert build_site(site).code == 0
    assert "|Das könnte Sie auch interessieren|3 Min. Lesezeit|" in _text(site, "tags/index.html")


def test_an_unknown_key_in_a_template_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Builder
) -> None:
    site = _site(
        make_site,
        "fr",
        **{"layouts/tags.html": '<!doctype html>\n<p>{{ t("related.headng") }}</p>\n'},
    )
    result = build_site(site)
    assert result.code == 1
    assert result.errors == [
        "layouts/tags.html:2: unknown theme string 'related.headng'"
        " (did you mean 'related.heading'?)"
    ]


TABLES = sorted(path.stem for path in STRINGS_DIR.glob("*.yaml"))


def test_the_theme_ships_the_promised_languages() -> None:
    promised = {"en", "fr", "de", "es", "it", "pt", "nl", "ar", "fa", "ja", "zh", "ru"}
    promised |= {"zh-hant", "he", "ko", "pl", "tr", "uk", "sv", "id"}
    assert promised <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_each_table_has_every_word_in_every_plural_form(name: str) -> None:
    """A table with a key missing would show an English word on that language's
    pages; one lacking a plural form of its language, the ``other`` form."""
    english, table = known_keys(), read_table(name)
    assert sorted(set(table) - set(english)) == [], "keys the theme does not have"
    if "-" not in name or len(name.split("-")[1]) == 4:
        # a region's table (pt-pt) says only how it differs; a script's
        # (zh-hant) is whole: its language's table is in another script
        assert sorted(set(english) - set(table) - set(FORMAT_KEYS)) == [], "missing keys"
    forms = {*Locale.parse(name, sep="-").plural_form.tags, "other"}
    for key, entry in table.items():
        if len(english[key]) > 1:
            assert set(entry) == forms, key
        else:
            assert set(entry) == {"other"}, key
        allowed = placeholders(" ".join(english[key].values()))
        if key not in FORMAT_KEYS:
            assert all(placeholders(text) <= allowed for text in entry.values()), key
