"""The read-only JSON API answers exactly as its OpenAPI document says."""

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import gettext
from jsonschema import Draft202012Validator

from opendata.api_urls import urlpatterns
from opendata.openapi import document
from tests.opendata.conftest import hidden_words

DOCUMENT = document("http://testserver/api/v1/")


def check(response, path: str, status: int = 200):
    """The answer's status, and its body valid against the document's schema for it."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    media = DOCUMENT["paths"][path]["get"]["responses"][str(status)]["content"]
    schema = {**media["application/json"]["schema"], "components": DOCUMENT["components"]}
    body = response.json()
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return body


def check_error(response, status: int):
    """An error answered as the API answers every error: JSON valid against `Error`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    schema = {"$ref": "#/components/schemas/Error", "components": DOCUMENT["components"]}
    body = response.json()
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    assert body["error"]["status"] == status
    return body


ENDPOINTS = [
    ("/api/v1/", "/"),
    ("/api/v1/communes/", "/communes/"),
    ("/api/v1/sectors/", "/sectors/"),
    ("/api/v1/partners/", "/partners/"),
    ("/api/v1/initiatives/", "/initiatives/"),
    ("/api/v1/initiatives/haouzia-water/", "/initiatives/{slug}/"),
    ("/api/v1/initiatives/coastal-road/", "/initiatives/{slug}/"),
    ("/api/v1/updates/", "/updates/"),
    ("/api/v1/openapi.json", "/openapi.json"),
]


