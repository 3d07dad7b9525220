from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import ChecksInOneQuery, one_of, slug_format
from azemmour_portal.dates import plausible_date
from communes.models import Commune
from initiatives.models import Initiative, Sector
from initiatives.uploads import validate_pdf_upload

from .common import Publishable, PublishedQuerySet


class StepKind(models.TextChoices):
    """The life of a proposal, in order."""

    DRAFTED = "drafted", _("drafted")
    # In a context: the portal's other "sent" is a date's label.
    SENT = "sent", pgettext_lazy("proposal step", "sent")
    ACKNOWLEDGED = "acknowledged", _("receipt acknowledged")
    ON_AGENDA = "on_agenda", _("on the council's agenda")
    ADOPTED = "adopted", _("adopted")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("adopted with changes")
    REJECTED = "rejected", _("rejected")
    IMPLEMENTED = "implemented", _("implemented as an initiative")


# A council's decision, and the decisions that adopt the proposal.
DECISIONS = [StepKind.ADOPTED, StepKind.ADOPTED_WITH_CHANGES, StepKind.REJECTED]
ADOPTIONS = [StepKind.ADOPTED, StepKind.ADOPTED_WITH_CHANGES]
# Steps that happen in a council session.
IN_SESSION = [StepKind.ON_AGENDA, *DECISIONS]


def adoption_rate(adopted: int, decided: int) -> float | None:
    """Percentage of the decided proposals that were adopted; None when none was decided."""
    return 100 * adopted / decided if decided else None


class ProposalQuerySet(PublishedQuerySet):
    def with_outcome(self):
        """Each proposal with its latest step (`stage`, `stage_on`) and its latest council
        decision (`decision`), read from the dated steps: nothing is stored twice."""
        steps = ProposalStep.objects.filter(proposal=OuterRef("pk")).order_by("-date", "-id")
        return self.annotate(
            stage=Subquery(steps.values("kind")[:1]),
            stage_on=Subquery(steps.values("date")[:1]),
            decision=Subquery(steps.filter(kind__in=DECISIONS).values("kind")[:1]),
        )

    def adoption(self) -> dict:
        """How many proposals a council decided on, how many it adopted (with or without
        changes, by its latest decision), and the rate."""
        totals = (
            self.with_outcome()
            .order_by()
            .aggregate(
                total=Count("pk", distinct=True),
                decided=Count("pk", filter=Q(decision__isnull=False), distinct=True),
                adopted=Count("pk", filter=Q(decision__in=ADOPTIONS), distinct=True),
            )
        )
        totals["rate"] = adoption_rate(totals["adopted"], totals["decided"])
        return totals


class ProposalRecipient(models.TextChoices):
    COMMUNE_COUNCIL = "commune_council", _("communal council")
    PROVINCIAL_COUNCIL = "provincial_council", _("provincial council")
    REGIONAL_COUNCIL = "regional_council", _("regional council")
    AUTHORITY = "authority", _("local authority")
    STATE = "state", _("government department")


class Proposal(Publishable):
    """A programme or project the foundation proposed to one or more communes.

    What became of it is not stored on the proposal: its outcome is its latest dated step
    (drafted → sent → acknowledged → on the agenda → adopted, adopted with changes or
    rejected → implemented as an initiative), and a council's decision is its latest
    decision step. The adoption rate of a commune is the share of its proposals with a
    decision whose latest decision adopted them, with or without changes.
    """

    Recipient = ProposalRecipient

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)
    communes = models.ManyToManyField(
        Commune,
        verbose_name=_("communes"),
        related_name="proposals",
        help_text=_("The communes the proposal was addressed to."),
    )
    recipient = models.CharField(
        _("addressed to"),
        max_length=20,
        choices=Recipient,
        default=Recipient.COMMUNE_COUNCIL,
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    document = models.FileField(
        _("the proposal's text"),
        upload_to="activities/proposals/%Y/",
        blank=True,
        validators=[validate_pdf_upload],
    )

    objects = ProposalQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            *Publishable.Meta.constraints,
            slug_format("proposal"),
            one_of("recipient", ProposalRecipient, "proposal"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("activities:proposal", self.slug)

    @property
    def outcome_label(self):
        """The latest step's name; needs with_outcome()."""
        return StepKind(self.stage).label if self.stage else _("no step recorded yet")

    @property
    def is_adopted(self) -> bool:
        """By the latest council decision; needs with_outcome()."""
        return self.decision in ADOPTIONS


class CouncilSession(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary session")
    EXTRAORDINARY = "extraordinary", _("extraordinary session")


class ProposalStep(ChecksInOneQuery, models.Model):
    """One dated step in the life of a proposal, with an optional document."""

    Kind = StepKind

    Session = CouncilSession

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=20, choices=StepKind)
    date = models.DateField(_("date"))
    session = models.CharField(
        _("council session"),
        max_length=15,
        choices=Session,
        blank=True,
        help_text=_("For the agenda and the council's decision."),
    )
    deliberation_number = models.CharField(
        _("deliberation number"),
        max_length=50,
        blank=True,
        help_text=_("The number of the council's deliberation, for a decision."),
    )
    note = models.TextField(_("note"), blank=True)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_steps",
        help_text=_("For the step “implemented”: the initiative the proposal became."),
    )
    document = models.FileField(
        _("document"),
        upload_to="activities/proposals/%Y/",
        blank=True,
        validators=[validate_pdf_upload],
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            one_of("kind", StepKind, "proposalstep"),
            one_of("session", CouncilSession, "proposalstep", blank=True),
            models.CheckConstraint(
                condition=Q(kind=StepKind.IMPLEMENTED, initiative__isnull=False)
                | (~Q(kind=StepKind.IMPLEMENTED) & Q(initiative__isnull=True)),
                name="proposalstep_initiative_when_implemented",
                violation_error_message=_(
                    "Link the initiative to the step “implemented”, and only to it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(session="") | Q(kind__in=IN_SESSION),
                name="proposalstep_session_only_in_council",
                violation_error_message=_(
                    "A council session belongs to the agenda or to a decision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(deliberation_number="") | Q(kind__in=DECISIONS),
                name="proposalstep_deliberation_only_for_decisions",
                violation_error_message=_("Only a council's decision has a deliberation number."),
            ),
            plausible_date("date", "proposalstep"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%Y-%m-%d})"

    def clean(self):
        super().clean()
        # A step is recorded once it has happened; only a council session may be on the
        # agenda ahead. ("Not in the future" depends on today: no CHECK constraint.)
        to_come = self.date and self.date > timezone.localdate()
        if to_come and self.kind != StepKind.ON_AGENDA:
            raise ValidationError({"date": _("This step's date is in the future.")})

    @property
    def is_decision(self) -> bool:
        return self.kind in DECISIONS
