"""Odd addresses (path traversal, very long or unicode slugs, control characters) are
simply not found: never a file of the server, never a server error."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ODD_PATHS = [
    "/ar/initiatives/..%2f..%2fetc/passwd",
    "/ar/initiatives/..%2F..%2Fetc%2Fpasswd/",
    "/ar/initiatives/../../etc/passwd",
    "/ar/initiatives/%2e%2e/%2e%2e/etc/passwd/",
    "/ar/communes/..%5c..%5cwindows%5cwin.ini/",
    "/ar/initiatives/" + "a" * 5000 + "/",
    "/ar/communes/" + "-" * 2000 + "/",
    "/ar/initiatives/مبادرة-أزمور/",
    "/ar/initiatives/" + quote("مبادرة-أزمور") + "/",
    "/fr/communes/%00/",
    "/fr/communes/azemmour%0a/",
    "/en/initiatives/%ff%fe/",
    "/media/../azemmour_portal/settings/base.py",
    "/media/..%2f..%2fmanage.py",
    "/static/../manage.py",
    "/xx/initiatives/",
    "//etc/passwd/",
]


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_are_not_found(client, db, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("prefix", ["/ar/initiatives/", "/fr/communes/"])
def test_no_generated_slug_gives_a_server_error_or_a_page(client, db, prefix):
    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(slug=st.text(min_size=1, max_size=300))
    def visit(slug):
        response = client.get(prefix + quote(slug.encode("utf-8", "surrogatepass"), safe="") + "/")
        assert response.status_code in (301, 404), slug

    visit()
