from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext

from azemmour_portal.languages import page_params
from azemmour_portal.security.headers import frameable
from communes.models import CensusFigure, Commune
from initiatives import tallies
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative

from . import changes, columns, exports
from .conf import licence
from .forms import PeriodForm

CHANGES_PER_PAGE = 50
FACT_SHEET_LATE = 15

FORMATS = {
    # extension: (content type, only the initiatives that have a location)
    "csv": ("text/csv; charset=utf-8", False),
    "json": ("application/json", False),
    "geojson": ("application/geo+json", True),
}


def filters_not_understood(filterset) -> HttpResponse:
    """400, in words: which filters of the query string were not understood, and why."""
    lines = [gettext("Some filters were not understood; correct them and try again:")]
    lines += [
        f"{filterset.form.fields[name].label}{pgettext('label separator', ': ')}{' '.join(errors)}"
        for name, errors in filterset.form.errors.items()
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def export(request, fmt: str):
    """The initiatives list's selection (its query string) as a streamed download."""
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        return filters_not_understood(filterset)
    content_type, located_only = FORMATS[fmt]
    queryset = filterset.sorted_qs
    if located_only:
        queryset = exports.located(queryset)
    language = get_language()
    row = columns.Row(
        url_template=request.build_absolute_uri(
            reverse("initiatives:detail", kwargs={"slug": "slug"})
        ).replace("/slug/", "/{slug}/")
    )
    values = exports.rows(queryset, row, language)
    if fmt == "csv":
        stream = exports.csv_stream(values)
    elif fmt == "json":
        stream = exports.json_stream(values, request.build_absolute_uri())
    else:
        stream = exports.geojson_stream(values, request.build_absolute_uri())
    response = StreamingHttpResponse(stream, content_type=content_type)
    filename = f"azemmour-initiatives-{language}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def dictionary(request):
    """What every column of the exports means, the formats, and the licence."""
    return render(
        request,
        "opendata/dictionary.html",
        {
            "columns": columns.COLUMNS,
            "licence": licence(),
            "separator": columns.MANY_SEPARATOR,
        },
    )


def _change_log(request, initiatives, template, context):
    form = PeriodForm(request.GET)
    start, end, period = form.bounds()
    commune = context.get("commune")
    withdrawn = changes.ever_public(commune)
    found = changes.between(initiatives, start, end, withdrawn=withdrawn, commune=commune)
    # A link to one entry (a withdrawal in a feed or an e-mail) goes on to the page that
    # holds it.
    wanted = request.GET.get("change", "")
    if "page" not in request.GET and wanted.isdigit():
        ids = [change.history_id for change in found]
        number = ids.index(int(wanted)) // CHANGES_PER_PAGE + 1 if int(wanted) in ids else 1
        if number > 1:
            query = request.GET.copy()
            query["page"] = number
            del query["change"]
            return redirect(f"{request.path}?{query.urlencode()}#change-{wanted}")
    page = Paginator(found, CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = changes.attach(
        list(page.object_list), initiatives.prefetch_related("communes")
    )
    page_params(request, form.fields)
    return render(
        request,
        template,
        context
        | {
            "form": form,
            "period": period,
            "start": start,
            "end": end,
            "page": page,
            "changed_count": len({c.initiative_id for c in found}),
        },
    )


def district_changes(request):
    return _change_log(request, Initiative.objects.published(), "opendata/changes.html", {})


def commune_changes(request, slug):
    commune = get_object_or_404(Commune, slug=slug)
    return _change_log(
        request,
        Initiative.objects.published().in_commune(commune),
        "opendata/changes.html",
        {"commune": commune},
    )


def fact_sheet(request, slug):
    """One or two printed A4 pages a journalist can quote: the commune's figures."""
    commune = get_object_or_404(
        Commune.objects.prefetch_related(
            Prefetch("census_figures", queryset=CensusFigure.objects.order_by("-year"))
        ),
        slug=slug,
    )
    initiatives = Initiative.objects.published().in_commune(commune)
    late = initiatives.late().select_related("sector").order_by("planned_end_date", "id")
    tallied = tallies.summary(commune, with_sectors=True)
    return render(
        request,
        "opendata/fact_sheet.html",
        {
            "commune": commune,
            "figures": tallied["figures"],
            "by_status": [
                (value, label, *tallied["statuses"][value])
                for value, label in Initiative.Status.choices
            ],
            # Largest planned budget first, those of unknown budget last.
            "by_sector": sorted(
                tallied["sectors"],
                key=lambda sector: (sector.planned is None, -(sector.planned or 0), -sector.n),
            ),
            "communes": tallies.communes(),
            "late": late[:FACT_SHEET_LATE],
            "late_count": late.count(),
            "extracted_at": timezone.localtime(),
            "permanent_url": request.build_absolute_uri(request.path),
            "licence": licence(),
        },
    )


@frameable
def commune_embed(request, slug):
    """A small card about a commune, self-contained, meant for an <iframe> in an article."""
    commune = get_object_or_404(Commune, slug=slug)
    initiatives = Initiative.objects.published().in_commune(commune)
    tallied = tallies.summary(commune)
    return render(
        request,
        "opendata/commune_embed.html",
        {
            "commune": commune,
            "figures": tallied["figures"],
            "by_status": [
                (value, label, tallied["statuses"][value][0])
                for value, label in Initiative.Status.choices
                if tallied["statuses"][value][0]
            ],
            "late_count": initiatives.late().count(),
            "extracted_at": timezone.localtime(),
        },
    )


@frameable
def initiative_embed(request, slug):
    initiative = (
        Initiative.objects.published()
        .select_related("sector")
        .prefetch_related("communes")
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        # Still a card, in the article's frame: the browser's own error page would say the
        # portal refused to connect.
        context = {"extracted_at": timezone.localtime()}
        return render(request, "opendata/initiative_embed_gone.html", context, status=404)
    return render(
        request,
        "opendata/initiative_embed.html",
        {"initiative": initiative, "extracted_at": timezone.localtime()},
    )


def robots(request):
    """Crawlers read the pages, not the admin and not the exports; the sitemap lists them."""
    prefixes = [f"/{code}/" for code, _name in settings.LANGUAGES]
    disallowed = [f"{prefix}{settings.ADMIN_URL}" for prefix in prefixes]
    disallowed += [f"{prefix}initiatives/export." for prefix in prefixes]
    disallowed += ["/api/"]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('crawlers:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
