"""A citizen reports what they saw; nothing is public until the bureau accepts it."""

import re

import pytest
from django.core import mail
from django.utils import translation

from citizens import services
from citizens.models import FieldReport, Moderation, Suggestion
from initiatives.models import Initiative, Update
from tests.helpers import inline_formset
from tests.public.pages import Page
from tests.uploads.files import jpeg, phone_jpeg

from .conftest import CONTACT, report_data, suggestion_data

REPORT_URL = "/ar/initiatives/route-3421/report/"


def test_the_initiative_page_invites_a_report_and_links_to_the_form(client, initiative):
    page = Page(client.get("/ar/initiatives/route-3421/"))

    links = [a.attrs["href"] for a in page.all("a")]
    assert REPORT_URL in links


def test_a_report_with_a_photo_lands_in_the_queue_and_the_visitor_gets_its_reference(
    visitor, initiative
):
    browser = visitor()
    response = browser.post(REPORT_URL, report_data() | {"photos": [phone_jpeg()]}, follow=True)

    report = FieldReport.objects.get()
    assert response.status_code == 200
    assert report.reference in response.content.decode()
    assert re.fullmatch(r"R-[2-9A-Z]{4}-[2-9A-Z]{4}", report.reference)
    assert report.state == Moderation.PENDING
    assert report.initiative == initiative
    assert report.kind == "work_stopped"
    photo = report.photos.get()
    assert photo.shows_identifiable_people  # until a moderator has looked
    # Stored as staff photos are: a random name, no metadata.
    assert "IMG_2041" not in photo.image.name
    with photo.image.open("rb") as stored:
        assert b"PhoneMaker" not in stored.read()


def test_a_long_text_the_browser_accepted_is_not_refused_for_its_line_breaks(
    visitor, initiative, make_commune, make_sector
):
    # 4,400 characters as the browser counts them against maxlength="5000"; sent with CRLF
    # line breaks, 5,500.
    text = "سطر\r\n" * 1100
    browser = visitor()

    report = browser.post(REPORT_URL, report_data(text=text))
    suggestion = browser.post(
        "/ar/suggest/",
        suggestion_data(commune=make_commune(), sector=make_sector(), description=text),
    )

    assert report.status_code == 302 and suggestion.status_code == 302
    assert FieldReport.objects.get().text == "سطر\n" * 1099 + "سطر"
    assert len(Suggestion.objects.get().description) == 4 * 1100 - 1


def test_a_pending_report_is_invisible_on_the_public_site(client, make_report, initiative):
    make_report(text="علامة-خاصة-بالبلاغ")

    for url in [
        "/ar/initiatives/route-3421/",
        "/ar/updates/feed/",
        "/ar/initiatives/route-3421/feed/",
        "/api/v1/updates/",
        "/ar/",
    ]:
        assert "علامة-خاصة-بالبلاغ" not in client.get(url).content.decode(), url


def test_the_thank_you_page_shows_only_its_own_reference(visitor, initiative):
    first = visitor().post(REPORT_URL, report_data())
    second = visitor().post(REPORT_URL, report_data())
    references = list(FieldReport.objects.values_list("reference", flat=True))

    page = visitor().get(first.url).content.decode()

    assert len(set(references)) == 2
    assert sum(reference in page for reference in references) == 1
    assert visitor().get(second.url[:-6] + "XXXXX/").status_code == 404


def test_accepting_a_report_publishes_an_update_with_its_photos(client, make_report, superuser):
    report = make_report(photos=2, seen_on=None)
    report.photos.update(shows_identifiable_people=False)

    from citizens.services import report_accept

    update = report_accept(report=report, user=superuser)

    report.refresh_from_db()
    assert report.state == Moderation.ACCEPTED
    assert report.update == update
    assert update.state == "published"
    assert update.source == Update.Source.CITIZEN
    assert update.photos.public().count() == 2
    page = client.get("/ar/initiatives/route-3421/").content.decode()
    assert "توقفت الأشغال في الطريق منذ أسبوعين." in page
    assert page.count(update.photos.first().image.url) >= 1
    assert f'href="#update-{update.pk}"' in page


