from django.shortcuts import render

from activities.views import latest_news
from initiatives import tallies
from initiatives.models import Initiative, Update

from .cache import fragment

LATEST_UPDATES = 6


def district_figures() -> dict:
    """The district's totals and each commune's count, from the tallies."""
    district = tallies.summary()
    return {
        "figures": district["figures"],
        "status_counts": {status: n for status, (n, *_) in district["statuses"].items()},
        "communes": tallies.communes(),
    }


def home(request):
    district = fragment("district-figures", district_figures)
    return render(
        request,
        "home.html",
        {
            "figures": district["figures"],
            "by_status": [
                (value, label, district["status_counts"][value])
                for value, label in Initiative.Status.choices
            ],
            "communes": district["communes"],
            "updates": Update.objects.published()
            .for_items()
            .order_by("-observed_on", "-id")[:LATEST_UPDATES],
            "news": latest_news(),
        },
    )


def csrf_failure(request, reason=""):
    """A form refused by the security check (CSRF_FAILURE_VIEW): the portal's own page in
    the visitor's language, with no developer's hint (Django's page names DEBUG). In the
    admin it says where the text typed in a record's form is kept (static/admin/js/drafts.js)."""
    match = request.resolver_match
    in_admin = match is not None and match.namespace == "admin"
    return render(request, "403_csrf.html", {"in_admin": in_admin}, status=403)
