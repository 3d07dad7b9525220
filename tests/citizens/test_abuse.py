"""A script that floods the forms is stopped; bad input is refused with a message and
leaves nothing behind."""

import re

import pytest
from django.test import Client
from django.utils import translation

from citizens.models import DroppedSubmission, FieldReport, ReportPhoto, Suggestion
from tests.public.pages import Page
from tests.uploads.files import jpeg, pdf, text_as_jpeg

from .conftest import report_data, suggestion_data

REPORT_URL = "/ar/initiatives/route-3421/report/"


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def test_a_filled_honeypot_gets_the_thank_you_page_and_stores_nothing(visitor, initiative):
    response = visitor().post(REPORT_URL, report_data(website="http://spam.example"), follow=True)

    assert response.status_code == 200
    assert in_language("ar", "Your reference:") in response.content.decode()
    assert not FieldReport.objects.exists()
    assert DroppedSubmission.objects.get().count == 1


def test_dropped_submissions_are_counted_per_day(visitor, initiative, make_suggestion):
    for _ in range(3):
        visitor().post(REPORT_URL, report_data(website="x"))

    assert DroppedSubmission.objects.get().count == 3


def test_the_honeypot_is_hidden_by_a_class_and_tells_people_to_leave_it_empty(client, initiative):
    page = Page(client.get(REPORT_URL))

    trap = page.one("input", name="website")
    assert trap.inside("div", class_="form-trap")
    assert trap.attrs["tabindex"] == "-1"
    labels = [lbl for lbl in page.all("label") if lbl.attrs.get("for") == trap.attrs["id"]]
    assert labels[0].text.startswith(in_language("ar", "Leave this field empty"))


def test_the_sixth_submission_within_an_hour_gets_a_translated_429(visitor, initiative):
    browser = visitor("203.0.113.7")
    for _ in range(5):
        assert browser.post(REPORT_URL, report_data()).status_code == 302

    response = browser.post(REPORT_URL, report_data())

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert 'lang="ar"' in html
    assert 'dir="rtl"' in html
    assert in_language("ar", "Too many submissions") in html
    assert FieldReport.objects.count() == 5


def test_mistakes_cost_nothing_of_the_limit(visitor, initiative):
    browser = visitor()
    for _ in range(5):
        # A date in the future: refused, with the form shown again.
        assert browser.post(REPORT_URL, report_data(seen_on="2999-01-01")).status_code == 200

    codes = [browser.post(REPORT_URL, report_data()).status_code for _ in range(5)]

    assert codes == [302] * 5
    assert FieldReport.objects.count() == 5


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_over_the_limit_the_form_comes_back_as_typed_and_nothing_is_stored(
    visitor, initiative, language
):
    url = f"/{language}/initiatives/route-3421/report/"
    browser = visitor()
    for _ in range(5):
        browser.post(url, report_data())

    response = browser.post(url, report_data(text="الحفرة ما زالت أمام المدرسة"))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = Page(response)
    assert page.one("textarea", name="text").text == "الحفرة ما زالت أمام المدرسة"
    assert page.one("input", name="seen_on").attrs["value"] == "2025-03-01"
    alert = page.one("div", class_="form-errors").text
    assert in_language(language, "Too many submissions") in alert
    assert in_language(language, "Photos must be chosen again.") in alert
    assert not FieldReport.objects.filter(text="الحفرة ما زالت أمام المدرسة").exists()


def test_the_429_page_speaks_the_visitors_language(visitor, initiative):
    browser = visitor()
    for _ in range(5):
        browser.post("/fr/initiatives/route-3421/report/", report_data())

    response = browser.post("/fr/initiatives/route-3421/report/", report_data())

    assert response.status_code == 429
    assert 'lang="fr"' in response.content.decode()
    assert in_language("fr", "Too many submissions") in response.content.decode()


