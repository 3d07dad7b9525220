"""Cached fragments never show old data: a change made in the admin shows at once on the
public pages, and browsers revalidate pages with ETag and Last-Modified (304)."""

import copy
import os
import shutil
import time
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from azemmour_portal.security.headers import tile_source
from tests.production.browser import form_fields, replace
from tests.production.conftest import new_workers


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def flagship(make_commune, make_initiative):
    return make_initiative(
        communes=[make_commune(slug="haouzia")],
        is_published=True,
        planned_budget=Decimal(1_000_000),
        status="planned",
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/en/", "/en/initiatives/", "/en/communes/", "/en/communes/haouzia/"]
)
def test_a_repeat_visit_is_served_from_cached_fragments(visitor, flagship, url):
    first = queries(visitor, url)

    assert queries(visitor, url) < first


def test_a_change_made_in_the_admin_shows_at_once_on_every_cached_page(
    visitor, staff_client, flagship
):
    pages = ["/en/", "/en/initiatives/", "/en/communes/", "/en/communes/haouzia/"]
    for url in pages:
        visitor.get(url)  # cached now
    assert "MAD\u00a01,000,000" in visitor.get("/en/").content.decode()

    change = f"/en/admin/initiatives/initiative/{flagship.pk}/change/"
    fields = replace(
        form_fields(staff_client.get(change).content.decode(), "initiative_form"),
        planned_budget="2500000",
        status="stalled",
    )
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    assert staff_client.post(change, data).status_code == 302

    home = visitor.get("/en/")
    assert home.context["figures"]["planned"] == Decimal(2_500_000)
    assert "MAD\u00a02,500,000" in home.content.decode()
    facets = visitor.get("/en/initiatives/").context["facets"]["status"]
    assert [(value, count) for value, _label, count in facets] == [("stalled", 1)]
    commune = visitor.get("/en/communes/haouzia/")
    assert commune.context["figures"]["planned"] == Decimal(2_500_000)
    assert [row[0] for row in commune.context["by_status"] if row[2]] == ["stalled"]
    communes = visitor.get("/en/communes/").context["communes"]
    assert [c.planned_total for c in communes] == [Decimal(2_500_000)]


@pytest.fixture
def release(tmp_path, settings):
    """The portal's templates in a folder of their own, as a release to upgrade."""
    shutil.copytree(django_settings.BASE_DIR / "templates", tmp_path / "templates")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path / "templates"]
    settings.BASE_DIR = tmp_path
    settings.TEMPLATES = templates
    new_workers()
    yield tmp_path
    new_workers()


def test_after_an_upgrade_cached_pages_are_drawn_by_the_new_templates(visitor, flagship, release):
    """Redis outlives the workers: without the release in its keys, the new code would serve
    the pages the old one drew until the public data changed."""
    page = release / "templates/communes/list.html"
    assert "Haouzia" in visitor.get("/en/communes/").content.decode()  # cached now

    page.write_text(page.read_text().replace("<h1>", "<h1>Upgraded: "))
    new_workers()

    assert "Upgraded: " in visitor.get("/en/communes/").content.decode()


def test_after_an_upgrade_a_revalidation_by_date_alone_gets_the_new_page(
    visitor, flagship, release
):
    """Feed readers and proxies may revalidate by If-Modified-Since alone, without the ETag:
    the public data did not change, the page did."""
    page = release / "templates/communes/list.html"
    since = {"if-modified-since": visitor.get("/en/communes/").headers["Last-Modified"]}
    assert visitor.get("/en/communes/", headers=since).status_code == 304

    page.write_text(page.read_text().replace("<h1>", "<h1>Upgraded: "))
    time.sleep(1)  # HTTP dates count whole seconds: the new workers start in a later one
    new_workers()
    again = visitor.get("/en/communes/", headers=since)

    assert again.status_code == 200
    assert "Upgraded: " in again.content.decode()


def installed(packages, version: str) -> None:
    """A package called azemmour-widgets, at this version, where Python finds packages."""
    for old in packages.glob("azemmour_widgets-*.dist-info"):
        shutil.rmtree(old)
    info = packages / f"azemmour_widgets-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: azemmour-widgets\nVersion: {version}\n"
    )


def test_after_a_package_upgrade_cached_pages_are_drawn_anew(
    visitor, flagship, tmp_path, monkeypatch
):
    """An installed package may draw part of a page (a Django security release, a form's
    markup), so its version is part of the release, whatever constraints.txt says."""
    packages = tmp_path / "site-packages"
    installed(packages, "1.0")
    monkeypatch.syspath_prepend(packages)
    new_workers()
    url = "/en/communes/haouzia/"
    visitor.get(url)  # cached now
    assert queries(visitor, url) <= 1

    installed(packages, "1.1")
    new_workers()

    assert queries(visitor, url) > 1


def test_after_a_restart_on_the_same_code_cached_pages_are_still_served(visitor, flagship, release):
    url = "/en/communes/haouzia/"
    visitor.get(url)  # cached now
    os.utime(release / "templates/base.html", (0, 0))  # another server's copy, another day
    new_workers()

    assert queries(visitor, url) <= 1  # the data stamp only, where it is kept in the database


def test_a_deleted_initiative_leaves_the_cached_figures_at_once(visitor, flagship):
    assert visitor.get("/en/").context["figures"]["count"] == 1

    flagship.delete()

    assert visitor.get("/en/").context["figures"]["count"] == 0


