import datetime

from django.db.models import Prefetch
from django.shortcuts import render

from .models import Assembly, Body, Goal, Membership, Principle

# The order of the roles as they are declared: the president first.
RANK = {role: rank for rank, role in enumerate(Membership.Role.values)}


def mandate_order(membership) -> tuple:
    """Current mandates (no end date) by rank of role and name, then past ones, the latest
    ended first. Sorted here: a body has a few dozen mandates, and ordering them in the
    database by a CASE over the roles cost more to compose than the rest of the page."""
    ended = membership.end_date
    return (
        ended is not None,
        -(ended or datetime.date.min).toordinal(),
        RANK.get(membership.role, len(RANK)),
        membership.person.slug,
    )


def foundation(request):
    # Every mandate of every body in one query.
    bodies = list(
        Body.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person").order_by(),
                to_attr="mandates",
            )
        )
    )
    for body in bodies:
        mandates = sorted(body.mandates, key=mandate_order)
        body.current_members = [m for m in mandates if m.end_date is None]
        body.past_members = [m for m in mandates if m.end_date is not None]
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
