from django.db.models import F, Prefetch
from django.shortcuts import render

from .models import Assembly, Body, Goal, Membership, Principle


def foundation(request):
    # Every mandate of every body in one query: current ones (no end date) by role and
    # name, then past ones, latest ended first.
    memberships = Membership.objects.select_related("person").order_by(
        F("end_date").desc(nulls_first=True), "role", "person__slug"
    )
    bodies = list(
        Body.objects.prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="mandates")
        )
    )
    for body in bodies:
        body.current_members = [m for m in body.mandates if m.end_date is None]
        body.past_members = [m for m in body.mandates if m.end_date is not None]
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
