"""Every public page and the admin's login page carry the security headers; the public
pages score 125 or more with the MDN HTTP Observatory's rules."""

import pytest
from django.http import HttpResponse
from django.template import engines

from azemmour_portal.security.headers import ContentSecurityPolicyMiddleware
from tests.security import observatory

from .conftest import HOST, PAGE_KINDS

PUBLIC_POLICY = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'none'"},
    "object-src": {"'none'"},
}
ADMIN_POLICY = PUBLIC_POLICY | {
    "style-src": {
        "'self'",
        "'unsafe-hashes'",
        "'sha256-xmxsevyjgsjxgrafbfdvtjwx+yywlrxfso9dcnz9uxm='",  # lowercased by parse_csp
    },
    "connect-src": {"'self'"},
}
DENIED_FEATURES = {"camera", "microphone", "geolocation", "payment", "usb", "autoplay"}


def assert_common_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy-Report-Only" not in response.headers
    denied = {
        rule.split("=")[0].strip()
        for rule in response.headers["Permissions-Policy"].split(",")
        if rule.split("=")[1].strip() == "()"
    }
    assert DENIED_FEATURES <= denied


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_carries_the_security_headers(client, public_pages, kind):
    response = client.get(public_pages[kind])

    assert response.status_code == 200
    assert_common_headers(response)
    assert observatory.parse_csp(response.headers["Content-Security-Policy"]) == PUBLIC_POLICY


def test_the_not_found_page_carries_the_security_headers(client, db):
    response = client.get("/ar/initiatives/no-such-initiative/")

    assert response.status_code == 404
    assert_common_headers(response)
    assert observatory.parse_csp(response.headers["Content-Security-Policy"]) == PUBLIC_POLICY


def test_public_pages_have_no_script_and_no_inline_style(client, public_pages):
    for url in public_pages.values():
        html = client.get(url).content.decode().lower()

        assert "<script" not in html
        assert "<style" not in html
        assert " style=" not in html


def test_the_admin_login_carries_the_headers_and_the_admins_own_policy(client):
    response = client.get("/ar/admin/login/")

    assert response.status_code == 200
    assert_common_headers(response)
    assert observatory.parse_csp(response.headers["Content-Security-Policy"]) == ADMIN_POLICY
    assert "no-store" in response.headers["Cache-Control"]


def test_a_page_that_uses_the_nonce_allows_its_inline_script_and_no_other(rf):
    template = engines["django"].from_string('<script nonce="{{ CSP_NONCE }}">1</script>')
    request = rf.get("/ar/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: None)
    middleware.process_request(request)

    html = template.render({}, request)
    response = middleware.process_response(request, HttpResponse(html))

    nonce = html.split('nonce="')[1].split('"')[0]
    policy = observatory.parse_csp(response.headers["Content-Security-Policy"])
    assert len(nonce) >= 16
    assert policy["script-src"] == {"'self'", f"'nonce-{nonce}'".lower()}


@pytest.mark.urls("tests.security.urls")
@pytest.mark.parametrize("url", ["/ar/test-embed/", "/ar/test-embed-class/"])
def test_a_frameable_view_may_be_framed_by_any_site_and_keeps_the_rest_of_the_policy(client, url):
    response = client.get(url)

    assert "X-Frame-Options" not in response.headers
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert observatory.parse_csp(response.headers["Content-Security-Policy"]) == (
        PUBLIC_POLICY | {"frame-ancestors": {"*"}}
    )


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_public_pages_score_125_or_more_with_the_observatory_rules(
    http_client, https_client, public_pages, kind, capsys
):
    url = public_pages[kind]

    result = observatory.grade(
        http_response=http_client.get(url),
        https_response=https_client.get(url),
        host=HOST,
    )

    with capsys.disabled():
        print(f"\nMDN HTTP Observatory rules, {url}:\n{result.report()}")
    assert result.score >= 125
    assert result.grade == "A+"
