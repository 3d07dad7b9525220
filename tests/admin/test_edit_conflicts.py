"""Two volunteers editing one record: the second save is refused and says who changed what,
instead of silently undoing the first one's work."""

import re

import pytest
from django.test import Client

from communes.models import Commune
from initiatives.models import Initiative, Update
from sources.models import Source
from tests.helpers import (
    commune_form,
    initiative_form,
    inline_formset,
    png,
    sent_by_browser,
    update_form,
)


@pytest.fixture
def second_client(django_user_model):
    """Another volunteer's browser."""
    volunteer = django_user_model.objects.create_superuser(
        username="volunteer", email="v@example.org", password="not-used-in-tests"
    )
    volunteer.first_name, volunteer.last_name = "ضحى", "جوان"
    volunteer.save()
    client = Client()
    client.force_login(volunteer)
    return client


def opened(client, url) -> str:
    """The version a change form was drawn from, as the browser sends it back."""
    response = client.get(url)
    assert response.status_code == 200
    return version_in(response)


def version_in(response) -> str:
    found = re.search(r'name="_edit_base" value="([^"]+)"', response.content.decode())
    assert found, "the change form carries no version"
    return found.group(1)


@pytest.fixture
def draft(make_initiative):
    initiative = make_initiative(is_published=False)
    url = f"/ar/admin/initiatives/initiative/{initiative.pk}/change/"

    def form(**overrides):
        communes = list(initiative.communes.all())
        return initiative_form(sector=initiative.sector, communes=communes) | overrides

    return initiative, url, form


def test_the_second_save_is_refused_with_who_and_what_and_keeps_the_typing(
    staff_client, second_client, draft
):
    initiative, url, form = draft
    mine, theirs = opened(staff_client, url), opened(second_client, url)

    saved = second_client.post(url, form(planned_budget="2500000", _edit_base=theirs))
    assert saved.status_code == 302

    refused = staff_client.post(url, form(title_ar="عنوان كتبته أنا", _edit_base=mine))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "ضحى جوان" in page
    assert "بعد أن فتحته" in page
    assert "الميزانية المتوقعة" in page  # the field they changed, by its Arabic label
    assert "عنوان كتبته أنا" in page  # what this editor typed is still in the form
    initiative.refresh_from_db()
    assert initiative.planned_budget == 2500000
    assert initiative.title_ar != "عنوان كتبته أنا"

    # Told, the editor saves again: theirs is replaced knowingly.
    again = staff_client.post(url, form(title_ar="عنوان كتبته أنا", _edit_base=version_in(refused)))

    assert again.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title_ar == "عنوان كتبته أنا"
    assert initiative.planned_budget is None


def test_a_change_of_communes_alone_is_a_change(staff_client, second_client, draft, make_commune):
    initiative, url, form = draft
    mine, theirs = opened(staff_client, url), opened(second_client, url)
    both = [*initiative.communes.all(), make_commune()]
    second_client.post(url, form(communes=[c.pk for c in both], _edit_base=theirs))

    refused = staff_client.post(url, form(title_ar="عنوان آخر", _edit_base=mine))

    assert refused.status_code == 200
    assert "بعد أن فتحته" in refused.content.decode()
    assert initiative.communes.count() == 2
    assert not Initiative.objects.filter(title_ar="عنوان آخر").exists()


def test_an_editor_alone_saves_again_and_again_without_a_conflict(staff_client, draft):
    initiative, url, form = draft
    for title in ("الصيغة الأولى", "الصيغة الثانية"):
        response = staff_client.post(
            url, form(title_ar=title, _edit_base=opened(staff_client, url))
        )
        assert response.status_code == 302
        initiative.refresh_from_db()
        assert initiative.title_ar == title


def test_a_record_without_history_is_still_protected(staff_client, make_commune):
    commune = make_commune(slug="nouvelle-commune")
    url = f"/ar/admin/communes/commune/{commune.pk}/change/"
    mine = opened(staff_client, url)
    Commune.objects.filter(pk=commune.pk).update(area_km2=12)

    refused = staff_client.post(url, commune_form(area_km2="30", _edit_base=mine))

    assert refused.status_code == 200
    assert "بعد أن فتحته" in refused.content.decode()
    commune.refresh_from_db()
    assert commune.area_km2 == 12


@pytest.fixture
def with_update(make_initiative, make_update):
    initiative = make_initiative(is_published=False)
    update = make_update(initiative=initiative, is_published=False, title_ar="زيارة أولى")
    return initiative, update, f"/ar/admin/initiatives/initiative/{initiative.pk}/change/"