def test_a_browser_changing_address_is_still_limited(initiative):
    browser = Client()
    browser.cookies["csrftoken"] = "b" * 32
    codes = [
        browser.post(REPORT_URL, report_data(), REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(6)
    ]

    assert codes == [302] * 5 + [429]


def test_an_address_throwing_away_its_cookies_is_still_limited(initiative, settings):
    settings.CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 8
    answers = []
    for n in range(9):
        browser = Client(REMOTE_ADDR="192.0.2.99")
        browser.cookies["csrftoken"] = f"{n:032d}"
        answers.append(browser.post(REPORT_URL, report_data()))

    assert [answer.status_code for answer in answers] == [302] * 8 + [429]
    assert FieldReport.objects.count() == 8
    # The refusal speaks of the shared network, not of this phone's own submissions.
    alert = Page(answers[-1]).one("div", class_="form-errors").text
    with translation.override("ar"):
        network = translation.ngettext(
            "The foundation accepts at most %(limit)s submission an hour from the same "
            "network, such as a shared Wi-Fi.",
            "The foundation accepts at most %(limit)s submissions an hour from the same "
            "network, such as a shared Wi-Fi.",
            8,
        ) % {"limit": 8}
    assert network in alert


def test_many_phones_on_one_network_each_send_their_own(initiative):
    # A training room's Wi-Fi, or a mobile operator's shared address: one address for all.
    codes = []
    for n in range(12):
        phone = Client(REMOTE_ADDR="192.0.2.50")
        phone.cookies["csrftoken"] = f"{n:032d}"
        codes.append(phone.post(REPORT_URL, report_data()).status_code)

    assert codes == [302] * 12


def test_suggestions_and_reports_share_the_limit(visitor, initiative, make_sector):
    browser = visitor()
    data = suggestion_data(commune=initiative.communes.get(), sector=make_sector())
    for _ in range(5):
        browser.post("/ar/suggest/", data)

    assert browser.post(REPORT_URL, report_data()).status_code == 429
    assert Suggestion.objects.count() == 5


def test_a_flood_does_not_stop_other_citizens(visitor, initiative):
    flooder = visitor("203.0.113.66")
    for _ in range(50):
        flooder.post(REPORT_URL, report_data(text="spam"))

    response = visitor().post(REPORT_URL, report_data(text="الطريق متوقفة"))

    assert response.status_code == 302
    assert FieldReport.objects.filter(text="spam").count() == 5
    assert FieldReport.objects.filter(text="الطريق متوقفة").count() == 1


def test_a_post_without_the_csrf_token_is_refused(initiative):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(REPORT_URL, report_data())

    assert response.status_code == 403
    assert not FieldReport.objects.exists()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_a_refused_security_check_explains_itself_in_the_visitors_language(initiative, language):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(f"/{language}/initiatives/route-3421/report/", report_data())

    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}"' in html
    assert in_language(language, "Request refused") in html
    assert in_language(language, "Home page") in html
    # Django's own page, with its hint for developers, is not what a visitor sees.
    assert "DEBUG" not in html and "CSRF" not in html


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": ""}, "kind"),
        ({"kind": "arson"}, "kind"),
        ({"text": ""}, "text"),
        ({"text": "م" * 100_000}, "text"),
        ({"seen_on": "2999-01-01"}, "seen_on"),
        ({"seen_on": "yesterday"}, "seen_on"),
        ({"contact_email": "not an address"}, "contact_email"),
        ({"contact_phone": "<script>"}, "contact_phone"),
        ({"contact_phone": "+++---"}, "contact_phone"),
        ({"text": "\u200f\u200e\u200b \u2067\u2069"}, "text"),
    ],
)
def test_malformed_report_gives_a_form_error_and_stores_nothing(
    visitor, initiative, changes, field
):
    response = visitor().post(REPORT_URL, report_data(**changes))

    assert response.status_code == 200
    page = Page(response)
    errors = page.one("ul", id=f"id_{field}_error")
    assert errors.text
    described = [
        e
        for e in page.elements
        if e.tag in ("input", "textarea", "fieldset")
        and f"id_{field}_error" in e.attrs.get("aria-describedby", "")
    ]
    assert described
    assert not FieldReport.objects.exists()


@pytest.mark.parametrize(
    "photos",
    [[pdf("chantier.jpg")], [text_as_jpeg()], [jpeg(), pdf("b.jpg")], [jpeg() for _ in range(4)]],
    ids=["pdf-named-jpg", "text-named-jpg", "one-good-one-bad", "four-photos"],
)
def test_bad_photos_give_a_form_error_and_store_nothing(visitor, initiative, photos):
    response = visitor().post(REPORT_URL, report_data() | {"photos": photos})

    assert response.status_code == 200
    assert Page(response).one("ul", id="id_photos_error").text
    assert not FieldReport.objects.exists()
    assert not ReportPhoto.objects.exists()


def test_a_bad_photo_among_several_is_named_and_the_others_must_be_chosen_again(
    visitor, initiative
):
    response = visitor().post(
        "/en/initiatives/route-3421/report/",
        report_data() | {"photos": [jpeg("IMG_2040.jpg"), pdf("IMG_2041.jpg")]},
    )

    page = Page(response)
    assert "«IMG_2041.jpg»" in page.one("ul", id="id_photos_error").text
    assert "IMG_2040" not in page.one("ul", id="id_photos_error").text
    assert "Photos must be chosen again." in page.one("div", class_="form-errors").text


