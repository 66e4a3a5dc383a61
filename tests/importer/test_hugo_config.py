"""Hugo's configuration, in every place and format Hugo reads it from."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.images.pictures import photo
from tests.importer.conftest import BASIC_CONFIG, Imported, post

# Real images: the build reads every image an article shows.
PNG = photo(8, 8, "PNG")

ONE_POST = {"content/posts/a.md": post('title: "A"\ndate: 2024-05-01')}


def test_hugo_toml_becomes_site_yaml(hugo: Callable[..., Imported]) -> None:
    config = """
    baseURL = "https://example.org/news/"
    title = "The News"
    languageCode = "en-gb"
    timeZone = "Europe/London"
    [pagination]
    pagerSize = 7
    """
    done = hugo({"hugo.toml": config, **ONE_POST})
    assert done.result.code == 0, done.result.err
    site = done.site()
    assert site["title"] == "The News"
    assert site["base_url"] == "https://example.org/news/"
    assert site["language"] == "en-gb"
    assert site["timezone"] == "Europe/London"
    assert site["paginate"] == 7


def test_keys_are_read_whatever_their_case(hugo: Callable[..., Imported]) -> None:
    done = hugo(
        {
            "config.toml": 'BaseUrl = "https://a.example/"\nTITLE = "Shouting"\npaginate = 3',
            **ONE_POST,
        }
    )
    assert done.site()["base_url"] == "https://a.example/"
    assert done.site()["title"] == "Shouting"
    assert done.site()["paginate"] == 3


def test_yaml_and_json_configs_are_read(hugo: Callable[..., Imported]) -> None:
    yaml_site = hugo({"hugo.yaml": "baseURL: https://y.example/\ntitle: Yaml", **ONE_POST})
    json_site = hugo(
        {"config.json": '{"baseURL": "https://j.example/", "title": "Json"}', **ONE_POST}
    )
    assert yaml_site.site()["title"] == "Yaml"
    assert json_site.site()["title"] == "Json"


def test_hugo_toml_is_read_before_config_toml(hugo: Callable[..., Imported]) -> None:
    done = hugo({"hugo.toml": 'title = "Hugo"', "config.toml": 'title = "Config"', **ONE_POST})
    assert done.site()["title"] == "Hugo"


def test_config_folder_files_are_placed_by_their_names(hugo: Callable[..., Imported]) -> None:
    files = {
        "config/_default/hugo.toml": 'baseURL = "https://d.example/"\ntitle = "Root"\n'
        'defaultContentLanguage = "en"',
        "config/_default/params.toml": 'motto = "Read slowly"',
        "config/_default/languages.en.toml": 'title = "English title"\nweight = 1',
        "config/_default/languages.fr.toml": 'title = "Titre"\nweight = 2',
        "config/_default/menus.en.toml": '[[main]]\nname = "Blog"\nurl = "/blog/"',
        "config/production/params.toml": 'edition = "production"',
        "content/posts/a.md": post(
            'title: "A"\ndate: 2024-05-01', '{{< param motto >}} / {{% param "edition" %}}'
        ),
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    assert done.site()["title"] == "English title"
    assert done.body("content/posts/a.md") == "Read slowly / production"
    assert "menus are not carried over" in done.report


def test_a_broken_toml_file_is_an_error_at_its_line_and_writes_nothing(
    hugo: Callable[..., Imported],
) -> None:
    done = hugo({"hugo.toml": 'title = "Fine"\nbaseURL = \n', **ONE_POST})
    assert done.result.code == 1
    assert len(done.result.errors) == 1
    assert done.result.errors[0].startswith("hugo.toml:2: invalid TOML: ")
    assert "Traceback" not in done.result.err
    assert not done.dest.exists()


def test_a_broken_yaml_file_in_the_config_folder_is_an_error_at_its_line(
    hugo: Callable[..., Imported],
) -> None:
    done = hugo({"config/_default/params.yaml": "a: 1\nb: [unclosed\n", **ONE_POST})
    assert done.result.code == 1
    assert done.result.errors[0].startswith("config/_default/params.yaml:3: invalid YAML: ")
    assert not done.dest.exists()


def test_no_config_is_a_note_and_hugo_defaults(hugo: Callable[..., Imported]) -> None:
    done = hugo(ONE_POST)
    assert done.result.code == 0, done.result.err
    assert done.note("no Hugo configuration found").startswith("hugo.toml:1: ")
    assert done.site()["base_url"] == "http://localhost:8000/"
    assert done.urls()["/posts/a/"] == "/posts/a/"


def test_a_site_without_content_is_an_error_naming_the_folder(
    hugo: Callable[..., Imported],
) -> None:
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/images/x.png": PNG})
    assert done.result.code == 1
    assert done.result.errors == [f"{done.source / 'content'}: no content to import"]
    assert not done.dest.exists()


def test_a_missing_folder_is_a_usage_error(hugo: Callable[..., Imported], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import run_sitegen

    result = run_sitegen("import", "hugo", str(tmp_path / "nowhere"), str(tmp_path / "dest"))
    assert result.code == 2
    assert not (tmp_path / "dest").exists()


def test_the_site_author_is_the_default_author(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + '[params]\nauthor = "Mara Quist"\n'
    done = hugo({"hugo.toml": config, **ONE_POST})
    site = done.site()
    assert site["default_author"] == "mara-quist"
    assert site["authors"] == {"mara-quist": {"name": "Mara Quist"}}


def test_raw_html_trusted_by_hugo_stays_trusted(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + "[markup.goldmark.renderer]\nunsafe = true\n"
    trusted = hugo({"hugo.toml": config, **ONE_POST})
    default = hugo({"hugo.toml": BASIC_CONFIG, **ONE_POST})
    assert trusted.site()["markdown"] == {"html": "unsafe"}
    assert "markup.goldmark.renderer.unsafe" in trusted.report
    assert "markdown" not in default.site()


def test_bare_urls_hugo_left_as_text_stay_text(hugo: Callable[..., Imported]) -> None:
    setting = "[markup.goldmark.extensions]\nlinkify = false\n"
    plain = hugo({"hugo.toml": BASIC_CONFIG + setting, **ONE_POST})
    assert plain.site()["markdown"] == {"linkify": False}
    assert "markup.goldmark.extensions.linkify" in plain.report


@pytest.mark.parametrize(
    "setting",
    [
        "[markup.goldmark.extensions]\ntypographer = false\n",
        "[markup.goldmark.extensions.typographer]\ndisable = true\n",
    ],
)
def test_quotes_hugo_printed_as_typed_stay_as_typed(
    hugo: Callable[..., Imported], setting: str
) -> None:
    """Goldmark's typographer is on unless the site turned it off, either way Hugo
    has spelled that; sitegen's too, so only an off one is written."""
    plain = hugo({"hugo.toml": BASIC_CONFIG + setting, **ONE_POST})
    assert plain.site()["markdown"] == {"typographer": False}
    assert "markup.goldmark.extensions.typographer" in plain.report
    curled = BASIC_CONFIG + "[markup.goldmark.extensions.typographer]\ndisable = false\n"
    assert "markdown" not in hugo({"hugo.toml": curled, **ONE_POST}).site()


