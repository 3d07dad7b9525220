"""Event photos, news images and people's photos reach phones at the width they are shown:
the admin stores WebP renditions of each upload, as it does for update photos, the public
pages offer them with `srcset` and `sizes`, and the renditions go wherever their photo goes
when it is replaced or deleted. `manage.py reencode_uploads` makes the renditions of the
photos stored before."""

import io
import posixpath
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import Event, EventPhoto, NewsItem
from azemmour_portal.withheld import withheld_name
from governance.models import Body, Membership, Person
from initiatives import uploads
from tests.activities.test_uploads import event_form, news_form, photo_row
from tests.admin.test_pages import admin_url
from tests.helpers import person_form
from tests.uploads import files
from tests.uploads.test_revert import post_data

WIDE = (2000, 1000)


def publish(model):
    model.objects.update(is_published=True, published_at=timezone.now())


def post_event_photo(client, image):
    response = client.post(
        admin_url(Event, "add", "ar"), event_form(photos=[photo_row(image=image)])
    )
    assert response.status_code == 302
    publish(Event)
    return EventPhoto.objects.get()


def post_news_image(client, image):
    response = client.post(admin_url(NewsItem, "add", "ar"), news_form(image=image))
    assert response.status_code == 302
    publish(NewsItem)
    return NewsItem.objects.get()


def post_person_photo(client, image):
    response = client.post(admin_url(Person, "add", "ar"), person_form(photo=image))
    assert response.status_code == 302
    person = Person.objects.get()
    # On the foundation's page as a current member of one of its bodies.
    body = Body.objects.create(name_ar="المكتب التنفيذي", slug="bureau")
    Membership.objects.create(person=person, body=body, role=Membership.Role.MEMBER)
    return person


# Each kind of photo: how the admin stores an upload, its image field, the public page
# that shows it, and the `sizes` of its <img> there.
KINDS = {
    "event-photo": (
        post_event_photo,
        "image",
        lambda photo: photo.event.get_absolute_url(),
        "(min-width: 40rem) 20rem, 50vw",  # a cell of the .photos grid
    ),
    "news-image": (
        post_news_image,
        "image",
        lambda item: item.get_absolute_url(),
        "(min-width: 64rem) 62rem, calc(100vw - 2rem)",  # the width of the text
    ),
    "person-photo": (
        post_person_photo,
        "photo",
        lambda person: "/ar/foundation/",
        "3rem",  # the round avatar of .people
    ),
}


def img_tag(client, url: str, file) -> str:
    """The page's one <img> of the stored photo, found by its random name."""
    stem = posixpath.splitext(posixpath.basename(file.name))[0]
    page = client.get(url).content.decode()
    found = [tag for tag in re.findall(r"<img\b[^>]*>", page) if stem in tag]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_large_photo_uploaded_in_the_admin_gets_narrower_webp_renditions(staff_client, kind):
    post, field, _page, _sizes = KINDS[kind]

    record = post(staff_client, files.jpeg(size=WIDE))

    file = getattr(record, field)
    assert list(record.renditions) == ["320", "640", "1280"]
    stem = posixpath.splitext(file.name)[0]
    for width, path in record.renditions.items():
        assert path == f"{stem}-{width}.webp"
        with default_storage.open(path) as stored, Image.open(stored) as image:
            assert image.format == "WEBP"
            assert image.size == (int(width), int(width) // 2) and image.width < WIDE[0]


@pytest.mark.parametrize("kind", KINDS)
def test_the_public_page_offers_the_renditions_and_loads_the_narrowest_by_default(
    client, staff_client, kind
):
    post, field, page, sizes = KINDS[kind]
    record = post(staff_client, files.jpeg(size=WIDE))
    file = getattr(record, field)
    staff_client.logout()

    tag = img_tag(client, page(record), file)

    url = {width: default_storage.url(path) for width, path in record.renditions.items()}
    assert f'srcset="{url["320"]} 320w, {url["640"]} 640w, {url["1280"]} 1280w"' in tag
    assert f'sizes="{sizes}"' in tag
    assert f'src="{url["320"]}"' in tag
    assert f'src="{file.url}"' not in tag
    assert 'width="2000" height="1000"' in tag
    assert 'loading="lazy"' in tag


@pytest.mark.parametrize("kind", KINDS)
def test_a_photo_stored_without_renditions_is_still_shown_as_it_is(client, staff_client, kind):
    post, field, page, _sizes = KINDS[kind]
    record = post(staff_client, files.jpeg(size=WIDE))
    # As a photo stored before renditions were made for it.
    type(record).objects.filter(pk=record.pk).update(renditions={})
    record.refresh_from_db()
    file = getattr(record, field)
    staff_client.logout()

    tag = img_tag(client, page(record), file)

    assert f'src="{file.url}"' in tag
    assert "srcset" not in tag and "sizes" not in tag


def test_a_photo_narrower_than_1280_px_is_its_own_widest_candidate(client, staff_client):
    item = post_news_image(staff_client, files.jpeg(size=(700, 350)))

    tag = img_tag(client, item.get_absolute_url(), item.image)

    assert list(item.renditions) == ["320", "640"]
    assert re.search(rf' 640w, {re.escape(item.image.url)} 700w"', tag)


# What becomes of the renditions when their photo is replaced or deleted


def stored(record, field) -> list[str]:
    return [getattr(record, field).name, *record.renditions.values()]


def test_a_replaced_news_image_is_withheld_with_its_renditions_and_a_revert_brings_it_back(
    staff_client, django_capture_on_commit_callbacks
):
    """A news item has a history: its old image can come back with a revert."""
    item = post_news_image(staff_client, files.jpeg(size=WIDE))
    first_version = item.history.earliest()
    old = stored(item, "image")
    assert len(old) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            admin_url(NewsItem, "change", "ar", item),
            news_form(image=files.jpeg("autre.jpg", size=(900, 600))),
        )

    assert response.status_code == 302
    item.refresh_from_db()
    new = stored(item, "image")
    assert list(item.renditions) == ["320", "640"]
    assert not set(old) & set(new)
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(withheld_name(name)) for name in old)

    url = reverse("admin:activities_newsitem_simple_history", args=[item.pk, first_version.pk])
    form = staff_client.get(url).context["adminform"].form
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, post_data(form))

    assert response.status_code == 302
    item.refresh_from_db()
    assert stored(item, "image") == old
    assert all(default_storage.exists(name) for name in old)
    assert not any(default_storage.exists(name) for name in new)
    assert all(default_storage.exists(withheld_name(name)) for name in new)


