"""Dates, amounts and digits as people write them in Morocco, in each language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.public.pages import Page, page_url

EASTERN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture
def dated(make_initiative):
    return make_initiative(
        start_date=datetime.date(2023, 8, 15),
        planned_end_date=datetime.date(2024, 5, 20),
        planned_budget=Decimal("1250000.00"),
        is_published=True,
    )


def test_arabic_dates_use_the_moroccan_month_names(client, dated):
    html = client.get(f"/ar/initiatives/{dated.slug}/").content.decode()

    assert "15 غشت 2023" in html
    assert "20 ماي 2024" in html
    assert "أغسطس" not in html
    assert "مايو" not in html


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ar", "1.250.000 درهم"),
        ("fr", "1\xa0250\xa0000\xa0DH"),
        ("en", "MAD\xa01,250,000"),
    ],
)
@pytest.mark.parametrize("value", [1250000, Decimal("1250000.00"), "1250000"])
def test_amounts_are_written_as_each_language_writes_dirhams(language, expected, value):
    with translation.override(language):
        rendered = Template("{% load portal %}{{ v|mad }}").render(Context({"v": value}))

    assert rendered == expected


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_unknown_amount_is_left_blank(language):
    with translation.override(language):
        rendered = Template("{% load portal %}[{{ v|mad }}]").render(Context({"v": None}))

    assert rendered == "[]"


@pytest.mark.parametrize(
    "language, expected",
    [("ar", "1.250.000 درهم"), ("fr", "1\xa0250\xa0000\xa0DH"), ("en", "MAD\xa01,250,000")],
)
def test_initiative_page_shows_its_budget_in_the_languages_format(
    client, dated, language, expected
):
    page = Page(client.get(f"/{language}/initiatives/{dated.slug}/"))

    assert expected in [bdi.text for bdi in page.all("bdi")]


@pytest.mark.parametrize(
    "kind", ["home", "initiatives", "initiative", "communes", "commune", "foundation"]
)
def test_arabic_pages_use_western_digits_only(client, portal, kind):
    portal.grow(3)
    slug = {"initiative": portal.flagship.slug, "commune": portal.communes[0].slug}
    html = client.get(page_url(kind, "ar", slug=slug.get(kind, ""))).content.decode()

    assert re.search(r"\d", html)
    assert not EASTERN_DIGITS.search(html)


@pytest.mark.parametrize(
    "language, expected", [("ar", "0,4 km²"), ("fr", "0,4 km²"), ("en", "0.4 km²")]
)
def test_a_small_commune_area_keeps_its_decimals(client, make_commune, language, expected):
    commune = make_commune(area_km2=Decimal("0.40"))

    html = client.get(f"/{language}/communes/{commune.slug}/").content.decode()

    assert f"<bdi>{expected}</bdi>" in html


@pytest.mark.parametrize(
    "value, expected",
    [(Decimal("0.4"), "0,4\xa0%"), (Decimal("99.6"), "99,6\xa0%"), (Decimal("50.4"), "50\xa0%")],
)
def test_a_share_that_is_neither_none_nor_all_never_reads_0_or_100_percent(value, expected):
    with translation.override("fr"):
        rendered = Template("{% load portal %}{{ value|percent }}").render(
            Context({"value": value})
        )
    assert rendered == expected


@pytest.mark.parametrize(
    "language, whole, measured",
    [
        ("ar", "1.234.568", "1.234.567,89"),
        ("fr", "1\xa0234\xa0568", "1\xa0234\xa0567,89"),
        ("en", "1,234,568", "1,234,567.89"),
    ],
)
def test_numbers_are_grouped_and_rounded_as_each_language_writes_them(language, whole, measured):
    template = Template("{% load portal %}{{ v|number }}|{{ v|measure }}|{{ small|number }}")
    with translation.override(language):
        rendered = template.render(
            Context({"v": Decimal("1234567.89"), "small": Decimal("-0.004")})
        )

    # Half up to a whole number; a measure keeps its decimals; a rounded zero has no sign.
    assert rendered == f"{whole}|{measured}|0"
