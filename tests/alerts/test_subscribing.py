"""The follow form and the links of the e-mails: double opt-in, refusals, abuse."""

import time
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.utils import translation

from alerts import views
from alerts.models import Subscriber, Subscription
from initiatives.models import Initiative
from tests.public.pages import Page

from .conftest import confirm_last, html_part, link_to


def test_the_form_is_on_the_initiative_page_and_the_district_page(client, district):
    initiative_page = Page(client.get(f"/ar/initiatives/{district.road.slug}/"))
    district_page = Page(client.get("/ar/follow/"))

    assert initiative_page.one("input", name="initiative").attrs["value"] == district.road.slug
    assert initiative_page.one("form", action="/ar/follow/")
    assert district_page.one("form", action="/ar/follow/")
    assert not district_page.all("input", name="commune")
    assert not district_page.all("input", name="initiative")


def test_the_pages_with_the_form_stay_cookie_free(client, district):
    for path in ("/ar/communes/haouzia/", f"/ar/initiatives/{district.road.slug}/", "/ar/follow/"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies


def test_an_arabic_subscriber_gets_a_right_to_left_confirmation_with_unsubscribe_headers(
    client, subscribe, district
):
    subscribe(client, language="ar", initiative=district.road.slug)

    (message,) = mail.outbox
    assert '<html lang="ar" dir="rtl">' in html_part(message)
    assert district.road.title_ar in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/ar/follow/unsubscribe/"
    )
    assert Subscriber.objects.get().language == "ar"


@pytest.mark.parametrize(
    "email",
    [
        "",
        "not-an-address",
        "journaliste@",
        "two@at@example.org",
        "journaliste@example.org\r\nBcc: victim@example.org",
        "a" * 250 + "@example.org",
        "<script>@example.org",
    ],
)
def test_malformed_addresses_are_refused_with_a_message_and_nothing_stored(
    client, subscribe, district, email
):
    response = subscribe(client, email=email, commune="haouzia")

    assert response.status_code == 400
    page = Page(response)
    assert page.one("div", class_="form-errors")
    assert "<script>@" not in page.html
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_refused_address_is_said_beside_its_field_for_a_screen_reader(
    client, subscribe, district
):
    page = Page(subscribe(client, email="not-an-address", commune="haouzia"))

    field = page.one("input", id="follow-email")
    assert field.attrs["aria-invalid"] == "true"
    message = page.one("span", id=field.attrs["aria-describedby"])
    assert message.text


@pytest.mark.parametrize(
    "target", [{"commune": "atlantis"}, {"initiative": "secret-draft"}, {"frequency": "hourly"}]
)
def test_unknown_or_unpublished_targets_are_refused(client, subscribe, district, target):
    response = subscribe(client, **target)

    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_a_flood_from_one_connection_gets_a_translated_429_and_stores_nothing_more(
    client, subscribe, district, settings
):
    for n in range(settings.ALERTS_FORM_LIMIT):
        assert subscribe(client, email=f"reader{n}@example.org").status_code == 302

    response = subscribe(client, language="ar", email="one-too-many@example.org")

    assert response.status_code == 429
    # Until the end of the window the count started in.
    assert 0 < int(response["Retry-After"]) <= settings.ALERTS_FORM_WINDOW
    assert 'lang="ar"' in response.content.decode()
    assert Subscriber.objects.count() == settings.ALERTS_FORM_LIMIT
    assert not Subscriber.objects.filter(email="one-too-many@example.org").exists()


def test_one_address_typed_again_and_again_gets_one_confirmation(client, subscribe, district):
    for n in range(3):
        # From several connections, as someone trying to flood an inbox would.
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{n}"
        assert subscribe(client, commune="haouzia").status_code == 302

    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_stored(client, subscribe, district):
    response = subscribe(client, website="http://spam.example", commune="haouzia")

    assert response.status_code == 302
    assert response["Location"] == "/fr/follow/thanks/"
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_form_posted_from_another_site_is_refused(client, subscribe, district):
    response = subscribe(client, headers={"Origin": "https://evil.example"})
    cross_site = subscribe(client, headers={"Sec-Fetch-Site": "cross-site"})
    same_site = subscribe(client, headers={"Origin": "http://testserver"})

    assert response.status_code == cross_site.status_code == 403
    assert same_site.status_code == 302
    assert Subscriber.objects.count() == 1


def test_a_confirmed_address_subscribing_again_sees_the_same_page_and_gets_no_mail(
    client, subscribe, district
):
    first = subscribe(client, commune="haouzia")
    confirm_last(client)
    mail.outbox.clear()

    again = subscribe(client, commune="haouzia", frequency="weekly")

    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]
    assert not mail.outbox
    assert Subscription.objects.get().frequency == "immediate"


def test_an_expired_confirmation_link_is_refused(client, subscribe, district, monkeypatch):
    subscribe(client, commune="haouzia")
    path = link_to(mail.outbox[0], "confirm")
    later = time.time() + 3 * 24 * 60 * 60 + 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))

    response = client.post(path)

    assert response.status_code == 400
    assert "/fr/follow/" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_an_altered_link_is_refused(client, subscribe, district):
    subscribe(client, commune="haouzia")
    path = link_to(mail.outbox[0], "confirm")
    altered = path.replace("/confirm/", "/confirm/x")

    assert client.post(altered).status_code == 400
    assert client.get(path.replace("/confirm/", "/manage/")).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