def test_a_replaced_persons_photo_is_deleted_for_good_with_its_renditions(
    staff_client, django_capture_on_commit_callbacks
):
    """A person has no history: nothing of a replaced photo is kept."""
    person = post_person_photo(staff_client, files.jpeg(size=WIDE))
    old = stored(person, "photo")
    assert len(old) == 4

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            admin_url(Person, "change", "ar", person),
            person_form(photo=files.jpeg("autre.jpg", size=(900, 600))),
        )

    assert response.status_code == 302
    person.refresh_from_db()
    assert list(person.renditions) == ["320", "640"]
    assert all(default_storage.exists(name) for name in stored(person, "photo"))
    for name in old:
        assert not default_storage.exists(name)
        assert not default_storage.exists(withheld_name(name))


def test_a_deleted_event_photo_is_withheld_with_its_renditions_for_a_restore(
    staff_client, django_capture_on_commit_callbacks
):
    """An event photo has a history, as an update's photo: deleted with its event, it stops
    being served but is kept, renditions too, for the event to come back with it."""
    photo = post_event_photo(staff_client, files.jpeg(size=WIDE))
    old = stored(photo, "image")
    assert len(old) == 4

    with django_capture_on_commit_callbacks(execute=True):
        photo.event.delete()

    for name in old:
        assert not default_storage.exists(name)
        assert default_storage.exists(withheld_name(name))


# Photos stored before their model kept renditions


def stored_as_before(record, field, upload):
    """Stored as the admin stored such a photo before: re-encoded, without renditions."""
    setattr(record, field, upload)
    uploads.image_store(file=getattr(record, field), widths=())
    record.save()
    return record


def reencode(*args) -> str:
    output = io.StringIO()
    call_command("reencode_uploads", *args, stdout=output)
    return output.getvalue()


def test_reencode_uploads_makes_the_renditions_of_photos_stored_without_them(
    client, make_person, make_membership
):
    item = NewsItem.objects.create(
        title_ar="خبر", slug="khabar", summary_ar="ملخص", body_ar="نص", image_description_ar="صورة"
    )
    stored_as_before(item, "image", files.jpeg(size=WIDE))
    person = stored_as_before(make_person(), "photo", files.jpeg(size=(900, 600)))
    make_membership(person=person)
    small = stored_as_before(make_person(), "photo", files.jpeg(size=(200, 100)))
    kept = {item.image.name, person.photo.name, small.photo.name}

    assert "would add renditions to activities.NewsItem" in reencode("--dry-run")
    assert NewsItem.objects.get().renditions == {}

    report = reencode()

    item.refresh_from_db()
    person.refresh_from_db()
    small.refresh_from_db()
    assert list(item.renditions) == ["320", "640", "1280"]
    assert list(person.renditions) == ["320", "640"]
    assert small.renditions == {}  # narrower than any rendition
    assert {item.image.name, person.photo.name, small.photo.name} == kept
    assert all(default_storage.exists(name) for name in stored(item, "image"))
    with default_storage.open(person.renditions["320"]) as file, Image.open(file) as image:
        assert (image.format, image.size) == ("WEBP", (320, 213))
    assert "2 photo(s) given renditions." in report
    tag = img_tag(client, "/ar/foundation/", person.photo)
    assert f'src="{default_storage.url(person.renditions["320"])}"' in tag

    assert reencode().endswith("0 file(s) re-stored, 0 to replace.\n")
    assert "renditions" not in reencode("--dry-run")


def test_tapping_an_event_photo_opens_its_widest_rendition_not_the_original(client, staff_client):
    photo = post_event_photo(staff_client, files.jpeg(size=WIDE))
    staff_client.logout()

    page = client.get(photo.event.get_absolute_url()).content.decode()

    widest = default_storage.url(photo.renditions["1280"])
    assert f'<a href="{widest}"><img' in page
    assert f'href="{photo.image.url}"' not in page
