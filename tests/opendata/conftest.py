"""A small district for the open-data tests: what may be published, and what must not be."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import feedparser
import pytest
from django.utils import timezone

from initiatives.models import Initiative
from sources.models import Source
from tests.public.conftest import portal  # noqa: F401  (the public pages' realistic portal)

# Words that must never leave the portal through an export, a feed or the API.
EDITOR = {"username": "bureau-editor", "email": "editor@example.org"}


@pytest.fixture(autouse=True)
def no_demo_data(settings):
    settings.DEMO_DATA = False


@pytest.fixture
def district(
    make_commune, make_sector, make_partner, make_initiative, make_funding, make_update, make_person
):
    """Two communes, three published initiatives, a draft and a demo record.

    The draft and the demo record carry words of their own, so any leak shows up in a text.
    """
    haouzia = make_commune(
        slug="haouzia", name_ar="الحوزية", name_fr="Haouzia", name_en="Haouzia", display_order=1
    )
    azemmour = make_commune(
        slug="azemmour", name_ar="أزمور", name_fr="Azemmour", name_en="Azemmour", display_order=0
    )
    water = make_sector(
        slug="water",
        name_ar="الماء والتطهير",
        name_fr="Eau et assainissement",
        name_en="Water and sanitation",
        dac_code="140",
    )
    roads = make_sector(slug="roads", name_ar="الطرق", name_fr="Routes", name_en="Roads")
    region = make_partner(slug="region", name_ar="جهة الدار البيضاء سطات", name_fr="Région")
    secret_funder = make_partner(
        slug="secret-funder", name_ar="ممول سري", name_fr="Bailleur secret"
    )
    press = Source.objects.create(
        publication="هسبريس",
        url="https://example.org/azemmour-water",
        published_on=datetime.date(2024, 5, 1),
        published_on_precision="month",
        language="ar",
    )
    council = Source.objects.create(
        publication="Conseil communal", url="https://example.org/deliberation-12", language="fr"
    )
    today = timezone.localdate()
    water_project = make_initiative(
        communes=[haouzia],
        slug="haouzia-water",
        title_ar="تزويد دواوير الحوزية بالماء الصالح للشرب",
        title_fr="Eau potable pour les douars de Haouzia",
        title_en="Drinking water for the douars of Haouzia",
        summary_ar="ربط الدواوير بشبكة الماء.",
        summary_fr="Raccordement des douars au réseau d'eau.",
        summary_en="Connecting the douars to the water network.",
        sector=water,
        status=Initiative.Status.IN_PROGRESS,
        progress=40,
        planned_budget=Decimal("1250000.50"),
        spent_amount=Decimal("300000"),
        start_date=datetime.date(2023, 1, 1),
        start_date_precision="year",
        planned_end_date=today - datetime.timedelta(days=10),
        latitude=Decimal("33.250000"),
        longitude=Decimal("-8.400000"),
        is_published=True,
    )
    water_project.sources.set([press, council])
    make_funding(initiative=water_project, partner=region, amount=Decimal("1000000"))
    road = make_initiative(
        communes=[haouzia, azemmour],
        slug="coastal-road",
        title_ar="تهيئة الطريق الساحلية",
        title_fr="Aménagement de la route côtière",
        sector=roads,
        status=Initiative.Status.COMPLETED,
        progress=100,
        planned_budget=Decimal("8000000"),
        spent_amount=Decimal("7600000"),
        is_published=True,
    )
    school = make_initiative(
        communes=[azemmour],
        slug="azemmour-school",
        title_ar="بناء مدرسة ابتدائية بأزمور",
        title_fr="École primaire d'Azemmour",
        sector=roads,
        status=Initiative.Status.PLANNED,
        is_published=True,
    )
    draft = make_initiative(
        communes=[haouzia],
        slug="secret-draft",
        title_ar="مشروع لم يعلن عنه",
        title_fr="Projet confidentiel",
        sector=water,
        status=Initiative.Status.STALLED,
        planned_budget=Decimal("9999999"),
        latitude=Decimal("33.300000"),
        longitude=Decimal("-8.300000"),
    )
    make_funding(initiative=draft, partner=secret_funder)
    demo = make_initiative(
        communes=[haouzia],
        slug="demo-1",
        title_ar="مبادرة تجريبية",
        title_fr="Initiative de démonstration",
        sector=water,
        is_published=True,
        is_demo=True,
    )
    return SimpleNamespace(
        haouzia=haouzia,
        azemmour=azemmour,
        water=water,
        roads=roads,
        region=region,
        press=press,
        council=council,
        water_project=water_project,
        road=road,
        school=school,
        published=[water_project, road, school],
        draft=draft,
        demo=demo,
        hidden=[draft, demo],
        update=make_update(
            initiative=water_project,
            title_ar="زيارة ورش الماء",
            title_fr="Visite du chantier d'eau",
            body_ar="تقدمت الأشغال.",
            observed_on=datetime.date(2025, 2, 10),
            is_published=True,
        ),
        road_update=make_update(
            initiative=road,
            title_ar="تسليم الطريق",
            observed_on=datetime.date(2025, 3, 5),
            is_published=True,
        ),
        unpublished_update=make_update(initiative=water_project, title_ar="ملاحظة داخلية"),
        draft_update=make_update(initiative=draft, title_ar="زيارة سرية", is_published=True),
        person=make_person(full_name_ar="فاطمة الزهراء المنصوري", full_name_fr="Fatima Mansouri"),
    )


def hidden_words(district) -> list[str]:
    """Texts that only the hidden records, people and editors carry."""
    words = [EDITOR["username"], EDITOR["email"], "Fatima Mansouri", "فاطمة الزهراء المنصوري"]
    for initiative in district.hidden:
        words += [initiative.slug, initiative.title_ar, initiative.title_fr]
    words += ["ممول سري", "Bailleur secret", "زيارة سرية", "ملاحظة داخلية", "9999999"]
    return words


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(password="not-used-in-tests", **EDITOR)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def parse_feed(response):
    """The feed as a feed reader sees it; a malformed one fails the test."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def streamed(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)
