import pytest
from django.contrib.auth.models import Group, User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

# The foundation's work, whose deleted records the bureau restores too.
from tests.activities.conftest import (  # noqa: F401
    make_event,
    make_event_photo,
    make_news,
    make_proposal,
    make_step,
)
from workflow.models import StaffProfile
from workflow.roles import BUREAU, CORRESPONDENT, EDITOR, READER


@pytest.fixture
def make_staff(db):
    """A staff account in one role; a correspondent gets the communes given."""

    def make(role: str, *, communes=()):
        user = User.objects.create_user(
            username=f"{role.lower()}-{User.objects.count()}",
            password="a-long-enough-password",
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name=role))
        if communes:
            StaffProfile.objects.create(user=user).communes.set(communes)
        return user

    return make


@pytest.fixture
def client_for(client, make_staff):
    def log_in(role: str, **kwargs):
        user = make_staff(role, **kwargs)
        client.force_login(user)
        if role == BUREAU:
            # The bureau must use a second factor: log in as with a confirmed authenticator.
            device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        client.user = user
        return client

    return log_in


ROLES = [BUREAU, EDITOR, CORRESPONDENT, READER]
