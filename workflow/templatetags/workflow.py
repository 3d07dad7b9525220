"""The bureau's dashboard: what needs attention, each a link to the filtered list."""

import datetime

from django import template
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import EventPhoto
from initiatives.models import Initiative, Update, UpdatePhoto
from workflow.states import State

register = template.Library()
QUIET_DAYS = 90


@register.inclusion_tag("workflow/dashboard.html", takes_context=True)
def bureau_dashboard(context):
    """A fixed set of counts, one query each, whatever the size of the records."""
    user = context["request"].user
    if not user.has_perm("initiatives.view_initiative"):
        return {"items": []}
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
    items = [
        (
            _("Initiatives awaiting review"),
            Initiative.objects.filter(state=State.IN_REVIEW).count(),
            f"{initiatives}?state__exact={State.IN_REVIEW}",
        ),
        (
            _("Monitoring updates awaiting review"),
            Update.objects.filter(state=State.IN_REVIEW).count(),
            f"{updates}?state__exact={State.IN_REVIEW}",
        ),
        (
            _("Initiatives under way with no monitoring update for 90 days"),
            running.annotate(last=Max("updates__observed_on"))
            .filter(Q(last__lt=quiet_since) | Q(last__isnull=True))
            .count(),
            f"{initiatives}?attention=quiet",
        ),
        (
            _("Late initiatives"),
            Initiative.objects.filter(state=State.PUBLISHED).late(today).count(),
            f"{initiatives}?attention=late",
        ),
        (
            _("Monitoring photos of identifiable people awaiting consent"),
            UpdatePhoto.objects.awaiting_consent().count(),
            f"{photos}?consent=awaiting",
        ),
        (
            _("Event photos of identifiable people awaiting consent"),
            EventPhoto.objects.awaiting_consent().count(),
            f"{events}?consent=awaiting",
        ),
        (
            _("Published initiatives with no source"),
            Initiative.objects.filter(state=State.PUBLISHED, sources=None).count(),
            f"{initiatives}?attention=unsourced",
        ),
    ]
    return {"items": items}
