import datetime

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from azemmour_portal.cache import fragment
from azemmour_portal.languages import page_params
from communes.models import Commune
from sources.models import Source

from .filters import InitiativeFilter
from .models import (
    Funding,
    Initiative,
    Update,
    UpdatePhoto,
    weighted_progress,
    with_commune_names,
)

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
    page.object_list = with_commune_names(page.object_list)
    page_params(request, filterset.form.fields)
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
            # The page names and links each commune, nothing more.
            Prefetch("communes", queryset=Commune.objects.only("name", "slug")),
            Prefetch("sources", queryset=Source.objects.order_by("-published_on", "publication")),
            Prefetch("fundings", queryset=Funding.objects.select_related("partner")),
            Prefetch(
                "children",
                # What the programme's list and its weighted progress read.
                queryset=Initiative.objects.published()
                .only("parent", "title", "slug", "status", "progress", "planned_budget")
                .order_by("start_date", "id"),
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
    # A partner's share of the money is known only when every partner's amount is: one
    # amount among unknown ones is not 100 %.
    known = all(funding.amount is not None for funding in fundings)
    funded = sum(funding.amount for funding in fundings) if known else None
    # Same sector, a commune in common. The link table is read in a subquery, so the rows
    # need no DISTINCT; the list shows only the title (slug for the link) and the status.
    sharing_a_commune = Initiative.communes.through.objects.filter(commune__in=communes).values(
        "initiative_id"
    )
    related = (
        Initiative.objects.published()
        .filter(sector=initiative.sector_id, pk__in=sharing_a_commune)
        .exclude(pk=initiative.pk)
        .only("title", "slug", "status")
        .order_by("-published_at", "-id")[:5]
    )
    # The programme, only if the public may see it (the one rule of published()).
    parent = (
        Initiative.objects.published().filter(pk=initiative.parent_id).only("title", "slug").first()
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
                (funding, 100 * funding.amount / funded if funded else None) for funding in fundings
            ],
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
