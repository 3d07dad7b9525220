"""Sources: reusable, short quotations, and links that are checked without the internet."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from sources.checks import check_source_links
from sources.models import Source
from tests.helpers import refused_by_database


def make_source(**overrides):
    values = {"publication": "El Jadida 24", "language": "ar"} | overrides
    return Source.objects.create(**values)


def test_the_same_address_cannot_be_entered_twice(db):
    make_source(url="https://example.org/article")
    with refused_by_database():
        make_source(url="https://example.org/article")


def test_sources_without_address_may_coexist(db):
    make_source(url="")
    make_source(url="")
    assert Source.objects.count() == 2


def test_a_quotation_longer_than_300_characters_is_refused_by_the_database(db):
    with refused_by_database("source_quotation_short"):
        make_source(quotation="ن" * 301)


def test_a_source_needs_a_publication(db):
    with refused_by_database("source_publication_required"):
        make_source(publication="")


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/alive":
            self.send_response(200)
        elif self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(404)
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path in ("/alive", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_link_checker_records_dead_and_live_links(db, local_server):
    alive = make_source(url=f"{local_server}/alive")
    dead = make_source(url=f"{local_server}/gone")
    head_refused = make_source(url=f"{local_server}/no-head")

    checked = check_source_links(Source.objects.all(), timeout=5, per_host_interval=0)

    assert checked == 3
    for source in (alive, dead, head_refused):
        source.refresh_from_db()
        assert source.last_checked_at is not None
    assert (alive.link_ok, alive.link_status) == (True, 200)
    assert (dead.link_ok, dead.link_status) == (False, 404)
    assert (head_refused.link_ok, head_refused.link_status) == (True, 200)


def test_an_address_that_does_not_answer_is_recorded_as_dead(db):
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    silent = make_source(url="http://127.0.0.1:9/article")
    check_source_links([silent], timeout=2, per_host_interval=0)
    silent.refresh_from_db()
    assert silent.link_ok is False
    assert silent.link_status is None


def test_the_command_reports_what_it_checked(db, local_server):
    make_source(url=f"{local_server}/gone")
    out = StringIO()
    call_command("check_sources", "--timeout", "5", stdout=out)
    assert "Checked 1 links; 1 sources do not answer." in out.getvalue()


def test_requests_to_one_host_are_spaced(db, local_server, monkeypatch):
    sleeps = []
    monkeypatch.setattr("sources.checks.time.sleep", sleeps.append)
    for number in range(3):
        make_source(url=f"{local_server}/alive?{number}")
    check_source_links(Source.objects.all(), timeout=5, per_host_interval=1.0)
    assert len(sleeps) == 2
    assert all(0 < pause <= 1.0 for pause in sleeps)


def test_a_records_sources_are_named_in_the_admin_not_numbered(staff_client, make_initiative):
    from initiatives.models import Initiative
    from tests.admin.test_pages import admin_url

    initiative = make_initiative()
    initiative.sources.add(make_source(publication="Hespress"))

    html = staff_client.get(admin_url(Initiative, "change", "ar", initiative)).content.decode()

    assert "object (" not in html
    assert "Hespress" in html
