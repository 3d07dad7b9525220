"""Following the district, a commune or an initiative by e-mail: shared helpers."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from initiatives.models import Initiative
from tests.opendata.conftest import district, no_demo_data  # noqa: F401
from tests.workflow.conftest import client_for, make_staff  # noqa: F401

LINK = re.compile(r"http://127\.0\.0\.1:8000(/[^\s\"<>]+)")


@pytest.fixture
def visitor():
    """A visitor's browser, apart from any staff session in the same test."""
    return Client()


def status_label(value: str, language: str) -> str:
    with translation.override(language):
        return str(Initiative.Status(value).label)


def links(message) -> list[str]:
    """The site paths an e-mail's plain-text part links to."""
    return LINK.findall(message.body)


def link_to(message, kind: str) -> str:
    return next(path for path in links(message) if f"/follow/{kind}/" in path)


def html_part(message) -> str:
    (html, content_type), *_ = message.alternatives
    assert content_type == "text/html"
    return html


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """Send the follow form; the confirmation leaves when the request's transaction commits."""

    def send(client, language="fr", headers=None, **data):
        values = {"email": "journaliste@example.org", "frequency": "immediate", "website": ""}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/{language}/follow/", values | data, headers=headers)

    return send


def confirm_last(client) -> str:
    """Confirm with the link of the last e-mail; the manage page's path."""
    path = link_to(mail.outbox[-1], "confirm")
    response = client.post(path)
    assert response.status_code == 302
    return response["Location"]