def test_the_document_is_openapi_3_1_with_valid_schemas():
    assert DOCUMENT["openapi"] == "3.1.0"
    for schema in DOCUMENT["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_the_document_describes_every_endpoint_and_nothing_else():
    routes = {
        "/" + str(pattern.pattern).replace("<slug:slug>", "{slug}")
        for pattern in urlpatterns
        if pattern.name != "not-found"
    }

    assert routes == set(DOCUMENT["paths"])
    assert get_resolver().resolve("/api/v1/openapi.json").url_name == "openapi"


@pytest.mark.parametrize("lang", [None, "ar", "fr", "en"])
@pytest.mark.parametrize("url, path", ENDPOINTS, ids=[url for url, _path in ENDPOINTS])
def test_every_endpoint_answers_as_the_document_says(client, district, url, path, lang):
    body = check(client.get(url, {"lang": lang} if lang else {}), path)

    if "results" in body:
        assert body["results"], "an empty list would prove nothing"


def test_openapi_document_is_served_with_the_servers_address(client):
    body = client.get("/api/v1/openapi.json").json()

    # A path ("/communes/") is appended to it as it is: no "//".
    assert body["servers"] == [{"url": "http://testserver/api/v1"}]
    assert body["paths"].keys() == DOCUMENT["paths"].keys()


def test_the_document_says_a_shared_initiative_counts_in_each_of_its_communes(client):
    body = client.get("/api/v1/openapi.json").json()

    count = body["components"]["schemas"]["Commune"]["properties"]["initiative_count"]
    assert "An initiative in several communes counts in each" in count["description"]


def test_texts_come_in_the_requested_language_or_in_all_three(client, district):
    one = check(
        client.get("/api/v1/initiatives/haouzia-water/", {"lang": "fr"}), "/initiatives/{slug}/"
    )
    every = check(client.get("/api/v1/initiatives/haouzia-water/"), "/initiatives/{slug}/")

    assert one["title"] == "Eau potable pour les douars de Haouzia"
    assert one["status_label"] == "en cours"
    assert one["url"] == "http://testserver/fr/initiatives/haouzia-water/"
    assert every["title"] == {
        "ar": "تزويد دواوير الحوزية بالماء الصالح للشرب",
        "fr": "Eau potable pour les douars de Haouzia",
        "en": "Drinking water for the douars of Haouzia",
    }
    assert every["status_label"]["fr"] == "en cours"
    assert every["url"]["ar"] == "http://testserver/ar/initiatives/haouzia-water/"


def test_initiative_carries_exact_amounts_sources_and_funders(client, district):
    body = check(
        client.get("/api/v1/initiatives/haouzia-water/", {"lang": "ar"}), "/initiatives/{slug}/"
    )

    assert body["planned_budget"] == 1250000.5
    assert body["spent_amount"] == 300000
    assert body["iati_status_code"] == 2
    assert body["location"] == {"latitude": 33.25, "longitude": -8.4}
    assert body["fundings"] == [
        {"partner": {"slug": "region", "name": "جهة الدار البيضاء سطات"}, "amount": 1000000}
    ]
    assert {
        (s["url"], s["published_on"], s["published_on_precision"], s["language"])
        for s in body["sources"]
    } == {
        ("https://example.org/azemmour-water", "2024-05-01", "month", "ar"),
        ("https://example.org/deliberation-12", None, None, "fr"),
    }


def test_initiatives_take_the_list_pages_filters(client, district):
    body = check(
        client.get("/api/v1/initiatives/", {"commune": "azemmour", "sort": "name"}), "/initiatives/"
    )

    assert body["count"] == 2
    assert {item["slug"] for item in body["results"]} == {"azemmour-school", "coastal-road"}


def test_lists_are_paginated_with_links(client, district):
    first = check(
        client.get("/api/v1/initiatives/", {"page_size": 2, "lang": "en"}), "/initiatives/"
    )
    second = check(client.get(first["next"]), "/initiatives/")

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert "lang=en" in first["next"] and "page=2" in first["next"]
    assert len(second["results"]) == 1
    assert second["next"] is None
    slugs = {item["slug"] for item in first["results"] + second["results"]}
    assert slugs == {i.slug for i in district.published}


@pytest.mark.parametrize(
    "url, query",
    [
        ("/api/v1/initiatives/", {"lang": "de"}),
        ("/api/v1/initiatives/", {"page": "zero"}),
        ("/api/v1/initiatives/", {"page": "0"}),
        ("/api/v1/initiatives/", {"page_size": "1000"}),
        ("/api/v1/initiatives/", {"page_size": "-1"}),
        ("/api/v1/initiatives/", {"status": "finished"}),
        ("/api/v1/initiatives/", {"commune": "nowhere"}),
        ("/api/v1/initiatives/", {"budget_min": "a lot"}),
        ("/api/v1/initiatives/", {"start_year": "\x00"}),
        ("/api/v1/initiatives/", {"comune": "haouzia"}),
        ("/api/v1/communes/", {"status": "planned"}),
        ("/api/v1/updates/", {"initiative": "secret-draft"}),
        ("/api/v1/updates/", {"commune": "nowhere"}),
        ("/api/v1/initiatives/haouzia-water/", {"page": "2"}),
    ],
)
def test_unreadable_parameters_get_a_400_that_names_them(client, district, url, query):
    path = {
        "/api/v1/initiatives/haouzia-water/": "/initiatives/{slug}/",
    }.get(url, url.removeprefix("/api/v1"))

    body = check(client.get(url, query), path, status=400)

    assert set(body["error"]["parameters"]) <= set(query)
    assert body["error"]["parameters"]


@pytest.mark.parametrize("slug", ["secret-draft", "demo-1", "no-such-initiative"])
def test_hidden_or_unknown_initiative_is_404(client, district, slug):
    check(client.get(f"/api/v1/initiatives/{slug}/"), "/initiatives/{slug}/", status=404)


def test_page_past_the_end_is_404(client, district):
    check(client.get("/api/v1/initiatives/", {"page": "9"}), "/initiatives/", status=404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nope/",
        "/api/v1/nope",
        "/api/v1/initiatives/haouzia-water/updates/",
        "/api/v1/openapi.json/",
        "/api/v1/v2/initiatives/",
    ],
)
@pytest.mark.parametrize("method", ["get", "head", "post", "delete"])
def test_unknown_address_is_the_apis_json_404(district, url, method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(url, follow=True)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    if method != "head":
        body = check_error(response, 404)
        assert body["error"]["parameters"] == {}
        with translation.override("ar"):
            assert body["error"]["message"] == gettext("The API has no such address.")


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_unknown_address_answers_in_the_requested_language(client, lang):
    body = check_error(client.get("/api/v1/nope/", {"lang": lang}), 404)

    with translation.override(lang):
        assert body["error"]["message"] == gettext("The API has no such address.")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("url", [url for url, _path in ENDPOINTS], ids=[u for u, _p in ENDPOINTS])
def test_writes_are_refused_with_a_json_405_before_any_query(
    district, url, method, django_assert_num_queries
):
    # As a script would send them: no CSRF token, no cookie.
    client = Client(enforce_csrf_checks=True)

    with django_assert_num_queries(0):
        response = getattr(client, method)(
            url, '{"title_ar": "عنوان"}', content_type="application/json"
        )

    body = check_error(response, 405)
    assert response["Allow"] == "GET, HEAD"
    assert body["error"]["message"] == "واجهة API هذه للقراءة فقط: استعمل GET."
    assert response["Access-Control-Allow-Origin"] == "*"


def test_refused_write_answers_in_the_language_of_lang_not_of_the_browser(district):
    client = Client(enforce_csrf_checks=True, headers={"Accept-Language": "fr"})

    default = check_error(client.post("/api/v1/initiatives/"), 405)
    french = check_error(client.post("/api/v1/initiatives/?lang=fr"), 405)

    assert default["error"]["message"] == "واجهة API هذه للقراءة فقط: استعمل GET."
    assert french["error"]["message"] == "Cette API est en lecture seule : utilisez GET."


@pytest.mark.parametrize("url", [url for url, _path in ENDPOINTS[1:-1]])
def test_api_never_carries_hidden_records_or_personal_data(client, editor, district, url):
    district.water_project.progress = 50
    district.water_project._history_user = editor
    district.water_project.save()

    text = client.get(url).content.decode()

    assert [word for word in hidden_words(district) if word in text] == []


def test_updates_can_be_narrowed_to_an_initiative_or_a_commune(client, district):
    of_road = check(client.get("/api/v1/updates/", {"initiative": "coastal-road"}), "/updates/")
    of_azemmour = check(client.get("/api/v1/updates/", {"commune": "azemmour"}), "/updates/")

    assert [u["id"] for u in of_road["results"]] == [district.road_update.pk]
    assert [u["id"] for u in of_azemmour["results"]] == [district.road_update.pk]


def test_updates_say_whether_their_initiative_is_a_demo_record(
    client, district, settings, make_update, django_assert_max_num_queries
):
    settings.DEMO_DATA = True
    demo_updates = [make_update(initiative=district.demo, is_published=True) for _ in range(20)]

    with django_assert_max_num_queries(3):
        body = check(client.get("/api/v1/updates/"), "/updates/")

    assert {item["id"]: item["is_demo"] for item in body["results"]} == {
        **{update.pk: True for update in demo_updates},
        district.update.pk: False,
        district.road_update.pk: False,
    }


def test_sectors_and_partners_are_those_of_published_initiatives(client, district):
    sectors = check(client.get("/api/v1/sectors/"), "/sectors/")
    partners = check(client.get("/api/v1/partners/"), "/partners/")

    assert {(s["slug"], s["initiative_count"]) for s in sectors["results"]} == {
        ("water", 1),
        ("roads", 2),
    }
    assert [p["slug"] for p in partners["results"]] == ["region"]


def test_a_partners_count_holds_each_published_initiative_once_and_follows_changes(
    client, district, make_initiative, make_funding, make_partner
):
    partner = make_partner(slug="ocp-foundation")
    both = make_initiative(
        communes=[district.haouzia], is_published=True, implementing_body=partner
    )
    make_funding(initiative=both, partner=partner)  # funds and implements it: counted once
    make_funding(initiative=make_initiative(communes=[district.azemmour]), partner=partner)

    def count():
        partners = check(client.get("/api/v1/partners/"), "/partners/")["results"]
        return {p["slug"]: p["initiative_count"] for p in partners}.get("ocp-foundation")

    assert count() == 1  # the draft it funds is not counted

    make_funding(
        initiative=make_initiative(communes=[district.azemmour], is_published=True),
        partner=partner,
    )

    assert count() == 2


def test_list_queries_stay_flat_as_initiatives_grow(
    client, district, make_initiative, make_funding, django_assert_max_num_queries
):
    for _ in range(30):
        make_funding(initiative=make_initiative(communes=[district.haouzia], is_published=True))

    with django_assert_max_num_queries(8):
        check(client.get("/api/v1/initiatives/", {"page_size": 200}), "/initiatives/")


def test_api_answers_can_be_read_by_any_web_page(client, district):
    assert client.get("/api/v1/communes/")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("parameter", ["initiative", "commune"])
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "two words"])
def test_an_update_filter_that_no_slug_can_be_is_a_json_400(client, district, parameter, value):
    """PostgreSQL cannot hold a NUL in a query's text: it is refused before it is asked."""
    body = check_error(client.get("/api/v1/updates/", {parameter: value}), 400)

    assert list(body["error"]["parameters"]) == [parameter]


