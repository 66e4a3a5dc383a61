"""Hugo content files → sitegen articles: formats, bundles, dates, drafts, front matter."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_sitegen, write_files
from tests.images.pictures import photo
from tests.importer.conftest import BASIC_CONFIG, Imported, post

# Real images: the build reads every image an article shows.
PNG = photo(8, 8, "PNG")
JPG = photo(8, 8)

UTC = dt.UTC


def test_yaml_toml_and_json_front_matter_are_read(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/yaml.md": post("title: Yaml\ndate: 2024-05-01T10:00:00Z"),
        "content/posts/toml.md": post('title = "Toml"\ndate = 2024-05-02T10:00:00Z', fence="+++"),
        "content/posts/json.md": '{\n  "title": "Json",\n  "date": "2024-05-03"\n}\n\nBody.\n',
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    assert done.front("content/posts/yaml.md")["title"] == "Yaml"
    assert done.front("content/posts/toml.md")["date"] == dt.datetime(2024, 5, 2, 10, tzinfo=UTC)
    assert done.front("content/posts/json.md")["title"] == "Json"
    assert done.body("content/posts/json.md") == "Body."
    done.build()


def test_broken_front_matter_is_a_note_at_its_line_and_the_rest_is_imported(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/good.md": post("title: Good\ndate: 2024-05-01"),
        "content/posts/bad.md": "---\ntitle: Bad\ndate: [2024\n---\nBody\n",
    }
    done = hugo(files)
    assert done.result.code == 0
    assert done.note("bad.md").startswith("content/posts/bad.md:3: not imported: front matter")
    assert not (done.dest / "content/posts/bad.md").exists()
    assert (done.dest / "content/posts/good.md").exists()


def test_html_and_markdown_extensions_become_markdown_articles(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/page.html": post(
            "title: Html\ndate: 2024-05-01", "<p>Some <strong>bold</strong> words.</p>"
        ),
        "content/posts/old.markdown": post("title: Old\ndate: 2024-05-02", "*Old* news."),
        "content/posts/legacy.htm": post("title: Legacy\ndate: 2024-05-03", "<h2>Part</h2>"),
    }
    done = hugo(files)
    assert done.body("content/posts/page.md") == "Some **bold** words."
    assert done.body("content/posts/old.md") == "*Old* news."
    assert done.body("content/posts/legacy.md") == "## Part"
    assert done.urls()["/posts/page/"] == "/posts/page/"


def test_a_leaf_bundle_keeps_its_files_beside_it(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/trip/index.md": post("title: Trip\ndate: 2024-05-01", "![Map](map.png)"),
        "content/posts/trip/map.png": PNG,
        "content/posts/trip/notes.md": "not a page: a resource of the bundle",
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    assert (done.dest / "content/posts/trip/map.png").read_bytes() == PNG
    assert (done.dest / "content/posts/trip/notes.md").exists()
    assert done.site()["exclude"] == ["/posts/trip/notes.md"]
    assert done.urls()["/posts/trip/"] == "/posts/trip/"
    done.build()
    assert (done.dest / "output/posts/trip/map.png").is_file()


def test_a_bundle_moves_to_its_old_url_so_its_files_keep_theirs(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:year/:slug/"\n'
    files = {
        "hugo.toml": config,
        "content/posts/trip/index.md": post("title: Trip\ndate: 2024-05-01", "![Map](map.png)"),
        "content/posts/trip/map.png": PNG,
    }
    done = hugo(files)
    assert (done.dest / "content/2024/trip/index.md").exists()
    assert (done.dest / "content/2024/trip/map.png").exists()
    done.build()
    assert (done.dest / "output/2024/trip/map.png").is_file()


def test_a_bundle_at_a_percent_encoded_url_moves_to_the_folder_it_names(
    hugo: Callable[..., Imported],
) -> None:
    """WordPress exports write url: /2009/11/%d8%b5.../; a folder named with the
    escapes hid the bundle's pictures from the build."""
    front = "title: Trip\ndate: 2024-05-01\nurl: /2024/05/%d8%b5%d8%af-trip/"
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/trip/index.md": post(front, "![Map](map.png)"),
        "content/posts/trip/map.png": PNG,
    }
    done = hugo(files)
    assert (done.dest / "content/2024/05/\u0635\u062f-trip/index.md").exists()
    assert (done.dest / "content/2024/05/\u0635\u062f-trip/map.png").exists()
    done.build()
    assert "map" in done.page("/2024/05/\u0635\u062f-trip/")


