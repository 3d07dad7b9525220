"""Demo data: plenty of plausible initiatives, clearly apart from the district's real ones."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from communes.models import CensusFigure, Commune
from governance.models import Membership, Person
from initiatives.models import Funding, Initiative, Partner, Sector, Update


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot_of_real_records():
    return {
        "communes": list(Commune.objects.order_by("pk").values()),
        "census": list(CensusFigure.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "initiatives": list(Initiative.objects.filter(is_demo=False).order_by("pk").values()),
        "sectors": list(Sector.objects.filter(is_demo=False).order_by("pk").values()),
        "partners": list(Partner.objects.filter(is_demo=False).order_by("pk").values()),
    }


@pytest.fixture
def district(db):
    call_command("load_district", stdout=StringIO())


def test_demo_needs_the_communes_first(db):
    with pytest.raises(CommandError, match="load_district"):
        seed("--initiatives", "5")


def test_seed_demo_creates_flagged_initiatives_with_fundings_and_updates(district):
    output = seed("--initiatives", "120", "--seed", "4")
    assert "Created 120 demo initiatives" in output
    demo = Initiative.objects.filter(is_demo=True)
    assert demo.count() == 120
    assert Initiative.objects.filter(is_demo=False).count() == 0
    assert Funding.objects.filter(initiative__is_demo=False).count() == 0
    assert Funding.objects.count() >= 120
    assert Update.objects.count() > 0
    assert not demo.filter(communes=None).exists()
    assert not Sector.objects.filter(is_demo=False).exists()
    assert not Partner.objects.filter(is_demo=False).exists()


def test_demo_initiatives_are_consistent(district):
    seed("--initiatives", "300", "--seed", "9")
    for initiative in Initiative.objects.filter(is_demo=True):
        initiative.full_clean()  # every model rule holds
        if initiative.status == Initiative.Status.COMPLETED:
            assert initiative.progress == 100
            assert initiative.actual_end_date is not None
        if initiative.status in (Initiative.Status.PROPOSED, Initiative.Status.PLANNED):
            assert initiative.progress == 0
            assert initiative.spent_amount is None
    for initiative in Initiative.objects.filter(is_demo=True).prefetch_related("fundings"):
        funded = sum(f.amount for f in initiative.fundings.all())
        assert funded == initiative.planned_budget


def test_same_seed_gives_the_same_demo(district):
    seed("--initiatives", "40", "--seed", "5")
    first = list(Initiative.objects.order_by("slug").values_list("slug", "title_ar", "status"))
    seed("--clear")
    seed("--initiatives", "40", "--seed", "5")
    second = list(Initiative.objects.order_by("slug").values_list("slug", "title_ar", "status"))
    assert first == second


def test_seed_and_clear_never_touch_the_real_records(district, make_initiative, make_funding):
    real = make_initiative(title_ar="مبادرة حقيقية")
    make_funding(initiative=real)
    before = snapshot_of_real_records()

    seed("--initiatives", "60")
    assert snapshot_of_real_records() == before

    output = seed("--clear")
    assert "Removed" in output
    assert snapshot_of_real_records() == before
    assert not Initiative.objects.filter(is_demo=True).exists()
    assert Initiative.objects.get() == real
    assert Funding.objects.filter(initiative=real).count() == 1


def test_clearing_the_demo_takes_its_citizens_reports_and_keeps_the_real_ones(
    district, make_initiative
):
    from citizens import services
    from citizens.models import FieldReport

    real = make_initiative(is_published=True)
    seed("--initiatives", "10")
    demo = Initiative.objects.filter(is_demo=True).first()
    for initiative in (real, demo):
        services.report_submit(initiative=initiative, kind="work_started", text="بدأت الأشغال.")

    seed("--clear")

    assert not Initiative.objects.filter(is_demo=True).exists()
    assert list(FieldReport.objects.values_list("initiative", flat=True)) == [real.pk]


def test_if_absent_does_not_add_a_second_demo(district):
    seed("--initiatives", "10", "--if-absent")
    output = seed("--initiatives", "10", "--if-absent")
    assert "nothing to do" in output
    assert Initiative.objects.filter(is_demo=True).count() == 10


def test_demo_sectors_never_share_a_name_with_a_real_one(district):
    call_command("load_initiatives", stdout=StringIO())
    seed("--initiatives", "20", "--seed", "3")

    assert Sector.objects.filter(is_demo=False).exists()
    for language in ("ar", "fr", "en"):
        names = list(Sector.objects.values_list(f"name_{language}", flat=True))
        assert len(names) == len(set(names)), language
