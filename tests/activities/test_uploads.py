"""The foundation's own uploads follow the portal's upload rules (initiatives/uploads.py):
news images and event photos are stored re-encoded, without their EXIF or GPS position,
under a random name; activity documents are PDFs, checked by their content; and an event
photo of identifiable people is public only once their consent is recorded (Law 09-08)."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from activities.models import (
    Dossier,
    DossierAction,
    Event,
    EventPhoto,
    NewsItem,
    Proposal,
    ProposalStep,
    TrainingMaterial,
    TrainingSession,
)
from governance.models import Assembly, Person
from initiatives import uploads
from tests.activities.test_admin import proposal_form, step_row
from tests.admin.test_pages import admin_url
from tests.helpers import assert_refused_in_arabic, in_arabic, inline_formset, translated
from tests.public.pages import LANGUAGES, Page
from tests.public.test_weight import queries
from tests.uploads import files

CONSENTED_ON = datetime.date(2025, 3, 2)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def assert_stored_clean(field_file, size: tuple[int, int]):
    """The stored photo is the upright picture and nothing else: no EXIF, no GPS."""
    with field_file.open("rb") as file:
        content = file.read()
    image = Image.open(io.BytesIO(content))
    assert image.size == size
    exif = image.getexif()
    assert len(exif) == 0
    assert len(exif.get_ifd(ExifTags.IFD.GPSInfo)) == 0
    assert b"Exif" not in content and b"PhoneMaker" not in content


# Admin form data


def news_form(*, image, **overrides) -> dict:
    return {
        **translated("title", "افتتاح دار الشباب", "Ouverture de la maison des jeunes"),
        **translated("summary", "افتتحت دار الشباب أبوابها.", "La maison des jeunes est ouverte."),
        **translated("body", "نص الإعلان الكامل.", "Le texte complet de l'annonce."),
        "slug": "ouverture-maison-des-jeunes",
        "image": image,
        **translated("image_description", "واجهة دار الشباب"),
    } | overrides


def event_form(*, photos=(), **overrides) -> dict:
    return {
        **translated("title", "لقاء تواصلي حول الماء", "Rencontre sur l'eau"),
        **translated("summary", "لقاء مع الساكنة.", "Une rencontre avec les habitants."),
        **translated("description"),
        **translated("place", "دار الشباب", "Maison des jeunes"),
        "slug": "rencontre-eau",
        "starts_at_0": "2025-03-01",
        "starts_at_1": "10:00",
        "ends_at_0": "",
        "ends_at_1": "",
        **inline_formset("photos", *photos),
    } | overrides


def photo_row(*, image, **overrides) -> dict:
    return {
        "image": image,
        **translated("caption", "الحضور في القاعة"),
        "consent_recorded_on": "",
        "consent_note": "",
    } | overrides


def dossier_form(*, commune, actions=(), **overrides) -> dict:
    return {
        **translated("title", "الطريق الرابطة بين الدواوير", "La route des douars"),
        **translated("summary", "حالة الطريق.", "L'état de la route."),
        **translated("description"),
        "slug": "route-des-douars",
        "communes": [commune.pk],
        **inline_formset("actions", *actions),
    } | overrides


def action_row(**overrides) -> dict:
    return {
        "kind": "letter",
        "date": "2025-03-01",
        **translated("title", "مراسلة رئيس المجلس"),
        **translated("description"),
        **translated("addressee"),
        "answer_due_on": "",
        "answered_on": "",
        **translated("answer"),
        "state": "waiting",
    } | overrides


def session_form(*, programme, materials=(), **overrides) -> dict:
    return {
        "programme": programme.pk,
        "date": "2025-04-12",
        "commune": "",
        **translated("topic", "إعداد المشاريع", "Montage de projets"),
        **translated("place"),
        **translated("trainer"),
        "association_members": "12",
        "elected_officials": "0",
        "youth": "0",
        "women": "0",
        "others": "0",
        **inline_formset("materials", *materials),
    } | overrides


# News images and event photos


def test_a_news_image_is_stored_without_its_exif_under_a_random_name(staff_client, settings):
    response = staff_client.post(
        admin_url(NewsItem, "add", "ar"),
        news_form(image=files.phone_jpeg("IMG_2041.jpg", size=(120, 60))),
    )

    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert re.fullmatch(r"activities/news/\d{4}/[0-9a-f]{32}\.jpg", item.image.name)
    assert (item.image_width, item.image_height) == (60, 120)
    assert_stored_clean(item.image, (60, 120))
    assert [path.name for path in stored_files(settings.MEDIA_ROOT)] == [
        item.image.name.rsplit("/", 1)[1]
    ]


def test_an_event_photo_is_stored_without_its_exif_under_a_random_name(staff_client):
    response = staff_client.post(
        admin_url(Event, "add", "ar"),
        event_form(photos=[photo_row(image=files.phone_jpeg("IMG_2041.jpg", size=(96, 48)))]),
    )

    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    assert re.fullmatch(r"activities/events/\d{4}/[0-9a-f]{32}\.jpg", photo.image.name)
    assert (photo.width, photo.height) == (48, 96)
    assert_stored_clean(photo.image, (48, 96))


def post_news_image(client, image):
    return client.post(admin_url(NewsItem, "add", "ar"), news_form(image=image))


def post_event_photo(client, image):
    return client.post(admin_url(Event, "add", "ar"), event_form(photos=[photo_row(image=image)]))


PHOTO_FIELDS = {
    "news-image": (post_news_image, NewsItem),
    "event-photo": (post_event_photo, Event),
}


@pytest.mark.parametrize("field", PHOTO_FIELDS)
def test_a_text_file_named_jpg_is_refused_as_a_photo_saying_why_in_arabic(
    staff_client, settings, field
):
    post, saved = PHOTO_FIELDS[field]

    response = post(staff_client, files.text_as_jpeg())

    assert_refused_in_arabic(response, in_arabic(uploads.NOT_AN_IMAGE))
    assert not saved.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


# Activity documents


def proposal_document(file, *, commune, programme):
    return admin_url(Proposal, "add", "ar"), proposal_form(commune=commune, document=file)


def step_document(file, *, commune, programme):
    return admin_url(Proposal, "add", "ar"), proposal_form(
        commune=commune, steps=[step_row(document=file)]
    )


def action_document(file, *, commune, programme):
    return admin_url(Dossier, "add", "ar"), dossier_form(
        commune=commune, actions=[action_row(document=file)]
    )


def material_file(file, *, commune, programme):
    return admin_url(TrainingSession, "add", "ar"), session_form(
        programme=programme, materials=[{**translated("title", "دليل المشاريع"), "file": file}]
    )


# Each document field: how the admin posts it, the record its form saves, the stored file.
DOCUMENTS = {
    "proposal": (
        proposal_document,
        Proposal,
        lambda: Proposal.objects.get().document,
        r"activities/proposals/\d{4}/[0-9a-f]{32}\.pdf",
    ),
    "proposal-step": (
        step_document,
        Proposal,
        lambda: ProposalStep.objects.get().document,
        r"activities/proposals/\d{4}/[0-9a-f]{32}\.pdf",
    ),
    "dossier-action": (
        action_document,
        Dossier,
        lambda: DossierAction.objects.get().document,
        r"activities/advocacy/\d{4}/[0-9a-f]{32}\.pdf",
    ),
    "training-material": (
        material_file,
        TrainingSession,
        lambda: TrainingMaterial.objects.get().file,
        r"activities/trainings/\d{4}/[0-9a-f]{32}\.pdf",
    ),
}
NOT_DOCUMENTS = {
    "html-page": files.html,
    "text-named-pdf": lambda: files.upload(
        "محضر الدورة.pdf", "محضر الدورة، نص فقط.\n".encode() * 20, "application/pdf"
    ),
}


@pytest.mark.parametrize("upload", NOT_DOCUMENTS)
@pytest.mark.parametrize("field", DOCUMENTS)
def test_an_activity_document_that_is_not_a_pdf_is_refused_saying_why_in_arabic(
    staff_client, make_commune, make_programme, settings, field, upload
):
    form, saved, _stored, _name = DOCUMENTS[field]
    url, data = form(NOT_DOCUMENTS[upload](), commune=make_commune(), programme=make_programme())

    response = staff_client.post(url, data)

    assert_refused_in_arabic(response, in_arabic(uploads.NOT_A_PDF))
    assert not saved.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("field", DOCUMENTS)
def test_an_activity_document_that_is_a_pdf_is_stored_under_a_random_name(
    staff_client, make_commune, make_programme, field
):
    form, _saved, stored, name = DOCUMENTS[field]
    url, data = form(
        files.pdf("pv-session.pdf"), commune=make_commune(), programme=make_programme()
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302
    document = stored()
    assert re.fullmatch(name, document.name)
    with document.open("rb") as file:
        assert file.read(5) == b"%PDF-"


# The same checks outside the admin: the model fields' validators (the foundation's
# people and minutes too).
MODEL_FIELDS = {
    "news-image": (NewsItem, "image", files.text_as_jpeg, "not_an_image"),
    "event-photo": (EventPhoto, "image", files.text_as_jpeg, "not_an_image"),
    "proposal": (Proposal, "document", files.html, "not_a_pdf"),
    "proposal-step": (ProposalStep, "document", files.html, "not_a_pdf"),
    "dossier-action": (DossierAction, "document", files.html, "not_a_pdf"),
    "training-material": (TrainingMaterial, "file", files.html, "not_a_pdf"),
    "person-photo": (Person, "photo", files.text_as_jpeg, "not_an_image"),
    "assembly-minutes": (Assembly, "minutes", files.html, "not_a_pdf"),
}


@pytest.mark.parametrize("case", MODEL_FIELDS)
def test_the_models_refuse_the_files_the_admin_refuses(case):
    model, field, make, code = MODEL_FIELDS[case]
    record = model(**{field: make()})
    others = [other.name for other in model._meta.fields if other.name != field]

    with pytest.raises(ValidationError) as caught:
        record.clean_fields(exclude=others)

    assert [error.code for error in caught.value.error_dict[field]] == [code]


# Consent of the people shown in an event photo (Law 09-08)


def shown_photos(client, event, language: str = "ar") -> set[str]:
    page = Page(client.get(f"/{language}/foundation/events/{event.slug}/"))
    return {image.attrs["src"] for image in page.within("img", ("ul", {"class_": "photos"}))}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_event_photo_of_people_is_public_only_once_their_consent_is_recorded(
    client, make_event, make_event_photo, language
):
    event = make_event(is_published=True)
    awaiting = make_event_photo(event=event, shows_identifiable_people=True)
    consented = make_event_photo(
        event=event,
        shows_identifiable_people=True,
        consent_recorded_on=CONSENTED_ON,
        consent_note="موافقة مكتوبة من الحاضرين",
    )
    nobody = make_event_photo(event=event)

    response = client.get(f"/{language}/foundation/events/{event.slug}/")

    assert response.status_code == 200
    assert shown_photos(client, event, language) == {consented.image.url, nobody.image.url}
    assert awaiting.image.url not in response.content.decode()


def test_an_event_photo_appears_once_its_consent_is_recorded(client, make_event_photo):
    photo = make_event_photo(shows_identifiable_people=True)
    assert shown_photos(client, photo.event) == set()

    photo.consent_recorded_on = CONSENTED_ON
    photo.save()

    assert shown_photos(client, photo.event) == {photo.image.url}


def test_the_event_photos_awaiting_consent_are_the_ones_kept_from_the_public(make_event_photo):
    awaiting = make_event_photo(shows_identifiable_people=True)
    consented = make_event_photo(shows_identifiable_people=True, consent_recorded_on=CONSENTED_ON)
    nobody = make_event_photo()

    assert set(EventPhoto.objects.public()) == {consented, nobody}
    assert list(EventPhoto.objects.awaiting_consent()) == [awaiting]
    assert (awaiting.is_public, consented.is_public, nobody.is_public) == (False, True, True)


def test_the_event_page_keeps_its_query_count_as_photos_are_added_and_hidden(
    client, make_event, make_event_photo
):
    event = make_event(is_published=True)
    make_event_photo(event=event)
    url = f"/ar/foundation/events/{event.slug}/"
    one = queries(client, url)

    for people in (True, False, True, False):
        make_event_photo(event=event, shows_identifiable_people=people)
    five = queries(client, url)

    assert len(five) == len(one), "\n".join(five)
    assert len(shown_photos(client, event)) == 3


def test_the_event_admin_records_the_consent_of_the_people_shown(staff_client):
    photo = photo_row(
        image=files.jpeg(),
        shows_identifiable_people="on",
        consent_recorded_on="2025-03-02",
        consent_note="موافقة مكتوبة من الحاضرين",
    )

    response = staff_client.post(admin_url(Event, "add", "ar"), event_form(photos=[photo]))

    assert response.status_code == 302
    stored = EventPhoto.objects.get()
    assert stored.shows_identifiable_people
    assert stored.consent_recorded_on == CONSENTED_ON
    assert stored.consent_note == "موافقة مكتوبة من الحاضرين"
