"""Real files, made in the test that uploads them: photos with what a phone records,
and the files an upload must refuse."""

import io
import os
import struct
import zlib

import pypdf
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

# A position in Azemmour, as a phone writes it into a photo's GPS block.
AZEMMOUR_GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (33.0, 17.0, 17.0),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (8.0, 20.0, 31.0),
}
RED, BLUE = (220, 20, 20), (20, 20, 220)


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def two_colours(size: tuple[int, int]) -> Image.Image:
    """Red on its left half, blue on its right: shows which way a photo was turned."""
    width, height = size
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def phone_jpeg(name: str = "IMG_2041.jpg", size: tuple[int, int] = (80, 40)) -> SimpleUploadedFile:
    """A JPEG as a phone held upright writes it: the sensor's pixels lying on their side,
    EXIF orientation 6 (turn a quarter clockwise to view), the camera, the date, a GPS
    position, an ICC profile, XMP and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.DateTime] = "2025:03:01 10:12:00"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(AZEMMOUR_GPS)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    content = encoded(
        two_colours(size),
        "JPEG",
        exif=exif,
        icc_profile=icc,
        comment=b"Fatima's house",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Azemmour</x:xmpmeta>',
    )
    return upload(name, content)


def jpeg(name: str = "photo.jpg", size: tuple[int, int] = (80, 40)) -> SimpleUploadedFile:
    return upload(name, encoded(two_colours(size), "JPEG", quality=90))


def noisy_jpeg_bytes(size: tuple[int, int] = (400, 300)) -> bytes:
    """Random pixels: a JPEG whose compressed data is long, so a cut lands in it."""
    return encoded(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "JPEG")


def truncated_jpeg() -> SimpleUploadedFile:
    """The first 60% of a JPEG: its header is whole, its pixels are not (an upload cut off
    by a dropped connection)."""
    content = noisy_jpeg_bytes()
    return upload("chantier.jpg", content[: len(content) * 6 // 10])


def text_as_jpeg() -> SimpleUploadedFile:
    return upload("photo.jpg", "ليس صورة، مجرد نص.\n".encode() * 20)


def svg() -> SimpleUploadedFile:
    content = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )
    return upload("logo.svg", content, content_type="image/svg+xml")


def html(name: str = "programme.html") -> SimpleUploadedFile:
    """A web page with a script: served as HTML from the portal's origin, it would run there."""
    content = b"<!doctype html><title>Programme</title><script>alert(document.cookie)</script>"
    return upload(name, content, "text/html")


def gif() -> SimpleUploadedFile:
    return upload("anim.gif", encoded(Image.new("RGB", (4, 4)), "GIF"), "image/gif")


def png_claiming(width: int, height: int, name: str = "plan.png") -> SimpleUploadedFile:
    """A PNG of a few bytes whose header claims width × height pixels: decoding it would
    need width × height × 3 bytes of memory. Only its header is written (IHDR patched,
    checksum fixed), so the test itself allocates nothing."""
    content = bytearray(encoded(Image.new("RGB", (1, 1)), "PNG"))
    # Signature (8 bytes), then the IHDR chunk: length, type, width, height, … and CRC.
    struct.pack_into(">II", content, 16, width, height)
    struct.pack_into(">I", content, 29, zlib.crc32(content[12:29]))
    return upload(name, bytes(content), "image/png")


def pdf_written(change, name: str = "pv-session.pdf") -> SimpleUploadedFile:
    """A one-page PDF written by pypdf, after `change(writer)`."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return upload(name, buffer.getvalue(), "application/pdf")


def pdf(name: str = "pv-session.pdf") -> SimpleUploadedFile:
    """A real one-page PDF (Pillow writes PDF)."""
    content = encoded(Image.new("RGB", (60, 80), "white"), "PDF")
    return upload(name, content, "application/pdf")
