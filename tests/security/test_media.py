"""Uploaded files are never served as HTML, SVG or a program, whatever their name: only
photos and PDF documents keep their type; anything else is a download."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import clear_url_caches, resolve

from azemmour_portal.security import media
from initiatives.models import UpdateDocument, UpdatePhoto

DANGEROUS = {
    "x.html": b"<!DOCTYPE html><script>alert(document.cookie)</script>",
    "x.htm": b"<script>alert(1)</script>",
    "x.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "x.xhtml": b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
    "x.exe": b"MZ\x90\x00\x03\x00\x00\x00",
    "x.js": b"alert(1)",
    "x": b"<script>alert(1)</script>",
    "x.PNG.html": b"<script>alert(1)</script>",
}
UNSAFE_TYPES = (
    "text/",
    "image/svg",
    "application/x",
    "application/javascript",
    "application/xhtml",
)


def fetch(rf, stored_name):
    return media.serve(rf.get(f"/media/{stored_name}"), stored_name)


@pytest.mark.parametrize("name", DANGEROUS)
def test_an_uploaded_document_with_a_dangerous_name_is_only_downloaded(rf, make_update, name):
    document = UpdateDocument.objects.create(
        update=make_update(),
        title="pv",
        file=SimpleUploadedFile(name, DANGEROUS[name], content_type="text/html"),
    )

    response = fetch(rf, document.file.name)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"] == "attachment"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_an_uploaded_photo_named_svg_is_not_served_as_svg(rf, make_update):
    photo = UpdatePhoto(update=make_update())
    photo.image.save("x.svg", SimpleUploadedFile("x.svg", DANGEROUS["x.svg"]), save=False)

    response = fetch(rf, photo.image.name)

    assert not response.headers["Content-Type"].startswith(UNSAFE_TYPES)
    assert response.headers["Content-Disposition"] == "attachment"


def test_photos_and_pdf_documents_are_shown_with_their_own_type(rf, make_photo, make_update):
    photo = make_photo()
    document = UpdateDocument.objects.create(
        update=make_update(),
        title="pv",
        file=SimpleUploadedFile("pv.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf"),
    )

    image = fetch(rf, photo.image.name)
    pdf = fetch(rf, document.file.name)

    assert image.headers["Content-Type"] == "image/png"
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert image.headers["Content-Disposition"].startswith("inline")
    assert image.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["../../manage.py", "..%2f..%2fmanage.py", "/etc/passwd"])
def test_a_path_out_of_the_media_folder_is_not_found(rf, path):
    with pytest.raises(Http404):
        fetch(rf, path)


def test_development_serves_uploads_through_the_safe_view(settings):
    settings.DEBUG = True
    urls = importlib.import_module(django_settings.ROOT_URLCONF)
    try:
        importlib.reload(urls)
        clear_url_caches()
        match = resolve("/media/updates/photos/2025/photo.png")
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()

    assert match.func is media.serve
