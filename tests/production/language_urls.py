"""The portal's addresses and one more, without a language prefix, that answers in the
language LocaleMiddleware chose from the browser (test_caching.py)."""

import json

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext

from azemmour_portal.urls import urlpatterns as portal_urlpatterns


def greeting(request):
    body = json.dumps({"name": gettext("The foundation")}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [path("greeting.json", greeting), *portal_urlpatterns]
