"""Files too heavy for the portal are refused in the browser, before anything is uploaded:
a citizen on a phone and a volunteer in the admin hear why at once, beside the field, in
their language, and the form keeps what they typed. Nothing is sent until it would be
accepted; a form within the limits is sent as before."""

import datetime

import pytest

from tests.browser.conftest import DESKTOP, draft_update, log_in, screenshot

TEXT = "الحفر متوقف والمياه تتجمع قرب المدرسة."


def photo(name: str, size: int) -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": b"\xff" * size}


def posts(page) -> list[str]:
    """The forms the page sends from now on; none reaches the server (the portal's own checks
    of an upload are tested elsewhere)."""
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    page.route(
        "**/*",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    return sent


def test_a_citizen_hears_that_a_photo_is_too_heavy_before_sending_it(portal, new_page, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 1_000_000
    page = new_page()
    page.goto(portal(f"/ar/initiatives/{portal.records['initiative']}/report/"))
    sent = posts(page)
    page.check("#id_kind_0")
    page.fill("#id_text", TEXT)

    page.set_input_files(
        "#id_photos", [photo("IMG_2041.jpg", 1_500_000), photo("IMG_2042.jpg", 400_000)]
    )
    error = page.locator("ul.errorlist[role=alert]")
    assert error.is_visible()
    said = error.inner_text()
    # The heavy photo is named, with its weight rounded up and the limit rounded down, in
    # Western digits and Arabic decimal commas; the light one is not.
    assert "IMG_2041.jpg" in said and "IMG_2042.jpg" not in said
    assert "1,5" in said and "0,9" in said, said
    assert not any("٠" <= c <= "٩" for c in said), said
    assert error.locator("bdi").inner_text() == "IMG_2041.jpg"
    assert page.get_attribute("#id_photos", "aria-invalid") == "true"

    page.get_by_role("button", name="إرسال البلاغ").click()
    page.wait_for_timeout(300)  # a form let through is sent at once
    screenshot(page, "report-photo-too-heavy-ar")
    assert sent == []
    assert page.input_value("#id_text") == TEXT
    assert page.evaluate("document.activeElement.id") == "id_photos"

    # A lighter photo instead: the reason goes, and the report is sent.
    page.set_input_files("#id_photos", [photo("IMG_2043.jpg", 900_000)])
    assert page.locator("ul.errorlist[role=alert]").count() == 0
    assert page.get_attribute("#id_photos", "aria-invalid") is None
    with page.expect_request(lambda request: request.method == "POST"):
        page.get_by_role("button", name="إرسال البلاغ").click()
    assert sent == [portal(f"/ar/initiatives/{portal.records['initiative']}/report/")]


def test_a_citizen_hears_that_four_photos_are_one_too_many(portal, new_page):
    page = new_page()
    page.goto(portal(f"/fr/initiatives/{portal.records['initiative']}/report/"))
    sent = posts(page)
    page.check("#id_kind_0")
    page.fill("#id_text", TEXT)
    page.set_input_files("#id_photos", [photo(f"IMG_{n}.jpg", 1_000) for n in range(4)])

    error = page.locator("ul.errorlist[role=alert]")
    assert error.inner_text() == "3 photos au maximum, s'il vous plaît."
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_timeout(300)
    assert sent == []


@pytest.fixture(scope="module")
def update(portal, django_db_blocker):
    """A draft monitoring update, committed so that the live server sees it."""
    with django_db_blocker.unblock():
        update = draft_update(
            portal, title_ar="زيارة الورش مع الصور", observed_on=datetime.date(2025, 6, 1)
        )
    yield update
    with django_db_blocker.unblock():
        update.delete()


def test_a_volunteer_hears_that_the_photos_together_are_too_heavy_to_send(
    portal, new_page, staff_account, update, settings
):
    settings.UPLOAD_IMAGE_MAX_BYTES = 2_000_000
    settings.UPLOAD_REQUEST_MAX_BYTES = 2_500_000
    page = new_page(viewport=DESKTOP)
    log_in(page, portal, staff_account)
    page.goto(portal(f"/ar/admin/initiatives/update/{update.pk}/change/"))
    sent = posts(page)
    page.fill("#id_body_ar", TEXT)
    add = page.locator("#photos-group .add-row a")
    add.click()
    add.click()
    page.set_input_files("#id_photos-0-image", [photo("site-1.jpg", 1_500_000)])
    page.set_input_files("#id_photos-1-image", [photo("site-2.jpg", 1_500_000)])
    # Each photo is light enough on its own.
    assert page.locator("ul.errorlist[role=alert]").count() == 0

    page.click("[name=_save]")
    screenshot(page, "admin-photos-too-heavy-together-ar")
    note = page.locator("form [data-upload-note]")
    assert note.is_visible()
    assert note.get_attribute("role") == "alert"
    said = note.inner_text()
    assert "2,9" in said and "2,3" in said, said
    assert "لم يُرسل أي شيء" in said, said
    page.wait_for_timeout(300)
    assert sent == []
    assert page.input_value("#id_body_ar") == TEXT
    assert page.evaluate("document.activeElement.dataset.uploadNote") == ""

    # One photo now, the other in a later save: the form is sent.
    page.set_input_files("#id_photos-1-image", [])
    with page.expect_request(lambda request: request.method == "POST"):
        page.click("[name=_save]")
    assert sent == [portal(f"/ar/admin/initiatives/update/{update.pk}/change/")]
