from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .filters import InitiativeFilter
from .models import Funding, Initiative, Update, weighted_progress

PAGE_SIZE = 20


def initiative_list(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    page = Paginator(filterset.sorted_qs.for_cards(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "facets": filterset.facets(),
            "page": page,
        },
    )


def detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.published()
        .select_related("sector", "implementing_body", "parent")
        .prefetch_related(
            "communes",
            Prefetch("fundings", queryset=Funding.objects.select_related("partner")),
            Prefetch(
                "children",
                queryset=Initiative.objects.published().order_by("start_date", "id"),
                to_attr="published_children",
            ),
            Prefetch(
                "updates",
                queryset=Update.objects.filter(is_published=True).prefetch_related(
                    "photos", "documents"
                ),
                to_attr="published_updates",
            ),
        ),
        slug=slug,
    )
    communes = list(initiative.communes.all())
    fundings = list(initiative.fundings.all())
    funded = sum(funding.amount for funding in fundings)
    related = (
        Initiative.objects.published()
        .filter(sector=initiative.sector, communes__in=communes)
        .exclude(pk=initiative.pk)
        .distinct()
        .order_by("-published_at", "-id")[:5]
    )
    parent = initiative.parent if initiative.parent and initiative.parent.is_published else None
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "communes": communes,
            "parent": parent,
            "children": initiative.published_children,
            "programme_progress": weighted_progress(initiative.published_children),
            "fundings": [(funding, 100 * funding.amount / funded) for funding in fundings],
            "funded": funded,
            "updates": initiative.published_updates,
            "related": related,
        },
    )
