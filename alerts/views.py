"""The follow form, and the pages the e-mails link to.

The form sits on public pages that are cached whole and set no cookie (azemmour_portal/
cache.py), so it carries no CSRF token. Django's CSRF middleware is therefore replaced here
by what needs no cookie: the browser's own word that the form was posted from this site
(Origin and Sec-Fetch-Site), and, for the links in e-mails, the signed token in the address,
which another site cannot know. A forged request could at worst send a confirmation to an
address, which the rate limits bound and which only its owner can act on.
"""

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from azemmour_portal import ratelimit
from communes.models import Commune
from initiatives.models import Initiative

from . import services
from .forms import HONEYPOT, FollowForm
from .models import Subscription
from .tokens import InvalidLink, manage_token, subscriber_for, subscription_for


def _from_this_site(request) -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


def _target(data) -> dict:
    """The commune or initiative a GET address names, for the district-wide page."""
    commune = Commune.objects.filter(slug=data.get("commune") or "").first()
    if commune is not None:
        return {"kind": "commune", "target": commune}
    initiative = Initiative.objects.published().filter(slug=data.get("initiative") or "").first()
    return {"kind": "initiative", "target": initiative} if initiative is not None else {}


def _within_limit(request) -> bool:
    """Count one submission from the visitor's address; whether it is within the limit."""
    return ratelimit.hit(
        f"alerts-follow:{ratelimit.visitor_address(request)}",
        limit=settings.ALERTS_FORM_LIMIT,
        window=settings.ALERTS_FORM_WINDOW,
    )


def _too_many(request):
    seconds = ratelimit.seconds_left(settings.ALERTS_FORM_WINDOW)
    context = {"minutes": math.ceil(seconds / 60)}
    response = render(request, "alerts/too_many.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    """Follow the district, a commune or an initiative by e-mail."""
    if request.method != "POST":
        return render(request, "alerts/follow.html", {"form": FollowForm(), **_target(request.GET)})
    if not _from_this_site(request):
        return render(request, "alerts/refused.html", status=403)
    if request.POST.get(HONEYPOT):
        # A robot filled in the field people are asked to leave empty: it is told what a
        # person is told, and nothing is stored or sent.
        return redirect("alerts:thanks") if _within_limit(request) else _too_many(request)
    form = FollowForm(request.POST)
    if not form.is_valid():
        # A mistake costs nothing of the limit.
        context = {"form": form, **_target(request.POST)}
        return render(request, "alerts/follow.html", context, status=400)
    if not _within_limit(request):
        return _too_many(request)
    due = services.subscription_request(
        email=form.cleaned_data["email"],
        language=get_language(),
        frequency=form.cleaned_data["frequency"],
        commune=form.cleaned_data["commune"],
        initiative=form.cleaned_data["initiative"],
    )
    if due is None:
        return redirect("alerts:thanks")
    return RedirectThen(reverse("alerts:thanks"), lambda: services.send_confirmation(due))


class RedirectThen(HttpResponseRedirect):
    """A redirect that does some work once the server has sent it: the WSGI server calls
    close() after the last byte. A confirmation e-mail sent while the visitor waited would
    make an address that needs one answer slower than one already following."""

    def __init__(self, to: str, then):
        super().__init__(to)
        self.then = then

    def close(self):
        then, self.then = self.then, None
        try:
            if then is not None:
                then()
        finally:
            super().close()


def thanks(request):
    return render(
        request,
        "alerts/thanks.html",
        {"days": settings.ALERTS_CONFIRMATION_MAX_AGE // (24 * 60 * 60)},
    )


def _invalid(request, error: InvalidLink):
    context = {"expired": error.expired, "gone": error.gone}
    return render(request, "alerts/invalid_link.html", context, status=400)


def _private(response):
    # A page that names an address: never indexed, never kept by a cache.
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET asks for a click (mail scanners open links, people press buttons); POST confirms."""
    try:
        subscription = subscription_for(token)
    except InvalidLink as error:
        return _private(_invalid(request, error))
    if request.method == "POST":
        services.subscription_confirm(subscription=subscription)
        return redirect("alerts:manage", token=manage_token(subscription.subscriber))
    return _private(render(request, "alerts/confirm.html", {"subscription": subscription}))


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """A subscriber's subscriptions, each with how often it is sent (which can be changed)
    and a button that cancels it."""
    try:
        subscriber = subscriber_for(token)
    except InvalidLink as error:
        return _private(_invalid(request, error))
    if request.method == "POST":
        if "language" in request.POST:
            try:
                services.subscriber_language(
                    subscriber=subscriber, language=request.POST["language"]
                )
            except ValidationError:
                error = _("Choose a language from the list.")
                return _private(_manage_page(request, subscriber, token, error, status=400))
            return redirect("alerts:manage", token=token)
        chosen = request.POST.get("subscription", "")
        # isdecimal(), not isdigit(): "²" is a digit that int() refuses.
        subscription = (
            subscriber.subscriptions.filter(pk=int(chosen)).first() if chosen.isdecimal() else None
        )
        if subscription is not None and "frequency" in request.POST:
            try:
                services.subscription_frequency(
                    subscription=subscription, frequency=request.POST["frequency"]
                )
            except ValidationError:
                error = _("Choose how often from the list.")
                return _private(_manage_page(request, subscriber, token, error, status=400))
        elif subscription is not None and services.subscription_cancel(subscription=subscription):
            return redirect("alerts:unsubscribed")
        return redirect("alerts:manage", token=token)
    return _private(_manage_page(request, subscriber, token))


def _manage_page(request, subscriber, token, error=None, status=200):
    subscriptions = subscriber.subscriptions.select_related("commune", "initiative")
    subscriptions = subscriptions.with_withdrawn()
    context = {
        "subscriber": subscriber,
        "subscriptions": subscriptions,
        "token": token,
        "frequencies": Subscription.Frequency.choices,
        "languages": settings.LANGUAGES,
        "error": error,
    }
    return render(request, "alerts/manage.html", context, status=status)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One click: GET shows the button; POST (also a mail program's, RFC 8058) deletes."""
    try:
        subscriber = subscriber_for(token)
    except InvalidLink as error:
        if request.method == "POST" and error.gone:
            # Already deleted (a second click, a mail program's retry): the wish is met.
            return redirect("alerts:unsubscribed")
        return _private(_invalid(request, error))
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return redirect("alerts:unsubscribed")
    return _private(render(request, "alerts/unsubscribe.html", {"subscriber": subscriber}))


def unsubscribed(request):
    return render(request, "alerts/unsubscribed.html")
