"""The tallies (initiatives/tallies.py) give the same figures as counting the initiatives
themselves, follow every change at once, and cost a fixed number of queries."""

import itertools
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from communes.models import Commune
from initiatives import tallies
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative, Partner, PartnerTally, Sector, Tally, TallyState
from tests.helpers import refused_by_database
from workflow.states import State


@pytest.fixture
def district(db, settings, make_initiative, make_funding, make_partner):
    """Demo initiatives of every kind (shown), plus real ones: a draft, one with a partner
    that both funds and implements it, one in three communes, budget and progress missing."""
    settings.DEMO_DATA = True
    call_command("load_district", stdout=StringIO())
    call_command("seed_demo", "--initiatives", "120", "--seed", "7", stdout=StringIO())
    communes = list(Commune.objects.order_by("pk"))
    partner = make_partner()
    both = make_initiative(
        communes=communes[:3],
        is_published=True,
        status=Initiative.Status.COMPLETED,
        progress=100,
        planned_budget=Decimal("1250000.50"),
        implementing_body=partner,
    )
    make_funding(initiative=both, partner=partner, amount=Decimal(1000))
    make_initiative(communes=communes[1:2], is_published=True, planned_budget=None, progress=None)
    make_initiative(communes=communes[:1], is_published=False, planned_budget=Decimal(99))
    return communes


def live_facets(data) -> dict:
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    filterset.form.is_valid()
    return filterset.counted_facets()


def tallied_facets(data) -> dict:
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    return tallies.facet_counts(filterset.chosen())


@pytest.mark.parametrize("demo", [True, False])
def test_figures_equal_the_initiatives_own_for_the_district_and_each_commune(
    settings, district, demo
):
    settings.DEMO_DATA = demo
    published = Initiative.objects.published()

    for commune in [None, *district]:
        selection = published.in_commune(commune) if commune else published
        summary = tallies.summary(commune, with_sectors=True)

        assert summary["figures"] == pytest.approx(selection.figures())
        assert {status: n for status, (n, *_) in summary["statuses"].items()} == (
            selection.status_counts()
        )
        budgeted = selection.filter(planned_budget__isnull=False)
        assert {status: row[2] for status, row in summary["statuses"].items()} == {
            status: budgeted.filter(status=status).count() for status in Initiative.Status.values
        }
        by_sector = (
            Sector.objects.filter(initiatives__in=selection)
            .values_list("pk")
            .annotate(n=Count("initiatives", distinct=True))
        )
        assert {sector.pk: sector.n for sector in summary["sectors"]} == dict(by_sector)
        assert {sector.pk: sector.planned_count for sector in summary["sectors"]} == {
            sector.pk: budgeted.filter(sector=sector).count() for sector in summary["sectors"]
        }
        spending = selection.filter(spent_amount__isnull=False)
        assert {sector.pk: sector.spent_count for sector in summary["sectors"]} == {
            sector.pk: spending.filter(sector=sector).count() for sector in summary["sectors"]
        }
    assert {
        c.pk: (c.initiative_count, c.planned_count, c.spent_count) for c in tallies.communes()
    } == {
        c.pk: (
            published.in_commune(c).count(),
            published.in_commune(c).filter(planned_budget__isnull=False).count(),
            published.in_commune(c).filter(spent_amount__isnull=False).count(),
        )
        for c in district
    }


def test_the_district_counts_an_initiative_in_three_communes_once(district):
    shared = Initiative.objects.annotate(n=Count("communes")).get(n=3, is_demo=False)

    assert tallies.summary()["figures"]["count"] == Initiative.objects.published().count()
    for commune in shared.communes.all():
        assert tallies.summary(commune)["figures"]["count"] >= 1


def test_facets_from_the_tallies_equal_counting_the_initiatives(district):
    sector = Sector.objects.filter(initiatives__is_demo=True).first()
    partner = Partner.objects.filter(fundings__isnull=False).first()
    choices = {
        "commune": ["", district[0].slug, district[2].slug],
        "sector": ["", sector.slug],
        "status": ["", "in_progress", "completed"],
        "origin": ["", Initiative.objects.first().origin],
        "partner": ["", partner.slug],
    }
    checked = 0
    for values in itertools.product(*choices.values()):
        data = dict(zip(choices, values, strict=True))
        assert tallied_facets(data) == {
            name: {key: n for key, n in counts.items() if n}
            for name, counts in live_facets(data).items()
        }, data
        checked += 1
    assert checked == 3 * 2 * 3 * 2 * 2


def test_facets_leave_out_demo_initiatives_where_they_are_not_shown(settings, district):
    settings.DEMO_DATA = False
    partner = Partner.objects.filter(is_demo=False).first()

    for data in ({}, {"commune": district[0].slug}, {"partner": partner.slug}):
        live = {
            name: {key: n for key, n in counts.items() if n}
            for name, counts in live_facets(data).items()
        }
        assert tallied_facets(data) == live, data
        assert (
            sum(live["status"].values()) < Initiative.objects.filter(state=State.PUBLISHED).count()
        )


