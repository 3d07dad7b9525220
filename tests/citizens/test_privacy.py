"""A citizen's contact is for the bureau alone: no public page, feed, export or API
response ever carries it, even once the submission is accepted and published."""

import pytest
from django.core import mail

from citizens import services
from citizens.models import FieldReport, Suggestion
from workflow.services import record_publish

from .conftest import CONTACT, report_data, suggestion_data


@pytest.fixture
def published_submissions(visitor, initiative, make_sector, superuser, settings):
    """A report and a suggestion sent with a contact, both accepted and public."""
    settings.CITIZEN_NOTIFY_EMAILS = ["bureau@example.org"]
    commune = initiative.communes.get()
    sector = make_sector(slug="health")
    browser = visitor()
    browser.post("/ar/initiatives/route-3421/report/", report_data(**CONTACT))
    browser.post("/ar/suggest/", suggestion_data(commune=commune, sector=sector, **CONTACT))
    report, suggestion = FieldReport.objects.get(), Suggestion.objects.get()
    assert report.contact_email == suggestion.contact_email == CONTACT["contact_email"]
    services.report_accept(report=report, user=superuser)
    suggested = services.suggestion_accept(suggestion=suggestion, user=superuser)
    record_publish(record=suggested, user=superuser)
    return {"initiative": initiative, "commune": commune, "suggested": suggested}


def public_addresses(initiative, commune, suggested) -> list[str]:
    urls = []
    for language in ("ar", "fr", "en"):
        urls += [
            f"/{language}/",
            f"/{language}/initiatives/",
            f"/{language}/initiatives/{initiative.slug}/",
            f"/{language}/initiatives/{suggested.slug}/",
            f"/{language}/initiatives/{initiative.slug}/embed/",
            f"/{language}/communes/",
            f"/{language}/communes/{commune.slug}/",
            f"/{language}/communes/{commune.slug}/embed/",
            f"/{language}/communes/{commune.slug}/fact-sheet/",
            f"/{language}/communes/{commune.slug}/changes/",
            f"/{language}/foundation/",
            f"/{language}/changes/",
            f"/{language}/data/",
            f"/{language}/search/?q=مستوصف",
            f"/{language}/search/?q={initiative.slug}",
            f"/{language}/updates/feed/",
            f"/{language}/initiatives/{initiative.slug}/feed/",
            f"/{language}/communes/{commune.slug}/feed/",
            f"/{language}/changes/feed/",
            f"/{language}/communes/{commune.slug}/changes/feed/",
            f"/{language}/initiatives/export.csv",
            f"/{language}/initiatives/export.json",
            f"/{language}/initiatives/export.geojson",
            f"/{language}/map/initiatives.geojson",
            f"/{language}/initiatives/route-3421/report/",
            f"/{language}/suggest/",
        ]
    urls += [
        "/api/v1/",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{initiative.slug}/",
        f"/api/v1/initiatives/{suggested.slug}/",
        "/api/v1/updates/",
        "/api/v1/communes/",
        "/sitemap.xml",
    ]
    return urls


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def test_the_contact_never_appears_in_any_public_page_feed_export_or_api(
    client, published_submissions
):
    urls = public_addresses(**published_submissions)

    seen = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = body(response)

    # The accepted report and suggestion are really public: the check means something.
    assert any("توقفت الأشغال" in text for text in seen.values())
    assert any("مستوصف في الدوار" in text for text in seen.values())
    for url, text in seen.items():
        for value in (*CONTACT.values(), "Zoubida", "Qarmoudi", "0661 77 88 99", "zoubida."):
            assert value not in text, (url, value)


def test_the_contact_is_not_in_the_bureau_mail(
    visitor, initiative, settings, django_capture_on_commit_callbacks
):
    settings.CITIZEN_NOTIFY_EMAILS = ["bureau@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        visitor().post("/ar/initiatives/route-3421/report/", report_data(**CONTACT))

    (message,) = mail.outbox
    for value in CONTACT.values():
        assert value not in message.subject + message.body


def test_the_contact_is_not_on_the_thank_you_page(visitor, initiative):
    response = visitor().post(
        "/ar/initiatives/route-3421/report/", report_data(**CONTACT), follow=True
    )

    for value in CONTACT.values():
        assert value not in response.content.decode()
