"""Map pages: complete without JavaScript, the same initiatives as their GeoJSON, a map that
costs nothing until asked for, and the tile host allowed on map pages only."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative
from tests.public.pages import Page
from tests.security import observatory

TILE_HOST = "https://tile.openstreetmap.org"


def listed(response) -> dict[str, tuple[Decimal, Decimal]]:
    """slug → (latitude, longitude) of the no-JavaScript list of a map page."""
    page = Page(response)
    found = {}
    for item in page.all("li"):
        if not item.inside("ol", class_="located"):
            continue
        link = next(e for e in page.elements if e.tag == "a" and item in e.parents)
        slug = re.match(r"^/\w\w/initiatives/([\w-]+)/$", link.attrs["href"]).group(1)
        coordinates = next(
            e for e in page.elements if e.has(class_="coordinates") and item in e.parents
        )
        assert coordinates.tag == "bdi" and coordinates.attrs["dir"] == "ltr"
        latitude, longitude = coordinates.text.split(", ")
        found[slug] = (Decimal(latitude), Decimal(longitude))
    return found


def geojson(client, response) -> dict[str, tuple[Decimal, Decimal]]:
    """slug → (latitude, longitude) of the GeoJSON the map page's script would fetch."""
    url = Page(response).one("section", class_="map").attrs["data-geojson"]
    data = json.loads(client.get(url).content)
    return {
        re.match(r"^/\w\w/initiatives/([\w-]+)/$", feature["properties"]["url"]).group(1): (
            Decimal(str(feature["geometry"]["coordinates"][1])),
            Decimal(str(feature["geometry"]["coordinates"][0])),
        )
        for feature in data["features"]
    }


def policy(response) -> dict:
    return observatory.parse_csp(response.headers["Content-Security-Policy"])


def test_the_district_map_lists_every_located_initiative_with_its_link_and_coordinates(
    client, located, make_initiative
):
    here = located("33.287800", "-8.342200")
    there = located("33.150000", "-8.550000")
    make_initiative(is_published=True)  # no location
    located(is_published=False)  # a draft

    response = client.get("/ar/map/")

    assert response.status_code == 200
    assert listed(response) == {
        here.slug: (Decimal("33.287800"), Decimal("-8.342200")),
        there.slug: (Decimal("33.150000"), Decimal("-8.550000")),
    }


def test_the_list_and_the_geojson_hold_the_same_initiatives_longitude_first(client, located):
    for n in range(5):
        located(f"33.2{n}0000", f"-8.3{n}1000")

    response = client.get("/fr/map/")

    assert len(listed(response)) == 5
    assert listed(response) == geojson(client, response)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_map_takes_the_filters_of_the_initiatives_list(client, located, language):
    planned = located(status=Initiative.Status.PLANNED)
    located(status=Initiative.Status.COMPLETED)

    response = client.get(f"/{language}/map/?status=planned")

    assert list(listed(response)) == [planned.slug]
    assert geojson(client, response) == listed(response)


def test_a_communes_map_shows_only_that_communes_initiatives(client, located, make_commune):
    haouzia, other = make_commune(slug="haouzia"), make_commune()
    inside = located(communes=[haouzia])
    located(communes=[other])

    # A commune in the query string cannot widen a commune's map.
    response = client.get(f"/ar/communes/haouzia/map/?commune={other.slug}")

    assert list(listed(response)) == [inside.slug]
    assert geojson(client, response) == listed(response)


def test_an_unknown_communes_map_is_not_found(client, db):
    assert client.get("/ar/communes/nowhere/map/").status_code == 404


def test_filters_not_understood_are_explained_and_offer_no_map(client, located):
    located()

    response = client.get("/ar/map/?status=nonsense")

    assert response.status_code == 200
    assert Page(response).all("div", class_="form-errors")
    assert "data-geojson" not in response.content.decode()


