"""What the production tests share: collected static files, the shared Redis, and real
gunicorn instances on loopback ports serving the test database.

The tests that need PostgreSQL and Redis (two processes sharing state, pg_dump) run in the
PostgreSQL pass of CI (.ci/run); on SQLite they are skipped, and on PostgreSQL a missing
Redis or pg_dump fails them instead. That pass sets REQUIRE_POSTGRESQL=1: there a database
that is not PostgreSQL fails them rather than skipping them.
"""

import importlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.template import engines
from django.test import override_settings

PRODUCTION_STORAGES = settings.STORAGES | {
    "staticfiles": {"BACKEND": "azemmour_portal.static.StaticStorage"}
}
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_TIMEOUT = 40  # seconds for a gunicorn instance to answer /healthz
LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` with the production storage: hashed names, gzip and Brotli copies."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


ON_SQLITE = "needs PostgreSQL (pg_dump, processes sharing one database): CI's PostgreSQL pass"


def new_workers():
    """What a reload after an upgrade gives: processes that read the code afresh and have
    compiled no template yet."""
    from azemmour_portal.cache import code_release, release_loaded

    importlib.invalidate_caches()
    code_release.cache_clear()
    release_loaded.cache_clear()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            loader.reset()


def skip_unless_postgresql(reason: str = ON_SQLITE):
    """Skips a test on another database, or fails it where PostgreSQL is required."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("REQUIRE_POSTGRESQL") == "1":
        pytest.fail(
            f"{reason}; REQUIRE_POSTGRESQL=1, yet the tests run on {connection.vendor} "
            "(DATABASE_URL does not name a PostgreSQL database)"
        )
    pytest.skip(reason)


@pytest.fixture
def needs_postgresql(db):
    skip_unless_postgresql()


def redis_answers(url: str) -> bool:
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def shared_cache():
    """The Redis that every process of a test shares, under a key prefix of its own."""
    assert redis_answers(REDIS_URL), f"Redis does not answer at {REDIS_URL}"
    prefix = f"azemmour-test-{uuid.uuid4().hex[:12]}"
    yield {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def database_url() -> str:
    """The test database, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or LOOPBACK
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


class Instance:
    """One gunicorn serving the portal with production settings on a loopback port."""

    def __init__(self, port: int, process: subprocess.Popen, log: Path):
        self.port, self.process, self.log = port, process, log

    @property
    def origin(self) -> str:
        return f"https://{LOOPBACK}:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def start_instance(*, environ: dict, log: Path, port: int | None = None) -> Instance:
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
    command += ["--bind", f"{LOOPBACK}:{port}", "--workers", "2"]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its workers are stopped with it
        )
    instance = Instance(port, process, log)
    from tests.production.http import get

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if get(instance, "/healthz").status == 200:
                return instance
        except OSError:
            pass
        time.sleep(0.25)
    instance.stop()
    raise AssertionError(f"gunicorn did not start on port {port}:\n{log.read_text()[-3000:]}")


def started_pair(tmp_path_factory, **overrides):
    """Two gunicorn instances, as two app servers behind a load balancer: the same
    PostgreSQL database and media folder; `overrides` add to or replace their settings."""
    skip_unless_postgresql()
    logs = tmp_path_factory.mktemp("gunicorn")
    environ = production_environ(**overrides)
    started = []
    try:
        for name in ("a", "b"):
            started.append(start_instance(environ=environ, log=logs / f"{name}.log"))
        yield started
    finally:
        for instance in started:
            instance.stop()


def production_environ(**overrides) -> dict:
    """The environment of a gunicorn instance serving the test database with production
    settings; `overrides` add to or replace them."""
    # Not the test process's allowance for the browser tests (tests/browser/conftest.py).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = inherited | {
        "DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.loopback",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": LOOPBACK,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DEMO_DATA": "0",
        "PYTHONUNBUFFERED": "1",
        # The staff member these tests log in is a superuser with a password alone: the
        # second factor production asks of them is proved in tests/security/.
        "STAFF_2FA_REQUIRED_FOR_SUPERUSERS": "0",
    }
    return environ | overrides


@pytest.fixture(scope="module")
def instances(django_db_setup, collected_static, shared_cache, tmp_path_factory):
    """Two app servers sharing PostgreSQL, the media folder and Redis."""
    yield from started_pair(
        tmp_path_factory,
        STATIC_ROOT=str(collected_static),
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=shared_cache["default"]["KEY_PREFIX"],
    )


@pytest.fixture(scope="module")
def local_instances(django_db_setup, collected_static, tmp_path_factory):
    """Two app servers sharing PostgreSQL and the media folder, and no cache: each worker
    caches in its own memory (the data stamp in the database)."""
    yield from started_pair(
        tmp_path_factory, STATIC_ROOT=str(collected_static), REDIS_URL="", DATA_STAMP="database"
    )
