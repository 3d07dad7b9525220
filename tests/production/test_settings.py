"""The production settings read from the environment: Redis, object storage, error
reports, structured logs. Each case boots the settings in a process of its own."""

import importlib.util
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings

from azemmour_portal.logs import JSONFormatter

SHOW = """
import json
from django.conf import settings
print(json.dumps({name: getattr(settings, name, None) for name in %r}, default=str))
"""
REQUIRED = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "monitor.example.org"}
UNSET = [
    "REDIS_URL",
    "S3_BUCKET",
    "SENTRY_DSN",
    "CACHE_FRAGMENTS",
    "DATA_STAMP",
    "ADMINS",
    "DATABASE_URL",
]


def production_settings(*names, **environ) -> dict:
    clean = {name: value for name, value in os.environ.items() if name not in UNSET}
    result = subprocess.run(
        [sys.executable, "-c", SHOW % (names,)],
        cwd=settings.BASE_DIR,
        env=clean
        | REQUIRED
        | {"DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.prod"}
        | environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_redis_each_process_caches_alone_under_the_database_stamp():
    found = production_settings("CACHES", "CACHE_FRAGMENTS", "DATA_STAMP", "SESSION_ENGINE")

    assert found["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert found["CACHE_FRAGMENTS"] is True
    assert found["DATA_STAMP"] == "database"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_with_redis_the_cache_sessions_and_fragments_are_shared():
    found = production_settings(
        "CACHES",
        "CACHE_FRAGMENTS",
        "DATA_STAMP",
        "SESSION_ENGINE",
        REDIS_URL="redis://cache.internal:6379/1",
    )

    assert found["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert found["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert found["CACHE_FRAGMENTS"] is True
    assert found["DATA_STAMP"] == "cache"
    assert found["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_connections_persist_and_are_checked_before_reuse():
    found = production_settings(
        "DATABASES",
        DATABASE_URL="postgres://portal@db.internal:5432/azemmour",
        CONN_MAX_AGE="300",
    )

    assert found["DATABASES"]["default"]["CONN_MAX_AGE"] == 300
    assert found["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    found = production_settings(
        "STORAGES",
        S3_BUCKET="azemmour-media",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_CUSTOM_DOMAIN="media.example.org",
    )

    default = found["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "azemmour-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert default["OPTIONS"]["custom_domain"] == "media.example.org"
    assert found["STORAGES"]["staticfiles"]["BACKEND"] == "azemmour_portal.static.StaticStorage"


def test_uploads_stay_on_the_local_disk_by_default():
    found = production_settings("STORAGES")

    assert found["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_errors_are_mailed_to_the_admins_named_in_the_environment():
    found = production_settings(
        "ADMINS", "EMAIL_HOST", ADMINS="bureau@example.org, tech@example.org", EMAIL_HOST="smtp"
    )

    assert found["ADMINS"] == [
        ["bureau@example.org", "bureau@example.org"],
        ["tech@example.org", "tech@example.org"],
    ]
    assert found["EMAIL_HOST"] == "smtp"


def test_a_sentry_dsn_without_the_sentry_extra_stops_the_boot():
    if importlib.util.find_spec("sentry_sdk"):
        pytest.skip("the sentry extra is installed here")
    with pytest.raises(AssertionError, match="sentry-sdk is not installed"):
        production_settings("SENTRY_DSN", SENTRY_DSN="https://key@sentry.example.org/1")


def test_log_lines_are_json_objects():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Boom %s", ("x",), None
    )
    record.status_code = 500

    line = json.loads(JSONFormatter().format(record))

    assert line["level"] == "ERROR"
    assert line["logger"] == "django.request"
    assert line["message"] == "Boom x"
    assert line["status"] == 500


def test_gunicorn_access_lines_keep_the_request_but_not_the_visitors_address():
    atoms = {"h": "127.0.0.9", "m": "GET", "U": "/ar/", "s": "200", "B": 5120, "M": 12}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s", (), None
    )
    record.args = atoms

    line = json.loads(JSONFormatter().format(record))

    assert (line["method"], line["path"], line["status"], line["duration_ms"]) == (
        "GET",
        "/ar/",
        "200",
        12,
    )
    assert "127.0.0.9" not in json.dumps(line)


def test_superusers_need_a_second_factor_in_production_unless_told_otherwise():
    default = production_settings("STAFF_2FA_REQUIRED_FOR_SUPERUSERS")
    off = production_settings(
        "STAFF_2FA_REQUIRED_FOR_SUPERUSERS", STAFF_2FA_REQUIRED_FOR_SUPERUSERS="0"
    )

    assert default["STAFF_2FA_REQUIRED_FOR_SUPERUSERS"] is True
    assert off["STAFF_2FA_REQUIRED_FOR_SUPERUSERS"] is False


KEEP_UPLOAD = """
import django
django.setup()
from initiatives.importing.admin import keep_upload
print(keep_upload(b"commune,title\\n"))
"""


def test_the_import_keeps_its_uploads_in_the_folder_the_environment_names(tmp_path):
    """Under systemd the app's own folder is read-only: the import writes where it is told."""
    folder = tmp_path / "imports"
    clean = {name: value for name, value in os.environ.items() if name not in UNSET}
    result = subprocess.run(
        [sys.executable, "-c", KEEP_UPLOAD],
        cwd=settings.BASE_DIR,
        env=clean
        | REQUIRED
        | {"DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.prod", "IMPORTS_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr

    name = result.stdout.splitlines()[-1]  # after the log lines (JSON, standard output)
    assert (folder / name).read_bytes() == b"commune,title\n"
    assert production_settings("IMPORTS_DIR")["IMPORTS_DIR"] == str(settings.VAR_DIR / "imports")