def test_tohas_hero_is_the_articles_image(hugo: Callable[..., Imported]) -> None:
    """Toha's front matter names the page's picture 'hero'."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/trip/index.md": post(
            "title: Trip\ndate: 2024-05-01\nhero: images/quay.png", "Text."
        ),
        "content/posts/trip/images/quay.png": PNG,
    }
    done = hugo(files)
    front = done.front("content/posts/trip/index.md")
    assert (front["image"], front["image_alt"]) == ("images/quay.png", "Trip")
    assert "hero" not in front
    done.build()


def test_headless_and_unrendered_pages_are_notes(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/shared/index.md": post("headless: true"),
        "content/shared/logo.png": PNG,
        "content/posts/hidden.md": post("title: Hidden\ndate: 2024-05-01\nbuild:\n  render: never"),
    }
    done = hugo(files)
    assert done.note("shared/index.md").endswith(
        "not imported: Hugo renders no page for it (headless bundle or build.render: never)"
    )
    assert "content/posts/hidden.md:1: not imported" in done.report
    assert not (done.dest / "content/shared").exists()


def test_drafts_stay_drafts_and_had_no_old_url(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/wip.md": post("title: WIP\ndate: 2024-05-02\ndraft: true"),
    }
    done = hugo(files)
    assert done.front("content/posts/wip.md")["draft"] is True
    assert "/posts/wip/" not in done.urls()
    done.build()
    assert not (done.dest / "output/posts/wip").exists()


def test_expiry_in_the_past_is_a_draft_and_in_the_future_a_param(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/gone.md": post("title: Gone\ndate: 2024-05-01\nexpiryDate: 2025-01-01"),
        "content/posts/later.md": post("title: Later\ndate: 2024-05-01\nexpiryDate: 2030-01-01"),
    }
    done = hugo(files)
    assert done.front("content/posts/gone.md")["draft"] is True
    assert done.note("gone.md").startswith(
        "content/posts/gone.md:4: expiryDate 2025-01-01 has passed (Hugo no longer published it)"
    )
    assert "/posts/gone/" not in done.urls()
    later = done.front("content/posts/later.md")
    assert "draft" not in later
    assert "expiryDate" not in later  # taken down then by sitegen too, under its name
    assert later["expires"] == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


def test_what_build_drafts_future_and_expired_published_stays_published(
    hugo: Callable[..., Imported],
) -> None:
    """Hugo published these pages: their addresses keep answering (the future one
    from its date on, or with --future, which the report says)."""
    files = {
        "hugo.toml": BASIC_CONFIG + "buildDrafts = true\nbuildFuture = true\nbuildExpired = true\n",
        "content/posts/wip.md": post("title: WIP\ndate: 2024-05-02\ndraft: true"),
        "content/posts/later.md": post("title: Later\ndate: 2030-03-03"),
        "content/posts/gone.md": post("title: Gone\ndate: 2024-05-01\nexpiryDate: 2025-01-01"),
    }
    done = hugo(files)
    assert "draft" not in done.front("content/posts/wip.md")
    assert done.note("wip.md") == (
        "content/posts/wip.md:4: a draft, but Hugo published it (buildDrafts: true): imported "
        "as published, so its address keeps answering; write draft: true to take it down"
    )
    assert done.note("later.md").startswith(
        "content/posts/later.md:3: dated 2030-03-03, after today, but Hugo published it "
        "(buildFuture: true): sitegen builds it from that date on; until then its address "
        "answers only if the site is built with sitegen build --future"
    )
    gone = done.front("content/posts/gone.md")
    assert "draft" not in gone and "expiryDate" not in gone
    assert "has passed, but Hugo published it (buildExpired: true)" in done.note("gone.md")
    for url in ("/posts/wip/", "/posts/later/", "/posts/gone/"):
        assert done.urls()[url] == url
    done.build("--future")
    for url in ("/posts/wip/", "/posts/later/", "/posts/gone/"):
        assert done.page(url)


def test_a_later_publish_date_is_the_date(hugo: Callable[..., Imported]) -> None:
    front = "title: A\ndate: 2024-05-01\npublishDate: 2024-06-01T08:00:00Z"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    assert done.front("content/posts/a.md")["date"] == dt.datetime(2024, 6, 1, 8, tzinfo=UTC)
    assert "(Hugo published it then)" in done.note("a.md")


def test_a_missing_date_comes_from_the_file_name_then_lastmod_then_1970(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/2023-4-5-named.md": post("title: Named"),
        "content/posts/modified.md": post("title: Modified\nlastmod: 2023-02-03"),
        "content/posts/undated.md": post("title: Undated"),
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    assert done.front("content/posts/2023-4-5-named.md")["date"] == dt.date(2023, 4, 5)
    assert done.front("content/posts/modified.md")["date"] == dt.date(2023, 2, 3)
    assert done.front("content/posts/undated.md")["date"] == dt.date(1970, 1, 1)
    assert "dated 1970-01-01 so that it sorts last" in done.note("undated.md")
    done.build()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_undated_post_in_a_git_history_is_dated_when_it_was_added(
    hugo: Callable[..., Imported], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hugo listed an undated post last; the commit that added it is near its date.
    An About page at the top of content/ was no post: it stays a page, undated."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/notes.md": post("title: Notes"),
        "content/about.md": post("title: About"),
    }
    source = tmp_path / "hugo0"  # where the fixture writes its first site
    write_files(source, files)
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2021-03-04T05:06:07+02:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2021-03-04T05:06:07+02:00")
    for command in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "Add"],
    ):
        subprocess.run(["git", "-C", str(source), *command], check=True)
    done = hugo(files)  # written again over the same files: git sees no change
    assert done.source == source
    date = done.front("content/posts/notes.md")["date"]
    assert date == dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert "dated 2021-03-04" in done.note("notes.md")
    assert "when git first recorded the file" in done.note("notes.md")
    about = done.front("content/about.md")
    assert (about["url"], "date" in about) == ("/about/", False)
    done.build()
    assert "About" in done.page("/about/")


def test_undated_files_outside_the_main_sections_stay_pages(
    hugo: Callable[..., Imported],
) -> None:
    """Themes list ``mainSections``: an undated file there was a post, listed last;
    one elsewhere, or one that says it is a page, was shown with no date and in no
    list of posts. Pages have no say in the permalink pattern."""
    config = BASIC_CONFIG + '[params]\nmainSections = ["blog"]\n'
    files = {
        "hugo.toml": config,
        "content/blog/a.md": post("title: A\ndate: 2024-05-01"),
        "content/blog/undated.md": post("title: Undated"),
        "content/blog/colophon.md": post("title: Colophon\nlayout: page"),
        "content/docs/intro.md": post("title: Intro"),
        "content/docs/dated.md": post("title: Dated\ndate: 2024-05-02"),
        "content/about.md": post("title: About"),
        "content/contact.md": post("title: Contact"),
        "content/team.md": post("title: Team"),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/blog/{slug}/"}
    assert done.front("content/blog/undated.md")["date"] == dt.date(1970, 1, 1)
    for path, url in (
        ("content/blog/colophon.md", "/blog/colophon/"),
        ("content/docs/intro.md", "/docs/intro/"),
        ("content/about.md", "/about/"),
    ):
        front = done.front(path)
        assert (front["url"], "date" in front) == (url, False), path
        assert "a page here, at its URL" in done.note(f"{path}:1:")
    assert done.front("content/docs/dated.md")["date"] == dt.date(2024, 5, 2)
    done.build()
    assert "Intro" in done.page("/docs/intro/")
    home = done.page("/")
    assert "Undated" in home and "Dated" in home
    assert not any(title in home for title in ("Colophon", "Intro", "About", "Contact"))


def test_without_main_sections_the_section_with_most_pages_is_the_posts(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/b.md": post("title: B"),
        "content/help/faq.md": post("title: FAQ"),
    }
    done = hugo(files)
    assert done.front("content/posts/b.md")["date"] == dt.date(1970, 1, 1)
    faq = done.front("content/help/faq.md")
    assert (faq["url"], "date" in faq) == ("/help/faq/", False)


def test_when_hugo_dated_pages_from_git_every_undated_file_is_dated(
    hugo: Callable[..., Imported],
) -> None:
    """``enableGitInfo`` with ``:git`` among the date handlers: Hugo showed git's
    date on the About page too (outside git here, so 1970, with the note)."""
    config = BASIC_CONFIG + 'enableGitInfo = true\n[frontmatter]\ndate = [":git", "date"]\n'
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/about.md": post("title: About"),
    }
    done = hugo(files)
    assert done.front("content/about.md")["date"] == dt.date(1970, 1, 1)


def test_dates_with_offsets_and_no_time_zone_give_the_site_their_zone(
    hugo: Callable[..., Imported],
) -> None:
    """Hugo shows each date in its own offset; with UTC, 08:00 in Tokyo was 23:00 the
    day before, and the day in the address moved."""
    files = {
        "hugo.toml": BASIC_CONFIG + '[permalinks]\nposts = "/:year/:month/:day/:slug/"\n',
        "content/posts/early.md": post("title: Early\ndate: 2018-06-01T08:00:00+09:00"),
        "content/posts/late.md": post("title: Late\ndate: 2018-06-02T21:00:00+09:00"),
    }
    done = hugo(files)
    assert done.site()["timezone"] == "Etc/GMT-9"
    assert "site.yaml's timezone is Etc/GMT-9" in done.report
    assert "url" not in done.front("content/posts/early.md")  # the address is as it was
    done.build()
    page = done.page("/2018/06/01/early/")
    assert "1 June 2018" in page


def test_a_format_sitegen_does_not_read_is_named_with_what_rendered_it(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/regexp.org": "#+TITLE: Regexp\n\nText.\n",
    }
    done = hugo(files)
    assert done.note("regexp.org") == (
        "content/posts/regexp.org:1: not imported: sitegen does not read .org content "
        "(go-org, built into Hugo renders it for Hugo); convert it to markdown, e.g. with pandoc"
    )


def test_hugos_filename_date_handler_gives_date_and_slug(hugo: Callable[..., Imported]) -> None:
    config = BASIC_CONFIG + '[frontmatter]\ndate = [":filename", ":default"]\n'
    files = {"hugo.toml": config, "content/posts/2023-04-05-my-trip.md": post("title: Trip")}
    done = hugo(files)
    assert done.urls()["/posts/my-trip/"] == "/posts/my-trip/"
    assert done.front("content/posts/2023-04-05-my-trip.md")["date"] == dt.date(2023, 4, 5)


def test_a_missing_title_comes_from_the_file_name(hugo: Callable[..., Imported]) -> None:
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG,
            "content/posts/2024-01-02-new_year-plans.md": post("date: 2024-01-02"),
        }
    )
    assert done.front("content/posts/2024-01-02-new_year-plans.md")["title"] == "New year plans"
    assert "'New year plans', from the file name" in done.note("new_year-plans")


def test_summary_comes_from_description_or_excerpt_as_plain_text(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post(
            'title: A\ndate: 2024-05-01\ndescription: "Read <a href=\\"/x\\">this</a> &amp; that"'
        ),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01\nexcerpt: Only an excerpt"),
        "content/posts/c.md": post(
            "title: C\ndate: 2024-05-01\nsummary: First\ndescription: Second"
        ),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["summary"] == "Read this & that"
    assert done.front("content/posts/b.md")["summary"] == "Only an excerpt"
    c = done.front("content/posts/c.md")
    assert (c["summary"], c["description"]) == ("First", "Second")


def test_lastmod_is_updated_only_when_later(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01\nlastmod: 2024-06-01"),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01\nlastmod: 2024-04-01"),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["updated"] == dt.date(2024, 6, 1)
    assert "updated" not in done.front("content/posts/b.md")
    assert "is before the date: not kept as 'updated'" in done.note("b.md")


def test_categories_give_a_section_and_tags(hugo: Callable[..., Imported]) -> None:
    front = "title: A\ndate: 2024-05-01\ntags: [ports, grain]\ncategories: [Economy, Trade]"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    values = done.front("content/posts/a.md")
    assert values["section"] == "Economy"
    assert values["tags"] == ["ports", "grain", "Trade"]
    assert "categories after the first (Trade) became tags" in done.note("a.md")


def test_an_empty_tag_entry_is_left_out_with_a_note(hugo: Callable[..., Imported]) -> None:
    """Wowchemy's publication template leaves ``tags:`` with one empty item."""
    front = "title: A\ndate: 2024-05-01\ntags:\n- \ncategories:\n- News\n- ''"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    values = done.front("content/posts/a.md")
    assert "tags" not in values
    assert values["section"] == "News"
    assert "content/posts/a.md:4: tags has an empty entry (Hugo skips them)" in done.report
    assert "content/posts/a.md:6: categories has an empty entry" in done.report
    assert "/tags/none/" not in done.urls()
    done.build()


