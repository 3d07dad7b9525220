"""Draft → in review → published (→ archived): who may move a record, and what the public
sees at each step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives.models import AWAITING_CONSENT, Initiative, Update
from tests.helpers import (
    assert_refused_in_arabic,
    in_arabic,
    initiative_form,
    inline_formset,
    update_form,
)
from tests.uploads.files import jpeg
from workflow.roles import BUREAU, EDITOR, READER
from workflow.services import record_archive, record_publish, record_send_back, record_submit
from workflow.states import State


@pytest.fixture
def draft(make_initiative):
    return make_initiative()


def test_an_editor_submits_and_the_bureau_publishes(draft, make_staff, client):
    editor, bureau = make_staff(EDITOR), make_staff(BUREAU)

    record_submit(record=draft, user=editor)
    assert draft.state == State.IN_REVIEW
    assert client.get(draft.get_absolute_url()).status_code == 404

    record_publish(record=draft, user=bureau)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft.history.first().history_user == bureau


def test_an_editor_cannot_publish(draft, make_staff):
    with pytest.raises(PermissionDenied):
        record_publish(record=draft, user=make_staff(EDITOR))
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_a_reader_cannot_even_submit(draft, make_staff):
    with pytest.raises(PermissionDenied):
        record_submit(record=draft, user=make_staff(READER))


def test_sending_back_needs_a_comment_and_returns_a_draft(draft, make_staff):
    editor, bureau = make_staff(EDITOR), make_staff(BUREAU)
    record_submit(record=draft, user=editor)
    with pytest.raises(ValidationError):
        record_send_back(record=draft, user=bureau, comment="  ")
    record_send_back(record=draft, user=bureau, comment="أضيفوا مصدرا للميزانية")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.review_comment == "أضيفوا مصدرا للميزانية"


def test_archiving_withdraws_from_the_public_site_without_deleting(draft, make_staff, client):
    bureau = make_staff(BUREAU)
    record_publish(record=draft, user=bureau)
    record_archive(record=draft, user=bureau)
    assert Initiative.objects.filter(pk=draft.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_transitions_out_of_order_are_refused(draft, make_staff):
    bureau = make_staff(BUREAU)
    with pytest.raises(ValidationError):
        record_archive(record=draft, user=bureau)
    with pytest.raises(ValidationError):
        record_send_back(record=draft, user=bureau, comment="لا")


def test_an_update_with_a_photo_awaiting_consent_cannot_be_published(
    make_update, make_photo, make_staff
):
    update = make_update()
    photo = make_photo(update=update, shows_identifiable_people=True)
    bureau = make_staff(BUREAU)
    with pytest.raises(ValidationError):
        record_publish(record=update, user=bureau)

    photo.consent_recorded_on = photo.taken_on or update.observed_on
    photo.save()
    record_publish(record=update, user=bureau)
    assert update.is_published


def test_admin_actions_follow_the_roles(client_for, make_initiative):
    drafts = [make_initiative(), make_initiative()]
    changelist = reverse("admin:initiatives_initiative_changelist")
    selected = [d.pk for d in drafts]

    editor = client_for(EDITOR)
    actions = editor.get(changelist).context["action_form"].fields["action"].choices
    assert "publish" not in dict(actions)
    editor.post(changelist, {"action": "submit_for_review", "_selected_action": selected})
    assert set(Initiative.objects.values_list("state", flat=True)) == {State.IN_REVIEW}

    bureau = client_for(BUREAU)
    bureau.post(changelist, {"action": "publish", "_selected_action": selected})
    assert Initiative.objects.filter(is_published=True).count() == 2


def test_the_bureau_sends_back_with_a_comment_through_the_admin(client_for, make_initiative):
    record = make_initiative(state=State.IN_REVIEW)
    changelist = reverse("admin:initiatives_initiative_changelist")
    bureau = client_for(BUREAU)

    confirm = bureau.post(changelist, {"action": "send_back", "_selected_action": [record.pk]})
    assert confirm.status_code == 200
    assert b'name="comment"' in confirm.content
    bureau.post(
        changelist,
        {"action": "send_back", "_selected_action": [record.pk], "apply": "1", "comment": "ناقص"},
    )
    record.refresh_from_db()
    assert (record.state, record.review_comment) == (State.DRAFT, "ناقص")


def test_an_editor_sees_the_state_but_cannot_set_it(client_for, make_initiative):
    record = make_initiative()
    page = client_for(EDITOR).get(reverse("admin:initiatives_initiative_change", args=[record.pk]))
    assert page.status_code == 200
    assert b'name="state"' not in page.content


def photo_row(**overrides) -> dict:
    return {
        "image": jpeg(),
        "caption_ar": "الورش",
        "caption_fr": "",
        "caption_en": "",
        "taken_on": "",
        "shows_identifiable_people": "on",
        "consent_recorded_on": "",
        "consent_note": "",
    } | overrides


@pytest.mark.parametrize(
    "consent, saved", [("", False), ("2025-03-02", True)], ids=["no-consent", "consent"]
)
def test_an_update_saved_as_published_with_a_photo_of_people_needs_their_consent(
    client_for, make_initiative, consent, saved
):
    bureau = client_for(BUREAU)
    data = update_form(initiative=make_initiative(), state="published") | inline_formset(
        "photos", photo_row(consent_recorded_on=consent)
    )

    response = bureau.post(reverse("admin:initiatives_update_add"), data)

    assert Update.objects.exists() is saved
    if not saved:
        assert_refused_in_arabic(response, in_arabic(AWAITING_CONSENT))


def test_an_update_published_from_its_initiatives_page_needs_its_photos_consent(
    client_for, make_update, make_photo
):
    update = make_update()
    make_photo(update=update, shows_identifiable_people=True)
    initiative = update.initiative
    bureau = client_for(BUREAU)
    row = {
        "id": update.pk,
        "initiative": initiative.pk,
        "observed_on": update.observed_on.isoformat(),
        "title_ar": update.title_ar,
        "title_fr": update.title_fr or "",
        "title_en": "",
        "status_observed": "",
        "progress_observed": "",
        "source": update.source,
        "source_url": update.source_url,
        "state": "published",
    }
    data = initiative_form(
        sector=initiative.sector,
        communes=list(initiative.communes.all()),
        slug=initiative.slug,
        title_ar=initiative.title_ar,
    ) | inline_formset("updates", row, initial=1)

    response = bureau.post(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk]), data
    )

    assert_refused_in_arabic(response, in_arabic(AWAITING_CONSENT))
    update.refresh_from_db()
    assert update.state != State.PUBLISHED
