"""A rate limit on Django's cache, counted in one place for every app server.

    if not ratelimit.hit(f"citizen-report:{ip}", limit=5, window=3600):
        return too_many_requests(...)

Fixed windows: the count of a key starts at the first hit of each window of `window`
seconds. `cache.add` creates the counter only if it is missing and `cache.incr` increments
it atomically (Redis INCR), so two processes can never both count "first". With Redis
(REDIS_URL) every app server shares the counts; with local memory each process counts
alone, which is right only for a single process (development, tests).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches

from azemmour_portal.security.staff import client_ip

CACHE_ALIAS = "default"


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit of `key`; whether it is within `limit` hits in the current window."""
    store = caches[CACHE_ALIAS]
    bucket = int(time.time() // window)
    # Hashed: any text may be a key (an address, a user's input) and stay a valid cache key.
    counter = f"ratelimit:{hashlib.sha256(key.encode()).hexdigest()}:{window}:{bucket}"
    # The counter outlives its window by a little, never less.
    if store.add(counter, 1, timeout=window + 1):
        return 1 <= limit
    try:
        count = store.incr(counter)
    except ValueError:
        # It expired between add() and incr(): this is the first hit of a new counter.
        store.add(counter, 1, timeout=window + 1)
        count = 1
    return count <= limit


def visitor_address(request) -> str:
    """The address a public form's limit counts: behind the production proxy, the last
    X-Forwarded-For entry (the one the proxy saw); without a proxy, the connection's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        return client_ip(request)
    return request.META.get("REMOTE_ADDR", "")