def test_authors_become_keys_of_site_yaml(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01\nauthors: [Ann Lee, Bo Kim]"),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01\nauthor: Ann Lee"),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["authors"] == ["ann-lee", "bo-kim"]
    assert done.front("content/posts/b.md")["author"] == "ann-lee"
    assert done.site()["authors"] == {"ann-lee": {"name": "Ann Lee"}, "bo-kim": {"name": "Bo Kim"}}


def test_a_byline_in_markdown_links_gives_names_and_home_pages(
    hugo: Callable[..., Imported],
) -> None:
    """Docsy's blog: themes render the byline as markdown; its text was the name."""
    byline = (
        "author: >\n  [Patrice Chalin](https://github.com/chalin) ([CNCF](https://www.cncf.io/))"
        " & [Bo Kim](https://bo.example.org)"
    )
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/a.md": post(f"title: A\ndate: 2024-05-01\n{byline}"),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01\nauthor: Bo Kim"),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["authors"] == ["patrice-chalin", "bo-kim"]
    assert done.front("content/posts/b.md")["author"] == "bo-kim"
    assert done.site()["authors"] == {
        "bo-kim": {"name": "Bo Kim", "url": "https://bo.example.org"},
        "patrice-chalin": {"name": "Patrice Chalin", "url": "https://github.com/chalin"},
    }
    done.build()


