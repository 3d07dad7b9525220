"""The database itself refuses a commune or census figure that breaks a rule."""

from decimal import Decimal

import pytest

from communes.models import CensusFigure, Commune
from tests.helpers import refused_by_database


def test_two_communes_cannot_share_an_hcp_code(make_commune):
    make_commune(hcp_code="181.01.01")

    with refused_by_database():
        make_commune(hcp_code="181.01.01")


def test_several_communes_may_have_no_hcp_code_yet(make_commune):
    make_commune(hcp_code="")
    make_commune(hcp_code="")

    assert Commune.objects.filter(hcp_code="").count() == 2


@pytest.mark.parametrize("area", ["0", "-12.50"])
def test_database_refuses_a_commune_area_that_is_not_positive(make_commune, area):
    commune = make_commune(area_km2=Decimal("25.40"))

    with refused_by_database(check="commune_area_positive"):
        Commune.objects.filter(pk=commune.pk).update(area_km2=Decimal(area))


def test_a_commune_without_a_known_area_is_accepted(make_commune):
    commune = make_commune(area_km2=None)

    assert Commune.objects.get(pk=commune.pk).area_km2 is None


def test_database_refuses_a_commune_with_no_name_in_any_language(db):
    with refused_by_database(check="commune_name_not_empty"):
        Commune(slug="sans-nom", kind=Commune.Kind.RURAL).save()


@pytest.mark.parametrize(
    "latitude, longitude, rule",
    [
        ("33.287800", None, "commune_coordinates_both_or_neither"),
        (None, "-8.342200", "commune_coordinates_both_or_neither"),
        ("90.500000", "-8.342200", "commune_coordinates_on_earth"),
        ("-90.500000", "-8.342200", "commune_coordinates_on_earth"),
        ("33.287800", "180.500000", "commune_coordinates_on_earth"),
        ("33.287800", "-180.500000", "commune_coordinates_on_earth"),
    ],
    ids=["latitude-alone", "longitude-alone", "north-of-pole", "south-of-pole", "east", "west"],
)
def test_database_refuses_commune_coordinates_that_are_incomplete_or_off_earth(
    make_commune, latitude, longitude, rule
):
    commune = make_commune()
    point = {
        "latitude": None if latitude is None else Decimal(latitude),
        "longitude": None if longitude is None else Decimal(longitude),
    }

    with refused_by_database(check=rule):
        Commune.objects.filter(pk=commune.pk).update(**point)


def test_a_commune_with_both_coordinates_is_accepted(make_commune):
    commune = make_commune(latitude=Decimal("33.287800"), longitude=Decimal("-8.342200"))

    assert Commune.objects.get(pk=commune.pk).has_location


def test_a_commune_has_one_census_figure_per_year(make_census):
    figure = make_census(year=2014)

    with refused_by_database():
        make_census(commune=figure.commune, year=2014)


def test_the_same_census_year_is_accepted_for_another_commune_or_another_year(make_census):
    figure = make_census(year=2014)
    make_census(year=2014)
    make_census(commune=figure.commune, year=2004)

    assert CensusFigure.objects.count() == 3


@pytest.mark.parametrize(
    "changes, rule",
    [
        ({"year": 1899}, "census_year_plausible"),
        ({"year": 2101}, "census_year_plausible"),
        ({"population": 0}, "census_population_positive"),
        ({"households": 0}, "census_households_positive"),
        ({"source": ""}, "census_source_required"),
    ],
    ids=["year-too-old", "year-too-far", "no-population", "no-households", "no-source"],
)
def test_database_refuses_an_implausible_or_unsourced_census_figure(make_census, changes, rule):
    figure = make_census()

    with refused_by_database(check=rule):
        CensusFigure.objects.filter(pk=figure.pk).update(**changes)


@pytest.mark.parametrize("year", [1900, 2100])
def test_census_years_at_the_edges_of_the_plausible_range_are_accepted(make_census, year):
    figure = make_census(year=year, households=None)

    assert CensusFigure.objects.get(pk=figure.pk).year == year
