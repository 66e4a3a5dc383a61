"""One file's variants: formats by the original's, pixels kept as the original shows them."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from sitegen.images.process import Made, process_file, strip_jpeg_location
from tests.images.pictures import GPS_IFD, photo, with_location


def made_from(tmp_path: Path, name: str, data: bytes) -> tuple[Made, Path]:
    source = tmp_path / name
    source.write_bytes(data)
    entry = tmp_path / "entry"
    made = process_file(source, entry)
    assert isinstance(made, Made), made
    return made, entry


def test_a_16_bit_grey_image_is_scaled_to_8_bits_not_clipped(tmp_path: Path) -> None:
    grey = Image.new("I;16", (300, 200), 30000)  # mid-grey, as 16 bits
    out = io.BytesIO()
    grey.save(out, "PNG")
    _, entry = made_from(tmp_path, "scan.png", out.getvalue())

    with Image.open(entry / "300.png") as variant:
        assert variant.convert("L").getpixel((10, 10)) == 30000 // 256


def test_tiff_and_cmyk_become_jpeg_for_the_img_and_png_keeps_transparency(tmp_path: Path) -> None:
    cmyk = io.BytesIO()
    Image.new("CMYK", (200, 100), (0, 255, 255, 0)).save(cmyk, "TIFF")
    made, entry = made_from(tmp_path, "red.tif", cmyk.getvalue())
    assert made.fallback == "jpeg"
    with Image.open(entry / "200.jpg") as variant:
        red, green, blue = variant.convert("RGB").getpixel((100, 50))
        assert red > 200 and green < 60 and blue < 60

    made, entry = made_from(tmp_path, "logo.png", photo(200, 100, "PNG", alpha=True))
    assert made.fallback == "png" and [v[2] for v in made.variants] == ["avif", "webp", "png"]


def test_a_jpeg_loses_its_location_and_nothing_else(tmp_path: Path) -> None:
    data = with_location()
    clean = strip_jpeg_location(data)

    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
        assert image.getexif()[0x010F] == "Phone Maker"
        assert "xmp" not in image.info
    scan = data.index(b"\xff\xda")
    assert clean[clean.index(b"\xff\xda") :] == data[scan:]
    assert strip_jpeg_location(photo(40, 30)) == photo(40, 30)
