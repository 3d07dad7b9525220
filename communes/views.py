from django.db.models import Count, F, Prefetch, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, render

from initiatives.models import Initiative, Sector, Update

from .models import CensusFigure, Commune

LIST_SIZE = 10


def commune_list(request):
    published = Q(initiatives__in=Initiative.objects.published().values("pk"))
    communes = Commune.objects.annotate(
        initiative_count=Count("initiatives", filter=published, distinct=True),
        planned_total=Sum("initiatives__planned_budget", filter=published),
    ).prefetch_related(Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year")))
    return render(request, "communes/list.html", {"communes": communes})


def detail(request, slug):
    commune = get_object_or_404(
        Commune.objects.prefetch_related(
            Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year"))
        ),
        slug=slug,
    )
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
    return render(
        request,
        "communes/detail.html",
        {
            "commune": commune,
            "figures": initiatives.figures(),
            "by_status": by_status,
            "by_sector": sectors,
            "late": initiatives.late()
            .select_related("sector")
            .order_by("planned_end_date")[:LIST_SIZE],
            "listed": listed,
            "updates": Update.objects.published()
            .filter(initiative__communes=commune)
            .select_related("initiative")
            .order_by("-observed_on", "-id")[:LIST_SIZE],
        },
    )
