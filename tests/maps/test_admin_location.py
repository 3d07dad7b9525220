"""Entering an initiative's location in the admin: a map picker, and points that cannot be
where the initiative is are refused with a message."""

import pytest

from initiatives.models import Initiative
from tests.helpers import (
    assert_refused_in_arabic,
    in_arabic,
    initiative_form,
    violation_in_arabic,
)
from tests.public.pages import Page
from tests.security import observatory

from .conftest import INSIDE, OUTSIDE, SQUARE

INITIATIVE_ADD = "/ar/admin/initiatives/initiative/add/"
OUTSIDE_OUTLINE = (
    "This point lies outside the outline of the initiative's communes. Check the latitude "
    "and the longitude, or the communes."
)


@pytest.fixture
def new_initiative(make_sector):
    sector = make_sector()

    def data(communes, latitude, longitude):
        return initiative_form(
            sector=sector, communes=communes, latitude=str(latitude), longitude=str(longitude)
        )

    return data


def test_a_point_outside_the_district_is_refused(staff_client, new_initiative, make_commune):
    response = staff_client.post(INITIATIVE_ADD, new_initiative([make_commune()], 35.0, -8.34))

    assert_refused_in_arabic(
        response, violation_in_arabic(Initiative, "initiative_coordinates_in_district")
    )
    assert not Initiative.objects.exists()


def test_a_point_outside_the_communes_outline_is_refused(
    staff_client, new_initiative, make_commune
):
    commune = make_commune(boundary=SQUARE)

    response = staff_client.post(INITIATIVE_ADD, new_initiative([commune], *OUTSIDE))

    assert_refused_in_arabic(response, in_arabic(OUTSIDE_OUTLINE))
    assert not Initiative.objects.exists()


def test_a_point_inside_the_communes_outline_is_saved(staff_client, new_initiative, make_commune):
    commune = make_commune(boundary=SQUARE)

    response = staff_client.post(INITIATIVE_ADD, new_initiative([commune], *INSIDE))

    assert response.status_code == 302
    assert (Initiative.objects.get().latitude, Initiative.objects.get().longitude) == INSIDE


@pytest.mark.parametrize("other_has_outline", [False, True])
def test_a_point_in_one_of_several_communes_is_saved_when_it_may_lie_there(
    staff_client, new_initiative, make_commune, other_has_outline
):
    # Outside the first commune's outline: either inside the second one's, or the second
    # has no outline, so the point may be there.
    far = {
        "type": "Polygon",
        "coordinates": [
            [[-8.60, 33.10], [-8.50, 33.10], [-8.50, 33.20], [-8.60, 33.20], [-8.60, 33.10]]
        ],
    }
    communes = [
        make_commune(boundary=SQUARE),
        make_commune(boundary=far if other_has_outline else None),
    ]

    response = staff_client.post(INITIATIVE_ADD, new_initiative(communes, *OUTSIDE))

    assert response.status_code == 302
    assert Initiative.objects.count() == 1


def test_the_initiative_form_offers_a_map_picker_with_the_tile_host_allowed(
    staff_client, make_commune
):
    response = staff_client.get(INITIATIVE_ADD)

    page = Page(response)
    assert "/static/admin/js/location_picker.js" in [s.attrs["src"] for s in page.all("script")]
    picker = page.one("div", class_="location-picker")
    assert picker.attrs["data-leaflet-js"] == "/static/leaflet/leaflet.js"
    (button,) = page.within("button", ("div", {"class_": "location-picker"}))
    assert button.attrs.get("hidden") == ""
    directives = observatory.parse_csp(response.headers["Content-Security-Policy"])
    assert "https://tile.openstreetmap.org" in directives["img-src"]


def test_other_admin_pages_keep_the_tile_host_out(staff_client, db):
    for url in ["/ar/admin/", "/ar/admin/initiatives/initiative/", "/ar/admin/communes/commune/"]:
        response = staff_client.get(url)

        assert response.status_code == 200
        assert "tile.openstreetmap.org" not in response.headers["Content-Security-Policy"]
