import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import ChecksInOneQuery, one_of, slug_format
from azemmour_portal.dates import plausible_date
from communes.models import Commune
from initiatives.models import Initiative
from initiatives.uploads import validate_pdf_upload

from .common import Publishable, PublishedQuerySet
from .proposals import Proposal


class DossierState(models.TextChoices):
    OPEN = "open", pgettext_lazy("advocacy dossier state", "in progress")
    WAITING = "waiting", _("awaiting an answer")
    PARTLY_RESOLVED = "partly_resolved", _("partly resolved")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed without result")


class DossierQuerySet(PublishedQuerySet):
    def with_state(self):
        """Each dossier with its current state (`state`, `state_on`): the state recorded
        with its latest action, read from the actions, never stored twice."""
        actions = DossierAction.objects.filter(dossier=OuterRef("pk")).order_by("-date", "-id")
        return self.annotate(
            state=Subquery(actions.values("state")[:1]),
            state_on=Subquery(actions.values("date")[:1]),
        )


class Dossier(Publishable):
    """An advocacy dossier: a cause of the district the foundation pleads for (a road, the
    river bank, a health centre), the communes concerned and the actions taken.

    Its current state is not stored on the dossier: it is the state recorded with its
    latest dated action.
    """

    title = models.CharField(_("cause"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)
    communes = models.ManyToManyField(Commune, verbose_name=_("communes"), related_name="dossiers")
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("linked initiatives"), blank=True, related_name="dossiers"
    )
    proposals = models.ManyToManyField(
        Proposal, verbose_name=_("linked proposals"), blank=True, related_name="dossiers"
    )

    objects = DossierQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("advocacy dossier")
        verbose_name_plural = _("advocacy dossiers")
        constraints = [*Publishable.Meta.constraints, slug_format("dossier")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("activities:dossier", self.slug)

    @property
    def state_label(self):
        """The current state's name; needs with_state()."""
        return DossierState(self.state).label if self.state else _("no action recorded yet")


class DossierActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(dossier__in=Dossier.objects.published().values("pk"))

    def unanswered_past_deadline(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(answer_due_on__lt=today, answered_on__isnull=True)


class ActionKind(models.TextChoices):
    LETTER = "letter", _("letter")
    MEETING = "meeting", _("meeting")
    PETITION = "petition", _("petition (article 139 of the constitution)")
    INFORMATION_REQUEST = "information_request", _("request for information (Law 31-13)")
    STATEMENT = "statement", _("public statement")
    FIELD_VISIT = "field_visit", _("field visit")
    OTHER = "other", _("other")


class DossierAction(ChecksInOneQuery, models.Model):
    """A letter, a meeting, a petition, a request for information…: one dated action."""

    Kind = ActionKind

    State = DossierState

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    addressee = models.CharField(
        _("addressed to"),
        max_length=250,
        blank=True,
        help_text=_("An institution or an office, e.g. the president of the communal council."),
    )
    answer_due_on = models.DateField(
        _("answer due by"),
        null=True,
        blank=True,
        help_text=_(
            "For a request for information: the legal deadline for the answer, as the bureau "
            "reads it in Law 31-13. For another action: any deadline that was given."
        ),
    )
    answered_on = models.DateField(
        _("answered on"), null=True, blank=True, help_text=_("Empty while no answer has come.")
    )
    answer = models.TextField(_("the answer"), blank=True)
    document = models.FileField(
        _("document"),
        upload_to="activities/advocacy/%Y/",
        blank=True,
        validators=[validate_pdf_upload],
    )
    state = models.CharField(
        _("state of the dossier after this action"),
        max_length=20,
        choices=DossierState,
        default=DossierState.OPEN,
        help_text=_("The dossier's current state is the state of its latest action."),
    )

    objects = DossierActionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            one_of("kind", ActionKind, "dossieraction"),
            one_of("state", DossierState, "dossieraction"),
            models.CheckConstraint(
                condition=~Q(kind="information_request") | Q(answer_due_on__isnull=False),
                name="dossieraction_information_request_has_deadline",
                violation_error_message=_(
                    "A request for information needs the date its answer is due."
                ),
            ),
            models.CheckConstraint(
                condition=Q(answer_due_on__isnull=True) | Q(answer_due_on__gte=F("date")),
                name="dossieraction_deadline_after_date",
                violation_error_message=_("The answer cannot be due before the action."),
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("date")),
                name="dossieraction_answer_after_date",
                violation_error_message=_("The answer cannot come before the action."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="dossieraction_title_not_empty",
                violation_error_message=_("An action needs a title."),
            ),
            plausible_date("date", "dossieraction"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # An answer is recorded once it came. (Today is not known to a CHECK constraint.)
        if self.answered_on and self.answered_on > timezone.localdate():
            raise ValidationError({"answered_on": _("The answer's date is in the future.")})

    def is_unanswered_past_deadline(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.answer_due_on is not None
            and self.answered_on is None
            and self.answer_due_on < today
        )

    @property
    def answered_late(self) -> bool:
        return (
            self.answer_due_on is not None
            and self.answered_on is not None
            and self.answered_on > self.answer_due_on
        )
