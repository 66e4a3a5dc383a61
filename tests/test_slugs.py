"""Slugs: lower-case ASCII words joined by single dashes (SPEC §3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.slugs import slugify


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


def test_text_without_latin_letters_or_digits_has_an_empty_slug() -> None:
    assert slugify("Ελλάδα — !!!") == ""


def test_tags_spelled_differently_share_a_slug() -> None:
    assert slugify("NATO") == slugify("nato") == slugify(" Nato ")


@given(st.text())
def test_slugify_is_idempotent(text: str) -> None:
    assert slugify(slugify(text)) == slugify(text)


@given(st.text())
def test_slug_has_only_lowercase_ascii_letters_digits_and_single_inner_dashes(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9-]*", slug)
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug
