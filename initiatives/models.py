import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import ChecksInOneQuery, one_of, slug_format, web_address
from azemmour_portal.dates import EARLIEST, plausible_date
from azemmour_portal.geo import DISTRICT, coordinate_constraints, latitude_field, longitude_field
from communes.models import Commune
from sources.models import DatePrecision, Source, precision_field
from workflow.states import Publishable, State

from .money import MoneyField, PercentageModelField
from .uploads import validate_image_upload, validate_pdf_upload


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    dac_code = models.CharField(
        _("OECD DAC code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{3}(\d{2})?$", _("A DAC code has 3 or 5 digits."))],
        help_text=_("Optional OECD DAC sector code, e.g. 140 (water and sanitation)."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [slug_format("sector")]

    def __str__(self):
        return self.name


class PartnerKind(models.TextChoices):
    STATE = "state", _("ministry or state agency")
    REGION = "region", _("region")
    PROVINCE = "province", _("province")
    COMMUNE = "commune", _("commune")
    INDH = "indh", _("INDH")
    ASSOCIATION = "association", _("association")
    COMPANY = "company", _("private company")
    DONOR = "donor", _("international donor")
    FOUNDATION = "foundation", _("the foundation")


class Partner(ChecksInOneQuery, models.Model):
    """A body that funds or carries out initiatives."""

    Kind = PartnerKind

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            one_of("kind", PartnerKind, "partner"),
            slug_format("partner"),
            web_address("website", "partner"),
        ]

    def __str__(self):
        return self.name


# What an initiative's card (includes/initiative_card.html) and a search result show.
CARD_FIELDS = (
    "title",
    "slug",
    "summary",
    "is_demo",
    "status",
    "progress",
    "planned_budget",
    "planned_end_date",
    "planned_end_precision",
    "sector__name",
)


def published_initiative(path: str = "", demo: bool | None = None) -> Q:
    """The one rule of what the public may see of initiatives, from a model that reaches
    them by `path` ("initiative__"), or from Initiative itself.

    Demo records are shown only where the deployment asks for them (DEMO_DATA), or where
    `demo` says so (the search index, which records which documents are demo records).
    """
    rule = Q(**{f"{path}state": State.PUBLISHED})
    shows_demo = settings.DEMO_DATA if demo is None else demo
    return rule if shows_demo else rule & Q(**{f"{path}is_demo": False})


def with_commune_names(initiatives) -> list["Initiative"]:
    """The initiatives, each given `commune_names`: its communes' names in the current
    language, in the communes' order.

    One query of (initiative, name) pairs for the whole list, where prefetch_related()
    would build a commune and a queryset for each initiative: a page of twenty cards
    spends a third less time on it.
    """
    initiatives = list(initiatives)
    names = {initiative.pk: [] for initiative in initiatives}
    if names:
        pairs = Commune.objects.filter(initiatives__in=list(names)).values_list(
            "initiatives", "name"
        )
        for pk, name in pairs:
            names[pk].append(name)
    for initiative in initiatives:
        initiative.commune_names = names[initiative.pk]
    return initiatives


class InitiativeQuerySet(models.QuerySet):
    def published(self, demo: bool | None = None):
        """What the public may see: every public page, count and list starts here."""
        return self.filter(published_initiative(demo=demo))

    def in_commune(self, commune):
        return self.filter(communes=commune)

    def late(self, today: datetime.date | None = None):
        """Past the planned end date and neither completed nor cancelled. An end known only
        to the month or the year is past once that whole month or year is (as is_late())."""
        today = today or timezone.localdate()
        whole_period_past = (
            Q(planned_end_precision=DatePrecision.YEAR, planned_end_date__year__lt=today.year)
            | Q(
                planned_end_precision=DatePrecision.MONTH,
                planned_end_date__lt=today.replace(day=1),
            )
            | ~Q(planned_end_precision__in=[DatePrecision.YEAR, DatePrecision.MONTH])
        )
        return (
            self.filter(planned_end_date__lt=today)
            .filter(whole_period_past)
            .exclude(status__in=ENDED_STATUSES)
        )

    def for_cards(self):
        """What a list of initiative cards shows (and only that): an initiative has a
        hundred columns, a card reads a dozen. The communes' names come from
        with_commune_names(), once the page's initiatives are chosen."""
        return self.select_related("sector").only(*CARD_FIELDS)

    def status_counts(self) -> dict[str, int]:
        """Number of initiatives per status, every status present (zero when none)."""
        rows = self.order_by().values("status").annotate(n=Count("pk", distinct=True))
        counts = dict.fromkeys(Initiative.Status.values, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    def figures(self) -> dict:
        """Totals a journalist quotes: counts, budgets, execution and mean progress.

        One aggregate query. The execution rate is the share of the planned budget that
        belongs to completed initiatives; the planned budget sums the `planned_count`
        initiatives whose budget is recorded, the amount spent the `spent_count` whose
        spending is, and mean progress is over the
        `progress_count` whose progress is.
        """
        completed = Q(status=Initiative.Status.COMPLETED)
        totals = self.order_by().aggregate(
            count=Count("pk", distinct=True),
            completed=Count("pk", filter=completed, distinct=True),
            planned=Sum("planned_budget"),
            planned_count=Count("planned_budget"),
            spent=Sum("spent_amount"),
            spent_count=Count("spent_amount"),
            planned_completed=Sum("planned_budget", filter=completed),
            mean_progress=Avg("progress"),
            progress_count=Count("progress"),
        )
        totals["completed_share"] = (
            100 * totals["completed"] / totals["count"] if totals["count"] else None
        )
        totals["execution_rate"] = (
            100 * (totals["planned_completed"] or 0) / totals["planned"]
            if totals["planned"]
            else None
        )
        return totals


class InitiativeStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    STALLED = "stalled", _("stalled")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


# An initiative in one of these is never late, whatever its planned end.
ENDED_STATUSES = [InitiativeStatus.COMPLETED, InitiativeStatus.CANCELLED]


class InitiativeConfidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class InitiativeOrigin(models.TextChoices):
    PAC = "pac", _("commune action programme")
    INDH = "indh", _("INDH")
    STATE = "state", _("state or regional programme")
    FOUNDATION = "foundation", _("proposed by the foundation")
    CITIZEN = "citizen", _("citizen suggestion")
    OTHER = "other", _("other")


class Initiative(Publishable):
    Confidence = InitiativeConfidence
    Status = InitiativeStatus
    Origin = InitiativeOrigin

    # IATI activity-status codes, so the portal's data joins donors' open data.
    IATI_STATUS = {
        Status.PROPOSED: 1,  # pipeline/identification
        Status.PLANNED: 1,
        Status.IN_PROGRESS: 2,  # implementation
        Status.COMPLETED: 3,  # finalisation: the works are done, accounts may still be open
        Status.CANCELLED: 5,
        Status.STALLED: 6,  # suspended
    }

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)
    communes = models.ManyToManyField(
        Commune,
        verbose_name=_("communes"),
        related_name="initiatives",
        help_text=_("At least one; an initiative may span neighbouring communes."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="initiatives"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PROPOSED)
    progress = PercentageModelField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty when no source gives it."),
    )
    planned_budget = MoneyField(_("planned budget (MAD)"), null=True, blank=True)
    spent_amount = MoneyField(_("amount spent (MAD)"), null=True, blank=True)
    implementing_body = models.ForeignKey(
        Partner,
        verbose_name=_("implementing body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implemented_initiatives",
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin, default=Origin.OTHER)
    origin_reference = models.CharField(
        _("origin reference"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the item of the commune action programme or the deliberation number."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_date_precision = precision_field(_("precision of the start date"))
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    planned_end_precision = precision_field(_("precision of the planned end date"))
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="initiatives"
    )
    status_as_of = models.DateField(
        _("status as of"), null=True, blank=True, help_text=_("When a source last reported it.")
    )
    status_as_of_precision = precision_field(_("precision of the status date"))
    status_as_of_note = models.TextField(
        _("note on the status date"),
        blank=True,
        help_text=_(
            "What the source leaves uncertain about that date, e.g. a month given without "
            "its year; shown beside the date."
        ),
    )
    status_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the status"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    budget_wording = models.CharField(
        _("budget as worded by the sources"),
        max_length=500,
        blank=True,
        help_text=_("Verbatim, e.g. «15 مليار سنتيم»."),
    )
    status_wording = models.CharField(
        _("status as worded by the source"), max_length=200, blank=True
    )
    budget_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the budget"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confidence = models.CharField(
        _("confidence"),
        max_length=6,
        choices=Confidence,
        blank=True,
        help_text=_("How well the sources establish the facts; empty when not assessed."),
    )
    disagreement = models.TextField(
        _("where sources disagree"),
        blank=True,
        help_text=_("Shown as it is: give each source's figure, never only one."),
    )
    source_notes = models.TextField(_("notes on the sources"), blank=True)
    cover_image = models.ImageField(
        _("cover image"),
        upload_to="initiatives/covers/%Y/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        validators=[validate_image_upload],
    )
    cover_width = models.PositiveIntegerField(null=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, editable=False)
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        permissions = [("publish_initiative", _("Can publish, archive and send back initiatives"))]
        indexes = [
            models.Index(fields=["state", "status"], name="initiative_state_status"),
            models.Index(fields=["planned_end_date"], name="initiative_planned_end"),
            # The public lists' usual order (newest first), over what the public sees: the
            # first page, and each status's first few on a commune's page, read a few index
            # entries instead of sorting every initiative. A published initiative always has
            # its date (initiative_published_has_date), so no NULL comes first.
            models.Index(
                fields=["-published_at", "-id"],
                name="initiative_newest",
                condition=Q(state=State.PUBLISHED),
            ),
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="initiative_status_newest",
                condition=Q(state=State.PUBLISHED),
            ),
            # The maps' located initiatives, newest first (maps/views.py): their count and
            # first page read these few entries instead of every initiative's row. With
            # is_demo, where demo records are hidden, the count reads the index alone.
            models.Index(
                fields=["-published_at", "-id", "is_demo"],
                name="initiative_located",
                condition=Q(state=State.PUBLISHED, latitude__isnull=False, longitude__isnull=False),
            ),
            # The sitemap index's entry (opendata/sitemaps.py): how many public initiatives
            # and their latest change, read from the index alone.
            models.Index(
                fields=["updated_at", "id", "is_demo"],
                name="initiative_published_updated",
                condition=Q(state=State.PUBLISHED),
            ),
            # How many public initiatives are late (InitiativeQuerySet.late()), read from the
            # index alone: every column the count tests is in it, and only the initiatives
            # that can be late are.
            models.Index(
                fields=["planned_end_date", "planned_end_precision", "is_demo", "id"],
                name="initiative_late",
                condition=Q(state=State.PUBLISHED) & ~Q(status__in=ENDED_STATUSES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="initiative_progress_0_100",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(planned_budget__isnull=True) | Q(planned_budget__gte=0),
                name="initiative_planned_budget_not_negative",
                violation_error_message=_("The planned budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(spent_amount__isnull=True) | Q(spent_amount__gte=0),
                name="initiative_spent_not_negative",
                violation_error_message=_("The amount spent cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end_date__gte=F("start_date")),
                name="initiative_planned_end_after_start",
                violation_error_message=_("The planned end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(actual_end_date__gte=F("start_date")),
                name="initiative_actual_end_after_start",
                violation_error_message=_("The actual end date cannot be before the start date."),
            ),
            # The status and the progress tell one story: a completed initiative is done, a
            # proposed or planned one has not started.
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(progress__isnull=True) | Q(progress=100),
                name="initiative_completed_at_100",
                violation_error_message=_(
                    "A completed initiative's progress is 100: correct the status or the progress."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["proposed", "planned"])
                | Q(progress__isnull=True)
                | Q(progress=0),
                name="initiative_not_started_at_0",
                violation_error_message=_(
                    "A proposed or planned initiative has not started: its progress is 0 (or "
                    "not recorded)."
                ),
            ),
            *(
                plausible_date(field, "initiative", optional=True)
                for field in ("start_date", "planned_end_date", "actual_end_date", "status_as_of")
            ),
            models.CheckConstraint(
                condition=Q(actual_end_date__isnull=True) | Q(status="completed"),
                name="initiative_actual_end_only_when_completed",
                violation_error_message=_("Only a completed initiative has an actual end date."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="initiative_not_its_own_parent",
                violation_error_message=_("An initiative cannot be its own parent programme."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="initiative_published_has_date",
                violation_error_message=_("A published initiative needs a publication date."),
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(slug=""),
                name="initiative_title_and_slug_not_empty",
                violation_error_message=_("An initiative needs a title and a slug."),
            ),
            *coordinate_constraints("initiative", DISTRICT, "in_district"),
            one_of("status", InitiativeStatus, "initiative"),
            one_of("origin", InitiativeOrigin, "initiative"),
            one_of("confidence", InitiativeConfidence, "initiative", blank=True),
            one_of("start_date_precision", DatePrecision, "initiative"),
            one_of("planned_end_precision", DatePrecision, "initiative"),
            one_of("status_as_of_precision", DatePrecision, "initiative"),
            slug_format("initiative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("initiatives:detail", self.slug)

    def clean(self):
        super().clean()
        if self.state == State.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # "Not in the future" depends on today, which a CHECK constraint cannot read on
        # SQLite: what has happened cannot be dated after the day it is entered.
        today = timezone.localdate()
        future = {
            "actual_end_date": _("The actual end date is in the future."),
            "status_as_of": _("The date of the status is in the future."),
        }
        errors = {
            field: message
            for field, message in future.items()
            if getattr(self, field) and getattr(self, field) > today
        }
        if errors:
            raise ValidationError(errors)
        self._check_parent_chain()

    def _check_parent_chain(self):
        """Refuse a parent that would make a cycle (the database only sees one level)."""
        seen = {self.pk} if self.pk else set()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("This parent would make a programme a part of itself.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def iati_status_code(self) -> int:
        return self.IATI_STATUS[self.Status(self.status)]

    def planned_end_by(self) -> datetime.date | None:
        """The last day the planned end date allows: the end of its month or its year when
        only that is known ("by 2027" is not late before 2028)."""
        end = self.planned_end_date
        if end is None:
            return None
        if self.planned_end_precision == DatePrecision.YEAR:
            return end.replace(month=12, day=31)
        if self.planned_end_precision == DatePrecision.MONTH:
            return end.replace(day=calendar.monthrange(end.year, end.month)[1])
        return end

    def is_late(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        by = self.planned_end_by()
        return (
            by is not None
            and by < today
            and self.status not in {self.Status.COMPLETED, self.Status.CANCELLED}
        )

    @property
    def overspent(self) -> bool:
        return (
            self.planned_budget is not None
            and self.spent_amount is not None
            and self.spent_amount > self.planned_budget
        )


def weighted_progress(projects) -> float | None:
    """A programme's progress: its projects' progress weighted by their planned budgets.

    When no project has a budget they count equally; otherwise projects without a budget
    are left out of the weighting.
    """
    projects = list(projects)
    if not projects:
        return None
    projects = [p for p in projects if p.progress is not None]
    if not projects:
        return None
    budgeted = [p for p in projects if p.planned_budget]
    if not budgeted:
        return sum(p.progress for p in projects) / len(projects)
    total = sum(p.planned_budget for p in budgeted)
    return float(sum(p.progress * p.planned_budget for p in budgeted) / total)


class Funding(models.Model):
    """One partner's share of an initiative's money."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="fundings"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="fundings"
    )
    amount = MoneyField(
        _("amount (MAD)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the partner is known but not its share."),
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="fundings"
    )

    class Meta:
        # The largest first, those of unknown amount last, on every database (PostgreSQL
        # puts nulls first in a descending order).
        ordering = [F("amount").desc(nulls_last=True), "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "partner"],
                name="funding_one_line_per_partner",
                violation_error_message=_("This partner already has a funding line here."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="funding_amount_positive",
                violation_error_message=_("A funding amount must be greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.partner}: {self.amount if self.amount is not None else '—'}"


class UpdateQuerySet(models.QuerySet):
    def published(self, demo: bool | None = None):
        """Published updates of initiatives the public may see, and nothing else."""
        # A join rather than a subquery: the planner then walks the newest updates first.
        return self.filter(published_initiative("initiative__", demo), state=State.PUBLISHED)

    def for_items(self):
        """What a list of updates (includes/update_item.html) shows, and only that."""
        return self.select_related("initiative").only(
            "observed_on", "title", "initiative__title", "initiative__slug"
        )


class UpdateSource(models.TextChoices):
    WEB = "web", _("web page")
    SITE_VISIT = "site_visit", _("site visit")
    COUNCIL_SESSION = "council_session", _("council session")
    PRESS = "press", _("press")
    OFFICIAL_DOCUMENT = "official_document", _("official document")
    CITIZEN = "citizen", _("citizen report")


class Update(Publishable):
    """A monitoring record: what the foundation observed, when, and on what evidence."""

    Source = UpdateSource

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    observed_on = models.DateField(_("date observed"))
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("what was observed"), blank=True)
    status_observed = models.CharField(
        _("status observed"), max_length=20, choices=Initiative.Status, blank=True
    )
    progress_observed = PercentageModelField(
        _("progress observed (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    source_url = models.URLField(
        _("source address"),
        max_length=500,
        blank=True,
        help_text=_("Required when the source is a web page."),
    )
    sources = models.ManyToManyField(
        "sources.Source", verbose_name=_("sources"), blank=True, related_name="updates"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-id"]
        get_latest_by = "observed_on"
        verbose_name = _("monitoring update")
        verbose_name_plural = _("monitoring updates")
        permissions = [("publish_update", _("Can publish, archive and send back updates"))]
        indexes = [
            # The latest published updates (home and commune pages) read in this order.
            models.Index(
                F("observed_on").desc(),
                F("id").desc(),
                name="update_latest_published",
                condition=Q(state=State.PUBLISHED),
            ),
            # The feeds' entries, newest publication first: without it, every feed reader's
            # visit sorted every published update (30 ms for 9,500).
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="update_feed_order",
                condition=Q(state=State.PUBLISHED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_observed__isnull=True)
                | Q(progress_observed__gte=0, progress_observed__lte=100),
                name="update_progress_0_100",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=~Q(source="web") | ~Q(source_url=""),
                name="update_web_source_has_url",
                violation_error_message=_("A web page source needs its address."),
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="update_published_has_date",
                violation_error_message=_("A published update needs a publication date."),
            ),
            models.CheckConstraint(
                condition=Q(observed_on__gte=EARLIEST),
                name="update_observed_plausible",
                violation_error_message=_("The observation date is implausibly old."),
            ),
            one_of("source", UpdateSource, "update"),
            one_of("status_observed", InitiativeStatus, "update", blank=True),
            web_address("source_url", "update"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # "Not in the future" depends on today, which a CHECK constraint cannot read on
        # SQLite; the form refuses it, and the date is never later than the day of entry.
        if self.observed_on and self.observed_on > timezone.localdate():
            raise ValidationError({"observed_on": _("The observation date is in the future.")})
        if self.state == State.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def publication_problems(self) -> list[str]:
        """Why this update may not be published yet (Law 09-08: consent for photos)."""
        if self.pk and self.photos.awaiting_consent().exists():
            return [AWAITING_CONSENT]
        return []


AWAITING_CONSENT = _(
    "A photo shows identifiable people whose consent is not recorded: "
    "record the consent or remove the photo first."
)


class PhotoQuerySet(models.QuerySet):
    """Photos that say whether they show identifiable people and when those consented
    (Law 09-08): an update's, an event's."""

    def public(self):
        """Photos the public may see: no identifiable people, or their consent recorded."""
        return self.filter(
            Q(shows_identifiable_people=False) | Q(consent_recorded_on__isnull=False)
        )

    def awaiting_consent(self):
        return self.filter(shows_identifiable_people=True, consent_recorded_on__isnull=True)


SHOWS_PEOPLE = _("shows identifiable people")


def consent_fields(label=SHOWS_PEOPLE):
    """Whether a photo shows identifiable people, the day they consented to its
    publication and how (Law 09-08): three fields, for a model's class body."""
    return (
        models.BooleanField(
            label,
            default=False,
            help_text=_("Law 09-08: such a photo needs the consent of the people shown."),
        ),
        models.DateField(
            _("consent recorded on"),
            null=True,
            blank=True,
            help_text=_("When the people shown agreed to its publication."),
        ),
        models.CharField(_("how consent was given"), max_length=300, blank=True),
    )


class ConsentedPhoto:
    """The rule of PhotoQuerySet.public(), for one photo in hand."""

    @property
    def is_public(self) -> bool:
        return not self.shows_identifiable_people or self.consent_recorded_on is not None


class UpdatePhoto(ConsentedPhoto, models.Model):
    update = models.ForeignKey(
        Update, verbose_name=_("monitoring update"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("image"),
        upload_to="updates/photos/%Y/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    # Stored so that pages give every <img> its size without opening the file.
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    shows_identifiable_people, consent_recorded_on, consent_note = consent_fields()
    # WebP copies at several widths, for srcset: {"320": "path", "640": …, "1280": …}.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name


class UpdateDocument(models.Model):
    update = models.ForeignKey(
        Update,
        verbose_name=_("monitoring update"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    file = models.FileField(
        _("file"), upload_to="updates/documents/%Y/", validators=[validate_pdf_upload]
    )
    title = models.CharField(_("title"), max_length=250)

    class Meta:
        ordering = ["id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


# Sums of money over many initiatives: room for 10^18 dirhams.
MONEY_TOTAL = {"max_digits": 20, "decimal_places": 2}


class TallyGroup(models.Model):
    """What a tally counts by, and how many published initiatives fall in the group.

    Derived data, kept by initiatives/tallies.py and never edited: the home page, the
    communes and each commune's figures and the list's facet counts read a few hundred of
    these rows instead of aggregating every initiative. A row without a commune counts the
    whole district, where an initiative in two communes counts once.
    """

    commune = models.ForeignKey(Commune, null=True, on_delete=models.CASCADE, related_name="+")
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Initiative.Status)
    origin = models.CharField(max_length=20, choices=Initiative.Origin)
    is_demo = models.BooleanField()
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        where = self.commune_id or "*"
        return f"{where}/{self.sector_id}/{self.status}/{self.origin}: {self.count}"


def one_row_per_group(prefix: str, *fields: str) -> list:
    """A tally's groups are unique, the district's (no commune) as each commune's."""
    groups = [*fields, "sector", "status", "origin", "is_demo"]
    counted_once = _("A tally counts each group of initiatives once.")
    return [
        models.UniqueConstraint(
            fields=[*groups, "commune"],
            condition=Q(commune__isnull=False),
            name=f"{prefix}_one_row_per_commune_group",
            violation_error_message=counted_once,
        ),
        models.UniqueConstraint(
            fields=groups,
            condition=Q(commune__isnull=True),
            name=f"{prefix}_one_row_per_district_group",
            violation_error_message=counted_once,
        ),
        models.CheckConstraint(
            condition=Q(count__gt=0),
            name=f"{prefix}_count_positive",
            violation_error_message=_("A tally counts at least one initiative."),
        ),
    ]


class Tally(TallyGroup):
    """Published initiatives by commune, sector, status, origin and demo flag, with their
    budgets and progress summed."""

    planned = models.DecimalField(**MONEY_TOTAL, null=True)
    spent = models.DecimalField(**MONEY_TOTAL, null=True)
    progress_total = models.PositiveIntegerField(default=0)
    progress_count = models.PositiveIntegerField(default=0)
    planned_count = models.PositiveIntegerField(default=0)  # of initiatives with a budget
    spent_count = models.PositiveIntegerField(default=0)  # of initiatives with an amount spent

    class Meta:
        constraints = [
            *one_row_per_group("tally"),
            models.CheckConstraint(
                condition=Q(planned_count__lte=F("count")),
                name="tally_planned_count_bounded",
                violation_error_message=_(
                    "A tally cannot know the budget of more initiatives than it counts."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progress_count__lte=F("count")),
                name="tally_progress_count_bounded",
                violation_error_message=_(
                    "A tally cannot know the progress of more initiatives than it counts."
                ),
            ),
            models.CheckConstraint(
                condition=Q(spent_count__lte=F("count")),
                name="tally_spent_count_bounded",
                violation_error_message=_(
                    "A tally cannot know the spending of more initiatives than it counts."
                ),
            ),
        ]


class PartnerTally(TallyGroup):
    """Published initiatives each partner funds or implements, by the same groups as Tally
    (an initiative a partner both funds and implements counts once)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = one_row_per_group("partner_tally", "partner")

    def __str__(self):
        return f"{self.partner_id}/{super().__str__()}"


class TallyState(models.Model):
    """One row: whether the tallies still have to follow a change of the initiatives.

    Marked stale in the same transaction as the change, so a crash between the change and
    the tallies' refresh can only leave them marked stale, never silently wrong."""

    stale = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="tally_state_single_row",
                violation_error_message=_("The tallies have a single state."),
            )
        ]

    def __str__(self):
        return "stale" if self.stale else "fresh"
