"""What citizens send the foundation: field reports on an initiative, and suggestions of
new initiatives. Nothing here is public; a moderator turns an accepted submission into a
monitoring update or a draft initiative, which then follows the publishing workflow.

The optional contact (name, phone, e-mail) is personal data under Law 09-08: it is shown
only to the bureau in the admin, never published, exported or mailed, and
`purge_citizen_contacts` blanks it after CITIZEN_CONTACT_RETENTION_DAYS.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import ChecksInOneQuery, one_of
from communes.models import Commune
from initiatives.models import Initiative, Sector, Update
from initiatives.uploads import validate_image_upload

TEXT_MAX_LENGTH = 5000
# No 0/O, 1/I/L, U: a reference read aloud on the phone or copied by hand stays right.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(prefix: str) -> str:
    """A reference such as R-7K3F-9QX2: short enough to note down, and random, so that it
    says nothing about how many submissions there are."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{code[:4]}-{code[4:]}"


def max_length_check(field: str, name: str):
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), TEXT_MAX_LENGTH),
        name=name,
        # Written out: a lazy message cannot be filled in when the module loads.
        violation_error_message=_("A text may have at most 5000 characters."),
    )


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Moderation.PENDING)

    def with_contact(self):
        return self.exclude(contact_name="", contact_phone="", contact_email="")


class Submission(ChecksInOneQuery, models.Model):
    """What field reports and suggestions share: the reference, the optional contact and
    the moderation."""

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    contact_name = models.CharField(_("name"), max_length=120, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    contact_deleted_at = models.DateTimeField(
        _("contact deleted"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the contact was deleted at the end of the retention period."),
    )
    state = models.CharField(
        _("moderation"), max_length=10, choices=Moderation, default=Moderation.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    # The form page it was sent from (a hidden field): a form sent twice, by a double tap
    # on a slow connection or a page sent again, is recorded once.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.reference

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


def moderation_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=~Q(state=Moderation.REJECTED) | ~Q(rejection_reason=""),
            name=f"{prefix}_rejection_has_reason",
            violation_error_message=_("A rejection needs its reason."),
        ),
        models.CheckConstraint(
            condition=Q(state=Moderation.PENDING) | Q(moderated_at__isnull=False),
            name=f"{prefix}_moderation_has_date",
            violation_error_message=_("A moderated submission needs the date of moderation."),
        ),
        one_of("state", Moderation, prefix),
    ]


class ReportKind(models.TextChoices):
    WORK_STARTED = "work_started", _("work has started")
    WORK_STOPPED = "work_stopped", _("work has stopped")
    FINISHED = "finished", _("it is finished")
    QUALITY_PROBLEM = "quality_problem", _("a quality problem")
    NOT_AS_ANNOUNCED = "not_as_announced", _("not as announced")
    OTHER = "other", _("something else")


class FieldReport(Submission):
    """What a citizen saw at an initiative's site."""

    Kind = ReportKind

    # A citizen's report cannot be made again, and reports keep no history: an initiative
    # that has some cannot be deleted (it can be archived), so none is lost with it.
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="citizen_reports",
    )
    kind = models.CharField(_("what was seen"), max_length=20, choices=Kind)
    text = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    seen_on = models.DateField(_("date seen"), null=True, blank=True)
    update = models.OneToOneField(
        Update,
        verbose_name=_("monitoring update"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="citizen_report",
        help_text=_("The monitoring update made from this report when it was accepted."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        constraints = [
            max_length_check("text", "fieldreport_text_max_length"),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="fieldreport_text_not_empty",
                violation_error_message=_("A report needs a description."),
            ),
            *moderation_constraints("fieldreport"),
            one_of("kind", ReportKind, "fieldreport"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="fieldreport_state")]


class ReportPhoto(models.Model):
    report = models.ForeignKey(
        FieldReport,
        verbose_name=_("citizen report"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("image"),
        upload_to="citizens/photos/%Y/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    # Assumed until a moderator has looked: a citizen's photo may show neighbours.
    shows_identifiable_people = models.BooleanField(
        _("shows identifiable people"),
        default=True,
        help_text=_(
            "Untick once you have checked that nobody can be recognised. Law 09-08: a photo "
            "of identifiable people is published only with their recorded consent."
        ),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class Suggestion(Submission):
    """An initiative a citizen proposes for a commune."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    location = models.CharField(_("location, in words"), max_length=300, blank=True)
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="citizen_suggestion",
        help_text=_("The draft initiative made from this suggestion when it was accepted."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("citizen suggestion")
        verbose_name_plural = _("citizen suggestions")
        constraints = [
            max_length_check("description", "suggestion_description_max_length"),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(description=""),
                name="suggestion_title_and_description_not_empty",
                violation_error_message=_("A suggestion needs a title and a description."),
            ),
            *moderation_constraints("suggestion"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="suggestion_state")]


class DroppedSubmission(models.Model):
    """How many submissions the honeypot dropped each day (their content is not kept)."""

    day = models.DateField(_("day"), unique=True)
    count = models.PositiveIntegerField(_("dropped submissions"), default=0)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("dropped submission count")
        verbose_name_plural = _("dropped submissions (honeypot)")

    def __str__(self):
        return f"{self.day}: {self.count}"
