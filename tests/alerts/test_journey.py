"""A journalist follows Haouzia in French, is told when an initiative there changes status,
and stops it with one click."""

from django.core import mail
from django.core.management import call_command

from alerts.models import SentChange, Subscriber, Subscription
from tests.helpers import initiative_form
from tests.public.pages import Page

from .conftest import confirm_last, html_part, link_to, status_label


def test_follow_haouzia_confirm_receive_one_mail_for_a_status_change_then_unsubscribe(
    visitor, subscribe, staff_client, district, make_initiative
):
    initiative = make_initiative(
        communes=[district.haouzia],
        slug="haouzia-clinic",
        title_ar="مستوصف الحوزية",
        title_fr="Dispensaire de Haouzia",
        sector=district.water,
        progress=0,
        is_published=True,
    )
    page = Page(visitor.get("/fr/communes/haouzia/"))
    assert page.one("form", action="/fr/follow/").attrs["method"] == "post"
    assert page.one("input", name="commune").attrs["value"] == "haouzia"

    response = subscribe(visitor, commune="haouzia", email="Journaliste@Example.org")

    assert response.status_code == 302
    assert visitor.get(response["Location"]).status_code == 200
    (confirmation,) = mail.outbox
    assert confirmation.to == ["journaliste@example.org"]
    assert "Haouzia" in confirmation.subject
    subscription = Subscription.objects.get()
    assert subscription.commune == district.haouzia
    assert subscription.confirmed_at is None

    # Nothing but the confirmation goes to an address that has not confirmed.
    district.water_project.status = "stalled"
    district.water_project.save()
    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1

    confirm_page = visitor.get(link_to(confirmation, "confirm"))
    assert confirm_page.status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # opening the link is not enough
    manage_path = confirm_last(visitor)
    assert Subscription.objects.get().confirmed_at is not None
    assert "Haouzia" in visitor.get(manage_path).content.decode()

    data = initiative_form(
        sector=initiative.sector,
        communes=[district.haouzia],
        slug=initiative.slug,
        title_ar=initiative.title_ar,
        title_fr=initiative.title_fr,
        status="in_progress",
        state="published",
    )
    response = staff_client.post(f"/ar/admin/initiatives/initiative/{initiative.pk}/change/", data)
    assert response.status_code == 302

    call_command("send_alerts", verbosity=0)

    assert len(mail.outbox) == 2
    alert = mail.outbox[1]
    assert alert.to == ["journaliste@example.org"]
    assert "Haouzia" in alert.subject
    old, new = status_label("planned", "fr"), status_label("in_progress", "fr")
    assert old != "planned" and new != "in progress"  # the French labels, not the English
    for text in (alert.body, html_part(alert)):
        assert "Dispensaire de Haouzia" in text
        assert f"{old} → {new}" in text
        assert "مستوصف" not in text
        # Changes from before the confirmation are not sent.
        assert "Eau potable" not in text
    assert f"http://127.0.0.1:8000/fr/initiatives/{initiative.slug}/#change-" in alert.body
    assert '<html lang="fr" dir="ltr">' in html_part(alert)
    assert SentChange.objects.count() == 1

    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 2

    unsubscribe_path = link_to(alert, "unsubscribe")
    assert alert.extra_headers["List-Unsubscribe"] == (f"<http://127.0.0.1:8000{unsubscribe_path}>")
    assert visitor.get(unsubscribe_path).status_code == 200
    assert Subscriber.objects.exists()  # a GET (a link preview) deletes nothing
    response = visitor.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not SentChange.objects.exists()
    # A mail program's retry meets an address already gone: still done, never an error.
    assert visitor.post(unsubscribe_path).status_code == 302
    assert visitor.get(manage_path).status_code == 400