def test_the_map_page_loads_only_its_small_script_until_the_map_is_asked_for(client, located):
    located()

    page = Page(client.get("/ar/map/"))

    assert [s.attrs["src"] for s in page.all("script")] == ["/static/js/map.js"]
    assert [link.attrs["href"] for link in page.all("link", rel="stylesheet")] == [
        "/static/css/site.css"
    ]
    # The button appears only when the script runs; Leaflet is only named for it to load.
    assert "hidden" in page.one("button", class_="show-map").attrs
    section = page.one("section", class_="map")
    assert section.attrs["data-leaflet-js"] == "/static/leaflet/leaflet.js"
    assert section.attrs["data-tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def test_the_legend_is_a_list_in_the_page_naming_every_status(client, db):
    page = Page(client.get("/ar/map/"))

    legend = [item.text for item in page.all("li") if item.inside("ul", class_="map-legend")]
    assert legend[: len(Initiative.Status.labels)] == [str(x) for x in Initiative.Status.labels]


@pytest.mark.parametrize("url", ["/ar/map/", "/fr/communes/{slug}/map/"])
def test_map_pages_allow_the_tile_host_and_fetching_from_the_portal(client, make_commune, url):
    commune = make_commune()

    response = client.get(url.format(slug=commune.slug))

    assert policy(response)["img-src"] == {"'self'", "data:", TILE_HOST}
    assert policy(response)["connect-src"] == {"'self'"}
    assert policy(response)["script-src"] == {"'self'"}


@pytest.mark.parametrize(
    "url",
    [
        "/ar/",
        "/ar/initiatives/",
        "/ar/initiatives/{initiative}/",
        "/ar/communes/",
        "/ar/communes/{commune}/",
        "/ar/foundation/",
        "/ar/data/",
    ],
)
def test_pages_without_a_map_keep_the_tile_host_out_and_load_no_map_code(client, located, url):
    initiative = located()
    commune = initiative.communes.get()

    response = client.get(url.format(initiative=initiative.slug, commune=commune.slug))

    assert response.status_code == 200
    assert TILE_HOST not in response.headers["Content-Security-Policy"]
    # Fetches stay on the portal, as on every page; the map pages add no other host.
    assert policy(response)["connect-src"] == {"'self'"}
    html = response.content.decode().lower()
    assert "leaflet" not in html
    assert "map.js" not in html
    assert "<script" not in html


def test_the_tile_host_comes_from_the_settings(client, settings, db):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png"

    response = client.get("/ar/map/")

    assert "https://*.tiles.example.org" in policy(response)["img-src"]
    assert TILE_HOST not in response.headers["Content-Security-Policy"]


def test_the_initiatives_list_and_the_commune_page_link_to_their_maps(client, located):
    initiative = located()
    commune = initiative.communes.get()

    listing = Page(client.get("/ar/initiatives/?status=planned"))
    commune_page = Page(client.get(f"/ar/communes/{commune.slug}/"))

    assert [a.attrs["href"] for a in listing.all("a") if a.inside("p", class_="map-link")] == [
        "/ar/map/?status=planned"
    ]
    assert [a.attrs["href"] for a in commune_page.all("a") if a.inside("p", class_="map-link")] == [
        f"/ar/communes/{commune.slug}/map/"
    ]


def test_a_located_initiatives_page_links_to_map_apps_in_western_digits(client, located):
    initiative = located("33.287800", "-8.342200")

    page = Page(client.get(f"/ar/initiatives/{initiative.slug}/"))

    hrefs = [a.attrs["href"] for a in page.all("a") if a.inside("ul", class_="map-apps")]
    assert hrefs == [
        "geo:33.287800,-8.342200",
        "https://www.openstreetmap.org/?mlat=33.287800&mlon=-8.342200#map=16/33.287800/-8.342200",
    ]
    shown = page.one("bdi", class_="coordinates")
    assert shown.attrs["dir"] == "ltr"
    assert shown.text == "33.287800, -8.342200"


def test_an_initiative_without_a_location_has_no_map_links(client, make_initiative):
    initiative = make_initiative(is_published=True)

    html = client.get(f"/ar/initiatives/{initiative.slug}/").content.decode()

    assert "geo:" not in html
    assert "openstreetmap" not in html


@pytest.mark.parametrize("url", ["/ar/map/", "/ar/communes/{commune}/map/"])
def test_a_map_pages_query_count_does_not_grow_with_the_initiatives(
    client, located, make_commune, url
):
    commune = make_commune()
    address = url.format(commune=commune.slug) + "?status=planned"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    located(communes=[commune])
    few = count()
    for _ in range(15):
        located(communes=[commune])
    many = count()

    assert few == many
    assert len(listed(client.get(address))) == 16


def test_the_list_without_javascript_comes_a_page_at_a_time_and_the_map_keeps_them_all(
    client, located, monkeypatch
):
    monkeypatch.setattr("maps.views.PAGE_SIZE", 2)
    for latitude in ("33.21", "33.22", "33.23"):
        located(latitude, "-8.34")

    first = client.get("/ar/map/?status=planned")
    second = client.get("/ar/map/?status=planned&page=2")

    assert len(listed(first)) == 2 and len(listed(second)) == 1
    assert listed(first).keys().isdisjoint(listed(second).keys())
    # The heading counts them all, the second page's numbering goes on from the first,
    # and each page links to the other with the filters kept.
    for response in (first, second):
        assert "3 " in Page(response).one("h2", id="located-title").text
    assert Page(second).one("ol", class_="located").attrs["start"] == "3"
    assert Page(first).one("a", rel="next").attrs["href"] == "?status=planned&page=2"
    assert Page(second).one("a", rel="prev").attrs["href"] == "?status=planned&page=1"
    # The map, on either page, fetches every located initiative.
    assert len(geojson(client, second)) == 3
    # A page that does not exist shows the last one; one that is not a number, the first.
    assert listed(client.get("/ar/map/?status=planned&page=99")) == listed(second)
    assert listed(client.get("/ar/map/?status=planned&page=abc")) == listed(first)


@pytest.mark.parametrize(
    "url, says",
    [
        ("/en/map/", "No initiative has a recorded location yet."),
        ("/en/map/?status=completed", "No initiative with a location matches these filters."),
    ],
)
def test_with_nothing_located_no_map_is_offered_to_download(client, db, url, says):
    """Leaflet, the data and the tiles cost a slow connection for an empty map."""
    page = Page(client.get(url))

    assert "data-map" not in page.one("section", class_="map").attrs
    assert says in page.one("p", class_="empty").text


def test_with_something_located_the_map_is_offered(client, located):
    located()

    assert "data-map" in Page(client.get("/en/map/")).one("section", class_="map").attrs
