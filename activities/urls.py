"""The foundation's work, under /<lang>/foundation/ beside the governance app's page."""

from django.urls import path

from . import feeds, views

app_name = "activities"
urlpatterns = [
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<slug:slug>/", views.proposal_detail, name="proposal"),
    path("advocacy/", views.dossier_list, name="dossiers"),
    path("advocacy/<slug:slug>/", views.dossier_detail, name="dossier"),
    path("trainings/", views.training_list, name="trainings"),
    path("trainings/<slug:slug>/", views.training_detail, name="training"),
    path("events/", views.event_list, name="events"),
    path("events.ics", feeds.events_calendar, name="events-calendar"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("news/", views.news_list, name="news"),
    path("news/feed/", feeds.NewsFeed(), name="news-feed"),
    path("news/<slug:slug>/", views.news_detail, name="news-item"),
]
