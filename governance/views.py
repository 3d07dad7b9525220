from django.db.models import Prefetch, Q
from django.shortcuts import render

from .models import Assembly, Body, Goal, Membership, Principle


def foundation(request):
    memberships = Membership.objects.select_related("person").order_by("role", "person__slug")
    bodies = Body.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=memberships.filter(end_date__isnull=True),
            to_attr="current_members",
        ),
        Prefetch(
            "memberships",
            queryset=memberships.filter(~Q(end_date=None)).order_by("-end_date"),
            to_attr="past_members",
        ),
    )
    return render(
        request,
        "governance/foundation.html",
        {
            "principles": Principle.objects.all(),
            "goals": Goal.objects.all(),
            "bodies": bodies,
            "assemblies": Assembly.objects.all(),
        },
    )