def test_a_repeat_visit_of_an_unchanged_page_is_answered_304(visitor, flagship):
    first = visitor.get("/ar/")

    again = visitor.get("/ar/", headers={"if-none-match": first.headers["ETag"]})
    since = visitor.get("/ar/", headers={"if-modified-since": first.headers["Last-Modified"]})

    assert again.status_code == 304 and again.content == b""
    assert since.status_code == 304


def test_a_page_is_sent_again_after_a_change(visitor, flagship, make_initiative):
    first = visitor.get("/ar/")

    make_initiative(communes=list(flagship.communes.all()), is_published=True)
    again = visitor.get("/ar/", headers={"if-none-match": first.headers["ETag"]})

    assert again.status_code == 200


def test_browsers_must_revalidate_public_pages_before_reusing_them(visitor, flagship):
    response = visitor.get(f"/ar/initiatives/{flagship.slug}/")

    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]


def test_admin_pages_are_never_stored_nor_answered_304(staff_client):
    response = staff_client.get("/ar/admin/")

    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


def test_without_fragment_caching_pages_still_carry_an_etag(settings, visitor, flagship):
    settings.CACHE_FRAGMENTS = False

    first = visitor.get("/ar/")

    assert "Last-Modified" not in first.headers
    assert visitor.get("/ar/", headers={"if-none-match": first.headers["ETag"]}).status_code == 304


def test_a_visitor_gets_a_cached_page_with_every_security_header(visitor, flagship):
    first = visitor.get("/ar/communes/haouzia/")

    with CaptureQueriesContext(connection) as captured:
        again = visitor.get("/ar/communes/haouzia/")

    assert len(captured) == 0
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "ETag"):
        assert again.headers[header] == first.headers[header]
    assert not again.cookies


def test_an_embed_stays_frameable_when_visited_again(visitor, flagship):
    visitor.get("/ar/communes/haouzia/embed/")

    again = visitor.get("/ar/communes/haouzia/embed/")

    assert "frame-ancestors *" in again.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in again.headers


@pytest.mark.parametrize("url", ["/ar/map/", "/ar/communes/haouzia/map/"])
def test_a_map_page_is_served_from_the_cache_and_still_shows_its_tiles(visitor, flagship, url):
    first = visitor.get(url)

    with CaptureQueriesContext(connection) as captured:
        again = visitor.get(url)

    assert len(captured) == 0
    assert again.content == first.content
    policy = again.headers["Content-Security-Policy"]
    assert policy == first.headers["Content-Security-Policy"]
    assert tile_source() in policy


def test_an_embed_is_served_from_the_cache_and_stays_frameable(visitor, flagship):
    visitor.get("/ar/communes/haouzia/embed/")

    with CaptureQueriesContext(connection) as captured:
        again = visitor.get("/ar/communes/haouzia/embed/")

    assert len(captured) == 0
    assert "frame-ancestors *" in again.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in again.headers


def test_staff_always_get_a_freshly_rendered_page(staff_client, flagship):
    staff_client.get("/ar/")

    assert queries(staff_client, "/ar/") > 0


# What feed readers, crawlers and scripts ask for again and again.
POLLED = [
    "/ar/updates/feed/",
    "/fr/communes/haouzia/feed/",
    "/sitemap.xml",
    "/sitemap-initiatives.xml",
    "/api/v1/initiatives/",
    "/api/v1/communes/?lang=fr",
]


@pytest.mark.parametrize("url", POLLED)
def test_feeds_sitemaps_and_api_answers_asked_again_come_from_the_cache(
    visitor, flagship, make_update, url
):
    make_update(initiative=flagship, is_published=True)
    first = visitor.get(url)

    with CaptureQueriesContext(connection) as captured:
        again = visitor.get(url)

    assert len(captured) == 0
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_cached_api_answer_can_still_be_read_by_any_web_page(visitor, flagship):
    visitor.get("/api/v1/initiatives/")

    again = visitor.get("/api/v1/initiatives/")

    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["Content-Language"] == "ar"


def test_a_new_update_shows_at_once_in_the_cached_feed_and_api(visitor, flagship, make_update):
    visitor.get("/ar/updates/feed/")
    visitor.get("/api/v1/updates/")  # cached now

    update = make_update(initiative=flagship, is_published=True)

    assert update.title_ar in visitor.get("/ar/updates/feed/").content.decode()
    listed = visitor.get("/api/v1/updates/").json()["results"]
    assert update.pk in [item["id"] for item in listed]


def test_an_address_without_a_language_prefix_is_cached_for_each_browser_language(
    db, settings, visitor
):
    settings.ROOT_URLCONF = "tests.production.language_urls"
    assert visitor.get("/greeting.json", HTTP_ACCEPT_LANGUAGE="fr").json() == {
        "name": "La fondation"
    }

    arabic = visitor.get("/greeting.json", HTTP_ACCEPT_LANGUAGE="ar")

    assert arabic.json() == {"name": "المؤسسة"}
    assert arabic["Content-Language"] == "ar"


def test_the_health_check_is_never_served_from_the_cache(visitor, db):
    visitor.get("/healthz")

    with CaptureQueriesContext(connection) as captured:
        assert visitor.get("/healthz").status_code == 200

    assert len(captured) == 1
