"""The portal's addresses plus test-only pages: one that other sites may frame."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from azemmour_portal.security.headers import frameable
from azemmour_portal.urls import urlpatterns as portal_urlpatterns


@frameable
def embed(request):
    return HttpResponse("<!DOCTYPE html><title>embed</title><p>embed</p>")


class EmbedView(View):
    def get(self, request):
        return HttpResponse("<!DOCTYPE html><title>embed</title><p>embed</p>")


urlpatterns = [
    path("ar/test-embed/", embed),
    path("ar/test-embed-class/", frameable(EmbedView.as_view())),
    *portal_urlpatterns,
]
