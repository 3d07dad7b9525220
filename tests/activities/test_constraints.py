"""The database refuses a record of the foundation's work that no page can show: a slug no
address can hold, a kind, state, recipient or session outside its choices."""

import pytest

from activities.models import (
    Dossier,
    DossierAction,
    Event,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingProgramme,
)
from tests.helpers import refused_by_database


@pytest.fixture
def records(
    make_proposal, make_step, make_dossier, make_action, make_programme, make_event, make_news
):
    # On the council's agenda: a step that may name its session.
    step = make_step(kind=ProposalStep.Kind.ON_AGENDA)
    action = make_action()
    return {
        Proposal: step.proposal,
        ProposalStep: step,
        Dossier: action.dossier,
        DossierAction: action,
        TrainingProgramme: make_programme(),
        Event: make_event(),
        NewsItem: make_news(),
    }


@pytest.mark.parametrize(
    "model, field, value, check",
    [
        (Proposal, "slug", "مقترح", "proposal_slug_format"),
        (Dossier, "slug", "a b", "dossier_slug_format"),
        (TrainingProgramme, "slug", "stage été", "trainingprogramme_slug_format"),
        (Event, "slug", "event/1", "event_slug_format"),
        (NewsItem, "slug", "news?1", "newsitem_slug_format"),
        (Proposal, "recipient", "king", "proposal_recipient_valid"),
        (ProposalStep, "kind", "forgotten", "proposalstep_kind_valid"),
        (ProposalStep, "session", "secret", "proposalstep_session_valid"),
        (DossierAction, "kind", "riot", "dossieraction_kind_valid"),
        (DossierAction, "state", "lost", "dossieraction_state_valid"),
    ],
)
def test_the_database_refuses_a_value_no_page_can_show(records, model, field, value, check):
    with refused_by_database(check=check):
        model.objects.filter(pk=records[model].pk).update(**{field: value})


def test_a_step_without_a_session_is_kept(records):
    step = records[ProposalStep]

    ProposalStep.objects.filter(pk=step.pk).update(session="")

    assert ProposalStep.objects.get(pk=step.pk).session == ""