def test_an_accepted_report_whose_photos_may_show_people_waits_for_consent(
    client, make_report, superuser
):
    from citizens.services import report_accept

    report = make_report(photos=1, text="علامة-في-المراجعة")

    update = report_accept(report=report, user=superuser)

    assert update.state == "in_review"
    assert update.photos.awaiting_consent().count() == 1
    assert "علامة-في-المراجعة" not in client.get("/ar/initiatives/route-3421/").content.decode()


def test_the_moderator_accepts_a_report_in_one_action(staff_client, make_report, client):
    report = make_report(photos=1)
    report.photos.update(shows_identifiable_people=False)

    response = staff_client.post(
        "/ar/admin/citizens/fieldreport/",
        {"action": "accept_as_update", "_selected_action": [report.pk]},
        follow=True,
    )

    assert response.status_code == 200
    update = Update.objects.get(citizen_report=report)
    assert update.is_published
    assert update.photos.count() == 1
    assert "توقفت الأشغال" in client.get("/fr/initiatives/route-3421/").content.decode()


def test_the_moderator_may_accept_a_report_to_edit_its_words_before_publishing(
    staff_client, make_report, client
):
    report = make_report(text="رأيت الورش متوقفا، اتصلوا بي على 0661778899")

    response = staff_client.post(
        "/ar/admin/citizens/fieldreport/",
        {"action": "accept_to_edit", "_selected_action": [report.pk]},
        follow=True,
    )

    update = Update.objects.get(citizen_report=report)
    assert update.state == "in_review"
    assert f"/admin/initiatives/update/{update.pk}/change/" in response.content.decode()
    assert "0661778899" not in client.get("/ar/initiatives/route-3421/").content.decode()
    report.refresh_from_db()
    assert report.state == Moderation.ACCEPTED


def test_only_the_bureau_decides_whether_a_citizens_photo_shows_people(client_for, make_report):
    from workflow.roles import BUREAU, EDITOR

    report = make_report(photos=1)
    url = f"/ar/admin/citizens/fieldreport/{report.pk}/change/"

    editor_form = client_for(EDITOR).get(url).context["inline_admin_formsets"][0]
    bureau_form = client_for(BUREAU).get(url).context["inline_admin_formsets"][0]

    assert "shows_identifiable_people" in editor_form.readonly_fields
    assert "shows_identifiable_people" not in bureau_form.readonly_fields


def test_the_page_counts_accepted_citizen_reports(client, make_report, make_update, superuser):
    from citizens.services import report_accept

    first = make_report()
    make_update(initiative=first.initiative, is_published=True)
    for report in (first, make_report()):
        report_accept(report=report, user=superuser)

    page = Page(client.get("/en/initiatives/route-3421/"))

    count = page.one("p", class_="citizen-count")
    assert "2" in count.text
    assert len(page.all("span", class_="citizen")) == 2


def test_rejecting_asks_for_a_reason_and_records_it(staff_client, make_report):
    report = make_report()
    url = "/ar/admin/citizens/fieldreport/"

    form = staff_client.post(url, {"action": "reject", "_selected_action": [report.pk]})
    assert form.status_code == 200
    assert 'name="reason"' in form.content.decode()
    report.refresh_from_db()
    assert report.state == Moderation.PENDING

    staff_client.post(
        url,
        {"action": "reject", "_selected_action": [report.pk], "apply": "1", "reason": "مكرر"},
    )

    report.refresh_from_db()
    assert report.state == Moderation.REJECTED
    assert report.rejection_reason == "مكرر"
    assert report.update is None


def test_a_rejection_without_a_reason_is_refused(staff_client, make_report):
    report = make_report()

    staff_client.post(
        "/ar/admin/citizens/fieldreport/",
        {"action": "reject", "_selected_action": [report.pk], "apply": "1", "reason": " "},
    )

    report.refresh_from_db()
    assert report.state == Moderation.PENDING


