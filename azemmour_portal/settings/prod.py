"""Production: required values have no defaults, so a missing one stops the boot.

HTTPS only. `manage.py check --deploy --fail-level WARNING` passes with these settings and
nothing silenced (tests/security/test_production.py runs it).
"""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

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
SECURE_HSTS_SECONDS = 2 * 365 * 24 * 60 * 60  # two years, what the preload list asks
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# __Host- cookies are sent only over HTTPS, only to this host, for the whole site.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
