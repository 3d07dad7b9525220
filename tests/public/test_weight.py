"""Pages stay light and cheap as the portal grows: flat query counts, small HTML, no script.

Visitors in the district's rural communes read the portal on phones over slow, metered
connections; a page's cost must not grow with the number of initiatives.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import tallies
from tests.public.pages import Page

MAX_QUERIES = 12
MAX_PAGE_BYTES = 60 * 1024
MAX_CSS_BYTES = 20 * 1024
MAX_JS_BYTES = 10 * 1024


def addresses(portal, language: str = "ar") -> dict[str, str]:
    flagship = portal.flagship
    commune = flagship.communes.order_by("slug").first()
    funder = flagship.fundings.order_by("id").first().partner
    return {
        "home": f"/{language}/",
        "list": f"/{language}/initiatives/",
        "list-filtered": f"/{language}/initiatives/?commune={commune.slug}"
        f"&status={flagship.status}&partner={funder.slug}",
        # The flagship is the page with the most data: a programme with projects,
        # fundings, updates with photos and related initiatives.
        "initiative": f"/{language}/initiatives/{flagship.slug}/",
        "communes": f"/{language}/communes/",
        "commune": f"/{language}/communes/{commune.slug}/",
        "foundation": f"/{language}/foundation/",
    }


def queries(client, url: str) -> list[str]:
    # The tallies follow the change first, as the first visit after it would make them
    # (their own cost is held flat in tests/initiatives/test_tallies.py).
    tallies.fresh()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    "kind", ["home", "list", "list-filtered", "initiative", "communes", "commune", "foundation"]
)
def test_query_count_stays_flat_as_initiatives_grow(client, portal, kind):
    portal.grow(2)
    few = queries(client, addresses(portal)[kind])

    portal.grow(40)
    many = queries(client, addresses(portal)[kind])

    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= MAX_QUERIES, "\n".join(many)


def test_filtered_list_of_the_flagship_is_not_empty(client, portal):
    # The flat count above means something only if the filtered page lists initiatives.
    portal.grow(2)

    response = client.get(addresses(portal)["list-filtered"])

    assert portal.flagship.slug in Page(response).initiative_slugs("ar")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_page_weighs_at_most_60_kb_with_realistic_data(client, portal, language):
    portal.grow(40)

    sizes = {
        kind: len(client.get(url).content) for kind, url in addresses(portal, language).items()
    }

    assert len(Page(client.get(f"/{language}/initiatives/")).initiative_slugs(language)) == 20
    assert {kind: size for kind, size in sizes.items() if size > MAX_PAGE_BYTES} == {}


def test_stylesheet_weighs_at_most_20_kb():
    assert (settings.BASE_DIR / "static/css/site.css").stat().st_size <= MAX_CSS_BYTES


def test_scripts_for_public_pages_weigh_at_most_10_kb():
    # The admin's own scripts live under static/admin/ and never reach a public page.
    public = [
        path
        for path in (settings.BASE_DIR / "static").rglob("*.js")
        if "admin" not in path.relative_to(settings.BASE_DIR / "static").parts
    ]

    assert sum(path.stat().st_size for path in public) <= MAX_JS_BYTES


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.found


def test_public_pages_need_no_script(client, portal):
    portal.grow(6)

    found = {
        kind: [tag for tag, _attrs in tags(client.get(url).content.decode()) if tag == "script"]
        for kind, url in addresses(portal).items()
    }

    assert found == {kind: [] for kind in found}


def test_every_image_is_sized_described_and_lazy(client, portal):
    portal.grow(6)
    images = []
    for url in addresses(portal).values():
        images += [attrs for tag, attrs in tags(client.get(url).content.decode()) if tag == "img"]

    assert len(images) >= 2 + 3  # the flagship's photos and the bureaus' portraits
    faulty = [
        attrs
        for attrs in images
        if not (
            attrs.get("width", "").isdigit()
            and attrs.get("height", "").isdigit()
            and attrs.get("alt") is not None
            and attrs.get("loading") == "lazy"
        )
    ]
    assert faulty == []
