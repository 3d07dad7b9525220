import pytest
from django.contrib.auth.models import Group

from initiatives import uploads
from initiatives.models import UpdatePhoto


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def make_uploaded_photo(db, make_update):
    """A photo stored as the admin stores an upload: through uploads.image_store."""

    def make(upload, **overrides):
        if "update" not in overrides:
            overrides["update"] = make_update()
        photo = UpdatePhoto(image=upload, **overrides)
        photo.renditions = uploads.image_store(file=photo.image, widths=uploads.RENDITION_WIDTHS)
        photo.save()
        return photo

    return make


@pytest.fixture
def bureau_member(django_user_model):
    """A member of the executive bureau, who may publish (groups exist after migrate)."""
    user = django_user_model.objects.create_user(
        username="amina", password="not-used-in-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Bureau"))
    return user
