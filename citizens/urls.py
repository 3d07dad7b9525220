from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("initiatives/<slug:slug>/report/", views.report, name="report"),
    path("suggest/", views.suggest, name="suggest"),
    path("thanks/<str:token>/", views.thanks, name="thanks"),
]
