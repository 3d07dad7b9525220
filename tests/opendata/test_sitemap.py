"""Search engines find every public page in the three languages, and nothing else."""

import datetime
import math
import xml.etree.ElementTree as ET
from types import SimpleNamespace
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from activities.models import Dossier, Event, NewsItem, Proposal, TrainingProgramme
from azemmour_portal.cache import PAGE_LIMIT
from initiatives.models import Initiative
from opendata.sitemaps import PortalSitemap
from tests.activities.conftest import (  # noqa: F401  (the foundation's work)
    make_dossier,
    make_event,
    make_news,
    make_programme,
    make_proposal,
)
from tests.opendata.conftest import hidden_words
from workflow.states import State

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ("ar", "fr", "en")
# The foundation's work: each kind's list page, and the address of one record's page.
WORK_PAGES = {
    "proposal": "/foundation/proposals/",
    "dossier": "/foundation/advocacy/",
    "programme": "/foundation/trainings/",
    "event": "/foundation/events/",
    "news": "/foundation/news/",
}


def sitemap_entries(client) -> list[ET.Element]:
    """Every <url> of every section, following the sitemap index."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    entries = []
    for location in ET.fromstring(index.content).findall("s:sitemap/s:loc", NS):
        section = client.get(urlparse(location.text).path + "?" + urlparse(location.text).query)
        assert section.status_code == 200
        entries += ET.fromstring(section.content).findall("s:url", NS)
    return entries


def sitemap_urls(client) -> dict[str, dict[str, str]]:
    """Each listed address → its hreflang alternates, following the sitemap index."""
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in sitemap_entries(client)
    }


def sitemap_lastmods(client) -> dict[str, str]:
    """Each listed address → the date it says the page last changed."""
    return {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
        for url in sitemap_entries(client)
        if url.find("s:lastmod", NS) is not None
    }


@pytest.fixture
def make_work(district, make_proposal, make_dossier, make_programme, make_event, make_news):  # noqa: F811
    """A record of each kind of the foundation's work, in Haouzia: kind → record."""

    def make(*, prefix=None, **values):
        def named(kind):
            return {"slug": f"{prefix}-{kind}"} if prefix else {}

        haouzia = {"communes": [district.haouzia]}
        return {
            "proposal": make_proposal(**named("proposal"), **haouzia, **values),
            "dossier": make_dossier(**named("dossier"), **haouzia, **values),
            "programme": make_programme(**named("programme"), **values),
            "event": make_event(**named("event"), **haouzia, **values),
            "news": make_news(**named("news"), **values),
        }

    return make


@pytest.fixture
def foundation_work(make_work):
    """A published record and a draft of each kind of the foundation's work."""
    return SimpleNamespace(
        published=make_work(prefix="public", is_published=True),
        drafts=make_work(prefix="draft"),
    )


def test_sitemap_lists_every_public_page_in_three_languages(client, district):
    listed = sitemap_urls(client)

    paths = ["/", "/initiatives/", "/communes/", "/foundation/", "/changes/", "/data/", "/map/"]
    paths += WORK_PAGES.values()
    for commune in ("haouzia", "azemmour"):
        paths += [
            f"/communes/{commune}/",
            f"/communes/{commune}/fact-sheet/",
            f"/communes/{commune}/changes/",
            f"/communes/{commune}/map/",
        ]
    paths += [f"/initiatives/{initiative.slug}/" for initiative in district.published]
    expected = {f"http://testserver/{lang}{path}" for lang in LANGUAGES for path in paths}
    assert set(listed) == expected


def test_each_sitemap_address_names_its_translations_and_the_default(client, district):
    listed = sitemap_urls(client)

    assert listed["http://testserver/fr/communes/haouzia/"] == {
        "ar": "http://testserver/ar/communes/haouzia/",
        "fr": "http://testserver/fr/communes/haouzia/",
        "en": "http://testserver/en/communes/haouzia/",
        "x-default": "http://testserver/communes/haouzia/",
    }


def test_sitemap_leaves_out_hidden_initiatives(client, district):
    listed = " ".join(sitemap_urls(client))

    assert [word for word in hidden_words(district) if word in listed] == []


