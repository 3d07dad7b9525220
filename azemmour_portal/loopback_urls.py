"""The portal's addresses plus three that exist only under settings/loopback.py."""

import os

from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ratelimit
from .urls import urlpatterns as portal_urlpatterns

PROBE_LIMIT = 5
PROBE_WINDOW = 300


def ceiling(request):
    """A constant page: what this stack serves when a view costs nothing (make bench)."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def ratelimit_probe(request):
    """One counted submission, as a citizen form would count it: 429 past the limit."""
    allowed = ratelimit.hit(
        f"probe:{request.POST.get('key', '')}", limit=PROBE_LIMIT, window=PROBE_WINDOW
    )
    return JsonResponse({"allowed": allowed, "pid": os.getpid()}, status=200 if allowed else 429)


def error(request):
    raise RuntimeError("A deliberate error, to show how errors are reported.")


urlpatterns = [
    path("loopback/ceiling/", ceiling),
    path("loopback/ratelimit/", ratelimit_probe),
    path("loopback/error/", error),
    *portal_urlpatterns,
]
