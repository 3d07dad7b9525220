"""Every upload through the Arabic admin is checked and stored the safe way: update photos
(inline and on their own page), documents, initiative covers and people's photos."""

import io
import re

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image

from azemmour_portal.security import media
from governance.models import Person
from initiatives import uploads
from initiatives.models import Initiative, UpdateDocument, UpdatePhoto
from tests.helpers import (
    assert_refused_in_arabic,
    in_arabic,
    initiative_form,
    inline_formset,
    person_form,
    translated,
    update_form,
)
from tests.uploads import files

PHOTO_ADD = "/ar/admin/initiatives/updatephoto/add/"
DOCUMENT_ADD = "/ar/admin/initiatives/updatedocument/add/"


def photo_form(*, update, image, **overrides) -> dict:
    return {
        "update": update.pk,
        "image": image,
        **translated("caption", "أشغال الطريق"),
        "taken_on": "",
        "consent_recorded_on": "",
        "consent_note": "",
    } | overrides


def document_form(*, update, file, **overrides) -> dict:
    return {"update": update.pk, "file": file, **translated("title", "محضر الدورة")} | overrides


def stored_image(field_file) -> tuple[Image.Image, bytes]:
    with field_file.open("rb") as file:
        content = file.read()
    return Image.open(io.BytesIO(content)), content


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def assert_clean_and_upright(field_file, size):
    image, content = stored_image(field_file)
    assert image.size == size
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in content and b"Exif" not in content


def test_a_phone_photo_added_with_its_update_is_stored_clean_upright_and_renamed(
    staff_client, make_initiative
):
    initiative = make_initiative()
    data = update_form(
        initiative=initiative,
        **inline_formset(
            "photos",
            {
                "image": files.phone_jpeg("IMG_2041.jpg", size=(1400, 700)),
                **translated("caption", "أشغال الطريق"),
                "taken_on": "2025-03-01",
                "consent_recorded_on": "",
                "consent_note": "",
            },
        ),
    )

    response = staff_client.post("/ar/admin/initiatives/update/add/", data)

    assert response.status_code == 302
    photo = UpdatePhoto.objects.get(update__initiative=initiative)
    assert re.fullmatch(r"updates/photos/\d{4}/[0-9a-f]{32}\.jpg", photo.image.name)
    assert (photo.width, photo.height) == (700, 1400)
    assert_clean_and_upright(photo.image, (700, 1400))
    assert list(photo.renditions) == ["320", "640"]


