"""Advocacy dossiers: actions in date order, a state read from the latest action, and
requests for information with the deadline the bureau records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.models import Dossier, DossierAction
from tests.helpers import refused_by_database
from tests.public.pages import Page

Kind = DossierAction.Kind
State = DossierAction.State


def test_current_state_is_the_state_of_the_latest_action(make_dossier, make_action):
    dossier = make_dossier()
    make_action(dossier=dossier, date=datetime.date(2025, 5, 1), state=State.PARTLY_RESOLVED)
    make_action(dossier=dossier, date=datetime.date(2025, 1, 1), state=State.WAITING)

    annotated = Dossier.objects.with_state().get(pk=dossier.pk)

    assert annotated.state == State.PARTLY_RESOLVED
    assert annotated.state_on == datetime.date(2025, 5, 1)


def test_a_request_for_information_needs_the_date_its_answer_is_due(make_action):
    with refused_by_database("dossieraction_information_request_has_deadline"):
        make_action(kind=Kind.INFORMATION_REQUEST)


def test_an_answer_cannot_be_due_before_the_request(make_action):
    with refused_by_database("dossieraction_deadline_after_date"):
        make_action(
            kind=Kind.INFORMATION_REQUEST,
            date=datetime.date(2025, 3, 1),
            answer_due_on=datetime.date(2025, 2, 1),
        )


def test_dossier_page_says_which_requests_went_unanswered_past_their_deadline(
    client, make_dossier, make_action
):
    dossier = make_dossier(is_published=True)
    make_action(
        dossier=dossier,
        kind=Kind.INFORMATION_REQUEST,
        title_ar="طلب الحصول على المعلومات حول الصفقة",
        date=datetime.date(2025, 1, 10),
        answer_due_on=datetime.date(2025, 2, 10),
        state=State.WAITING,
    )
    make_action(
        dossier=dossier,
        kind=Kind.INFORMATION_REQUEST,
        date=datetime.date(2025, 3, 1),
        answer_due_on=datetime.date(2025, 4, 1),
        answered_on=datetime.date(2025, 3, 20),
        answer_ar="توصلنا بالجواب",
    )

    html = client.get(f"/en/foundation/advocacy/{dossier.slug}/").content.decode()
    listed = client.get("/en/foundation/advocacy/").content.decode()

    assert html.count("no answer, past the deadline") == 1
    assert "توصلنا بالجواب" in html
    assert "an answer is overdue" in listed


def test_dossier_links_only_published_initiatives_and_proposals(
    client, make_dossier, make_initiative, make_proposal
):
    dossier = make_dossier(is_published=True)
    shown = make_initiative(is_published=True)
    hidden = make_initiative(title_ar="مبادرة سرية")
    draft = make_proposal(title_ar="مقترح لم ينشر")
    dossier.initiatives.add(shown, hidden)
    dossier.proposals.add(draft)

    page = Page(client.get(f"/ar/foundation/advocacy/{dossier.slug}/"))

    assert shown.get_absolute_url() in page.html
    assert hidden.title_ar not in page.html
    assert draft.title_ar not in page.html


def test_dossier_list_filters_by_commune_and_state(client, make_commune, make_dossier, make_action):
    river = make_commune(slug="azemmour")
    resolved = make_dossier(communes=[river], is_published=True)
    make_action(dossier=resolved, state=State.RESOLVED)
    waiting = make_dossier(communes=[river], is_published=True)
    make_action(dossier=waiting, state=State.WAITING)
    elsewhere = make_dossier(is_published=True)
    make_action(dossier=elsewhere, state=State.RESOLVED)

    response = client.get("/ar/foundation/advocacy/?commune=azemmour&state=resolved")

    assert [d.slug for d in response.context["page"].object_list] == [resolved.slug]


def test_an_answer_dated_in_the_future_is_refused(make_action):
    action = make_action()
    action.answered_on = timezone.localdate() + datetime.timedelta(days=2)

    with pytest.raises(ValidationError) as error:
        action.full_clean()

    assert "answered_on" in error.value.message_dict
