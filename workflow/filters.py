"""Admin list filters behind the dashboard's links."""

import datetime

from django.contrib import admin
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import State

QUIET_DAYS = 90


class AttentionFilter(admin.SimpleListFilter):
    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("late", _("late")),
            ("quiet", _("no update for 90 days")),
            ("unsourced", _("published with no source")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "late":
            return queryset.filter(state=State.PUBLISHED).late(today)
        if self.value() == "quiet":
            since = today - datetime.timedelta(days=QUIET_DAYS)
            return (
                queryset.filter(state=State.PUBLISHED, status__in=["in_progress", "stalled"])
                .annotate(last_update=Max("updates__observed_on"))
                .filter(Q(last_update__lt=since) | Q(last_update__isnull=True))
            )
        if self.value() == "unsourced":
            return queryset.filter(state=State.PUBLISHED, sources=None)
        return queryset


class ConsentFilter(admin.SimpleListFilter):
    title = _("consent")
    parameter_name = "consent"

    def lookups(self, request, model_admin):
        return [("awaiting", _("identifiable people, consent awaited"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.awaiting_consent()
        return queryset


class SourcedFilter(admin.SimpleListFilter):
    """Whether a record cites a source. Django's EmptyFieldListFilter cannot do it for a
    many-to-many field: it fails on the field's empty value, and with it "show counts"."""

    title = _("sources")
    parameter_name = "sourced"

    def lookups(self, request, model_admin):
        return [("yes", _("with a source")), ("no", _("without a source"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        links = queryset.model.sources.through.objects.filter(
            **{queryset.model._meta.model_name: OuterRef("pk")}
        )
        return queryset.filter(Exists(links) if self.value() == "yes" else ~Exists(links))
