from django.shortcuts import get_object_or_404, render

from initiatives.models import Initiative

from .models import Commune


def detail(request, slug):
    commune = get_object_or_404(Commune.objects.prefetch_related("census_figures"), slug=slug)
    initiatives = Initiative.objects.published().in_commune(commune).select_related("sector")
    return render(request, "communes/detail.html", {"commune": commune, "initiatives": initiatives})
