from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from azemmour_portal.constraints import ChecksInOneQuery


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: every page, feed, count and search starts here."""
        return self.filter(is_published=True)

    def in_commune(self, commune):
        return self.filter(communes=commune)


class Publishable(ChecksInOneQuery, models.Model):
    """A record the bureau publishes when it is ready: a flag and the date it was set.

    One clearly named flag, as on initiatives, so that a later publishing workflow can
    replace it the same way everywhere.
    """

    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Filled in when the record is first published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="%(class)s_published_has_date",
                violation_error_message=_("A published record needs a publication date."),
            ),
            models.CheckConstraint(
                condition=~Q(title="") & ~Q(slug=""),
                name="%(class)s_title_and_slug_not_empty",
                violation_error_message=_("A title and a slug are required."),
            ),
        ]

    def clean(self):
        super().clean()
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        # The date a record became public, which pages show: never a date to come (pages
        # are cached until the data change, so a date to come could not be waited for).
        if self.published_at and self.published_at > timezone.now():
            raise ValidationError({"published_at": _("The publication date is in the future.")})
