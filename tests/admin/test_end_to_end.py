"""A staff member records an initiative, its monitoring and its bureau in the Arabic admin."""

from decimal import Decimal

import pytest
from PIL import Image

from governance.models import Membership, Person
from initiatives.models import Initiative, Update
from tests.helpers import (
    html_tag,
    initiative_form,
    inline_formset,
    person_form,
    png,
    update_form,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_staff_records_an_initiative_its_funding_an_update_with_a_photo_and_an_advisor(
    staff_client, make_sector, make_commune, make_partner, make_body
):
    assert 'dir="rtl"' in html_tag(staff_client.get("/ar/admin/initiatives/initiative/add/"))
    communes = [make_commune(), make_commune()]
    state, commune_partner = make_partner(kind="state"), make_partner(kind="commune")
    data = initiative_form(
        sector=make_sector(),
        communes=communes,
        status="in_progress",
        progress="40",
        planned_budget="3000000",
        spent_amount="1200000",
        start_date="2025-01-15",
        planned_end_date="2026-06-30",
        **inline_formset(
            "fundings",
            {"partner": state.pk, "amount": "2000000"},
            {"partner": commune_partner.pk, "amount": "1000000"},
        ),
    )

    response = staff_client.post("/ar/admin/initiatives/initiative/add/", data)

    assert response.status_code == 302
    initiative = Initiative.objects.get(slug="rehabilitation-route")
    assert set(initiative.communes.all()) == set(communes)
    assert {(f.partner, f.amount) for f in initiative.fundings.all()} == {
        (state, Decimal("2000000.00")),
        (commune_partner, Decimal("1000000.00")),
    }

    data = update_form(
        initiative=initiative,
        status_observed="in_progress",
        progress_observed="45",
        **inline_formset(
            "photos",
            {
                "image": png("chantier.png"),
                "caption_ar": "أشغال الطريق",
                "caption_fr": "",
                "caption_en": "",
                "taken_on": "2025-03-01",
            },
        ),
    )

    response = staff_client.post("/ar/admin/initiatives/update/add/", data)

    assert response.status_code == 302
    update = Update.objects.get(initiative=initiative)
    photo = update.photos.get()
    assert photo.caption_ar == "أشغال الطريق"
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (4, 3)

    bureau = make_body(slug="executive-bureau", name_ar="المكتب التنفيذي")
    data = person_form(
        **inline_formset(
            "memberships",
            {"body": bureau.pk, "role": "advisor", "start_date": "2025-02-01", "end_date": ""},
        )
    )

    response = staff_client.post("/ar/admin/governance/person/add/", data)

    assert response.status_code == 302
    advisor = Person.objects.get(slug="fatima-zahra")
    assert advisor.full_name_ar == "فاطمة الزهراء"
    membership = Membership.objects.get(person=advisor)
    assert (membership.body, membership.role, membership.is_current) == (bureau, "advisor", True)
