"""Photos: only sound JPEG, PNG and WebP images are accepted, each refusal says why, and
what is stored is the pixels alone, upright, under a random name, with WebP renditions."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, PngImagePlugin

from initiatives import uploads
from initiatives.models import UpdatePhoto
from tests.uploads import files

REFUSED = {
    "text-renamed-jpg": (files.text_as_jpeg, "not_an_image", uploads.NOT_AN_IMAGE),
    "svg": (files.svg, "not_an_image", uploads.NOT_AN_IMAGE),
    "gif": (files.gif, "not_an_image", uploads.NOT_AN_IMAGE),
    "truncated-jpeg": (files.truncated_jpeg, "damaged_image", uploads.DAMAGED_IMAGE),
    "png-20000x20000": (
        lambda: files.png_claiming(20_000, 20_000),
        "too_many_pixels",
        uploads.TOO_MANY_PIXELS,
    ),
}


def stored(photo) -> tuple[Image.Image, bytes]:
    with photo.image.open("rb") as file:
        content = file.read()
    return Image.open(io.BytesIO(content)), content


def near(pixel, colour) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_that_is_not_a_sound_photo_is_refused_with_its_reason(case):
    make, code, message = REFUSED[case]

    with pytest.raises(ValidationError) as refused:
        uploads.check_image(make())

    assert (refused.value.code, refused.value.message) == (code, message)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_photo_above_40_megapixels_is_refused_before_its_pixels_are_decoded():
    # 48 million pixels: under Pillow's own refusal (twice the guard), over the portal's.
    with pytest.raises(ValidationError) as refused:
        uploads.check_image(files.png_claiming(8_000, 6_000))

    assert refused.value.code == "too_many_pixels"
    assert refused.value.params == {"limit": 40}


def test_a_photo_heavier_than_the_setting_is_refused_with_both_sizes(settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 2_000

    with pytest.raises(ValidationError) as refused:
        uploads.check_image(files.upload("big.jpg", files.noisy_jpeg_bytes()))

    assert refused.value.code == "too_heavy"
    assert refused.value.params["limit"] == filesizeformat(2_000)


@pytest.mark.parametrize(
    ("upload", "stored_as"),
    [
        (files.jpeg, "JPEG"),
        (lambda: files.upload("x.png", files.encoded(Image.new("RGBA", (9, 9)), "PNG")), "PNG"),
        (lambda: files.upload("x.webp", files.encoded(Image.new("RGB", (9, 9)), "WEBP")), "WEBP"),
    ],
)
def test_jpeg_png_and_webp_photos_are_accepted(upload, stored_as):
    assert uploads.check_image(upload()) == stored_as


def test_the_model_refuses_an_unsafe_new_file_in_full_clean(make_update):
    photo = UpdatePhoto(update=make_update(), image=files.svg())

    with pytest.raises(ValidationError) as refused:
        photo.full_clean()

    assert refused.value.message_dict["image"] == [uploads.NOT_AN_IMAGE]


def test_a_file_stored_before_the_checks_is_not_checked_again(make_photo):
    # A GIF stored directly (as imports and older records did) does not block its record.
    photo = make_photo(image=files.gif())

    photo.full_clean()


def test_a_phone_photo_is_stored_upright_without_exif_gps_or_other_metadata(make_uploaded_photo):
    photo = make_uploaded_photo(files.phone_jpeg(size=(80, 40)))

    image, content = stored(photo)
    assert image.format == "JPEG"
    assert image.size == (photo.width, photo.height) == (40, 80)
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    for trace in (b"Exif", b"PhoneMaker", b"2025:03:01", b"Azemmour", b"Fatima"):
        assert trace not in content
    # Turned a quarter clockwise: the sensor's left half (red) is now the top.
    assert near(image.getpixel((20, 10)), files.RED)
    assert near(image.getpixel((20, 70)), files.BLUE)


def test_png_and_webp_photos_stay_in_their_format_without_metadata(make_uploaded_photo):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Fatima")
    png = files.encoded(Image.new("RGBA", (30, 20), (0, 90, 0, 128)), "PNG", pnginfo=text)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    webp = files.encoded(Image.new("RGB", (30, 20)), "WEBP", exif=exif)

    png_photo = make_uploaded_photo(files.upload("a.png", png, "image/png"))
    webp_photo = make_uploaded_photo(files.upload("b.webp", webp, "image/webp"))

    png_image, png_content = stored(png_photo)
    webp_image, webp_content = stored(webp_photo)
    assert (png_image.format, png_image.mode, png_image.getpixel((0, 0))) == (
        "PNG",
        "RGBA",
        (0, 90, 0, 128),
    )
    assert b"Fatima" not in png_content
    assert webp_image.format == "WEBP"
    assert b"PhoneMaker" not in webp_content


def test_stored_names_are_random_with_the_extension_of_the_real_format(
    make_uploaded_photo, make_update
):
    update = make_update()
    first = make_uploaded_photo(files.phone_jpeg("fatima-at-home.jpg"), update=update)
    second = make_uploaded_photo(files.phone_jpeg("fatima-at-home.jpg"), update=update)
    # A PNG named .jpg is stored as what it is.
    png = make_uploaded_photo(
        files.upload("photo.jpg", files.encoded(Image.new("RGB", (5, 5)), "PNG")), update=update
    )

    assert re.fullmatch(r"updates/photos/\d{4}/[0-9a-f]{32}\.jpg", first.image.name)
    assert first.image.name != second.image.name
    assert "fatima" not in first.image.name
    assert re.fullmatch(r"updates/photos/\d{4}/[0-9a-f]{32}\.png", png.image.name)


def test_a_wide_photo_gets_webp_renditions_320_640_and_1280_wide(make_uploaded_photo):
    photo = make_uploaded_photo(files.jpeg(size=(2000, 1000)))

    assert list(photo.renditions) == ["320", "640", "1280"]
    stem = photo.image.name.removesuffix(".jpg")
    for width, path in photo.renditions.items():
        assert path == f"{stem}-{width}.webp"
        with photo.image.storage.open(path) as file, Image.open(file) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.size == (int(width), int(width) // 2)
            assert len(rendition.getexif()) == 0


def test_a_700_px_photo_gets_only_the_narrower_renditions(make_uploaded_photo):
    photo = make_uploaded_photo(files.jpeg(size=(700, 500)))

    assert list(photo.renditions) == ["320", "640"]


def test_a_photo_narrower_than_320_px_gets_no_rendition(make_uploaded_photo):
    photo = make_uploaded_photo(files.jpeg(size=(300, 200)))

    assert photo.renditions == {}


def test_renditions_follow_the_upright_photo(make_uploaded_photo):
    photo = make_uploaded_photo(files.phone_jpeg(size=(1400, 700)))

    # 700 wide once upright: the 1280 rendition would enlarge it.
    assert list(photo.renditions) == ["320", "640"]
    with photo.image.storage.open(photo.renditions["320"]) as file, Image.open(file) as image:
        assert image.size == (320, 640)


def test_the_service_itself_refuses_an_unsafe_file(make_update):
    photo = UpdatePhoto(update=make_update(), image=files.truncated_jpeg())

    with pytest.raises(ValidationError):
        uploads.image_store(file=photo.image)