def test_a_suggestion_becomes_a_draft_initiative_marked_citizen_suggestion(
    visitor, initiative, make_sector, staff_client, client
):
    sector = make_sector()
    commune = initiative.communes.get()
    browser = visitor()
    browser.post("/fr/suggest/", suggestion_data(commune=commune, sector=sector))
    suggestion = Suggestion.objects.get()

    staff_client.post(
        "/ar/admin/citizens/suggestion/",
        {"action": "accept_as_draft_initiative", "_selected_action": [suggestion.pk]},
    )

    suggestion.refresh_from_db()
    created = suggestion.initiative
    assert suggestion.state == Moderation.ACCEPTED
    assert created.origin == Initiative.Origin.CITIZEN
    assert created.origin_reference == suggestion.reference
    assert created.state == "draft"
    assert list(created.communes.all()) == [commune]
    assert client.get(created.get_absolute_url()).status_code == 404


def test_links_in_a_report_are_not_clickable_and_no_html_is_rendered_in_the_admin(
    staff_client, make_report
):
    report = make_report(text="انظروا http://evil.example/x <b>bold</b> <script>alert(1)</script>")

    page = staff_client.get(f"/ar/admin/citizens/fieldreport/{report.pk}/change/")
    listing = staff_client.get("/ar/admin/citizens/fieldreport/")

    for response in (page, listing):
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="http://evil.example' not in html
        assert "<script>alert(1)" not in html
        assert "<b>bold</b>" not in html
    assert "http://evil.example/x" in page.content.decode()


def test_only_the_bureau_sees_the_contact_in_the_admin(client_for, make_report):
    from workflow.roles import BUREAU, EDITOR

    report = make_report(**CONTACT)
    url = f"/ar/admin/citizens/fieldreport/{report.pk}/change/"

    editor = client_for(EDITOR).get(url)
    assert editor.status_code == 200
    assert CONTACT["contact_email"] not in editor.content.decode()
    assert CONTACT["contact_name"] not in editor.content.decode()

    bureau = client_for(BUREAU).get(url).content.decode()
    assert CONTACT["contact_email"] in bureau


@pytest.mark.parametrize(
    "lookup",
    [
        "contact_phone__startswith=0661",
        "contact_email__icontains=zoubida",
        "contact_name__contains=Zoubida",
        "contact_phone=0661 77 88 99",
    ],
)
@pytest.mark.parametrize("model", ["fieldreport", "suggestion"])
def test_the_contact_cannot_be_guessed_through_the_lists_filters(
    client_for, make_report, make_suggestion, lookup, model
):
    """A filter in the address that matches or not would rebuild a hidden phone number
    digit by digit: only those who see the contact may filter on it."""
    from workflow.roles import BUREAU, EDITOR, READER

    make_report(**CONTACT)
    make_suggestion(**CONTACT)
    url = f"/ar/admin/citizens/{model}/?{lookup}"

    for role in (EDITOR, READER):
        response = client_for(role).get(url)
        assert response.status_code == 400, role
    bureau = client_for(BUREAU).get(url)
    assert bureau.status_code == 200
    assert bureau.context["cl"].result_count == 1


def test_an_editor_cannot_accept_a_report(client_for, make_report):
    from workflow.roles import EDITOR

    report = make_report()

    client_for(EDITOR).post(
        "/ar/admin/citizens/fieldreport/",
        {"action": "accept_as_update", "_selected_action": [report.pk]},
    )

    report.refresh_from_db()
    assert report.state == Moderation.PENDING
    assert not Update.objects.exists()


def test_authors_are_not_offered_the_acceptances_only_the_bureau_may_make(client_for, make_report):
    from workflow.roles import BUREAU, CORRESPONDENT, EDITOR

    make_report()
    url = "/ar/admin/citizens/fieldreport/"

    for role in (EDITOR, CORRESPONDENT):
        actions = client_for(role).get(url).context["action_form"].fields["action"].choices
        assert not {"accept_as_update", "accept_to_edit"} & {name for name, _ in actions}, role
        assert "reject" in {name for name, _ in actions}, role
    bureau = client_for(BUREAU).get(url).context["action_form"].fields["action"].choices
    assert {"accept_as_update", "accept_to_edit"} <= {name for name, _ in bureau}


