"""Each role can do exactly its job in the admin, and nothing more."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from communes.models import Commune
from governance.models import Membership, Person
from initiatives.models import Funding, Initiative, Update
from tests.helpers import in_arabic, initiative_form, inline_formset
from workflow.roles import BUREAU, CORRESPONDENT, EDITOR, READER

ALLOWED, FORBIDDEN = 200, 403

# model: {role: (list, view, add, delete)} — the page's status code for each action.
MATRIX = {
    Initiative: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),  # a draft; published: see below
        CORRESPONDENT: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
    Update: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        CORRESPONDENT: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
    Funding: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        CORRESPONDENT: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
    Person: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        CORRESPONDENT: (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
    Membership: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        CORRESPONDENT: (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
    Commune: {
        BUREAU: (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        EDITOR: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
        CORRESPONDENT: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
        READER: (ALLOWED, ALLOWED, FORBIDDEN, FORBIDDEN),
    },
}


@pytest.fixture
def records(make_commune, make_initiative, make_update, make_funding, make_membership):
    commune = make_commune()
    initiative = make_initiative(communes=[commune])
    return {
        Commune: commune,
        Initiative: initiative,
        Update: make_update(initiative=initiative),
        Funding: make_funding(initiative=initiative),
        Membership: (membership := make_membership()),
        Person: membership.person,
    }


def url(model, page, obj=None):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    return reverse(name, args=[obj.pk] if obj is not None else [])


@pytest.mark.parametrize("role", [BUREAU, EDITOR, CORRESPONDENT, READER])
@pytest.mark.parametrize("model", list(MATRIX), ids=lambda m: m._meta.model_name)
def test_each_role_reaches_exactly_its_pages(client_for, records, model, role):
    client = client_for(role, communes=[records[Commune]])
    obj = records[model]
    expected = MATRIX[model][role]

    codes = (
        client.get(url(model, "changelist")).status_code,
        client.get(url(model, "change", obj)).status_code,
        client.get(url(model, "add")).status_code,
        client.get(url(model, "delete", obj)).status_code,
    )

    assert codes == expected


@pytest.mark.parametrize("role", [EDITOR, CORRESPONDENT])
def test_authors_cannot_delete_what_was_published(client_for, records, role):
    initiative = records[Initiative]
    initiative.state, initiative.published_at = "published", initiative.created_at
    initiative.save()
    client = client_for(role, communes=[records[Commune]])

    assert client.get(url(Initiative, "delete", initiative)).status_code == FORBIDDEN
    client.post(
        url(Initiative, "changelist"),
        {"action": "delete_selected", "_selected_action": [initiative.pk], "post": "yes"},
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_a_reader_changes_nothing(client_for, records):
    client = client_for(READER)
    initiative = records[Initiative]
    response = client.post(url(Initiative, "change", initiative), {"title_ar": "تغيير"})
    assert response.status_code == FORBIDDEN
    initiative.refresh_from_db()
    assert initiative.title_ar != "تغيير"


@pytest.mark.parametrize("role", [EDITOR, CORRESPONDENT, READER])
def test_only_the_bureau_manages_users(client_for, role):
    client = client_for(role)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == FORBIDDEN


def test_the_bureau_manages_users(client_for):
    client = client_for(BUREAU)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == ALLOWED


def test_roles_are_set_up_by_migrate_and_the_command_changes_nothing(db):
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    out = StringIO()
    call_command("setup_roles", stdout=out)
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert set(before) >= {BUREAU, EDITOR, CORRESPONDENT, READER}
    assert before == after
    assert "Bureau:" in out.getvalue()
    bureau = Group.objects.get(name=BUREAU)
    assert bureau.permissions.filter(codename="publish_initiative").exists()
    assert (
        not Group.objects.get(name=EDITOR)
        .permissions.filter(codename__startswith="publish_")
        .exists()
    )


def test_a_page_the_account_may_not_open_says_so_in_its_language(client_for):
    response = client_for(READER).get("/ar/admin/initiatives/initiative/import/")

    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "403 Forbidden" not in html


@pytest.fixture
def published(records):
    initiative = records[Initiative]
    initiative.state, initiative.published_at = "published", initiative.created_at
    initiative.save()
    return initiative


@pytest.mark.parametrize("role", [EDITOR, CORRESPONDENT])
def test_authors_read_a_published_initiative_and_the_bureau_changes_it(
    client_for, records, published, role
):
    """What the public reads was reviewed: an author's change would go live unreviewed."""
    client = client_for(role, communes=[records[Commune]])
    page = client.get(url(Initiative, "change", published))

    assert page.status_code == ALLOWED
    assert 'name="_save"' not in page.content.decode()  # shown, not offered to change
    # Told why, and where what is new goes instead.
    add_update = reverse("admin:initiatives_update_add") + f"?initiative={published.pk}"
    assert f'href="{add_update}"' in page.content.decode()
    assert client.get(add_update).context["adminform"].form.initial["initiative"] == str(
        published.pk
    )
    assert client.post(url(Initiative, "change", published), {}).status_code == FORBIDDEN
    funding = records[Funding]
    assert client.post(url(Funding, "change", funding), {}).status_code == FORBIDDEN
    bureau_page = client_for(BUREAU).get(url(Initiative, "change", published))
    assert 'name="_save"' in bureau_page.content.decode()


