"""The map's own GeoJSON: the initiatives of a map page with only what its markers and
popups read, under the same rules as every public page, a few hundred bytes an initiative."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from initiatives.models import Initiative

URL = "/{language}/map/initiatives.geojson"
PROPERTIES = {"title", "url", "status", "status_label", "progress", "lang"}


def features(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert set(data) == {"type", "features"} and data["type"] == "FeatureCollection"
    return data["features"]


def by_url(client, url: str) -> dict[str, dict]:
    return {feature["properties"]["url"]: feature for feature in features(client, url)}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_each_feature_holds_the_point_and_what_its_popup_shows_in_the_pages_language(
    client, located, language
):
    initiative = located(
        "33.287800",
        "-8.342200",
        title_ar="تزويد دواوير الحوزية بالماء",
        title_fr="Eau potable pour les douars",
        title_en="Drinking water for the douars",
        status=Initiative.Status.IN_PROGRESS,
        progress=45,
    )

    (feature,) = features(client, URL.format(language=language))

    assert set(feature) == {"type", "geometry", "properties"}
    assert feature["geometry"] == {"type": "Point", "coordinates": [-8.3422, 33.2878]}
    with translation.override(language):
        expected = {
            "title": initiative.title,
            "url": f"/{language}/initiatives/{initiative.slug}/",
            "status": "in_progress",
            "status_label": str(Initiative.Status.IN_PROGRESS.label),
            "progress": 45,
        }
    assert feature["properties"] == expected
    assert (
        expected["title"]
        == {
            "ar": "تزويد دواوير الحوزية بالماء",
            "fr": "Eau potable pour les douars",
            "en": "Drinking water for the douars",
        }[language]
    )


def test_an_untranslated_title_falls_back_to_arabic_and_says_so(client, located):
    initiative = located(title_ar="مبادرة بلا ترجمة", title_fr="", title_en="")

    (feature,) = features(client, URL.format(language="fr"))

    assert feature["properties"]["title"] == "مبادرة بلا ترجمة"
    assert feature["properties"]["lang"] == "ar"
    assert feature["properties"]["url"] == f"/fr/initiatives/{initiative.slug}/"
    # Neither a progress that no source gives nor a language the page already has.
    assert "progress" not in feature["properties"]
    (arabic,) = features(client, URL.format(language="ar"))
    assert "lang" not in arabic["properties"]


def test_only_what_the_map_reads_is_sent(client, located):
    for n in range(3):
        located(f"33.2{n}0000", "-8.340000", progress=10 * n or None)

    for feature in features(client, URL.format(language="ar")):
        assert set(feature["properties"]) <= PROPERTIES


def test_the_filters_of_the_initiatives_list_select_the_same_initiatives(
    client, located, make_commune
):
    haouzia, other = make_commune(slug="haouzia"), make_commune()
    planned = located(communes=[haouzia], status=Initiative.Status.PLANNED)
    located(communes=[haouzia], status=Initiative.Status.COMPLETED)
    located(communes=[other], status=Initiative.Status.PLANNED)

    found = by_url(client, URL.format(language="ar") + "?status=planned&commune=haouzia")

    assert list(found) == [f"/ar/initiatives/{planned.slug}/"]


@pytest.mark.parametrize("demo_data", [False, True])
def test_drafts_never_and_demo_records_only_where_the_deployment_shows_them(
    client, settings, located, make_initiative, demo_data
):
    settings.DEMO_DATA = demo_data
    real = located()
    demo = located(is_demo=True)
    located(is_published=False)  # a draft
    make_initiative(is_published=True)  # no location: not a point

    found = by_url(client, URL.format(language="ar"))

    expected = [real] + ([demo] if demo_data else [])
    assert set(found) == {f"/ar/initiatives/{i.slug}/" for i in expected}


def test_filters_not_understood_are_refused_in_words(client, db):
    response = client.get(URL.format(language="en") + "?status=nonsense")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_map_shown_again_is_answered_not_modified(client, located):
    located()
    url = URL.format(language="ar")

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first.headers["ETag"]})

    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["X-Robots-Tag"] == "noindex"
    assert again.status_code == 304
    assert again.content == b""


def test_a_change_to_an_initiative_reaches_the_map_at_once(client, located):
    initiative = located(title_ar="العنوان الأول")
    url = URL.format(language="ar")
    assert features(client, url)[0]["properties"]["title"] == "العنوان الأول"

    initiative.title_ar = "العنوان الجديد"
    initiative.save()

    assert features(client, url)[0]["properties"]["title"] == "العنوان الجديد"


def test_the_query_count_does_not_grow_with_the_initiatives(client, located, settings):
    settings.CACHE_FRAGMENTS = False  # count the reading of the initiatives, not the cache
    url = URL.format(language="fr") + "?status=planned"

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    located()
    few = count()
    for _ in range(10):
        located()
    assert count() == few
    assert len(features(client, url)) == 11


# A realistic initiative: a title of some sixty letters in each language, a progress.
TITLES = {
    "title_ar": "تهيئة وتقوية الطريق الإقليمية الرابطة بين أزمور وسيدي علي بن حمدوش",
    "title_fr": "Aménagement et renforcement de la route provinciale Azemmour – Sidi Ali",
    "title_en": "Upgrading the provincial road between Azemmour and Sidi Ali Ben Hamdouch",
}
# Bytes an initiative adds to the map's data: 250 to 300 measured on the district's real and
# demo initiatives; the open-data export's GeoJSON takes some 2,200.
MAX_BYTES_PER_FEATURE = 400


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_initiative_costs_the_map_a_few_hundred_bytes(client, located, language):
    url = URL.format(language=language)
    empty = len(client.get(url).content)
    count = 20
    for n in range(count):
        located(
            str(Decimal("33.2") + Decimal(n) / 1000),
            str(Decimal("-8.3") - Decimal(n) / 1000),
            status=Initiative.Status.IN_PROGRESS,
            progress=45,
            **TITLES,
        )

    slim = (len(client.get(url).content) - empty) / count
    export = client.get(f"/{language}/initiatives/export.geojson")
    full = len(b"".join(export.streaming_content)) / count

    assert slim < MAX_BYTES_PER_FEATURE
    assert slim < full / 4
