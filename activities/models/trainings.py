import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import ChecksInOneQuery, slug_format
from azemmour_portal.dates import plausible_date
from communes.models import Commune
from initiatives.uploads import validate_pdf_upload

from .common import Publishable

# Participants are counted, never named (Law 09-08): the audience categories, in the
# order pages show them. Each participant is counted once, in one category.
AUDIENCES = [
    ("association_members", _("association members")),
    ("elected_officials", _("elected officials")),
    ("youth", _("young people")),
    ("women", _("women")),
    ("others", _("others")),
]


class TrainingProgramme(Publishable):
    """A capacity-building programme for association actors and elected officials."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)

    class Meta(Publishable.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [*Publishable.Meta.constraints, slug_format("trainingprogramme")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("activities:training", self.slug)


def participants_total():
    """The sum of the audience categories, as a database expression."""
    total = None
    for field, _label in AUDIENCES:
        total = models.F(field) if total is None else total + models.F(field)
    return total


class TrainingSessionQuerySet(models.QuerySet):
    def published(self):
        """Sessions of published programmes."""
        return self.filter(programme__in=TrainingProgramme.objects.published().values("pk"))

    def held(self, today: datetime.date | None = None):
        return self.filter(date__lte=today or timezone.localdate())

    def participant_totals(self) -> dict:
        """Sessions and participants of the selection, per category and in all."""
        sums = {field: Coalesce(Sum(field), 0) for field, _label in AUDIENCES}
        totals = self.order_by().aggregate(sessions=Count("pk"), last_held=Max("date"), **sums)
        totals["participants"] = sum(totals[field] for field, _label in AUDIENCES)
        return totals


class TrainingSession(ChecksInOneQuery, models.Model):
    """One session of a programme. Only the number of participants is recorded, by
    category; there is no record of who took part."""

    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=250)
    place = models.CharField(_("place"), max_length=250, blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        help_text=_("Empty when the session was held outside the district's communes."),
    )
    trainer = models.CharField(
        _("trainer"),
        max_length=250,
        blank=True,
        help_text=_("An organisation, or a person's name with their consent (Law 09-08)."),
    )
    # Plain integers: the named constraint below is the one rule, with a readable message.
    association_members = models.IntegerField(_("association members"), default=0)
    elected_officials = models.IntegerField(_("elected officials"), default=0)
    youth = models.IntegerField(
        _("young people"), default=0, help_text=_("Count each participant once, in one category.")
    )
    women = models.IntegerField(_("women"), default=0)
    others = models.IntegerField(_("others"), default=0)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    association_members__gte=0,
                    elected_officials__gte=0,
                    youth__gte=0,
                    women__gte=0,
                    others__gte=0,
                ),
                name="trainingsession_counts_not_negative",
                violation_error_message=_("A number of participants cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(topic=""),
                name="trainingsession_topic_not_empty",
                violation_error_message=_("A session needs a topic."),
            ),
            plausible_date("date", "trainingsession"),
        ]

    def __str__(self):
        return f"{self.topic} ({self.date:%Y-%m-%d})"

    def clean(self):
        super().clean()
        # A session to come has no participants yet; one held has had some. ("Held"
        # depends on today, which a CHECK constraint cannot read on SQLite.)
        if self.date and self.date <= timezone.localdate() and not self.participants:
            raise ValidationError(
                _("A session already held needs its number of participants, by category.")
            )

    @property
    def participants(self) -> int:
        return sum(getattr(self, field) for field, _label in AUDIENCES)

    @property
    def audience(self) -> list[tuple[str, int]]:
        """(category, count) of the categories that took part."""
        return [(label, getattr(self, field)) for field, label in AUDIENCES if getattr(self, field)]


class TrainingMaterial(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(
        _("file"), upload_to="activities/trainings/%Y/", validators=[validate_pdf_upload]
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self):
        return self.title
