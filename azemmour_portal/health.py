"""/healthz: whether this app server can serve pages, for the load balancer and monitoring.

200 when the database and the cache both answer, 503 otherwise. The body says only which
of the two failed, never why (an error message can hold a host name or a password); the
reason goes to the log. One trivial query and one cache round trip, so a probe every few
seconds costs nothing.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def cache_answers() -> bool:
    # A key of its own, so that concurrent probes never read each other's value.
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=5)
        return cache.get(key) == token
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return False


@require_safe
@never_cache
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            **{name: "ok" if answered else "unavailable" for name, answered in checks.items()},
        },
        status=200 if healthy else 503,
    )
