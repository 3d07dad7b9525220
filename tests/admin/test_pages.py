"""Every admin page of the portal opens in Arabic and French, and lists stay cheap."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from communes.models import CensusFigure, Commune
from governance.models import Goal, Membership, Principle
from initiatives.models import Funding, Initiative, Update, UpdateDocument, UpdatePhoto
from sources.models import Source
from tests.helpers import html_tag, in_arabic

APPS = {"communes", "initiatives", "governance"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in APPS),
    key=lambda model: model._meta.label,
)
PAGES = ["changelist", "add", "change"]
DIRECTION = {"ar": "rtl", "fr": "ltr"}


def admin_url(model, page: str, language: str, obj=None) -> str:
    args = [obj.pk] if page == "change" else []
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def one_of_each(make_census, make_funding, make_photo, make_membership, make_assembly, make_update):
    """One record of every model the admin manages, keyed by model."""
    funding = make_funding()
    update = make_update(initiative=funding.initiative)
    photo = make_photo(update=update)
    membership = make_membership(elected_at=make_assembly(kind="constitutive"))
    records = [
        make_census(commune=funding.initiative.communes.get()),
        funding,
        photo,
        UpdateDocument.objects.create(
            update=update, file="updates/documents/pv.pdf", title_ar="محضر"
        ),
        membership,
        Principle.objects.create(position=1, text_ar="الشفافية"),
        Goal.objects.create(position=1, text_ar="رصد المبادرات"),
    ]
    by_model = {type(record): record for record in records}
    by_model |= {
        Commune: funding.initiative.communes.get(),
        type(funding.initiative.sector): funding.initiative.sector,
        type(funding.partner): funding.partner,
        Initiative: funding.initiative,
        Update: update,
        type(membership.person): membership.person,
        type(membership.body): membership.body,
        type(membership.elected_at): membership.elected_at,
    }
    return by_model


def test_every_admin_model_has_an_example_record(one_of_each):
    assert set(REGISTERED) <= set(one_of_each)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_admin_page_opens_in_the_language_and_direction_of_the_interface(
    staff_client, one_of_each, model, page, language
):
    url = admin_url(model, page, language, obj=one_of_each.get(model))

    response = staff_client.get(url)

    assert response.status_code == 200
    tag = html_tag(response)
    assert f'lang="{language}"' in tag
    assert f'dir="{DIRECTION[language]}"' in tag


def test_the_admin_index_is_titled_with_the_foundation_name_in_arabic(staff_client):
    response = staff_client.get("/ar/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert in_arabic(admin.site.site_header) in title
    assert 'dir="rtl"' in html_tag(response)


@pytest.fixture
def add_activity(
    make_initiative,
    make_commune,
    make_census,
    make_funding,
    make_update,
    make_photo,
    make_membership,
    make_body,
):
    """Add `count` initiatives, each in three communes, funded, monitored and photographed."""
    bureau = make_body()

    def add(count: int):
        for _ in range(count):
            communes = [make_commune() for _ in range(3)]
            for commune in communes:
                make_census(commune=commune)
            initiative = make_initiative(communes=communes)
            make_funding(initiative=initiative)
            make_funding(initiative=initiative)
            for _ in range(2):
                make_photo(update=make_update(initiative=initiative))
            make_membership(body=bureau, role="advisor")

    return add


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.context["cl"].result_count


@pytest.mark.parametrize(
    "model",
    [Initiative, Update, Commune, Membership, Funding, CensusFigure, UpdatePhoto],
    ids=lambda model: model._meta.label_lower,
)
def test_a_changelist_makes_as_many_queries_for_twenty_rows_as_for_two(
    staff_client, add_activity, model
):
    url = admin_url(model, "changelist", "ar")
    add_activity(2)
    staff_client.get(url)  # sessions and content types are cached after the first page

    few_queries, few_rows = count_queries(staff_client, url)
    add_activity(18)
    many_queries, many_rows = count_queries(staff_client, url)

    assert many_rows == 10 * few_rows
    assert many_queries == few_queries


@pytest.mark.parametrize("query", ["sourced=no", "sourced=yes", "_facets=True", "sourced=maybe"])
def test_the_initiatives_list_filters_by_having_a_source_and_shows_counts(
    staff_client, make_initiative, query
):
    cited = make_initiative()
    cited.sources.add(
        Source.objects.create(publication="Hespress", url="https://example.org/a", language="fr")
    )
    uncited = make_initiative()

    response = staff_client.get(reverse("admin:initiatives_initiative_changelist") + "?" + query)

    assert response.status_code == 200
    shown = set(response.context["cl"].result_list)
    expected = {"sourced=no": {uncited}, "sourced=yes": {cited}}.get(query, {cited, uncited})
    assert shown == expected
