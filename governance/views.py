from django.db.models import Case, F, Prefetch, Value, When
from django.shortcuts import render

from .models import Assembly, Body, Goal, Membership, Principle


def foundation(request):
    # Every mandate of every body in one query: current ones (no end date) by rank of
    # role (the president first, as the roles are declared) and name, then past ones,
    # latest ended first.
    rank = Case(*(When(role=role, then=Value(i)) for i, role in enumerate(Membership.Role.values)))
    memberships = Membership.objects.select_related("person").order_by(
        F("end_date").desc(nulls_first=True), rank, "person__slug"
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
