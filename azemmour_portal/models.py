from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataStamp(models.Model):
    """One row: when the public data last changed (azemmour_portal/cache.py), for app
    servers that share no cache. Written with plain SQL, in the changing transaction."""

    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="data_stamp_single_row",
                violation_error_message=_("The portal has a single data stamp."),
            )
        ]

    def __str__(self):
        return str(self.value)


class RateCount(models.Model):
    """A rate limit's count of hits of one key in one window (azemmour_portal/ratelimit.py),
    for app servers that share no cache: every process of every server counts here."""

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField()
    # When the window ends: a counter past it is never read again and is deleted.
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="rate_count_positive",
                violation_error_message=_("A rate limit counts at least one hit."),
            )
        ]

    def __str__(self):
        return f"{self.key}: {self.count}"
