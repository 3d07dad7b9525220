"""A record deleted on its own, of any kind, is found on its list's "Deleted records" page
and brought back by the bureau, with what was deleted with it; no one else sees the page."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.models import Event, EventPhoto, NewsItem, Proposal, ProposalStep
from azemmour_portal.withheld import has_history
from initiatives.models import Funding, Initiative, Partner, Update, UpdateDocument, UpdatePhoto
from sources.models import Source
from tests.helpers import html_tag, in_arabic
from workflow.restore import record_restore
from workflow.roles import BUREAU, CORRESPONDENT, EDITOR, READER

RESTORED = "“%(record)s” is restored."
MISSING_PARENT = (
    "“%(record)s” cannot come back without its %(parent)s “%(name)s”, which is deleted: "
    "restore “%(name)s” first."
)


def admin_url(model, page: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def delete_in_admin(client, record):
    """Delete a record as staff do: its Delete button, then the confirmation."""
    response = client.post(admin_url(type(record), "delete", record.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not type(record).objects.filter(pk=record.pk).exists()


def deletion(model, pk: int):
    return model.history.model.objects.filter(id=pk, history_type="-").latest("history_date")


def restore(client, model, pk: int, *, page=None):
    """Press Restore on the row of a record, on `page`'s deleted records (its own list's
    by default)."""
    return client.post(
        admin_url(page or model, "deleted"),
        {"model": model._meta.label_lower, "history_id": deletion(model, pk).history_id},
        follow=True,
    )


def listed(client, model) -> str:
    """The deleted records a page lists (its content, after the admin's messages)."""
    response = client.get(admin_url(model, "deleted"))
    assert response.status_code == 200
    return response.content.decode().split('<div id="content"', 1)[1]


def test_a_deleted_monitoring_update_is_listed_and_comes_back_with_its_sources_and_photos(
    client_for, make_update, make_photo
):
    client = client_for(BUREAU)
    update = make_update(title_ar="زيارة ورش المدرسة")
    source = Source.objects.create(publication="هسبريس", url="https://example.org/a", language="ar")
    update.sources.set([source])
    photo = make_photo(update=update, caption_ar="الأشغال متوقفة")
    document = UpdateDocument.objects.create(
        update=update, file="updates/documents/pv.pdf", title_ar="محضر الزيارة"
    )
    pk = update.pk
    delete_in_admin(client, update)

    updates_page = listed(client, Update)
    photos_page, documents_page = listed(client, UpdatePhoto), listed(client, UpdateDocument)
    response = restore(client, Update, pk)

    assert "زيارة ورش المدرسة" in updates_page
    # They went with their update and come back with it, not on their own.
    assert "الأشغال متوقفة" not in photos_page and "محضر الزيارة" not in documents_page
    assert in_arabic(RESTORED, record="زيارة ورش المدرسة") in response.content.decode()
    restored = Update.objects.get(pk=pk)
    assert restored.title_ar == "زيارة ورش المدرسة"
    assert list(restored.sources.all()) == [source]
    back = UpdatePhoto.objects.get(pk=photo.pk)
    assert (back.update_id, back.image.name) == (pk, photo.image.name)
    assert UpdateDocument.objects.get(pk=document.pk).update_id == pk
    assert restored.history.latest().history_user == client.user


def test_a_photo_deleted_before_its_update_stays_deleted_and_comes_back_from_its_own_list(
    client_for, make_update, make_photo
):
    """A photo removed for a withdrawn consent must not come back with its update."""
    client = client_for(BUREAU)
    update = make_update()
    kept = make_photo(update=update, caption_ar="الطريق")
    removed = make_photo(update=update, caption_ar="وجه طفل")
    delete_in_admin(client, removed)
    delete_in_admin(client, update)

    restore(client, Update, update.pk)
    assert list(UpdatePhoto.objects.filter(update=update)) == [kept]
    photos_page = listed(client, UpdatePhoto)
    restore(client, UpdatePhoto, removed.pk)

    assert "وجه طفل" in photos_page and "الطريق" not in photos_page
    assert set(UpdatePhoto.objects.filter(update=update)) == {kept, removed}


def test_an_update_deleted_before_deletions_were_marked_comes_back_alone_and_its_photos_after(
    client_for, make_update, make_photo
):
    """Which photos went with such an update cannot be told: they are listed on their own."""
    client = client_for(BUREAU)
    update = make_update()
    photo = make_photo(update=update, caption_ar="صورة الورش")
    delete_in_admin(client, update)
    for model in (Update, UpdatePhoto):  # as an older version recorded them
        model.history.model.objects.update(history_change_reason=None)

    restore(client, Update, update.pk)
    assert Update.objects.filter(pk=update.pk).exists()
    assert not UpdatePhoto.objects.filter(pk=photo.pk).exists()
    photos_page = listed(client, UpdatePhoto)
    restore(client, UpdatePhoto, photo.pk)

    assert "صورة الورش" in photos_page
    assert UpdatePhoto.objects.get(pk=photo.pk).update_id == update.pk


def test_a_restored_update_no_longer_cites_a_source_deleted_since(client_for, make_update):
    client = client_for(BUREAU)
    update = make_update()
    kept, removed = (
        Source.objects.create(publication=name, url=f"https://example.org/{name}", language="fr")
        for name in ("Le Matin", "L'Opinion")
    )
    update.sources.set([kept, removed])
    delete_in_admin(client, update)
    delete_in_admin(client, removed)  # nothing cites it any more

    restore(client, Update, update.pk)

    links = Update.sources.through.objects.filter(update_id=update.pk)
    assert list(links.values_list("source_id", flat=True)) == [kept.pk]


def test_a_deleted_news_item_comes_back_at_its_address(client_for, make_news):
    client = client_for(BUREAU)
    item = make_news(title_ar="يوم دراسي حول الماء", is_published=True)
    address = item.get_absolute_url()
    delete_in_admin(client, item)
    assert Client().get(address).status_code == 404

    page = listed(client, NewsItem)
    response = restore(client, NewsItem, item.pk)

    assert "يوم دراسي حول الماء" in page
    assert in_arabic(RESTORED, record="يوم دراسي حول الماء") in response.content.decode()
    assert NewsItem.objects.get(pk=item.pk).slug == item.slug
    assert Client().get(address).status_code == 200


def test_a_restored_record_is_no_longer_listed_and_a_record_deleted_twice_is_listed_once(
    client_for, make_news
):
    client = client_for(BUREAU)
    item = make_news(title_ar="الجمع العام السنوي")
    delete_in_admin(client, item)
    restore(client, NewsItem, item.pk)

    after_restore = listed(client, NewsItem)
    delete_in_admin(client, NewsItem.objects.get(pk=item.pk))
    deleted_again = listed(client, NewsItem)

    assert "الجمع العام السنوي" not in after_restore
    assert deleted_again.count("الجمع العام السنوي") == 1


def test_an_update_whose_initiative_is_gone_is_refused_saying_which_to_restore_first(
    client_for, make_initiative, make_update
):
    client = client_for(BUREAU)
    initiative = make_initiative(title_ar="مدرسة الدوار")
    update = make_update(initiative=initiative, title_ar="زيارة ميدانية للمدرسة")
    delete_in_admin(client, update)
    delete_in_admin(client, initiative)
    histories = [model.history.model for model in (Initiative, Update)]
    versions = [history.objects.count() for history in histories]

    page = listed(client, Update)
    response = restore(client, Update, update.pk)

    assert "زيارة ميدانية للمدرسة" in page and "مدرسة الدوار" in page  # the update's initiative
    assert response.status_code == 200
    assert (
        in_arabic(
            MISSING_PARENT,
            record="زيارة ميدانية للمدرسة",
            parent=Update._meta.get_field("initiative").verbose_name,
            name="مدرسة الدوار",
        )
        in response.content.decode()
    )
    assert not Update.objects.filter(pk=update.pk).exists()
    assert [history.objects.count() for history in histories] == versions
    assert "زيارة ميدانية للمدرسة" in listed(client, Update)


def test_a_step_deleted_before_its_proposal_is_listed_with_it_and_comes_back_after_it(
    client_for, make_proposal, make_step
):
    """A proposal's steps have no list of their own: they are found on the proposals'."""
    client = client_for(BUREAU)
    proposal = make_proposal(title_ar="مقترح إنارة الأزقة")
    kept = make_step(proposal=proposal, kind=ProposalStep.Kind.SENT)
    removed = make_step(
        proposal=proposal, kind=ProposalStep.Kind.ADOPTED, date=datetime.date(2025, 3, 1)
    )
    with translation.override("ar"):
        step_name = str(removed)
    removed_pk = removed.pk
    removed.delete()  # from the proposal's page: a line of it deleted
    delete_in_admin(client, proposal)

    page = listed(client, Proposal)
    refused = restore(client, ProposalStep, removed_pk, page=Proposal)
    restore(client, Proposal, proposal.pk)
    assert list(proposal.steps.all()) == [kept]  # it went with its proposal
    restore(client, ProposalStep, removed_pk, page=Proposal)

    assert "مقترح إنارة الأزقة" in page and step_name in page
    assert (
        in_arabic(
            MISSING_PARENT,
            record=step_name,
            parent=ProposalStep._meta.get_field("proposal").verbose_name,
            name="مقترح إنارة الأزقة",
        )
        in refused.content.decode()
    )
    assert set(proposal.steps.values_list("pk", flat=True)) == {kept.pk, removed_pk}


def test_a_news_item_whose_address_was_taken_says_what_to_do(client_for, make_news):
    client = client_for(BUREAU)
    item = make_news(title_ar="افتتاح المكتبة", slug="bibliotheque")
    delete_in_admin(client, item)
    newcomer = make_news(slug="bibliotheque")

    response = restore(client, NewsItem, item.pk)

    assert (
        in_arabic(
            "“%(record)s” cannot come back at its address “%(slug)s”: another record has it "
            "now. Change that record's address (its slug), then restore this one.",
            record="افتتاح المكتبة",
            slug="bibliotheque",
        )
        in response.content.decode()
    )
    assert list(NewsItem.objects.filter(slug="bibliotheque")) == [newcomer]


@pytest.mark.parametrize("role", [EDITOR, CORRESPONDENT, READER])
def test_only_the_bureau_sees_the_deleted_records_and_the_link_to_them(
    client_for, make_commune, make_update, role
):
    commune = make_commune()
    update = make_update()
    update.initiative.communes.set([commune])
    pk = update.pk
    update.delete()
    version = deletion(Update, pk)
    client = client_for(role, communes=[commune] if role == CORRESPONDENT else ())
    deleted_page = admin_url(Update, "deleted")

    changelist = client.get(admin_url(Update, "changelist"))
    page = client.get(deleted_page)
    posted = client.post(deleted_page, {"model": "initiatives.update", "history_id": version.pk})

    assert changelist.status_code == 200
    assert deleted_page not in changelist.content.decode()
    assert page.status_code == posted.status_code == 403
    assert not Update.objects.filter(pk=pk).exists()
    bureau = client_for(BUREAU).get(admin_url(Update, "changelist"))
    assert deleted_page in bureau.content.decode()


HISTORY_ADMINS = sorted(
    (model for model in admin.site._registry if has_history(model)),
    key=lambda model: model._meta.label_lower,
)


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda model: model._meta.label_lower)
def test_every_list_of_records_with_a_history_links_to_its_deleted_records(client_for, model):
    client = client_for(BUREAU)

    changelist = client.get(admin_url(model, "changelist"))
    page = client.get(admin_url(model, "deleted"))

    assert admin_url(model, "deleted") in changelist.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html_tag(page)


