"""Filters of the foundation's lists, each built on a published() queryset."""

import django_filters
from django.utils.translation import gettext_lazy as _

from azemmour_portal.filtering import FilterSet, OneValueForm
from communes.models import Commune

from .models import Dossier, DossierState, Event, Proposal, StepKind, TrainingSession


def commune_filter(field_name: str = "communes"):
    return django_filters.ModelChoiceFilter(
        label=_("Commune"),
        field_name=field_name,
        queryset=Commune.objects.all(),
        to_field_name="slug",
    )


class ProposalFilter(FilterSet):
    """Needs a queryset with_outcome(): the outcome is the latest step."""

    commune = commune_filter()
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), field_name="stage", choices=StepKind.choices
    )

    class Meta:
        model = Proposal
        fields: list[str] = []
        form = OneValueForm


class DossierFilter(FilterSet):
    """Needs a queryset with_state(): the state is that of the latest action."""

    commune = commune_filter()
    state = django_filters.ChoiceFilter(
        label=_("State"), field_name="state", choices=DossierState.choices
    )

    class Meta:
        model = Dossier
        fields: list[str] = []
        form = OneValueForm


class TrainingSessionFilter(FilterSet):
    commune = commune_filter("commune")

    class Meta:
        model = TrainingSession
        fields: list[str] = []
        form = OneValueForm


class EventFilter(FilterSet):
    commune = commune_filter()

    class Meta:
        model = Event
        fields: list[str] = []
        form = OneValueForm
