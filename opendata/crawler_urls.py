"""What search engines read first: robots.txt and the sitemaps (no language prefix)."""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from . import views
from .sitemaps import SITEMAPS, index

app_name = "crawlers"
urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path(
        "sitemap.xml",
        index,
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "opendata/sitemap.xml"},
        name="sitemap-section",
    ),
]