@pytest.mark.parametrize("model", [Partner, Source], ids=lambda model: model._meta.label_lower)
def test_a_list_of_records_without_a_history_has_no_deleted_records(client_for, model):
    changelist = client_for(BUREAU).get(admin_url(model, "changelist"))

    assert "/deleted/" not in changelist.content.decode()


def test_an_update_deleted_with_its_initiative_is_not_listed_on_its_own(
    client_for, make_initiative, make_update
):
    client = client_for(BUREAU)
    initiative = make_initiative()
    make_update(initiative=initiative, title_ar="زيارة مع مبادرتها")
    delete_in_admin(client, initiative)

    assert "زيارة مع مبادرتها" not in listed(client, Update)


@pytest.mark.parametrize("model", [Update, Funding], ids=lambda model: model._meta.label_lower)
def test_the_deleted_records_page_costs_no_more_queries_for_twenty_records_than_for_two(
    client_for, make_initiative, make_update, make_funding, django_assert_max_num_queries, model
):
    client = client_for(BUREAU)
    make = {Update: make_update, Funding: make_funding}[model]

    def delete(count: int):
        """Half of them then lose their initiative too: named from its history."""
        for n in range(count):
            initiative = make_initiative()
            make(initiative=initiative).delete()
            if n % 2:
                initiative.delete()

    url = admin_url(model, "deleted")
    delete(2)
    client.get(url)  # sessions and content types are cached after the first page
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 2
    delete(18)

    with django_assert_max_num_queries(len(few)):
        assert len(client.get(url).context["rows"]) == 20


