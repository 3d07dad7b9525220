"""What visitors get: photos offered at the width their screen needs, and a photo of
identifiable people only once their consent is recorded (Law 09-08)."""

import datetime
import posixpath
import re

import pytest
from django.core.exceptions import ValidationError

from azemmour_portal.security import media
from tests.uploads import files
from workflow.services import record_publish
from workflow.states import State

SIZES = 'sizes="(min-width: 40rem) 20rem, 50vw"'


@pytest.fixture
def published_update(make_initiative, make_update):
    return make_update(initiative=make_initiative(is_published=True), is_published=True)


def img_tag(client, photo) -> str | None:
    """The photo's <img> on its initiative's public page, or None when it is not there."""
    page = client.get(photo.update.initiative.get_absolute_url()).content.decode()
    stem = posixpath.splitext(posixpath.basename(photo.image.name))[0]
    found = re.search(rf'<img src="[^"]*{re.escape(stem)}[^"]*"[^>]*>', page)
    return found.group(0) if found else None


def test_a_photo_is_offered_at_320_640_and_1280_px_with_srcset_and_sizes(
    client, rf, make_uploaded_photo, published_update
):
    photo = make_uploaded_photo(files.jpeg(size=(2000, 1000)), update=published_update)

    tag = img_tag(client, photo)

    storage = photo.image.storage
    url = {width: storage.url(path) for width, path in photo.renditions.items()}
    assert f'srcset="{url["320"]} 320w, {url["640"]} 640w, {url["1280"]} 1280w"' in tag
    assert SIZES in tag
    assert f'<img src="{url["320"]}"' in tag  # a browser without srcset: the lightest
    assert 'width="2000" height="1000"' in tag
    assert 'loading="lazy"' in tag
    path = photo.renditions["640"]
    assert media.serve(rf.get(f"/media/{path}"), path).headers["Content-Type"] == "image/webp"


def test_a_photo_narrower_than_1280_px_is_its_own_widest_candidate(
    client, make_uploaded_photo, published_update
):
    photo = make_uploaded_photo(files.jpeg(size=(700, 350)), update=published_update)

    tag = img_tag(client, photo)

    assert re.search(rf' 640w, {re.escape(photo.image.url)} 700w"', tag)


def test_a_photo_without_renditions_is_shown_as_it_is(client, make_photo, published_update):
    photo = make_photo(update=published_update)  # 64 px wide: narrower than any rendition

    tag = img_tag(client, photo)

    assert "srcset" not in tag and "sizes" not in tag
    assert 'width="64" height="48"' in tag


def test_a_photo_of_people_stays_off_the_public_page_until_their_consent_is_recorded(
    client, make_uploaded_photo, published_update
):
    # Added to an update already published: nothing in the workflow stops it but this.
    photo = make_uploaded_photo(
        files.jpeg(size=(700, 350)), update=published_update, shows_identifiable_people=True
    )
    page = client.get(published_update.initiative.get_absolute_url()).content.decode()
    assert photo.image.url not in page
    for path in photo.renditions.values():
        assert photo.image.storage.url(path) not in page

    photo.consent_recorded_on = datetime.date(2025, 3, 2)
    photo.consent_note = "موافقة مكتوبة"
    photo.save()

    assert img_tag(client, photo) is not None


def test_the_bureau_cannot_publish_an_update_with_a_photo_of_people_without_consent(
    bureau_member, make_update, make_photo
):
    update = make_update(state=State.IN_REVIEW)
    photo = make_photo(update=update, shows_identifiable_people=True)

    with pytest.raises(ValidationError) as refused:
        record_publish(record=update, user=bureau_member)

    assert refused.value.messages == [str(m) for m in update.publication_problems()] != []
    update.refresh_from_db()
    assert update.state == State.IN_REVIEW

    photo.consent_recorded_on = datetime.date(2025, 3, 2)
    photo.save()
    record_publish(record=update, user=bureau_member)

    update.refresh_from_db()
    assert update.state == State.PUBLISHED
