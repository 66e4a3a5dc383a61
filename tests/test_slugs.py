"""Slugs: tag slugs are lower-case words joined by single dashes (SPEC §3), Latin
accents transliterated and other scripts kept; article slugs keep every URL-safe
character the author wrote."""

from __future__ import annotations

import re
import tracemalloc
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.markdown.headings import github_anchor
from sitegen.slugs import article_slug, looks_alike, markdown_stem, slug_of_name, slugify
from sitegen.urlpaths import output_path_for


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("NATO", "nato"),
        ("Café au lait", "cafe-au-lait"),
        ("Straße in Köln", "strasse-in-koln"),
        ("Æther, Ødegaard & Œuvre", "aether-odegaard-oeuvre"),
        ("Łódź", "lodz"),
        ("Þór and Đorđe", "thor-and-dorde"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("G20 summit 2024", "g20-summit-2024"),
        ("\ufb01nal \u210cour", "final-hour"),  # compatibility forms: fi ligature, black-letter H
    ],
)
def test_slugify_transliterates_and_joins_words_with_one_dash(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Новости", "новости"),
        ("Иван Петров", "иван-петров"),
        ("Ελλάδα — !!!", "ελλάδα"),
        ("東京タワー", "東京タワー"),
        ("हिन्दी समाचार", "हिन्दी-समाचार"),  # vowel signs and virama are marks: kept
        ("Ёлка", "ёлка"),  # a Cyrillic letter keeps its diaeresis
        ("ﾃｽﾄ", "テスト"),  # half-width forms become the usual ones
    ],
)
def test_letters_of_other_scripts_are_kept_lower_cased(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert article_slug(text) == slug


def test_text_without_letters_or_digits_has_an_empty_slug() -> None:
    assert slugify("— !!! 🚀") == ""
    assert article_slug("— !!! 🚀") == ""


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("C", "c"),
        ("Notepad++", "notepad-plus-plus"),
        ("F# tips", "f-sharp-tips"),
        ("#MeToo", "metoo"),  # a hashtag's mark is not a sharp
    ],
)
def test_plus_and_sharp_are_words_so_c_plus_plus_is_not_c(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert article_slug(text) == slug


def test_heading_anchors_read_plus_and_sharp_as_punctuation_as_github_does() -> None:
    assert github_anchor("C++ in 2024") == "c-in-2024"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("I'm using Docusaurus", "im-using-docusaurus"),
        ("What's new?", "whats-new"),
        ("\u2764\ufe0fEmojis", "emojis"),  # no invisible selector left at the start
        ("Dept of Status \U0001f321\ufe0f", "dept-of-status-"),
        ("Новости дня", "новости-дня"),
    ],
)
def test_heading_anchors_are_the_ones_github_and_hugo_link_to(heading: str, anchor: str) -> None:
    assert github_anchor(heading) == anchor


@pytest.mark.parametrize(
    ("one", "other", "alike"),
    [
        ("NATO", "nato", True),
        ("Türkiye", "Turkiye", True),
        (" Nato ", "NATO", True),
        ("Новости", "НОВОСТИ", True),
        ("C.", "C", False),
        ("New York", "new-york", False),
    ],
)
def test_names_look_alike_when_they_differ_only_by_case_and_accents(
    one: str, other: str, alike: bool
) -> None:
    assert looks_alike(one, other) is alike


def test_tags_spelled_differently_share_a_slug() -> None:
    assert slugify("NATO") == slugify("nato") == slugify(" Nato ")


@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    assert slugify(slugify(text)) == slugify(text)


def _word_char(char: str) -> bool:
    """An ASCII letter or digit, or a letter, mark or digit of another script."""
    if char.isascii():
        return bool(re.fullmatch("[a-z0-9]", char))
    return unicodedata.category(char)[0] in "LMN"