def test_author_and_tags_in_the_params_table_are_the_articles(
    hugo: Callable[..., Imported],
) -> None:
    """Linkerd's blog: every post's author and tags sit under params."""
    front = (
        "title: A\ndate: 2024-05-01\nparams:\n  author: william\n  tags: [mesh]\n  showCover: true"
    )
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    values = done.front("content/posts/a.md")
    assert (values["author"], values["tags"], values["showCover"]) == ("william", ["mesh"], True)
    done.build()


def test_a_summary_divider_ending_a_paragraph_stays_a_divider(
    hugo: Callable[..., Imported],
) -> None:
    """Helm's blog: 'It finds charts. <!--more-->' became a written summary that the
    page printed under its headline, above the same words."""
    body = "We launch the [Hub](https://hub.example). It finds charts. <!--more-->\n\nMore."
    done = hugo(
        {"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post("title: A\ndate: 2024-05-01", body)}
    )
    assert "summary" not in done.front("content/posts/a.md")
    assert done.body("content/posts/a.md") == (
        "We launch the [Hub](https://hub.example). It finds charts.\n\n<!--more-->\n\nMore."
    )
    done.build()
    assert "class=dek" not in done.page("/posts/a/")


def test_emoji_in_a_heading_keep_hugos_id_when_hugo_drew_them(
    hugo: Callable[..., Imported],
) -> None:
    """Flux's monthly updates: with enableEmoji, ':lock:' was a character and the
    id Goldmark made dropped it."""
    body = (
        "#### :lock: Security enhancements\n\nSee [above](#-security-enhancements) :smiley:,"
        " not `:smiley:` nor :nope:."
    )
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG + "enableEmoji = true\n",
            "content/posts/a.md": post("title: A\ndate: 2024-05-01", body),
        }
    )
    assert done.body("content/posts/a.md") == (
        "#### \U0001f512 Security enhancements {#-security-enhancements}\n\n"
        "See [above](#-security-enhancements) \U0001f603, not `:smiley:` nor :nope:."
    )
    assert done.note("emoji code") == (
        "content/posts/a.md:6: 2 emoji code(s) (:lock:) written as the emoji, as Hugo's "
        "enableEmoji showed them"
    )
    done.build()
    checked = run_sitegen("check", str(done.dest))
    assert checked.code == 0, checked.err


def test_a_years_folder_gives_the_pattern_its_year(hugo: Callable[..., Imported]) -> None:
    """Istio's blog/2019/: a new article of 2020 must not be filed under 2019."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/blog/2019/a.md": post("title: A\ndate: 2019-05-01"),
        "content/blog/2019/b.md": post("title: B\ndate: 2019-06-01"),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/blog/{year}/{slug}/"}
    assert done.urls()["/blog/2019/a/"] == "/blog/2019/a/"
    done.build()


def test_a_months_folder_below_its_year_gives_the_pattern_its_month(
    hugo: Callable[..., Imported],
) -> None:
    """Bundles at blog/YYYY/MM/slug/: every month shares one pattern, and a new
    article lands under its own month, not the month of one folder."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/blog/2025/03/a/index.md": post("title: A\ndate: 2025-03-19"),
        "content/blog/2025/10/b/index.md": post("title: B\ndate: 2025-10-30"),
        "content/blog/2025/11/c/index.md": post("title: C\ndate: 2025-11-03"),
    }
    done = hugo(files)
    assert done.site()["permalinks"] == {"article": "/blog/{year}/{month}/{slug}/"}
    for path in ("2025/03/a", "2025/10/b", "2025/11/c"):
        assert "url" not in done.front(f"content/blog/{path}/index.md")
        assert done.urls()[f"/blog/{path}/"] == f"/blog/{path}/"
    new = done.dest / "content/blog/2025/12/new/index.md"
    new.parent.mkdir(parents=True)
    new.write_text(post("title: New\ndate: 2025-12-01"), encoding="utf-8")
    done.build()
    assert done.page("/blog/2025/12/new/")
    assert done.page("/blog/2025/03/a/")


