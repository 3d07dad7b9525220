"""Maps of the initiatives, which cost a visitor nothing until they ask for them.

A map page is complete without JavaScript: the list of the located initiatives the
initiatives list's filters select, with their coordinates, a hundred to a page.
static/js/map.js adds a "show the map" button; only when it is pressed does the browser
fetch Leaflet (django-leaflet's copy, from the portal's static files), the same
initiatives as GeoJSON (`initiatives_geojson`, with the same query string) and the
commune's outline, and ask for tiles.
"""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from azemmour_portal.cache import fragment
from azemmour_portal.geo import DISTRICT
from azemmour_portal.languages import page_params
from azemmour_portal.security.headers import shows_map
from azemmour_portal.templatetags.portal import written_in_arabic
from communes.models import Commune
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from opendata.exports import located, point
from opendata.views import filters_not_understood

# Located initiatives listed on a page without JavaScript (the map itself shows them all).
PAGE_SIZE = 100
# What the map's markers and popups read of an initiative: nothing else goes down the line.
MAP_FIELDS = ("slug", "title_ar", "title_fr", "title_en", "status", "progress")


def _map(request, commune=None):
    query = request.GET.copy()
    query.pop("page", None)
    if commune is not None:
        # A commune's map shows that commune, whatever the query string says.
        query["commune"] = commune.slug
    filterset = InitiativeFilter(query, queryset=Initiative.objects.published())
    valid = filterset.is_valid()
    initiatives = located(filterset.sorted_qs).only(*MAP_FIELDS, "latitude", "longitude")
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


def _feature(initiative: Initiative, language: str) -> dict:
    """A marker and its popup: the title in the page's language (or the one it falls back
    to, marked "ar" when that is Arabic on a French or English page), the status as a
    value and in words, the progress when known, and the page's address."""
    title = initiative.title
    properties = {
        "title": title,
        "url": initiative.get_absolute_url(),
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
    }
    if initiative.progress is not None:
        properties["progress"] = initiative.progress
    if language != "ar" and written_in_arabic(title):
        properties["lang"] = "ar"
    return point(initiative.longitude, initiative.latitude, properties)


def initiatives_geojson(request):
    """The initiatives a map page shows (the initiatives list's filters, from the same query
    string) as a GeoJSON FeatureCollection holding only what the map reads: some 250 to
    300 bytes an initiative, an eighth of the open-data export's GeoJSON
    (opendata.views.export), which carries every column for people who reuse the data.

    Published records only, demo records only where the deployment shows them, like every
    public page. A plain response, not a stream: the middleware gives it an ETag and the
    data's Last-Modified, so a map shown again costs a 304; its text is kept as a cached
    fragment under the data stamp.
    """
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        return filters_not_understood(filterset)
    language = get_language()

    def collection() -> str:
        initiatives = located(filterset.sorted_qs).only(*MAP_FIELDS, "latitude", "longitude")
        features = [_feature(initiative, language) for initiative in initiatives]
        return json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    response = HttpResponse(
        fragment("map-geojson", collection, sorted(request.GET.lists())),
        content_type="application/geo+json",
    )
    response["X-Robots-Tag"] = "noindex"
    return response