@given(st.text())
def test_slug_has_only_lowercase_letters_digits_and_single_inner_dashes(text: str) -> None:
    slug = slugify(text)
    assert all(char == "-" or _word_char(char) for char in slug)
    assert slug == slug.lower()
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("v1.0-trio", "v1.0-trio"),
        ("go1.14", "go1.14"),
        ("notes_2024~draft", "notes_2024~draft"),
        ("a--b", "a--b"),
        ("Ending-OCSP", "ending-ocsp"),  # Hugo lower-cases URLs by default
        ("V1.0 Trio", "v1.0-trio"),
        ("v1.0 - trio", "v1.0-trio"),
        ("Dr. Who returns", "dr-who-returns"),
        ("What's new?", "what-s-new"),
        ("Café au lait", "cafe-au-lait"),
        ("Straße/Köln", "strasse-koln"),
        (".hidden", "hidden"),
        ("version 2.", "version-2"),
        ("..", ""),
        (".", ""),
        ("_~_", ""),
        ("Ελλάδα", "ελλάδα"),
    ],
)
def test_article_slug_keeps_url_safe_characters_as_written(text: str, slug: str) -> None:
    assert article_slug(text) == slug


@given(st.text())
def test_article_slug_is_idempotent(text: str) -> None:
    assert article_slug(article_slug(text)) == article_slug(text)


@given(st.text())
def test_article_slug_is_one_safe_url_segment(text: str) -> None:
    slug = article_slug(text)
    assert all(char in "._~-" or _word_char(char) for char in slug)
    assert slug not in {".", ".."}
    assert not slug.startswith((".", "-"))
    assert not slug.endswith((".", "-"))
    if slug:
        assert any(_word_char(char) for char in slug)
        assert output_path_for(f"/articles/{slug}/") == f"articles/{slug}/index.html"


@given(st.text(alphabet="abz09._~-"))
def test_an_article_slug_written_url_safe_is_kept_but_for_its_ends(text: str) -> None:
    kept = text.strip(".-")
    assert article_slug(text) == (kept if re.search("[a-z0-9]", kept) else "")


@given(st.text())
def test_article_and_tag_slugs_agree_on_the_words(text: str) -> None:
    assert slugify(article_slug(text)) == slugify(text)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("a.md", "a"),
        ("a.markdown", "a"),
        ("a.rst", "a"),
        ("a.html", None),
        (".md", None),
        ("a.md.txt", None),
    ],
)
def test_markdown_files_are_md_and_markdown(name: str, stem: str | None) -> None:
    assert markdown_stem(name) == stem


@pytest.mark.parametrize(
    ("stem", "slug"),
    [
        ("2015-10-19-lets-encrypt-is-trusted", "lets-encrypt-is-trusted"),
        ("2015-10-8-isoc-sponsors-lets-encrypt", "isoc-sponsors-lets-encrypt"),
        ("2015-2-19-draft-isrg-cp", "draft-isrg-cp"),
        ("2024-12-05-Ending-OCSP", "ending-ocsp"),
        ("2020-covid-response", "2020-covid-response"),
        ("go1.14", "go1.14"),
        ("2012-11-30_filename-metadata", "filename-metadata"),  # Pelican's sample
        ("2014-01-14 Wireless CTF", "wireless-ctf"),
        ("notes-2015-10-8-later", "notes-2015-10-8-later"),  # only a leading date
    ],
)
def test_a_file_name_loses_its_leading_date(stem: str, slug: str) -> None:
    assert slug_of_name(stem) == slug


def test_slugs_of_names_seen_once_are_not_all_remembered() -> None:
    """Every article's card names a slug once: at 100,000 articles, remembering
    each of them held 11 MB through the build."""
    slugify.cache_clear()
    names = [f"Article number {number} about the Andes" for number in range(20_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        slugs = [slugify(name) for name in names]
        del slugs
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        slugify.cache_clear()
    assert held < 1_500_000  # all 20,000 remembered: 3.5 MB
