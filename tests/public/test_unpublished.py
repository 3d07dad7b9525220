"""A draft never reaches the public: not its page, not a list, not a count, not its updates."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from initiatives.models import Initiative
from tests.public.pages import LANGUAGES, Page


@pytest.fixture
def drafts(make_commune, make_sector, make_partner, make_initiative, make_funding, make_update):
    """One published initiative and one draft sharing its commune and sector.

    The draft alone has a stalled status, a citizen origin, its own funder and implementer,
    a past planned end date and a large budget, so any leak shows in a count or a total.
    """
    commune, sector = make_commune(), make_sector()
    past = timezone.localdate() - datetime.timedelta(days=30)
    shown = make_initiative(
        communes=[commune],
        sector=sector,
        status=Initiative.Status.IN_PROGRESS,
        origin=Initiative.Origin.PAC,
        planned_budget=Decimal(400_000),
        progress=30,
        planned_end_date=past,
        is_published=True,
    )
    draft = make_initiative(
        communes=[commune],
        title_ar="مشروع لم يعلن عنه",
        sector=sector,
        status=Initiative.Status.STALLED,
        origin=Initiative.Origin.CITIZEN,
        planned_budget=Decimal(9_000_000),
        progress=90,
        planned_end_date=past,
        implementing_body=make_partner(),
    )
    make_funding(initiative=shown, partner=make_partner())
    draft_funder = make_partner()
    make_funding(initiative=draft, partner=draft_funder)
    return SimpleNamespace(
        commune=commune,
        sector=sector,
        shown=shown,
        draft=draft,
        draft_partners={draft_funder.slug, draft.implementing_body.slug},
        visible_update=make_update(
            initiative=shown, title_ar="زيارة الورش المنشورة", is_published=True
        ),
        unpublished_update=make_update(initiative=shown, title_ar="ملاحظة لم تنشر بعد"),
        update_of_draft=make_update(
            initiative=draft, title_ar="زيارة مبادرة في طور الإعداد", is_published=True
        ),
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_unpublished_initiative_is_404_for_visitors(client, drafts, language):
    response = client.get(f"/{language}/initiatives/{drafts.draft.slug}/")

    assert response.status_code == 404


def test_unpublished_initiative_is_absent_from_the_list(client, drafts):
    response = client.get("/ar/initiatives/")

    assert Page(response).initiative_slugs("ar") == [drafts.shown.slug]
    assert drafts.draft.title_ar not in response.content.decode()


def test_unpublished_initiative_counts_in_no_facet(client, drafts):
    facets = client.get("/ar/initiatives/").context["facets"]

    counts = {name: {value: n for value, _label, n in options} for name, options in facets.items()}
    assert counts["commune"] == {drafts.commune.slug: 1}
    assert counts["sector"] == {drafts.sector.slug: 1}
    assert counts["status"] == {Initiative.Status.IN_PROGRESS: 1}
    assert counts["origin"] == {Initiative.Origin.PAC: 1}
    assert not drafts.draft_partners & set(counts["partner"])


def test_unpublished_initiative_is_left_out_of_the_home_figures(client, drafts):
    response = client.get("/ar/")

    figures = response.context["figures"]
    assert figures["count"] == 1
    assert figures["planned"] == drafts.shown.planned_budget
    counts = {commune.slug: commune.initiative_count for commune in response.context["communes"]}
    assert counts[drafts.commune.slug] == 1
    assert "9.400.000" not in response.content.decode()


def test_unpublished_initiative_is_left_out_of_the_commune_page(client, drafts):
    response = client.get(f"/ar/communes/{drafts.commune.slug}/")

    context = response.context
    assert context["figures"]["count"] == 1
    assert context["figures"]["planned"] == drafts.shown.planned_budget
    by_status = {
        value: (count, planned) for value, _label, count, planned, *_ in context["by_status"]
    }
    assert by_status[Initiative.Status.STALLED] == (0, None)
    assert by_status[Initiative.Status.IN_PROGRESS] == (1, drafts.shown.planned_budget)
    assert [(s.slug, s.n, s.planned) for s in context["by_sector"]] == [
        (drafts.sector.slug, 1, drafts.shown.planned_budget)
    ]
    assert [i.slug for i in context["late"]] == [drafts.shown.slug]
    page = Page(response)
    assert set(page.initiative_slugs("ar", container=("main", {}))) == {drafts.shown.slug}
    assert drafts.draft.title_ar not in page.html


def test_unpublished_initiative_is_not_related_to_another(client, drafts):
    response = client.get(f"/ar/initiatives/{drafts.shown.slug}/")

    assert list(response.context["related"]) == []
    assert f"/ar/initiatives/{drafts.draft.slug}/" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/ar/", "/ar/communes/{commune}/", "/ar/initiatives/{shown}/"],
    ids=["home", "commune", "initiative-timeline"],
)
def test_only_published_updates_of_published_initiatives_are_shown(client, drafts, url):
    html = client.get(url.format(commune=drafts.commune.slug, shown=drafts.shown.slug)).content
    html = html.decode()

    assert drafts.visible_update.title_ar in html
    assert drafts.unpublished_update.title_ar not in html
    assert drafts.update_of_draft.title_ar not in html


@pytest.mark.parametrize(
    "hidden",
    [
        "unpublished",
        "demo",
    ],
)
def test_project_page_does_not_link_to_a_programme_hidden_from_visitors(
    client, settings, make_initiative, hidden
):
    settings.DEMO_DATA = False
    programme = make_initiative(is_published=hidden == "demo", is_demo=hidden == "demo")
    project = make_initiative(parent=programme, is_published=True)

    html = client.get(f"/ar/initiatives/{project.slug}/").content.decode()

    assert client.get(f"/ar/initiatives/{programme.slug}/").status_code == 404
    assert f"/ar/initiatives/{programme.slug}/" not in html
    assert programme.title_ar not in html


@pytest.mark.parametrize("demo_data, shown", [(False, False), (True, True)])
def test_demo_initiatives_are_shown_only_where_the_deployment_asks(
    client, settings, make_initiative, demo_data, shown
):
    settings.DEMO_DATA = demo_data
    demo = make_initiative(is_published=True, is_demo=True)

    listed = Page(client.get("/ar/initiatives/")).initiative_slugs("ar")
    status = client.get(f"/ar/initiatives/{demo.slug}/").status_code

    assert (demo.slug in listed) is shown
    assert status == (200 if shown else 404)