def test_images_give_image_and_alt(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "static/img/a.jpg": JPG,
        "static/img/b.jpg": JPG,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01\nimages: [/img/a.jpg]"),
        "content/posts/b.md": post(
            "title: B\ndate: 2024-05-01\ncover:\n  image: /img/b.jpg\n  alt: A quay"
        ),
    }
    done = hugo(files)
    a, b = done.front("content/posts/a.md"), done.front("content/posts/b.md")
    assert (a["image"], a["image_alt"]) == ("/img/a.jpg", "A")
    assert "has no alt text: its title stands in" in done.note("posts/a.md")
    assert (b["image"], b["image_alt"]) == ("/img/b.jpg", "A quay")
    done.build()


def test_the_image_hugos_social_cards_showed_is_the_articles(
    hugo: Callable[..., Imported],
) -> None:
    """``images`` read from the site's root, as Hugo's opengraph template reads it
    (absURL), and a bundle's ``featured.png`` (Wowchemy's image, with its caption)."""
    config = BASIC_CONFIG + '[permalinks]\nposts = "/:contentbasename/"\n'
    files = {
        "hugo.toml": config,
        "content/posts/deploy/index.md": post(
            "title: Deploy\ndate: 2016-09-06\nimages:\n  - deploy/done.png"
        ),
        "content/posts/deploy/done.png": PNG,
        "content/publication/trauma/index.md": post(
            'title: Trauma\ndate: 2021-04-19\nimage:\n  caption: "*JCVA*"\n  focal_point: ""'
        ),
        "content/publication/trauma/featured.png": PNG,
        "content/publication/trauma/other.png": PNG,
    }
    done = hugo(files)
    deploy = done.front("content/deploy/index.md")
    assert (deploy["image"], deploy["image_alt"]) == ("/deploy/done.png", "Deploy")
    trauma = done.front("content/publication/trauma/index.md")
    assert (trauma["image"], trauma["image_alt"], trauma["image_caption"]) == (
        "featured.png",
        "Trauma",
        "JCVA",
    )
    assert "image featured.png: the bundle's picture Hugo's templates took" in done.report
    assert "leads nowhere" not in done.report
    done.build()
    assert "done" in done.page("/deploy/").split("property=og:image>")[0][-120:]
    assert "featured" in done.page("/publication/trauma/").split("property=og:image>")[0][-120:]


def test_an_image_in_the_params_table_is_the_articles(hugo: Callable[..., Imported]) -> None:
    """Stack's samples: ``[params] image = ...`` in TOML front matter."""
    front = 'title = "A"\ndate = 2024-05-01\n[params]\nImage = "/img/a.jpg"'
    files = {
        "hugo.toml": BASIC_CONFIG,
        "static/img/a.jpg": JPG,
        "content/posts/a.md": post(front, fence="+++"),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["image"] == "/img/a.jpg"
    done.build()


def test_a_covers_caption_and_an_image_named_as_a_resource_are_kept(
    hugo: Callable[..., Imported],
) -> None:
    """PaperMod prints cover.caption under the cover; LoveIt's featuredImage names a
    page resource, whose file Hugo showed."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/p/index.md": post(
            "title: P\ndate: 2024-05-01\ncover:\n  image: cover.jpg\n  alt: A harbour\n"
            "  caption: Photo by *Jane Doe*"
        ),
        "content/posts/p/cover.jpg": JPG,
        "content/posts/db/index.md": post(
            "title: DB\ndate: 2024-05-01\nresources:\n  - name: featured-image\n"
            "    src: featured-image.jpg\nfeaturedImage: featured-image\nalt: A rack"
        ),
        "content/posts/db/featured-image.jpg": JPG,
    }
    done = hugo(files)
    cover = done.front("content/posts/p/index.md")
    assert cover["image_caption"] == "Photo by Jane Doe"
    featured = done.front("content/posts/db/index.md")
    assert (featured["image"], featured["image_alt"]) == ("featured-image.jpg", "A rack")
    assert "leads nowhere" not in done.report
    done.build()
    assert "Photo by Jane Doe" in done.page("/posts/p/")
    assert "featured-image" in done.page("/posts/db/")


def test_a_feature_asset_is_copied_and_is_the_articles_image(
    hugo: Callable[..., Imported],
) -> None:
    """featureAsset names a file of assets/, which the import does not carry over."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "assets/img/featured/rust.jpg": JPG,
        "content/blog/rust/index.md": post(
            "title: Rust\ndate: 2024-05-01\nfeatureAsset: img/featured/rust.jpg\nalt: A crab"
        ),
        "content/blog/gone.md": post("title: Gone\ndate: 2024-05-01\nfeatureAsset: img/no.jpg"),
    }
    done = hugo(files)
    assert done.front("content/blog/rust/index.md")["image"] == "/img/featured/rust.jpg"
    assert (done.dest / "content/img/featured/rust.jpg").read_bytes() == JPG
    assert done.note("featureAsset") == (
        "content/blog/rust/index.md:4: featureAsset img/featured/rust.jpg (in assets/, not "
        "carried over) is the article's image: copied to content/img/featured/rust.jpg"
    )
    assert "image /img/no.jpg leads nowhere" in done.note("gone.md")
    done.build()
    assert "fetchpriority=high" in done.page("/blog/rust/")


