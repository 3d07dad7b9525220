"""Search engines find every public page in the three languages, and nothing else."""

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

from tests.opendata.conftest import hidden_words

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGUAGES = ("ar", "fr", "en")


def sitemap_urls(client) -> dict[str, dict[str, str]]:
    """Each listed address → its hreflang alternates, following the sitemap index."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    listed = {}
    for location in ET.fromstring(index.content).findall("s:sitemap/s:loc", NS):
        section = client.get(urlparse(location.text).path + "?" + urlparse(location.text).query)
        assert section.status_code == 200
        for url in ET.fromstring(section.content).findall("s:url", NS):
            listed[url.find("s:loc", NS).text] = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
    return listed


def test_sitemap_lists_every_public_page_in_three_languages(client, district):
    listed = sitemap_urls(client)

    paths = ["/", "/initiatives/", "/communes/", "/foundation/", "/changes/", "/data/"]
    for commune in ("haouzia", "azemmour"):
        paths += [
            f"/communes/{commune}/",
            f"/communes/{commune}/fact-sheet/",
            f"/communes/{commune}/changes/",
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
