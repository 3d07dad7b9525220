"""A commune correspondent works only in their communes, however they try."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.helpers import initiative_form
from workflow.roles import CORRESPONDENT


@pytest.fixture
def two_communes(make_commune, make_initiative, make_update):
    mine, other = make_commune(), make_commune()
    return {
        "mine": mine,
        "other": other,
        "my_draft": make_initiative(communes=[mine]),
        "their_draft": make_initiative(communes=[other]),
        "their_update": make_update(initiative=make_initiative(communes=[other])),
    }


def test_the_list_shows_only_their_communes(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    response = client.get(reverse("admin:initiatives_initiative_changelist"))
    shown = list(response.context["cl"].result_list)
    assert shown == [two_communes["my_draft"]]


def test_another_communes_draft_cannot_be_opened_or_guessed(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    theirs = two_communes["their_draft"]
    response = client.get(reverse("admin:initiatives_initiative_change", args=[theirs.pk]))
    # The admin answers as for a record that does not exist.
    assert response.status_code == 302
    update = two_communes["their_update"]
    response = client.get(reverse("admin:initiatives_update_change", args=[update.pk]))
    assert response.status_code == 302


def test_autocomplete_offers_only_their_initiatives(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "initiatives",
            "model_name": "update",
            "field_name": "initiative",
            "term": "",
        },
    )
    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {two_communes["my_draft"].pk}


def test_a_new_initiative_can_only_be_placed_in_their_communes(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    page = client.get(reverse("admin:initiatives_initiative_add"))
    field = page.context["adminform"].form.fields["communes"]
    choices = {int(str(value)) for value, _label in field.choices}
    assert choices == {two_communes["mine"].pk}


def test_actions_cannot_reach_another_communes_records(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    theirs = two_communes["their_draft"]
    client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "submit_for_review", "_selected_action": [theirs.pk]},
    )
    assert Initiative.objects.get(pk=theirs.pk).state == "draft"


def test_saving_a_shared_initiative_keeps_the_communes_outside_their_own(
    client_for, make_commune, make_initiative, make_sector
):
    """The form offers a correspondent their communes only; a plant shared with a
    neighbouring commune must not drop off that commune's page when they save it."""
    mine, theirs = make_commune(), make_commune()
    shared = make_initiative(communes=[mine, theirs], sector=make_sector())
    client = client_for(CORRESPONDENT, communes=[mine])

    response = client.post(
        reverse("admin:initiatives_initiative_change", args=[shared.pk]),
        initiative_form(
            sector=shared.sector,
            communes=[mine],  # what the form posts back: only the offered communes
            slug=shared.slug,
            title_ar=shared.title_ar,
            progress="0",
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(shared.communes.all()) == {mine, theirs}


def test_the_commune_picker_offers_only_their_communes(client_for, two_communes):
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "initiatives", "model_name": "initiative", "field_name": "communes"},
    )

    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {two_communes["mine"].pk}
