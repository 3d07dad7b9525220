"""Staff login: a lockout after five failures for one username from one address, every
attempt logged, long passwords without composition rules, working-day sessions that end
when the account is deactivated, and no account that nobody created."""

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.helpers import html_tag, in_arabic

LOGIN = "/ar/admin/login/"
PASSWORD = "a long enough pass phrase"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def log_in(client, password, *, username="editor", address="192.0.2.10"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/ar/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_username_from_that_address_out(client, staff):
    for _ in range(4):
        assert log_in(client, "wrong password").status_code == 200

    fifth = log_in(client, "wrong password")
    right_password = log_in(client, PASSWORD)

    assert fifth.status_code == 429
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_in_arabic_right_to_left(client, staff):
    for _ in range(5):
        response = log_in(client, "wrong password")

    assert response.status_code == 429
    tag = html_tag(response)
    assert 'lang="ar"' in tag
    assert 'dir="rtl"' in tag
    assert in_arabic("Too many failed login attempts.") in response.content.decode()


def test_a_lockout_stops_neither_the_same_user_elsewhere_nor_another_user(
    client, staff, django_user_model
):
    django_user_model.objects.create_user(username="treasurer", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in(client, "wrong password")

    other_address = log_in(client, PASSWORD, address="198.51.100.7")
    client.logout()
    other_user = log_in(client, PASSWORD, username="treasurer")

    assert other_address.status_code == 302
    assert other_user.status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(client, staff):
    for _ in range(5):
        log_in(client, "wrong password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = log_in(client, PASSWORD)

    assert response.status_code == 302


def test_every_login_attempt_is_logged(client, staff):
    log_in(client, "wrong password")
    log_in(client, PASSWORD)

    failure = AccessFailureLog.objects.get()
    success = AccessLog.objects.get()
    assert (failure.username, failure.ip_address) == ("editor", "192.0.2.10")
    assert (success.username, success.ip_address) == ("editor", "192.0.2.10")


@pytest.mark.parametrize("password", ["eleven char", "password1234"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


@pytest.mark.parametrize("password", ["tagine au cumin", "839271605384", "زيتون أزمور الطيب"])
def test_long_uncommon_passwords_need_no_digits_capitals_or_symbols(password):
    password_validation.validate_password(password)


def test_a_staff_session_lasts_a_working_day(client, staff):
    response = log_in(client, PASSWORD)

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_an_expired_staff_session_leads_back_to_the_login(client, staff):
    log_in(client, PASSWORD)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get("/ar/admin/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_deactivating_a_user_ends_their_sessions(client, staff):
    log_in(client, PASSWORD)
    assert client.get("/ar/admin/").status_code == 200

    staff.is_active = False
    staff.save()
    staff.is_active = True  # reactivating later does not bring the old session back
    staff.save()

    assert not Session.objects.exists()
    assert client.get("/ar/admin/").status_code == 302


def test_the_portal_has_no_account_until_someone_creates_one(django_user_model, db):
    assert not django_user_model.objects.exists()


def test_make_run_tells_how_to_create_an_account_and_creates_none():
    makefile = (django_settings.BASE_DIR / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S)", makefile, flags=re.MULTILINE | re.DOTALL).group(0)

    commands = [line.strip() for line in run.splitlines()[1:] if line.strip()]
    assert any("createsuperuser" in line and line.startswith("@echo") for line in commands)
    assert not any("createsuperuser" in line and not line.startswith("@echo") for line in commands)
    assert "admin/admin" not in makefile


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example", "/\\evil.example"]
)
def test_a_login_asked_to_go_elsewhere_lands_on_the_admin(client, staff, elsewhere):
    response = client.post(LOGIN, {"username": "editor", "password": PASSWORD, "next": elsewhere})

    assert response.status_code == 302
    assert response.headers["Location"] == "/ar/admin/"
    assert client.get(response.headers["Location"]).status_code == 200