@pytest.mark.parametrize("role", [EDITOR, CORRESPONDENT])
def test_authors_add_updates_to_a_published_initiative_but_photos_only_to_drafts(
    client_for, records, published, role, make_update
):
    from tests.uploads import files

    client = client_for(role, communes=[records[Commune]])
    draft = make_update(initiative=published)
    live = make_update(initiative=published, is_published=True)
    add_update = client.get(reverse("admin:initiatives_update_add"))
    assert add_update.status_code == ALLOWED

    def add_photo(update):
        return client.post(
            reverse("admin:initiatives_updatephoto_add"),
            {
                "update": update.pk,
                "image": files.jpeg(),
                "caption_ar": "الورش",
                "taken_on": "",
                "consent_recorded_on": "",
                "consent_note": "",
            },
        )

    refused = add_photo(live)
    assert refused.status_code == ALLOWED
    reason = {
        EDITOR: "Choose a record not published yet: once published, only the bureau changes it.",
        # A correspondent's choices are also limited to their communes, and told so.
        CORRESPONDENT: "Choose a record of your communes that is not published yet: once "
        "published, only the bureau changes it.",
    }[role]
    assert refused.context["adminform"].form.errors["update"] == [in_arabic(reason)]
    assert not live.photos.exists()
    assert add_photo(draft).status_code == 302
    assert draft.photos.count() == 1


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_a_published_update_is_not_changed_through_its_draft_initiatives_page(
    client_for, make_sector, make_commune, make_initiative, make_update, change
):
    commune = make_commune()
    draft = make_initiative(communes=[commune], sector=make_sector())
    live = make_update(initiative=draft, is_published=True, title_ar="زيارة منشورة")
    row = {
        "id": live.pk,
        "initiative": draft.pk,
        "observed_on": "2025-03-01",
        "title_ar": "عنوان غيره المحرر" if change == "edit" else live.title_ar,
        "title_fr": live.title_fr,
        "title_en": "",
        "status_observed": "",
        "progress_observed": "",
        "source": live.source,
        "source_url": "",
    }
    if change == "delete":
        row["DELETE"] = "on"
    form = initiative_form(
        sector=draft.sector, communes=[commune], slug=draft.slug, title_ar=draft.title_ar
    ) | inline_formset("updates", row, initial=1)

    response = client_for(EDITOR).post(url(Initiative, "change", draft), form)

    assert response.status_code == ALLOWED  # the form comes back with the reason
    assert in_arabic(
        "“%(record)s” is published: only the bureau changes or deletes it.", record=live
    ) in str(response.context["inline_admin_formsets"][-1].formset.non_form_errors())
    live.refresh_from_db()
    assert live.title_ar == "زيارة منشورة"


def test_the_links_to_communes_and_sources_are_named_in_arabic(client_for, records, published):
    """Django's generated link models were named in English: «Initiative-commune
    relationship», «Initiative_communes object (368)», a «Source» column."""
    from sources.models import Source

    published.sources.add(
        Source.objects.create(publication="هسبريس", url="https://h.ma/1", language="ar")
    )
    read = client_for(EDITOR).get(url(Initiative, "change", published)).content.decode()
    deleting = client_for(BUREAU).get(url(Initiative, "delete", published)).content.decode()

    assert re.search(r'class="column-source">\s*المصدر\s*<', read)
    for english in ("relationship", "object (", "Source<", "Initiative"):
        assert english not in deleting, english
    assert records[Commune].name in deleting and "هسبريس" in deleting


def test_an_authors_picker_offers_only_updates_still_open_to_photos(
    client_for, records, published, make_update
):
    draft = make_update(initiative=published)
    live = make_update(initiative=published, is_published=True)

    def offered(role):
        response = client_for(role, communes=[records[Commune]]).get(
            reverse("admin:autocomplete"),
            {"app_label": "initiatives", "model_name": "updatephoto", "field_name": "update"},
        )
        return {int(result["id"]) for result in response.json()["results"]}

    assert draft.pk in offered(EDITOR) and live.pk not in offered(EDITOR)
    assert {draft.pk, live.pk} <= offered(BUREAU)
