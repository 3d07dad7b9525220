"""The bureau keeps the foundation's work in the admin, in Arabic first: every page opens,
a proposal is entered with its steps in one form, and a broken rule is explained."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.utils import timezone

from activities.models import NewsItem, Proposal, ProposalStep, TrainingMaterial
from tests.admin.test_pages import admin_url
from tests.helpers import (
    assert_refused_in_arabic,
    html_tag,
    inline_formset,
    translated,
    violation_in_arabic,
)
from tests.test_translations import ARABIC_LETTER, arabic_and_untranslated

REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "activities"),
    key=lambda model: model._meta.label,
)
DIRECTION = {"ar": "rtl", "fr": "ltr"}


@pytest.fixture
def one_of_each(make_step, make_action, make_session, make_event_photo, make_news):
    step = make_step()
    action = make_action()
    session = make_session()
    TrainingMaterial.objects.create(session=session, title_ar="دليل", file="activities/x.pdf")
    photo = make_event_photo()
    records = [step.proposal, action.dossier, session.programme, session, photo.event]
    return {type(record): record for record in [*records, make_news()]}


def test_every_model_of_the_foundations_work_is_in_the_admin(one_of_each):
    assert set(REGISTERED) == set(one_of_each)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label_lower)
def test_every_admin_page_opens_in_the_language_and_direction_of_the_interface(
    staff_client, one_of_each, model, page, language
):
    response = staff_client.get(admin_url(model, page, language, obj=one_of_each.get(model)))

    assert response.status_code == 200
    tag = html_tag(response)
    assert f'lang="{language}"' in tag
    assert f'dir="{DIRECTION[language]}"' in tag


@pytest.mark.parametrize("stage", ["", "adopted"])
def test_the_proposals_changelist_filters_by_latest_step(
    staff_client, make_proposal, make_step, stage
):
    adopted = make_proposal(title_ar="مقترح معتمد")
    make_step(proposal=adopted, kind="sent")
    make_step(proposal=adopted, kind="adopted", date=timezone.localdate())
    sent = make_proposal(title_ar="مقترح مرسل")
    make_step(proposal=sent, kind="sent")

    url = admin_url(Proposal, "changelist", "ar") + (f"?stage={stage}" if stage else "")
    html = staff_client.get(url).content.decode()

    assert "مقترح معتمد" in html
    assert ("مقترح مرسل" in html) is (stage == "")


def proposal_form(*, commune, steps=(), **overrides) -> dict:
    return {
        **translated("title", "برنامج لتأهيل المسالك القروية", "Pistes rurales"),
        **translated("summary", "مقترح لتأهيل المسالك.", "Proposition."),
        **translated("description"),
        "slug": "pistes-rurales",
        "communes": [commune.pk],
        "recipient": "commune_council",
        "sector": "",
        "is_published": "on",
        "published_at": "",
        **inline_formset("steps", *steps),
    } | overrides


def step_row(**overrides) -> dict:
    return {
        "kind": "sent",
        "date": "2025-02-03",
        "session": "",
        "deliberation_number": "",
        "initiative": "",
        **translated("note", "أرسل إلى رئيس المجلس"),
    } | overrides


def test_the_bureau_enters_a_proposal_and_its_steps_in_arabic(
    staff_client, superuser, make_commune
):
    commune = make_commune()
    steps = [
        step_row(),
        step_row(kind="on_agenda", date="2025-05-05", session="ordinary"),
        step_row(kind="adopted", date="2025-05-06", session="ordinary", deliberation_number="7"),
    ]

    response = staff_client.post(
        admin_url(Proposal, "add", "ar"), proposal_form(commune=commune, steps=steps)
    )

    assert response.status_code == 302
    proposal = Proposal.objects.with_outcome().get(slug="pistes-rurales")
    assert proposal.is_published and proposal.published_at is not None
    assert proposal.stage == "adopted"
    assert {record.history_user for record in proposal.history.all()} == {superuser}
    assert ProposalStep.history.filter(proposal_id=proposal.pk).count() == 3


def test_a_step_implemented_without_its_initiative_is_refused_in_arabic(staff_client, make_commune):
    response = staff_client.post(
        admin_url(Proposal, "add", "ar"),
        proposal_form(commune=make_commune(), steps=[step_row(kind="implemented")]),
    )

    assert_refused_in_arabic(
        response,
        violation_in_arabic(ProposalStep, "proposalstep_initiative_when_implemented"),
    )
    assert not Proposal.objects.exists()


RULES = [
    (model, rule)
    for model in apps.get_app_config("activities").get_models()
    for rule in model._meta.constraints
]


@pytest.mark.parametrize("model, rule", RULES, ids=[rule.name for _, rule in RULES])
def test_every_rule_explains_itself_in_arabic(model, rule):
    arabic, untranslated = arabic_and_untranslated(rule.violation_error_message)

    assert arabic != untranslated
    assert ARABIC_LETTER.search(arabic)


def test_the_public_pages_read_in_arabic(client, make_proposal):
    html = client.get(f"/ar/foundation/proposals/{make_proposal(is_published=True).slug}/")

    assert "المقترحات المقدمة إلى الجماعات" in html.content.decode()


def test_a_news_item_written_in_arabic_alone_gets_an_address(staff_client):
    data = {
        "title_ar": "اجتماع المكتب التنفيذي",
        "title_fr": "",
        "title_en": "",
        "slug": "",
        "summary_ar": "اجتمع المكتب.",
        "summary_fr": "",
        "summary_en": "",
        "body_ar": "اجتمع المكتب التنفيذي للمؤسسة.",
        "body_fr": "",
        "body_en": "",
        "image_description_ar": "",
        "image_description_fr": "",
        "image_description_en": "",
        "is_published": "",
        "published_at_0": "",
        "published_at_1": "",
    }

    response = staff_client.post("/ar/admin/activities/newsitem/add/", data)

    assert response.status_code == 302
    today = timezone.localdate().isoformat()
    assert NewsItem.objects.get().slug == f"newsitem-{today}"


@pytest.mark.parametrize("language, comma", [("ar", "، "), ("fr", ", ")])
def test_admin_lists_join_communes_with_the_interfaces_comma(
    staff_client, make_proposal, make_commune, language, comma
):
    make_proposal(
        communes=[
            make_commune(name_ar="أزمور", name_fr="Azemmour"),
            make_commune(name_ar="الحوزية", name_fr="Haouzia"),
        ]
    )

    html = staff_client.get(admin_url(Proposal, "changelist", language)).content.decode()

    joined = comma.join(["أزمور", "الحوزية"] if language == "ar" else ["Azemmour", "Haouzia"])
    assert joined in html
