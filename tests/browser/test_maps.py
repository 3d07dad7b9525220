"""The maps in a real browser: nothing of a map loads until "show the map" is pressed, and
then one marker per located initiative, with Arabic's controls on the right.

Tile requests are refused with page.route, so the tests need no network.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext, pgettext

from azemmour_portal.security.headers import tile_source
from tests.browser.conftest import PHONE

# Three places far apart in the district: never grouped at the zoom that shows them all.
PLACES = [("33.287800", "-8.342200"), ("33.100000", "-8.600000"), ("33.450000", "-8.050000")]


@pytest.fixture(scope="module")
def located(portal, django_db_blocker):
    """Three published initiatives with a location in the live portal's commune; removed
    afterwards so that the other modules see the portal's data as it was."""
    from communes.models import Commune
    from initiatives.models import Initiative, Sector
    from workflow.states import State

    with django_db_blocker.unblock():
        commune = Commune.objects.get(slug=portal.records["commune"])
        sector = Sector.objects.order_by("pk").first()
        initiatives = []
        for n, (latitude, longitude) in enumerate(PLACES, start=1):
            initiative = Initiative.objects.create(
                title_ar=f"مبادرة على الخريطة {n}",
                title_fr=f"Initiative sur la carte {n}",
                slug=f"sur-la-carte-{n}",
                summary_ar="ملخص قصير.",
                summary_fr="Un court résumé.",
                status=Initiative.Status.IN_PROGRESS,
                progress=45,
                sector=sector,
                latitude=Decimal(latitude),
                longitude=Decimal(longitude),
                state=State.PUBLISHED,
                published_at=timezone.now(),
            )
            initiative.communes.set([commune])
            initiatives.append(initiative)
        markers = (
            Initiative.objects.published()
            .filter(communes=commune, latitude__isnull=False, longitude__isnull=False)
            .count()
        )
    yield {"commune": commune.slug, "initiatives": initiatives, "markers": markers}
    with django_db_blocker.unblock():
        Initiative.objects.filter(pk__in=[i.pk for i in initiatives]).delete()


@pytest.fixture
def map_page(new_page):
    """A page that records every request and refuses every tile."""
    page = new_page(viewport=PHONE)
    page.requested, page.tiles = [], []
    page.on("request", lambda request: page.requested.append(request.url))

    def refuse_tile(route):
        page.tiles.append(route.request.url)
        route.abort()

    page.route(f"{tile_source()}/**", refuse_tile)
    return page


def test_pages_load_no_map_code_and_no_tiles_until_the_map_is_asked_for(portal, located, map_page):
    commune = located["commune"]
    for path in [
        "/ar/",
        "/ar/initiatives/",
        f"/ar/initiatives/{located['initiatives'][0].slug}/",
        f"/ar/communes/{commune}/",
        "/ar/map/",
        f"/ar/communes/{commune}/map/",
    ]:
        map_page.requested.clear()
        map_page.goto(portal(path), wait_until="networkidle")

        loaded = [url.removeprefix(portal.url) for url in map_page.requested]
        assert not [url for url in loaded if "leaflet" in url or "geojson" in url], path
        assert map_page.tiles == [], path
        scripts = [url for url in loaded if url.endswith(".js")]
        assert scripts == (["/static/js/map.js"] if path.endswith("/map/") else []), path


def test_showing_the_map_draws_one_marker_per_located_initiative(portal, located, map_page):
    assert located["markers"] == len(PLACES)
    map_page.goto(portal(f"/ar/communes/{located['commune']}/map/"))
    map_page.locator("button.show-map").click()

    markers = map_page.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    assert markers.count() == located["markers"]
    assert map_page.locator(".map-group").count() == 0
    # Arabic: the zoom buttons on the right, the popup right to left.
    assert map_page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom").count() == 1
    # The button has done its work: it goes away with the map in place.
    assert map_page.locator("button.show-map").is_hidden()
    markers.first.click()
    assert map_page.locator(".leaflet-popup .map-popup").get_attribute("dir") == "rtl"
    # The map's own slim data, not the open-data export with every column.
    data = [url for url in map_page.requested if ".geojson" in url]
    assert any("/map/initiatives.geojson?" in url for url in data), data
    assert not [url for url in data if "export.geojson" in url]
    assert map_page.tiles, "the map asked for tiles only after the button was pressed"


def test_a_popup_writes_the_progress_as_the_pages_language_does(portal, located, map_page):
    map_page.goto(portal(f"/fr/communes/{located['commune']}/map/"))
    map_page.locator("button.show-map").click()
    markers = map_page.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    markers.first.click()

    # French puts a no-break space before the percent sign, as the pages themselves do.
    assert map_page.locator(".leaflet-popup .map-popup bdi").inner_text() == "45\xa0%"


def test_without_javascript_the_map_page_offers_no_button_that_does_nothing(
    portal, located, new_page
):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(portal(f"/ar/communes/{located['commune']}/map/"))

    button = page.locator("button.show-map")
    assert button.count() == 1
    assert button.is_hidden()
    assert page.locator(".located li").count() == located["markers"]


def test_with_nothing_to_map_the_script_shows_no_button(portal, located, map_page):
    map_page.goto(portal("/ar/map/?q=zzqqxx-no-such-words"), wait_until="networkidle")

    assert map_page.locator("p.empty").is_visible()
    assert map_page.locator("button.show-map").is_hidden()


