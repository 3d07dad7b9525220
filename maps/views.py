"""Maps of the initiatives, which cost a visitor nothing until they ask for them.

A map page is complete without JavaScript: the list of the located initiatives the
initiatives list's filters select, with their coordinates, a hundred to a page.
static/js/map.js adds a "show the map" button; only when it is pressed does the browser
fetch Leaflet (django-leaflet's copy, from the portal's static files), the same
initiatives as GeoJSON (the open-data export, with the same query string) and the
commune's outline, and ask for tiles.
"""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from azemmour_portal.geo import DISTRICT
from azemmour_portal.languages import page_params
from azemmour_portal.security.headers import shows_map
from communes.models import Commune
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from opendata.exports import located

# Located initiatives listed on a page without JavaScript (the map itself shows them all).
PAGE_SIZE = 100


def _map(request, commune=None):
    query = request.GET.copy()
    query.pop("page", None)
    if commune is not None:
        # A commune's map shows that commune, whatever the query string says.
        query["commune"] = commune.slug
    filterset = InitiativeFilter(query, queryset=Initiative.objects.published())
    valid = filterset.is_valid()
    initiatives = located(filterset.sorted_qs).only(
        "slug", "title_ar", "title_fr", "title_en", "status", "latitude", "longitude"
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    page_params(request, filterset.form.fields)
    return render(
        request,
        "maps/map.html",
        {
            "commune": commune,
            "form": filterset.form,
            "valid": valid,
            "page": page,
            "filtered": any(name != "page" for name in request.GET),
            "query": f"?{query.urlencode()}" if query else "",
            "statuses": Initiative.Status.choices,
            "tiles": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "district": f"{DISTRICT.south},{DISTRICT.west},{DISTRICT.north},{DISTRICT.east}",
        },
    )


@shows_map
def district_map(request):
    return _map(request)


@shows_map
def commune_map(request, slug):
    commune = get_object_or_404(
        Commune.objects.annotate(has_outline=Q(boundary__isnull=False)), slug=slug
    )
    return _map(request, commune)


def commune_outline(request, slug):
    """The commune's outline as a GeoJSON Feature, for its map; 404 when it has none."""
    commune = get_object_or_404(Commune.objects.with_boundary(), slug=slug)
    if commune.boundary is None:
        raise Http404
    feature = {
        "type": "Feature",
        "properties": {"name": commune.name, "slug": commune.slug},
        "geometry": commune.boundary,
    }
    return HttpResponse(
        json.dumps(feature, ensure_ascii=False), content_type="application/geo+json"
    )
