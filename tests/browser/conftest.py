"""The portal in a real browser: Debian's Chromium driven by Playwright, against a live
server on the test database, filled once with the district, its real initiatives, demo
initiatives with updates, and one record of each kind of the foundation's work.

On a developer's machine without Chromium, the `playwright` package or the npm tools
(`npm ci`: axe-core, vnu-jar), these tests skip and say why. In CI (.ci/run exports
REQUIRE_BROWSER_TESTS=1) a skipped browser test is a failure: a gate that silently does
not run is no gate.
"""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from django.utils import timezone

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls
# from a thread with a running loop unless told they are safe (they are: the loop only
# waits for the browser, and the server answers from a thread of its own).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "artifacts" / "screenshots"
REQUIRED = "REQUIRE_BROWSER_TESTS"

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
LANGUAGES = ("ar", "fr", "en")


def missing_tools() -> str | None:
    """Why the browser tests cannot run on this machine, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    for tool in (AXE, VNU):
        if not tool.is_file():
            return f"{tool.relative_to(settings.BASE_DIR)} is missing (run `npm ci`)"
    if shutil.which("java") is None:
        return "no java for the Nu Html Checker (apt-get install default-jre-headless)"
    return None


def skip_is_failure(*, marked_browser: bool, environ) -> bool:
    """A skipped browser test fails the run where browser tests are required (CI)."""
    return marked_browser and environ.get(REQUIRED) == "1"


def report_is_failure(report, *, marked_browser: bool, environ) -> bool:
    """A report that must fail the run: a skip where browser tests are required. An expected
    failure (xfail) is reported as skipped with `wasxfail`: pytest's own outcome stands."""
    return (
        report.skipped
        and not hasattr(report, "wasxfail")
        and skip_is_failure(marked_browser=marked_browser, environ=environ)
    )


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # The test database is set up for marked tests only; the live server reads it.
            item.add_marker(pytest.mark.django_db)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    marked = item.get_closest_marker("browser") is not None
    if report_is_failure(report, marked_browser=marked, environ=os.environ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"browser test skipped while {REQUIRED}=1: {reason}"
    return report


@pytest.fixture(scope="session")
def browser():
    reason = missing_tools()
    if reason:
        pytest.skip(f"browser tests need real tools: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright's event loop runs in this thread, Django keeps the thread's
        # database connections apart from those it has without a loop (asgiref's Local:
        # thread-critical data follow the loop's context). The tests run after this fixture
        # is set up open theirs there; closed now, while the loop still runs, or they
        # outlive the run and PostgreSQL refuses to drop the test database ("being accessed
        # by other users").
        connections.close_all()


def _foundation_work(communes, initiative):
    """One published record of each kind of the foundation's work, in Arabic and French."""
    from activities.models import (
        Dossier,
        DossierAction,
        Event,
        NewsItem,
        Proposal,
        ProposalStep,
        TrainingProgramme,
        TrainingSession,
    )

    now = timezone.now()
    published = {"is_published": True, "published_at": now}
    proposal = Proposal.objects.create(
        title_ar="برنامج لصيانة المسالك القروية",
        title_fr="Programme d'entretien des pistes rurales",
        slug="pistes-rurales",
        summary_ar="مقترح برنامج سنوي لصيانة المسالك.",
        summary_fr="Un programme annuel d'entretien des pistes.",
        **published,
    )
    proposal.communes.set(communes[:2])
    for day, kind in enumerate(["drafted", "sent", "adopted"], start=1):
        ProposalStep.objects.create(proposal=proposal, kind=kind, date=datetime.date(2025, 2, day))
    dossier = Dossier.objects.create(
        title_ar="الطريق الرابطة بين الدواوير",
        title_fr="La route entre les douars",
        slug="route-douars",
        summary_ar="حالة الطريق الرابطة بين الدواوير.",
        summary_fr="L'état de la route entre les douars.",
        **published,
    )
    dossier.communes.set(communes[:1])
    dossier.initiatives.add(initiative)
    DossierAction.objects.create(
        dossier=dossier,
        kind=DossierAction.Kind.LETTER,
        date=datetime.date(2025, 3, 1),
        title_ar="مراسلة إلى الجماعة",
        title_fr="Lettre à la commune",
    )
    programme = TrainingProgramme.objects.create(
        title_ar="تقوية قدرات الجمعيات",
        title_fr="Renforcement des associations",
        slug="renforcement-associations",
        summary_ar="تقوية قدرات الفاعلين الجمعويين.",
        **published,
    )
    TrainingSession.objects.create(
        programme=programme,
        commune=communes[0],
        date=datetime.date(2025, 4, 12),
        topic_ar="إعداد المشاريع",
        topic_fr="Montage de projets",
        place_ar="دار الشباب",
        association_members=12,
        women=9,
    )
    event = Event.objects.create(
        title_ar="لقاء تواصلي حول التنمية المحلية",
        title_fr="Rencontre sur le développement local",
        slug="rencontre-developpement",
        summary_ar="لقاء حول التنمية المحلية.",
        summary_fr="Une rencontre sur le développement local.",
        place_ar="قاعة الاجتماعات بأزمور",
        place_fr="Salle de réunion, Azemmour",
        starts_at=now + datetime.timedelta(days=7),
        **published,
    )
    event.communes.set(communes[:1])
    NewsItem.objects.create(
        title_ar="انطلاق تتبع المبادرات",
        title_fr="Le suivi des initiatives commence",
        slug="suivi-commence",
        summary_ar="إعلان من المؤسسة.",
        summary_fr="Une annonce de la fondation.",
        body_ar="نص الإعلان الكامل.",
        body_fr="Le texte complet de l'annonce.",
        **published,
    )
    return {
        "proposal": proposal.slug,
        "dossier": dossier.slug,
        "training": programme.slug,
        "event": event.slug,
        "news": "suivi-commence",
    }


class Portal:
    """The live server's address and the records the pages are about."""

    def __init__(self, url: str, records: dict):
        self.url = url.rstrip("/")
        self.records = records

    def __call__(self, path: str) -> str:
        return f"{self.url}{path}"


@pytest.fixture(scope="package")
def portal(browser, django_db_setup, django_db_blocker):
    """A live server on the test database with the district's data, for the whole package;
    the tables are emptied afterwards, as after any test that commits."""
    from pytest_django.live_server_helper import LiveServer

    from initiatives.models import Initiative

    with django_db_blocker.unblock(), override_settings(DEMO_DATA=True):
        call_command("load_district", verbosity=0)
        call_command("load_initiatives", verbosity=0)
        call_command("seed_demo", initiatives=40, if_absent=True, verbosity=0)
        communes = list(_communes())
        # A published initiative with updates, in a commune, with a status to filter by.
        initiative = (
            Initiative.objects.published()
            .filter(updates__isnull=False, communes=communes[0])
            .order_by("pk")
            .first()
        )
        assert initiative is not None, "the demo data has no initiative with updates"
        records = {
            "commune": communes[0].slug,
            "initiative": initiative.slug,
            "status": initiative.status,
            **_foundation_work(communes, initiative),
        }
        call_command("rebuild_search_index", verbosity=0)
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            yield Portal(server.url, records)
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            # The connection this fixture used is not a test's: left open, PostgreSQL
            # refuses to drop the test database at the end of the run ("being accessed
            # by other users").
            connections.close_all()


def _communes():
    from communes.models import Commune

    return Commune.objects.order_by("pk")


STAFF_PASSWORD = "a-long-pass-phrase"


@pytest.fixture(scope="module")
def staff_account(portal, django_db_blocker):
    """A bureau member's account, committed so that the live server sees it (on PostgreSQL a
    test's own writes stay in its transaction, which the server's connection cannot read);
    removed afterwards. Log in with `log_in(page, portal, staff_account)`."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        account = get_user_model().objects.create_superuser(
            username="bureau-browser", password=STAFF_PASSWORD
        )
    yield account
    with django_db_blocker.unblock():
        account.delete()


def draft_update(portal, *, title_ar: str, observed_on: datetime.date):
    """A draft monitoring update of the portal's initiative. Create it with the database
    unblocked, so that it is committed and the live server sees it."""
    from initiatives.models import Initiative, Update

    return Update.objects.create(
        initiative=Initiative.objects.get(slug=portal.records["initiative"]),
        observed_on=observed_on,
        title_ar=title_ar,
        source=Update.Source.SITE_VISIT,
    )


def log_in(page, portal, account):
    page.goto(portal("/ar/admin/login/"))
    page.fill("#id_username", account.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url("**/ar/admin/")


@pytest.fixture
def new_page(browser, portal):
    """Open pages in fresh browser contexts: `new_page(viewport=PHONE, **context_options)`."""
    contexts = []

    def make(viewport=PHONE, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str):
    """A full-page screenshot for people to look at (not compared with anything)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
