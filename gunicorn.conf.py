"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py`.

Everything that varies between machines comes from the environment (docs/deploy.md):
WEB_CONCURRENCY (workers; gunicorn's own variable), GUNICORN_BIND, GUNICORN_ACCESS_LOG.
`kill -HUP` (systemctl reload) starts new workers on the new code and lets the old ones
finish their requests: a restart without downtime.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "azemmour_portal.wsgi:application"
# A Unix socket or an address that only the proxy reaches, never a public interface.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers: the portal's views wait only for PostgreSQL and Redis on the same network.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Replace each worker after a while, so a slow leak can never grow for weeks. Not often: a
# new worker spends about a second of CPU importing the portal and drawing its first pages,
# and every 2,000 requests, under a burst, that was a restart every few seconds on each
# worker, a 99th percentile of a tenth of a second or more and a quarter less throughput.
# A worker's memory stops growing once its caches are full (87 MB after 9,000 pages).
# Workers started together under the same load reach their limit together; a jitter of half
# the limit draws each worker's limit between 50,000 and 75,000, so that they are rarely
# replaced in the same few seconds, when no worker would be ready to answer.
max_requests = 50_000
max_requests_jitter = 25_000
# Workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
# No control socket: one path per user, which two instances on one machine would share.
control_socket_disable = True

# Logs as JSON lines: errors on stderr; the access log (on standard output) only when
# GUNICORN_ACCESS_LOG=1, since the proxy already keeps one. gunicorn writes access lines
# whenever logconfig_dict is set, whatever `accesslog` says, so the logger itself is off.
ACCESS_LOG_ON = os.environ.get("GUNICORN_ACCESS_LOG") == "1"
# Method, path without the query string, status, bytes, milliseconds: no visitor's address,
# referrer or browser (azemmour_portal/logs.py keeps the same atoms as fields).
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)s"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "azemmour_portal.logs.JSONFormatter"}},
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "nowhere": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": (
            {"handlers": ["access"], "level": "INFO", "propagate": False}
            if ACCESS_LOG_ON
            else {"handlers": ["nowhere"], "level": "CRITICAL", "propagate": False}
        ),
    },
}


def on_starting(server):
    """Refuse to start production without collected static files: every page would link a
    stylesheet that does not exist."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "azemmour_portal.settings.prod")
    from django.conf import settings

    if settings.STORAGES["staticfiles"]["BACKEND"] == "azemmour_portal.static.StaticStorage":
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.is_file():
            raise SystemExit(f"{manifest} is missing: run `manage.py collectstatic` first.")


def post_worker_init(worker):
    """Compile the templates and read the catalogues before the worker's first request, so
    that no visitor waits for them after a deploy or a replacement (azemmour_portal/warm.py)."""
    from azemmour_portal.warm import warm

    warm()
