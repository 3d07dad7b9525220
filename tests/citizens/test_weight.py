"""The initiative page counts citizens' reports without a query more per report."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.services import report_accept


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_initiative_page_query_count_stays_flat_as_citizen_reports_grow(
    client, make_report, superuser, settings
):
    settings.CACHE_FRAGMENTS = False
    url = "/ar/initiatives/route-3421/"
    report_accept(report=make_report(), user=superuser)
    few = queries(client, url)

    for _ in range(6):
        report = make_report(photos=1)
        report.photos.update(shows_identifiable_people=False)
        report_accept(report=report, user=superuser)
    many = queries(client, url)

    assert many == few


def test_the_report_form_page_query_count_is_small(client, initiative):
    assert queries(client, "/ar/initiatives/route-3421/report/") <= 3
