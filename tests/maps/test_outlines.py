"""Commune outlines: the geometry rules, the admin's refusals, and the outline on the map."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from azemmour_portal.geo import BOUNDARY_MAX_BYTES, MOROCCO, validate_outline, within_outline
from communes.models import Commune
from tests.helpers import assert_refused_in_arabic, commune_form, in_arabic
from tests.public.pages import Page

from .conftest import SQUARE

COMMUNE_ADD = "/ar/admin/communes/commune/add/"
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        SQUARE["coordinates"][0],
        [[-8.36, 33.27], [-8.34, 33.27], [-8.34, 33.29], [-8.36, 33.29], [-8.36, 33.27]],
    ],
}


def test_a_point_inside_a_polygon_is_within_and_one_outside_is_not():
    assert within_outline(33.2878, -8.3422 - 0.03, SQUARE)
    assert not within_outline(33.15, -8.55, SQUARE)
    assert not within_outline(33.2878, -8.29, SQUARE)  # just east of the square


def test_a_point_in_a_hole_of_the_polygon_is_not_within():
    assert not within_outline(33.28, -8.35, WITH_HOLE)
    assert within_outline(33.26, -8.38, WITH_HOLE)


def test_a_point_in_any_part_of_a_multipolygon_is_within():
    far = [[[-8.70, 33.00], [-8.60, 33.00], [-8.60, 33.05], [-8.70, 33.05], [-8.70, 33.00]]]
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], far]}

    assert within_outline(33.02, -8.65, multi)
    assert within_outline(33.30, -8.35, multi)
    assert not within_outline(33.10, -8.50, multi)


def test_moroccos_box_holds_the_southern_provinces_and_tangier():
    assert MOROCCO.south < 21.0 and MOROCCO.west < -17.0  # Lagouira
    assert MOROCCO.north > 35.9 and MOROCCO.east > -1.0  # Tangier, Figuig


@pytest.mark.parametrize(
    "value, code",
    [
        ({"type": "LineString", "coordinates": [[-8.3, 33.2], [-8.4, 33.3]]}, "wrong_type"),
        ({"type": "Point", "coordinates": [-8.3, 33.2]}, "wrong_type"),
        ([1, 2, 3], "wrong_type"),
        ({"type": "Polygon", "coordinates": [[[-8.3, 33.2], [-8.4, 33.3]]]}, "invalid_coordinates"),
        ({"type": "Polygon", "coordinates": "nowhere"}, "invalid_coordinates"),
        (
            # Latitude and longitude swapped: the point is in the Indian Ocean.
            {
                "type": "Polygon",
                "coordinates": [[[33.2, -8.3], [33.3, -8.3], [33.3, -8.4], [33.2, -8.3]]],
            },
            "outside_morocco",
        ),
    ],
)
def test_an_outline_that_is_not_a_polygon_inside_morocco_is_refused(value, code):
    with pytest.raises(ValidationError) as refused:
        validate_outline(value)

    assert refused.value.code == code


def big_polygon() -> dict:
    ring = [[-8.4 + i * 1e-7, 33.25] for i in range(60_000)] + [[-8.3, 33.32], [-8.4, 33.25]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_an_outline_over_one_megabyte_is_refused():
    outline = big_polygon()
    assert len(json.dumps(outline)) > BOUNDARY_MAX_BYTES

    with pytest.raises(ValidationError) as refused:
        validate_outline(outline)

    assert refused.value.code == "too_large"


def upload(data, name="azemmour.geojson") -> SimpleUploadedFile:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, content, content_type="application/geo+json")


def test_the_admin_accepts_an_outline_file_and_stores_the_features_geometry(staff_client):
    feature = {"type": "Feature", "properties": {"name": "Azemmour"}, "geometry": SQUARE}
    collection = {"type": "FeatureCollection", "features": [feature]}

    response = staff_client.post(
        COMMUNE_ADD, commune_form(boundary="", boundary_file=upload(collection))
    )

    assert response.status_code == 302
    assert Commune.objects.with_boundary().get(slug="nouvelle-commune").boundary == SQUARE


def test_the_admin_accepts_a_pasted_outline(staff_client):
    response = staff_client.post(COMMUNE_ADD, commune_form(boundary=json.dumps(SQUARE)))

    assert response.status_code == 302
    assert Commune.objects.with_boundary().get().boundary == SQUARE


def test_a_commune_saved_without_an_outline_has_none(staff_client):
    response = staff_client.post(COMMUNE_ADD, commune_form())

    assert response.status_code == 302
    assert Commune.objects.with_boundary().get().boundary is None


WRONG_TYPE = (
    "The outline must be a GeoJSON Polygon or MultiPolygon (or a Feature holding one). "
    "Lines, points and collections of several shapes are not accepted."
)
OUTSIDE_MOROCCO = (
    "The outline has points outside Morocco. GeoJSON gives the longitude first, then the "
    "latitude: check that they are not swapped."
)
NOT_JSON = (
    "This file is not valid GeoJSON (JSON text in UTF-8). Check that it is the .geojson "
    "file exported by your mapping tool."
)
TOO_LARGE = "The outline weighs more than 1 MB. Simplify it (fewer points) and try again."
SWAPPED = {
    "type": "Polygon",
    "coordinates": [[[33.25, -8.40], [33.25, -8.30], [33.32, -8.30], [33.25, -8.40]]],
}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"boundary_file": upload(b"{not json", "broken.geojson")}, NOT_JSON),
        ({"boundary_file": upload(b"\xff\xfe\x00garbage", "binary.json")}, NOT_JSON),
        ({"boundary_file": upload({"type": "Point", "coordinates": [-8.3, 33.2]})}, WRONG_TYPE),
        ({"boundary_file": upload(SWAPPED)}, OUTSIDE_MOROCCO),
        ({"boundary_file": upload(big_polygon())}, TOO_LARGE),
        ({"boundary": '{"type": "Polygon", '}, "Enter a valid JSON."),
        ({"boundary": json.dumps(SWAPPED)}, OUTSIDE_MOROCCO),
    ],
    ids=[
        "not-json",
        "not-text",
        "a-point",
        "outside-morocco",
        "over-1-mb",
        "pasted-not-json",
        "pasted-outside",
    ],
)
def test_the_arabic_admin_refuses_a_bad_outline_and_saves_nothing(
    staff_client, make_commune, fields, message
):
    commune = make_commune(name_ar="أزمور")
    data = commune_form(name_ar="اسم جديد", slug=commune.slug, boundary="") | fields

    response = staff_client.post(f"/ar/admin/communes/commune/{commune.pk}/change/", data)

    assert_refused_in_arabic(response, in_arabic(message))
    commune = Commune.objects.with_boundary().get(pk=commune.pk)
    assert commune.name_ar == "أزمور"
    assert commune.boundary is None


def test_a_communes_map_draws_its_outline_from_its_own_address(client, make_commune):
    commune = make_commune(boundary=SQUARE)

    page = Page(client.get(f"/ar/communes/{commune.slug}/map/"))
    url = page.one("section", class_="map").attrs["data-outline"]
    response = client.get(url)

    assert url == f"/ar/communes/{commune.slug}/map/outline.geojson"
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["geometry"] == SQUARE


def test_a_commune_without_an_outline_has_none_on_its_map(client, make_commune):
    commune = make_commune()

    page = Page(client.get(f"/ar/communes/{commune.slug}/map/"))

    assert "data-outline" not in page.one("section", class_="map").attrs
    assert client.get(f"/ar/communes/{commune.slug}/map/outline.geojson").status_code == 404


def test_pages_that_show_a_commune_do_not_read_its_outline(client, make_commune):
    commune = make_commune(boundary=SQUARE)

    with CaptureQueriesContext(connection) as captured:
        client.get(f"/ar/communes/{commune.slug}/")
        client.get("/ar/communes/")

    assert not any("boundary" in query["sql"] for query in captured.captured_queries)


def test_the_outline_box_of_a_commune_without_one_is_empty_and_one_with_it_shows_it(
    staff_client, make_commune
):
    without, with_outline = make_commune(), make_commune(boundary=SQUARE)

    def box(commune):
        page = Page(staff_client.get(f"/ar/admin/communes/commune/{commune.pk}/change/"))
        return page.one("textarea", name="boundary").text.strip()

    assert box(without) == ""
    assert json.loads(box(with_outline)) == SQUARE