def test_the_date_picker_offers_only_dates_the_form_accepts(visitor, initiative):
    from django.utils import timezone

    field = Page(visitor().get(REPORT_URL)).one("input", id="id_seen_on")

    assert field.attrs["max"] == timezone.localdate().isoformat()
    assert field.attrs["min"] == "1956-01-01"


def test_a_pdf_named_jpg_is_refused_with_the_staff_message(visitor, initiative):
    from initiatives.uploads import NOT_AN_IMAGE

    response = visitor().post(REPORT_URL, report_data() | {"photos": [pdf("IMG_1.jpg")]})

    with translation.override("ar"):
        assert str(NOT_AN_IMAGE) in response.content.decode()


@pytest.mark.parametrize("slug", ["no-such-initiative", "draft-initiative"])
def test_an_unknown_or_unpublished_initiative_stores_nothing(
    visitor, initiative, make_initiative, slug
):
    make_initiative(slug="draft-initiative", is_published=False)

    response = visitor().post(f"/ar/initiatives/{slug}/report/", report_data())

    assert response.status_code == 404
    assert not FieldReport.objects.exists()


def test_a_malformed_suggestion_stores_nothing(visitor, initiative, make_sector):
    data = suggestion_data(commune=initiative.communes.get(), sector=make_sector(), title="") | {
        "commune": "999999",
        "description": "و" * 100_000,
    }

    response = visitor().post("/ar/suggest/", data)

    assert response.status_code == 200
    page = Page(response)
    for field in ("commune", "title", "description"):
        assert page.one("ul", id=f"id_{field}_error")
    assert not Suggestion.objects.exists()


def test_a_suggestion_of_direction_marks_alone_is_refused_as_empty(
    visitor, initiative, make_sector
):
    invisible = "\u200f\u200e \u200b"
    data = suggestion_data(
        commune=initiative.communes.get(), sector=make_sector(), title=invisible
    ) | {"description": invisible}

    page = Page(visitor().post("/ar/suggest/", data))

    for field in ("title", "description"):
        assert page.one("ul", id=f"id_{field}_error")
    assert not Suggestion.objects.exists()


def test_the_database_refuses_a_text_over_the_limit(make_report):
    from tests.helpers import refused_by_database

    report = make_report()
    with refused_by_database("fieldreport_text_max_length"):
        FieldReport.objects.filter(pk=report.pk).update(text="x" * 5001)


@pytest.mark.parametrize(
    "language, question", [("ar", "ماذا رأيت؟"), ("fr", "Qu'avez-vous constaté ?")]
)
def test_a_question_is_not_followed_by_a_colon(visitor, initiative, language, question):
    html = visitor().get(f"/{language}/initiatives/route-3421/report/").content.decode()

    assert question in html.replace("&#x27;", "'")
    assert "؟:" not in html and "?:" not in html and "? :" not in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_question_marked_optional_is_not_followed_by_a_colon(visitor, initiative, language):
    report = visitor().get(f"/{language}/initiatives/route-3421/report/").content.decode()
    suggest = visitor().get(f"/{language}/suggest/").content.decode()

    with translation.override(language):
        where = translation.gettext("Where? (optional)")

    for html in (report, suggest):
        assert not re.search(r"[?؟]\s*\([^()<]*\)\s*:", html.replace("&nbsp;", " "))
    assert f"{where}</label>" in suggest


@pytest.mark.parametrize(
    "language, prompts",
    [
        ("ar", ["اختر الجماعة", "اختر القطاع"]),
        ("fr", ["Choisissez une commune", "Choisissez un secteur"]),
    ],
)
def test_the_suggestion_forms_lists_say_what_to_choose(visitor, initiative, language, prompts):
    html = visitor().get(f"/{language}/suggest/").content.decode()

    assert "---------" not in html
    assert all(f'<option value="" selected>{prompt}</option>' in html for prompt in prompts)


@pytest.mark.parametrize("typed", ["01/03/2025", "٢٠٢٥-٠٣-٠١", "2025-3-1"])
def test_a_date_typed_in_another_format_is_kept_when_the_form_comes_back(
    visitor, initiative, typed
):
    """A date input drops a value that is not YYYY-MM-DD: the date the visitor typed
    must come back in that form, not as typed."""
    html = visitor().post(REPORT_URL, report_data(text="", seen_on=typed)).content.decode()

    assert re.search(r'<input type="date" name="seen_on" value="2025-03-01"', html)
    assert not FieldReport.objects.exists()


def test_a_date_typed_with_arabic_indic_digits_is_read(visitor, initiative):
    visitor().post(REPORT_URL, report_data(seen_on="٢٠٢٥-٠٣-٠١"))

    assert FieldReport.objects.get().seen_on.isoformat() == "2025-03-01"
