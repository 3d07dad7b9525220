import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from azemmour_portal.cache import fragment
from sources.models import Source

from .filters import InitiativeFilter
from .models import Funding, Initiative, Update, UpdatePhoto, weighted_progress

# A status whose latest source is older than this is shown as "not verified since".
STALE_AFTER = datetime.timedelta(days=365)

PAGE_SIZE = 20
# Parameters that change the page shown, not the counts.
IGNORED = {"page", "sort"}


def facet_query(request) -> list:
    """What the facet counts depend on: every parameter but the page and the order."""
    return sorted((name, values) for name, values in request.GET.lists() if name not in IGNORED)


def initiative_list(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    # Counted for every option of five filters: the list's costly part.
    facets = fragment("facets", filterset.facets, facet_query(request))
    paginator = Paginator(filterset.sorted_qs.for_cards(), PAGE_SIZE)
    paginator.count = filterset.count(facets)  # no COUNT over the initiatives
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/list.html",
        {"filterset": filterset, "form": filterset.form, "facets": facets, "page": page},
    )


def detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.published()
        .select_related("sector", "implementing_body", "status_source", "budget_source")
        .prefetch_related(
            "communes",
            Prefetch("sources", queryset=Source.objects.order_by("-published_on", "publication")),
            Prefetch("fundings", queryset=Funding.objects.select_related("partner")),
            Prefetch(
                "children",
                queryset=Initiative.objects.published().order_by("start_date", "id"),
                to_attr="published_children",
            ),
            Prefetch(
                "updates",
                queryset=Update.objects.published().prefetch_related(
                    # Law 09-08: a photo of identifiable people only once they consented.
                    Prefetch("photos", queryset=UpdatePhoto.objects.public()),
                    "documents",
                ),
                to_attr="published_updates",
            ),
        ),
        slug=slug,
    )
    communes = list(initiative.communes.all())
    fundings = list(initiative.fundings.all())
    funded = sum(funding.amount for funding in fundings if funding.amount is not None)
    related = (
        Initiative.objects.published()
        .filter(sector=initiative.sector, communes__in=communes)
        .exclude(pk=initiative.pk)
        .distinct()
        .order_by("-published_at", "-id")[:5]
    )
    # The programme, only if the public may see it (the one rule of published()).
    parent = (
        Initiative.objects.published().filter(pk=initiative.parent_id).first()
        if initiative.parent_id
        else None
    )
    sources = list(initiative.sources.all())
    dated = [(s.published_on, s.published_on_precision) for s in sources if s.published_on]
    if initiative.status_as_of:
        dated.append((initiative.status_as_of, initiative.status_as_of_precision))
    latest = max(dated, default=None)
    stale = latest if latest and timezone.localdate() - latest[0] > STALE_AFTER else None
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "communes": communes,
            "parent": parent,
            "children": initiative.published_children,
            "programme_progress": weighted_progress(initiative.published_children),
            "fundings": [
                (funding, 100 * funding.amount / funded if funding.amount and funded else None)
                for funding in fundings
            ],
            "funded": funded,
            "updates": initiative.published_updates,
            # Counted from the updates already fetched: no query more.
            "citizen_updates": [
                update
                for update in initiative.published_updates
                if update.source == Update.Source.CITIZEN
            ],
            "related": related,
            "sources": sources,
            "stale_since": stale[0] if stale else None,
            "stale_precision": stale[1] if stale else None,
        },
    )
