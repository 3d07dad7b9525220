"""Downloads of any list of initiatives: CSV for Excel, JSON, GeoJSON."""

import csv
import io
import json
from decimal import Decimal

import pytest

from tests.opendata.conftest import hidden_words, streamed

# The columns of every download, in order: downloaders' scripts read them by name, so a
# column renamed, dropped or moved breaks them and must be a deliberate change.
PUBLISHED_COLUMNS = [
    "slug",
    "url",
    "title_ar",
    "title_fr",
    "title_en",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "communes",
    "commune_slugs",
    "sector",
    "sector_slug",
    "sector_dac_code",
    "status",
    "status_label",
    "iati_status_code",
    "progress",
    "planned_budget_mad",
    "spent_amount_mad",
    "funders",
    "implementing_body",
    "origin",
    "origin_reference",
    "start_date",
    "start_date_precision",
    "planned_end_date",
    "planned_end_date_precision",
    "actual_end_date",
    "is_late",
    "status_as_of",
    "status_as_of_precision",
    "status_as_of_note_ar",
    "status_as_of_note_fr",
    "status_as_of_note_en",
    "latitude",
    "longitude",
    "sources",
    "confidence",
    "disagreement_ar",
    "disagreement_fr",
    "disagreement_en",
    "budget_wording",
    "published_at",
    "updated_at",
    "is_demo",
]


def csv_rows(response) -> list[dict]:
    body = streamed(response)
    assert body.startswith("\ufeff".encode())  # the byte-order mark Excel needs for Arabic
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_with_arabic_intact_and_exact_numbers(client, district):
    response = client.get("/ar/initiatives/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = {row["slug"]: row for row in csv_rows(response)}
    water = rows["haouzia-water"]
    assert water["title_ar"] == "تزويد دواوير الحوزية بالماء الصالح للشرب"
    assert water["title_fr"] == "Eau potable pour les douars de Haouzia"
    assert water["title_en"] == "Drinking water for the douars of Haouzia"
    assert water["communes"] == "الحوزية"
    assert water["sector"] == "الماء والتطهير"
    assert water["sector_dac_code"] == "140"
    assert water["status"] == "in_progress"
    assert water["iati_status_code"] == "2"
    assert water["progress"] == "40"
    assert Decimal(water["planned_budget_mad"]) == Decimal("1250000.50")
    assert Decimal(water["spent_amount_mad"]) == Decimal("300000")
    assert water["funders"] == "جهة الدار البيضاء سطات"
    assert water["start_date"] == "2023-01-01"
    assert water["start_date_precision"] == "year"
    assert water["is_late"] == "true"
    assert water["url"] == "http://testserver/ar/initiatives/haouzia-water/"
    assert set(water["sources"].split("; ")) == {
        "https://example.org/azemmour-water",
        "https://example.org/deliberation-12",
    }
    assert rows["coastal-road"]["communes"] == "أزمور; الحوزية"
    assert rows["coastal-road"]["planned_budget_mad"] == "8000000"


def test_csv_has_one_row_per_published_initiative_and_none_for_hidden_ones(client, district):
    rows = csv_rows(client.get("/fr/initiatives/export.csv"))

    assert sorted(row["slug"] for row in rows) == sorted(i.slug for i in district.published)
    assert list(rows[0]) == PUBLISHED_COLUMNS


def test_csv_columns_in_the_language_of_the_address(client, district):
    rows = {row["slug"]: row for row in csv_rows(client.get("/fr/initiatives/export.csv"))}

    assert rows["haouzia-water"]["sector"] == "Eau et assainissement"
    assert rows["haouzia-water"]["status_label"] == "en cours"
    assert rows["haouzia-water"]["url"] == "http://testserver/fr/initiatives/haouzia-water/"


def test_export_takes_the_list_query_string(client, district):
    rows = csv_rows(client.get("/ar/initiatives/export.csv?commune=azemmour&sort=name&page=3"))

    assert sorted(row["slug"] for row in rows) == ["azemmour-school", "coastal-road"]


def test_commune_page_offers_its_initiatives_for_download(client, district):
    html = client.get("/ar/communes/haouzia/").content.decode()

    for fmt in ("csv", "json", "geojson"):
        assert f'href="/ar/initiatives/export.{fmt}?commune=haouzia"' in html


def test_list_page_offers_its_current_selection_for_download(client, district):
    html = client.get("/fr/initiatives/?status=completed&page=1").content.decode()

    assert 'href="/fr/initiatives/export.csv?status=completed"' in html


def test_the_downloads_of_a_list_with_a_filter_left_out_give_what_the_list_shows(client, district):
    """The list leaves out a filter it cannot read and says so; its downloads, which would
    refuse it, carry only the filters applied."""
    page = client.get("/fr/initiatives/?status=completed&commune=bogus&page=2")
    html = page.content.decode()

    assert 'href="/fr/initiatives/export.csv?status=completed"' in html
    download = client.get("/fr/initiatives/export.csv?status=completed")
    assert download.status_code == 200
    shown = {initiative.slug for initiative in page.context["page"].object_list}
    assert {row["slug"] for row in csv_rows(download)} == shown


def test_export_with_an_unreadable_filter_is_refused_with_a_message(client, district):
    response = client.get("/ar/initiatives/export.csv?commune=nowhere&budget_min=-5")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


def test_an_export_refused_in_french_names_each_filter_as_french_writes_it(client, district):
    text = client.get("/fr/initiatives/export.csv?status=zzz").content.decode()

    assert "Statut\u00a0: " in text  # a no-break space before the colon


@pytest.mark.parametrize("demo_data", [False, True])
def test_demo_initiatives_are_exported_only_where_the_deployment_shows_them(
    client, settings, district, demo_data
):
    settings.DEMO_DATA = demo_data

    rows = csv_rows(client.get("/ar/initiatives/export.csv"))

    assert ("demo-1" in {row["slug"] for row in rows}) is demo_data


def test_json_export_lists_the_same_columns_with_lists_for_several_values(client, district):
    response = client.get("/en/initiatives/export.json?commune=haouzia")

    assert response["Content-Type"] == "application/json"
    data = json.loads(streamed(response))
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["source"] == "http://testserver/en/initiatives/export.json?commune=haouzia"
    initiatives = {item["slug"]: item for item in data["initiatives"]}
    assert set(initiatives) == {"haouzia-water", "coastal-road"}
    water = initiatives["haouzia-water"]
    assert list(water) == PUBLISHED_COLUMNS
    assert water["planned_budget_mad"] == 1250000.5
    assert water["spent_amount_mad"] == 300000
    assert water["communes"] == ["Haouzia"]
    assert water["is_late"] is True
    assert water["actual_end_date"] is None
    # A text not written in a language is null, as the data dictionary says of every
    # empty value, not "".
    assert water["disagreement_en"] is None and water["summary_en"]
    assert sorted(water["sources"]) == [
        "https://example.org/azemmour-water",
        "https://example.org/deliberation-12",
    ]


def test_json_export_of_an_empty_selection_is_valid(client, district):
    data = json.loads(streamed(client.get("/ar/initiatives/export.json?q=nothing-matches")))

    assert data["initiatives"] == []


def test_geojson_is_a_feature_collection_of_located_initiatives_longitude_first(client, district):
    response = client.get("/ar/initiatives/export.geojson")

    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(streamed(response))
    assert data["type"] == "FeatureCollection"
    # Only the published initiative with a location; the draft has one too.
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-8.4, 33.25]}
    longitude, latitude = feature["geometry"]["coordinates"]
    assert -180 <= longitude <= 180 and -90 <= latitude <= 90
    assert list(feature["properties"]) == PUBLISHED_COLUMNS
    assert feature["properties"]["slug"] == "haouzia-water"
    assert feature["properties"]["title_ar"] == "تزويد دواوير الحوزية بالماء الصالح للشرب"
    assert feature["properties"]["communes"] == "الحوزية"