@pytest.mark.parametrize("parameter", ["page", "lang", "initiative", "commune"])
def test_a_parameter_given_twice_with_different_values_is_a_400(client, district, parameter):
    values = {
        "page": ["1", "2"],
        "lang": ["fr", "en"],
        "initiative": ["haouzia-water", "other"],
        "commune": ["haouzia", "azemmour"],
    }[parameter]

    body = check_error(client.get("/api/v1/updates/", {parameter: values}), 400)

    assert list(body["error"]["parameters"]) == [parameter]
    same = client.get("/api/v1/updates/", {parameter: [values[0], values[0]]})
    assert same.status_code == 200


def test_the_answer_says_the_language_of_lang_not_of_the_browser(district):
    client = Client(headers={"Accept-Language": "en"})

    french = client.get("/api/v1/initiatives/", {"lang": "fr"})
    default = client.get("/api/v1/initiatives/", {"nope": "1"})

    assert french["Content-Language"] == "fr"
    assert default["Content-Language"] == "ar"


@pytest.mark.parametrize("url", [url for url, _path in ENDPOINTS], ids=[u for u, _p in ENDPOINTS])
def test_a_shared_cache_keeps_one_copy_whatever_the_browsers_language(district, url):
    """The answer depends on `lang`, never on the browser's language: `Vary` must not name
    Accept-Language, or every cache on the way keeps a copy per browser language."""
    answers = [Client(headers={"Accept-Language": language}).get(url) for language in ("fr", "en")]

    assert answers[0].content == answers[1].content
    for answer in answers:
        assert answer.status_code == 200
        assert "accept-language" not in answer.get("Vary", "").lower()


def test_an_address_without_a_language_still_varies_with_the_browsers_language(client, db):
    response = client.get("/", headers={"Accept-Language": "fr"})

    assert response.status_code == 302
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("url", [url for url, _path in ENDPOINTS], ids=[u for u, _p in ENDPOINTS])
def test_a_cross_origin_preflight_is_allowed_to_read(district, url, django_assert_num_queries):
    """A page elsewhere that revalidates with If-None-Match first asks the browser's
    preflight, which must answer 2xx for the GET to be sent."""
    client = Client(
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        }
    )

    with django_assert_num_queries(0):
        response = client.options(url)

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("value", ["0", "no", "off", "maybe"])
def test_late_accepts_only_what_the_document_says(client, district, value):
    body = check_error(client.get("/api/v1/initiatives/", {"late": value}), 400)

    assert list(body["error"]["parameters"]) == ["late"]
    assert client.get("/api/v1/initiatives/", {"late": "on"}).status_code == 200
