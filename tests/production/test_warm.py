"""A new worker prepares itself before its first request (azemmour_portal/warm.py, called by
gunicorn.conf.py): the first visitors after a deploy do not wait for the templates to be
read and compiled."""

import pytest
from django.template.loaders.filesystem import Loader
from django.test import Client

from azemmour_portal.warm import project_templates, warm
from tests.production.conftest import new_workers


@pytest.fixture
def new_worker():
    """A process that has compiled no template yet."""
    new_workers()
    yield
    new_workers()


@pytest.fixture
def template_reads(monkeypatch):
    """The names of the templates read from disk from now on."""
    read = []
    original = Loader.get_contents

    def get_contents(self, origin):
        read.append(origin.template_name)
        return original(self, origin)

    monkeypatch.setattr(Loader, "get_contents", get_contents)
    return read


def test_a_warmed_worker_draws_its_first_pages_without_reading_a_template(
    new_worker, make_initiative, make_commune, template_reads
):
    initiative = make_initiative(communes=[make_commune(slug="haouzia")], is_published=True)
    warm()
    template_reads.clear()
    visitor = Client()

    for url in ("/ar/", "/fr/communes/haouzia/", f"/en/initiatives/{initiative.slug}/"):
        assert visitor.get(url).status_code == 200

    assert template_reads == []


def test_without_warming_the_first_page_reads_its_templates(
    new_worker, make_commune, template_reads
):
    make_commune(slug="haouzia")

    assert Client().get("/fr/communes/haouzia/").status_code == 200

    assert "base.html" in template_reads


def test_a_worker_starts_even_when_the_database_does_not_answer(new_worker, caplog):
    # No `db` fixture: here every query fails, as when PostgreSQL is down.
    ready = warm()

    assert ready["templates"] == len(project_templates()) > 100
    assert ready["failed"] == 0
    assert "Could not prepare the worker" in caplog.text


def test_only_the_portals_own_templates_are_compiled():
    names = project_templates()

    assert "base.html" in names and "communes/detail.html" in names
    assert not any(name.startswith(("crispy_forms/", "django/forms/")) for name in names)
