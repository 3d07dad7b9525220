"""The portal's addresses plus two that exist only under settings/loopback.py."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as portal_urlpatterns


def ceiling(request):
    """A constant page: what this stack serves when a view costs nothing (make bench)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def error(request):
    raise RuntimeError("A deliberate error, to show how errors are reported.")


urlpatterns = [
    path("loopback/ceiling/", ceiling),
    path("loopback/error/", error),
    *portal_urlpatterns,
]