REFUSED = {
    "text-renamed-jpg": (files.text_as_jpeg, uploads.NOT_AN_IMAGE, {}),
    "svg": (files.svg, uploads.NOT_AN_IMAGE, {}),
    "truncated-jpeg": (files.truncated_jpeg, uploads.DAMAGED_IMAGE, {}),
    "png-20000x20000": (
        lambda: files.png_claiming(20_000, 20_000),
        uploads.TOO_MANY_PIXELS,
        {"limit": 40},
    ),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_admin_refuses_what_is_not_a_sound_photo_saying_why_in_arabic(
    case, staff_client, make_update, settings
):
    make, message, params = REFUSED[case]

    response = staff_client.post(PHOTO_ADD, photo_form(update=make_update(), image=make()))

    assert_refused_in_arabic(response, in_arabic(message, **params))
    assert not UpdatePhoto.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_admin_refuses_a_photo_heavier_than_the_setting(staff_client, make_update, settings):
    settings.UPLOAD_IMAGE_MAX_BYTES = 4096
    upload = files.upload("big.jpg", files.noisy_jpeg_bytes())

    response = staff_client.post(PHOTO_ADD, photo_form(update=make_update(), image=upload))

    with translation.override("ar"):
        size, limit = filesizeformat(upload.size), filesizeformat(4096)
    assert_refused_in_arabic(response, in_arabic(uploads.TOO_HEAVY, size=size, limit=limit))
    assert not UpdatePhoto.objects.exists()


def test_a_photo_added_on_its_own_page_is_stored_the_same_way(staff_client, make_update):
    response = staff_client.post(
        PHOTO_ADD, photo_form(update=make_update(), image=files.jpeg(size=(2000, 1000)))
    )

    assert response.status_code == 302
    photo = UpdatePhoto.objects.get()
    assert re.fullmatch(r"updates/photos/\d{4}/[0-9a-f]{32}\.jpg", photo.image.name)
    assert list(photo.renditions) == ["320", "640", "1280"]


def test_a_photo_stored_before_the_checks_can_still_have_its_caption_edited(
    staff_client, make_photo
):
    photo = make_photo(image=files.gif())

    response = staff_client.post(
        f"/ar/admin/initiatives/updatephoto/{photo.pk}/change/",
        photo_form(update=photo.update, image="", **translated("caption", "تعليق جديد")),
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.caption_ar == "تعليق جديد"


def test_a_pdf_document_is_stored_renamed_and_served_inline_with_nosniff(
    staff_client, make_update, rf
):
    response = staff_client.post(
        DOCUMENT_ADD, document_form(update=make_update(), file=files.pdf("pv-session.pdf"))
    )

    assert response.status_code == 302
    document = UpdateDocument.objects.get()
    assert re.fullmatch(r"updates/documents/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    served = media.serve(rf.get(f"/media/{document.file.name}"), document.file.name)
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_admin_refuses_a_png_renamed_pdf(staff_client, make_update, settings):
    renamed = files.upload("pv.pdf", files.encoded(Image.new("RGB", (4, 4)), "PNG"))

    response = staff_client.post(DOCUMENT_ADD, document_form(update=make_update(), file=renamed))

    assert_refused_in_arabic(response, in_arabic(uploads.NOT_A_PDF))
    assert not UpdateDocument.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_admin_refuses_a_pdf_heavier_than_the_setting(staff_client, make_update, settings):
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 100
    upload = files.pdf()

    response = staff_client.post(DOCUMENT_ADD, document_form(update=make_update(), file=upload))

    with translation.override("ar"):
        size, limit = filesizeformat(upload.size), filesizeformat(100)
    assert_refused_in_arabic(response, in_arabic(uploads.TOO_HEAVY, size=size, limit=limit))


def test_the_documents_inline_refuses_a_file_that_is_not_a_pdf(staff_client, make_initiative):
    data = update_form(
        initiative=make_initiative(),
        **inline_formset("documents", {"file": files.svg(), **translated("title", "محضر الدورة")}),
    )

    response = staff_client.post("/ar/admin/initiatives/update/add/", data)

    assert_refused_in_arabic(response, in_arabic(uploads.NOT_A_PDF))


def test_an_initiative_cover_is_stored_clean_upright_and_renamed(
    staff_client, make_sector, make_commune
):
    data = initiative_form(
        sector=make_sector(),
        communes=[make_commune()],
        cover_image=files.phone_jpeg("cover.jpg", size=(120, 60)),
    )

    response = staff_client.post("/ar/admin/initiatives/initiative/add/", data)

    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="rehabilitation-route")
    assert re.fullmatch(r"initiatives/covers/\d{4}/[0-9a-f]{32}\.jpg", initiative.cover_image.name)
    assert (initiative.cover_width, initiative.cover_height) == (60, 120)
    assert_clean_and_upright(initiative.cover_image, (60, 120))


def test_an_initiative_cover_that_is_an_svg_is_refused(staff_client, make_sector, make_commune):
    data = initiative_form(sector=make_sector(), communes=[make_commune()], cover_image=files.svg())

    response = staff_client.post("/ar/admin/initiatives/initiative/add/", data)

    assert_refused_in_arabic(response, in_arabic(uploads.NOT_AN_IMAGE))


def test_a_persons_photo_is_stored_clean_upright_and_renamed(staff_client):
    response = staff_client.post(
        "/ar/admin/governance/person/add/",
        person_form(photo=files.phone_jpeg("fatima.jpg", size=(96, 48))),
    )

    assert response.status_code == 302
    person = Person.objects.get(slug="fatima-zahra")
    assert re.fullmatch(r"people/[0-9a-f]{32}\.jpg", person.photo.name)
    assert (person.photo_width, person.photo_height) == (48, 96)
    assert_clean_and_upright(person.photo, (48, 96))


def test_a_persons_photo_that_is_truncated_is_refused(staff_client):
    response = staff_client.post(
        "/ar/admin/governance/person/add/", person_form(photo=files.truncated_jpeg())
    )

    assert_refused_in_arabic(response, in_arabic(uploads.DAMAGED_IMAGE))
    assert not Person.objects.exists()


def test_upload_fields_tell_the_browser_which_files_to_offer(staff_client):
    photo_page = staff_client.get(PHOTO_ADD).content.decode()
    document_page = staff_client.get(DOCUMENT_ADD).content.decode()

    assert 'accept="image/jpeg,image/png,image/webp"' in photo_page
    assert 'accept="application/pdf"' in document_page


def test_the_admin_forms_give_the_browser_each_upload_limit(staff_client, make_update, settings):
    """The browser refuses a file heavier than its field accepts before sending the form
    (static/js/upload_check.js); the limits are the settings the server applies."""
    settings.UPLOAD_IMAGE_MAX_BYTES = 111_111
    settings.UPLOAD_DOCUMENT_MAX_BYTES = 222_222
    settings.UPLOAD_REQUEST_MAX_BYTES = 333_333
    update = make_update()

    html = staff_client.get(f"/ar/admin/initiatives/update/{update.pk}/change/").content.decode()

    # The photos' and the documents' rows, as the "add another" links copy them.
    row = r'<input type="file" name="{}"[^>]*data-max-bytes="{}"'
    assert re.search(row.format("photos-__prefix__-image", 111111), html)
    assert re.search(row.format("documents-__prefix__-file", 222222), html)
    assert re.search(r'<script src="[^"]*upload_check[^"]*" defer data-request-max="333333"', html)
