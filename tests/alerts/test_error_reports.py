"""An error while someone follows the portal is mailed to the ADMINS without what they
typed or where they came from: their e-mail address stays in the database alone."""

from django.core import mail
from django.test import Client

from alerts import views


def test_the_error_mail_carries_no_address_typed_and_no_visitors_address(
    settings, monkeypatch, district
):
    settings.ADMINS = [("Tech", "tech@example.org")]

    def outage(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.services, "subscription_request", outage)
    client = Client(raise_request_exception=False)
    response = client.post(
        "/fr/follow/",
        {"email": "leila.benali@example.com", "frequency": "immediate", "website": ""},
        REMOTE_ADDR="196.200.1.2",
        HTTP_X_FORWARDED_FOR="196.200.1.2",
    )

    assert response.status_code == 500
    (report,) = mail.outbox
    assert "the database went away" in report.body  # the error itself is reported
    assert "email = '********************'" in report.body
    assert "leila.benali" not in report.body
    assert "196.200.1.2" not in report.body
