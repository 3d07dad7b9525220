"""Static files: content-hashed names, gzip and Brotli, and kept by browsers for a year."""

import gzip

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from tests.production.conftest import PRODUCTION_STORAGES

YEAR = "max-age=31536000, public, immutable"


@pytest.fixture
def collected(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STORAGES
    return Client()  # a new client: WhiteNoise reads the collected files when it starts


def test_the_stylesheet_has_a_content_hashed_name(collected):
    url = staticfiles_storage.url("css/site.css")

    assert url.startswith("/static/css/site.") and url.endswith(".css")
    assert url != "/static/css/site.css"


@pytest.mark.parametrize(
    ("accepted", "encoding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_a_hashed_file_is_compressed_and_kept_for_a_year(collected, accepted, encoding, decode):
    url = staticfiles_storage.url("css/site.css")

    response = collected.get(url, headers={"accept-encoding": accepted})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == YEAR
    assert "Accept-Encoding" in response.headers["Vary"]
    source = (settings.BASE_DIR / "static/css/site.css").read_bytes()
    assert decode(b"".join(response.streaming_content)) == source


def test_a_file_under_its_plain_name_is_not_kept_for_a_year(collected):
    response = collected.get("/static/css/site.css")

    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_public_pages_link_the_hashed_stylesheet(collected, db):
    page = collected.get("/ar/foundation/").content.decode()

    assert staticfiles_storage.url("css/site.css") in page
