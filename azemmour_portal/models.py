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
