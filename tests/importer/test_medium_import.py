"""``sitegen import medium``: a Medium export (zip or folder) becomes a site that
builds, with Medium's layout taken away, its blocks made sitegen's, each story's
address on its publication's domain an alias, and links between stories kept."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_sitegen
from tests.importer.conftest import build_imported, front_and_body

CLOCK = "1767225600"  # 2026-01-01T00:00:00Z
DOMAIN = "https://harbour.example.org"


def page(title: str, body: str, footer: str, subtitle: str = "") -> str:
    """A story as Medium exports it: one page, marked up in microformats."""
    summary = (
        f'<section data-field="subtitle" class="p-summary">\n  {subtitle}\n</section>'
        if subtitle
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>'
        f"{title}</title><style>h1 {{ color: #333; }}</style></head><body>\n"
        f'<article class="h-entry">\n<header><h1 class="p-name">{title}</h1></header>\n'
        f'{summary}\n<section data-field="body" class="e-content">\n{body}\n</section>\n'
        f"<footer>{footer}</footer>\n</article></body></html>\n"
    )


def footer(story: str, when: str, tags: tuple[str, ...] = ()) -> str:
    tag_links = ", ".join(
        f'<a href="https://medium.com/tag/{t.lower()}" class="p-tag">{t}</a>' for t in tags
    )
    return (
        (f'<p class="p-tags">Tagged in {tag_links}</p>' if tags else "")
        + '<p>By <a href="https://medium.com/@mara.ortiz" class="p-author h-card">Mara Ortiz</a>'
        f' on <a href="https://medium.com/p/{story[-12:]}"><time class="dt-published" '
        f'datetime="{when}">a day</time></a>.</p>'
        f'<p><a href="{DOMAIN}/{story}" class="p-canonical">Canonical link</a></p>'
        '<p>Exported from <a href="https://medium.com">Medium</a>.</p>'
    )


SECTION = (
    '<section name="a1" class="section section--body section--first">'
    '<div class="section-divider"><hr class="section-divider"></div>'
    '<div class="section-content"><div class="section-inner sectionLayout--insetColumn">{}'
    "</div></div></section>"
)
STRIKE_BODY = SECTION.format(
    '<h3 name="t" class="graf graf--h3 graf--leading graf--title">The port strike, explained</h3>'
    '<h4 name="s" class="graf graf--h4 graf--subtitle">What the dockworkers want</h4>'
    '<figure name="f1" class="graf graf--figure"><div class="aspectRatioPlaceholder is-locked">'
    '<div class="aspectRatioPlaceholder-fill"></div><img class="graf-image" '
    'data-image-id="1*cranes.jpeg" alt="Cranes idle at the terminal" '
    'src="https://cdn-images-1.medium.com/max/800/1*cranes.jpeg"></div>'
    '<figcaption class="imageCaption">Photo: <em>Port Authority</em></figcaption></figure>'
    '<p name="p1" class="graf graf--p">The strike began on Monday. See '
    f'<a href="{DOMAIN}/rates-in-2024-0a1b2c3d4e5f" class="markup--anchor">the rates</a>.</p>'
    '<blockquote name="q" class="graf graf--pullquote">We are not going back.</blockquote>'
    '<figure name="v" class="graf graf--figure graf--iframe"><iframe '
    'src="https://www.youtube.com/embed/dQw4w9WgXcQ?start=90&amp;feature=oembed" '
    'width="700" height="393"></iframe></figure>'
    '<div name="m" class="graf graf--mixtapeEmbed"><a href="https://example.org/report" '
    'class="markup--anchor"><strong class="markup--strong">The annual report</strong><br>'
    '<em class="markup--em">Figures for 2024.</em></a></div>'
    '<pre name="c" class="graf graf--pre" data-code-block-lang="python">'
    '<code class="markup--code">  rates = load()<br>  print(rates)</code></pre>'
)
ROW_OF_IMAGES = (
    '<section name="b1" class="section section--body section--last">'
    '<div class="section-divider"><hr class="section-divider"></div>'
    '<div class="section-content"><div class="section-inner sectionLayout--outsetRow">'
    '<figure class="graf graf--figure graf--layoutOutsetRow"><img class="graf-image" '
    'src="https://cdn-images-1.medium.com/max/600/1*left.jpeg"></figure>'
    '<figure class="graf graf--figure graf--layoutOutsetRowContinue"><img class="graf-image" '
    'src="https://cdn-images-1.medium.com/max/600/1*right.jpeg">'
    '<figcaption class="imageCaption">Before and after</figcaption></figure></div>'
    '<div class="section-inner sectionLayout--insetColumn"><p class="graf graf--p">Last words.'
    "</p></div></div></section>"
)
RATES_BODY = SECTION.format(
    '<p class="graf graf--p">Rates doubled. Back to '
    '<a href="https://medium.com/p/9f8e7d6c5b4a">the strike</a>.</p>'
)
PROFILE = (
    '<html><body><section class="h-card"><h3 class="p-name">Mara Ortiz</h3>'
    '<img class="u-photo" src="https://cdn-images-1.medium.com/fit/c/400/400/1*mara.jpeg">'
    '<ul><li><b>Profile:</b> <a class="u-url" href="https://medium.com/@mara.ortiz">'
    "@mara.ortiz</a></li><li><b>Email address:</b> mara@example.org</li></ul>"
    "</section></body></html>"
)


def export_files() -> dict[str, str]:
    strike = "the-port-strike-explained-9f8e7d6c5b4a"
    rates = "rates-in-2024-0a1b2c3d4e5f"
    return {
        "posts/2024-03-01_The-port-strike--explained-9f8e7d6c5b4a.html": page(
            "The port strike, explained",
            STRIKE_BODY + ROW_OF_IMAGES,
            footer(strike, "2024-03-01T10:00:00.123Z", ("Shipping", "Labour")),
            subtitle="What the dockworkers want",
        ),
        "posts/2024-04-02_Rates-in-2024-0a1b2c3d4e5f.html": page(
            "Rates in 2024", RATES_BODY, footer(rates, "2024-04-02T08:00:00.000Z")
        ),
        "posts/draft_Half-a-thought-123456789abc.html": page(
            "Half a thought",
            SECTION.format('<p class="graf graf--p">Not yet.</p>'),
            '<p><a href="https://medium.com/p/123456789abc/edit">Draft link</a></p>',
        ),
        "profile/profile.html": PROFILE,
        "README.html": "<html><body><p>Your Medium archive.</p></body></html>",
    }


def write_export(tmp_path: Path, files: Mapping[str, str], zipped: bool = True) -> Path:
    if zipped:
        path = tmp_path / "medium-export.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        return path
    folder = tmp_path / "medium-export"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def import_medium(tmp_path: Path, zipped: bool = True) -> Path:
    dest = tmp_path / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", CLOCK)
        source = write_export(tmp_path, export_files(), zipped)
        result = run_sitegen("import", "medium", str(source), str(dest))
    assert result.code == 0, result.err
    return dest


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "folder"])
def test_stories_keep_their_address_author_and_tags(tmp_path: Path, zipped: bool) -> None:
    site = import_medium(tmp_path, zipped)
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["base_url"] == "https://harbour.example.org/"
    assert config["permalinks"] == {"article": "/{slug}/"}
    assert config["authors"] == {
        "mara-ortiz": {
            "name": "Mara Ortiz",
            "url": "https://medium.com/@mara.ortiz",
            "image": "https://cdn-images-1.medium.com/fit/c/400/400/1*mara.jpeg",
        }
    }
    assert "mara@example.org" not in (site / "site.yaml").read_text()
    front, _ = front_and_body(site / "content/posts/2024/the-port-strike-explained.md")
    assert front["title"] == "The port strike, explained"
    assert front["date"].isoformat() == "2024-03-01T10:00:00+00:00"
    assert front["author"] == "mara-ortiz"
    assert front["tags"] == ["Shipping", "Labour"]
    assert front["summary"] == "What the dockworkers want"
    draft, _ = front_and_body(site / "content/posts/undated/half-a-thought.md")
    assert draft["draft"] is True and "date" not in draft
    build_imported(site)
    output = site / "output"
    assert (output / "the-port-strike-explained/index.html").is_file()
    # the old address on the publication's domain redirects to the new one
    moved = output / "the-port-strike-explained-9f8e7d6c5b4a/index.html"
    assert "/the-port-strike-explained/" in moved.read_text()
    assert not (output / "half-a-thought").exists()


def test_medium_layout_is_taken_away_and_its_blocks_become_sitegens(tmp_path: Path) -> None:
    site = import_medium(tmp_path)
    _, body = front_and_body(site / "content/posts/2024/the-port-strike-explained.md")
    # neither the repeated title and subtitle nor the opening divider
    assert "### The port strike" not in body and "What the dockworkers want" not in body
    assert not body.lstrip().startswith("---") and not body.lstrip().startswith("***")
    assert (
        '{{< figure src="https://cdn-images-1.medium.com/max/800/1*cranes.jpeg" '
        'alt="Cranes idle at the terminal" caption="Photo: *Port Authority*" >}}'
    ) in body
    assert "> We are not going back." in body
    assert '{{< youtube id="dQw4w9WgXcQ" start="90" >}}' in body
    assert "[**The annual report**](https://example.org/report) — Figures for 2024." in body
    assert "```python\nrates = load()\nprint(rates)\n```" in body
    assert '{{< figure src="https://cdn-images-1.medium.com/max/600/1*left.jpeg" >}}' in body
    assert (
        '{{< figure src="https://cdn-images-1.medium.com/max/600/1*right.jpeg" '
        'caption="Before and after" >}}'
    ) in body
    assert "Last words." in body and "SITEGENCALL" not in body
    report = (site / "import-report.txt").read_text()
    assert "images stay on Medium's servers" in report
    build_imported(site)
    html = (site / "output/the-port-strike-explained/index.html").read_text()
    assert "Cranes idle at the terminal" in html and "watch?v=dQw4w9WgXcQ&t=90s" in html


def test_links_between_stories_follow_them(tmp_path: Path) -> None:
    site = import_medium(tmp_path)
    _, strike = front_and_body(site / "content/posts/2024/the-port-strike-explained.md")
    assert "See [the rates](rates-in-2024.md)." in strike
    _, rates = front_and_body(site / "content/posts/2024/rates-in-2024.md")
    assert "Back to [the strike](the-port-strike-explained.md)." in rates  # by medium.com/p/ID
    build_imported(site)
    html = (site / "output/rates-in-2024/index.html").read_text()
    assert "/the-port-strike-explained/" in html


def test_an_archive_without_stories_is_refused(tmp_path: Path) -> None:
    source = write_export(tmp_path, {"profile/profile.html": PROFILE})
    dest = tmp_path / "site"
    result = run_sitegen("import", "medium", str(source), str(dest))
    assert result.code == 1
    assert f"{source}:1: not a Medium export" in result.err
    assert not dest.exists() and "Traceback" not in result.err
