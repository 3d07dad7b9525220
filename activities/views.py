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

from azemmour_portal.languages import page_params
from communes.models import Commune
from initiatives.models import Initiative

from .filters import DossierFilter, EventFilter, ProposalFilter, TrainingSessionFilter
from .models import (
    ADOPTIONS,
    AUDIENCES,
    Dossier,
    DossierAction,
    Event,
    EventPhoto,
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
    page_params(request, filterset.form.fields)
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
    page_params(request, filterset.form.fields)
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
    page_params(request, filterset.form.fields)
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
    page_params(request, filterset.form.fields)
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
        Event.objects.published().prefetch_related(
            "communes",
            # Law 09-08: a photo of identifiable people only once they consented.
            Prefetch("photos", queryset=EventPhoto.objects.public(), to_attr="public_photos"),
        ),
        slug=slug,
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
    whatever the amount of data: its latest proposals, its latest advocacy dossiers, and
    one row of figures (the adoption totals, the dossier count, the trainings held and
    the next event)."""
    now = now or timezone.now()
    proposals = Proposal.objects.published().in_commune(commune).with_outcome()
    dossiers = Dossier.objects.published().in_commune(commune)
    latest_proposals = proposals.only(*LISTED).order_by(F("stage_on").desc(nulls_last=True), "-id")
    latest_dossiers = (
        dossiers.with_state().only(*LISTED).order_by(F("state_on").desc(nulls_last=True), "-id")
    )
    return {
        "proposals": list(latest_proposals[:LIST_SIZE]),
        "dossiers": list(latest_dossiers[:LIST_SIZE]),
        **commune_figures(commune, now, proposals=proposals, dossiers=dossiers),
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


def commune_figures(commune, now, *, proposals, dossiers) -> dict:
    """The counts of the commune's section, in one statement: its published proposals
    (all of them, those a council decided on, those it adopted: as
    ProposalQuerySet.adoption() counts them), its published dossiers, the training
    sessions held there (their participants, the latest date), and its next event.

    Each part selects from the model's own queryset (published(), with_outcome(),
    held(), upcoming()), so the rules of what the public sees stay in the models; only
    the counting is written out here."""
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
    proposals_sql, proposals_params = (
        proposals.order_by().values("decision").query.sql_with_params()
    )
    dossiers_sql, dossiers_params = dossiers.order_by().values("pk").query.sql_with_params()
    sessions_sql, sessions_params = sessions.query.sql_with_params()
    events_sql, events_params = events.query.sql_with_params()
    adoptions = ", ".join(["%s"] * len(ADOPTIONS))
    statement = f"""
        SELECT
            "proposals"."total", "proposals"."decided", "proposals"."adopted",
            "dossiers"."total",
            "sessions"."held", "sessions"."participants", "sessions"."last_date",
            "next_event"."slug", "next_event"."shown_title", "next_event"."starts_at"
        FROM (
            SELECT COUNT(*) AS "total", COUNT("decision") AS "decided",
                COUNT(CASE WHEN "decision" IN ({adoptions}) THEN 1 END) AS "adopted"
            FROM ({proposals_sql}) AS "proposal"
        ) AS "proposals"
        CROSS JOIN (
            SELECT COUNT(*) AS "total" FROM ({dossiers_sql}) AS "dossier"
        ) AS "dossiers"
        CROSS JOIN (
            SELECT COUNT(*) AS "held", COALESCE(SUM("participants"), 0) AS "participants",
                MAX("date") AS "last_date"
            FROM ({sessions_sql}) AS "session"
        ) AS "sessions"
        LEFT JOIN ({events_sql}) AS "next_event" ON 1 = 1"""
    params = (
        *ADOPTIONS,
        *proposals_params,
        *dossiers_params,
        *sessions_params,
        *events_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        total, decided, adopted, *row = cursor.fetchone()
    figures = dict(zip(FIGURES, row, strict=True))
    for name, field in (
        ("last_session_on", TrainingSession._meta.get_field("date")),
        ("next_event_starts_at", Event._meta.get_field("starts_at")),
    ):
        figures[name] = from_database(field, figures[name])
    adoption = {"total": total, "decided": decided, "adopted": adopted}
    adoption["rate"] = adoption_rate(adopted, decided)
    return {"adoption": adoption, **figures}


def from_database(field, value):
    """A column read by a written-out statement, as the ORM would give it (SQLite returns
    dates and times as text)."""
    expression = field.cached_col
    for convert in connection.ops.get_db_converters(expression) + field.get_db_converters(
        connection
    ):
        value = convert(value, expression, connection)
    return value
