"""Dates: one rule for every model that records when something happened."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Older dates are typing errors: the portal records the district's work since independence.
EARLIEST = datetime.date(1956, 1, 1)


def plausible_date(
    field: str, model: str, *, optional: bool = False, moment: bool = False
) -> models.CheckConstraint:
    """The CHECK constraint `<model>_<field>_plausible`: the date (or, for a `moment`, the
    date and time) is not before EARLIEST, or is empty for an `optional` field."""
    earliest = (
        datetime.datetime.combine(EARLIEST, datetime.time.min, tzinfo=datetime.UTC)
        if moment
        else EARLIEST
    )
    condition = Q(**{f"{field}__gte": earliest})
    if optional:
        condition = Q(**{f"{field}__isnull": True}) | condition
    return models.CheckConstraint(
        condition=condition,
        name=f"{model}_{field}_plausible",
        violation_error_message=_("This date is implausibly old."),
    )
