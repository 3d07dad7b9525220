"""Capacity building: participants are counted by category, the counts add up, and no
participant is ever named."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from activities.models import AUDIENCES, TrainingMaterial, TrainingSession
from tests.helpers import refused_by_database
from tests.public.pages import Page

COUNTS = {"association_members": 14, "elected_officials": 5, "youth": 9, "women": 11, "others": 2}


def test_a_sessions_participants_add_up(make_session):
    session = make_session(**COUNTS)

    assert session.participants == 41
    assert [count for _label, count in session.audience] == list(COUNTS.values())


def test_a_programmes_counts_add_up_on_its_page(client, make_programme, make_session):
    programme = make_programme(is_published=True)
    make_session(programme=programme, **COUNTS)
    make_session(programme=programme, association_members=6, women=4)

    response = client.get(f"/en/foundation/trainings/{programme.slug}/")

    rows = {str(label): count for label, count in response.context["by_audience"]}
    assert rows == {
        "association members": 20,
        "elected officials": 5,
        "young people": 9,
        "women": 15,
        "others": 2,
    }
    assert response.context["participants"] == 51 == sum(rows.values())


def test_the_trainings_page_counts_only_sessions_held_of_published_programmes(
    client, make_commune, make_programme, make_session
):
    commune = make_commune(slug="hachtouka")
    make_session(commune=commune, **COUNTS)
    make_session(commune=commune, programme=make_programme(), youth=100)
    make_session(commune=commune, date=datetime.date.today() + datetime.timedelta(days=30))
    make_session(association_members=50)

    totals = client.get("/ar/foundation/trainings/?commune=hachtouka").context["totals"]

    assert totals["sessions"] == 1
    assert totals["participants"] == 41
    assert {field: totals[field] for field, _label in AUDIENCES} == COUNTS


def test_the_commune_page_counts_the_sessions_held_there_of_published_programmes(
    client, make_commune, make_programme, make_session
):
    commune = make_commune(slug="hachtouka")
    make_session(commune=commune, date=datetime.date(2025, 3, 8), **COUNTS)
    make_session(commune=commune, date=datetime.date(2025, 5, 17), women=4)
    make_session(commune=commune, programme=make_programme(), youth=100)  # a draft's
    make_session(commune=commune, date=datetime.date.today() + datetime.timedelta(days=30))
    make_session(association_members=50)  # elsewhere

    foundation = client.get("/fr/communes/hachtouka/").context["foundation"]

    assert (foundation["sessions_held"], foundation["participants"]) == (2, 45)
    assert foundation["last_session_on"] == datetime.date(2025, 5, 17)


def test_a_negative_number_of_participants_is_refused(make_session):
    with refused_by_database("trainingsession_counts_not_negative"):
        TrainingSession.objects.filter(pk=make_session().pk).update(women=-1)


def test_a_session_held_needs_its_participants_and_one_to_come_does_not(make_session):
    held = make_session()
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            held.full_clean()
        assert "participants" in " ".join(refused.value.messages)

    held.women = 12
    held.full_clean()
    make_session(date=datetime.date.today() + datetime.timedelta(days=10)).full_clean()


def test_no_record_of_the_foundations_training_holds_a_participants_name():
    texts = {
        field.name
        for model in (TrainingSession, TrainingMaterial)
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    }

    # Only the session's own words: what was taught, where, by whom (an organisation, or
    # a trainer who consented), and the materials' titles.
    assert {name.rsplit("_", 1)[0] if name[-3:] in ("_ar", "_fr", "_en") else name
            for name in texts} == {"topic", "place", "trainer", "title"}  # fmt: skip


def test_training_pages_never_show_who_entered_them(client, superuser, make_session):
    session = make_session(**COUNTS)
    session._history_user = superuser
    session.save()

    for url in ("/ar/foundation/trainings/", f"/ar/foundation/trainings/{session.programme.slug}/"):
        html = Page(client.get(url)).html
        assert session.topic_ar in html
        assert superuser.username not in html
        assert superuser.email not in html
