"""The bureau's dashboard: what needs attention, each a link to the filtered list."""

import datetime

from django import template
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import EventPhoto
from citizens.models import FieldReport, Moderation, Suggestion
from initiatives.models import Initiative, Update, UpdatePhoto
from workflow.admin import limited
from workflow.roles import can_publish
from workflow.states import State

register = template.Library()
QUIET_DAYS = 90


@register.inclusion_tag("workflow/dashboard.html", takes_context=True)
def bureau_dashboard(context):
    """A fixed set of counts, one query each, whatever the size of the records; each
    counts what its link lists, so a correspondent's counts are of their communes."""
    user = context["request"].user
    if not user.has_perm("initiatives.view_initiative"):
        return {"items": []}

    def mine(queryset, lookup="communes"):
        return limited(queryset, user, lookup)

    today = timezone.localdate()
    quiet_since = today - datetime.timedelta(days=QUIET_DAYS)
    initiatives = reverse("admin:initiatives_initiative_changelist")
    updates = reverse("admin:initiatives_update_changelist")
    photos = reverse("admin:initiatives_updatephoto_changelist")
    events = reverse("admin:activities_event_changelist")
    running = Initiative.objects.filter(
        state=State.PUBLISHED,
        status__in=[Initiative.Status.IN_PROGRESS, Initiative.Status.STALLED],
    )
    items = []
    # Citizens wait for an answer: their reports and suggestions come first.
    for model, label in (
        (FieldReport, _("Citizens' reports waiting for moderation")),
        (Suggestion, _("Citizens' suggestions waiting for moderation")),
    ):
        if user.has_perm(f"citizens.view_{model._meta.model_name}"):
            lookup = "commune" if model is Suggestion else "initiative__communes"
            url = reverse(f"admin:citizens_{model._meta.model_name}_changelist")
            items.append(
                (
                    label,
                    mine(model.objects.pending(), lookup).count(),
                    f"{url}?state__exact={Moderation.PENDING}",
                )
            )
    items += [
        (
            _("Initiatives awaiting review"),
            mine(Initiative.objects.filter(state=State.IN_REVIEW)).count(),
            f"{initiatives}?state__exact={State.IN_REVIEW}",
        ),
        (
            _("Monitoring updates awaiting review"),
            mine(Update.objects.filter(state=State.IN_REVIEW), "initiative__communes").count(),
            f"{updates}?state__exact={State.IN_REVIEW}",
        ),
        (
            _("Initiatives under way with no monitoring update for 90 days"),
            mine(
                running.annotate(last=Max("updates__observed_on")).filter(
                    Q(last__lt=quiet_since) | Q(last__isnull=True)
                )
            ).count(),
            f"{initiatives}?attention=quiet",
        ),
        (
            _("Late initiatives"),
            mine(Initiative.objects.filter(state=State.PUBLISHED).late(today)).count(),
            f"{initiatives}?attention=late",
        ),
        (
            _("Monitoring photos of identifiable people awaiting consent"),
            mine(UpdatePhoto.objects.awaiting_consent(), "update__initiative__communes").count(),
            f"{photos}?consent=awaiting",
        ),
    ]
    # What only some can act on: the foundation's events, and a published initiative's
    # sources (changed by the bureau only).
    if user.has_perm("activities.view_event"):
        items.append(
            (
                _("Event photos of identifiable people awaiting consent"),
                EventPhoto.objects.awaiting_consent().count(),
                f"{events}?consent=awaiting",
            )
        )
    if can_publish(user, Initiative):
        items.append(
            (
                _("Published initiatives with no source"),
                mine(Initiative.objects.filter(state=State.PUBLISHED, sources=None)).count(),
                f"{initiatives}?attention=unsourced",
            )
        )
    return {"items": items}
