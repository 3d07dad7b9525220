"""The database keeps a citizen's report and suggestion within their choices."""

import pytest
from django.utils import timezone

from citizens.models import FieldReport, Suggestion
from tests.helpers import refused_by_database


@pytest.mark.parametrize(
    "field, value, check",
    [("kind", "gossip", "fieldreport_kind_valid"), ("state", "lost", "fieldreport_state_valid")],
)
def test_a_report_outside_its_choices_is_refused(make_report, field, value, check):
    report = make_report()

    with refused_by_database(check=check):
        # Dated as a moderated submission is, so that only the choice is at fault.
        FieldReport.objects.filter(pk=report.pk).update(
            moderated_at=timezone.now(), **{field: value}
        )


def test_a_suggestion_outside_the_moderation_states_is_refused(make_suggestion):
    suggestion = make_suggestion()

    with refused_by_database(check="suggestion_state_valid"):
        Suggestion.objects.filter(pk=suggestion.pk).update(
            state="lost", moderated_at=timezone.now()
        )
