"""The read-only JSON API, /api/v1/: plain views, JsonResponse and opendata/serializers.py.

Every list is paginated (`page`, `page_size` up to 200) and says its `count`, `next` and
`previous`. A request with a parameter the endpoint does not know, or a value it cannot
read, gets a 400 answer that names the parameter, never a 500. Only what `published()`
returns is read; communes are public records, and sectors and partners are listed only when
a published initiative names them.

The API only reads: any method but GET and HEAD gets a 405 before a view runs, but for a
browser's CORS preflight (OPTIONS), which is told that GET and HEAD may be sent from any
page with the headers of a conditional request. Every error, an unknown address's included,
is the same JSON object, in the language of `lang` (Arabic without it).
"""

import functools
import re

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from azemmour_portal.constraints import SLUG
from communes.models import CensusFigure, Commune
from initiatives import tallies
from initiatives.filters import InitiativeFilter
from initiatives.models import Funding, Initiative, Partner, Sector, Update
from sources.models import Source

from .openapi import document
from .serializers import LANGUAGES, Serializer

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
PAGING = {"page", "page_size"}
METHODS = ("GET", "HEAD")
# What a cross-origin page may send besides the safelisted headers: a conditional request's,
# and the Content-Type some fetch wrappers add to every request.
CORS_HEADERS = "Content-Type, If-Modified-Since, If-None-Match"


class ApiError(Exception):
    def __init__(self, status: int, message: str, parameters: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters or {}


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Public, read-only data without cookies: any web page may read it.
    response["Access-Control-Allow-Origin"] = "*"
    # The language of `lang`, or of the errors without it; the browser's plays no part.
    response["Content-Language"] = translation.get_language()
    return response


def _preflight():
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(METHODS)
    response["Access-Control-Allow-Headers"] = CORS_HEADERS
    response["Access-Control-Max-Age"] = "86400"
    return response


def _error(error: ApiError):
    response = _json(
        {
            "error": {
                "status": error.status,
                "message": error.message,
                "parameters": error.parameters,
            }
        },
        status=error.status,
    )
    if error.status == 405:
        response["Allow"] = ", ".join(METHODS)
    return response


def _language(request) -> str:
    """The answer's language, its errors' included: `lang`, or the default (Arabic)."""
    lang = request.GET.get("lang")
    return lang if lang in LANGUAGES else settings.LANGUAGE_CODE


def endpoint(parameters=frozenset(), *, paged=True, filters=False):
    """Check the query string, set the language and turn ApiError into a JSON answer.
    `filters`: the parameters are a filterset's, which checks them itself."""
    known = {"lang"} | set(parameters) | (PAGING if paged else set())
    single = known - set(parameters) if filters else known

    def decorate(view):
        # Without the exemption, the CSRF check would answer a POST with the site's HTML
        # "request refused" page before this could answer 405 in JSON. Nothing here can
        # change state (every method but GET and HEAD is refused before the view runs) and
        # the API reads no cookie, so there is nothing for a forged request to act on.
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
                return _preflight()
            with translation.override(_language(request)):
                try:
                    if request.method not in METHODS:
                        raise ApiError(405, _("This API is read-only: use GET."))
                    if unknown := sorted(set(request.GET) - known):
                        raise ApiError(
                            400,
                            _("Unknown parameters."),
                            {name: [_("This endpoint has no such parameter.")] for name in unknown},
                        )
                    if twice := sorted(
                        name
                        for name in single & set(request.GET)
                        if len(set(request.GET.getlist(name))) > 1
                    ):
                        raise ApiError(
                            400,
                            _("Invalid parameter."),
                            {
                                name: [_("Given twice, with different values: choose one.")]
                                for name in twice
                            },
                        )
                    lang = request.GET.get("lang") or None
                    if lang is not None and lang not in LANGUAGES:
                        raise ApiError(
                            400, _("Unknown language."), {"lang": [_("One of ar, fr, en.")]}
                        )
                    return _json(view(request, Serializer(request, lang), *args, **kwargs))
                except ApiError as error:
                    return _error(error)

        return wrapper

    return decorate


def _positive(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    # Digits only, and few enough of them to be a number worth reading.
    if (
        not raw.isascii()
        or not raw.isdigit()
        or len(raw) > 12
        or int(raw) < 1
        or (maximum and int(raw) > maximum)
    ):
        message = (
            _("A whole number from 1 to %(maximum)s.") % {"maximum": maximum}
            if maximum
            else _("A whole number of 1 or more.")
        )
        raise ApiError(400, _("Invalid parameter."), {name: [message]})
    return int(raw)


def paginated(request, queryset, serialize):
    size = _positive(request, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    number = _positive(request, "page", 1)
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger) as error:
        raise ApiError(404, _("No such page."), {"page": [str(error)]}) from error

    def link(other):
        query = request.GET.copy()
        query["page"] = str(other)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serialize(item) for item in page.object_list],
    }


