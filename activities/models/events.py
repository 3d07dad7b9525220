import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import slug_format
from azemmour_portal.dates import plausible_date
from communes.models import Commune
from initiatives.models import ConsentedPhoto, PhotoQuerySet, consent_fields
from initiatives.uploads import validate_image_upload

from .common import Publishable, PublishedQuerySet


class EventQuerySet(PublishedQuerySet):
    def _last_moment(self):
        return Coalesce("ends_at", "starts_at")

    def upcoming(self, now: datetime.datetime | None = None):
        """Events not over yet (an event without an end is over once it has started),
        soonest first."""
        return (
            self.alias(last_moment=self._last_moment())
            .filter(last_moment__gte=now or timezone.now())
            .order_by("starts_at", "id")
        )

    def past(self, now: datetime.datetime | None = None):
        """Events that are over, latest first."""
        return (
            self.alias(last_moment=self._last_moment())
            .filter(last_moment__lt=now or timezone.now())
            .order_by("-starts_at", "-id")
        )


class Event(Publishable):
    """A meeting, forum or day of local development the foundation organises."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=250)
    communes = models.ManyToManyField(
        Commune, verbose_name=_("communes"), blank=True, related_name="events"
    )

    objects = EventQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-starts_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *Publishable.Meta.constraints,
            slug_format("event"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            plausible_date("starts_at", "event", moment=True),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_address("activities:event", self.slug)

    def is_upcoming(self, now: datetime.datetime | None = None) -> bool:
        return (self.ends_at or self.starts_at) >= (now or timezone.now())


class EventPhoto(ConsentedPhoto, models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("image"),
        upload_to="activities/events/%Y/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    # Stored so that pages give every <img> its size without opening the file.
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
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
