"""What the citizens tests share: a published initiative, form data, and submissions."""

import pytest
from django.test import Client

from citizens import services
from tests.uploads.files import jpeg
from tests.workflow.conftest import client_for, make_staff  # noqa: F401

CONTACT = {
    "contact_name": "Zoubida Qarmoudi-Lahlou",
    "contact_phone": "0661 77 88 99",
    "contact_email": "zoubida.qarmoudi@example.net",
}


@pytest.fixture(autouse=True)
def no_demo_data(settings):
    settings.DEMO_DATA = False
    settings.CITIZEN_SUBMISSIONS_PER_HOUR = 5
    settings.CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 30


@pytest.fixture
def initiative(make_commune, make_initiative):
    return make_initiative(
        communes=[make_commune(slug="haouzia", name_ar="الحوزية", name_fr="Haouzia")],
        is_published=True,
        title_ar="تأهيل الطريق الإقليمية 3421",
        title_fr="Route provinciale 3421",
        slug="route-3421",
    )


def report_data(**overrides) -> dict:
    return {
        "kind": "work_stopped",
        "text": "توقفت الأشغال في الطريق منذ أسبوعين.",
        "seen_on": "2025-03-01",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "website": "",
    } | overrides


def suggestion_data(*, commune, sector, **overrides) -> dict:
    return {
        "commune": commune.pk,
        "sector": sector.pk,
        "title": "مستوصف في الدوار",
        "description": "الدوار بعيد عن أقرب مركز صحي بخمسة عشر كيلومترا.",
        "location": "دوار أولاد سالم",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "website": "",
    } | overrides


@pytest.fixture
def visitor():
    """A phone's browser: its own address and its own CSRF cookie."""
    count = iter(range(1, 250))

    def make(address: str | None = None) -> Client:
        n = next(count)
        browser = Client(REMOTE_ADDR=address or f"198.51.100.{n}")
        browser.cookies["csrftoken"] = f"{n:032d}"
        return browser

    return make


@pytest.fixture
def make_report(initiative):
    def make(*, photos=0, **overrides):
        values = {
            "initiative": initiative,
            "kind": "work_stopped",
            "text": "توقفت الأشغال في الطريق منذ أسبوعين.",
            "photos": [jpeg(f"IMG_{n}.jpg") for n in range(photos)],
        } | overrides
        return services.report_submit(**values)

    return make


@pytest.fixture
def make_suggestion(initiative, make_sector):
    def make(**overrides):
        values = {
            "commune": initiative.communes.get(),
            "sector": make_sector(),
            "title": "مستوصف في الدوار",
            "description": "الدوار بعيد عن أقرب مركز صحي.",
        } | overrides
        return services.suggestion_submit(**values)

    return make