def shown(count: int) -> str:
    return ngettext(
        "Map shown: %(counter)s initiative", "Map shown: %(counter)s initiatives", count
    ) % {"counter": count}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_map_says_it_is_loading_then_what_it_shows_and_takes_the_focus(
    portal, located, map_page, language
):
    held = []
    map_page.route("**/map/initiatives.geojson*", lambda route: held.append(route))
    map_page.goto(portal(f"/{language}/communes/{located['commune']}/map/"))
    button = map_page.locator("button.show-map")
    status = map_page.locator(".map-status")
    accent = button.evaluate("b => getComputedStyle(b).backgroundColor")

    button.click()
    map_page.wait_for_function("() => document.querySelector('.map-status').textContent")

    with translation.override(language):
        loading, done = gettext("Loading the map…"), shown(located["markers"])
    # While the data is on its way: said in words, and the button looks inactive.
    assert status.inner_text() == loading
    assert button.is_disabled()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") != accent
    assert status.get_attribute("role") == "status"

    held[0].continue_()
    map_page.locator(".leaflet-marker-icon.map-marker").first.wait_for()
    assert status.inner_text() == done
    # The button it replaces is gone; the keyboard is on the map, not lost on the page.
    assert map_page.evaluate("document.activeElement.classList.contains('map-canvas')")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_maps_controls_are_named_in_the_pages_language(portal, located, map_page, language):
    map_page.goto(portal(f"/{language}/communes/{located['commune']}/map/"))
    map_page.locator("button.show-map").click()
    markers = map_page.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    markers.first.click()

    with translation.override(language):
        names = {
            ".leaflet-control-zoom-in": gettext("Zoom in"),
            ".leaflet-control-zoom-out": gettext("Zoom out"),
        }
        close = pgettext("map popup", "Close")
    for selector, name in names.items():
        control = map_page.locator(selector)
        assert (control.get_attribute("aria-label"), control.get_attribute("title")) == (name, name)
    assert map_page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == close


def test_the_tiles_credit_reads_left_to_right_on_an_arabic_page(portal, located, map_page):
    map_page.goto(portal(f"/ar/communes/{located['commune']}/map/"))
    map_page.locator("button.show-map").click()
    map_page.locator(".leaflet-marker-icon.map-marker").first.wait_for()

    credit = map_page.locator(".leaflet-control-attribution span")
    assert credit.get_attribute("dir") == "ltr"
    assert credit.inner_text() == settings.MAP_TILE_ATTRIBUTION


# Ten initiatives along a street of the medina, 150 m apart: far apart at the closest
# zoom, all on one spot at the farthest.
CROWD = [(Decimal("33.2860") + Decimal("0.0013") * n, Decimal("-8.3450")) for n in range(10)]

OVERLAPS = """() => {
  const boxes = [...document.querySelectorAll('.leaflet-marker-icon')]
    .map(icon => icon.getBoundingClientRect());
  let pairs = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs++;
  }));
  return {icons: boxes.length, overlapping: pairs};
}"""

# The markers are drawn again at the end of each zoom (map.js, on "zoomend").
WATCH_REDRAW = """() => {
  window.markersRedrawn = false;
  new MutationObserver((changes, observer) => {
    window.markersRedrawn = true;
    observer.disconnect();
  }).observe(document.querySelector('.leaflet-marker-pane'), {childList: true});
}"""
REDRAWN = "() => window.markersRedrawn && !document.querySelector('.leaflet-zoom-anim')"


@pytest.fixture(scope="module")
def crowd(portal, django_db_blocker):
    """Ten published initiatives close together, in a sector of their own (the map's filter);
    removed afterwards."""
    from communes.models import Commune
    from initiatives.models import Initiative, Sector
    from workflow.states import State

    with django_db_blocker.unblock():
        sector = Sector.objects.create(name="Voirie du quartier", slug="voirie-du-quartier")
        commune = Commune.objects.get(slug=portal.records["commune"])
        for n, (latitude, longitude) in enumerate(CROWD):
            initiative = Initiative.objects.create(
                title_ar=f"تهيئة الزقاق {n}",
                title_fr=f"Aménagement de la ruelle {n}",
                slug=f"ruelle-{n}",
                status=Initiative.Status.IN_PROGRESS,
                sector=sector,
                latitude=latitude,
                longitude=longitude,
                state=State.PUBLISHED,
                published_at=timezone.now(),
            )
            initiative.communes.set([commune])
    yield sector
    with django_db_blocker.unblock():
        Initiative.objects.filter(sector=sector).delete()
        sector.delete()


def test_no_two_markers_cover_each_other_at_any_zoom(portal, crowd, map_page):
    """On a phone a finger must be able to reach each marker: markers that would touch are
    one group, which shows how many it holds."""
    map_page.goto(portal(f"/ar/map/?sector={crowd.slug}"))
    map_page.locator("button.show-map").click()
    map_page.locator(".leaflet-marker-icon").first.wait_for()

    seen = [map_page.evaluate(OVERLAPS)]
    for control in ["in"] * 3 + ["out"] * 8:
        button = map_page.locator(f".leaflet-control-zoom-{control}")
        if "leaflet-disabled" in button.get_attribute("class"):
            continue  # the closest or the farthest zoom: the button does nothing
        map_page.evaluate(WATCH_REDRAW)
        button.click()
        # The zoom's animation ends, then the markers are drawn again; a click before the
        # animation ends would be lost.
        map_page.wait_for_function(REDRAWN)
        seen.append(map_page.evaluate(OVERLAPS))

    assert [zoom["overlapping"] for zoom in seen] == [0] * len(seen), seen
    # Each apart at the closest zoom, one group at the farthest: the zooms went through the
    # grouping.
    assert max(zoom["icons"] for zoom in seen) == len(CROWD), seen
    assert seen[-1]["icons"] == 1, seen
    assert map_page.locator(".map-group span").inner_text() == str(len(CROWD))
