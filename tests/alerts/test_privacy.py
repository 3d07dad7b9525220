"""Addresses are personal data (law 09-08): the bureau alone sees them, nothing publishes them."""

import pytest

from alerts.models import Subscriber, Subscription
from tests.opendata.conftest import streamed
from workflow.roles import BUREAU, CORRESPONDENT, EDITOR, READER

ADDRESS = "private.person@example.org"


@pytest.fixture
def subscriber(district):
    subscriber = Subscriber.objects.create(email=ADDRESS, language="ar")
    Subscription.objects.create(subscriber=subscriber, scope="commune", commune=district.haouzia)
    return subscriber


def test_only_the_bureau_sees_the_subscribers_in_the_admin(client_for, subscriber):
    bureau = client_for(BUREAU)
    response = bureau.get("/ar/admin/alerts/subscriber/")
    assert response.status_code == 200
    assert ADDRESS in response.content.decode()
    assert bureau.get("/ar/admin/alerts/subscriber/add/").status_code == 403
    bureau.logout()

    for role in (EDITOR, CORRESPONDENT, READER):
        staff = client_for(role)
        assert staff.get("/ar/admin/alerts/subscriber/").status_code == 403
        assert ADDRESS not in staff.get("/ar/admin/").content.decode()
        staff.logout()


@pytest.mark.parametrize(
    "path",
    [
        "/fr/initiatives/export.csv",
        "/fr/initiatives/export.json",
        "/fr/changes/",
        "/fr/communes/haouzia/",
        "/fr/communes/haouzia/changes/feed/",
        "/api/v1/",
        "/fr/search/?q=private.person",
        "/sitemap.xml",
    ],
)
def test_no_public_page_export_or_feed_shows_an_address(client, subscriber, path):
    response = client.get(path)

    content = streamed(response) if response.streaming else response.content
    assert response.status_code == 200
    assert ADDRESS.encode() not in content
