"""The two e-mails: the confirmation, and the alert with what changed.

Each is rendered in the subscriber's language, as plain text and as HTML (with `lang` and
`dir`, right to left for Arabic), with absolute links (SITE_URL) and the one-click
unsubscribe headers of RFC 8058, which mail programs show as their own "unsubscribe" button.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from azemmour_portal.templatetags.portal import names
from opendata.changes import fields_text, withdrawal_link

from .models import Subscriber, Subscription
from .tokens import confirmation_token, manage_token


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _message(subscriber: Subscriber, subject: str, template: str, context: dict):
    """Render `template` (.txt and .html) in the subscriber's language, with their links."""
    token = manage_token(subscriber)
    unsubscribe_url = absolute(reverse("alerts:unsubscribe", args=[token]))
    context |= {
        "language": subscriber.language,
        "bidi": translation.get_language_bidi(),
        "manage_url": absolute(reverse("alerts:manage", args=[token])),
        "unsubscribe_url": unsubscribe_url,
        "site_url": absolute(reverse("home")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def confirmation(subscription: Subscription) -> EmailMultiAlternatives:
    subscriber = subscription.subscriber
    with translation.override(subscriber.language):
        context = {
            "target": subscription.target_name,
            "frequency": subscription.get_frequency_display(),
            "confirm_url": absolute(
                reverse("alerts:confirm", args=[confirmation_token(subscription)])
            ),
            "days": settings.ALERTS_CONFIRMATION_MAX_AGE // (24 * 60 * 60),
            "delete_days": settings.ALERTS_UNCONFIRMED_DAYS,
        }
        subject = gettext("Confirm that you want to follow %(target)s") % {
            "target": subscription.target_name
        }
        return _message(subscriber, subject, "confirmation", context)


def _entry(item) -> dict:
    """One change as the e-mail shows it, in the active language."""
    initiative = item.initiative
    date = date_format(timezone.localtime(item.date), "DATE_FORMAT")
    if initiative is None:  # withdrawn: named as the public saw it last
        return {
            "title": item.change.title,
            "communes": names(item.change.communes),
            "what": gettext("Withdrawn from the portal; the figures no longer count it."),
            "date": date,
            "url": absolute(withdrawal_link(item.change)),
        }
    if item.update is not None:
        what = gettext("New monitoring update: %(title)s") % {"title": item.update.title}
        anchor = f"#update-{item.update.pk}"
    elif item.change.published:
        what = item.change.publication_text
        anchor = f"#change-{item.change.history_id}"
    else:
        what = fields_text(item.change.fields)
        anchor = f"#change-{item.change.history_id}"
    return {
        "title": initiative.title,
        "communes": names(initiative.communes.all()),
        "what": what,
        "date": date,
        "url": absolute(initiative.get_absolute_url()) + anchor,
    }


def alert(subscriber: Subscriber, items: list, subscriptions: list[Subscription]):
    """One e-mail with every new change of the subscriber's subscriptions."""
    with translation.override(subscriber.language):
        followed = [
            {
                "name": s.target_name,
                "frequency": s.get_frequency_display(),
                "url": absolute(s.target.get_absolute_url() if s.target else reverse("home")),
                "ends": s.ends_text,
            }
            for s in subscriptions
        ]
        subject = ngettext(
            "%(count)d change in %(followed)s",
            "%(count)d changes in %(followed)s",
            len(items),
        ) % {"count": len(items), "followed": names(f["name"] for f in followed)}
        context = {"entries": [_entry(item) for item in items], "followed": followed}
        return _message(subscriber, subject, "alert", context)