def test_the_manage_page_lists_and_cancels_subscriptions_one_by_one(client, subscribe, district):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)
    subscribe(client, initiative=district.road.slug)
    confirm_last(client)

    page = Page(client.get(manage))
    assert "journaliste@example.org" in page.html
    assert district.road.title_fr in page.html and "Haouzia" in page.html
    road = Subscription.objects.get(initiative=district.road)

    assert client.post(manage, {"subscription": road.pk}).status_code == 302
    assert client.post(manage, {"subscription": "not-a-number"}).status_code == 302
    assert list(Subscription.objects.values_list("commune__slug", flat=True)) == ["haouzia"]

    # A digit int() does not read ("²") is ignored like any other unknown choice.
    assert client.post(manage, {"subscription": "²", "frequency": "weekly"}).status_code == 302

    response = client.post(manage, {"subscription": Subscription.objects.get().pk})
    assert response["Location"] == "/fr/follow/unsubscribed/"
    assert not Subscriber.objects.exists()


def test_pages_that_name_an_address_are_never_cached_or_indexed(client, subscribe, district):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)

    response = client.get(manage)

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


def test_an_address_is_one_subscriber_whatever_its_case(client, subscribe, district):
    subscribe(client, email="Journaliste@Example.org", commune="haouzia")
    subscribe(client, email="JOURNALISTE@EXAMPLE.ORG", initiative=district.road.slug)
    subscribe(client, email="Sahafi@Jarida-Ä.ma", commune="haouzia")

    assert list(Subscriber.objects.order_by("pk").values_list("email", flat=True)) == [
        "journaliste@example.org",
        "sahafi@jarida-ä.ma",
    ]
    assert Subscription.objects.count() == 3


def selected(page: Page, select: str) -> str:
    options = page.within("option", ("select", {"name": select}))
    (option,) = [o for o in options if "selected" in o.attrs]
    return option.attrs["value"]


def selected_frequency(page: Page) -> str:
    return selected(page, "frequency")


def test_the_manage_page_changes_how_often_a_subscription_is_sent(client, subscribe, district):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)
    subscription = Subscription.objects.get()
    page = Page(client.get(manage))
    (label,) = [x for x in page.all("label") if x.attrs["for"] == f"frequency-{subscription.pk}"]
    assert label.text == "Fréquence"
    assert selected_frequency(page) == "immediate"

    response = client.post(manage, {"subscription": subscription.pk, "frequency": "weekly"})

    assert response.status_code == 302 and response["Location"] == manage
    subscription.refresh_from_db()
    assert subscription.frequency == "weekly"
    assert subscription.confirmed_at is not None  # still sent, with no new confirmation
    assert selected_frequency(Page(client.get(manage))) == "weekly"
    assert len(mail.outbox) == 1  # the confirmation only


@pytest.mark.parametrize("frequency", ["hourly", "", "weekly" * 10])
def test_a_frequency_not_offered_is_refused_with_a_message_and_changes_nothing(
    client, subscribe, district, frequency
):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)
    subscription = Subscription.objects.get()

    response = client.post(manage, {"subscription": subscription.pk, "frequency": frequency})

    assert response.status_code == 400
    assert Page(response).one("p", role="alert").text == "Choisissez la fréquence dans la liste."
    assert Subscription.objects.get().frequency == "immediate"


def test_a_mistake_in_the_form_costs_nothing_of_the_limit(client, subscribe, district, settings):
    for _ in range(settings.ALERTS_FORM_LIMIT + 3):
        assert subscribe(client, email="not an address").status_code == 400

    assert subscribe(client).status_code == 302
    assert Subscriber.objects.count() == 1


def test_the_manage_page_changes_the_language_of_the_e_mails(client, subscribe, district):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)
    assert selected(Page(client.get(manage)), "language") == "fr"

    assert client.post(manage, {"language": "ar"}).status_code == 302
    assert Subscriber.objects.get().language == "ar"
    assert selected(Page(client.get(manage)), "language") == "ar"

    refused = client.post(manage, {"language": "xx"})
    assert refused.status_code == 400 and "form-errors" in refused.content.decode()
    assert Subscriber.objects.get().language == "ar"


def test_the_links_of_the_e_mails_answer_head_requests_and_change_nothing(
    client, subscribe, district
):
    subscribe(client, commune="haouzia")
    (message,) = mail.outbox
    confirm = link_to(message, "confirm")

    assert client.head("/fr/follow/").status_code == 200
    assert client.head(confirm).status_code == 200
    assert Subscription.objects.get().confirmed_at is None

    manage = confirm_last(client)
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")
    assert client.head(manage).status_code == 200
    assert client.head(unsubscribe).status_code == 200
    assert Subscriber.objects.exists()


@pytest.mark.parametrize("since", ["archived", "deleted"])
def test_an_initiative_archived_or_deleted_since_can_no_longer_be_followed_or_named(
    client, subscribe, district, since
):
    subscribe(client, commune="haouzia")
    manage = confirm_last(client)
    subscribe(client, initiative=district.road.slug)
    confirm = link_to(mail.outbox[-1], "confirm")
    title = district.road.title_fr

    if since == "archived":
        Initiative.objects.filter(pk=district.road.pk).update(state="archived")
    else:
        district.road.delete()

    assert client.post(confirm).status_code == 400
    assert Subscription.objects.get(scope="initiative").confirmed_at is None
    page = client.get(manage).content.decode()
    assert title not in page and f"/initiatives/{district.road.slug}/" not in page


def test_the_confirmation_leaves_after_the_visitor_has_the_page(rf, district):
    """How long the answer takes must not tell whether an address already follows the
    district: the e-mail is sent once the server has sent the page (WSGI's close())."""
    request = rf.post(
        "/fr/follow/",
        {"email": "new@example.org", "frequency": "weekly", "website": ""},
        REMOTE_ADDR="192.0.2.10",
    )
    with translation.override("fr"):
        response = views.follow(request)

        assert response.status_code == 302
        assert mail.outbox == []
        response.close()

    assert [message.to for message in mail.outbox] == [["new@example.org"]]
