"""A volunteer's text and choices survive the end of their session: typed or chosen in a
record's form in the Arabic admin, lost by the page, they are offered back when they return
to the form; once the form is saved, they are not offered again."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.browser.conftest import DESKTOP, draft_update, log_in

TEXT = "وجدنا الورش متوقفا منذ أسبوعين، ولا عمال في الموقع."


@pytest.fixture(scope="module")
def visit(portal, django_db_blocker):
    """A draft monitoring update, committed so that the live server sees it; removed
    afterwards, with the source the last test adds."""
    from initiatives.models import Update
    from sources.models import Source

    with django_db_blocker.unblock():
        update = draft_update(portal, title_ar="زيارة الورش", observed_on=datetime.date(2025, 5, 1))
    yield update
    with django_db_blocker.unblock():
        Update.objects.filter(pk=update.pk).delete()
        Source.objects.filter(publication="جريدة الصباح").delete()


def test_text_lost_with_the_session_is_offered_back_until_saved(
    portal, new_page, staff_account, visit
):
    from initiatives.models import Initiative

    update = visit
    form = portal(f"/ar/admin/initiatives/update/{update.pk}/change/")
    page = new_page(viewport=DESKTOP)
    log_in(page, portal, staff_account)
    page.goto(form)
    offer = page.locator(".draft-offer")
    assert offer.is_hidden()

    # The session ends while the volunteer writes; their save is refused, the text gone.
    page.fill("#id_body_ar", TEXT)
    page.select_option("#id_status_observed", "stalled")
    page.fill("#id_progress_observed", "35")
    # Another initiative, chosen by searching for it: not kept, since its option is on the
    # page only once searched for (without the search, putting it back would blank it).
    other = Initiative.objects.exclude(pk=update.initiative_id).order_by("pk").first()
    page.click("#id_initiative + .select2 .select2-selection")
    page.fill(".select2-search__field", other.title_ar)
    page.locator(".select2-results__option", has_text=other.title_ar).first.click()
    assert page.input_value("#id_initiative") == str(other.pk)
    page.context.clear_cookies()
    page.click("[name=_save]")
    page.wait_for_load_state()
    assert TEXT not in page.content()
    update.refresh_from_db()
    assert not update.body_ar

    log_in(page, portal, staff_account)
    page.goto(form)
    assert offer.is_visible()
    assert offer.get_attribute("role") == "status"
    time = offer.locator("[data-draft-time]").inner_text()
    # Morocco's name of this month. Around midnight at a month's end the browser's time
    # zone data may still be in the month the server has left: either month is right.
    with translation.override("ar"):
        months = {
            date_format(day, "F")
            for day in (timezone.localdate(), timezone.now().astimezone(datetime.UTC).date())
        }
    assert any(month in time for month in months), time
    assert not any("٠" <= c <= "٩" for c in time), time
    page.get_by_role("button", name="أعده إلى الاستمارة").click()
    assert page.input_value("#id_body_ar") == TEXT
    assert page.input_value("#id_status_observed") == "stalled"
    assert page.input_value("#id_progress_observed") == "35"
    assert page.input_value("#id_initiative") == str(update.initiative_id)
    assert offer.is_hidden()

    page.click("[name=_save]")
    page.wait_for_url("**/ar/admin/initiatives/update/")
    update.refresh_from_db()
    assert (update.body_ar, update.status_observed, update.progress_observed) == (
        TEXT,
        "stalled",
        35,
    )
    page.goto(form)
    assert offer.is_hidden()
    assert page.input_value("#id_body_ar") == TEXT


def test_a_discarded_text_is_not_offered_again(portal, new_page, staff_account):
    from initiatives.models import Initiative

    initiative = Initiative.objects.get(slug=portal.records["initiative"])
    form = portal(f"/ar/admin/initiatives/initiative/{initiative.pk}/change/")
    page = new_page(viewport=DESKTOP)
    log_in(page, portal, staff_account)
    page.goto(form)
    page.fill("#id_description_ar", TEXT)
    page.wait_for_function(
        "() => Object.keys(localStorage).some((key) => key.startsWith('azemmour-draft:'))"
    )

    page.goto(form)
    offer = page.locator(".draft-offer")
    assert offer.is_visible()
    page.get_by_role("button", name="تخلّ عنه").click()
    page.goto(form)

    assert offer.is_hidden()
    assert TEXT not in page.input_value("#id_description_ar")


def test_a_new_record_once_added_leaves_no_text_to_offer(portal, new_page, staff_account, visit):
    """The next empty form for a new record does not offer the text of the one just added."""
    from sources.models import Source

    page = new_page(viewport=DESKTOP)
    log_in(page, portal, staff_account)
    add = portal("/ar/admin/sources/source/add/")
    page.goto(add)
    page.fill("#id_publication", "جريدة الصباح")
    page.select_option("#id_language", "ar")
    page.fill("#id_quotation", TEXT)

    page.click("[name=_save]")
    page.wait_for_url("**/ar/admin/sources/source/")
    assert Source.objects.filter(publication="جريدة الصباح").exists()
    page.goto(add)

    assert page.locator(".draft-offer").is_hidden()
