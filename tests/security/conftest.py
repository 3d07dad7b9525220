"""What the security tests share: the production settings, and one page of each kind."""

import importlib
import sys

import pytest
from django.test import Client

from tests.public.pages import page_url

HOST = "monitor.example.org"
PAGE_KINDS = ["home", "initiatives", "initiative", "communes", "commune", "foundation"]


@pytest.fixture
def production(settings, monkeypatch):
    """The production overlay (settings/prod.py) on top of the test settings."""
    monkeypatch.setenv("SECRET_KEY", "a-long-random-key-for-tests-only-" + "k" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", HOST)
    base = importlib.import_module("azemmour_portal.settings.base")
    monkeypatch.delitem(sys.modules, "azemmour_portal.settings.prod", raising=False)
    prod = importlib.import_module("azemmour_portal.settings.prod")
    for name, value in vars(prod).items():
        if name.isupper() and getattr(base, name, None) is not value:
            setattr(settings, name, value)
    return settings


@pytest.fixture
def https_client(production):
    """A browser reaching the portal through the production proxy, over HTTPS."""
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")


@pytest.fixture
def http_client(production):
    """The same browser, over plain HTTP."""
    return Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="http")


@pytest.fixture
def initiative(make_commune, make_initiative):
    return make_initiative(communes=[make_commune()], is_published=True)


@pytest.fixture
def public_pages(initiative):
    """The address of one public page of each kind, in Arabic."""
    slugs = {"initiative": initiative.slug, "commune": initiative.communes.get().slug}
    return {kind: page_url(kind, "ar", slug=slugs.get(kind, "")) for kind in PAGE_KINDS}
