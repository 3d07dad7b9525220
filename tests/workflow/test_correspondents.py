"""A commune correspondent works only in their communes, however they try."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from initiatives.models import Initiative, Update
from tests.helpers import initiative_form
from workflow.roles import BUREAU, CORRESPONDENT


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


def answer(client, url_name, pk):
    """Where the admin sends the correspondent, and what it tells them, the record's number
    left out."""
    response = client.get(reverse(url_name, args=[pk]), follow=True)
    said = [
        str(message).replace(str(pk), "{pk}") for message in get_messages(response.wsgi_request)
    ]
    return response.redirect_chain, said


@pytest.mark.parametrize(
    "url_name, record, model",
    [
        ("admin:initiatives_initiative_change", "their_draft", Initiative),
        ("admin:initiatives_update_change", "their_update", Update),
    ],
)
def test_another_communes_draft_cannot_be_opened_or_guessed(
    client_for, two_communes, url_name, record, model
):
    """A correspondent who opens another commune's record gets the answer the admin gives
    for a record that does not exist: nothing tells them it is there."""
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    missing = model.objects.order_by("-pk")[0].pk + 1000

    theirs = answer(client, url_name, two_communes[record].pk)

    assert theirs == answer(client, url_name, missing)
    assert theirs[0] and theirs[1]


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


def test_another_communes_history_cannot_be_read(client_for, two_communes):
    """A version holds every field of a record, drafts and internal notes included."""
    theirs = two_communes["their_draft"]
    theirs.source_notes = "ملاحظة داخلية"
    theirs.save()
    version = theirs.history.first()
    update = two_communes["their_update"]
    correspondent = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    pages = [
        reverse("admin:initiatives_initiative_history", args=[theirs.pk]),
        reverse("admin:initiatives_initiative_simple_history", args=[theirs.pk, version.pk]),
        reverse("admin:initiatives_update_history", args=[update.pk]),
    ]

    for url in pages:
        assert correspondent.get(url).status_code == 404, url
    mine = two_communes["my_draft"]
    assert (
        correspondent.get(
            reverse("admin:initiatives_initiative_history", args=[mine.pk])
        ).status_code
        == 200
    )
    # The bureau reads every history.
    assert client_for(BUREAU).get(pages[1]).status_code == 200


def test_a_parent_initiative_is_chosen_among_their_communes_only(
    client_for, two_communes, make_initiative, make_sector
):
    mine = make_initiative(communes=[two_communes["mine"]], sector=make_sector())
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    url = reverse("admin:initiatives_initiative_change", args=[mine.pk])
    form = initiative_form(
        sector=mine.sector, communes=[two_communes["mine"]], slug=mine.slug, title_ar=mine.title_ar
    )

    refused = client.post(url, form | {"parent": two_communes["their_draft"].pk})
    accepted = client.post(url, form | {"parent": two_communes["my_draft"].pk})

    assert refused.status_code == 200 and "parent" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    mine.refresh_from_db()
    assert mine.parent == two_communes["my_draft"]


def test_a_parent_in_another_commune_set_by_the_bureau_stays_as_it_is(
    client_for, two_communes, make_initiative, make_sector
):
    mine = make_initiative(communes=[two_communes["mine"]], sector=make_sector())
    mine.parent = two_communes["their_draft"]
    mine.save()
    client = client_for(CORRESPONDENT, communes=[two_communes["mine"]])
    url = reverse("admin:initiatives_initiative_change", args=[mine.pk])

    response = client.post(
        url,
        initiative_form(
            sector=mine.sector,
            communes=[two_communes["mine"]],
            slug=mine.slug,
            title_ar=mine.title_ar,
            parent=two_communes["my_draft"].pk,
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    mine.refresh_from_db()
    assert mine.parent == two_communes["their_draft"]
