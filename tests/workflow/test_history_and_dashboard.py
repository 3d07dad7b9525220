"""Nothing is lost: history shows each change, the bureau restores deleted records; the
dashboard says what needs attention."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.models import Funding, Initiative, Update, UpdateDocument, UpdatePhoto
from sources.models import Source
from tests.helpers import changes_row
from workflow.restore import initiative_restore
from workflow.roles import BUREAU, EDITOR


def test_a_deleted_initiative_comes_back_with_everything_that_went_with_it(
    make_commune, make_initiative, make_funding, make_update, make_photo, make_staff
):
    communes = [make_commune(), make_commune()]
    initiative = make_initiative(communes=communes, title_ar="مدرسة الدوار")
    press, council = (
        Source.objects.create(publication=name, url=f"https://example.org/{n}", language="ar")
        for n, name in enumerate(["هسبريس", "محضر الدورة"])
    )
    initiative.sources.set([press, council])
    fundings = {make_funding(initiative=initiative).pk for _ in range(2)}
    Funding.objects.get(pk=min(fundings)).sources.set([council])
    updates = [make_update(initiative=initiative) for _ in range(3)]
    updates[0].sources.set([press])
    photo = make_photo(update=updates[0], caption_ar="الورش")
    document = UpdateDocument.objects.create(
        update=updates[1], file="updates/documents/pv.pdf", title_ar="محضر"
    )
    pk = initiative.pk

    initiative.delete()
    assert not Funding.objects.filter(pk__in=fundings).exists()
    assert not UpdatePhoto.objects.exists()

    deleted = Initiative.history.model.objects.get(id=pk, history_type="-")
    restored = initiative_restore(history_id=deleted.history_id, user=make_staff(BUREAU))

    assert restored.pk == pk and restored.title_ar == "مدرسة الدوار"
    assert set(restored.communes.all()) == set(communes)
    assert set(restored.sources.all()) == {press, council}
    assert set(Funding.objects.filter(initiative=restored).values_list("pk", flat=True)) == fundings
    assert set(Funding.objects.get(pk=min(fundings)).sources.all()) == {council}
    assert set(Update.objects.filter(initiative=restored)) == set(updates)
    assert set(Update.objects.get(pk=updates[0].pk).sources.all()) == {press}
    back = UpdatePhoto.objects.get(pk=photo.pk)
    assert (back.update_id, back.caption_ar, back.image.name) == (
        updates[0].pk,
        "الورش",
        photo.image.name,
    )
    assert UpdateDocument.objects.get(pk=document.pk).update_id == updates[1].pk


def test_what_the_bureau_deleted_before_the_initiative_stays_deleted_after_its_restore(
    make_initiative, make_funding, make_update, make_photo, make_staff
):
    """A photo removed for a withdrawn consent must not come back with its initiative."""
    initiative = make_initiative()
    kept_update, removed_update = (
        make_update(initiative=initiative),
        make_update(initiative=initiative),
    )
    kept_photo = make_photo(update=kept_update)
    make_photo(update=kept_update).delete()  # the bureau removes one photo
    removed_update.delete()  # and one update
    removed_funding = make_funding(initiative=initiative)
    removed_funding.delete()
    pk = initiative.pk

    Initiative.objects.filter(pk=pk).delete()  # a deletion from the changelist's action
    deleted = Initiative.history.model.objects.get(id=pk, history_type="-")
    initiative_restore(history_id=deleted.history_id, user=make_staff(BUREAU))

    assert list(Update.objects.filter(initiative_id=pk)) == [kept_update]
    assert list(UpdatePhoto.objects.filter(update__initiative_id=pk)) == [kept_photo]
    assert not Funding.objects.filter(initiative_id=pk).exists()


def test_an_initiative_citizens_reported_on_cannot_be_deleted(client_for, make_initiative):
    """A citizen's report cannot be asked for again and keeps no history: the admin refuses
    to delete the initiative under it, naming the report, rather than lose it (the
    initiative can be archived instead)."""
    from citizens import services
    from citizens.models import FieldReport

    initiative = make_initiative(is_published=True)
    report = services.report_submit(
        initiative=initiative, kind="work_stopped", text="توقفت الأشغال."
    )
    client = client_for(BUREAU)
    url = reverse("admin:initiatives_initiative_delete", args=[initiative.pk])

    page = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert page.context["protected"]  # the confirmation names what stops it
    assert report.reference in page.content.decode()
    # and says what to do, not that the bureau lacks a permission (Django's Arabic)
    html = unescape(page.content.decode())
    assert "أرشف المبادرة بدل حذفها" in html
    assert "صلاحية" not in html
    assert response.status_code == 200  # the confirmation again, nothing deleted
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert FieldReport.objects.filter(initiative=initiative).count() == 1


def test_the_french_admin_agrees_its_bulk_deletion_with_feminine_names(client_for, make_initiative):
    make_initiative()
    html = unescape(client_for(BUREAU).get("/fr/admin/initiatives/initiative/").content.decode())

    assert "Supprimer la sélection (initiatives)" in html
    assert "sélectionnés" not in html


def test_only_the_bureau_sees_the_deleted_records_page(client_for):
    url = reverse("admin:initiatives_initiative_deleted")
    assert client_for(EDITOR).get(url).status_code == 403
    assert client_for(BUREAU).get(url).status_code == 200


def test_the_bureau_restores_from_the_admin(client_for, make_initiative):
    initiative = make_initiative()
    pk = initiative.pk
    initiative.delete()
    version = Initiative.history.model.objects.get(id=pk, history_type="-")

    client = client_for(BUREAU)
    client.post(reverse("admin:initiatives_initiative_deleted"), {"history_id": version.history_id})

    assert Initiative.objects.filter(pk=pk).exists()


def test_a_restore_whose_address_another_initiative_took_says_what_to_do(
    client_for, make_initiative
):
    initiative = make_initiative(slug="ecole-hbabla", title_ar="مدرسة الحبابلة")
    pk = initiative.pk
    initiative.delete()
    newcomer = make_initiative(slug="ecole-hbabla")
    version = Initiative.history.model.objects.get(id=pk, history_type="-")

    response = client_for(BUREAU).post(
        "/ar/admin/initiatives/initiative/deleted/",
        {"history_id": version.history_id},
        follow=True,
    )

    assert response.status_code == 200
    message = unescape(response.content.decode())
    assert "مدرسة الحبابلة" in message and "ecole-hbabla" in message
    assert not Initiative.objects.filter(pk=pk).exists()
    assert Initiative.objects.get(slug="ecole-hbabla") == newcomer


@pytest.mark.parametrize("history_id", ["abc", "", "-4"])
def test_a_restore_of_an_unknown_record_says_so_in_the_bureaus_language(client_for, history_id):
    response = client_for(BUREAU).post(
        "/fr/admin/initiatives/initiative/deleted/", {"history_id": history_id}, follow=True
    )

    with translation.override("fr"):
        unknown = translation.gettext("This initiative is not deleted, or its record is unknown.")
    html = unescape(response.content.decode())
    assert unknown in html
    assert "int()" not in html


def test_the_history_page_shows_old_and_new_values(client_for, make_initiative):
    """The bureau reads what a change replaced: the old value, then the new one, in the
    row of that change."""
    initiative = make_initiative(progress=10)
    initiative.progress = 40
    initiative.save()
    page = client_for(BUREAU).get(
        reverse("admin:initiatives_initiative_history", args=[initiative.pk])
    )
    row = changes_row(page.content.decode())
    assert page.status_code == 200
    assert "<bdi>10</bdi>" in row and "<bdi>40</bdi>" in row
    assert row.index("<bdi>10</bdi>") < row.index("<bdi>40</bdi>")


def test_only_the_bureau_may_revert_to_an_earlier_version(client_for, make_initiative):
    initiative = make_initiative(progress=10)
    initiative.progress = 50
    initiative.save()
    version = initiative.history.last()
    url = reverse(
        "admin:initiatives_initiative_simple_history", args=[initiative.pk, version.history_id]
    )
    editor = client_for(EDITOR)
    assert editor.post(url, {}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.progress == 50
    assert client_for(BUREAU).get(url).status_code == 200


@pytest.fixture
def attention(make_initiative, make_update, make_photo):
    today = datetime.date.today()
    late = make_initiative(
        is_published=True, status="in_progress", planned_end_date=today - datetime.timedelta(days=3)
    )
    quiet = make_initiative(is_published=True, status="in_progress")
    make_update(initiative=quiet, observed_on=today - datetime.timedelta(days=200))
    make_initiative(state="in_review")
    make_photo(shows_identifiable_people=True)
    return late, quiet


def test_the_dashboard_lists_what_needs_attention_with_links(client_for, attention):
    client = client_for(BUREAU)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard"' in html
    assert "?state__exact=in_review" in html
    assert "?attention=late" in html
    assert "?consent=awaiting" in html
    late_list = client.get(reverse("admin:initiatives_initiative_changelist") + "?attention=late")
    assert list(late_list.context["cl"].result_list) == [attention[0]]
    quiet_list = client.get(reverse("admin:initiatives_initiative_changelist") + "?attention=quiet")
    assert attention[1] in list(quiet_list.context["cl"].result_list)


def test_the_dashboard_costs_the_same_queries_however_many_records(
    client_for, make_initiative, make_update
):
    client = client_for(BUREAU)
    for _ in range(2):
        make_update(initiative=make_initiative(is_published=True, status="in_progress"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))
    for _ in range(20):
        make_update(initiative=make_initiative(is_published=True, status="in_progress"))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("admin:index"))
    assert len(many) == len(few)


def dashboard(client) -> dict[str, tuple[int, str]]:
    """The dashboard's rows: the list each links to → (count, label)."""
    html = client.get(reverse("admin:index")).content.decode()
    rows = re.findall(r'<a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>', html)
    return {unescape(url): (int(count), label) for url, label, count in rows}


