"""The admin: its address comes from a setting, browsers and proxies never keep its pages,
and every page of it runs under its own policy without breaking it (no inline script; an
inline style only when the policy names its hash)."""

import base64
import hashlib
import importlib
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django.utils import translation
from django.utils.html import escape

from governance.models import Goal, Principle
from initiatives.models import UpdateDocument
from tests.security import observatory


@pytest.fixture
def admin_moved(settings):
    """The portal with ADMIN_URL set to another address."""
    settings.ADMIN_URL = "back-office/"
    urls = importlib.import_module(django_settings.ROOT_URLCONF)
    importlib.reload(urls)
    clear_url_caches()
    yield
    settings.ADMIN_URL = "admin/"
    importlib.reload(urls)
    clear_url_caches()


def test_the_admin_lives_at_the_address_of_the_setting(client, db, admin_moved):
    moved = client.get("/ar/back-office/login/")

    assert moved.status_code == 200
    assert "no-store" in moved.headers["Cache-Control"]
    assert "connect-src" in moved.headers["Content-Security-Policy"]
    assert client.get("/ar/admin/login/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/ar/admin/",
        "/ar/admin/initiatives/initiative/",
        "/fr/admin/initiatives/initiative/add/",
        "/ar/admin/jsi18n/",
        "/ar/admin/no-such-page/",
        "/en/admin/two-factor/",
    ],
)
def test_nothing_under_the_admin_is_kept_by_browsers_or_proxies(staff_client, url):
    response = staff_client.get(url)

    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


class InlineCode(HTMLParser):
    """What a page would run or apply from inside itself, outside any file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.styles, self.style_elements = [], [], [], []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.scripts.append(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        self.handlers += [v for v in attrs.values() if (v or "").startswith("javascript:")]
        if "style" in attrs:
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.style_elements.append(data)

    def handle_endtag(self, tag):
        self._in_style = False


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def admin_pages():
    """Every admin page of every registered model: list, add form, change form, history."""
    yield "/ar/admin/"
    yield "/ar/admin/password_change/"
    yield "/ar/admin/two-factor/"
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{info}_changelist")
        yield reverse(f"{info}_add")
        obj = model.objects.first()
        if obj is not None:
            for page in ("change", "history"):
                try:
                    yield reverse(f"{info}_{page}", args=[obj.pk])
                except NoReverseMatch:
                    pass


def test_every_admin_page_runs_under_the_admin_policy(
    staff_client, make_funding, make_photo, make_membership, make_assembly, make_census
):
    photo = make_photo()
    make_funding(initiative=photo.update.initiative)
    make_census(commune=photo.update.initiative.communes.get())
    make_membership(elected_at=make_assembly(kind="constitutive"))
    UpdateDocument.objects.create(update=photo.update, file="updates/documents/pv.pdf", title="pv")
    Principle.objects.create(position=1, text_ar="الشفافية")
    Goal.objects.create(position=1, text_ar="رصد المبادرات")
    photo.update.initiative.save()  # a second history record, for the history page

    checked = 0
    styles_seen = []
    for url in admin_pages():
        response = staff_client.get(url)
        if response.status_code != 200:
            continue
        checked += 1
        policy = observatory.parse_csp(response.headers["Content-Security-Policy"])
        allowed = {source.lower() for source in policy["style-src"]}
        found = InlineCode()
        found.feed(response.content.decode())

        assert found.scripts == [], url
        assert found.handlers == [], url
        styles_seen.extend(found.styles)
        for style in found.styles:
            assert "'unsafe-hashes'" in allowed and sha256(style).lower() in allowed, (url, style)
        for style in found.style_elements:
            assert sha256(style).lower() in allowed, (url, style)
    assert checked > 40
    assert "border-top: 0" in styles_seen  # django-simple-history's, allowed by its hash


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_security_sections_of_the_admin_are_named_in_its_language(staff_client, language):
    html = staff_client.get(f"/{language}/admin/").content.decode()

    with translation.override(language):
        names = [
            translation.gettext(name)
            for name in (
                "Authenticator apps",
                "Backup codes",
                "Login attempts",
                "authenticator apps",
                "backup code lists",
            )
        ]
    for name in names:
        assert escape(name.capitalize()) in html
    assert "Otp_Totp" not in html and "Otp_Static" not in html
    assert "static devices" not in html.lower() and "totp devices" not in html.lower()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_backup_codes_pages_are_titled_in_the_admins_language(staff_client, language):
    html = staff_client.get(f"/{language}/admin/otp_static/staticdevice/add/").content.decode()

    with translation.override(language):
        assert escape(translation.gettext("backup code list")) in html
        assert escape(translation.gettext("backup codes").capitalize()) in html
    assert "static device" not in html.lower() and "static token" not in html.lower()
