"""make bench draws the foundation's own pages with records it writes for its run only."""

import pytest
from django.test import Client

from activities.models import Dossier, Event, NewsItem, Proposal, TrainingProgramme
from azemmour_portal.management.commands._bench_work import foundation_work
from azemmour_portal.management.commands.bench_pages import Command
from tests.activities.conftest import make_news  # noqa: F401, F811  (a real news item)

KINDS = (Proposal, Dossier, TrainingProgramme, Event, NewsItem)


@pytest.fixture
def district(make_commune, make_initiative):
    communes = [make_commune(), make_commune()]
    make_initiative(communes=communes, is_published=True)
    return communes


def test_the_foundation_pages_of_a_run_are_full_and_nothing_is_left_after(district):
    with foundation_work(3) as details:
        assert [kind.objects.published().count() for kind in KINDS] == [3, 3, 3, 6, 3]
        client = Client()
        for url in Command.foundation_pages(details).values():
            response = client.get(url)
            assert response.status_code == 200, url

    assert [kind.objects.count() for kind in KINDS] == [0, 0, 0, 0, 0]


def test_a_failed_run_leaves_none_of_its_records(district):
    with pytest.raises(RuntimeError), foundation_work(2):
        raise RuntimeError("wrk failed")

    assert [kind.objects.count() for kind in KINDS] == [0, 0, 0, 0, 0]


def test_the_foundation_s_real_records_are_left_alone(district, make_news):  # noqa: F811
    real = make_news(is_published=True)

    with foundation_work(1):
        pass

    assert list(NewsItem.objects.all()) == [real]
