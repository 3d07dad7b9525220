from django.urls import path

from . import views

app_name = "communes"
urlpatterns = [
    path("", views.commune_list, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
]
