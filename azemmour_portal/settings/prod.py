"""Production: required values have no defaults, so a missing one stops the boot.

HTTPS only. `manage.py check --deploy --fail-level WARNING` passes with these settings and
nothing silenced (tests/security/test_production.py runs it).
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# TLS usually ends at a front proxy, which says so in X-Forwarded-Proto and appends the
# visitor's address to X-Forwarded-For; BEHIND_PROXY=0 when browsers reach Django directly
# (then these headers come from the client and must not be trusted).
if env_bool("BEHIND_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_CLIENT_IP_CALLABLE = "azemmour_portal.security.staff.client_ip"
# Redirect http:// to https://; SECURE_SSL_REDIRECT=0 when the proxy already does it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A superuser can do all a Bureau member can: in production they too set up a second factor
# after their password, before any other admin page opens (security/staff.py).
STAFF_2FA_REQUIRED_FOR_SUPERUSERS = env_bool("STAFF_2FA_REQUIRED_FOR_SUPERUSERS", True)
SECURE_HSTS_SECONDS = 2 * 365 * 24 * 60 * 60  # two years, what the preload list asks
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# __Host- cookies are sent only over HTTPS, only to this host, for the whole site.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Static files under content-hashed names, gzip and Brotli (azemmour_portal/static.py):
# `manage.py collectstatic` writes them; gunicorn.conf.py refuses to start before it has.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "azemmour_portal.static.StaticStorage"}}  # noqa: F405

# Fragments and pages are cached in Redis when there is one; otherwise in each gunicorn
# worker's local memory, under the data stamp kept in the database (DATA_STAMP, base.py).

# A load balancer's health probe may come over plain HTTP (azemmour_portal/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logs: one JSON object per line on standard output (azemmour_portal/logs.py); Django's own
# AdminEmailHandler still mails errors to ADMINS.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "azemmour_portal.logs.JSONFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Errors are e-mailed to ADMINS (comma-separated addresses) through this SMTP server.
ADMINS = [(address, address) for address in env_list("ADMINS", [])]
SERVER_EMAIL = env_str("SERVER_EMAIL", "root@localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", SERVER_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# The public address in e-mailed links: the first allowed host over HTTPS unless given.
SITE_URL = env_str("SITE_URL", f"https://{ALLOWED_HOSTS[0]}").rstrip("/")

# And to Sentry when a DSN is given (the `sentry` extra; azemmour_portal/monitoring.py).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from azemmour_portal.monitoring import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", "") or None,
    )
