"""What the public pages' counts read on PostgreSQL: a few index entries, not every
initiative's row (on 10,000 initiatives, reading every row took about 10 ms a count).

Each test commits a few thousand public initiatives and has PostgreSQL vacuum and analyse
the table, as autovacuum does on a live server, so that it plans as it would there.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.models import Initiative
from tests.production.conftest import skip_unless_postgresql
from workflow.states import State

pytestmark = pytest.mark.django_db(transaction=True)

MANY = 3000


@pytest.fixture
def many_initiatives(make_sector):
    """MANY public initiatives without a location, vacuumed and analysed. Each carries
    about as much text as a real one (initiatives/data/: a summary and notes in three
    languages, about 1.7 KB), little enough to be stored in the row, uncompressed."""
    skip_unless_postgresql("PostgreSQL's query plans: CI's PostgreSQL pass")
    sector, now = make_sector(), timezone.now()
    Initiative.objects.bulk_create(
        Initiative(
            slug=f"many-{n}",
            title_ar=f"مبادرة {n}",
            summary_ar="ملخص قصير.",
            description_ar=("وصف المبادرة وأهدافها. " * 30)[:600],
            description_fr=("Description de l'initiative. " * 12)[:300],
            status=Initiative.Status.PLANNED,
            sector=sector,
            state=State.PUBLISHED,
            published_at=now,
        )
        for n in range(MANY)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE initiatives_initiative")


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_the_maps_count_reads_only_the_located_initiatives(
    client, many_initiatives, make_initiative
):
    make_initiative(is_published=True, latitude=Decimal("33.2878"), longitude=Decimal("-8.3422"))
    [count] = [sql for sql in queries_of(client, "/ar/map/") if "COUNT(" in sql]
    assert "initiative_located" in plan(count), plan(count)


def test_the_sitemap_index_reads_the_public_initiatives_dates_from_an_index(
    client, many_initiatives
):
    [summary] = [
        sql
        for sql in queries_of(client, "/sitemap.xml")
        if 'MAX("initiatives_initiative"."updated_at")' in sql
    ]
    assert "Index Only Scan using initiative_published_updated" in plan(summary), plan(summary)
