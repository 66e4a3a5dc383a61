"""site.yaml → SiteConfig: defaults, normalisation and every error at its line (SPEC §7)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.config import (
    UNWRITABLE,
    AuthorInfo,
    ImageRef,
    PublisherConfig,
    SiteConfig,
    all_writable,
    load_config,
    parse_config,
)
from sitegen.errors import Problems
from tests.conftest import run_sitegen


def parse(text: str) -> tuple[SiteConfig, list[str]]:
    """Parse dedented ``text`` as site.yaml; return the config and the error lines."""
    problems = Problems()
    config = parse_config(textwrap.dedent(text).lstrip("\n"), "site.yaml", problems)
    return config, [str(problem) for problem in problems]


def errors(text: str) -> list[str]:
    return parse(text)[1]


def test_empty_site_yaml_gives_every_default() -> None:
    assert parse("") == (SiteConfig(), [])
    assert parse("# only a comment\n") == (SiteConfig(), [])


def test_missing_site_yaml_gives_every_default(tmp_path: Path) -> None:
    problems = Problems()
    assert load_config(tmp_path, problems) == SiteConfig()
    assert not problems


def test_load_config_reads_site_yaml(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title: Dispatches\n", encoding="utf-8")
    problems = Problems()
    assert load_config(tmp_path, problems).title == "Dispatches"
    assert not problems


def test_site_yml_is_pointed_out_as_the_wrong_name(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("title: Dispatches\n", encoding="utf-8")
    problems = Problems()
    load_config(tmp_path, problems)
    assert [str(p) for p in problems] == ["site.yml:1: sitegen reads 'site.yaml'; rename this file"]


def test_site_yaml_that_is_not_utf8_is_an_error_at_the_bad_byte(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_bytes(b"title: ok\nlanguage: fr\ndescription: caf\xe9\n")
    problems = Problems()
    assert load_config(tmp_path, problems) == SiteConfig()
    assert [str(p) for p in problems] == [
        "site.yaml:3: not valid UTF-8 (byte 0xe9 at column 17); save the file as UTF-8"
    ]


def test_every_key_is_read() -> None:
    config, problems = parse(
        """
        title: Dispatches
        base_url: https://example.org/blog
        language: fr
        timezone: Europe/Paris
        default_author: jane
        paginate: 5
        related: {count: 0}
        permalinks: {article: "/{year}/{month}/{slug}/"}
        markdown: {unsafe_html: true}
        authors:
          jane: {name: Jane Doe, bio: Covers Europe., url: "https://jane.example"}
        comments: {provider: giscus, repo: o/r, repo_id: 12345}
        publisher: {name: Dispatches Ltd, logo: /static/logo.png}
        default_image: {src: /static/card.png, alt: The masthead}
        news_sitemap: true
        """
    )
    assert problems == []
    assert config.title == "Dispatches"
    assert config.base_url == "https://example.org/blog/"
    assert (config.language, config.timezone, config.default_author) == (
        "fr",
        "Europe/Paris",
        "jane",
    )
    assert (config.paginate, config.related.count) == (5, 0)
    assert config.permalinks.article == "/{year}/{month}/{slug}/"
    assert config.markdown.unsafe_html is True
    assert config.authors == {
        "jane": AuthorInfo("Jane Doe", "Covers Europe.", "https://jane.example")
    }
    assert config.comments == {"provider": "giscus", "repo": "o/r", "repo_id": "12345"}
    assert config.publisher == PublisherConfig("Dispatches Ltd", "/static/logo.png")
    assert config.default_image == ImageRef("/static/card.png", "The masthead")
    assert config.news_sitemap is True


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("title: x\n", "sanitize"),
        ("markdown: {html: drop}\n", "drop"),
        ("markdown: {unsafe_html: true}\n", "unsafe"),
        ("markdown: {unsafe_html: false}\n", "sanitize"),
        ("markdown: {html: unsafe, unsafe_html: true}\n", "unsafe"),
    ],
)
def test_markdown_html_defaults_to_sanitize_and_unsafe_html_still_means_unsafe(
    text: str, html: str
) -> None:
    config, problems = parse(text)
    assert problems == []
    assert (config.markdown.html, config.markdown.unsafe_html) == (html, html == "unsafe")


def test_base_url_gets_a_trailing_slash() -> None:
    assert parse("base_url: https://x.org\n")[0].base_url == "https://x.org/"
    assert parse("base_url: https://x.org/blog/\n")[0].base_url == "https://x.org/blog/"


def test_optional_sections_may_be_null() -> None:
    config, problems = parse("comments: null\npublisher: ~\ndefault_image:\ndefault_author:\n")
    assert problems == []
    assert config == SiteConfig()


def test_unknown_key_suggests_closest_name() -> None:
    assert errors("title: x\nlanguage: en\ntitel: y\n") == [
        "site.yaml:3: unknown key 'titel' (did you mean 'title'?)"
    ]


def test_unknown_key_without_close_name_lists_known_keys() -> None:
    assert errors("related: {zzz: 1}\n") == [
        "site.yaml:1: unknown key 'zzz' in 'related'; known keys: count"
    ]


def test_unknown_nested_key_suggests_closest_name() -> None:
    assert errors("authors:\n  jane:\n    name: Jane\n    boi: hi\n") == [
        "site.yaml:4: unknown key 'boi' in 'authors.jane' (did you mean 'bio'?)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('paginate: "10"', "'paginate' must be a whole number, not a string"),
        ("paginate: true", "'paginate' must be a whole number, not true or false"),
        ("title: [a, b]", "'title' must be a string, not a list"),
        ("language: no", "'language' must be a string, not true or false (put it in quotes)"),
        ("news_sitemap: 1", "'news_sitemap' must be true or false, not a whole number"),
        ("related: 4", "'related' must be a mapping, not a whole number"),
        ("related: {count: 2.5}", "'related.count' must be a whole number, not a number"),
        ("authors: [jane]", "'authors' must be a mapping, not a list"),
        ("comments: giscus", "'comments' must be a mapping, not a string"),
        ("comments: {repo: [a]}", "'comments.repo' must be a string, not a list"),
        ("default_author: [a]", "'default_author' must be a string, not a list"),
        (
            "markdown: {unsafe_html: 'yes'}",
            "'markdown.unsafe_html' must be true or false, not a string",
        ),
        ("exclude: '*.html'", "'exclude' must be a list of strings, not a string"),
        ("exclude: {a: b}", "'exclude' must be a list of strings, not a mapping"),
        ("exclude: [3]", "'exclude[0]' must be a string, not a whole number (put it in quotes)"),
    ],
)
def test_wrong_type_names_the_expected_type(text: str, message: str) -> None:
    assert errors(f"# The site\n{text}\n") == [f"site.yaml:2: {message}"]


def test_exclude_is_a_list_of_patterns_each_wrong_item_at_its_line() -> None:
    assert parse('exclude: ["drafts/**", "*.html"]\n') == (
        SiteConfig(exclude=("drafts/**", "*.html")),
        [],
    )
    assert errors("exclude:\n  - ok\n  - [a]\n  - 7\n") == [
        "site.yaml:3: 'exclude[1]' must be a string, not a list",
        "site.yaml:4: 'exclude[2]' must be a string, not a whole number (put it in quotes)",
    ]


def test_wrong_value_keeps_its_default() -> None:
    config, _ = parse("paginate: many\ntitle: Kept\n")
    assert (config.paginate, config.title) == (10, "Kept")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("example.org", "'base_url' must be an absolute http:// or https:// URL"),
        ("ftp://example.org/", "'base_url' must be an absolute http:// or https:// URL"),
        ("/blog/", "'base_url' must be an absolute http:// or https:// URL"),
    ],
)
def test_base_url_must_be_absolute_http(url: str, message: str) -> None:
    assert errors(f"base_url: {url}\n") == [
        f"site.yaml:1: {message} like 'https://example.org/blog/', not '{url}'"
    ]


def test_unknown_timezone_suggests_an_iana_name() -> None:
    assert errors("title: x\ntimezone: Europe/Berln\n") == [
        "site.yaml:2: unknown timezone 'Europe/Berln' (did you mean 'Europe/Berlin'?);"
        " use an IANA name like 'Europe/Paris' or 'UTC'"
    ]


def test_paginate_must_be_at_least_one() -> None:
    assert errors("paginate: 0\n") == ["site.yaml:1: 'paginate' must be 1 or more, not 0"]


def test_related_count_must_not_be_negative() -> None:
    assert errors("related:\n  count: -1\n") == [
        "site.yaml:2: 'related.count' must be 0 or more, not -1"
    ]


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("articles/{slug}/", "must start and end with '/', like '/articles/{slug}/'"),
        ("/articles/{slug}", "must start and end with '/', like '/articles/{slug}/'"),
        ("/articles/{year}/", "must contain '{slug}' so every article gets its own URL"),
        (
            "/{author}/{slug}/",
            "uses unknown placeholder '{author}';"
            " the placeholders are {year} {month} {day} {slug} {section} {folder}",
        ),
        (
            "/{path}/",  # Zola's and Hugo's word: told what to write, not only '{slug}'
            "uses unknown placeholder '{path}';"
            " the placeholders are {year} {month} {day} {slug} {section} {folder}",
        ),
        ("/{slug}/../x/", "must not contain a '..' segment or '\\'"),
        ("/{slug}}/", "has an unmatched '{' or '}'"),
    ],
)
def test_article_permalink_must_be_a_safe_pattern(pattern: str, reason: str) -> None:
    assert errors(f"permalinks:\n  article: '{pattern}'\n") == [
        f"site.yaml:2: 'permalinks.article: {pattern}' {reason}"
    ]


def test_author_without_name_is_an_error_at_the_author() -> None:
    config, problems = parse("authors:\n  jane: {name: Jane}\n  bob:\n    bio: Writes.\n")
    assert problems == ["site.yaml:4: 'authors.bob' is missing required key 'name'"]
    assert list(config.authors) == ["jane"]


def test_default_image_needs_src_and_alt() -> None:
    assert errors("default_image:\n  src: /card.png\n") == [
        "site.yaml:2: 'default_image' is missing required key 'alt'"
    ]


def test_publisher_needs_a_name() -> None:
    assert errors("publisher: {logo: /logo.png}\n") == [
        "site.yaml:1: 'publisher' is missing required key 'name'"
    ]


def test_duplicate_key_is_an_error_at_the_second() -> None:
    assert errors("title: a\npaginate: 3\ntitle: b\n") == [
        "site.yaml:3: duplicate key 'title' (first given at line 1); keep one"
    ]


def test_top_level_must_be_a_mapping() -> None:
    assert errors("- title\n") == [
        "site.yaml:1: site.yaml must be a mapping of keys to values, not a list"
    ]


def test_malformed_yaml_is_an_error_at_its_line() -> None:
    assert errors("title: x\nlanguage: en\nbase_url: a: b\n") == [
        "site.yaml:3: invalid YAML: mapping values are not allowed in this context"
    ]


def test_unclosed_quote_names_where_it_opened() -> None:
    assert errors("title: x\nlanguage: 'en\npaginate: 3\n") == [
        "site.yaml:4: invalid YAML: found unexpected end of stream"
        " (while scanning a quoted scalar at line 2)"
    ]


def test_every_error_is_reported_not_just_the_first() -> None:
    assert errors(
        """
        titel: x
        paginate: "3"
        timezone: Mars/Olympus
        related: {count: -2}
        news_sitemap: maybe
        """
    ) == [
        "site.yaml:1: unknown key 'titel' (did you mean 'title'?)",
        "site.yaml:2: 'paginate' must be a whole number, not a string",
        "site.yaml:3: unknown timezone 'Mars/Olympus';"
        " use an IANA name like 'Europe/Paris' or 'UTC'",
        "site.yaml:4: 'related.count' must be 0 or more, not -2",
        "site.yaml:5: 'news_sitemap' must be true or false, not a string",
    ]


def test_description_and_author_portrait_are_read() -> None:
    config, problems = parse(
        """
        description: News analysis, weekly.
        authors:
          jane: {name: Jane Doe, image: /static/people/jane.jpg}
        """
    )
    assert problems == []
    assert config.description == "News analysis, weekly."
    assert config.authors["jane"].image == "/static/people/jane.jpg"
    assert SiteConfig().description == ""
    assert AuthorInfo("Jane").image == ""


def test_an_author_portrait_must_be_a_string() -> None:
    assert errors("authors:\n  jane:\n    name: Jane\n    image: [a, b]\n") == [
        "site.yaml:4: 'authors.jane.image' must be a string, not a list"
    ]


_EDGES = "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\x80\u00e9\ud7ff\ue000\ufffd\ufffe\uffff\U00010000"


@given(st.text(alphabet=st.sampled_from(_EDGES) | st.characters(), max_size=40))
def test_the_fast_check_of_writable_text_agrees_with_the_pattern(text: str) -> None:
    """``all_writable`` (bytes, in C) answers as the pattern does for any text, the
    characters at the edges of what XML carries included."""
    assert all_writable(text.encode("utf-8", "surrogatepass")) == (UNWRITABLE.search(text) is None)


@pytest.mark.parametrize(
    ("key", "value"),
    [("typographer", "curly"), ("linkify", "maybe"), ("highlight", "monokai"), ("math", "often")],
)
def test_a_markdown_switch_that_is_not_true_or_false_stops_the_build_at_its_line(
    tmp_path: Path, key: str, value: str
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text(
        f"title: T\nbase_url: https://example.org/\nmarkdown:\n  {key}: {value}\n"
    )
    result = run_sitegen("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert result.code == 1
    assert result.errors == [f"site.yaml:4: 'markdown.{key}' must be true or false, not a string"]
    assert not (tmp_path / "out").exists()
