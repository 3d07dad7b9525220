"""The Arabic admin refuses an initiative, funding or update that breaks a rule, and says why."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.validators import MaxValueValidator
from django.db import connection
from django.forms import Field
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from initiatives.models import Funding, Initiative, Update
from tests.helpers import (
    assert_refused_in_arabic,
    funding_form,
    in_arabic,
    initiative_form,
    inline_formset,
    update_form,
    violation_in_arabic,
)

INITIATIVE_ADD = "/ar/admin/initiatives/initiative/add/"
UPDATE_ADD = "/ar/admin/initiatives/update/add/"
FUNDING_ADD = "/ar/admin/initiatives/funding/add/"


@pytest.fixture
def new_initiative(make_sector, make_commune):
    """Form data of a valid new initiative; keyword arguments change its fields."""
    sector, commune = make_sector(), make_commune()

    def data(**overrides):
        return initiative_form(sector=sector, communes=[commune], **overrides)

    return data


def change_url(initiative) -> str:
    return f"/ar/admin/initiatives/initiative/{initiative.pk}/change/"


@pytest.mark.parametrize(
    "fields, rule",
    [
        ({"planned_budget": "-1"}, "initiative_planned_budget_not_negative"),
        ({"spent_amount": "-1"}, "initiative_spent_not_negative"),
        (
            {"start_date": "2025-05-01", "planned_end_date": "2025-04-30"},
            "initiative_planned_end_after_start",
        ),
        (
            {"status": "completed", "start_date": "2025-05-01", "actual_end_date": "2025-04-30"},
            "initiative_actual_end_after_start",
        ),
        (
            {"status": "in_progress", "actual_end_date": "2025-04-30"},
            "initiative_actual_end_only_when_completed",
        ),
        ({"latitude": "33.280000"}, "initiative_coordinates_both_or_neither"),
        (
            {"latitude": "35.000000", "longitude": "-8.340000"},
            "initiative_coordinates_in_district",
        ),
        ({"status": "completed", "progress": "40"}, "initiative_completed_at_100"),
        ({"status": "proposed", "progress": "90"}, "initiative_not_started_at_0"),
        ({"start_date": "1900-01-01"}, "initiative_start_date_plausible"),
    ],
    ids=[
        "negative-planned-budget",
        "negative-spent",
        "planned-end-before-start",
        "actual-end-before-start",
        "actual-end-while-in-progress",
        "latitude-alone",
        "outside-the-district",
        "completed-at-40",
        "proposed-at-90",
        "started-in-1900",
    ],
)
def test_the_arabic_admin_explains_why_an_initiative_is_refused(
    staff_client, new_initiative, fields, rule
):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(**fields))

    assert_refused_in_arabic(response, violation_in_arabic(Initiative, rule))
    assert not Initiative.objects.exists()


def test_the_arabic_admin_names_every_rule_an_initiative_breaks(staff_client, new_initiative):
    response = staff_client.post(
        INITIATIVE_ADD, new_initiative(planned_budget="-1", status="completed", progress="40")
    )

    for rule in ("initiative_planned_budget_not_negative", "initiative_completed_at_100"):
        assert_refused_in_arabic(response, violation_in_arabic(Initiative, rule))
    assert not Initiative.objects.exists()


def test_saving_an_initiative_asks_its_two_dozen_rules_in_one_query(staff_client, new_initiative):
    """Django asks each CHECK constraint in a query (and a savepoint) of its own."""
    with CaptureQueriesContext(connection) as captured:
        response = staff_client.post(INITIATIVE_ADD, new_initiative())

    assert response.status_code == 302
    checks = [query for query in captured.captured_queries if '"_check"' in query["sql"]]
    assert len(checks) == 1


def test_the_arabic_admin_refuses_progress_over_one_hundred_percent(staff_client, new_initiative):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(progress="150"))

    message = in_arabic(MaxValueValidator(100).message, limit_value=100)
    assert_refused_in_arabic(response, message)
    assert not Initiative.objects.exists()


def test_the_arabic_admin_refuses_an_initiative_in_no_commune(staff_client, make_sector):
    data = initiative_form(sector=make_sector(), communes=[])

    response = staff_client.post(INITIATIVE_ADD, data)

    assert_refused_in_arabic(response, in_arabic(Field.default_error_messages["required"]))
    assert "communes" in response.context["adminform"].form.errors
    assert not Initiative.objects.exists()


def test_the_arabic_admin_accepts_an_initiative_in_the_district(staff_client, new_initiative):
    response = staff_client.post(
        INITIATIVE_ADD, new_initiative(latitude="33.280000", longitude="-8.340000")
    )

    assert response.status_code == 302
    assert Initiative.objects.get().latitude is not None


def test_publishing_an_initiative_in_the_admin_stamps_its_publication_date(
    staff_client, new_initiative
):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(state="published"))

    assert response.status_code == 302
    assert Initiative.objects.published().get().published_at is not None


def test_the_arabic_admin_refuses_a_parent_that_would_make_a_cycle(staff_client, make_initiative):
    programme = make_initiative()
    project = make_initiative(parent=programme)
    data = initiative_form(
        sector=programme.sector,
        communes=programme.communes.all(),
        slug=programme.slug,
        parent=project.pk,
    )

    response = staff_client.post(change_url(programme), data)

    message = gettext_lazy("This parent would make a programme a part of itself.")
    assert_refused_in_arabic(response, in_arabic(message))
    programme.refresh_from_db()
    assert programme.parent is None


def test_the_arabic_admin_refuses_an_initiative_as_its_own_parent(staff_client, make_initiative):
    initiative = make_initiative()
    data = initiative_form(
        sector=initiative.sector,
        communes=initiative.communes.all(),
        slug=initiative.slug,
        parent=initiative.pk,
    )

    response = staff_client.post(change_url(initiative), data)

    message = gettext_lazy("This parent would make a programme a part of itself.")
    assert_refused_in_arabic(response, in_arabic(message))
    initiative.refresh_from_db()
    assert initiative.parent is None


def test_the_initiative_page_refuses_a_funding_line_of_zero(
    staff_client, new_initiative, make_partner
):
    data = new_initiative(
        **inline_formset("fundings", {"partner": make_partner().pk, "amount": "0"})
    )

    response = staff_client.post(INITIATIVE_ADD, data)

    assert_refused_in_arabic(response, violation_in_arabic(Funding, "funding_amount_positive"))
    assert not Initiative.objects.exists()
    assert not Funding.objects.exists()


def test_the_arabic_admin_refuses_a_second_funding_line_of_the_same_partner(
    staff_client, make_funding
):
    funding = make_funding()

    response = staff_client.post(
        FUNDING_ADD, funding_form(initiative=funding.initiative, partner=funding.partner)
    )

    assert_refused_in_arabic(response, violation_in_arabic(Funding, "funding_one_line_per_partner"))
    assert Funding.objects.count() == 1


def test_the_arabic_admin_refuses_a_funding_amount_of_zero(
    staff_client, make_initiative, make_partner
):
    data = funding_form(initiative=make_initiative(), partner=make_partner(), amount="0")

    response = staff_client.post(FUNDING_ADD, data)

    assert_refused_in_arabic(response, violation_in_arabic(Funding, "funding_amount_positive"))
    assert not Funding.objects.exists()


def test_the_arabic_admin_refuses_a_web_source_without_its_address(staff_client, make_initiative):
    data = update_form(initiative=make_initiative(), source="web", source_url="")

    response = staff_client.post(UPDATE_ADD, data)

    assert_refused_in_arabic(response, violation_in_arabic(Update, "update_web_source_has_url"))
    assert not Update.objects.exists()


def test_the_arabic_admin_refuses_an_implausibly_old_observation(staff_client, make_initiative):
    data = update_form(initiative=make_initiative(), observed_on="1950-01-01")

    response = staff_client.post(UPDATE_ADD, data)

    assert_refused_in_arabic(response, violation_in_arabic(Update, "update_observed_plausible"))
    assert not Update.objects.exists()


def test_the_arabic_admin_refuses_an_observation_dated_in_the_future(staff_client, make_initiative):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = update_form(initiative=make_initiative(), observed_on=tomorrow.isoformat())

    response = staff_client.post(UPDATE_ADD, data)

    message = gettext_lazy("The observation date is in the future.")
    assert_refused_in_arabic(response, in_arabic(message))
    assert not Update.objects.exists()


def test_the_arabic_admin_accepts_an_observation_made_today(staff_client, make_initiative):
    data = update_form(initiative=make_initiative(), observed_on=timezone.localdate().isoformat())

    response = staff_client.post(UPDATE_ADD, data)

    assert response.status_code == 302
    assert Update.objects.get().observed_on == timezone.localdate()


@pytest.mark.parametrize("typed", ["45%", "45 %", "٤٥٪", "45"])
def test_a_progress_typed_with_its_percent_sign_is_read(staff_client, new_initiative, typed):
    """A volunteer copies «45%» from a report: a number input refused it in the browser,
    with no word of Arabic."""
    page = staff_client.get(INITIATIVE_ADD).content.decode()
    assert 'type="number" name="progress"' not in page

    response = staff_client.post(
        INITIATIVE_ADD, new_initiative(status="in_progress", progress=typed)
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Initiative.objects.get().progress == 45


def test_a_progress_that_is_not_a_percentage_is_refused_in_arabic(staff_client, new_initiative):
    response = staff_client.post(
        INITIATIVE_ADD, new_initiative(status="in_progress", progress="half")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["progress"]
    assert re.search("[\u0621-\u064a]{3}", errors["progress"][0])  # said in Arabic
    assert "half" in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_observed_progress_typed_with_its_percent_sign_is_read(staff_client, make_initiative):
    data = update_form(initiative=make_initiative(), progress_observed="٦٠٪")

    response = staff_client.post(UPDATE_ADD, data)

    assert response.status_code == 302
    assert Update.objects.get().progress_observed == 60


def test_the_arabic_admin_refuses_observed_progress_over_one_hundred_percent(
    staff_client, make_initiative
):
    data = update_form(initiative=make_initiative(), progress_observed="150")

    response = staff_client.post(UPDATE_ADD, data)

    message = in_arabic(MaxValueValidator(100).message, limit_value=100)
    assert_refused_in_arabic(response, message)
    assert not Update.objects.exists()


@pytest.mark.parametrize(
    "field, message",
    [
        ("actual_end_date", "The actual end date is in the future."),
        ("status_as_of", "The date of the status is in the future."),
    ],
)
def test_the_arabic_admin_refuses_a_date_that_has_not_come_yet(
    staff_client, new_initiative, field, message
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    data = new_initiative(**{field: tomorrow}, status="completed", progress="100")

    response = staff_client.post(INITIATIVE_ADD, data)

    assert_refused_in_arabic(response, in_arabic(message))
    assert not Initiative.objects.exists()


def test_an_initiative_titled_in_arabic_alone_gets_an_address_made_for_it(
    staff_client, new_initiative
):
    data = new_initiative(slug="", title_fr="", title_en="")

    first = staff_client.post(INITIATIVE_ADD, data)
    second = staff_client.post(INITIATIVE_ADD, data)

    assert first.status_code == second.status_code == 302
    slugs = sorted(Initiative.objects.values_list("slug", flat=True))
    today = timezone.localdate().isoformat()
    assert slugs == [f"initiative-{today}", f"initiative-{today}-2"]


def test_an_empty_address_is_made_from_the_french_title(staff_client, new_initiative):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(slug=""))

    assert response.status_code == 302
    assert Initiative.objects.get().slug == "rehabilitation-de-la-route"


def test_an_address_typed_wrong_is_refused_not_replaced(staff_client, new_initiative):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(slug="طريق"))

    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_a_source_or_funder_given_twice_is_refused_in_arabic_words(
    staff_client, new_initiative, make_partner
):
    """Django named the relation's generated model («Initiative-source relationship») and
    the fields' code names («partner») in English on the Arabic admin."""
    from django.utils import translation

    from sources.models import Source

    source = Source.objects.create(publication="هسبريس", url="https://example.org/a", language="ar")
    partner = make_partner()
    data = new_initiative() | inline_formset(
        "Initiative_sources", {"source": source.pk}, {"source": source.pk}
    )
    data |= inline_formset(
        "fundings", {"partner": partner.pk, "amount": "1000"}, {"partner": partner.pk}
    )

    response = staff_client.post(INITIATIVE_ADD, data)

    assert response.status_code == 200
    assert not Initiative.objects.exists()
    html = response.content.decode()
    with translation.override("ar"):
        said = translation.gettext("The same %(fields)s is given on two lines: keep one.")
    assert html.count(escape(said.split("%(fields)s")[0])) == 2
    for english in ("relationship", "duplicate data", 'aria-label="Source"'):
        assert english not in html


