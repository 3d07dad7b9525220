"""What each subscription has not been sent yet, and the sending of it (send_alerts).

What changed is read from what the public already sees: the public change log
(opendata/changes.py: status, progress, budget, spending, planned end, an initiative's
publication, which is how a new initiative appears, and its withdrawal from public view)
and the published monitoring updates. A subscription to one initiative outlives its
deletion (alerts/signals.py), so that its follower is told of it too.
Each target (the district, a commune, an initiative) is read once per run, however many
addresses follow it.

One e-mail per subscriber per run. The changes it carries are recorded per subscription
(SentChange) in the same transaction that chose them, before the e-mail leaves: a change is
never sent twice, and an e-mail that fails to leave rolls its record back, to be tried again
at the next run.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from initiatives.models import Initiative, Update
from opendata import changes

from . import mail
from .models import SentChange, Subscriber, Subscription

logger = logging.getLogger(__name__)

WEEK = datetime.timedelta(days=7)


@dataclass
class Item:
    key: str
    date: datetime.datetime
    initiative: Initiative | None  # None for a withdrawal: its change says what it was
    change: changes.Change | None = None
    update: Update | None = None


class Reader:
    """The public changes of each followed target since `start`, read once per target."""

    def __init__(self, start: datetime.datetime, end: datetime.datetime):
        self.start, self.end = start, end
        self._found: dict[tuple, list[Item]] = {}

    def items(self, subscription: Subscription) -> list[Item]:
        target = (
            subscription.scope,
            subscription.commune_id,
            subscription.followed_initiative_id,
        )
        if target not in self._found:
            self._found[target] = self._read(
                subscription.initiatives(), withdrawn(subscription), subscription.commune_id
            )
        return [item for item in self._found[target] if item.date >= subscription.confirmed_at]

    def _read(self, initiatives, withdrawn, commune) -> list[Item]:
        found = changes.attach(
            changes.between(
                initiatives, self.start, self.end, withdrawn=withdrawn, commune=commune
            ),
            initiatives.prefetch_related("communes"),
        )
        items = [Item(f"change:{c.history_id}", c.date, c.initiative, change=c) for c in found]
        updates = (
            Update.objects.published()
            .filter(
                initiative__in=initiatives.values("pk"),
                published_at__gte=self.start,
                published_at__lt=self.end,
            )
            .select_related("initiative")
            .prefetch_related("initiative__communes")
        )
        items += [Item(f"update:{u.pk}", u.published_at, u.initiative, update=u) for u in updates]
        return sorted(items, key=lambda item: (item.date, item.key))


def withdrawn(subscription: Subscription):
    """The initiatives whose withdrawal from public view the subscription is told of, as the
    change logs tell it (changes.ever_public()): any the public saw in the district or the
    commune followed, or the initiative followed."""
    if subscription.scope == Subscription.Scope.COMMUNE:
        return changes.ever_public(subscription.commune_id)
    ever_public = changes.ever_public()
    if subscription.scope == Subscription.Scope.INITIATIVE:
        return ever_public.filter(id=subscription.followed_initiative_id)
    return ever_public


def is_due(subscription: Subscription, now: datetime.datetime) -> bool:
    """Immediate subscriptions at every run; a weekly digest a week after the last one."""
    if subscription.frequency == Subscription.Frequency.IMMEDIATE:
        return True
    return now - (subscription.last_sent_at or subscription.confirmed_at) >= WEEK


@dataclass
class Outcome:
    subscriber: Subscriber
    count: int
    message: object = None


@dataclass
class Report:
    sent: list[Outcome] = field(default_factory=list)
    failed: int = 0


def _one_subscriber(pk: int, reader: Reader, now, *, dry_run: bool) -> Outcome | None:
    subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
    if subscriber is None:
        return None  # unsubscribed since the run started
    subscriptions = list(
        subscriber.subscriptions.confirmed().select_related("commune", "initiative")
    )
    already = set(
        SentChange.objects.filter(subscription__in=subscriptions).values_list(
            "subscription_id", "key"
        )
    )
    due = [s for s in subscriptions if is_due(s, now)]
    chosen: dict[str, Item] = {}
    records, with_news = [], []
    for subscription in due:
        new = [i for i in reader.items(subscription) if (subscription.pk, i.key) not in already]
        records += [SentChange(subscription=subscription, key=i.key) for i in new]
        if new:
            with_news.append(subscription)
        chosen |= {i.key: i for i in new}
    items = sorted(chosen.values(), key=lambda item: (item.date, item.key))
    message = mail.alert(subscriber, items, with_news) if items else None
    if not dry_run:
        # A digest's week starts again when it is due, with or without news.
        restarted = [
            s.pk for s in due if s in with_news or s.frequency == Subscription.Frequency.WEEKLY
        ]
        Subscription.objects.filter(pk__in=restarted).update(last_sent_at=now)
        if items:
            SentChange.objects.bulk_create(records)
            message.send()
    return Outcome(subscriber, len(items), message) if items else None


def alerts_send(*, dry_run: bool = False, now=None, progress=None) -> Report:
    """Send every confirmed subscriber what is new for them; see the module docstring.

    `progress(done, total)` is called after each subscriber.
    """
    now = now or timezone.now()
    reader = Reader(now - datetime.timedelta(days=settings.ALERTS_LOOKBACK_DAYS), now)
    pks = list(
        Subscriber.objects.filter(subscriptions__confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    report = Report()
    for done, pk in enumerate(pks, start=1):
        try:
            with transaction.atomic():
                outcome = _one_subscriber(pk, reader, now, dry_run=dry_run)
        except Exception:
            logger.exception("The alert of subscriber %s was not sent.", pk)
            report.failed += 1
        else:
            if outcome is not None:
                report.sent.append(outcome)
        if progress is not None:
            progress(done, len(pks))
    return report