@pytest.mark.parametrize("fmt", ["csv", "json", "geojson"])
def test_exports_never_carry_hidden_records_or_personal_data(client, editor, district, fmt):
    # The history knows which editor changed the initiative; the export must not tell.
    district.water_project.progress = 45
    district.water_project._history_user = editor
    district.water_project.save()

    body = streamed(client.get(f"/ar/initiatives/export.{fmt}")).decode()

    assert district.water_project.slug in body
    assert [word for word in hidden_words(district) if word in body] == []


def test_export_is_streamed_from_an_iterator(client, district, django_assert_max_num_queries):
    response = client.get("/ar/initiatives/export.csv")

    assert response.streaming
    # The queries run while the file is written: the initiatives, then each chunk's
    # communes, fundings and sources.
    with django_assert_max_num_queries(4):
        body = b"".join(response.streaming_content)
    assert body.count(b"\r\n") == 1 + len(district.published)


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, district):
    from initiatives.models import Initiative

    water = Initiative.objects.get(slug="haouzia-water")
    water.title_fr = '=HYPERLINK("http://example.org/x","cliquez")'
    water.summary_fr = "+cmd|' /C calc'!A0"
    water.save()

    rows = {row["slug"]: row for row in csv_rows(client.get("/fr/initiatives/export.csv"))}

    assert rows["haouzia-water"]["title_fr"] == "'" + water.title_fr
    assert rows["haouzia-water"]["summary_fr"] == "'" + water.summary_fr
    assert Decimal(rows["haouzia-water"]["planned_budget_mad"]) == Decimal("1250000.50")