def test_the_bureau_is_mailed_without_the_contact(
    visitor, initiative, settings, django_capture_on_commit_callbacks
):
    settings.CITIZEN_NOTIFY_EMAILS = ["bureau@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        visitor().post(REPORT_URL, report_data(**CONTACT) | {"photos": [jpeg()]})

    report = FieldReport.objects.get()
    (message,) = mail.outbox
    assert message.to == ["bureau@example.org"]
    text = message.subject + message.body
    assert report.reference in text
    assert f"/admin/citizens/fieldreport/{report.pk}/change/" in text
    assert initiative.title_ar in text
    for value in CONTACT.values():
        assert value not in text


def test_the_bureau_mail_falls_back_to_the_admins(
    visitor, initiative, settings, django_capture_on_commit_callbacks
):
    settings.CITIZEN_NOTIFY_EMAILS = []
    settings.MANAGERS = []
    settings.ADMINS = [("Bureau", "admins@example.org")]

    with django_capture_on_commit_callbacks(execute=True):
        visitor().post(REPORT_URL, report_data())

    assert mail.outbox[0].to == ["admins@example.org"]


def test_the_report_form_reads_right_to_left_with_a_label_for_every_field(client, initiative):
    response = client.get(REPORT_URL)
    page = Page(response)

    html_tag = page.one("html")
    assert html_tag.attrs["dir"] == "rtl"
    assert html_tag.attrs["lang"] == "ar"
    labelled = {label.attrs.get("for") for label in page.all("label")}
    for tag in ("input", "textarea", "select"):
        for field in page.all(tag):
            if field.attrs.get("type") in ("hidden", "submit"):
                continue
            assert field.attrs["id"] in labelled, field.attrs
    # One script, an enhancement: it weighs the chosen photos before sending them.
    assert [s.attrs["src"].split("/")[-1].split(".")[0] for s in page.all("script")] == [
        "upload_check"
    ]
    assert "defer" in page.one("script").attrs
    assert "style=" not in response.content.decode()
    form = page.one("form", class_="citizen-form")
    assert form.attrs["enctype"] == "multipart/form-data"
    assert page.one("input", name="photos").attrs.get("multiple") is not None
    with translation.override("ar"):
        assert translation.gettext("Your contact (optional)") in response.content.decode()
    assert page.one("p", class_="privacy")


def test_the_suggest_form_is_linked_from_the_list_and_the_commune_page(client, initiative):
    commune = initiative.communes.get()

    listing = Page(client.get("/ar/initiatives/"))
    commune_page = Page(client.get(f"/ar/communes/{commune.slug}/"))

    assert "/ar/suggest/" in [a.attrs["href"] for a in listing.all("a")]
    assert f"/ar/suggest/?commune={commune.pk}" in [a.attrs["href"] for a in commune_page.all("a")]
    form = Page(client.get(f"/ar/suggest/?commune={commune.pk}"))
    selected = [
        o
        for o in form.all("option")
        if "selected" in o.attrs and o.inside("select", id="id_commune")
    ]
    assert [o.attrs["value"] for o in selected] == [str(commune.pk)]


def test_a_correspondent_sees_only_the_reports_of_their_communes(
    client_for, make_report, make_initiative, make_commune
):
    from workflow.roles import CORRESPONDENT

    mine = make_report()
    other = make_report(initiative=make_initiative(is_published=True, communes=[make_commune()]))

    listing = client_for(CORRESPONDENT, communes=[mine.initiative.communes.get()]).get(
        "/ar/admin/citizens/fieldreport/"
    )

    assert mine.reference in listing.content.decode()
    assert other.reference not in listing.content.decode()


def test_the_admin_shows_how_many_submissions_the_honeypot_dropped(
    staff_client, visitor, initiative
):
    for _ in range(2):
        visitor().post(REPORT_URL, report_data(website="http://spam.example"))

    page = Page(staff_client.get("/ar/admin/citizens/droppedsubmission/"))

    assert "2" in [cell.text for cell in page.all("td")]


def test_an_accepted_suggestions_place_is_labelled_in_arabic_in_its_arabic_text(
    make_suggestion, superuser
):
    suggestion = make_suggestion(location="دوار أولاد سي بوشعيب")

    with translation.override("fr"):  # the moderator's admin is in French
        initiative = services.suggestion_accept(suggestion=suggestion, user=superuser)

    with translation.override("ar"):
        label = translation.gettext("Location:")
    assert label != "Location:"
    assert initiative.description_ar.endswith(f"{label} دوار أولاد سي بوشعيب")


def test_the_bureau_corrects_or_deletes_a_contact_at_the_citizens_request(client_for, make_report):
    """Both forms promise the right to correct or delete the contact (Law 09-08)."""
    from workflow.roles import BUREAU, EDITOR

    report = make_report(**CONTACT)
    other = make_report(**CONTACT)
    change = f"/ar/admin/citizens/fieldreport/{report.pk}/change/"
    bureau = client_for(BUREAU)

    form = {**CONTACT, "contact_phone": "0661 77 88 00"} | inline_formset("photos")
    assert bureau.post(change, form).status_code == 302
    report.refresh_from_db()
    assert report.contact_phone == "0661 77 88 00"
    assert report.text == "توقفت الأشغال في الطريق منذ أسبوعين."  # the evidence unchanged

    listing = "/ar/admin/citizens/fieldreport/"
    bureau.post(listing, {"action": "delete_contact", "_selected_action": [report.pk]})
    report.refresh_from_db()
    other.refresh_from_db()
    assert (report.contact_name, report.contact_phone, report.contact_email) == ("", "", "")
    assert report.contact_deleted_at is not None
    assert other.contact_phone == CONTACT["contact_phone"]

    editor = client_for(EDITOR)
    assert (
        "delete_contact"
        not in editor.get(listing).context["action_form"].fields["action"].choices.__str__()
    )
    editor.post(listing, {"action": "delete_contact", "_selected_action": [other.pk]})
    editor.post(f"/ar/admin/citizens/fieldreport/{other.pk}/change/", {"contact_phone": "0"})
    other.refresh_from_db()
    assert other.contact_phone == CONTACT["contact_phone"]


def test_the_bureau_reopens_a_rejection_or_an_acceptance_whose_update_was_deleted(
    client_for, make_report
):
    """A misclicked rejection, or an update deleted after the report was accepted, must
    not lose what a citizen sent: the bureau sends it back to the queue."""
    from workflow.roles import BUREAU, EDITOR

    rejected, accepted, kept = make_report(), make_report(), make_report()
    bureau = client_for(BUREAU)
    services.submission_reject(submission=rejected, user=bureau.user, reason="خطأ")
    services.report_accept(report=accepted, user=bureau.user)
    services.report_accept(report=kept, user=bureau.user)
    Update.objects.get(citizen_report=accepted).delete()
    listing = "/ar/admin/citizens/fieldreport/"

    editor = client_for(EDITOR)
    choices = editor.get(listing).context["action_form"].fields["action"].choices
    assert "reopen" not in {name for name, _label in choices}
    bureau = client_for(BUREAU)
    selected = [rejected.pk, accepted.pk, kept.pk]
    bureau.post(listing, {"action": "reopen", "_selected_action": selected})

    states = dict(FieldReport.objects.values_list("pk", "state"))
    assert states == {
        rejected.pk: Moderation.PENDING,
        accepted.pk: Moderation.PENDING,
        kept.pk: Moderation.ACCEPTED,  # its update is there: nothing to redo
    }
    again = services.report_accept(report=FieldReport.objects.get(pk=accepted.pk), user=bureau.user)
    assert again.citizen_report.pk == accepted.pk