def test_dates_amounts_and_coordinates_typed_with_arabic_indic_digits_are_read(
    staff_client, new_initiative
):
    """A phone set to Arabic types ٢٠٢٤-٠٣-١٥ and ٣٣٫٢٨: Django read such digits in whole
    numbers only, and refused a date or a coordinate with «Enter a valid date»."""
    data = new_initiative(
        start_date="٢٠٢٤-٠٣-١٥",
        planned_budget="١ ٢٥٠ ٠٠٠",
        latitude="٣٣٫٢٨٧٨",
        longitude="-٨٫٣٤٢٢",
    )

    response = staff_client.post(INITIATIVE_ADD, data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    initiative = Initiative.objects.get()
    assert initiative.start_date == datetime.date(2024, 3, 15)
    assert initiative.planned_budget == 1_250_000
    assert (str(initiative.latitude), str(initiative.longitude)) == ("33.287800", "-8.342200")


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("1.200.000", "1200000"),
        ("1 200 000 درهم", "1200000"),
        ("1.250.000,50", "1250000.50"),
        ("1250000.5", "1250000.50"),
        ("٢٥٠٠٠٠ DH", "250000"),
    ],
)
def test_amounts_typed_the_moroccan_way_are_read(staff_client, new_initiative, typed, amount):
    """A volunteer copies «1.200.000» from a convention: a number input refused it in the
    browser, with no word of Arabic. The field reads amounts as the import does."""
    page = staff_client.get(INITIATIVE_ADD).content.decode()
    assert 'name="planned_budget"' in page
    assert 'type="number" name="planned_budget"' not in page

    response = staff_client.post(INITIATIVE_ADD, new_initiative(planned_budget=typed))

    assert response.status_code == 302
    assert Initiative.objects.get().planned_budget == Decimal(amount)


@pytest.mark.parametrize("typed", ["1.20.000", "12,345,67", "about 1 million", "1.250.000,555"])
def test_an_amount_that_cannot_be_read_is_refused_in_arabic(staff_client, new_initiative, typed):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(spent_amount=typed))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["spent_amount"]
    assert re.search("[\u0621-\u064a]{3}", errors["spent_amount"][0])  # said in Arabic
    assert typed in response.content.decode()  # kept for the volunteer to correct
    assert not Initiative.objects.exists()


def test_a_funding_amount_typed_with_groups_is_read(staff_client, make_initiative, make_partner):
    data = funding_form(initiative=make_initiative(), partner=make_partner(), amount="250.000")

    response = staff_client.post(FUNDING_ADD, data)

    assert response.status_code == 302
    assert Funding.objects.get().amount == 250_000


def test_a_date_the_admin_cannot_read_is_refused_with_the_ways_it_reads(
    staff_client, new_initiative
):
    response = staff_client.post(INITIATIVE_ADD, new_initiative(start_date="31/02/2024"))

    assert_refused_in_arabic(response, "2024-03-15")
    assert "15/03/2024" in response.content.decode()
    assert not Initiative.objects.exists()
