"""The rate limit counts hits per key and window (the primitive the citizen forms use), in
the shared cache or in the database. tests/production/test_scale_out.py proves that two app
servers count together with Redis, and test_local_memory.py without it."""

import datetime
import hashlib

import pytest

from azemmour_portal import cache, ratelimit
from azemmour_portal.models import RateCount


@pytest.fixture(params=["cache", "database"])
def store(request, settings, db):
    settings.RATE_LIMITS = request.param
    return request.param


def test_hits_beyond_the_limit_are_refused_within_a_window(store):
    answers = [ratelimit.hit("report:citizen-1", limit=3, window=60) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_each_key_has_its_own_count(store):
    for _ in range(3):
        ratelimit.hit("report:a", limit=3, window=60)

    assert ratelimit.hit("report:a", limit=3, window=60) is False
    assert ratelimit.hit("report:b", limit=3, window=60) is True


def test_a_new_window_starts_a_new_count(store, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    for _ in range(3):
        ratelimit.hit("report:a", limit=3, window=60)
    assert ratelimit.hit("report:a", limit=3, window=60) is False

    now[0] += 60

    assert ratelimit.hit("report:a", limit=3, window=60) is True


def test_any_text_is_a_valid_key(store):
    assert ratelimit.hit("تقرير: " + "x" * 500 + " \n\x00", limit=1, window=60) is True


def test_the_database_keeps_one_row_per_counter_and_drops_ended_windows(settings, db, monkeypatch):
    settings.RATE_LIMITS = "database"
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    for _ in range(4):
        ratelimit.hit("report:a", limit=3, window=60)
    ratelimit.hit("report:b", limit=3, window=3600)

    assert sorted(RateCount.objects.values_list("count", flat=True)) == [1, 4]
    ends = {row.count: row.expires_at for row in RateCount.objects.all()}
    assert ends[4] == datetime.datetime.fromtimestamp(1_000_020, tz=datetime.UTC)

    now[0] += 60
    ratelimit.hit("report:a", limit=3, window=60)

    # The ended minute's counter is gone; the hour's and the new minute's remain.
    assert sorted(RateCount.objects.values_list("count", flat=True)) == [1, 1]


def test_counting_a_hit_leaves_the_cached_pages_valid(settings, db):
    settings.RATE_LIMITS = "database"
    before = cache.data_stamp()

    ratelimit.hit("report:a", limit=3, window=60)

    assert cache.data_stamp() == before


def test_a_stored_counter_does_not_give_back_the_address_it_counts(settings, db):
    """An unsalted hash of an IPv4 address is reversed by hashing the 4 billion addresses."""
    settings.RATE_LIMITS = "database"
    ratelimit.hit("citizens:ip:196.200.1.2", limit=3, window=3600)

    (stored,) = RateCount.objects.values_list("key", flat=True)
    for text in ("citizens:ip:196.200.1.2", "196.200.1.2"):
        assert hashlib.sha256(text.encode()).hexdigest() not in stored
        assert hashlib.md5(text.encode()).hexdigest() not in stored
