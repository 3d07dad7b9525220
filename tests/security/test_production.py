"""Production settings: they refuse to start half-configured, pass Django's deployment
checks with nothing silenced, and speak only HTTPS with __Host- cookies."""

import importlib
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from .conftest import HOST

PROD = "azemmour_portal.settings.prod"


def load_production(monkeypatch, **environ):
    for name, value in environ.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.delitem(sys.modules, PROD, raising=False)
    return importlib.import_module(PROD)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_value(monkeypatch, missing):
    environ = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": HOST, missing: None}

    with pytest.raises(ImproperlyConfigured, match=missing):
        load_production(monkeypatch, **environ)


def test_deployment_checks_pass_with_production_settings_and_nothing_silenced():
    # The browser tests allow this for their own process (tests/browser/conftest.py); a
    # production process never has it, and Django's deployment check refuses it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = inherited | {
        "DJANGO_SETTINGS_MODULE": PROD,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]

    result = subprocess.run(
        command, cwd=django_settings.BASE_DIR, env=environ, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_silences_no_check(monkeypatch):
    prod = load_production(monkeypatch, SECRET_KEY="k" * 60, ALLOWED_HOSTS=HOST)

    assert getattr(prod, "SILENCED_SYSTEM_CHECKS", []) == []


def test_plain_http_is_redirected_to_https_on_the_same_host(http_client, public_pages):
    response = http_client.get(public_pages["home"])

    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}/ar/"


def test_https_pages_ask_browsers_for_https_only_for_two_years(https_client, public_pages):
    response = https_client.get(public_pages["home"])

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=63072000; includeSubDomains; preload"
    )


def test_the_proxy_header_is_ignored_when_the_portal_is_not_behind_a_proxy(monkeypatch):
    prod = load_production(monkeypatch, SECRET_KEY="k" * 60, ALLOWED_HOSTS=HOST, BEHIND_PROXY="0")

    assert not hasattr(prod, "SECURE_PROXY_SSL_HEADER")
    assert not hasattr(prod, "AXES_CLIENT_IP_CALLABLE")


def test_the_redirect_to_https_can_be_left_to_the_proxy(monkeypatch):
    prod = load_production(
        monkeypatch, SECRET_KEY="k" * 60, ALLOWED_HOSTS=HOST, SECURE_SSL_REDIRECT="0"
    )

    assert prod.SECURE_SSL_REDIRECT is False


def test_staff_cookies_are_host_only_secure_and_same_site(https_client, superuser):
    superuser.set_password("a long enough pass phrase")
    superuser.save()
    login_page = https_client.get("/ar/admin/login/")

    response = https_client.post(
        "/ar/admin/login/",
        {
            "username": "bureau",
            "password": "a long enough pass phrase",
            "csrfmiddlewaretoken": login_page.context["csrf_token"],
        },
    )

    assert response.status_code == 302
    csrf = login_page.cookies["__Host-csrftoken"]
    session = response.cookies["__Host-sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
        assert cookie["samesite"] == "Lax"
    assert session["httponly"] is True
