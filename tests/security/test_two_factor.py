"""Two-factor authentication: optional for staff, required for the Bureau's members (and
superusers when switched on), set up from the admin with an authenticator app."""

import pytest
from axes.models import AccessFailureLog
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/ar/admin/login/"
SETUP = "/ar/admin/two-factor/"
PASSWORD = "a long enough pass phrase"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(client, otp_token=""):
    return client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD, "otp_token": otp_token, "next": "/ar/admin/"},
    )


def test_staff_without_two_factor_log_in_with_their_password(client, staff):
    response = log_in(client)

    assert response.status_code == 302
    assert client.get("/ar/admin/").status_code == 200


def test_staff_with_an_authenticator_must_give_its_code(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone")

    response = log_in(client)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_of_the_authenticator_opens_the_admin(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone")

    response = log_in(client, code(device))

    assert response.status_code == 302
    assert client.get("/ar/admin/").status_code == 200


def test_a_wrong_code_counts_as_a_failed_login(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone")

    log_in(client, "000000")

    assert AccessFailureLog.objects.filter(username="editor").count() == 1


def test_a_single_use_recovery_code_opens_the_admin_once(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone")
    device = StaticDevice.objects.create(user=staff, name="recovery")
    device.token_set.create(token="k4p7w2m9")

    first = log_in(client, "k4p7w2m9")
    client.logout()
    second = log_in(client, "k4p7w2m9")

    assert first.status_code == 302
    assert second.status_code == 200


def test_a_bureau_member_without_an_authenticator_is_sent_to_set_one_up(client, staff):
    staff.groups.add(Group.objects.get(name="Bureau"))

    log_in(client)
    index = client.get("/ar/admin/")
    login = client.get(index.headers["Location"])

    assert index.status_code == 302
    assert login.status_code == 302
    assert login.headers["Location"] == SETUP


def test_setting_up_the_authenticator_opens_the_admin(client, staff):
    staff.groups.add(Group.objects.get(name="Bureau"))
    log_in(client)
    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    response = client.post(SETUP, {"token": code(device)})

    assert page.status_code == 200
    assert page.context["qr_code"].startswith("data:image/svg+xml")
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get("/ar/admin/").status_code == 200


def test_a_wrong_code_does_not_set_up_the_authenticator(client, staff):
    log_in(client)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "000000"})

    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_superusers_may_be_required_to_use_two_factor(client, settings, django_user_model):
    settings.STAFF_2FA_REQUIRED_FOR_SUPERUSERS = True
    django_user_model.objects.create_superuser(username="editor", password=PASSWORD)

    log_in(client)

    assert client.get("/ar/admin/").status_code == 302
    assert client.get(LOGIN).headers["Location"] == SETUP


def test_a_session_without_the_code_cannot_replace_the_authenticator(client, staff):
    client.force_login(staff)
    TOTPDevice.objects.create(user=staff, name="phone")

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)
    assert TOTPDevice.objects.count() == 1


def test_a_right_code_typed_too_soon_after_wrong_ones_says_to_wait_and_costs_nothing(
    client, staff, settings
):
    from django.utils import translation

    from azemmour_portal.security.staff import TOO_SOON

    # A wait of a minute after a wrong code (1 second by default), so that a slow machine
    # cannot let it pass between the wrong codes and the right one.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = TOTPDevice.objects.create(user=staff, name="phone")
    log_in(client, "000000")  # django-otp now waits before it checks another code
    log_in(client, "111111")
    failures = AccessFailureLog.objects.filter(username="editor").count()

    response = log_in(client, code(device))

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    with translation.override("ar"):
        waiting = str(TOO_SOON).split("%(seconds)s")[0]
    assert waiting in response.content.decode()
    assert AccessFailureLog.objects.filter(username="editor").count() == failures
