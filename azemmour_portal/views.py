from django.shortcuts import render

from communes.models import Commune
from initiatives.models import Initiative


def home(request):
    return render(
        request,
        "home.html",
        {
            "communes": Commune.objects.all(),
            "initiatives": Initiative.objects.published().select_related("sector")[:10],
        },
    )
