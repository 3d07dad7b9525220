"""Subscribing, confirming and unsubscribing; forgetting addresses never confirmed, and the
followers of initiatives deleted long ago."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from azemmour_portal import ratelimit
from communes.models import Commune
from initiatives.models import Initiative

from . import mail
from .models import Subscriber, Subscription

logger = logging.getLogger(__name__)

# A pending subscription's confirmation is sent again at most this often.
CONFIRMATION_INTERVAL = datetime.timedelta(hours=1)


def send_confirmation(subscription_pk: int) -> None:
    subscription = Subscription.objects.select_related("subscriber", "commune", "initiative").get(
        pk=subscription_pk
    )
    try:
        mail.confirmation(subscription).send()
    except Exception:
        # The visitor's page does not depend on the mail server; they can ask again later.
        logger.exception(
            "The confirmation e-mail of subscription %s was not sent.", subscription_pk
        )


@transaction.atomic
def subscription_request(
    *,
    email: str,
    language: str,
    frequency: str,
    commune: Commune | None = None,
    initiative: Initiative | None = None,
) -> int | None:
    """Record a request to follow; return the subscription whose confirmation is due, for
    send_confirmation() once the visitor has their page, or None.

    The visitor sees the same answer whatever happens here, so nobody can learn whether an
    address is subscribed; the confirmation is sent after the answer (alerts/views.py), so
    the time it takes does not tell either. A confirmed subscription is left as it is; a
    pending one gets its confirmation again, at most once an hour and three times a day per
    address, so the form cannot be used to flood someone's inbox.
    """
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language}
    )
    if not created and subscriber.confirmed_at is None and subscriber.language != language:
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    scope = (
        Subscription.Scope.COMMUNE
        if commune
        else Subscription.Scope.INITIATIVE
        if initiative
        else Subscription.Scope.DISTRICT
    )
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber,
        scope=scope,
        commune=commune,
        initiative=initiative,
        defaults={"frequency": frequency},
    )
    if subscription.confirmed_at is not None:
        return None
    now = timezone.now()
    if (
        subscription.confirmation_sent_at is not None
        and now - subscription.confirmation_sent_at < CONFIRMATION_INTERVAL
    ):
        return None
    if not ratelimit.hit(
        f"alerts-confirmation:{email}", limit=settings.ALERTS_CONFIRMATIONS_PER_DAY, window=86400
    ):
        return None
    subscription.frequency = frequency
    subscription.confirmation_sent_at = now
    subscription.full_clean()
    subscription.save()
    return subscription.pk


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> None:
    """The address owner clicked the link: from now on, changes are sent."""
    now = timezone.now()
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    subscriber = subscription.subscriber
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])


@transaction.atomic
def subscription_frequency(*, subscription: Subscription, frequency: str) -> None:
    """Send a subscription as it happens or as a weekly digest from now on. Nothing already
    sent is sent again (SentChange); a digest's week runs from the last e-mail sent.

    Raises ValidationError for a frequency that is not one of Subscription.Frequency."""
    subscription.frequency = frequency
    subscription.full_clean(exclude=["subscriber", "commune", "initiative"])
    subscription.save(update_fields=["frequency"])


@transaction.atomic
def subscriber_language(*, subscriber: Subscriber, language: str) -> None:
    """Send the subscriber's e-mails in `language` from now on.

    Raises ValidationError for a language the portal does not speak."""
    subscriber.language = language
    subscriber.full_clean(exclude=["email"])
    subscriber.save(update_fields=["language"])


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> bool:
    """Stop one subscription; the address goes with its last one. Whether it went."""
    subscriber = subscription.subscriber
    subscription.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return True
    return False


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Delete the address, its subscriptions and the record of what it was sent."""
    subscriber.delete()


@transaction.atomic
def unconfirmed_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> tuple[int, int]:
    """Delete requests never confirmed within ALERTS_UNCONFIRMED_DAYS, but for one whose
    latest confirmation link still works: it is kept until the link expires.

    Returns (addresses deleted, pending subscriptions of confirmed addresses deleted); with
    `dry_run`, what would be, and nothing is deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    link_sent_since = now - datetime.timedelta(seconds=settings.ALERTS_CONFIRMATION_MAX_AGE)
    pending = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).exclude(
        confirmation_sent_at__gte=link_sent_since
    )
    stale = (
        Subscriber.objects.filter(created_at__lt=cutoff)
        .exclude(subscriptions__confirmed_at__isnull=False)
        .exclude(subscriptions__confirmation_sent_at__gte=link_sent_since)
    )
    _, deleted = stale.delete()
    _, deleted_pending = pending.delete()
    if dry_run:
        transaction.set_rollback(True)
    return deleted.get("alerts.Subscriber", 0), deleted_pending.get("alerts.Subscription", 0)


@transaction.atomic
def deleted_initiatives_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> tuple[int, int]:
    """Delete the subscriptions to initiatives deleted more than ALERTS_DELETED_INITIATIVE_DAYS
    ago and not restored since: their followers were told of the deletion, and nothing more
    will be sent for them. An address goes with its last subscription.

    Returns (subscriptions deleted, addresses deleted); with `dry_run`, what would be, and
    nothing is deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ALERTS_DELETED_INITIATIVE_DAYS)
    ended = Subscription.objects.filter(deleted_initiative_at__lt=cutoff)
    followers = list(ended.values_list("subscriber_id", flat=True).distinct())
    _, deleted = ended.delete()
    _, deleted_addresses = Subscriber.objects.filter(
        pk__in=followers, subscriptions__isnull=True
    ).delete()
    if dry_run:
        transaction.set_rollback(True)
    return deleted.get("alerts.Subscription", 0), deleted_addresses.get("alerts.Subscriber", 0)
