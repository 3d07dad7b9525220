"""Coordinates: one rule for every model that stores a point."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float


# Any point on Earth.
WORLD = BoundingBox(south=-90, west=-180, north=90, east=180)

# A generous box around the cercle of Azemmour, from south of El Jadida to Bir Jdid and
# Sidi Rahal in the north-east. It is a guard against typing errors (a swapped sign, a
# point in another province), not the district's boundary, which the portal does not have.
DISTRICT = BoundingBox(south=32.95, west=-8.75, north=33.60, east=-7.85)


def latitude_field():
    """An optional latitude in decimal degrees (WGS 84)."""
    return models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, north positive, e.g. 33.287800."),
    )


def longitude_field():
    """An optional longitude in decimal degrees (WGS 84)."""
    return models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Decimal degrees, east positive: the district lies west, e.g. -8.342200."),
    )


def coordinate_constraints(prefix: str, box: BoundingBox, where: str):
    """Both coordinates or neither, and the point inside the box."""
    both_or_neither = models.Q(latitude__isnull=True, longitude__isnull=True) | models.Q(
        latitude__isnull=False, longitude__isnull=False
    )
    inside = models.Q(latitude__isnull=True) | models.Q(
        latitude__gte=box.south,
        latitude__lte=box.north,
        longitude__gte=box.west,
        longitude__lte=box.east,
    )
    return [
        models.CheckConstraint(
            condition=both_or_neither,
            name=f"{prefix}_coordinates_both_or_neither",
            violation_error_message=_("Give both the latitude and the longitude, or neither."),
        ),
        models.CheckConstraint(
            condition=inside,
            name=f"{prefix}_coordinates_{where}",
            violation_error_message=(
                _(
                    "This point lies outside the Azemmour district. Check the latitude and "
                    "the longitude (the longitude of the district is negative)."
                )
                if box is DISTRICT
                else _(
                    "The latitude must lie between -90 and 90 and the longitude between "
                    "-180 and 180."
                )
            ),
        ),
    ]