def test_a_cover_papermod_hid_is_said(hugo: Callable[..., Imported]) -> None:
    """PaperMod's cover.hidden (the site's or the page's): Hugo never showed the cover;
    sitegen shows the article's image, which the report says."""
    files = {
        "hugo.toml": BASIC_CONFIG + "[params.cover]\nhiddenInSingle = true\n",
        "content/posts/p/index.md": post(
            "title: P\ndate: 2024-05-01\ncover:\n  image: cover.jpg\n  alt: A map\n  hidden: true"
        ),
        "content/posts/p/cover.jpg": JPG,
    }
    done = hugo(files)
    assert done.front("content/posts/p/index.md")["image"] == "cover.jpg"
    assert done.note("posts/p/index.md") == (
        "content/posts/p/index.md:4: PaperMod hid this cover (cover.hidden); sitegen shows "
        "the article's image on its page and cards: take 'image' out to hide it"
    )
    assert done.note("hugo.toml:1: PaperMod").startswith(
        "hugo.toml:1: PaperMod hid the articles' covers (params.cover.hiddenInSingle); "
    )


def test_an_image_that_leads_nowhere_is_left_out_so_the_site_builds(
    hugo: Callable[..., Imported],
) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/contact.md": post(
            'title: Contact\ndate: 2024-05-01\nfeatured_image: "images/notebook.jpg"'
        ),
        "content/posts/b.md": post(
            "title: B\ndate: 2024-05-01\ncover:\n  image: home.jpg\n  alt: Home\n  relative: true"
        ),
    }
    done = hugo(files)
    for path in ("content/contact.md", "content/posts/b.md"):
        assert not {"image", "image_alt"} & done.front(path).keys()
    assert "contact.md:4: image images/notebook.jpg leads nowhere" in done.note("contact.md")
    assert "left out, the article has none" in done.note("posts/b.md")
    done.build()


def test_an_empty_body_shows_the_abstract_or_summary_the_page_showed(
    hugo: Callable[..., Imported],
) -> None:
    """Wowchemy's publications keep their text in ``abstract``, the body empty."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/publication/a/index.md": post(
            "title: A\ndate: 2021-04-19\nabstract: Injury is *rare*.\nsummary: Short.", ""
        ),
        "content/publication/b/index.md": (
            "---\ntitle: B\ndate: 2021-04-20\nsummary: Only this.\n---\n"
        ),
        "content/publication/c/index.md": post("title: C\ndate: 2021-04-21\nabstract: Kept."),
    }
    done = hugo(files)
    assert done.body("content/publication/a/index.md") == "Injury is *rare*."
    a = done.front("content/publication/a/index.md")
    assert (a["summary"], "abstract" in a) == ("Short.", False)
    assert done.body("content/publication/b/index.md") == "Only this."
    assert "summary" not in done.front("content/publication/b/index.md")
    assert "content/publication/a/index.md:4: the body is empty: its 'abstract' is" in done.report
    assert "content/publication/b/index.md:4: the body is empty: its 'summary' is" in done.report
    assert done.body("content/publication/c/index.md") == "Body text."
    assert done.front("content/publication/c/index.md")["abstract"] == "Kept."
    done.build()
    assert "<em>rare</em>" in done.page("/publication/a/")


def test_other_keys_are_params_with_a_note_when_sitegen_lacks_their_effect(
    hugo: Callable[..., Imported],
) -> None:
    front = (
        "title: A\ndate: 2024-05-01\nweight: 3\nlayout: wide\nrelated: [b]\nparams:\n  mood: calm"
    )
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    values = done.front("content/posts/a.md")
    assert (values["weight"], values["layout"], values["mood"]) == (3, "wide", "calm")
    assert values["hugo_related"] == ["b"]
    assert "related" not in values
    assert "content/posts/a.md:5: 'layout' kept as a param" in done.report
    assert "content/posts/a.md:6: 'related' means something else to sitegen" in done.report
    assert "weight" not in done.report


def test_a_canonical_url_elsewhere_is_kept_with_a_note(hugo: Callable[..., Imported]) -> None:
    """PaperMod's canonicalURL (any case) pointed <link rel=canonical> at the original;
    sitegen's page names itself, which the report says."""
    front = "title: A\ndate: 2024-05-01\ncanonicalUrl: https://original.example/a/"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    assert done.front("content/posts/a.md")["canonicalUrl"] == "https://original.example/a/"
    assert done.note("canonicalUrl").startswith(
        "content/posts/a.md:4: 'canonicalUrl' kept as a param: the original the theme named "
        "in <link rel=canonical> (PaperMod's); sitegen's page names its own URL there"
    )


