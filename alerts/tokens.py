"""The signed links of the e-mails: nothing to store, nothing to guess.

A confirmation link names one subscription and expires (ALERTS_CONFIRMATION_MAX_AGE). A
manage link names the subscriber and never expires, so that the unsubscribe link of an old
e-mail still works; it carries the subscriber's key, so it stops working once the address
is deleted, even if a later subscriber gets the same number.
"""

from django.conf import settings
from django.core import signing

from .models import Subscriber, Subscription

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"


class InvalidLink(Exception):
    """The link was altered, belongs to a deleted address, or has expired."""

    def __init__(self, *, expired: bool = False, gone: bool = False):
        super().__init__()
        self.expired, self.gone = expired, gone


def confirmation_token(subscription: Subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "k": subscription.subscriber.key}, salt=CONFIRM_SALT
    )


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=MANAGE_SALT)


def _loads(token: str, salt: str, max_age=None) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidLink(expired=True) from None
    except signing.BadSignature:
        raise InvalidLink from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int):
        raise InvalidLink
    return data


def subscription_for(token: str) -> Subscription:
    data = _loads(token, CONFIRM_SALT, max_age=settings.ALERTS_CONFIRMATION_MAX_AGE)
    found = (
        Subscription.objects.select_related("subscriber", "commune", "initiative")
        .with_withdrawn()
        .filter(pk=data["s"], subscriber__key=data.get("k"))
        .first()
    )
    if found is None or found.withdrawn:
        # An initiative no longer published cannot be followed any more.
        raise InvalidLink(gone=True)
    return found


def subscriber_for(token: str) -> Subscriber:
    data = _loads(token, MANAGE_SALT)
    found = Subscriber.objects.filter(pk=data["s"], key=data.get("k")).first()
    if found is None:
        raise InvalidLink(gone=True)
    return found
