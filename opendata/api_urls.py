"""The read-only JSON API, /api/v1/ (no language prefix: `?lang=` chooses)."""

from django.urls import path, re_path

from . import api

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("communes/", api.communes, name="communes"),
    path("sectors/", api.sectors, name="sectors"),
    path("partners/", api.partners, name="partners"),
    path("initiatives/", api.initiatives, name="initiatives"),
    path("initiatives/<slug:slug>/", api.initiative, name="initiative"),
    path("updates/", api.updates, name="updates"),
    path("openapi.json", api.openapi, name="openapi"),
    # Any other address, last: a JSON 404 rather than the site's HTML page. Only addresses
    # ending in a slash (any character before it, newlines included), so that a missing
    # slash is still added first (APPEND_SLASH).
    re_path(r"^[\s\S]*/$", api.not_found, name="not-found"),
]
