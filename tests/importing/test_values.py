"""Cells read the way volunteers write them, and refused when they cannot be read safely."""

import datetime
from decimal import Decimal

import pytest

from initiatives.importing import values


@pytest.mark.parametrize(
    "text, amount",
    [
        ("1250000", Decimal("1250000")),
        ("1.250.000", Decimal("1250000")),
        ("1 250 000", Decimal("1250000")),
        ("1\u00a0250\u00a0000", Decimal("1250000")),
        ("1\u202f250\u202f000 DH", Decimal("1250000")),
        ("1,250,000", Decimal("1250000")),
        ("1250000.50", Decimal("1250000.50")),
        ("1250000,5", Decimal("1250000.5")),
        ("1.250.000,50", Decimal("1250000.50")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("1.250", Decimal("1250")),
        ("١٬٢٥٠٬٠٠٠", Decimal("1250000")),
        ("١٢٥٠٠٠٠٫٥٠", Decimal("1250000.50")),
        ("٢٥٠.٠٠٠ درهم", Decimal("250000")),
        ("MAD 300.000", Decimal("300000")),
        ("-5", Decimal("-5")),
    ],
)
def test_amounts_are_read_as_moroccans_write_them(text, amount):
    assert values.amount(text) == amount


@pytest.mark.parametrize(
    "text",
    ["abc", "12 مليون سنتيم", "1.25.000", "1,2,3", "1250000.505", "1.250.000,505", "1.", "", "5%"],
)
def test_an_amount_that_could_be_misread_is_refused(text):
    with pytest.raises(ValueError):
        values.amount(text)


@pytest.mark.parametrize(
    "text, percent",
    [("45", 45), ("45%", 45), ("45 %", 45), ("٤٥٪", 45), ("45,5%", 46), ("100", 100)],
)
def test_progress_is_read_with_or_without_a_percent_sign(text, percent):
    assert values.percentage(text) == percent


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("2024-03-15", datetime.date(2024, 3, 15), "day"),
        ("15/03/2024", datetime.date(2024, 3, 15), "day"),
        ("15-03-2024", datetime.date(2024, 3, 15), "day"),
        ("١٥/٠٣/٢٠٢٤", datetime.date(2024, 3, 15), "day"),
        ("2024-03-15 00:00:00", datetime.date(2024, 3, 15), "day"),
        ("03/2024", datetime.date(2024, 3, 1), "month"),
        ("2024-03", datetime.date(2024, 3, 1), "month"),
        ("2024", datetime.date(2024, 1, 1), "year"),
    ],
)
def test_dates_keep_how_precise_they_are(text, date, precision):
    assert values.partial_date(text) == (date, precision)


@pytest.mark.parametrize("text", ["31/02/2024", "03/15/2024", "15 mars 2024", "24"])
def test_a_date_that_is_not_day_month_year_is_refused(text):
    with pytest.raises(ValueError):
        values.partial_date(text)


def test_commune_lists_take_every_separator_volunteers_use():
    assert values.names("أزمور، الحوزية; Haouzia,Azemmour ;") == [
        "أزمور",
        "الحوزية",
        "Haouzia",
        "Azemmour",
    ]


def test_funding_lines_keep_commas_inside_amounts():
    assert values.funding_lines("INDH: 1,250,000, ONEE: 500 000؛ الجماعة") == [
        ("INDH", "1,250,000"),
        ("ONEE", "500 000"),
        ("الجماعة", ""),
    ]


def test_cells_lose_invisible_marks_and_eastern_digits():
    assert values.clean("\u200fطريق ٣ كلم\u200e ") == "طريق 3 كلم"


def test_a_nul_character_is_dropped_from_a_cell():
    # No form accepts it, and PostgreSQL cannot store it.
    assert values.clean("عنو\x00ان") == "عنوان"
