"""Public pages of the foundation's work, under /<lang>/foundation/."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language

from communes.models import Commune
from initiatives.models import Initiative

from .filters import DossierFilter, EventFilter, ProposalFilter, TrainingSessionFilter
from .models import (
    ADOPTIONS,
    AUDIENCES,
    Dossier,
    DossierAction,
    Event,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingProgramme,
    TrainingSession,
)
from .models.proposals import adoption_rate
from .models.trainings import participants_total

PAGE_SIZE = 20
# How many of each kind the commune page and the home page show.
LIST_SIZE = 5
UPCOMING_SIZE = 10


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def audience_rows(totals: dict) -> list[tuple[str, int]]:
    return [(label, totals[field]) for field, label in AUDIENCES]


# Proposals


def proposal_list(request):
    filterset = ProposalFilter(request.GET, queryset=Proposal.objects.published().with_outcome())
    proposals = filterset.qs.prefetch_related("communes").order_by(
        F("stage_on").desc(nulls_last=True), "-id"
    )
    return render(
        request,
        "activities/proposal_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": paginate(request, proposals),
            "by_commune": adoption_by_commune(),
        },
    )


def adoption_by_commune() -> list[tuple[Commune, dict]]:
    """Each commune that received a published proposal, with its adoption figures."""
    rows = (
        Proposal.objects.published()
        .with_outcome()
        .order_by()
        .values("communes")
        .annotate(
            total=Count("pk", distinct=True),
            decided=Count("pk", filter=Q(decision__isnull=False), distinct=True),
            adopted=Count("pk", filter=Q(decision__in=ADOPTIONS), distinct=True),
        )
    )
    figures = {row.pop("communes"): row for row in rows}
    for row in figures.values():
        row["rate"] = adoption_rate(row["adopted"], row["decided"])
    communes = Commune.objects.filter(pk__in=figures)
    return [(commune, figures[commune.pk]) for commune in communes]


def proposal_detail(request, slug):
    public_initiative = Initiative.objects.published().filter(pk=OuterRef("initiative_id"))
    proposal = get_object_or_404(
        Proposal.objects.published()
        .with_outcome()
        .select_related("sector")
        .prefetch_related(
            "communes",
            Prefetch(
                "steps",
                queryset=ProposalStep.objects.select_related("initiative").annotate(
                    initiative_is_public=Exists(public_initiative)
                ),
            ),
            Prefetch("dossiers", queryset=Dossier.objects.published(), to_attr="public_dossiers"),
        ),
        slug=slug,
    )
    return render(request, "activities/proposal_detail.html", {"proposal": proposal})


# Advocacy


def dossier_list(request):
    overdue = DossierAction.objects.unanswered_past_deadline().filter(dossier=OuterRef("pk"))
    dossiers = (
        Dossier.objects.published()
        .with_state()
        .annotate(has_overdue_answer=Exists(overdue))
        .prefetch_related("communes")
    )
    filterset = DossierFilter(request.GET, queryset=dossiers)
    return render(
        request,
        "activities/dossier_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": paginate(
                request, filterset.qs.order_by(F("state_on").desc(nulls_last=True), "-id")
            ),
        },
    )


def dossier_detail(request, slug):
    dossier = get_object_or_404(
        Dossier.objects.published()
        .with_state()
        .prefetch_related(
            "communes",
            "actions",
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.published().select_related("sector"),
                to_attr="public_initiatives",
            ),
            Prefetch(
                "proposals",
                queryset=Proposal.objects.published().with_outcome(),
                to_attr="public_proposals",
            ),
        ),
        slug=slug,
    )
    today = timezone.localdate()
    actions = [
        (action, action.is_unanswered_past_deadline(today)) for action in dossier.actions.all()
    ]
    return render(
        request, "activities/dossier_detail.html", {"dossier": dossier, "actions": actions}
    )


# Capacity building


def training_list(request):
    today = timezone.localdate()
    published = TrainingSession.objects.published()
    filterset = TrainingSessionFilter(request.GET, queryset=published.held(today))
    totals = filterset.qs.participant_totals()
    return render(
        request,
        "activities/training_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "totals": totals,
            "by_audience": audience_rows(totals),
            "page": paginate(
                request,
                filterset.qs.select_related("programme", "commune").order_by("-date", "-id"),
            ),
            "coming": published.filter(date__gt=today)
            .select_related("programme", "commune")
            .order_by("date", "id")[:UPCOMING_SIZE],
            "programmes": TrainingProgramme.objects.published().order_by("title"),
        },
    )


def training_detail(request, slug):
    programme = get_object_or_404(
        TrainingProgramme.objects.published().prefetch_related(
            Prefetch(
                "sessions",
                queryset=TrainingSession.objects.select_related("commune").prefetch_related(
                    "materials"
                ),
            )
        ),
        slug=slug,
    )
    sessions = list(programme.sessions.all())
    totals = {field: sum(getattr(s, field) for s in sessions) for field, _label in AUDIENCES}
    return render(
        request,
        "activities/training_detail.html",
        {
            "programme": programme,
            "sessions": sessions,
            "participants": sum(totals.values()),
            "by_audience": audience_rows(totals),
        },
    )


# Events


def event_list(request):
    now = timezone.now()
    filterset = EventFilter(
        request.GET, queryset=Event.objects.published().prefetch_related("communes")
    )
    return render(
        request,
        "activities/event_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "upcoming": filterset.qs.upcoming(now)[:UPCOMING_SIZE],
            "page": paginate(request, filterset.qs.past(now)),
        },
    )


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published().prefetch_related("communes", "photos"), slug=slug
    )
    return render(
        request,
        "activities/event_detail.html",
        {"event": event, "is_upcoming": event.is_upcoming()},
    )


# News


def news_list(request):
    return render(
        request,
        "activities/news_list.html",
        {"page": paginate(request, NewsItem.objects.published().order_by("-published_at", "-id"))},
    )


def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.published(), slug=slug)
    return render(request, "activities/news_detail.html", {"item": item})


def latest_news(size: int = 3):
    """For the home page."""
    return NewsItem.objects.published().order_by("-published_at", "-id")[:size]


# The foundation in one commune (a section of the commune's page)


def in_language(field: str):
    """A translated column in the visitor's language, else its Arabic or French fallback,
    for a subquery (modeltranslation's fallback works on model instances only)."""
    language = get_language() or settings.LANGUAGE_CODE
    columns = [f"{field}_{language}"] + [
        f"{field}_{fallback}" for fallback in ("ar", "fr") if fallback != language
    ]
    return Coalesce(*(NullIf(column, Value("")) for column in columns), output_field=CharField())


# What the commune page shows of each proposal and dossier: its title (in every
# language, for the fallback) and its address; the rest is not read.
LISTED = ("slug", "title")


def foundation_in_commune(commune, now=None) -> dict:
    """What the commune page shows of the foundation's work there, in three queries
    whatever the amount of data: its latest proposals with the adoption totals, its
    latest advocacy dossiers, and one row of figures on trainings and the next event."""
    now = now or timezone.now()
    proposals = list(
        Proposal.objects.published()
        .in_commune(commune)
        .with_adoption_totals()
        .only(*LISTED)
        .order_by(F("stage_on").desc(nulls_last=True), "-id")[:LIST_SIZE]
    )
    first = proposals[0] if proposals else None
    adoption = {
        "total": first.total if first else 0,
        "decided": first.decided if first else 0,
        "adopted": first.adopted if first else 0,
    }
    adoption["rate"] = adoption_rate(adoption["adopted"], adoption["decided"])
    dossiers = list(
        Dossier.objects.published()
        .in_commune(commune)
        .with_state()
        .only(*LISTED)
        .order_by(F("state_on").desc(nulls_last=True), "-id")[:LIST_SIZE]
    )
    return {
        "proposals": proposals,
        "adoption": adoption,
        "dossiers": dossiers,
        **activity_figures(commune, now),
    }


FIGURES = [
    "dossier_count",
    "sessions_held",
    "participants",
    "last_session_on",
    "next_event_slug",
    "next_event_title",
    "next_event_starts_at",
]


def activity_figures(commune, now) -> dict:
    """The commune's dossier count, its held training sessions (how many, their
    participants, the latest date) and its next event, in one statement.

    Each part selects from the model's own queryset (published(), held(), upcoming()), so
    the rules of what the public sees stay in the models; only the counting is written
    out here."""
    dossiers = Dossier.objects.published().in_commune(commune).order_by().values("pk")
    sessions = (
        TrainingSession.objects.published()
        .held(timezone.localdate(now))
        .filter(commune=commune)
        .order_by()
        .annotate(participants=participants_total())
        .values("date", "participants")
    )
    events = (
        Event.objects.published()
        .in_commune(commune)
        .upcoming(now)
        .annotate(shown_title=in_language("title"))
        .values("slug", "shown_title", "starts_at")[:1]
    )
    dossiers_sql, dossiers_params = dossiers.query.sql_with_params()
    sessions_sql, sessions_params = sessions.query.sql_with_params()
    events_sql, events_params = events.query.sql_with_params()
    statement = f"""
        SELECT
            (SELECT COUNT(*) FROM ({dossiers_sql}) AS "dossier"),
            "held"."sessions", "held"."participants", "held"."last_date",
            "next_event"."slug", "next_event"."shown_title", "next_event"."starts_at"
        FROM (
            SELECT COUNT(*) AS "sessions",
                COALESCE(SUM("session"."participants"), 0) AS "participants",
                MAX("session"."date") AS "last_date"
            FROM ({sessions_sql}) AS "session"
        ) AS "held"
        LEFT JOIN ({events_sql}) AS "next_event" ON 1 = 1"""
    with connection.cursor() as cursor:
        cursor.execute(statement, (*dossiers_params, *sessions_params, *events_params))
        row = cursor.fetchone()
    figures = dict(zip(FIGURES, row, strict=True))
    for name, field in (
        ("last_session_on", TrainingSession._meta.get_field("date")),
        ("next_event_starts_at", Event._meta.get_field("starts_at")),
    ):
        figures[name] = from_database(field, figures[name])
    return figures


def from_database(field, value):
    """A column read by a written-out statement, as the ORM would give it (SQLite returns
    dates and times as text)."""
    expression = field.cached_col
    for convert in connection.ops.get_db_converters(expression) + field.get_db_converters(
        connection
    ):
        value = convert(value, expression, connection)
    return value