def test_a_partner_that_funds_and_implements_counts_its_initiative_once(district):
    partner = Partner.objects.filter(is_demo=False).get(implemented_initiatives__isnull=False)

    counts = tallied_facets({})

    assert counts["partner"][partner.pk] == 1


def test_the_list_counts_its_initiatives_without_a_count_query(client, district):
    commune = district[0]
    url = f"/fr/initiatives/?commune={commune.slug}&status=in_progress"
    tallies.fresh()

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    expected = Initiative.objects.published().in_commune(commune).filter(status="in_progress")
    assert response.context["page"].paginator.count == expected.count()
    assert not [q for q in captured if "COUNT(" in q["sql"].upper() and "tally" not in q["sql"]]


def test_a_change_of_status_moves_the_counts_at_once(client, district):
    initiative = Initiative.objects.published().filter(status="planned").first()
    before = tallies.summary()["statuses"]

    initiative.status = Initiative.Status.STALLED
    initiative.save()

    after = tallies.summary()["statuses"]
    assert after["planned"][0] == before["planned"][0] - 1
    assert after["stalled"][0] == before["stalled"][0] + 1


def test_unpublishing_moving_and_funding_an_initiative_change_the_pages(
    client, district, make_funding, make_partner
):
    commune, other = district[3], district[4]
    initiative = Initiative.objects.published().filter(communes=commune).first()
    count = tallies.summary(commune)["figures"]["count"]

    initiative.communes.remove(commune)
    assert tallies.summary(commune)["figures"]["count"] == count - 1
    initiative.communes.add(commune, other)
    assert tallies.summary(commune)["figures"]["count"] == count

    partner = make_partner()
    make_funding(initiative=initiative, partner=partner)
    assert tallied_facets({})["partner"][partner.pk] == 1

    initiative.state = State.DRAFT
    initiative.save()
    with translation.override("fr"):
        page = client.get(f"/fr/communes/{commune.slug}/")
    assert page.context["figures"]["count"] == count - 1
    assert partner.pk not in tallied_facets({})["partner"]


def test_a_deleted_initiative_leaves_the_counts(district):
    initiative = Initiative.objects.published().first()
    count = tallies.summary()["figures"]["count"]

    initiative.delete()

    assert tallies.summary()["figures"]["count"] == count - 1


def test_tallies_marked_stale_are_recomputed_by_the_next_reader(district):
    # As after a crash between a commit and its refresh, or a bulk insert without signals.
    Tally.objects.all().delete()
    TallyState.objects.update(stale=True)

    assert tallies.summary()["figures"]["count"] == Initiative.objects.published().count()
    assert TallyState.objects.get().stale is False


def test_missing_state_is_taken_for_stale(district):
    TallyState.objects.all().delete()
    Tally.objects.all().delete()

    assert tallies.summary()["figures"]["count"] == Initiative.objects.published().count()


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_counted_before_any_visit(make_initiative, make_commune):
    commune = make_commune()
    make_initiative(communes=[commune], is_published=True)

    # Refreshed when the change committed (autocommit here): nothing left for a reader.
    assert TallyState.objects.get().stale is False
    assert Tally.objects.get(commune=commune).count == 1


def test_refreshing_costs_the_same_number_of_queries_for_few_or_many(
    db, make_initiative, make_commune
):
    commune = make_commune()

    def refresh_queries():
        TallyState.objects.update(stale=True)
        with CaptureQueriesContext(connection) as captured:
            tallies.fresh()
        return len(captured)

    make_initiative(communes=[commune], is_published=True)
    few = refresh_queries()
    for _ in range(30):
        make_initiative(communes=[commune], is_published=True)
    many = refresh_queries()

    assert many == few


def test_the_database_refuses_an_empty_or_duplicate_group(db, make_sector, make_partner):
    sector = make_sector()
    row = {"sector": sector, "status": "planned", "origin": "other", "is_demo": False}

    with refused_by_database("tally_count_positive"):
        Tally.objects.create(count=0, **row)
    Tally.objects.create(count=1, **row)
    with refused_by_database():
        Tally.objects.create(count=2, **row)
    with refused_by_database("partner_tally_count_positive"):
        PartnerTally.objects.create(partner=make_partner(), count=0, **row)
    with refused_by_database("tally_state_single_row"):
        TallyState.objects.create(pk=2)


def test_refresh_tallies_command(district):
    Tally.objects.all().delete()
    TallyState.objects.update(stale=False)

    call_command("refresh_tallies", stdout=StringIO())

    assert tallies.summary()["figures"]["count"] == Initiative.objects.published().count()
