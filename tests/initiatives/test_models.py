"""What the public and the donors' open data see of an initiative's state."""

import datetime
from decimal import Decimal

import pytest

from initiatives.models import Initiative, Update

TODAY = datetime.date(2025, 6, 15)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "status, code",
    [
        ("proposed", 1),
        ("planned", 1),
        ("in_progress", 2),
        ("stalled", 6),
        ("completed", 3),
        ("cancelled", 5),
    ],
)
def test_each_status_maps_to_its_iati_activity_status(make_initiative, status, code):
    assert make_initiative(status=status).iati_status_code() == code


def test_every_status_has_an_iati_code():
    assert set(Initiative.IATI_STATUS) == set(Initiative.Status)


@pytest.mark.parametrize(
    "status, planned_end_date, late",
    [
        ("in_progress", YESTERDAY, True),
        ("stalled", YESTERDAY, True),
        ("planned", YESTERDAY, True),
        ("in_progress", TODAY, False),
        ("in_progress", None, False),
        ("completed", YESTERDAY, False),
        ("cancelled", YESTERDAY, False),
    ],
    ids=[
        "in-progress-past-end",
        "stalled-past-end",
        "planned-past-end",
        "ends-today",
        "no-end-date",
        "completed",
        "cancelled",
    ],
)
def test_an_initiative_is_late_only_past_its_end_and_still_open(
    make_initiative, status, planned_end_date, late
):
    initiative = make_initiative(status=status, planned_end_date=planned_end_date)

    assert initiative.is_late(today=TODAY) is late
    assert Initiative.objects.late(today=TODAY).filter(pk=initiative.pk).exists() is late


@pytest.mark.parametrize(
    "precision, planned_end_date, today, late",
    [
        # "By 2027": not late during 2027, late from its first day after.
        ("year", datetime.date(2027, 1, 1), datetime.date(2027, 1, 2), False),
        ("year", datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), False),
        ("year", datetime.date(2027, 1, 1), datetime.date(2028, 1, 1), True),
        # "In October 2025": late from 1 November.
        ("month", datetime.date(2025, 10, 1), datetime.date(2025, 10, 31), False),
        ("month", datetime.date(2025, 10, 1), datetime.date(2025, 11, 1), True),
        ("month", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), False),
        ("day", datetime.date(2025, 10, 1), datetime.date(2025, 10, 2), True),
    ],
)
def test_an_end_known_to_the_month_or_year_is_late_only_once_that_period_is_over(
    make_initiative, precision, planned_end_date, today, late
):
    initiative = make_initiative(
        status="in_progress", planned_end_date=planned_end_date, planned_end_precision=precision
    )

    assert initiative.is_late(today=today) is late
    assert Initiative.objects.late(today=today).filter(pk=initiative.pk).exists() is late


def test_late_initiatives_chain_with_what_the_public_may_see(make_initiative, make_commune):
    commune = make_commune()
    shown = make_initiative(
        status="in_progress", planned_end_date=YESTERDAY, is_published=True, communes=[commune]
    )
    make_initiative(status="in_progress", planned_end_date=YESTERDAY, communes=[commune])
    make_initiative(status="in_progress", planned_end_date=YESTERDAY, is_published=True)

    late_here = Initiative.objects.published().in_commune(commune).late(today=TODAY)

    assert list(late_here) == [shown]


@pytest.mark.parametrize(
    "planned, spent, overspent",
    [
        ("1000.00", "1000.01", True),
        ("1000.00", "1000.00", False),
        ("1000.00", "10.00", False),
        (None, "10.00", False),
        ("1000.00", None, False),
    ],
    ids=["over", "exactly", "under", "no-plan", "nothing-spent"],
)
def test_an_initiative_is_overspent_only_when_it_spent_more_than_planned(
    make_initiative, planned, spent, overspent
):
    initiative = make_initiative(
        planned_budget=None if planned is None else Decimal(planned),
        spent_amount=None if spent is None else Decimal(spent),
    )

    assert initiative.overspent is overspent


def test_the_public_sees_only_published_initiatives(make_initiative):
    published = make_initiative(is_published=True)
    make_initiative(is_published=False)

    assert list(Initiative.objects.published()) == [published]


def test_the_public_sees_no_update_of_an_unpublished_initiative(make_initiative, make_update):
    shown = make_update(initiative=make_initiative(is_published=True), is_published=True)
    make_update(initiative=make_initiative(is_published=True), is_published=False)
    make_update(initiative=make_initiative(is_published=False), is_published=True)

    assert list(Update.objects.published()) == [shown]
