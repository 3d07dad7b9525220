from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import one_of, slug_format
from initiatives.uploads import validate_image_upload, validate_pdf_upload


class Body(models.Model):
    """A body of the foundation: executive bureau, administrative council, advisory council."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["display_order", "slug"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [slug_format("body")]

    def __str__(self):
        return self.name


class Person(models.Model):
    # One name field: Arabic and Latin spellings of a Moroccan name do not split the same way.
    full_name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    photo = models.ImageField(
        _("photo"),
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        validators=[validate_image_upload],
    )
    photo_width = models.PositiveIntegerField(null=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, editable=False)
    # WebP copies of the photo at several widths, for srcset: {"320": "path", "640": …}.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    bio = models.TextField(_("short biography"), blank=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [slug_format("person")]

    def __str__(self):
        return self.full_name


class AssemblyKind(models.TextChoices):
    CONSTITUTIVE = "constitutive", _("constitutive general assembly")
    ORDINARY = "ordinary", _("ordinary general assembly")
    EXTRAORDINARY = "extraordinary", _("extraordinary general assembly")
    BOARD = "board", _("board meeting")


class Assembly(models.Model):
    """A general assembly or board meeting of the foundation."""

    Kind = AssemblyKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Leave empty when the date is not known.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.FileField(
        _("minutes"), upload_to="assemblies/", blank=True, validators=[validate_pdf_upload]
    )

    class Meta:
        ordering = [F("date").desc(nulls_last=True), "-id"]
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="constitutive"),
                name="assembly_one_constitutive",
                violation_error_message=_("The foundation has only one constitutive assembly."),
            ),
            one_of("kind", AssemblyKind, "assembly"),
        ]

    def __str__(self):
        if self.date:
            return f"{self.get_kind_display()} ({self.date:%Y-%m-%d})"
        return str(self.get_kind_display())


class MembershipRole(models.TextChoices):
    PRESIDENT = "president", _("president")
    VICE_PRESIDENT = "vice_president", _("vice-president")
    SECRETARY_GENERAL = "secretary_general", _("secretary general")
    DEPUTY_SECRETARY_GENERAL = "deputy_secretary_general", _("deputy secretary general")
    TREASURER = "treasurer", _("treasurer")
    DEPUTY_TREASURER = "deputy_treasurer", _("deputy treasurer")
    ADVISOR = "advisor", _("advisor")
    MEMBER = "member", _("member")


class Membership(models.Model):
    """A person's role in a body over a period; an empty end date means current."""

    Role = MembershipRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty while the mandate is current.")
    )
    elected_at = models.ForeignKey(
        Assembly,
        verbose_name=_("elected at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elections",
    )

    class Meta:
        ordering = ["body", "role", "person"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            one_of("role", MembershipRole, "membership"),
            models.UniqueConstraint(
                fields=["body", "role"],
                # Roles that only one person may hold at a time in a body.
                condition=Q(
                    end_date__isnull=True, role__in=["president", "secretary_general", "treasurer"]
                ),
                name="membership_one_current_officer",
                violation_error_message=_(
                    "This body already has a current holder of this role. "
                    "Give the previous mandate an end date first."
                ),
            ),
            models.UniqueConstraint(
                fields=["person", "body", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_no_duplicate_current",
                violation_error_message=_("This person already holds this role in this body."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} ({self.body})"

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class Statement(models.Model):
    """An ordered, translated sentence of the foundation's charter."""

    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    text = models.TextField(_("text"))

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return f"{self.position}. {self.text}"


class Principle(Statement):
    class Meta(Statement.Meta):
        verbose_name = _("principle")
        verbose_name_plural = _("principles")


class Goal(Statement):
    class Meta(Statement.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