def test_the_history_says_who_restored_a_record_even_outside_a_request(make_news, make_staff):
    """From a shell or a command, as from the admin, the restore names its author."""
    bureau = make_staff(BUREAU)
    item = make_news()
    pk = item.pk
    item.delete()

    record_restore(model=NewsItem, history_id=deletion(NewsItem, pk).history_id, user=bureau)

    assert NewsItem.objects.get(pk=pk).history.latest().history_user == bureau


def test_an_event_comes_back_with_its_photos_and_a_photo_deleted_alone_from_the_events_page(
    client_for, make_event, make_event_photo
):
    client = client_for(BUREAU)
    event = make_event(title_ar="لقاء تواصلي مع الساكنة")
    kept = make_event_photo(event=event, caption_ar="الحضور في القاعة")
    alone = make_event_photo(event=event, caption_ar="صورة حذفت وحدها")
    event_pk, kept_pk, alone_pk = event.pk, kept.pk, alone.pk
    alone.delete()
    delete_in_admin(client, event)

    page = listed(client, Event)
    restore(client, Event, event_pk)
    # The photo deleted on its own before stays deleted, until restored on its own.
    assert not EventPhoto.objects.filter(pk=alone_pk).exists()
    restore(client, EventPhoto, alone_pk, page=Event)

    assert "لقاء تواصلي مع الساكنة" in page and "صورة حذفت وحدها" in page
    assert "الحضور في القاعة" not in page  # it went with its event
    assert set(Event.objects.get(pk=event_pk).photos.values_list("pk", flat=True)) == {
        kept_pk,
        alone_pk,
    }