def _slug(request, name: str) -> str | None:
    """A slug parameter, or None; a value no slug can be (a NUL, a space) is refused here,
    before a database that cannot store it is asked."""
    slug = request.GET.get(name)
    if slug and not re.match(SLUG, slug):
        raise ApiError(400, _("Invalid parameter."), {name: [_("Not a slug.")]})
    return slug


def _visible(queryset):
    """Sectors and partners: demo ones only where the deployment shows demo records."""
    return queryset if settings.DEMO_DATA else queryset.filter(is_demo=False)


@endpoint(paged=False)
def index(request, serializer):
    def absolute(name):
        return request.build_absolute_uri(reverse(f"api:{name}"))

    return {
        name: absolute(name)
        for name in ("communes", "sectors", "partners", "initiatives", "updates", "openapi")
    }


# Communes, and the sectors and partners of published initiatives, each with its count
# of published initiatives from the tallies (initiatives/tallies.py). Counted from 10,000
# initiatives instead, the communes took 7 ms of PostgreSQL, the sectors 18, the partners 78.


@endpoint()
def communes(request, serializer):
    queryset = Commune.objects.annotate(
        initiative_count=tallies.initiative_count("commune")
    ).prefetch_related(Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year")))
    return paginated(request, queryset, serializer.commune)


@endpoint()
def sectors(request, serializer):
    queryset = (
        _visible(Sector.objects)
        .annotate(initiative_count=tallies.initiative_count("sector"))
        .filter(initiative_count__gt=0)
        .order_by("slug")
    )
    return paginated(request, queryset, serializer.sector)


@endpoint()
def partners(request, serializer):
    # A partner that both funds and implements an initiative counts it once.
    queryset = (
        _visible(Partner.objects)
        .annotate(initiative_count=tallies.initiative_count("partner"))
        .filter(initiative_count__gt=0)
        .order_by("slug")
    )
    return paginated(request, queryset, serializer.partner)


def _initiatives():
    return (
        Initiative.objects.published()
        .select_related("sector", "implementing_body")
        .prefetch_related(
            # Into lists (to_attr): a list of 50 then builds no related manager and no
            # queryset for each initiative and each of its relations.
            Prefetch("communes", queryset=Commune.objects.all(), to_attr="listed_communes"),
            Prefetch(
                "fundings",
                queryset=Funding.objects.select_related("partner"),
                to_attr="listed_fundings",
            ),
            Prefetch(
                "sources",
                queryset=Source.objects.order_by("-published_on", "publication"),
                to_attr="listed_sources",
            ),
        )
    )


FILTERS = frozenset(InitiativeFilter.base_filters)


@endpoint(FILTERS, filters=True)
def initiatives(request, serializer):
    """The initiatives list's filters, with the page's very query string."""
    filters = request.GET.copy()
    for name in ("lang", *PAGING):
        filters.pop(name, None)
    filterset = InitiativeFilter(filters, queryset=_initiatives())
    if not filterset.is_valid():
        raise ApiError(
            400,
            _("Invalid filters."),
            {name: list(errors) for name, errors in filterset.form.errors.items()},
        )
    return paginated(request, filterset.sorted_qs, serializer.initiative)


@endpoint(paged=False)
def initiative(request, serializer, slug):
    found = _initiatives().filter(slug=slug).first()
    if found is None:
        raise ApiError(404, _("No published initiative has this slug."))
    parent = (
        Initiative.objects.published().filter(pk=found.parent_id).first()
        if found.parent_id
        else None
    )
    return serializer.initiative_detail(found, parent)


@endpoint({"initiative", "commune"})
def updates(request, serializer):
    queryset = (
        Update.objects.published()
        .select_related("initiative")
        .prefetch_related(
            Prefetch("sources", queryset=Source.objects.order_by("-published_on", "publication"))
        )
        .order_by("-observed_on", "-id")
    )
    if slug := _slug(request, "initiative"):
        chosen = Initiative.objects.published().filter(slug=slug).first()
        if chosen is None:
            raise ApiError(
                400,
                _("Invalid parameter."),
                {"initiative": [_("No published initiative has this slug.")]},
            )
        queryset = queryset.filter(initiative=chosen)
    if slug := _slug(request, "commune"):
        chosen = Commune.objects.filter(slug=slug).first()
        if chosen is None:
            raise ApiError(
                400, _("Invalid parameter."), {"commune": [_("No commune has this slug.")]}
            )
        queryset = queryset.filter(initiative__communes=chosen)
    return paginated(request, queryset, serializer.update)


@endpoint(paged=False)
def openapi(request, serializer):
    # OpenAPI appends each path, which starts with "/", to the server's address as it is.
    return document(request.build_absolute_uri(reverse("api:index")).rstrip("/"))


# Exempt for the same reason as every endpoint: an unknown address is a 404 whatever the
# method, never the CSRF check's HTML page.
@csrf_exempt
def not_found(request):
    """Any other address under /api/v1/: the API's 404, not the site's HTML page."""
    with translation.override(_language(request)):
        return _error(ApiError(404, _("The API has no such address.")))
