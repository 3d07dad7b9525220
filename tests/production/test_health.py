"""/healthz tells a load balancer whether this server can serve pages, and nothing else."""

import json

from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 on loopback: nothing listens there, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_health_is_ok_when_the_database_and_the_cache_answer(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert [query["sql"] for query in queries] == ["SELECT 1"]
    assert not response.cookies
    assert "no-store" in response.headers["Cache-Control"]


def test_health_is_503_when_the_cache_does_not_answer(client, db, settings):
    settings.CACHES = UNREACHABLE_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_health_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db.internal" failed: password')

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    # The reason goes to the log, never to whoever asks.
    assert "db.internal" not in json.dumps(response.json())


def test_health_answers_only_reads(client, db):
    assert client.post("/healthz").status_code == 405
