from django.db import connections
from django.db.models import F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from activities.views import foundation_in_commune
from azemmour_portal.cache import fragment
from initiatives import tallies
from initiatives.filters import SubqueryCount
from initiatives.models import Initiative, Update

from .models import CensusFigure, Commune

LIST_SIZE = 10
# What the commune page's lists show of an initiative.
LISTED_FIELDS = ("title", "slug", "status", "is_demo", "planned_end_date", "sector__name")
# Stands for each status in turn in firsts_by_status()'s query.
STATUS_SLOT = "status-slot"


def communes_with_figures() -> list[Commune]:
    communes = tallies.communes()
    prefetch_related_objects(
        communes, Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year"))
    )
    return communes


def commune_list(request):
    communes = fragment("communes", communes_with_figures)
    return render(request, "communes/list.html", {"communes": communes})


def detail(request, slug):
    commune = get_object_or_404(
        Commune.objects.prefetch_related(
            Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year"))
        ),
        slug=slug,
    )
    statistics = fragment("commune-statistics", lambda: commune_statistics(commune), commune.pk)
    # The foundation's own work here: a few small queries, not cached (see activities/views.py).
    foundation = foundation_in_commune(commune)
    return render(
        request,
        "communes/detail.html",
        {"commune": commune, **statistics, "foundation": foundation},
    )


def firsts_by_status(initiatives) -> list[Initiative]:
    """The LIST_SIZE newest initiatives of each status, in two queries whatever the number."""
    newest = ("-published_at", "-id")
    database = connections[initiatives.db]
    if database.features.supports_slicing_ordering_in_compound:
        # One short walk of the index initiative_status_newest per status, each the same
        # query but for the status: compiled once, repeated in a UNION ALL.
        sql, params = (
            initiatives.filter(status=STATUS_SLOT)
            .order_by(*newest)
            .values_list("pk")[:LIST_SIZE]
            .query.sql_with_params()
        )
        with database.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([f"({sql})"] * len(Initiative.Status.values)),
                [
                    status if param == STATUS_SLOT else param
                    for status in Initiative.Status.values
                    for param in params
                ],
            )
            chosen = [pk for (pk,) in cursor.fetchall()]
    else:  # SQLite: no LIMIT inside a UNION; rank them instead.
        ranked = initiatives.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("status"),
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        chosen = [row.pk for row in ranked.filter(rank__lte=LIST_SIZE).only("pk")]
    return list(
        Initiative.objects.filter(pk__in=chosen)
        .select_related("sector")
        .only(*LISTED_FIELDS)
        .order_by(*newest)
    )


def commune_statistics(commune) -> dict:
    """Everything the commune's page counts and lists: cached, it is the costly part."""
    initiatives = Initiative.objects.published().in_commune(commune)
    tallied = tallies.summary(commune, with_sectors=True)
    statuses = tallied["statuses"]
    by_status = [(value, label, *statuses[value]) for value, label in Initiative.Status.choices]
    grouped = {value: [] for value in Initiative.Status.values}
    for initiative in firsts_by_status(initiatives):
        grouped[initiative.status].append(initiative)
    listed = [
        (value, label, grouped[value], statuses[value][0])
        for value, label in Initiative.Status.choices
        if grouped[value]
    ]
    # The first late initiatives, each row carrying how many are late in all. The count is a
    # subquery, planned on its own: counted by a window beside the LIMIT, PostgreSQL probed
    # each late initiative's communes in turn; alone, it joins them at once and reads the
    # initiatives from the index initiative_late only.
    late_initiatives = initiatives.late()
    late = list(
        late_initiatives.annotate(late_count=SubqueryCount(late_initiatives.values("pk")))
        .only("title", "slug", "planned_end_date", "planned_end_precision")
        .order_by("planned_end_date")[:LIST_SIZE]
    )
    return {
        "figures": tallied["figures"],
        "by_status": by_status,
        "by_sector": tallied["sectors"],
        "late": late,
        "late_count": late[0].late_count if late else 0,
        "listed": listed,
        "updates": list(
            Update.objects.published()
            .filter(initiative__communes=commune)
            .for_items()
            .order_by("-observed_on", "-id")[:LIST_SIZE]
        ),
        # Cached with the figures, so it says when they were counted: a journalist quotes
        # them with this date.
        "counted_at": timezone.localtime(),
    }
