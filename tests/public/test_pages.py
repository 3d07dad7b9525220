"""Every public page opens in Arabic, French and English, says which language it is in, and
points search engines and visitors to the same page in the other languages."""

import pytest
from django.template.loader import get_template
from django.utils import translation

from tests.helpers import html_tag
from tests.public.pages import DIRECTION, LANGUAGES, SITE_NAME_AR, Page, page_url

PAGE_KINDS = ["home", "initiatives", "initiative", "communes", "commune", "foundation"]


@pytest.fixture
def initiative(make_commune, make_initiative):
    return make_initiative(communes=[make_commune()], is_published=True)


def address(kind: str, language: str, initiative) -> str:
    slug = {"initiative": initiative.slug, "commune": initiative.communes.get().slug}
    return page_url(kind, language, slug=slug.get(kind, ""))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_opens_in_the_language_and_direction_of_its_address(
    client, initiative, kind, language
):
    response = client.get(address(kind, language, initiative))

    assert response.status_code == 200
    tag = html_tag(response)
    assert f'lang="{language}"' in tag
    assert f'dir="{DIRECTION[language]}"' in tag


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_names_its_canonical_address_and_its_translations(
    client, initiative, kind, language
):
    url = address(kind, language, initiative)
    unprefixed = url.removeprefix(f"/{language}")

    page = Page(client.get(url))

    assert page.one("link", rel="canonical").attrs["href"] == f"http://testserver{url}"
    # The language versions; feeds are alternates too, of another type and without hreflang.
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert alternates == {
        "ar": f"http://testserver/ar{unprefixed}",
        "fr": f"http://testserver/fr{unprefixed}",
        "en": f"http://testserver/en{unprefixed}",
        "x-default": f"http://testserver{unprefixed}",
    }


def language_links(page: Page) -> dict[str, str]:
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.within("a", ("nav", {"class_": "languages"}))
    }


def test_language_switcher_on_an_initiative_leads_to_the_same_initiative(client, initiative):
    page = Page(client.get(f"/ar/initiatives/{initiative.slug}/"))

    assert language_links(page) == {
        "fr": f"/fr/initiatives/{initiative.slug}/",
        "en": f"/en/initiatives/{initiative.slug}/",
    }


def test_language_switcher_on_the_list_keeps_the_chosen_filters(client, initiative):
    commune = initiative.communes.get()
    query = f"commune={commune.slug}&status=planned&sort=name"

    page = Page(client.get(f"/fr/initiatives/?{query}"))

    assert language_links(page) == {
        "ar": f"/ar/initiatives/?{query}",
        "en": f"/en/initiatives/?{query}",
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    ["/initiatives/no-such-initiative/", "/communes/no-such-commune/", "/no-such-page/"],
)
def test_unknown_address_is_404_in_the_visitors_language(client, initiative, path, language):
    response = client.get(f"/{language}{path}")

    assert response.status_code == 404
    tag = html_tag(response)
    assert f'lang="{language}"' in tag
    assert f'dir="{DIRECTION[language]}"' in tag
    with translation.override(language):
        assert translation.gettext("Page not found") in response.content.decode()


def test_arabic_404_page_names_the_foundation(client, initiative):
    response = client.get("/ar/initiatives/no-such-initiative/")

    assert SITE_NAME_AR in response.content.decode()


def test_error_page_renders_in_arabic_without_the_database(django_db_blocker):
    with django_db_blocker.block(), translation.override("ar"):
        html = get_template("500.html").render()

    assert SITE_NAME_AR in html
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html


def test_a_shared_links_tracking_tags_stay_out_of_the_permanent_address(client, make_commune):
    commune = make_commune()
    url = f"/fr/communes/{commune.slug}/"

    page = Page(client.get(f"{url}?fbclid=IwAR0x&utm_source=facebook"))

    assert page.one("link", rel="canonical").attrs["href"] == f"http://testserver{url}"
    assert "fbclid" not in page.html and "utm_source" not in page.html


def test_a_lists_address_keeps_its_filters_and_page_and_drops_the_rest(client, initiative):
    page = Page(
        client.get("/fr/initiatives/?status=completed&sector=&utm_campaign=x&page=1&sort=budget")
    )

    canonical = page.one("link", rel="canonical").attrs["href"]
    assert canonical == "http://testserver/fr/initiatives/?status=completed&sort=budget"
    arabic = page.one("link", rel="alternate", hreflang="ar").attrs["href"]
    assert arabic == "http://testserver/ar/initiatives/?status=completed&sort=budget"

    searched = Page(client.get("/ar/search/?q=%D9%85%D8%AF%D8%B1%D8%B3%D8%A9&page=2&ref=x"))
    assert searched.one("link", rel="canonical").attrs["href"] == (
        "http://testserver/ar/search/?q=%D9%85%D8%AF%D8%B1%D8%B3%D8%A9&page=2"
    )


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_request_the_portal_cannot_read_gets_its_own_page_in_the_visitors_language(
    client, initiative, language
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # More files than Django reads in one request (DATA_UPLOAD_MAX_NUMBER_FILES).
    photos = [SimpleUploadedFile(f"p{n}.jpg", b"x") for n in range(101)]

    response = client.post(f"/{language}/initiatives/{initiative.slug}/report/", {"photos": photos})

    assert response.status_code == 400
    tag = html_tag(response)
    assert f'lang="{language}"' in tag and f'dir="{DIRECTION[language]}"' in tag
    with translation.override(language):
        assert translation.gettext("Request not understood") in response.content.decode()


def funding_rows(client, initiative) -> list[list[str]]:
    page = Page(client.get(f"/en/initiatives/{initiative.slug}/"))
    cells = page.within("td", ("table", {"class_": "fundings"}))
    return [[cell.text for cell in cells[i : i + 3]] for i in range(0, len(cells), 3)]


def test_each_funders_share_is_given_when_every_amount_is_known(
    client, make_initiative, make_partner, make_funding
):
    initiative = make_initiative(is_published=True)
    make_funding(initiative=initiative, partner=make_partner(), amount=750_000)
    make_funding(initiative=initiative, partner=make_partner(), amount=250_000)

    shares = [row[2] for row in funding_rows(client, initiative)]

    assert [share.replace("\u00a0", " ") for share in shares] == ["75%", "25%"]


def test_no_share_is_given_while_a_funders_amount_is_unknown(
    client, make_initiative, make_partner, make_funding
):
    """One known amount among unknown ones is not the whole of the money."""
    initiative = make_initiative(is_published=True)
    make_funding(initiative=initiative, partner=make_partner(), amount=29_000_000)
    make_funding(initiative=initiative, partner=make_partner(), amount=None)

    rows = funding_rows(client, initiative)

    assert [row[2] for row in rows] == ["—", "—"]
    assert rows[1][1] == "no amount recorded"
