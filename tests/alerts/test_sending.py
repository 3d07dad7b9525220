"""send_alerts: what is sent, when, once, and to whom."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from alerts import services
from alerts.models import SentChange, Subscriber, Subscription
from alerts.sending import alerts_send
from initiatives.models import Initiative
from workflow.restore import initiative_restore

from .conftest import html_part, links, status_label


@pytest.fixture
def follow(db):
    """A confirmed subscription, as if its owner had clicked the link `confirmed` ago."""

    def make(*, email="reader@example.org", language="fr", confirmed=None, **target):
        subscriber, _ = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language, "confirmed_at": timezone.now()}
        )
        scope = next(iter(target), "district")
        return Subscription.objects.create(
            subscriber=subscriber,
            scope=scope,
            confirmed_at=timezone.now() - (confirmed or datetime.timedelta()),
            **target,
        )

    return make


def change_status(initiative, status):
    initiative.status = status
    initiative.save()


def test_new_updates_new_initiatives_and_changes_in_the_commune_go_in_one_mail(
    follow, district, make_initiative, make_update
):
    follow(commune=district.haouzia)
    follow(initiative=district.water_project)  # the same address, a second subscription
    change_status(district.water_project, Initiative.Status.STALLED)
    make_update(initiative=district.water_project, title_fr="Chantier arrêté", is_published=True)
    make_initiative(communes=[district.haouzia], title_fr="Nouvelle école", is_published=True)
    # What the public cannot see is never sent.
    change_status(district.draft, Initiative.Status.COMPLETED)
    make_update(initiative=district.water_project, title_fr="Note interne")
    make_initiative(communes=[district.haouzia], title_fr="Projet en brouillon")
    # Nor what happens elsewhere.
    change_status(district.school, Initiative.Status.IN_PROGRESS)

    call_command("send_alerts", verbosity=0)

    (message,) = mail.outbox
    body, footer = message.body.split("\n--\n")
    assert "Nouvelle école" in body
    assert "Chantier arrêté" in body
    assert status_label("stalled", "fr") in body
    # One change followed twice is written once.
    assert body.count(district.water_project.title_fr) == 2  # the status, the update
    for hidden in ("Note interne", "Projet en brouillon", district.draft.title_fr):
        assert hidden not in body and hidden not in html_part(message)
    assert district.school.title_fr not in body
    assert "3 " in message.subject
    assert SentChange.objects.count() == 5  # 3 for the commune, 2 for the initiative


def test_the_weekly_digest_groups_a_week_of_changes(follow, district, settings):
    settings.ALERTS_LOOKBACK_DAYS = 30  # the runs below jump two weeks ahead of the changes
    follow(commune=district.haouzia, frequency="weekly")
    change_status(district.water_project, Initiative.Status.STALLED)
    now = timezone.now()

    alerts_send(now=now + datetime.timedelta(days=2))
    assert not mail.outbox  # the week is not over

    district.water_project.progress = 55
    district.water_project.save()
    alerts_send(now=now + datetime.timedelta(days=7, minutes=1))

    (digest,) = mail.outbox
    assert status_label("stalled", "fr") in digest.body
    assert re.search(r"\b55\s*%", digest.body)  # the new progress, not a time ("…:55")
    assert digest.subject.startswith("2 ")

    change_status(district.water_project, Initiative.Status.IN_PROGRESS)
    alerts_send(now=now + datetime.timedelta(days=10))
    assert len(mail.outbox) == 1  # the next digest waits for the next week
    alerts_send(now=now + datetime.timedelta(days=14, minutes=2))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("1 ")  # only what the first digest did not carry
    assert f"{status_label('stalled', 'fr')} → {status_label('in_progress', 'fr')}" in (
        mail.outbox[1].body
    )


def test_dry_run_says_what_would_go_and_sends_and_records_nothing(follow, district):
    follow(commune=district.haouzia)
    change_status(district.water_project, Initiative.Status.STALLED)
    out = StringIO()

    call_command("send_alerts", "--dry-run", stdout=out, stderr=StringIO())

    assert "Would send to subscriber" in out.getvalue()
    # The subject the subscriber would get, in their language (French).
    assert "1 modification dans Haouzia" in out.getvalue()
    assert not mail.outbox
    assert not SentChange.objects.exists()
    assert Subscription.objects.get().last_sent_at is None
    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1


def test_the_progress_bar_shows_on_request(follow, district):
    follow(commune=district.haouzia)
    follow(commune=district.azemmour, email="other@example.org")
    err = StringIO()

    call_command("send_alerts", "--progress", stdout=StringIO(), stderr=err)

    assert "2/2" in err.getvalue()


def test_a_mail_that_fails_to_leave_is_tried_again_at_the_next_run(follow, district, monkeypatch):
    follow(commune=district.haouzia)
    change_status(district.water_project, Initiative.Status.STALLED)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
        err = StringIO()
        call_command("send_alerts", stdout=StringIO(), stderr=err)
    assert "1 e-mail(s) failed" in err.getvalue()
    assert not SentChange.objects.exists()

    call_command("send_alerts", verbosity=0)
    assert len(mail.outbox) == 1


def test_queries_per_subscriber_do_not_grow_with_the_changes(follow, district, make_initiative):
    def queries_for_a_run():
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as queries:
            alerts_send()
        assert len(mail.outbox) == 2
        return len(queries)

    follow(commune=district.haouzia)
    follow(commune=district.haouzia, email="other@example.org")
    make_initiative(communes=[district.haouzia], is_published=True)
    few = queries_for_a_run()
    for _ in range(6):
        make_initiative(communes=[district.haouzia], is_published=True)
    many = queries_for_a_run()

    assert many == few


def test_unconfirmed_addresses_are_deleted_after_seven_days(client, subscribe, district):
    subscribe(client, email="old@example.org", commune="haouzia")
    subscribe(client, email="recent@example.org", commune="haouzia")
    subscribe(client, email="confirmed@example.org", commune="haouzia")
    confirmed = Subscriber.objects.get(email="confirmed@example.org")
    Subscription.objects.filter(subscriber=confirmed).update(confirmed_at=timezone.now())
    week_ago = timezone.now() - datetime.timedelta(days=7, hours=1)
    Subscriber.objects.exclude(email="recent@example.org").update(created_at=week_ago)
    Subscription.objects.exclude(subscriber__email="recent@example.org").update(
        created_at=week_ago, confirmation_sent_at=week_ago
    )
    call_command("purge_unconfirmed_subscribers", "--dry-run", stdout=StringIO())
    assert Subscriber.objects.count() == 3
    out = StringIO()

    call_command("purge_unconfirmed_subscribers", stdout=out)

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "confirmed@example.org",
    }
    assert "1 address(es)" in out.getvalue()


def test_a_confirmation_sent_again_on_the_sixth_day_works_until_its_link_expires(
    client, subscribe, district, settings
):
    """The e-mail says its link works for three days: the purge keeps the request that
    long after the latest confirmation, even past the seven days."""
    subscribe(client, email="late@example.org", commune="haouzia")
    six_days_ago = timezone.now() - datetime.timedelta(days=6, hours=12)
    Subscriber.objects.update(created_at=six_days_ago)
    Subscription.objects.update(created_at=six_days_ago, confirmation_sent_at=six_days_ago)
    mail.outbox.clear()
    subscribe(client, email="late@example.org", commune="haouzia")  # sent again today
    assert len(mail.outbox) == 1
    link_age = datetime.timedelta(seconds=settings.ALERTS_CONFIRMATION_MAX_AGE)

    kept = services.unconfirmed_purge(now=timezone.now() + datetime.timedelta(hours=13))
    gone = services.unconfirmed_purge(now=timezone.now() + link_age + datetime.timedelta(hours=1))

    assert kept == (0, 0)
    assert gone == (1, 0)


def test_markup_in_a_title_is_text_in_both_parts_of_the_mail(follow, district, make_initiative):
    follow(commune=district.haouzia)
    make_initiative(
        communes=[district.haouzia], title_fr="Puits <b>&</b> forage", is_published=True
    )

    alerts_send()

    (message,) = mail.outbox
    assert "Puits <b>&</b> forage" in message.body
    assert "Puits &lt;b&gt;&amp;&lt;/b&gt; forage" in html_part(message)
    assert "<b>" not in html_part(message)


def test_a_digest_changed_to_as_it_happens_sends_what_waits_once(follow, district):
    from alerts import services

    subscription = follow(commune=district.haouzia, frequency="weekly")
    change_status(district.water_project, Initiative.Status.STALLED)
    now = timezone.now()
    alerts_send(now=now + datetime.timedelta(days=1))
    assert not mail.outbox  # the week is not over

    services.subscription_frequency(subscription=subscription, frequency="immediate")
    alerts_send(now=now + datetime.timedelta(days=1, minutes=1))
    alerts_send(now=now + datetime.timedelta(days=1, minutes=2))

    (message,) = mail.outbox
    assert status_label("stalled", "fr") in message.body


def test_followers_are_told_when_an_initiative_is_withdrawn_from_the_portal(
    client, follow, district
):
    water = district.water_project  # in Haouzia
    follow(commune=district.haouzia)
    follow(initiative=water, email="ar@example.org", language="ar")
    follow(email="district@example.org")
    follow(commune=district.azemmour, email="azemmour@example.org")
    title_fr, title_ar = water.title_fr, water.title_ar
    water.title_fr = "Titre jamais public"  # renamed on the way out: never seen
    water.state = "archived"
    water.save()

    alerts_send()

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"reader@example.org", "ar@example.org", "district@example.org"}
    french = told["reader@example.org"]
    assert title_fr in french.body and "Titre jamais public" not in french.body
    assert "Haouzia" in french.body
    assert "Retirée du portail" in french.body and "Retirée du portail" in html_part(french)
    assert water.slug not in french.body  # it has no page any more
    arabic = told["ar@example.org"]
    assert title_ar in arabic.body and "سُحبت من البوابة" in arabic.body
    # The link opens the change log where the withdrawal is listed, under its public title.
    (path,) = [p for p in links(french) if "/changes/" in p]
    page = client.get(path)
    assert page.status_code == 200
    anchor = path.split("#")[1]
    assert f'id="{anchor}"' in page.content.decode() and title_fr in page.content.decode()


def test_the_followers_of_a_commune_are_told_of_an_initiative_deleted_there(follow, district):
    follow(commune=district.haouzia)
    title = district.water_project.title_fr
    district.water_project.delete()

    alerts_send()

    (message,) = mail.outbox
    assert title in message.body and "Retirée du portail" in message.body


def test_the_follower_of_a_deleted_initiative_is_told_and_follows_it_again_once_restored(
    client, follow, district, superuser
):
    water = district.water_project
    subscription = follow(initiative=water)
    pk, title = water.pk, water.title_fr
    water.delete()

    subscription.refresh_from_db()
    assert (subscription.initiative_id, subscription.deleted_initiative_id) == (None, pk)
    alerts_send()
    (told,) = mail.outbox
    assert title in told.body and "Retirée du portail" in told.body
    # Until when the subscription is kept, waiting for the initiative to come back: in the
    # e-mail and on their alerts page, which names the initiative no more.
    ends = subscription.deleted_initiative_at + datetime.timedelta(days=90)
    with translation.override("fr"):
        ends_text = f"cet abonnement prend fin le {date_format(timezone.localtime(ends))}, sauf si"
    assert ends_text in told.body and ends_text in html_part(told)
    manage = next(p for p in links(told) if "/follow/manage/" in p)
    page = client.get(manage).content.decode()
    assert "une initiative qui n’est plus publiée" in page and title not in page
    assert ends_text in page

    deletion = Initiative.history.model.objects.get(id=pk, history_type="-")
    initiative_restore(history_id=deletion.history_id, user=superuser)
    subscription.refresh_from_db()
    assert (subscription.initiative_id, subscription.deleted_initiative_id) == (pk, None)
    change_status(Initiative.objects.get(pk=pk), Initiative.Status.STALLED)
    mail.outbox.clear()
    alerts_send()
    (message,) = mail.outbox
    assert status_label("stalled", "fr") in message.body


def test_a_deleted_initiative_never_restored_is_followed_for_90_days_then_forgotten(
    follow, district
):
    """Its followers were told; past the wait, their address is kept only if it follows
    something else (law 09-08)."""
    road, water = district.road, district.water_project
    only = follow(initiative=road, email="only@example.org")
    follow(initiative=road, email="both@example.org")
    follow(commune=district.haouzia, email="both@example.org")
    kept = follow(initiative=water, email="water@example.org")
    road.delete()
    water.delete()
    only.refresh_from_db()
    deleted_at = only.deleted_initiative_at
    assert deleted_at is not None
    # Deleted long after the road: still waiting for the bureau to restore it.
    Subscription.objects.filter(pk=kept.pk).update(
        deleted_initiative_at=deleted_at + datetime.timedelta(days=30)
    )
    day_90 = deleted_at + datetime.timedelta(days=90)

    assert services.deleted_initiatives_purge(now=day_90 - datetime.timedelta(hours=1)) == (0, 0)
    assert services.deleted_initiatives_purge(now=day_90 + datetime.timedelta(hours=1)) == (2, 1)

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "both@example.org",
        "water@example.org",
    }
    assert list(Subscription.objects.values_list("scope", "subscriber__email")) == [
        ("commune", "both@example.org"),
        ("initiative", "water@example.org"),
    ]


def test_the_daily_purge_forgets_the_followers_of_initiatives_deleted_long_ago(
    follow, district, settings
):
    settings.ALERTS_DELETED_INITIATIVE_DAYS = 0
    follow(initiative=district.road)
    district.road.delete()

    call_command("purge_unconfirmed_subscribers", "--dry-run", stdout=StringIO())
    assert Subscriber.objects.count() == 1
    out = StringIO()
    call_command("purge_unconfirmed_subscribers", stdout=out)

    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert "1 subscription(s) to initiatives deleted" in out.getvalue()


def test_a_restored_initiatives_followers_wait_for_no_deletion(follow, district, superuser):
    subscription = follow(initiative=district.road)
    pk = district.road.pk
    district.road.delete()
    deletion = Initiative.history.model.objects.get(id=pk, history_type="-")

    initiative_restore(history_id=deletion.history_id, user=superuser)

    subscription.refresh_from_db()
    assert (subscription.initiative_id, subscription.deleted_initiative_at) == (pk, None)
    later = timezone.now() + datetime.timedelta(days=365)
    assert services.deleted_initiatives_purge(now=later) == (0, 0)


def test_a_deleted_initiatives_subscription_keeps_the_date_of_the_deletion(district, follow):
    subscription = follow(initiative=district.road)
    district.road.delete()

    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk).update(deleted_initiative_at=None)


@pytest.mark.parametrize(
    "target",
    [
        {"scope": "initiative"},
        {"scope": "commune", "deleted_initiative_id": 7},
        {"scope": "district", "deleted_initiative_id": 7},
    ],
)
def test_a_subscription_names_one_target_for_its_scope(district, target):
    subscriber = Subscriber.objects.create(email="x@example.org", language="fr")
    if target["scope"] == "commune":
        target["commune"] = district.haouzia

    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(subscriber=subscriber, **target)


def test_followers_are_told_when_an_initiative_comes_back_unchanged(follow, district):
    water = district.water_project
    follow(commune=district.haouzia)
    water.state = "archived"
    water.save()
    alerts_send()
    mail.outbox.clear()

    water.state = "published"
    water.save()
    alerts_send()

    # Back as it was: said as a return, not as a new initiative.
    (message,) = mail.outbox
    assert water.title_fr in message.body
    for text in (message.body, html_part(message)):
        assert "Publiée de nouveau sur le portail, avec le statut" in text
