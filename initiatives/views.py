from django.shortcuts import get_object_or_404, render

from .models import Initiative


def detail(request, slug):
    initiative = get_object_or_404(
        Initiative.objects.published()
        .select_related("sector", "implementing_body")
        .prefetch_related("communes"),
        slug=slug,
    )
    return render(request, "initiatives/detail.html", {"initiative": initiative})
