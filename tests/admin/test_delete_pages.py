"""Deleting a commune lists what a volunteer would lose, not the tallies the portal
computes from it (initiatives/tallies.py); a source or commune that records still point to
is not deleted from under them."""

from communes.models import Commune
from initiatives import tallies
from initiatives.models import Initiative, PartnerTally, Tally
from sources.models import Source


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


def test_a_source_still_cited_is_not_deleted(staff_client, make_initiative):
    """Deleting a source would silently strip it from the initiatives citing it, published
    ones included: the confirmation names them as protected and the deletion is refused."""
    source = Source.objects.create(publication="هسبريس", url="https://example.org/a", language="ar")
    cited = make_initiative(is_published=True, title_ar="محطة المعالجة")
    cited.sources.add(source)
    rated = make_initiative(is_published=True, title_ar="قنطرة أم الربيع")
    Initiative.objects.filter(pk=rated.pk).update(budget_source=source)
    url = f"/ar/admin/sources/source/{source.pk}/delete/"

    page = staff_client.get(url).content.decode()
    staff_client.post(url, {"post": "yes"})

    assert "محطة المعالجة" in page and "قنطرة أم الربيع" in page
    assert "احذفه من كل واحد منها أولاً" in page
    assert Source.objects.filter(pk=source.pk).exists()
    assert list(cited.sources.all()) == [source]


def test_a_source_nothing_cites_is_deleted(staff_client):
    source = Source.objects.create(publication="هسبريس", url="https://example.org/a", language="ar")

    staff_client.post(f"/ar/admin/sources/source/{source.pk}/delete/", {"post": "yes"})

    assert not Source.objects.exists()


def test_a_commune_with_initiatives_is_not_deleted(staff_client, make_commune, make_initiative):
    commune = make_commune()
    make_initiative(communes=[commune], is_published=True, title_ar="طريق لمساعدة")

    page = staff_client.get(f"/ar/admin/communes/commune/{commune.pk}/delete/")
    staff_client.post(f"/ar/admin/communes/commune/{commune.pk}/delete/", {"post": "yes"})

    assert "طريق لمساعدة" in page.content.decode()
    assert Commune.objects.filter(pk=commune.pk).exists()