def test_citizens_submissions_waiting_for_moderation_come_first(
    client_for, make_commune, make_initiative, make_sector
):
    from citizens import services

    initiative = make_initiative(is_published=True)
    services.report_submit(initiative=initiative, kind="work_stopped", text="توقفت الأشغال.")
    for _ in range(2):
        services.suggestion_submit(
            commune=initiative.communes.get(), sector=make_sector(), title="مستوصف", description="."
        )

    rows = dashboard(client_for(BUREAU))

    reports = reverse("admin:citizens_fieldreport_changelist") + "?state__exact=pending"
    suggestions = reverse("admin:citizens_suggestion_changelist") + "?state__exact=pending"
    assert rows[reports][0] == 1
    assert rows[suggestions][0] == 2
    assert list(rows)[:2] == [reports, suggestions]


def test_a_correspondent_counts_what_their_lists_show(client_for, make_commune, make_initiative):
    from workflow.roles import CORRESPONDENT

    today = datetime.date.today()
    mine, other = make_commune(), make_commune()
    for commune in (mine, other, other):
        make_initiative(
            communes=[commune],
            is_published=True,
            status="in_progress",
            planned_end_date=today - datetime.timedelta(days=3),
        )
    client = client_for(CORRESPONDENT, communes=[mine])

    rows = dashboard(client)

    for url, (count, label) in rows.items():
        listed = client.get(url)
        if listed.status_code == 200 and "cl" in listed.context:
            assert count == listed.context["cl"].result_count, label
    late = reverse("admin:initiatives_initiative_changelist") + "?attention=late"
    assert rows[late][0] == 1


