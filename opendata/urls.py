"""Open-data pages, inside each language's prefix (/<lang>/…)."""

from django.urls import path

from . import feeds, views

app_name = "opendata"
urlpatterns = [
    path("initiatives/export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("initiatives/export.json", views.export, {"fmt": "json"}, name="export-json"),
    path("initiatives/export.geojson", views.export, {"fmt": "geojson"}, name="export-geojson"),
    path("initiatives/<slug:slug>/feed/", feeds.InitiativeUpdatesFeed(), name="initiative-feed"),
    path("initiatives/<slug:slug>/embed/", views.initiative_embed, name="initiative-embed"),
    path("communes/<slug:slug>/fact-sheet/", views.fact_sheet, name="fact-sheet"),
    path("communes/<slug:slug>/changes/", views.commune_changes, name="commune-changes"),
    path(
        "communes/<slug:slug>/changes/feed/",
        feeds.CommuneChangesFeed(),
        name="commune-changes-feed",
    ),
    path("communes/<slug:slug>/feed/", feeds.CommuneUpdatesFeed(), name="commune-feed"),
    path("communes/<slug:slug>/embed/", views.commune_embed, name="commune-embed"),
    path("updates/feed/", feeds.UpdatesFeed(), name="updates-feed"),
    path("changes/", views.district_changes, name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes-feed"),
    path("data/", views.dictionary, name="dictionary"),
]
