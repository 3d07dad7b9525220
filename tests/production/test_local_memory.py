"""One server without Redis: each gunicorn worker caches pages in its own memory, under a
data stamp kept in the database, so a change made anywhere shows at once everywhere.
Two real gunicorn instances (two workers each) on loopback ports share PostgreSQL only."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from azemmour_portal import cache
from azemmour_portal.models import DataStamp
from tests.production.http import get


@pytest.fixture
def stamp_in_database(needs_postgresql, transactional_db, settings):
    """The test process writes as a third app server without Redis would (the database
    first: settings changed back at the end still reach it)."""
    settings.DATA_STAMP = "database"


def test_a_change_shows_at_once_on_every_worker_of_every_server(
    stamp_in_database, local_instances, make_commune, make_initiative
):
    initiative = make_initiative(
        communes=[make_commune()], is_published=True, planned_budget=Decimal(1_000_000)
    )
    # Each server's workers have cached the home page (several visits reach both workers).
    for server in local_instances:
        for _ in range(4):
            assert "MAD\u00a01,000,000" in get(server, "/en/").text

    initiative.planned_budget = Decimal(2_500_000)
    initiative.save()

    for server in local_instances:
        for _ in range(4):
            page = get(server, "/en/").text
            assert "MAD\u00a02,500,000" in page
            assert "MAD\u00a01,000,000" not in page


def test_a_change_writes_the_stamp_in_its_own_transaction(stamp_in_database, make_initiative):
    before = cache.data_stamp()

    initiative = make_initiative(is_published=True)
    after_create = cache.data_stamp()
    initiative.delete()

    assert before < after_create < cache.data_stamp()
    assert DataStamp.objects.count() == 1


def test_the_stamp_moves_forward_even_from_a_server_whose_clock_is_behind(stamp_in_database):
    ahead = cache.data_stamp() + 10**12  # another server's clock, 1,000 s ahead
    DataStamp.objects.filter(pk=1).update(value=ahead)

    cache.bump()

    assert cache.data_stamp() == ahead + 1


def test_a_page_from_local_memory_costs_one_query(stamp_in_database, settings, client):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.get("/en/")

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/").status_code == 200

    assert len(captured) == 1, [query["sql"] for query in captured]


def test_the_citizen_form_rate_limit_counts_across_servers_in_the_database(
    stamp_in_database, local_instances, make_commune, make_sector
):
    from citizens.models import Suggestion
    from tests.production.test_scale_out import suggestions_in_turn

    answers = suggestions_in_turn(local_instances, make_commune(), make_sector())

    # Without Redis the counts are rows of the database, which every worker shares: five
    # submissions from one phone are taken in all, the sixth and seventh refused.
    assert [answer.status for answer in answers] == [302] * 5 + [429] * 2
    assert Suggestion.objects.count() == 5
