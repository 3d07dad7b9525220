"""Visitors of public pages get no cookie at all: the language lives in the address, so
every public page can be cached and shared."""

import pytest

from .conftest import PAGE_KINDS


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_a_visitor_of_a_public_page_gets_no_cookie(https_client, public_pages, kind):
    response = https_client.get(public_pages[kind])

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize(
    "url", ["/", "/ar/initiatives/?commune=x&status=late&sort=name", "/ar/no-such-page/"]
)
def test_a_visitor_gets_no_cookie_from_redirects_filters_or_missing_pages(https_client, db, url):
    response = https_client.get(url, headers={"accept-language": "fr"})

    assert not response.cookies
