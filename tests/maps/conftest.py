"""What the map tests share: located initiatives, and an outline around part of Azemmour."""

from decimal import Decimal

import pytest

# A square around the town of Azemmour (not a real boundary: test data only).
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-8.40, 33.25], [-8.30, 33.25], [-8.30, 33.32], [-8.40, 33.32], [-8.40, 33.25]]
    ],
}
INSIDE = (Decimal("33.287800"), Decimal("-8.342200"))
OUTSIDE = (Decimal("33.150000"), Decimal("-8.550000"))  # in the district, off the square


@pytest.fixture
def located(make_initiative):
    """A published initiative at a point, in the given communes."""

    def make(latitude="33.287800", longitude="-8.342200", **overrides):
        values = {"is_published": True} | overrides
        return make_initiative(latitude=Decimal(latitude), longitude=Decimal(longitude), **values)

    return make
