"""Where each published fact comes from.

A source is a publication (an article, a communiqué, a council deliberation, a census
table) that backs initiatives, funding lines, monitoring updates and census figures. One
source may back many facts, so it is entered once and reused.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from azemmour_portal.cited import KeptWhileCited, KeptWhileCitedQuerySet
from azemmour_portal.constraints import ChecksInOneQuery, one_of, web_address

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)

QUOTATION_MAX_LENGTH = 300


class DatePrecision(models.TextChoices):
    """How much of a stored date is known: sources often give only a month or a year."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def precision_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )


class SourceLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    OTHER = "other", _("other")


class Source(KeptWhileCited, ChecksInOneQuery, models.Model):
    Language = SourceLanguage

    publication = models.CharField(
        _("publication"), max_length=200, help_text=_("E.g. the newspaper or the institution.")
    )
    url = models.URLField(_("address"), max_length=1000, blank=True)
    published_on = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the date is unknown."),
    )
    published_on_precision = precision_field(_("precision of the publication date"))
    date_note = models.CharField(
        _("note on the date"),
        max_length=200,
        blank=True,
        help_text=_("What the source says of its date when it is not a clean date."),
    )
    consulted_on = models.DateField(_("date consulted"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language)
    quotation = models.TextField(
        _("quotation"),
        blank=True,
        max_length=QUOTATION_MAX_LENGTH,
        help_text=_("Optional short quotation in the original language (300 characters at most)."),
    )
    # Filled by the link checker (manage.py check_sources).
    last_checked_at = models.DateTimeField(_("link last checked"), null=True, editable=False)
    link_ok = models.BooleanField(_("link answers"), null=True, editable=False)
    link_status = models.PositiveSmallIntegerField(_("link status code"), null=True, editable=False)

    objects = KeptWhileCitedQuerySet.as_manager()

    class Meta:
        ordering = ["publication", "-published_on"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this address exists already: reuse it."),
            ),
            models.CheckConstraint(
                condition=~Q(publication=""),
                name="source_publication_required",
                violation_error_message=_("Name the publication."),
            ),
            models.CheckConstraint(
                condition=Q(quotation__length__lte=QUOTATION_MAX_LENGTH),
                name="source_quotation_short",
                violation_error_message=_("A quotation has 300 characters at most."),
            ),
            web_address("url", "source"),
            one_of("language", SourceLanguage, "source"),
            one_of("published_on_precision", DatePrecision, "source"),
        ]

    def __str__(self):
        if self.published_on:
            return f"{self.publication}, {self.published_on:%Y-%m-%d}"
        return self.publication

    def is_older_than(self, days: int, today: datetime.date) -> bool:
        return self.published_on is not None and (today - self.published_on).days > days
