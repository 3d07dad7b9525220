"""load_district gives a new portal the district's founding facts, and is safe to run again."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from azemmour_portal.management.commands.load_district import DATA_FILE
from communes.models import CensusFigure, Commune
from governance.models import Assembly, Body, Goal, Membership, Person, Principle


def load_district(*args) -> str:
    out = StringIO()
    call_command("load_district", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def district():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def test_the_district_has_one_urban_and_four_rural_communes_with_arabic_and_french_names(db):
    load_district()

    assert Commune.objects.count() == 5
    assert Commune.objects.filter(kind="urban").count() == 1
    assert Commune.objects.filter(kind="rural").count() == 4
    names = dict(Commune.objects.values_list("name_ar", "name_fr"))
    assert names["أزمور"] == "Azemmour"
    assert set(names) == {"أزمور", "سيدي علي بن حمدوش", "هشتوكة", "أولاد رحمون", "الحوزية"}
    assert all(names.values())


def test_every_commune_gets_census_figures_with_their_source(db):
    load_district()

    for commune in Commune.objects.all():
        assert commune.census_figures.exists()
    assert CensusFigure.objects.filter(source="").count() == 0
    assert CensusFigure.objects.get(commune__slug="azemmour", year=2014).population == 40920


def test_no_rural_commune_is_given_coordinates_the_data_does_not_have(db):
    load_district()

    rural = Commune.objects.filter(kind="rural")
    assert rural.count() == 4
    assert set(rural.values_list("latitude", "longitude")) == {(None, None)}
    assert Commune.objects.get(kind="urban").has_location


def test_the_foundation_gets_its_bodies_bureau_charter_and_constitutive_assembly(db, district):
    load_district()

    assert Body.objects.count() == 3
    bureau = Membership.objects.filter(body__slug="executive-bureau", end_date=None)
    assert sorted(bureau.values_list("role", flat=True)) == sorted(
        ["president", "secretary_general", "treasurer", "advisor", "advisor"]
    )
    expected = {(item["full_name_ar"], item["role"]) for item in district["bureau"]}
    assert set(bureau.values_list("person__full_name_ar", "role")) == expected
    assert Principle.objects.count() == 9
    assert Goal.objects.count() == 6
    constitutive = Assembly.objects.get(kind="constitutive")
    assert Assembly.objects.count() == 1
    assert set(constitutive.elections.all()) == set(bureau)


def test_a_second_run_adds_nothing_and_says_so(db):
    load_district()
    counts = [model.objects.count() for model in (Commune, CensusFigure, Person, Membership)]

    output = load_district()

    assert "nothing to do" in output
    assert [m.objects.count() for m in (Commune, CensusFigure, Person, Membership)] == counts


def test_a_correction_made_in_the_admin_survives_the_next_run(db):
    load_district()
    commune = Commune.objects.get(slug="azemmour")
    commune.description_fr = "Description corrigée par le bureau."
    commune.save()

    load_district()

    commune.refresh_from_db()
    assert commune.description_fr == "Description corrigée par le bureau."


def test_a_bureau_change_recorded_in_the_admin_is_not_undone_by_the_next_run(db, make_person):
    load_district()
    founding = Membership.objects.get(body__slug="executive-bureau", role="president")
    founding.end_date = "2025-06-30"
    founding.save()
    Membership.objects.create(person=make_person(), body=founding.body, role="president")

    output = load_district()

    assert "nothing to do" in output
    assert Membership.objects.filter(body=founding.body, role="president").count() == 2


def test_a_dry_run_says_what_it_would_add_and_adds_nothing(db):
    output = load_district("--dry-run")

    assert "would add" in output
    assert not Commune.objects.exists()
    assert not Person.objects.exists()
