"""The public side: the report and suggestion forms, the thank-you page and the page of
a visitor who sent too many.

Visitors have no session (no cookie on public pages), so "per session" is per browser,
told apart by the CSRF cookie that every form page sets. The limit per address is
higher, since many people may share one (a training room's Wi-Fi, a mobile operator's
shared address); it stops a script that throws its cookies away.
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from azemmour_portal import ratelimit
from initiatives.models import Initiative

from . import services
from .forms import FieldReportForm, SuggestionForm
from .models import new_reference

RATE_WINDOW = 60 * 60
THANKS_SALT = "citizens.thanks"
THANKS_MAX_AGE = 60 * 60


ADDRESS = "address"
BROWSER = "browser"


def limit_reached(request) -> str | None:
    """Count one submission from this address and this browser; which limit it passes
    (ADDRESS or BROWSER), or None while both are kept."""
    address = ratelimit.hit(
        f"citizens:ip:{ratelimit.visitor_address(request)}",
        limit=settings.CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR,
        window=RATE_WINDOW,
    )
    browser = True
    if cookie := request.META.get("CSRF_COOKIE"):
        # Counted even when the address is over: both counts must see every attempt.
        browser = ratelimit.hit(
            f"citizens:browser:{cookie}",
            limit=settings.CITIZEN_SUBMISSIONS_PER_HOUR,
            window=RATE_WINDOW,
        )
    if not browser:
        return BROWSER
    return None if address else ADDRESS


def too_many(request, reached: str):
    response = render(request, "citizens/too_many.html", {"reached": reached, **limits()})
    return retry_later(response)


def retry_later(response):
    response.status_code = 429
    response["Retry-After"] = str(ratelimit.seconds_left(RATE_WINDOW))
    return response


def form_page(request, template: str, form, context: dict):
    """A form shown again: with its errors, or as typed but over a limit (429)."""
    response = render(request, template, {"form": form, **form_context(), **context})
    return retry_later(response) if form.over_limit else response


def limits() -> dict:
    return {
        "limit": settings.CITIZEN_SUBMISSIONS_PER_HOUR,
        "address_limit": settings.CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR,
    }


def thanks_redirect(reference: str):
    token = signing.dumps(reference, salt=THANKS_SALT)
    return redirect("citizens:thanks", token=token)


def admin_url(request, submission) -> str:
    meta = submission._meta
    path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[submission.pk])
    return request.build_absolute_uri(path)


def first_sent(model, token):
    """The submission already sent from the form page of this token, if any."""
    return model.objects.filter(form_token=token).first() if token else None


def _submit(request, form, save, prefix: str):
    """What both forms do with a POST: honeypot, validation, limit, storage, mail.

    The response, or None when the form is to be shown again: with its errors (a mistake
    costs nothing of the limit), or as the visitor typed it but not recorded
    (`form.over_limit`), so that nothing they wrote is lost. The same form page sent
    again (a double tap, a page sent twice) gets the first one's thank-you page, and
    nothing more is stored or counted."""
    if form.is_trap_filled:
        if reached := limit_reached(request):
            return too_many(request, reached)
        # Answered as a success, so that the program learns nothing; nothing is stored.
        services.submission_drop()
        return thanks_redirect(new_reference(prefix))
    if not form.is_valid():
        return None
    model, token = form._meta.model, form.cleaned_data["token"]
    if earlier := first_sent(model, token):
        return thanks_redirect(earlier.reference)
    if reached := limit_reached(request):
        form.over_limit = reached
        return None
    try:
        with transaction.atomic():
            submission = save(form.cleaned_data)
    except IntegrityError:
        # Sent twice at the same moment: the other request stored it.
        if earlier := first_sent(model, token):
            return thanks_redirect(earlier.reference)
        raise
    url = admin_url(request, submission)
    transaction.on_commit(lambda: services.bureau_notify(submission=submission, admin_url=url))
    return thanks_redirect(submission.reference)


def form_context() -> dict:
    return {"retention_days": settings.CITIZEN_CONTACT_RETENTION_DAYS, **limits()}


def contact_of(data) -> dict:
    return {name: data.get(name, "") for name in ("contact_name", "contact_phone", "contact_email")}


@never_cache
def report(request, slug):
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    form = FieldReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        response = _submit(
            request,
            form,
            lambda data: services.report_submit(
                initiative=initiative,
                kind=data["kind"],
                text=data["text"],
                seen_on=data["seen_on"],
                photos=data["photos"],
                form_token=data["token"],
                **contact_of(data),
            ),
            "R",
        )
        if response is not None:
            return response
    return form_page(request, "citizens/report_form.html", form, {"initiative": initiative})


@never_cache
def suggest(request):
    initial = {"commune": request.GET.get("commune")} if request.method == "GET" else None
    form = SuggestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        response = _submit(
            request,
            form,
            lambda data: services.suggestion_submit(
                commune=data["commune"],
                sector=data["sector"],
                title=data["title"],
                description=data["description"],
                location=data["location"],
                form_token=data["token"],
                **contact_of(data),
            ),
            "S",
        )
        if response is not None:
            return response
    return form_page(request, "citizens/suggest_form.html", form, {})


@never_cache
def thanks(request, token):
    try:
        reference = signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    return render(request, "citizens/thanks.html", {"reference": reference})
