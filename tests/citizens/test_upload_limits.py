"""The report form tells the browser what the server accepts, so that a phone refuses a
photo too heavy, or one photo too many, before uploading anything
(static/js/upload_check.js; tests/browser/test_upload_check.py sees it done)."""

from django.utils import translation

from azemmour_portal.templatetags.portal import upload_check
from tests.public.pages import Page

REPORT_URL = "/ar/initiatives/route-3421/report/"


def test_the_report_form_gives_the_browser_the_limits_the_server_applies(
    client, initiative, settings
):
    settings.UPLOAD_IMAGE_MAX_BYTES = 123_456
    settings.UPLOAD_REQUEST_MAX_BYTES = 654_321

    page = Page(client.get(REPORT_URL))

    photos = page.one("input", id="id_photos")
    assert photos.attrs["data-max-bytes"] == "123456"
    assert photos.attrs["data-max-files"] == "3"
    assert photos.attrs["data-too-many"] == "يرجى ألا يتجاوز عدد الصور 3."
    script = page.one("script", **{"data-request-max": "654321"})
    assert "upload_check" in script.attrs["src"]
    with translation.override("ar"):
        said = upload_check()
    assert script.attrs["data-too-heavy"] == said["too_heavy"]
    assert script.attrs["data-too-much"] == said["too_much"]
    # In Arabic, with the placeholders the script fills in.
    assert "الحد الأقصى" in said["too_heavy"]
    assert all(key in said["too_heavy"] for key in ("%(name)s", "%(size)s", "%(limit)s"))
    assert all(key in said["too_much"] for key in ("%(size)s", "%(limit)s"))

    # A changed setting shows on the next page, not only after a restart.
    settings.UPLOAD_IMAGE_MAX_BYTES = 234_567
    again = Page(client.get(REPORT_URL)).one("input", id="id_photos")
    assert again.attrs["data-max-bytes"] == "234567"


def test_pages_without_a_file_to_send_do_not_load_the_script(client, initiative):
    page = Page(client.get("/ar/initiatives/route-3421/"))

    assert not [s for s in page.all("script") if "upload_check" in s.attrs.get("src", "")]