def test_a_photo_deleted_between_two_deletions_of_its_initiative_stays_deleted(
    make_initiative, make_update, make_photo, make_staff
):
    bureau = make_staff(BUREAU)
    initiative = make_initiative()
    photo = make_photo(update=make_update(initiative=initiative))
    pk = initiative.pk

    def delete_and_restore():
        Initiative.objects.get(pk=pk).delete()
        deleted = Initiative.history.model.objects.filter(id=pk, history_type="-").latest(
            "history_date"
        )
        initiative_restore(history_id=deleted.history_id, user=bureau)

    delete_and_restore()
    assert UpdatePhoto.objects.filter(pk=photo.pk).exists()  # it went with it, came back
    UpdatePhoto.objects.get(pk=photo.pk).delete()
    delete_and_restore()

    assert not UpdatePhoto.objects.filter(pk=photo.pk).exists()


def test_an_initiative_deleted_before_deletions_were_marked_comes_back_with_its_updates(
    make_initiative, make_update, make_photo, make_staff
):
    initiative = make_initiative()
    update = make_update(initiative=initiative)
    photo = make_photo(update=update)
    pk = initiative.pk
    initiative.delete()
    for model in (Initiative, Update, UpdatePhoto):  # as an older version recorded them
        model.history.model.objects.update(history_change_reason=None)

    deleted = Initiative.history.model.objects.get(id=pk, history_type="-")
    initiative_restore(history_id=deleted.history_id, user=make_staff(BUREAU))

    assert UpdatePhoto.objects.get(pk=photo.pk).update_id == update.pk


def test_the_dashboard_lists_for_an_editor_only_what_they_can_open_and_act_on(
    client_for, attention
):
    """Event photos are the bureau's pages (403 for an editor); a published initiative's
    sources are changed by the bureau only."""
    editor, bureau = dashboard(client_for(EDITOR)), dashboard(client_for(BUREAU))
    events = reverse("admin:activities_event_changelist") + "?consent=awaiting"
    unsourced = reverse("admin:initiatives_initiative_changelist") + "?attention=unsourced"

    assert events in bureau and unsourced in bureau
    assert events not in editor and unsourced not in editor
    client = client_for(EDITOR)
    for link in editor:
        assert client.get(unescape(link)).status_code == 200, link