def test_saving_an_initiative_leaves_its_updates_changed_elsewhere_as_they_are(
    staff_client, with_update
):
    """A monitoring update corrected on its own page while someone had the initiative's
    page open is not put back by their save of the initiative."""
    initiative, update, url = with_update
    form = sent_by_browser(staff_client.get(url))
    Update.objects.filter(pk=update.pk).update(title_ar="الأشغال متوقفة", progress_observed=30)

    saved = staff_client.post(url, form | {"summary_ar": "ملخص جديد"})

    assert saved.status_code == 302
    initiative.refresh_from_db()
    update.refresh_from_db()
    assert initiative.summary_ar == "ملخص جديد"
    assert (update.title_ar, update.progress_observed) == ("الأشغال متوقفة", 30)


def test_a_line_changed_on_both_sides_is_refused(staff_client, with_update):
    initiative, update, url = with_update
    form = sent_by_browser(staff_client.get(url))
    Update.objects.filter(pk=update.pk).update(title_ar="الأشغال متوقفة")

    refused = staff_client.post(url, form | {"updates-0-title_ar": "زيارة ثانية"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "غيّر شخص آخر هذا السطر بعد أن فتحت الصفحة" in page
    assert "زيارة ثانية" in page
    update.refresh_from_db()
    assert update.title_ar == "الأشغال متوقفة"


def test_a_page_sent_back_untouched_saves_nothing_new(staff_client, with_update):
    """The form as drawn, sent back as is: accepted, and the record is as it was."""
    initiative, update, url = with_update
    before = Initiative.objects.filter(pk=initiative.pk).values().get()

    saved = staff_client.post(url, sent_by_browser(staff_client.get(url)))

    assert saved.status_code == 302
    after = Initiative.objects.filter(pk=initiative.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


def test_a_form_sent_back_names_the_files_to_choose_again(staff_client, make_initiative):
    """A browser never refills a file field: an update refused for its date says which
    photos were not kept, instead of letting it be saved later without them."""
    initiative = make_initiative(is_published=False)
    photo = {"caption_ar": "", "caption_fr": "", "caption_en": "", "taken_on": ""}
    data = update_form(
        initiative=initiative,
        observed_on="2099-01-01",
        **inline_formset(
            "photos", photo | {"image": png("chantier.png")}, photo | {"image": png("جسر.png")}
        ),
    )

    refused = staff_client.post("/ar/admin/initiatives/update/add/", data)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "لم يُحتفظ بالملفين اللذين اخترتهما" in page
    assert "chantier.png" in page and "جسر.png" in page
    assert not Update.objects.exists()


def test_a_line_deleted_elsewhere_does_not_stop_the_save(staff_client, with_update):
    """Django's own error would sit on the line's hidden key, on a line no longer drawn:
    the editor could neither see what is wrong nor save."""
    initiative, update, url = with_update
    form = sent_by_browser(staff_client.get(url)) | {"summary_ar": "ملخص جديد"}
    Update.objects.filter(pk=update.pk).delete()

    saved = staff_client.post(url, form, follow=True)

    assert saved.redirect_chain
    initiative.refresh_from_db()
    assert initiative.summary_ar == "ملخص جديد"
    assert not initiative.updates.exists()
    assert "حذف شخص آخر سطراً" not in saved.content.decode()


def test_a_change_to_a_line_deleted_elsewhere_is_said_to_be_lost(staff_client, with_update):
    initiative, update, url = with_update
    form = sent_by_browser(staff_client.get(url))
    Update.objects.filter(pk=update.pk).delete()

    saved = staff_client.post(url, form | {"updates-0-title_ar": "عنوان جديد"}, follow=True)

    assert saved.redirect_chain
    assert "حذف شخص آخر سطراً من «تقارير التتبع»" in saved.content.decode()
    assert not initiative.updates.exists()


def test_a_refused_security_check_in_the_admin_says_where_the_text_is(staff_client):
    staff_client.handler.enforce_csrf_checks = True

    refused = staff_client.post("/ar/admin/sources/source/add/", {"publication": "هسبريس"})

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "انسخه، ثم أعد تحميل الصفحة" in page
    assert "محفوظ أيضاً في هذا المتصفح" in page


def test_a_change_the_form_does_not_hold_is_no_conflict(staff_client):
    """The nightly link check records its result on a source someone is editing: their save
    writes none of it back, so it goes through."""
    source = Source.objects.create(publication="هسبريس", url="https://example.org/a", language="ar")
    url = f"/ar/admin/sources/source/{source.pk}/change/"
    form = sent_by_browser(staff_client.get(url))
    Source.objects.filter(pk=source.pk).update(link_ok=False, link_status=404)

    saved = staff_client.post(url, form | {"publication": "هسبريس، النسخة العربية"})

    assert saved.status_code == 302
    source.refresh_from_db()
    assert (source.publication, source.link_ok) == ("هسبريس، النسخة العربية", False)
