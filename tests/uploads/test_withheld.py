"""A photo or document whose record is deleted, or which a new upload replaces, stops
being served at its address; restoring the record brings its file back."""

import os
import time
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.http import Http404

from azemmour_portal.security import media
from azemmour_portal.withheld import withheld_name
from initiatives import uploads
from initiatives.models import Initiative, UpdateDocument
from tests.uploads import files
from workflow.restore import initiative_restore


def served(rf, name: str) -> bool:
    try:
        return media.serve(rf.get(f"/media/{name}"), name).status_code == 200
    except Http404:
        return False


def test_a_deleted_initiatives_photos_stop_being_served_and_come_back_with_a_restore(
    rf, make_uploaded_photo, bureau_member, django_capture_on_commit_callbacks
):
    photo = make_uploaded_photo(files.jpeg(size=(900, 600)))
    document = UpdateDocument.objects.create(update=photo.update, file=files.pdf(), title_ar="محضر")
    initiative = photo.update.initiative
    pk = initiative.pk
    names = [photo.image.name, *photo.renditions.values(), document.file.name]
    assert len(names) == 4 and all(served(rf, name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        initiative.delete()

    assert not any(served(rf, name) for name in names)
    # Kept for a restore, where neither the portal nor the web server serves it.
    assert all(default_storage.exists(withheld_name(name)) for name in names)
    assert not any(served(rf, withheld_name(name)) for name in names)

    version = Initiative.history.model.objects.get(id=pk, history_type="-")
    with django_capture_on_commit_callbacks(execute=True):
        initiative_restore(history_id=version.history_id, user=bureau_member)

    assert all(served(rf, name) for name in names)
    assert not any(default_storage.exists(withheld_name(name)) for name in names)


def test_a_replaced_photo_stops_being_served(
    rf, make_uploaded_photo, django_capture_on_commit_callbacks
):
    photo = make_uploaded_photo(files.jpeg(size=(900, 600)))
    old = [photo.image.name, *photo.renditions.values()]

    photo.image = files.jpeg("sans-visages.jpg", size=(900, 600))
    photo.renditions = uploads.image_store(file=photo.image, widths=uploads.RENDITION_WIDTHS)
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()

    assert not any(served(rf, name) for name in old)
    assert all(served(rf, name) for name in [photo.image.name, *photo.renditions.values()])


def test_a_caption_change_leaves_the_photo_where_it_is(
    rf, make_uploaded_photo, django_capture_on_commit_callbacks
):
    photo = make_uploaded_photo(files.jpeg())

    photo.caption_ar = "الورش في شهر ماي"
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()

    assert served(rf, photo.image.name)
    assert not default_storage.exists(withheld_name(photo.image.name))


def test_a_deleted_persons_photo_is_deleted_for_good(
    rf, make_person, django_capture_on_commit_callbacks
):
    """A record with no history cannot be restored: nothing of its file is kept."""
    person = make_person(photo=files.jpeg("portrait.jpg"))
    name = person.photo.name
    assert served(rf, name)

    with django_capture_on_commit_callbacks(execute=True):
        person.delete()

    assert not default_storage.exists(name)
    assert not default_storage.exists(withheld_name(name))


def test_a_deletion_rolled_back_leaves_the_photo_served(
    rf, make_uploaded_photo, django_capture_on_commit_callbacks
):
    photo = make_uploaded_photo(files.jpeg())

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            photo.delete()
            raise RuntimeError("the admin's save failed")

    assert served(rf, photo.image.name)


@pytest.mark.parametrize("prefix", ["", "/", "./", "updates/../", "updates/photos/../../"])
def test_a_withheld_file_is_refused_however_its_path_is_written(
    rf, make_uploaded_photo, django_capture_on_commit_callbacks, prefix
):
    photo = make_uploaded_photo(files.jpeg())
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert default_storage.exists(withheld_name(photo.image.name))
    assert not served(rf, prefix + withheld_name(photo.image.name))


def test_a_withheld_file_is_deleted_for_good_after_the_retention_period(
    make_uploaded_photo, settings, django_capture_on_commit_callbacks
):
    """Kept for a restore while a mistaken deletion may be undone, then gone: a photo
    removed for a withdrawn consent does not stay on the server for ever."""
    old = make_uploaded_photo(files.jpeg(size=(900, 600)))
    recent = make_uploaded_photo(files.jpeg(size=(900, 600)))
    old_names = [withheld_name(n) for n in [old.image.name, *old.renditions.values()]]
    recent_names = [withheld_name(n) for n in [recent.image.name, *recent.renditions.values()]]
    with django_capture_on_commit_callbacks(execute=True):
        old.delete()
        recent.delete()
    assert all(default_storage.exists(name) for name in old_names + recent_names)
    withheld_days_ago = time.time() - (settings.WITHHELD_FILE_RETENTION_DAYS + 1) * 86400
    for name in old_names:
        os.utime(default_storage.path(name), (withheld_days_ago, withheld_days_ago))

    out = StringIO()
    call_command("purge_withheld_files", stdout=out)

    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(name) for name in recent_names)
    assert f"{len(old_names)} file(s) withheld over" in out.getvalue()
    assert not os.path.exists(os.path.dirname(default_storage.path(old_names[0])))
    call_command("purge_withheld_files", stdout=out)
    assert "nothing to do" in out.getvalue()
