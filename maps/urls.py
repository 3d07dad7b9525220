"""Map pages, inside each language's prefix (/<lang>/…)."""

from django.urls import path

from . import views

app_name = "maps"
urlpatterns = [
    path("map/", views.district_map, name="district"),
    path("map/initiatives.geojson", views.initiatives_geojson, name="initiatives"),
    path("communes/<slug:slug>/map/", views.commune_map, name="commune"),
    path("communes/<slug:slug>/map/outline.geojson", views.commune_outline, name="outline"),
]
