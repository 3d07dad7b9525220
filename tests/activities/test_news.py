"""News: an Atom feed a feed reader parses, and the latest items on the home page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activities.models import NewsItem
from tests.helpers import assert_refused_in_arabic, violation_in_arabic
from tests.opendata.conftest import parse_feed
from tests.public.pages import LANGUAGES, Page

CONSENT_RULE = "newsitem_published_image_has_consent"


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_feed_parses_in_the_language_of_its_address(client, make_news, language):
    item = make_news(is_published=True, title_en="Constitutive assembly")

    parsed = parse_feed(client.get(f"/{language}/foundation/news/feed/"))

    assert parsed.version == "atom10"
    assert parsed.feed.language == language
    assert [entry.link for entry in parsed.entries] == [
        f"http://testserver/{language}/foundation/news/{item.slug}/"
    ]


def test_news_feed_carries_only_published_news_newest_first(client, make_news):
    now = timezone.now()
    older = make_news(is_published=True, published_at=now - datetime.timedelta(days=3))
    newer = make_news(is_published=True, published_at=now - datetime.timedelta(days=1))
    draft = make_news(title_ar="خبر لم ينشر بعد")

    parsed = parse_feed(client.get("/ar/foundation/news/feed/"))

    assert [entry.title for entry in parsed.entries] == [newer.title_ar, older.title_ar]
    assert draft.title_ar not in client.get("/ar/foundation/news/feed/").content.decode()


def test_home_page_shows_the_latest_published_news(client, make_news):
    now = timezone.now()
    items = [
        make_news(is_published=True, published_at=now - datetime.timedelta(days=n))
        for n in range(5)
    ]
    draft = make_news(title_ar="إعلان في طور الكتابة")

    page = Page(client.get("/ar/"))

    linked = [
        a.attrs["href"] for a in page.within("a", ("section", {"aria-labelledby": "news-title"}))
    ]
    assert linked[:3] == [f"/ar/foundation/news/{item.slug}/" for item in items[:3]]
    assert draft.title_ar not in page.html


def test_news_item_shows_its_image_sized_and_described(client, make_news):
    from tests.helpers import png

    item = make_news(
        is_published=True, image=png("assembly.png", size=(120, 90)), image_description_ar="القاعة"
    )

    image = Page(client.get(f"/ar/foundation/news/{item.slug}/")).one("img")

    assert (image.attrs["width"], image.attrs["height"], image.attrs["alt"]) == (
        "120",
        "90",
        "القاعة",
    )
    assert image.attrs["loading"] == "lazy"


def test_a_publication_date_to_come_is_refused(make_news):
    item = make_news(is_published=True)
    item.published_at = timezone.now() + datetime.timedelta(days=3)

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert "published_at" in refused.value.message_dict


def test_a_news_photo_of_people_is_never_public_without_their_consent(make_news):
    from tests.helpers import png

    with pytest.raises(IntegrityError), transaction.atomic():
        make_news(
            is_published=True,
            image=png("meeting.png", size=(80, 60)),
            image_shows_identifiable_people=True,
        )

    draft = make_news(image=png("meeting.png", size=(80, 60)), image_shows_identifiable_people=True)
    draft.image_consent_recorded_on = datetime.date.today()
    draft.is_published = True
    draft.published_at = timezone.now()
    draft.save()
    assert NewsItem.objects.published().filter(pk=draft.pk).exists()


def test_the_bureau_is_told_why_a_news_photo_of_people_cannot_be_published(staff_client, make_news):
    from tests.helpers import png

    item = make_news(image=png("meeting.png", size=(80, 60)), image_shows_identifiable_people=True)
    data = {
        "title_ar": item.title_ar,
        "slug": item.slug,
        "summary_ar": item.summary_ar,
        "body_ar": item.body_ar,
        "image_shows_identifiable_people": "on",
        "image_consent_recorded_on": "",
        "is_published": "on",
        "published_at_0": "",
        "published_at_1": "",
    }
    url = f"/ar/admin/activities/newsitem/{item.pk}/change/"

    refused = staff_client.post(url, data)

    assert_refused_in_arabic(refused, violation_in_arabic(NewsItem, CONSENT_RULE))
    item.refresh_from_db()
    assert not item.is_published

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    future = staff_client.post(url, data | {"image_consent_recorded_on": tomorrow.isoformat()})
    assert future.status_code == 200
    assert future.context["adminform"].form.errors["image_consent_recorded_on"]

    today = datetime.date.today().isoformat()
    assert staff_client.post(url, data | {"image_consent_recorded_on": today}).status_code == 302
    item.refresh_from_db()
    assert item.is_published and item.image_consent_recorded_on == datetime.date.today()
