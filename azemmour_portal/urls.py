from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health, views
from .security import media

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health.healthz, name="healthz"),
    path("", include("opendata.crawler_urls")),
    path("api/v1/", include("opendata.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("communes/", include("communes.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("foundation/", include("governance.urls")),
    # The foundation's work (proposals, advocacy, trainings, events, news) under the same prefix.
    path("foundation/", include("activities.urls")),
    path("search/", include("search.urls")),
    # Citizens' reports (under initiatives/<slug>/report/) and suggestions.
    path("", include("citizens.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("opendata.urls")),
    # The district's and each commune's map: /map/, /communes/<slug>/map/.
    path("", include("maps.urls")),
)

if settings.DEBUG:
    # Uploaded files, each with a safe content type (security/media.py).
    urlpatterns += static(settings.MEDIA_URL, view=media.serve)
