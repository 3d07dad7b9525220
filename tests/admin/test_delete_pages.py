"""Deleting a commune lists what a volunteer would lose, not the tallies the portal
computes from it (initiatives/tallies.py)."""

from initiatives import tallies
from initiatives.models import PartnerTally, Tally


def test_deleting_a_commune_lists_no_tallies(
    staff_client, make_commune, make_initiative, make_funding
):
    commune = make_commune()
    initiative = make_initiative(communes=[commune], is_published=True)
    make_funding(initiative=initiative)
    tallies.refresh()
    assert Tally.objects.filter(commune=commune).exists()
    assert PartnerTally.objects.filter(commune=commune).exists()

    for language in ("ar", "en"):
        page = staff_client.get(f"/{language}/admin/communes/commune/{commune.pk}/delete/")

        html = page.content.decode()
        assert page.status_code == 200
        assert "tally" not in html.lower() and "tallys" not in html.lower()
