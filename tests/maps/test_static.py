"""The map's files are the portal's own static files: hashed names, compressed, kept for a
year, like the stylesheet (tests/production/test_static.py)."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from tests.production.conftest import PRODUCTION_STORAGES, collected_static  # noqa: F401

YEAR = "max-age=31536000, public, immutable"


@pytest.fixture
def collected(settings, collected_static):  # noqa: F811
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = PRODUCTION_STORAGES
    return Client()


@pytest.mark.parametrize(
    "name", ["js/map.js", "css/map.css", "leaflet/leaflet.js", "leaflet/leaflet.css"]
)
def test_the_maps_files_are_hashed_compressed_and_kept_for_a_year(collected, name):
    url = staticfiles_storage.url(name)
    stem, extension = name.rsplit(".", 1)

    response = collected.get(url, headers={"accept-encoding": "br, gzip"})

    assert url.startswith(f"/static/{stem}.") and url.endswith(f".{extension}")
    assert url != f"/static/{name}"
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == YEAR


def test_the_map_page_names_the_hashed_files(collected, located):
    located()  # with nothing located, no map is offered
    html = collected.get("/ar/map/").content.decode()

    for name in ["js/map.js", "css/map.css", "leaflet/leaflet.js", "leaflet/leaflet.css"]:
        assert staticfiles_storage.url(name) in html
