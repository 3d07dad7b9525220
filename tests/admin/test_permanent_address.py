"""A public page's address is cited by journalists («permanent address», «how to cite»):
once the page has been public, the admin no longer lets its slug change."""

from communes.models import Commune
from tests.helpers import commune_form


def test_a_communes_address_cannot_be_changed_in_the_admin(staff_client, make_commune):
    commune = make_commune(slug="azemmour")
    url = f"/ar/admin/communes/commune/{commune.pk}/change/"

    page = staff_client.get(url).content.decode()
    assert 'name="slug"' not in page
    assert "azemmour" in page  # shown, read only

    data = commune_form(slug="azemmour-ville", display_order="3")
    response = staff_client.post(url, data)

    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.slug == "azemmour"
    assert commune.display_order == 3  # the rest of the form is saved


def test_a_new_communes_address_is_typed_or_made_from_its_name(staff_client):
    page = staff_client.get("/ar/admin/communes/commune/add/").content.decode()
    assert 'name="slug"' in page

    staff_client.post("/ar/admin/communes/commune/add/", commune_form())
    assert Commune.objects.filter(slug="nouvelle-commune").exists()


def test_an_initiative_never_published_can_still_change_its_address(
    staff_client, make_initiative, make_sector, make_commune
):
    draft = make_initiative(slug="brouillon", is_published=False)
    published = make_initiative(slug="publiee", is_published=True)
    assert draft.published_at is None and published.published_at is not None

    draft_page = staff_client.get(f"/ar/admin/initiatives/initiative/{draft.pk}/change/")
    published_page = staff_client.get(f"/ar/admin/initiatives/initiative/{published.pk}/change/")

    assert 'name="slug"' in draft_page.content.decode()
    assert 'name="slug"' not in published_page.content.decode()