def test_an_initiative_published_after_a_crawl_is_listed_at_the_next(
    client, district, make_initiative
):
    sitemap_urls(client)

    later = make_initiative(communes=[district.haouzia], is_published=True)

    assert f"http://testserver/fr/initiatives/{later.slug}/" in sitemap_urls(client)


@pytest.mark.parametrize("address", ["/sitemap.xml", "/sitemap-initiatives.xml"])
def test_a_crawler_is_not_told_nothing_changed_after_an_initiative_is_archived(
    client, district, address
):
    # Every public initiative last changed a year ago, when the crawler last came.
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    Initiative.objects.update(updated_at=a_year_ago)
    archived = district.published[0]
    archived.state = State.ARCHIVED
    archived.save()

    again = client.get(address, HTTP_IF_MODIFIED_SINCE=http_date(a_year_ago.timestamp()))

    # The records still listed are as old as the crawler's visit; the list is not.
    assert again.status_code == 200
    assert f"/initiatives/{archived.slug}/" not in " ".join(sitemap_urls(client))


def test_sitemap_lists_the_district_and_commune_maps_in_three_languages(client, district):
    listed = sitemap_urls(client)

    for path in ("/map/", "/communes/haouzia/map/", "/communes/azemmour/map/"):
        for lang in LANGUAGES:
            assert client.get(f"/{lang}{path}").status_code == 200
            assert listed[f"http://testserver/{lang}{path}"] == {
                **{other: f"http://testserver/{other}{path}" for other in LANGUAGES},
                "x-default": f"http://testserver{path}",
            }


def test_sitemap_lists_the_foundations_published_work_in_three_languages(client, foundation_work):
    listed = sitemap_urls(client)

    for kind, record in foundation_work.published.items():
        path = f"{WORK_PAGES[kind]}{record.slug}/"
        for lang in LANGUAGES:
            assert client.get(f"/{lang}{path}").status_code == 200
            assert listed[f"http://testserver/{lang}{path}"] == {
                **{other: f"http://testserver/{other}{path}" for other in LANGUAGES},
                "x-default": f"http://testserver{path}",
            }


def test_sitemap_dates_the_foundations_work_by_its_last_update(client, foundation_work):
    # Long after publication: the page changed when the record was last edited.
    updated = timezone.make_aware(datetime.datetime(2025, 6, 14, 12, 0))
    for model in (Proposal, Dossier, TrainingProgramme, Event, NewsItem):
        model.objects.update(
            published_at=updated - datetime.timedelta(days=90),
            updated_at=updated,
        )

    lastmods = sitemap_lastmods(client)

    for kind, record in foundation_work.published.items():
        for lang in LANGUAGES:
            url = f"http://testserver/{lang}{WORK_PAGES[kind]}{record.slug}/"
            assert lastmods[url] == "2025-06-14"


def test_a_page_changed_late_in_the_evening_is_dated_by_moroccos_calendar(
    client, district, make_initiative
):
    # 23:30 UTC on 30 June is 00:30 on 1 July in Azemmour (UTC+1).
    late = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
    initiative = make_initiative(communes=[district.haouzia], is_published=True)
    Initiative.objects.filter(pk=initiative.pk).update(updated_at=late)

    lastmods = sitemap_lastmods(client)

    for lang in LANGUAGES:
        assert lastmods[f"http://testserver/{lang}/initiatives/{initiative.slug}/"] == "2025-07-01"


def test_the_index_dates_each_section_by_its_own_latest_change_in_one_query(
    client, foundation_work
):
    for day, model in enumerate((Proposal, Dossier, TrainingProgramme, Event), start=1):
        model.objects.update(updated_at=timezone.make_aware(datetime.datetime(2025, 6, day, 12)))
    NewsItem.objects.all().delete()  # a section with nothing in it yet

    with CaptureQueriesContext(connection) as captured:
        index = client.get("/sitemap.xml")

    lastmods = {
        urlparse(entry.find("s:loc", NS).text).path: entry.findtext("s:lastmod", None, NS)
        for entry in ET.fromstring(index.content).findall("s:sitemap", NS)
    }
    assert lastmods["/sitemap-proposals.xml"].startswith("2025-06-01")
    assert lastmods["/sitemap-advocacy.xml"].startswith("2025-06-02")
    assert lastmods["/sitemap-trainings.xml"].startswith("2025-06-03")
    assert lastmods["/sitemap-events.xml"].startswith("2025-06-04")
    assert lastmods["/sitemap-news.xml"] is None
    # The published records' counts and dates in one query, the communes in another.
    assert len(captured) == 2