def test_loveits_icon_syntax_is_left_out_with_a_note(hugo: Callable[..., Imported]) -> None:
    """:(fas fa-x): was an icon of the theme's font; as text it would show as typed."""
    body = (
        "Gone camping! :(fas fa-campground fa-fw): Back soon.\n\n"
        "So funny :(far fa-grin-tears):\n\n`:(fas fa-code):`"
    )
    done = hugo(
        {"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post("title: A\ndate: 2024-05-01", body)}
    )
    assert done.body("content/posts/a.md") == (
        "Gone camping! Back soon.\n\nSo funny\n\n`:(fas fa-code):`"
    )
    assert done.note("icon") == (
        "content/posts/a.md:6: 2 Font Awesome icon(s) in LoveIt's syntax "
        "(:(fas fa-campground fa-fw):) left out: the theme drew them with its icon font, "
        "which sitegen does not load"
    )


def test_a_dead_links_note_is_at_its_own_line(hugo: Callable[..., Imported]) -> None:
    """An earlier external link holding the same path is not the dead one."""
    body = (
        "Read [Part 1](https://other.example/blog/part-one) first.\n\nText.\n\n"
        "As in [the first post](/blog/part-one), it helps."
    )
    done = hugo(
        {"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post("title: A\ndate: 2024-05-01", body)}
    )
    assert done.note("leads nowhere").startswith(
        "content/posts/a.md:10: link to /blog/part-one leads nowhere"
    )


def test_cascade_gives_values_to_the_pages_below(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/_index.md": post("title: Posts\ncascade:\n  tags: [cascaded]"),
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/b.md": post("title: B\ndate: 2024-05-01\ntags: [own]"),
    }
    done = hugo(files)
    assert done.front("content/posts/a.md")["tags"] == ["cascaded"]
    assert done.front("content/posts/b.md")["tags"] == ["own"]


def test_each_file_of_another_language_is_named_not_imported(
    hugo: Callable[..., Imported],
) -> None:
    config = BASIC_CONFIG + (
        'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n'
        '[languages.de]\nweight = 3\ncontentDir = "content_de"\n'
    )
    files = {
        "hugo.toml": config,
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/posts/a.fr.md": post("title: Un\ndate: 2024-05-01"),
        "content/posts/b.fr.md": post("title: Deux\ndate: 2024-05-01"),
        "content/posts/c.en.md": post("title: C\ndate: 2024-05-01"),
        "content_de/posts/a.md": post("title: Eins\ndate: 2024-05-01"),
    }
    done = hugo(files)
    assert done.result.code == 0, done.result.err
    assert sorted(p.name for p in (done.dest / "content/posts").glob("*.md")) == ["a.md", "c.md"]
    for path, language in (
        ("content/posts/a.fr.md", "fr"),
        ("content/posts/b.fr.md", "fr"),
        ("content_de/posts/a.md", "de"),
    ):
        assert done.note(path) == (
            f"{path}:1: not imported: a content file of the language '{language}'; sitegen "
            f"builds one language, so its page under /{language}/ stops answering"
        )


def test_a_bundle_page_named_for_an_unconfigured_language_is_the_bundles_page(
    hugo: Callable[..., Imported],
) -> None:
    """A one-language site whose bundles carry ``index.fr.md``: the page whatever else
    the site holds; beside the default language's page, left out with a note."""
    config = BASIC_CONFIG + 'defaultContentLanguage = "en"\n'
    files = {
        "hugo.toml": config,
        "content/posts/kube/index.fr.md": post("title: Kube\ndate: 2023-04-19", "![K](k.png)"),
        "content/posts/kube/k.png": PNG,
        "content/posts/blog/index.en.md": post("title: Blog\ndate: 2022-12-02", "EN body."),
        "content/posts/blog/index.fr.md": post("title: Blog\ndate: 2022-12-02", "FR body."),
        "content/posts/blog/notes.md": "Draft notes.\n",
        "content/posts/shell/index.en.md": post("title: Shell\ndate: 2024-01-02"),
    }
    done = hugo(files)
    assert done.body("content/posts/kube/index.md") == "![K](k.png)"
    assert done.body("content/posts/blog/index.md") == "EN body."
    assert done.urls()["/posts/kube/"] == "/posts/kube/"
    assert "content/posts/blog/index.fr.md:1: not imported: index.en.md is this bundle's page" in (
        done.report
    )
    assert "content/posts/blog/notes.md:1: kept as content/posts/blog/notes.md but not served" in (
        done.report
    )
    assert not (done.dest / "content/posts/blog/index.fr.md").exists()
    done.build()
    assert "K" in done.page("/posts/kube/")


def test_a_branch_index_is_landing_text(hugo: Callable[..., Imported]) -> None:
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/_index.md": post("title: Home\ndescription: All the <em>news</em>", "Welcome."),
        "content/posts/_index.md": post("title: Posts"),
        "content/posts/a.md": post("title: A\ndate: 2024-05-01\ncategories: [Posts]"),
    }
    done = hugo(files)
    assert done.front("content/_index.md") == {"title": "Home", "description": "All the news"}
    assert done.body("content/_index.md") == "Welcome."
    assert done.front("content/posts/_index.md") == {"title": "Posts"}
    built = done.build()
    assert "warning" not in built.err
    assert "Welcome." in done.page("/")


def test_a_section_title_no_page_would_show_is_a_note_not_a_file(
    hugo: Callable[..., Imported],
) -> None:
    """PaperMod's posts/_index.md: a title for a list sitegen has no page for."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/posts/_index.md": "---\ntitle: Posts\ndescription: Blog posts\n---\n",
        "content/notes/_index.md": post("title: Notes", "Short notes, kept here."),
        "content/posts/a.md": post("title: A\ndate: 2024-05-01"),
        "content/notes/b.md": post("title: B\ndate: 2024-05-02"),
    }
    done = hugo(files)
    assert not (done.dest / "content/posts/_index.md").exists()
    assert "it gives the list of 'posts' a title and no text" in done.note("posts/_index.md")
    assert (done.dest / "content/notes/_index.md").exists()  # text: kept, and said
    assert "which no article has" in done.note("notes/_index.md")
    built = done.build()
    assert "posts" not in built.err


def test_a_section_text_without_articles_below_it_is_an_article_at_its_url(
    hugo: Callable[..., Imported],
) -> None:
    """Wowchemy's "book" pages: Hugo showed the ``_index.md`` text as the page."""
    files = {
        "hugo.toml": BASIC_CONFIG,
        "content/post/a.md": post("title: A\ndate: 2021-01-01", "See [the guide](/guides/tubes/)."),
        "content/guides/tubes/_index.md": post(
            "title: Tube Sizing\ndate: 2021-03-30\ntype: book",
            "The classic method.\n\n![A scan](scan.jpg)",
        ),
        "content/guides/tubes/scan.jpg": JPG,
        "content/about/_index.md": post("title: About", "Who we are."),
        "content/post/_index.md": post("title: Posts", "All our posts."),
    }
    done = hugo(files)
    tubes = done.front("content/guides/tubes/index.md")
    assert (tubes["title"], tubes["url"], tubes["date"]) == (
        "Tube Sizing",
        "/guides/tubes/",
        dt.date(2021, 3, 30),
    )
    assert done.body("content/guides/tubes/index.md").startswith("The classic method.")
    assert "content/guides/tubes/_index.md:1: imported as an article" in done.report
    assert "date" not in done.front("content/about/index.md")  # a page, as Hugo showed it
    assert "a page here, at its URL" in done.note("about/_index.md:1: no date")
    assert not (done.dest / "content/guides/tubes/_index.md").exists()
    assert done.body("content/_index.md") == "All our posts."  # it has articles: a landing
    urls = done.urls()
    assert (urls["/guides/tubes/"], urls["/about/"]) == ("/guides/tubes/", "/about/")
    built = done.build()
    assert "not shown" not in built.err
    page = done.page("/guides/tubes/")
    assert "The classic method." in page
    assert 'alt="A scan"' in page
    assert "Who we are." in done.page("/about/")


def test_a_tab_before_a_yaml_comment_is_read_as_hugo_reads_it(
    hugo: Callable[..., Imported],
) -> None:
    front = "title: A\ndate: 2024-05-01\nweight: 100\t# first"
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/posts/a.md": post(front)})
    assert done.front("content/posts/a.md")["weight"] == 100


def test_an_alt_text_without_a_picture_sitegen_takes_is_kept(hugo: Callable[..., Imported]) -> None:
    front = (
        'title: Syria\ndate: 2017-03-30\nimagethumb: "2017-03/syria.jpg"\n'
        'imagealt: "Syrian children"'
    )
    done = hugo({"content/news/a.md": post(front)})
    kept = done.front("content/news/a.md")
    assert kept["imagealt"] == "Syrian children" and "image" not in kept


def test_pandocs_math_in_an_html_page_is_set_as_math(hugo: Callable[..., Imported]) -> None:
    """blogdown (R Markdown) and Quarto pages are HTML from Pandoc, their TeX in
    ``<span class="math inline">\\(…\\)</span>`` for MathJax; as markdown text the
    backslashes were read as escapes and readers saw (x^2)."""
    page = (
        "---\ntitle: Fit\ndate: 2020-03-01\n---\n"
        '<p>The slope <span class="math inline">\\(\\beta_1\\)</span> grows.</p>\n'
        '<p><span class="math display">\\[ y = \\alpha + \\beta x \\]</span></p>\n'
        '<pre class="r"><code>lm(y ~ x)</code></pre>\n'
    )
    done = hugo({"hugo.toml": BASIC_CONFIG, "content/post/2020-03-01-fit.html": page})
    body = done.body("content/post/2020-03-01-fit.md")
    assert "The slope $\\beta_1$ grows." in body
    assert "$$y = \\alpha + \\beta x$$" in body
    assert "```r\nlm(y ~ x)\n```" in body
    assert done.site()["markdown"] == {"math": True}
    assert "fit.html:5: Pandoc's math" in done.report
    done.build()
    assert "<math" in done.page(done.urls()["/post/2020-03-01-fit/"])


def test_links_to_a_number_the_file_defines_lead_to_its_reference(
    hugo: Callable[..., Imported],
) -> None:
    """WordPress exports wrote reference links as ``[text](1)`` with ``[1]: URL`` at
    the foot of the file: Hugo linked ./1, which led nowhere, and the addresses the
    author gave were lost to readers."""
    body = (
        "See [the market](1) and ![](2).\n\nA [plain one](3).\n\n"
        " [1]: https://market.example/\n [2]: https://img.example/a.png\n"
    )
    done = hugo(
        {
            "hugo.toml": BASIC_CONFIG,
            "content/posts/a.md": post("title: A\ndate: 2024-01-01", body),
        }
    )
    text = done.body("content/posts/a.md")
    assert "[the market](https://market.example/)" in text
    assert "![](https://img.example/a.png)" in text
    assert "[plain one](/posts/a/3)" in text
    assert done.note("written [text](1)") == (
        "content/posts/a.md:6: 2 links written [text](1) lead to the file's reference "
        "definitions ([1]: https://market.example/), as their author meant: Hugo linked "
        "./1, which led nowhere"
    )
    assert "link to 3 leads nowhere" in done.report
