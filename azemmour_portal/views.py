from django.db.models import Count, Q
from django.shortcuts import render

from activities.views import latest_news
from communes.models import Commune
from initiatives.models import Initiative, Update

from .cache import fragment

LATEST_UPDATES = 6


def district_figures() -> dict:
    """The district's totals and each commune's count: cached, they are the costly part."""
    published = Initiative.objects.published()
    communes = Commune.objects.annotate(
        initiative_count=Count(
            "initiatives", filter=Q(initiatives__in=published.values("pk")), distinct=True
        )
    )
    return {
        "figures": published.figures(),
        "status_counts": published.status_counts(),
        "communes": list(communes),
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
            .select_related("initiative")
            .order_by("-observed_on", "-id")[:LATEST_UPDATES],
            "news": latest_news(),
        },
    )
