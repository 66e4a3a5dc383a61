"""Local raster images an article shows become responsive ``<picture>`` elements."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import Run, article
from tests.images.pictures import (
    GPS_IFD,
    output_file,
    page,
    photo,
    size_of,
    with_location,
    within,
)

SiteMaker = Callable[[Mapping[str, str | bytes]], Path]
Builder = Callable[..., Run]

LEAD = article(
    "Harbour", "2025-04-05", body="Text.", image="harbour.jpg", image_alt="Ships at dusk"
)


def built(make_site: SiteMaker, build_site: Builder, files: Mapping[str, str | bytes]) -> Path:
    site = make_site({"site.yaml": "social_cards: false\n", **files})
    run = build_site(site)
    assert run.code == 0, run.err
    return site / "output"


def test_lead_image_gets_avif_webp_and_its_own_format_at_every_width(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {"content/harbour/index.md": LEAD, "content/harbour/harbour.jpg": photo(2400, 1200)}
    out = built(make_site, build_site, files)
    doc = page(out / "articles/harbour/index.html")

    (picture,) = within(doc, "article__image", "picture")
    sources = {s.get("type"): s.get("srcset") for s in picture.xpath(".//source")}
    assert list(sources) == ["image/avif", "image/webp"]
    (img,) = picture.xpath(".//img")
    assert (img.get("width"), img.get("height")) == ("1600", "800")
    assert img.get("fetchpriority") == "high"
    assert img.get("loading") is None and img.get("decoding") is None
    assert img.get("alt") == "Ships at dusk"
    assert img.get("sizes") and img.get("sizes") == picture.xpath(".//source")[0].get("sizes")
    widths = [part.split()[1] for part in img.get("srcset").split(", ")]
    assert widths == ["480w", "800w", "1200w", "1600w"]
    for srcset, fmt in [(sources["image/avif"], "AVIF"), (sources["image/webp"], "WEBP")]:
        for part in srcset.split(", "):
            href, width = part.split()
            assert size_of(output_file(out, href)) == (fmt, (int(width[:-1]), int(width[:-1]) // 2))
    assert size_of(output_file(out, img.get("src"))) == ("JPEG", (1600, 800))


def test_body_image_is_lazy_and_never_wider_than_its_original(
    make_site: SiteMaker, build_site: Builder
) -> None:
    body = "Text.\n\n![A chart of grain prices](chart.png)\n"
    files = {
        "content/grain/index.md": article("Grain", "2025-04-05", body=body),
        "content/grain/chart.png": photo(900, 600, "PNG", alpha=True),
    }
    out = built(make_site, build_site, files)
    (picture,) = within(page(out / "articles/grain/index.html"), "prose", "picture")
    (img,) = picture.xpath(".//img")

    assert (img.get("width"), img.get("height")) == ("900", "600")
    assert (img.get("loading"), img.get("decoding")) == ("lazy", "async")
    assert img.get("fetchpriority") is None
    assert img.get("alt") == "A chart of grain prices"
    assert [p.split()[1] for p in img.get("srcset").split(", ")] == ["480w", "800w", "900w"]
    assert size_of(output_file(out, img.get("src"))) == ("PNG", (900, 600))
    with Image.open(output_file(out, img.get("src"))) as fallback:
        assert fallback.mode == "RGBA"  # the transparency is kept


def test_a_small_image_keeps_its_size_and_an_animation_is_shown_as_it_is(
    make_site: SiteMaker, build_site: Builder
) -> None:
    frames = [Image.new("RGB", (120, 80), c) for c in ("red", "blue")]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    body = "![Icon](icon.png)\n\n![Moving](anim.gif)\n"
    files = {
        "content/a/index.md": article("A", "2025-04-05", body=body),
        "content/a/icon.png": photo(300, 200, "PNG"),
        "content/a/anim.gif": gif.getvalue(),
    }
    out = built(make_site, build_site, files)
    doc = page(out / "articles/a/index.html")
    icon, anim = within(doc, "prose", "img")

    assert [p.split()[1] for p in icon.get("srcset").split(", ")] == ["300w"]
    assert anim.get("src") == "/a/anim.gif" and anim.get("srcset") is None
    assert (anim.get("width"), anim.get("height"), anim.get("loading")) == ("120", "80", "lazy")
    assert (out / "a/anim.gif").read_bytes() == files["content/a/anim.gif"]


def test_svg_remote_and_raw_picture_images_pass_through_untouched(
    make_site: SiteMaker, build_site: Builder
) -> None:
    body = (
        "![Map](map.svg)\n\n![Remote](https://cdn.example.org/x.jpg)\n\n"
        '<picture><img src="photo.jpg" alt="As written"></picture>\n'
    )
    files = {
        "site.yaml": "social_cards: false\nmarkdown: {html: unsafe}\n",
        "content/a/index.md": article("A", "2025-04-05", body=body),
        "content/a/map.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        "content/a/photo.jpg": photo(800, 600),
    }
    out = built(make_site, build_site, files)
    doc = page(out / "articles/a/index.html")

    assert [i.get("src") for i in within(doc, "prose", "img")] == [
        "/a/map.svg",
        "https://cdn.example.org/x.jpg",
        "/a/photo.jpg",  # resolved as markdown's are: the bundle's file, at its address
    ]
    assert all(i.get("srcset") is None for i in within(doc, "prose", "img"))
    assert len(within(doc, "prose", "picture")) == 1
    assert not (out / "static/img").exists()


def test_an_author_width_is_kept_and_other_attributes_too(
    make_site: SiteMaker, build_site: Builder
) -> None:
    body = '<img src="wide.jpg" width="600" alt="Wide" class="inset" title="T">\n'
    files = {
        "site.yaml": "social_cards: false\n",
        "content/a/index.md": article("A", "2025-04-05", body=body),
        "content/a/wide.jpg": photo(1200, 400),
    }
    out = built(make_site, build_site, files)
    (img,) = within(page(out / "articles/a/index.html"), "prose", "img")

    assert (img.get("width"), img.get("height")) == ("600", "200")
    assert img.get("sizes") == "(min-width: 600px) 600px, 100vw"
    assert (img.get("class"), img.get("title"), img.get("alt")) == ("inset", "T", "Wide")


def test_location_is_taken_out_of_variants_and_of_the_published_original(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "content/harbour/index.md": LEAD,
        "content/harbour/harbour.jpg": with_location(640, 480, orientation=6),
    }
    out = built(make_site, build_site, files)
    published = out / "harbour/harbour.jpg"

    with Image.open(published) as original:
        exif = original.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert b"GPS" not in original.info.get("xmp", b"")
        assert (exif[0x010F], exif[0x0112]) == ("Phone Maker", 6)  # the rest is kept
    source = files["content/harbour/harbour.jpg"]
    scan = source.index(b"\xff\xda")
    assert published.read_bytes().endswith(source[scan:])  # pixels copied, not re-encoded
    (img,) = within(page(out / "articles/harbour/index.html"), "article__image", "img")
    with Image.open(output_file(out, img.get("src"))) as variant:
        assert variant.size == (480, 640)  # turned upright
        assert not variant.getexif()


@pytest.mark.parametrize(
    ("files", "error"),
    [
        (
            {"content/a.md": article("A", body="Text.\n\n![A chart](chart.png)")},
            "content/a.md:8: image 'chart.png' does not exist",
        ),
        (
            {"content/a.md": article("A", image="nope.jpg", image_alt="Nothing")},
            "content/a.md:4: image 'nope.jpg' does not exist",
        ),
        (
            {
                "content/a/index.md": article("A", body="Text.\n\n![Broken](broken.jpg)"),
                "content/a/broken.jpg": b"\xff\xd8 this is not a JPEG",
            },
            "content/a/index.md:8: image 'broken.jpg' cannot be read as an image (not JPEG,",
        ),
    ],
    ids=["missing-body-image", "missing-lead-image", "unreadable-image"],
)
def test_a_missing_or_unreadable_image_is_an_error_at_its_line(
    make_site: SiteMaker, build_site: Builder, files: Mapping[str, str | bytes], error: str
) -> None:
    run = build_site(make_site(files))

    assert run.code == 1
    assert len(run.errors) == 1 and run.errors[0].startswith(error), run.errors
    assert "Traceback" not in run.err


def test_every_bad_image_of_every_article_is_reported_in_one_run(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {
        "content/a.md": article("A", body="![x](x.png)\n\n![y](y.png)"),
        "content/b/index.md": article("B", image="gone.png", image_alt="Gone"),
    }
    run = build_site(make_site(files))

    assert run.errors == [
        "content/a.md:6: image 'x.png' does not exist",
        "content/a.md:8: image 'y.png' does not exist",
        "content/b/index.md:4: image 'gone.png' does not exist",
    ]


def test_a_root_relative_image_the_site_does_not_have_is_left_to_the_host(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {"content/a.md": article("A", body="![Logo](/images/logo.png)")}
    out = built(make_site, build_site, files)
    (img,) = within(page(out / "articles/a/index.html"), "prose", "img")

    assert img.get("src") == "/images/logo.png"


def test_variants_are_cached_for_ever_by_the_host(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {"content/harbour/index.md": LEAD, "content/harbour/harbour.jpg": photo(1000, 500)}
    out = built(make_site, build_site, files)

    headers = (out / "_headers").read_text()
    assert "/static/img/*\n  Cache-Control: public, max-age=31536000, immutable\n" in headers


def test_a_content_file_in_the_way_of_a_variant_is_an_error(
    make_site: SiteMaker, build_site: Builder
) -> None:
    files = {"content/harbour/index.md": LEAD, "content/harbour/harbour.jpg": photo(1000, 500)}
    out = built(make_site, build_site, files)
    variant = sorted(p.name for p in (out / "static/img").iterdir())[0]
    site = out.parent
    (site / "content/static/img").mkdir(parents=True)
    (site / "content/static/img" / variant).write_bytes(b"mine")
    run = build_site(site)

    assert run.code == 1
    assert run.errors == [
        f"content/static/img/{variant}:1: this file would write static/img/{variant}, which is "
        "also an image variant or social card sitegen generates; give one of them another address"
    ]


def test_a_figure_shortcode_image_is_responsive_and_a_missing_one_is_an_error(
    make_site: SiteMaker, build_site: Builder
) -> None:
    body = (
        'Intro.\n\n{{< figure src="port.jpg" alt="The port" caption="Cranes at dawn" >}}\n\n'
        '{{< figure src="gone.jpg" alt="Nothing" >}}\n'
    )
    files = {
        "site.yaml": "social_cards: false\n",
        "content/a/index.md": article("A", "2025-04-05", body=body),
        "content/a/port.jpg": photo(1000, 500),
    }
    site = make_site(files)
    run = build_site(site)
    assert run.errors == ["content/a/index.md:10: image 'gone.jpg' does not exist"]

    kept = body.split('\n\n{{< figure src="gone.jpg')[0]
    (site / "content/a/index.md").write_text(article("A", "2025-04-05", body=kept))
    assert build_site(site).code == 0
    (figure,) = page(site / "output/articles/a/index.html").xpath("//figure[figcaption]")
    (img,) = figure.xpath(".//picture//img")
    assert (img.get("width"), img.get("height"), img.get("alt")) == ("1000", "500", "The port")
    assert figure.xpath(".//picture//source/@type") == ["image/avif", "image/webp"]


def test_a_site_without_images_or_cards_never_loads_pillow(make_site: SiteMaker) -> None:
    import subprocess
    import sys

    site = make_site({"site.yaml": "social_cards: false\n", "content/a.md": article("A")})
    script = (
        "import sys\nfrom sitegen.cli import main\n"
        f"main(['build', {str(site)!r}, '--jobs', '1'])\n"
        "print('PIL' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"
