"""Small factories for the portal's records, exposed as fixtures.

Each `make_<model>(**overrides)` returns a saved, valid record; an override replaces one
default, so a test states only what matters to it.
"""

import datetime
import itertools
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from communes.models import CensusFigure, Commune
from governance.models import Assembly, Body, Membership, Person
from initiatives.models import Funding, Initiative, Partner, Sector, Update, UpdatePhoto
from tests.helpers import png
from workflow.states import State

_numbers = itertools.count(1)


def publication(values: dict) -> dict:
    """Tests say `is_published=True/False`; the record stores it as its workflow state
    (`is_published` is computed by the database from `state`)."""
    if "is_published" in values:
        published = values.pop("is_published")
        values.setdefault("state", State.PUBLISHED if published else State.DRAFT)
    if values.get("state") == State.PUBLISHED and "published_at" not in values:
        values["published_at"] = timezone.now()
    return values


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With several workers (`make test`), each test file runs whole on one worker, so that a
    module's fixtures (two gunicorn instances, say) are set up once; and the browser tests
    share one worker, where the live server and its district data are set up once."""
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            return "tests/browser/" if path.startswith("tests/browser/") else path

    return ByFile(config, log)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the previous test's fragments, counters and
    data stamp describe rows its rollback removed."""
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_windows_just_begun(monkeypatch):
    """Rate limits count in fixed windows of the clock (a minute, an hour): the hits of a
    test that straddled the end of one would be counted in two. For each test, the clock
    the limits read starts at a midnight, where every window begins, and runs at its pace."""
    from azemmour_portal import ratelimit

    midnight, started = 1_800_000_000 // 86_400 * 86_400, time.time()
    monkeypatch.setattr(
        ratelimit, "time", SimpleNamespace(time=lambda: midnight + time.time() - started)
    )


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language (Arabic): a request or a command
    run by a previous test may have left another one active in this thread, and a URL
    reversed then would lead to the French admin."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _number() -> int:
    # Unique across the whole run, so slugs never collide between factories.
    return next(_numbers)


@pytest.fixture
def make_commune(db):
    def make(**overrides):
        n = _number()
        values = {
            "name_ar": f"جماعة {n}",
            "name_fr": f"Commune {n}",
            "slug": f"commune-{n}",
            "kind": Commune.Kind.RURAL,
        }
        return Commune.objects.create(**(values | overrides))

    return make


@pytest.fixture
def make_census(db, make_commune):
    def make(**overrides):
        values = {
            "year": 2014,
            "population": 10000,
            "households": 2000,
            "source": "HCP – RGPH 2014",
        }
        values |= overrides
        if "commune" not in values:
            values["commune"] = make_commune()
        return CensusFigure.objects.create(**values)

    return make


@pytest.fixture
def make_sector(db):
    def make(**overrides):
        n = _number()
        values = {"name_ar": f"قطاع {n}", "name_fr": f"Secteur {n}", "slug": f"sector-{n}"}
        return Sector.objects.create(**(values | overrides))

    return make


@pytest.fixture
def make_partner(db):
    def make(**overrides):
        n = _number()
        values = {
            "name_ar": f"شريك {n}",
            "name_fr": f"Partenaire {n}",
            "slug": f"partner-{n}",
            "kind": Partner.Kind.ASSOCIATION,
        }
        return Partner.objects.create(**(values | overrides))

    return make


@pytest.fixture
def make_initiative(db, make_commune, make_sector):
    """An initiative in one or more communes: pass `communes=[...]` to choose them."""

    def make(*, communes=None, **overrides):
        n = _number()
        values = {
            "title_ar": f"مبادرة {n}",
            "title_fr": f"Initiative {n}",
            "slug": f"initiative-{n}",
            "summary_ar": "ملخص قصير.",
            "summary_fr": "Un court résumé.",
            "status": Initiative.Status.PLANNED,
        }
        values |= overrides
        if "status" not in overrides and overrides.get("progress"):
            # Under way, or done: the status a recorded progress tells.
            done = overrides["progress"] == 100
            values["status"] = (
                Initiative.Status.COMPLETED if done else Initiative.Status.IN_PROGRESS
            )
        if "sector" not in values:
            values["sector"] = make_sector()
        initiative = Initiative.objects.create(**publication(values))
        initiative.communes.set(communes if communes is not None else [make_commune()])
        return initiative

    return make


@pytest.fixture
def make_funding(db, make_initiative, make_partner):
    def make(**overrides):
        values = {"amount": Decimal("100000.00")} | overrides
        if "initiative" not in values:
            values["initiative"] = make_initiative()
        if "partner" not in values:
            values["partner"] = make_partner()
        return Funding.objects.create(**values)

    return make


@pytest.fixture
def make_update(db, make_initiative):
    def make(**overrides):
        n = _number()
        values = {
            "observed_on": datetime.date(2025, 3, 1),
            "title_ar": f"زيارة ميدانية {n}",
            "title_fr": f"Visite de terrain {n}",
            "source": Update.Source.SITE_VISIT,
        }
        values |= overrides
        if "initiative" not in values:
            values["initiative"] = make_initiative()
        return Update.objects.create(**publication(values))

    return make


@pytest.fixture
def make_photo(db, make_update):
    """A photo record with a real (small) image file."""

    def make(**overrides):
        n = _number()
        values = {"image": png(f"photo-{n}.png", size=(64, 48)), "caption_ar": f"صورة {n}"}
        values |= overrides
        if "update" not in values:
            values["update"] = make_update()
        return UpdatePhoto.objects.create(**values)

    return make


@pytest.fixture
def make_person(db):
    def make(**overrides):
        n = _number()
        values = {
            "full_name_ar": f"شخص {n}",
            "full_name_fr": f"Personne {n}",
            "slug": f"person-{n}",
        }
        return Person.objects.create(**(values | overrides))

    return make


@pytest.fixture
def make_body(db):
    def make(**overrides):
        n = _number()
        values = {"name_ar": f"هيئة {n}", "name_fr": f"Organe {n}", "slug": f"body-{n}"}
        return Body.objects.create(**(values | overrides))

    return make


@pytest.fixture
def make_membership(db, make_person, make_body):
    def make(**overrides):
        values = {"role": Membership.Role.MEMBER} | overrides
        if "person" not in values:
            values["person"] = make_person()
        if "body" not in values:
            values["body"] = make_body()
        return Membership.objects.create(**values)

    return make


@pytest.fixture
def make_assembly(db):
    def make(**overrides):
        values = {"kind": Assembly.Kind.ORDINARY, "place_ar": "أزمور"}
        return Assembly.objects.create(**(values | overrides))

    return make


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="bureau", email="bureau@example.org", password="not-used-in-tests"
    )


@pytest.fixture
def staff_client(client, superuser):
    """A browser session of a logged-in superuser (staff) of the admin."""
    client.force_login(superuser)
    return client
