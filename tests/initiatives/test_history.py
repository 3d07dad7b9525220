"""The admin keeps who changed an initiative, and what it was before."""

from decimal import Decimal

from tests.helpers import initiative_form


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
