"""Two app servers behind one load balancer share everything that matters: what one
writes, the other reads at once. Two real gunicorn instances (two workers each) on two
loopback ports, with the same PostgreSQL database, Redis and media folder."""

import re
import time
from decimal import Decimal

import pytest

from citizens.views import RATE_WINDOW
from tests.production.browser import form_fields, replace
from tests.production.http import get, post

PASSWORD = "a long enough pass phrase for the bureau"


@pytest.fixture
def shared_state(settings, shared_cache, needs_postgresql, transactional_db):
    """The test process writes through the same Redis, as a third app server would."""
    settings.CACHES = shared_cache
    # Passwords hashed as production checks them (the test settings' hasher is not there).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def log_in(instance, username: str) -> dict:
    login_page = get(instance, "/en/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.body).group(1)
    response = post(
        instance,
        "/en/admin/login/?next=/en/admin/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.decode()},
        cookies=login_page.cookies,
    )
    assert response.status == 302, response.text[:2000]
    return login_page.cookies | response.cookies


def test_a_change_made_through_one_server_is_read_through_the_other(
    shared_state, instances, django_user_model, make_commune, make_initiative
):
    a, b = instances
    django_user_model.objects.create_superuser("bureau", "bureau@example.org", PASSWORD)
    initiative = make_initiative(
        communes=[make_commune()], is_published=True, planned_budget=Decimal(1_000_000)
    )
    # Both servers have cached the district's figures.
    for server in (a, b):
        assert "MAD\u00a01,000,000" in get(server, "/en/").text
    before = get(b, "/en/")

    # A staff member logs in on A; the load balancer then sends them to B: same session.
    cookies = log_in(a, "bureau")
    assert "__Host-sessionid" in cookies
    assert get(b, "/en/admin/", cookies=cookies).status == 200
    assert get(b, "/en/admin/", cookies={}).status == 302  # no session, no admin

    # They change the budget in the admin, through A.
    change = f"/en/admin/initiatives/initiative/{initiative.pk}/change/"
    fields = form_fields(get(a, change, cookies=cookies).text, "initiative_form")
    response = post(a, change, replace(fields, planned_budget="2500000"), cookies=cookies)
    assert response.status == 302, response.text[:3000]

    # B shows it at once: its cached fragments were dropped through Redis.
    home = get(b, "/en/")
    assert "MAD\u00a02,500,000" in home.text
    assert "MAD\u00a01,000,000" not in home.text
    assert "MAD\u00a02,500,000" in get(b, f"/en/initiatives/{initiative.slug}/").text
    # And a browser that kept B's old page is not told it is still current.
    assert get(b, "/en/", headers={"If-None-Match": before.headers["ETag"]}).status == 200


def suggest(server, commune, sector, title: str, phone: dict):
    """A citizen's suggestion through the real form: its page, then the form posted, with
    the cookies of `phone` (a browser's cookie jar, which keeps what the page sets)."""
    page = get(server, "/ar/suggest/", cookies=phone)
    phone |= page.cookies
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    data = {
        "csrfmiddlewaretoken": token.decode(),
        "commune": commune.pk,
        "sector": sector.pk,
        "title": title,
        "description": "الدوار بعيد عن أقرب مركز صحي.",
        "location": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "website": "",
    }
    return post(server, "/ar/suggest/", data, cookies=phone)


def suggestions_in_turn(servers, commune, sector) -> list:
    """Seven suggestions from one phone, to one server and the other in turn, all in one
    window of the servers' rate limit (an hour of their clock, which counts each apart)."""
    left = RATE_WINDOW - time.time() % RATE_WINDOW
    if left < 30:
        time.sleep(left)
    phone = {}
    return [
        suggest(servers[number % 2], commune, sector, f"اقتراح {number + 1}", phone)
        for number in range(7)
    ]


def test_the_citizen_form_rate_limit_counts_submissions_made_on_either_server(
    shared_state, instances, make_commune, make_sector
):
    from citizens.models import Suggestion

    answers = suggestions_in_turn(instances, make_commune(), make_sector())

    # Five submissions from one phone are taken in all, wherever they land; the sixth
    # and seventh are refused with 429, and none of the five is lost.
    assert [answer.status for answer in answers] == [302] * 5 + [429] * 2
    assert answers[5].headers["Retry-After"]
    assert sorted(Suggestion.objects.values_list("title", flat=True)) == [
        f"اقتراح {number}" for number in range(1, 6)
    ]


def test_both_servers_answer_their_health_check(instances):
    for server in instances:
        response = get(server, "/healthz")

        assert response.status == 200
        assert response.body == b'{"status": "ok", "database": "ok", "cache": "ok"}'
