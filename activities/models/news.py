from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.addresses import slug_address
from azemmour_portal.constraints import slug_format
from initiatives.models import AWAITING_CONSENT, consent_fields
from initiatives.uploads import validate_image_upload

from .common import Publishable


class NewsItem(Publishable):
    """An announcement of the foundation; its publication date is the one shown."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences for lists."))
    body = models.TextField(_("text"))
    image = models.ImageField(
        _("image"),
        upload_to="activities/news/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image_upload],
    )
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    # WebP copies of the image at several widths, for srcset: {"320": "path", "640": …}.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    image_description = models.CharField(
        _("description of the image"),
        max_length=300,
        blank=True,
        help_text=_("For readers who cannot see it."),
    )
    image_shows_identifiable_people, image_consent_recorded_on, image_consent_note = consent_fields(
        _("the image shows identifiable people")
    )

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        constraints = [
            *Publishable.Meta.constraints,
            slug_format("newsitem"),
            # Law 09-08: never public with a photo of people who have not consented.
            models.CheckConstraint(
                condition=Q(is_published=False)
                | Q(image_shows_identifiable_people=False)
                | Q(image_consent_recorded_on__isnull=False),
                name="newsitem_published_image_has_consent",
                violation_error_message=AWAITING_CONSENT,
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        consent = self.image_consent_recorded_on
        if consent and consent > timezone.localdate():
            raise ValidationError(
                {"image_consent_recorded_on": _("The date of consent is in the future.")}
            )

    def get_absolute_url(self):
        return slug_address("activities:news-item", self.slug)
