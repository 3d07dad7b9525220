"""The foundation's pages meet the public site's rules: every language with its direction,
canonical and translated addresses, flat query counts, light pages, no script, sized images."""

import pytest

from tests.helpers import html_tag
from tests.public.pages import DIRECTION, LANGUAGES, Page
from tests.public.test_weight import MAX_PAGE_BYTES, MAX_QUERIES, queries, tags
from tests.security import observatory
from tests.security.test_headers import PUBLIC_POLICY, assert_common_headers

PAGES = [
    "proposals",
    "proposal",
    "dossiers",
    "dossier",
    "trainings",
    "training",
    "events",
    "event",
    "news",
    "news-item",
    "commune",
    "home",
    "foundation",
]


def first(model):
    return model.objects.order_by("id").first()


def address(kind: str, language: str, work) -> str:
    from activities.models import Dossier, Event, NewsItem, Proposal, TrainingProgramme

    paths = {
        "proposals": "/foundation/proposals/",
        "proposal": f"/foundation/proposals/{first(Proposal).slug}/",
        "dossiers": "/foundation/advocacy/",
        "dossier": f"/foundation/advocacy/{first(Dossier).slug}/",
        "trainings": "/foundation/trainings/",
        "training": f"/foundation/trainings/{first(TrainingProgramme).slug}/",
        "events": "/foundation/events/",
        "event": f"/foundation/events/{first(Event).slug}/",
        "news": "/foundation/news/",
        "news-item": f"/foundation/news/{first(NewsItem).slug}/",
        "commune": f"/communes/{work.commune.slug}/",
        "home": "/",
        "foundation": "/foundation/",
    }
    return f"/{language}{paths[kind]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_opens_in_the_language_and_direction_of_its_address(
    client, work, kind, language
):
    work.grow(1)

    response = client.get(address(kind, language, work))

    assert response.status_code == 200
    tag = html_tag(response)
    assert f'lang="{language}"' in tag
    assert f'dir="{DIRECTION[language]}"' in tag


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_names_its_canonical_address_and_its_translations(client, work, kind):
    work.grow(1)
    url = address(kind, "fr", work)
    unprefixed = url.removeprefix("/fr")

    page = Page(client.get(url))

    assert page.one("link", rel="canonical").attrs["href"] == f"http://testserver{url}"
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in page.all("link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert alternates["ar"] == f"http://testserver/ar{unprefixed}"
    assert alternates["en"] == f"http://testserver/en{unprefixed}"


@pytest.mark.parametrize("kind", PAGES)
def test_query_count_stays_flat_as_the_foundations_work_grows(client, work, kind):
    work.grow(2)
    few = queries(client, address(kind, "ar", work))

    work.grow(25)
    many = queries(client, address(kind, "ar", work))

    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= MAX_QUERIES, "\n".join(many)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_weighs_at_most_60_kb_with_realistic_data(client, work, language):
    work.grow(25)

    sizes = {kind: len(client.get(address(kind, language, work)).content) for kind in PAGES}

    assert {kind: size for kind, size in sizes.items() if size > MAX_PAGE_BYTES} == {}


def test_pages_need_no_script_and_size_every_image(client, work):
    work.grow(3)
    found = []
    for kind in PAGES:
        found += tags(client.get(address(kind, "ar", work)).content.decode())

    assert [tag for tag, _attrs in found if tag == "script"] == []
    images = [attrs for tag, attrs in found if tag == "img"]
    assert len(images) >= 2  # an event's photo and a news item's image
    assert [
        attrs
        for attrs in images
        if not (
            attrs.get("width", "").isdigit()
            and attrs.get("height", "").isdigit()
            and attrs.get("alt") is not None
            and attrs.get("loading") == "lazy"
        )
    ] == []


def test_the_foundation_page_links_to_each_kind_of_work(client, db):
    links = {a.attrs.get("href") for a in Page(client.get("/ar/foundation/")).all("a")}

    assert {
        "/ar/foundation/proposals/",
        "/ar/foundation/advocacy/",
        "/ar/foundation/trainings/",
        "/ar/foundation/events/",
        "/ar/foundation/news/",
    } <= links


@pytest.mark.parametrize("kind", [kind for kind in PAGES if kind not in ("home", "foundation")])
def test_every_page_sets_no_cookie_and_carries_the_public_security_policy(https_client, work, kind):
    work.grow(1)

    response = https_client.get(address(kind, "ar", work))

    assert response.status_code == 200
    assert not response.cookies
    assert_common_headers(response)
    assert observatory.parse_csp(response.headers["Content-Security-Policy"]) == PUBLIC_POLICY
    html = response.content.decode().lower()
    assert "<style" not in html
    assert " style=" not in html
