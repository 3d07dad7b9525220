"""Dates: one rule for every model that records when something happened."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Older dates are typing errors: the portal records the district's work since independence.
EARLIEST = datetime.date(1956, 1, 1)


def plausible_date(field: str, model: str, *, optional: bool = False) -> models.CheckConstraint:
    """The CHECK constraint `<model>_<field>_plausible`: the date is not before EARLIEST
    (or is empty, for an `optional` field)."""
    condition = Q(**{f"{field}__gte": EARLIEST})
    if optional:
        condition = Q(**{f"{field}__isnull": True}) | condition
    return models.CheckConstraint(
        condition=condition,
        name=f"{model}_{field}_plausible",
        violation_error_message=_("This date is implausibly old."),
    )
