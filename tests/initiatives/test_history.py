"""The admin keeps who changed an initiative, and what it was before."""

from decimal import Decimal

from django.utils import translation

from initiatives.models import Initiative
from tests.helpers import changes_row, initiative_form


def test_a_change_in_the_admin_is_recorded_with_the_staff_member_and_the_old_values(
    staff_client, superuser, make_initiative
):
    initiative = make_initiative(status="planned", planned_budget=Decimal("500000.00"))
    data = initiative_form(
        sector=initiative.sector,
        communes=initiative.communes.all(),
        slug=initiative.slug,
        status="in_progress",
        planned_budget="750000.00",
    )

    response = staff_client.post(f"/fr/admin/initiatives/initiative/{initiative.pk}/change/", data)

    assert response.status_code == 302
    latest = initiative.history.latest()
    previous = latest.prev_record
    assert latest.history_user == superuser
    assert latest.history_type == "~"
    assert (previous.status, previous.planned_budget) == ("planned", Decimal("500000.00"))
    assert (latest.status, latest.planned_budget) == ("in_progress", Decimal("750000.00"))
    changed = set(latest.diff_against(previous).changed_fields)
    assert {"status", "planned_budget"} <= changed


def test_the_arabic_history_page_of_an_initiative_opens(staff_client, make_initiative):
    initiative = make_initiative()

    response = staff_client.get(f"/ar/admin/initiatives/initiative/{initiative.pk}/history/")

    assert response.status_code == 200
    assert initiative.title_ar in response.content.decode()


def history_page(client, initiative, language):
    url = f"/{language}/admin/initiatives/initiative/{initiative.pk}/history/"
    return client.get(url).content.decode()


def test_the_history_page_reads_like_the_form(staff_client, make_initiative, make_commune):
    """A volunteer reads a change with the words of the form: the status by its label, the
    communes by their names, the arrow from old to new in the page's direction, the count
    after its name, and no "None" where no reason was given."""
    initiative = make_initiative(status="planned")
    commune = make_commune(name_ar="الحوزية", name_fr="Haouzia")
    initiative.status = "in_progress"
    initiative.save()
    initiative.communes.add(commune)
    initiative.save()

    arabic = history_page(staff_client, initiative, "ar")
    french = history_page(staff_client, initiative, "fr")

    with translation.override("ar"):
        planned, in_progress = (str(Initiative.Status(v).label) for v in ("planned", "in_progress"))
    assert f"<bdi>{planned}</bdi>" in arabic and f"<bdi>{in_progress}</bdi>" in arabic
    assert "in_progress" not in arabic and "in_progress" not in french
    assert "الحوزية" in changes_row(arabic) and "[" not in changes_row(arabic)
    assert "&larr;" in arabic and "&rarr;" not in arabic
    assert "&rarr;" in french and "&larr;" not in french
    versions = initiative.history.count()
    assert f"النسخ: {versions}" in arabic and f"Versions\u00a0: {versions}" in french
    assert "None" not in arabic and "None" not in french
