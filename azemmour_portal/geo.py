"""Coordinates: one rule for every model that stores a point, and communes' outlines."""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
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


# Morocco, the southern provinces included, with a margin: a commune's outline must lie
# inside it. Like DISTRICT, a guard against swapped coordinates, not a border.
MOROCCO = BoundingBox(south=20.7, west=-17.2, north=35.95, east=-0.95)

# An outline is drawn by every visitor's phone that opens the map: a heavier file is
# needlessly precise (simplify it, e.g. with mapshaper, before uploading).
BOUNDARY_MAX_BYTES = 1024 * 1024
OUTLINE_TYPES = ("Polygon", "MultiPolygon")
OUTLINE_TOO_LARGE = _(
    "The outline weighs more than 1 MB. Simplify it (fewer points) and try again."
)


def contains(box: BoundingBox, latitude: float, longitude: float) -> bool:
    return box.south <= latitude <= box.north and box.west <= longitude <= box.east


def _in_ring(latitude: float, longitude: float, ring) -> bool:
    """Ray casting: a ray drawn east from the point crosses the ring an odd number of times
    when the point lies inside. Positions are [longitude, latitude], as in GeoJSON."""
    inside = False
    for (x1, y1, *_rest1), (x2, y2, *_rest2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > latitude) != (y2 > latitude):
            crossing = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < crossing:
                inside = not inside
    return inside


def within_outline(latitude: float, longitude: float, geometry: dict) -> bool:
    """Whether the point lies inside a GeoJSON Polygon or MultiPolygon (not in a hole)."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for outer, *holes in polygons:
        if _in_ring(latitude, longitude, outer) and not any(
            _in_ring(latitude, longitude, hole) for hole in holes
        ):
            return True
    return False


def outline_geometry(data):
    """The geometry of an uploaded outline: a Feature, or a FeatureCollection of exactly one
    Feature, is unwrapped to its geometry; anything else is returned as it is."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if isinstance(features, list) and len(features) == 1:
            data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    return data


def _positions(geometry: dict):
    """Every position of a Polygon or MultiPolygon; a ValueError when the nesting is wrong."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    if not isinstance(polygons, list) or not polygons:
        raise ValueError
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError
        for ring in polygon:
            # A closed ring: at least four positions, the last one the first one again.
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                raise ValueError
            for position in ring:
                if (
                    not isinstance(position, list)
                    or len(position) < 2
                    or not all(
                        isinstance(n, int | float) and not isinstance(n, bool) for n in position
                    )
                ):
                    raise ValueError
                yield position


def validate_outline(geometry) -> None:
    """A commune's outline: a GeoJSON Polygon or MultiPolygon inside Morocco, at most
    BOUNDARY_MAX_BYTES once written out."""
    if geometry is None:
        return
    try:
        size = len(json.dumps(geometry, cls=DjangoJSONEncoder).encode())
    except (TypeError, ValueError):
        size = BOUNDARY_MAX_BYTES + 1
    if size > BOUNDARY_MAX_BYTES:
        raise ValidationError(OUTLINE_TOO_LARGE, code="too_large")
    if not isinstance(geometry, dict) or geometry.get("type") not in OUTLINE_TYPES:
        raise ValidationError(
            _(
                "The outline must be a GeoJSON Polygon or MultiPolygon (or a Feature holding "
                "one). Lines, points and collections of several shapes are not accepted."
            ),
            code="wrong_type",
        )
    try:
        positions = list(_positions(geometry))
    except (KeyError, TypeError, ValueError):
        raise ValidationError(
            _(
                "The outline's coordinates are not a valid GeoJSON polygon: each ring must "
                "be a closed list of [longitude, latitude] pairs."
            ),
            code="invalid_coordinates",
        ) from None
    if not all(contains(MOROCCO, position[1], position[0]) for position in positions):
        raise ValidationError(
            _(
                "The outline has points outside Morocco. GeoJSON gives the longitude first, "
                "then the latitude: check that they are not swapped."
            ),
            code="outside_morocco",
        )
