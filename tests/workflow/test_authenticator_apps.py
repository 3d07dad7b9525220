"""The bureau deals with a member's lost phone in its own language, without secrets."""

import re
from html import unescape

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from workflow.roles import BUREAU, EDITOR

LIST = "/{language}/admin/otp_totp/totpdevice/"

ENGLISH = [
    "Created at",
    "Last used at",
    "The user that this device belongs to.",
    "The human-readable name of this device.",
    "Is this device ready for use?",
    "hex-encoded secret key",
    "The time step in seconds.",
    "Throttling",
    "Number of successive failed attempts.",
    "Search by user",
    "Identity",
]


def visible_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_authenticator_apps_pages_are_in_the_bureaus_language(client_for, make_staff, language):
    client = client_for(BUREAU)
    editor = make_staff(EDITOR)
    lost = TOTPDevice.objects.create(user=editor, name="هاتف أمينة", confirmed=True)

    listing = client.get(LIST.format(language=language))
    change = client.get(f"{LIST.format(language=language)}{lost.pk}/change/")

    assert listing.status_code == change.status_code == 200
    for page in (listing, change):
        text = visible_text(page.content.decode())
        assert editor.username in text
        assert not [english for english in ENGLISH if english in text]
    assert lost.key not in change.content.decode()  # the secret stays secret


def test_the_bureau_deletes_a_lost_phones_app_and_lifts_a_wait(client_for, make_staff):
    client = client_for(BUREAU)
    editor = make_staff(EDITOR)
    blocked = TOTPDevice.objects.create(
        user=editor, name="phone", confirmed=True, throttling_failure_count=6
    )
    url = f"{LIST.format(language='ar')}{blocked.pk}/change/"

    response = client.post(url, {"name": "phone", "confirmed": "on", "throttling_failure_count": 0})

    assert response.status_code == 302
    blocked.refresh_from_db()
    assert blocked.throttling_failure_count == 0
    client.post(f"{LIST.format(language='ar')}{blocked.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(user=editor).exists()