def test_sitemap_leaves_out_drafts_of_the_foundations_work(client, foundation_work):
    listed = " ".join(sitemap_urls(client))

    assert "/public-news/" in listed
    for kind, draft in foundation_work.drafts.items():
        assert client.get(f"/fr{WORK_PAGES[kind]}{draft.slug}/").status_code == 404
        assert f"/{draft.slug}/" not in listed


def test_sitemap_queries_stay_flat_as_published_records_grow(
    client, district, make_initiative, make_work
):
    def grow(n):
        for _ in range(n):
            make_initiative(communes=[district.haouzia], is_published=True)
            make_work(is_published=True)

    def count():
        with CaptureQueriesContext(connection) as captured:
            listed = sitemap_urls(client)
        return len(captured), len(listed)

    grow(1)
    few_queries, few_addresses = count()
    grow(20)
    many_queries, many_addresses = count()

    assert many_addresses == few_addresses + 20 * 6 * len(LANGUAGES)
    assert many_queries == few_queries


def test_a_long_section_is_split_into_pages_that_together_list_every_address(
    client, district, make_initiative, monkeypatch
):
    """A crawler reads a bounded page at a time, and misses nothing."""
    monkeypatch.setattr(PortalSitemap, "limit", 4)
    slugs = [make_initiative(communes=[district.haouzia], is_published=True).slug for _ in range(5)]

    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [
        location.text
        for location in index.findall("s:sitemap/s:loc", NS)
        if "sitemap-initiatives.xml" in location.text
    ]
    listed = []
    for page in pages:
        address = urlparse(page)
        section = ET.fromstring(client.get(f"{address.path}?{address.query}").content)
        entries = [url.find("s:loc", NS).text for url in section.findall("s:url", NS)]
        assert 0 < len(entries) <= 4
        listed += [urlparse(entry).path for entry in entries]
        # A record whose languages fall on two pages names all its translations on both.
        for url in section.findall("s:url", NS):
            path = urlparse(url.find("s:loc", NS).text).path.split("/", 2)[2]
            assert {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            } == {
                **{other: f"http://testserver/{other}/{path}" for other in LANGUAGES},
                "x-default": f"http://testserver/{path}",
            }

    assert len(listed) == len(set(listed))
    assert {f"/{language}/initiatives/{slug}/" for slug in slugs for language in LANGUAGES} <= set(
        listed
    )
    assert len(pages) == math.ceil(len(listed) / 4) > 1


def test_a_full_sitemap_page_fits_the_page_cache_with_the_longest_addresses(
    client, settings, district, make_initiative, make_work
):
    """Larger than PAGE_LIMIT, a page would be drawn again at every crawler's visit."""
    host = "observatoire.fondation-azemmour-developpement-local.example.ma"
    settings.ALLOWED_HOSTS = [host]
    longest = Initiative._meta.get_field("slug").max_length
    make_initiative(communes=[district.haouzia], is_published=True, slug="i" * longest)
    make_work(prefix="w" * (longest - len("-programme")), is_published=True)

    index = ET.fromstring(client.get("/sitemap.xml", HTTP_HOST=host, secure=True).content)
    largest_entry = 0
    for location in index.findall("s:sitemap/s:loc", NS):
        address = urlparse(location.text)
        page = client.get(f"{address.path}?{address.query}", HTTP_HOST=host, secure=True).content
        largest_entry = max(largest_entry, *(len(entry) for entry in page.split(b"<url>")[1:]))

    assert largest_entry > 1000  # five addresses of about 200 characters
    assert PortalSitemap.limit * largest_entry + len(page.split(b"<url>")[0]) <= PAGE_LIMIT


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_exports(
    client, settings
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for lang in LANGUAGES:
        assert f"Disallow: /{lang}/{settings.ADMIN_URL}" in lines
        assert f"Disallow: /{lang}/initiatives/export." in lines