def test_folders_that_are_not_carried_over_are_each_a_note(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG + 'theme = "paper"',
        "layouts/_default/single.html": "{{ .Content }}",
        "assets/main.scss": "body {}",
        "data/team.yaml": "- a",
        "i18n/en.toml": 'more = "More"',
        "themes/paper/theme.toml": 'name = "paper"',
        **ONE_POST,
    }
    done = hugo(files)
    for folder in ("assets", "layouts", "themes", "data", "i18n"):
        assert done.note(f"{folder}/ ").startswith(f"{folder}/:1: ")
    assert "the theme is not carried over" in done.report


def test_code_hugo_left_uncoloured_stays_uncoloured(hugo: Callable[..., Imported]) -> None:
    setting = "[markup.highlight]\ncodeFences = false\n"
    plain = hugo({"hugo.toml": BASIC_CONFIG + setting, **ONE_POST})
    assert plain.site()["markdown"] == {"highlight": False}
    assert "markup.highlight.codeFences" in plain.report
    coloured = BASIC_CONFIG + "[markup.highlight]\ncodeFences = true\nstyle = 'monokai'\n"
    assert "markdown" not in hugo({"hugo.toml": coloured, **ONE_POST}).site()


def test_tex_hugo_passed_through_is_set_as_math(hugo: Callable[..., Imported]) -> None:
    setting = (
        "[markup.goldmark.extensions.passthrough]\nenable = true\n"
        "[markup.goldmark.extensions.passthrough.delimiters]\n"
        "block = [['$$', '$$']]\ninline = [['$', '$']]\n"
    )
    done = hugo({"hugo.toml": BASIC_CONFIG + setting, **ONE_POST})
    assert done.site()["markdown"] == {"math": True}
    assert "markup.goldmark.extensions.passthrough" in done.report
    off = BASIC_CONFIG + "[markup.goldmark.extensions.passthrough]\nenable = false\n"
    assert "markdown" not in hugo({"hugo.toml": off, **ONE_POST}).site()


