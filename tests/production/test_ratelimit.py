"""The rate limit counts hits per key and window (the primitive the citizen forms will use;
tests/production/test_scale_out.py proves that two app servers count together)."""

from azemmour_portal import ratelimit


def test_hits_beyond_the_limit_are_refused_within_a_window():
    answers = [ratelimit.hit("report:citizen-1", limit=3, window=60) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_each_key_has_its_own_count():
    for _ in range(3):
        ratelimit.hit("report:a", limit=3, window=60)

    assert ratelimit.hit("report:a", limit=3, window=60) is False
    assert ratelimit.hit("report:b", limit=3, window=60) is True


def test_a_new_window_starts_a_new_count(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    for _ in range(3):
        ratelimit.hit("report:a", limit=3, window=60)
    assert ratelimit.hit("report:a", limit=3, window=60) is False

    now[0] += 60

    assert ratelimit.hit("report:a", limit=3, window=60) is True


def test_any_text_is_a_valid_key():
    assert ratelimit.hit("تقرير: " + "x" * 500 + " \n\x00", limit=1, window=60) is True
