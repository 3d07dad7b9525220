"""The maps in a real browser: nothing of a map loads until "show the map" is pressed, and
then one marker per located initiative, with Arabic's controls on the right.

Chromium (/usr/bin/chromium) driven by Playwright against the live test server; tile
requests are refused, so the tests need no network.
"""

import shutil
from decimal import Decimal

import pytest

from azemmour_portal.security.headers import tile_source

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)
if not shutil.which(CHROMIUM):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

# Three places far apart in the district: never grouped at the zoom that shows them all.
PLACES = [("33.287800", "-8.342200"), ("33.100000", "-8.600000"), ("33.450000", "-8.050000")]


@pytest.fixture
def browser_page(monkeypatch, settings):
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls happen before it starts or after it stops.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        tiles = []

        def refuse_tile(route):
            tiles.append(route.request.url)
            route.abort()

        page.route(f"{tile_source()}/**", refuse_tile)
        page.requested, page.tiles = requested, tiles
        yield page
        browser.close()


@pytest.fixture
def located(transactional_db, make_initiative, make_commune):
    commune = make_commune(slug="azemmour")
    return [
        make_initiative(
            communes=[commune],
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            is_published=True,
        )
        for latitude, longitude in PLACES
    ]


def test_pages_load_no_map_code_and_no_tiles_until_the_map_is_asked_for(
    live_server, located, browser_page
):
    initiative = located[0]
    for path in [
        "/ar/",
        "/ar/initiatives/",
        f"/ar/initiatives/{initiative.slug}/",
        "/ar/communes/azemmour/",
        "/ar/map/",
        "/ar/communes/azemmour/map/",
    ]:
        browser_page.requested.clear()
        browser_page.goto(live_server.url + path, wait_until="networkidle")

        loaded = [url.removeprefix(live_server.url) for url in browser_page.requested]
        assert not [url for url in loaded if "leaflet" in url or "geojson" in url], path
        assert browser_page.tiles == [], path
        scripts = [url for url in loaded if url.endswith(".js")]
        assert scripts == (["/static/js/map.js"] if path.endswith("/map/") else []), path


def test_showing_the_map_draws_one_marker_per_located_initiative(
    live_server, located, browser_page
):
    browser_page.goto(live_server.url + "/ar/communes/azemmour/map/")
    browser_page.locator("button.show-map").click()

    markers = browser_page.locator(".leaflet-marker-icon.map-marker")
    markers.first.wait_for()
    assert markers.count() == len(PLACES)
    assert browser_page.locator(".map-group").count() == 0
    # Arabic: the zoom buttons on the right, the popup right to left.
    assert browser_page.locator(".leaflet-top.leaflet-right .leaflet-control-zoom").count() == 1
    markers.first.click()
    assert browser_page.locator(".leaflet-popup .map-popup").get_attribute("dir") == "rtl"
    assert any(
        url.endswith(".geojson") or "export.geojson" in url for url in browser_page.requested
    )
    assert browser_page.tiles, "the map asked for tiles only after the button was pressed"
