from django.db.models import Count, Q
from django.shortcuts import render

from communes.models import Commune
from initiatives.models import Initiative, Update

LATEST_UPDATES = 6


def home(request):
    published = Initiative.objects.published()
    communes = Commune.objects.annotate(
        initiative_count=Count(
            "initiatives", filter=Q(initiatives__in=published.values("pk")), distinct=True
        )
    )
    status_counts = published.status_counts()
    return render(
        request,
        "home.html",
        {
            "figures": published.figures(),
            "by_status": [
                (value, label, status_counts[value]) for value, label in Initiative.Status.choices
            ],
            "communes": communes,
            "updates": Update.objects.published()
            .select_related("initiative")
            .order_by("-observed_on", "-id")[:LATEST_UPDATES],
        },
    )
