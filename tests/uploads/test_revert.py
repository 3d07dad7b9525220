"""Reverting a record to a version whose photo a new upload replaced brings that photo
back, served at its address; the photo the revert replaces is withheld in its turn."""

import datetime

from django.core.files.storage import default_storage
from django.urls import reverse

from activities.models import NewsItem
from azemmour_portal.withheld import withheld_name
from tests.uploads import files


def post_data(form) -> dict:
    """What the browser sends back of an admin form, as shown (files excepted)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or hasattr(value, "url") or name.endswith("image"):
            continue
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_reverting_news_to_its_first_photo_brings_that_photo_back(
    staff_client, django_capture_on_commit_callbacks
):
    news = NewsItem.objects.create(
        title_ar="خبر",
        title_fr="Actualité",
        slug="actualite",
        summary_ar="ملخص",
        body_ar="نص",
        image=files.jpeg("premiere.jpg", size=(300, 200)),
    )
    first_photo = news.image.name
    first_version = news.history.earliest()
    news.image = files.jpeg("seconde.jpg", size=(200, 300))
    with django_capture_on_commit_callbacks(execute=True):
        news.save()
    second_photo = news.image.name
    assert not default_storage.exists(first_photo)  # withheld by the replacement

    url = reverse("admin:activities_newsitem_simple_history", args=[news.pk, first_version.pk])
    form = staff_client.get(url).context["adminform"].form
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, post_data(form))

    assert response.status_code == 302, response.content.decode()[:3000]
    news.refresh_from_db()
    assert news.image.name == first_photo
    assert (news.image_width, news.image_height) == (300, 200)
    assert default_storage.exists(first_photo)
    assert not default_storage.exists(second_photo)
    assert default_storage.exists(withheld_name(second_photo))
