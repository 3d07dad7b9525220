from django.db.models import Count, F, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render

from activities.views import foundation_in_commune
from azemmour_portal.cache import fragment
from initiatives.models import Initiative, Sector, Update

from .models import CensusFigure, Commune

LIST_SIZE = 10


def communes_with_figures() -> list[Commune]:
    published = Q(initiatives__in=Initiative.objects.published().values("pk"))
    communes = Commune.objects.annotate(
        initiative_count=Count("initiatives", filter=published, distinct=True),
        planned_total=Sum("initiatives__planned_budget", filter=published),
    ).prefetch_related(Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year")))
    return list(communes)


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


def commune_statistics(commune) -> dict:
    """Everything the commune's page counts and lists: cached, it is the costly part."""
    initiatives = Initiative.objects.published().in_commune(commune)
    in_commune = Q(initiatives__in=initiatives.values("pk"))
    sectors = (
        Sector.objects.annotate(
            n=Count("initiatives", filter=in_commune, distinct=True),
            planned=Sum("initiatives__planned_budget", filter=in_commune),
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    statuses = initiatives.status_counts()
    budgets = dict(
        initiatives.order_by().values_list("status").annotate(planned=Sum("planned_budget"))
    )
    by_status = [
        (value, label, statuses[value], budgets.get(value))
        for value, label in Initiative.Status.choices
    ]
    # The first few initiatives of each status, in one query whatever the commune's size.
    firsts = (
        initiatives.select_related("sector")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("status"),
                order_by=[F("published_at").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(rank__lte=LIST_SIZE)
    )
    grouped = {value: [] for value in Initiative.Status.values}
    for initiative in firsts:
        grouped[initiative.status].append(initiative)
    listed = [
        (value, label, grouped[value], statuses[value])
        for value, label in Initiative.Status.choices
        if grouped[value]
    ]
    return {
        "figures": initiatives.figures(),
        "by_status": by_status,
        "by_sector": list(sectors),
        "late": list(
            initiatives.late().select_related("sector").order_by("planned_end_date")[:LIST_SIZE]
        ),
        "listed": listed,
        "updates": list(
            Update.objects.published()
            .filter(initiative__communes=commune)
            .select_related("initiative")
            .order_by("-observed_on", "-id")[:LIST_SIZE]
        ),
    }
