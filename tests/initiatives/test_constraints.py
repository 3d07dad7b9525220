"""The database itself refuses an initiative, funding or update that breaks a rule."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives.models import Funding, Initiative, Update
from tests.helpers import refused_by_database

MAY_1 = datetime.date(2025, 5, 1)
APRIL_30 = datetime.date(2025, 4, 30)


@pytest.mark.parametrize(
    "changes, rule",
    [
        ({"status": "in_progress", "progress": 101}, "initiative_progress_0_100"),
        ({"planned_budget": Decimal("-1.00")}, "initiative_planned_budget_not_negative"),
        ({"spent_amount": Decimal("-0.01")}, "initiative_spent_not_negative"),
        (
            {"start_date": MAY_1, "planned_end_date": APRIL_30},
            "initiative_planned_end_after_start",
        ),
        (
            {"status": "completed", "start_date": MAY_1, "actual_end_date": APRIL_30},
            "initiative_actual_end_after_start",
        ),
        (
            {"status": "in_progress", "actual_end_date": MAY_1},
            "initiative_actual_end_only_when_completed",
        ),
        ({"state": "published", "published_at": None}, "initiative_published_has_date"),
        ({"slug": "route 2"}, "initiative_slug_format"),
        ({"latitude": Decimal("33.280000")}, "initiative_coordinates_both_or_neither"),
        ({"longitude": Decimal("-8.340000")}, "initiative_coordinates_both_or_neither"),
        (
            {"latitude": Decimal("35.000000"), "longitude": Decimal("-8.340000")},
            "initiative_coordinates_in_district",
        ),
        (
            {"latitude": Decimal("33.280000"), "longitude": Decimal("8.340000")},
            "initiative_coordinates_in_district",
        ),
        ({"status": "completed", "progress": 40}, "initiative_completed_at_100"),
        ({"status": "proposed", "progress": 90}, "initiative_not_started_at_0"),
        ({"status": "planned", "progress": 10}, "initiative_not_started_at_0"),
        ({"start_date": datetime.date(1900, 1, 1)}, "initiative_start_date_plausible"),
        ({"status_as_of": datetime.date(1955, 12, 31)}, "initiative_status_as_of_plausible"),
    ],
    ids=[
        "progress-over-100",
        "negative-planned-budget",
        "negative-spent",
        "planned-end-before-start",
        "actual-end-before-start",
        "actual-end-while-in-progress",
        "published-without-date",
        "slug-with-a-space",
        "latitude-alone",
        "longitude-alone",
        "north-of-the-district",
        "longitude-sign-swapped",
        "completed-at-40",
        "proposed-at-90",
        "planned-at-10",
        "started-in-1900",
        "status-before-independence",
    ],
)
def test_database_refuses_an_initiative_that_breaks_a_rule(make_initiative, changes, rule):
    initiative = make_initiative()

    with refused_by_database(check=rule):
        Initiative.objects.filter(pk=initiative.pk).update(**changes)


def test_database_refuses_an_initiative_with_an_empty_slug(make_initiative):
    initiative = make_initiative()

    # Two rules refuse it (a slug's format, a title and a slug); which one a database names
    # first differs between SQLite and PostgreSQL.
    with refused_by_database():
        Initiative.objects.filter(pk=initiative.pk).update(slug="")


def test_database_refuses_an_initiative_with_no_title_in_any_language(make_sector):
    initiative = Initiative(slug="sans-titre", summary_ar="ملخص", sector=make_sector())

    with refused_by_database(check="initiative_title_and_slug_not_empty"):
        initiative.save()


def test_an_initiative_cannot_be_its_own_parent_programme(make_initiative):
    initiative = make_initiative()

    with refused_by_database(check="initiative_not_its_own_parent"):
        Initiative.objects.filter(pk=initiative.pk).update(parent=initiative)


def test_an_initiative_may_belong_to_another_programme(make_initiative):
    programme = make_initiative()
    initiative = make_initiative(parent=programme)

    assert list(programme.children.all()) == [initiative]


def test_a_point_in_azemmour_is_accepted(make_initiative):
    initiative = make_initiative(latitude=Decimal("33.280000"), longitude=Decimal("-8.340000"))

    saved = Initiative.objects.get(pk=initiative.pk)
    assert (saved.latitude, saved.longitude) == (Decimal("33.280000"), Decimal("-8.340000"))


@pytest.mark.parametrize(
    "status, progress",
    [
        ("proposed", None),
        ("planned", 0),
        ("in_progress", 0),
        ("in_progress", 100),
        ("stalled", 35),
        ("cancelled", 20),
        ("completed", 100),
        ("completed", None),
    ],
)
def test_a_status_and_a_progress_that_agree_are_accepted(make_initiative, status, progress):
    initiative = make_initiative(status=status, progress=progress)

    assert Initiative.objects.get(pk=initiative.pk).progress == progress


@pytest.mark.parametrize("progress", [0, 100])
def test_progress_at_zero_and_one_hundred_percent_is_accepted(make_initiative, progress):
    initiative = make_initiative(progress=progress)

    assert Initiative.objects.get(pk=initiative.pk).progress == progress


def test_spending_more_than_planned_is_recorded_not_refused(make_initiative):
    initiative = make_initiative(
        planned_budget=Decimal("1000000.00"), spent_amount=Decimal("1250000.00")
    )

    assert Initiative.objects.get(pk=initiative.pk).overspent


def test_a_completed_initiative_keeps_its_actual_end_date(make_initiative):
    initiative = make_initiative(
        status=Initiative.Status.COMPLETED,
        start_date=APRIL_30,
        planned_end_date=APRIL_30,
        actual_end_date=MAY_1,
    )

    assert Initiative.objects.get(pk=initiative.pk).actual_end_date == MAY_1


def test_a_partner_has_one_funding_line_per_initiative(make_funding):
    funding = make_funding()

    with refused_by_database():
        make_funding(initiative=funding.initiative, partner=funding.partner)


def test_a_partner_may_fund_several_initiatives_and_share_one_with_others(
    make_funding, make_partner
):
    funding = make_funding()
    make_funding(partner=funding.partner)
    make_funding(initiative=funding.initiative, partner=make_partner())

    assert Funding.objects.count() == 3


@pytest.mark.parametrize("amount", ["0", "-500.00"])
def test_database_refuses_a_funding_amount_that_is_not_positive(make_funding, amount):
    funding = make_funding()

    with refused_by_database(check="funding_amount_positive"):
        Funding.objects.filter(pk=funding.pk).update(amount=Decimal(amount))


@pytest.mark.parametrize(
    "changes, rule",
    [
        ({"progress_observed": 101}, "update_progress_0_100"),
        ({"source": "web", "source_url": ""}, "update_web_source_has_url"),
        ({"state": "published", "published_at": None}, "update_published_has_date"),
        ({"observed_on": datetime.date(1955, 12, 31)}, "update_observed_plausible"),
    ],
    ids=["progress-over-100", "web-without-address", "published-without-date", "too-old"],
)
def test_database_refuses_an_update_that_breaks_a_rule(make_update, changes, rule):
    update = make_update()

    with refused_by_database(check=rule):
        Update.objects.filter(pk=update.pk).update(**changes)


def test_a_web_update_with_its_address_and_a_published_update_with_its_date_are_accepted(
    make_update,
):
    update = make_update(
        source=Update.Source.WEB,
        source_url="https://www.azemmour.ma/deliberations",
        is_published=True,
        published_at=timezone.now(),
        progress_observed=100,
    )

    assert Update.objects.get(pk=update.pk).source_url.endswith("deliberations")