def test_line_numbers_hugo_gave_every_block_are_written_on_each(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + "[markup.highlight]\nlineNos = true\nlineNoStart = 3\n"
    body = (
        '```yaml {hl_lines=["2"]}\na: 1\nb: 2\n```\n\n'
        "```shell {linenos=false}\nls\n```\n\n"
        "```\nplain\n```\n\n"
        '{{< highlight go "hl_lines=1" >}}\nx := 1\n{{< /highlight >}}'
    )
    done = hugo(
        {"hugo.toml": config, "content/posts/a.md": post("title: A\ndate: 2024-05-01", body)}
    )
    assert done.body("content/posts/a.md").split("\n\n") == [
        '```yaml {hl_lines=["2"],linenos=true,linenostart=3}\na: 1\nb: 2\n```',
        "```shell {linenos=false}\nls\n```",
        "```\nplain\n```",
        "```go {hl_lines=[1],linenos=true,linenostart=3}\nx := 1\n```",
    ]
    assert "now says {linenos=true,linenostart=3} itself" in done.note("lineNoStart")
    done.build()
    page = done.page("/posts/a/")
    assert page.count("class=linenos>3<") == 2  # yaml and go, from line 3
    assert page.count("class=linenos>") == 3


def test_a_site_wide_first_line_number_applies_to_numbered_blocks_only(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + "[markup.highlight]\nlineNoStart = 10\nlineNumbersInTable = false\n"
    body = "```go {linenos=table}\nx := 1\n```\n\n```go\ny := 2\n```"
    done = hugo(
        {"hugo.toml": config, "content/posts/a.md": post("title: A\ndate: 2024-05-01", body)}
    )
    assert done.body("content/posts/a.md").split("\n\n") == [
        "```go {linenos=table,linenostart=10}\nx := 1\n```",
        "```go\ny := 2\n```",
    ]
    assert "lineNumbersInTable has no effect" in done.note("lineNoStart")


def test_line_breaks_hugo_kept_stay_line_breaks(hugo: Callable[..., Imported]) -> None:
    """Goldmark's ``hardWraps`` printed each new line of a paragraph on its own line
    (a poem, an address, a CJK blog typed line by line); the new site does too."""
    setting = "[markup.goldmark.renderer]\nhardWraps = true\n"
    files = {
        "content/posts/a.md": post("title: A\ndate: 2024-01-01", "Roses are red\nviolets blue")
    }
    kept = hugo({"hugo.toml": BASIC_CONFIG + setting, **files})
    assert kept.site()["markdown"] == {"breaks": True}
    assert "markup.goldmark.renderer.hardWraps" in kept.report
    kept.build()
    assert "Roses are red<br" in kept.page("/posts/a/")
    assert "markdown" not in hugo({"hugo.toml": BASIC_CONFIG, **files}).site()
