"""A rate limit on Django's cache, counted in one place for every app server.

    if not ratelimit.hit(f"citizen-report:{ip}", limit=5, window=3600):
        return too_many_requests(...)

Fixed windows: the count of a key starts at the first hit of each window of `window`
seconds. Where the counts are kept is settings.RATE_LIMITS:

- "cache" (the default with Redis): `cache.add` creates the counter only if it is missing
  and `cache.incr` increments it atomically (Redis INCR), so two processes can never both
  count "first". Every app server sharing the Redis shares the counts.
- "database" (the default without Redis): one RateCount row per counter, incremented by
  an UPDATE that holds the row until the hit is counted, so the workers of one server, or
  of several on one database, count together without Redis. Local memory would give each
  worker a count of its own, as many times the limit as there are workers.
"""

import datetime
import time

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from azemmour_portal.security.staff import client_ip

from .models import RateCount

CACHE_ALIAS = "default"


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit of `key`; whether it is within `limit` hits in the current window."""
    bucket = int(time.time() // window)
    # Hashed: any text may be a key (an address, a user's input) and stay a valid cache key;
    # with the secret key, so that no stored counter gives back a visitor's address.
    digest = salted_hmac("azemmour_portal.ratelimit", key, algorithm="sha256").hexdigest()
    counter = f"ratelimit:{digest}:{window}:{bucket}"
    if settings.RATE_LIMITS == "database":
        ends = datetime.datetime.fromtimestamp((bucket + 1) * window, tz=datetime.UTC)
        return count_in_database(counter, ends) <= limit
    return count_in_cache(counter, window) <= limit


def seconds_left(window: int) -> int:
    """Seconds until the current window of `window` seconds ends, when its counts start
    again: what a 429's Retry-After says."""
    return window - int(time.time()) % window


def count_in_cache(counter: str, window: int) -> int:
    store = caches[CACHE_ALIAS]
    # The counter outlives its window by a little, never less.
    if store.add(counter, 1, timeout=window + 1):
        return 1
    try:
        return store.incr(counter)
    except ValueError:
        # It expired between add() and incr(): this is the first hit of a new counter.
        store.add(counter, 1, timeout=window + 1)
        return 1


def count_in_database(counter: str, ends: datetime.datetime) -> int:
    """Add one to the counter's row, creating it on the window's first hit; its count."""
    with transaction.atomic():
        # The UPDATE locks the row: a hit on another connection waits for this one.
        if not RateCount.objects.filter(key=counter).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCount.objects.create(key=counter, count=1, expires_at=ends)
            except IntegrityError:
                # Another process created it first: count on its row.
                RateCount.objects.filter(key=counter).update(count=F("count") + 1)
            else:
                # A new window: the counters of ended ones are never read again.
                now = datetime.datetime.fromtimestamp(time.time(), tz=datetime.UTC)
                RateCount.objects.filter(expires_at__lte=now).delete()
                return 1
        return RateCount.objects.values_list("count", flat=True).get(key=counter)


def visitor_address(request) -> str:
    """The address a public form's limit counts: behind the production proxy, the last
    X-Forwarded-For entry (the one the proxy saw); without a proxy, the connection's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        return client_ip(request)
    return request.META.get("REMOTE_ADDR", "")
