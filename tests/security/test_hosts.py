"""A request for another Host (a scanner, a misconfigured load balancer's probe) is a 400
in the visitor's language, not a server error mailed to the admins."""

import pytest


@pytest.mark.parametrize("path", ["/ar/", "/fr/initiatives/", "/healthz"])
def test_a_request_for_another_host_is_refused_as_a_bad_request(client, db, path):
    response = client.get(path, HTTP_HOST="scanner.example")
    assert response.status_code == 400


def test_the_refusal_is_written_in_the_page_language(client, db):
    response = client.get("/ar/", HTTP_HOST="scanner.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "scanner.example" not in page
