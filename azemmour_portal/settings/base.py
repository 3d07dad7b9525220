"""Settings shared by every environment. Overlays: dev, test, prod."""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
# The embedded SQLite database and local media live here; SQLite needs the folder to exist.
VAR_DIR.mkdir(exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The development key exists only for DEBUG runs; prod.py requires SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-never-used-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    # Django's admin, on the site that asks staff for their two-factor code (security/staff.py).
    "azemmour_portal.security.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "csp",
    "azemmour_portal.security.apps.LoginAttemptsConfig",  # django-axes
    "django_otp",
    "azemmour_portal.security.apps.AuthenticatorAppsConfig",  # django_otp's otp_totp
    "azemmour_portal.security.apps.BackupCodesConfig",  # django_otp's otp_static
    "azemmour_portal",
    "azemmour_portal.security",
    "communes",
    "initiatives",
    "governance",
    "sources",
    "activities",
    "search",
    # Before workflow: its permissions must exist when the roles are set up after migrate.
    "alerts",
    "workflow",
    "opendata",
    "maps",
    "citizens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, answered before anything else runs (azemmour_portal/static.py).
    "azemmour_portal.static.StaticFilesMiddleware",
    # ETag, and 304 for a repeat visit; Cache-Control and Last-Modified of public pages
    # (azemmour_portal/cache.py).
    "django.middleware.http.ConditionalGetMiddleware",
    "azemmour_portal.cache.RevalidateMiddleware",
    "azemmour_portal.security.headers.ContentSecurityPolicyMiddleware",
    "azemmour_portal.security.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "azemmour_portal.languages.BrowserLanguageVaryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Whole public pages for visitors without a session (azemmour_portal/cache.py); the
    # middleware above still adds every header to a cached page.
    "azemmour_portal.cache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which staff member made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a refused login into the lockout page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "azemmour_portal.urls"
WSGI_APPLICATION = "azemmour_portal.wsgi.application"
ASGI_APPLICATION = "azemmour_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "azemmour_portal.context_processors.alternates",
                "azemmour_portal.context_processors.demo",
                # {{ CSP_NONCE }}, for the rare inline <script nonce="…"> (none today).
                "csp.context_processors.nonce",
            ],
        },
    },
]

# The embedded default is a SQLite file, so a first run needs no database server.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Persistent connections, checked before each request reuses one.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Redis when REDIS_URL is set (redis://host:6379/0): every app server then shares the
# cached fragments, the rate limits and the staff sessions. Local memory otherwise, which
# each process keeps to itself. docs/deploy.md explains both.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "azemmour"),
            # A dead Redis must cost a page a second at most, never hang it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions written to the database and read from Redis: a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Cache the heavy parts of public pages (figures, facet counts, commune statistics) and
# whole public pages under the data stamp (azemmour_portal/cache.py).
CACHE_FRAGMENTS = env_bool("CACHE_FRAGMENTS", True)
# Where the data stamp lives: in Redis with the fragments, or in the database, so that the
# local-memory caches of several processes without Redis still follow every change.
DATA_STAMP = env_str("DATA_STAMP", "cache" if REDIS_URL else "database")
if DATA_STAMP not in ("cache", "database"):
    raise ImproperlyConfigured("DATA_STAMP is 'cache' or 'database'.")
# Where the public forms' rate limits count: in the shared cache (Redis), or in the
# database, which every worker of every server shares even without Redis.
RATE_LIMITS = env_str("RATE_LIMITS", "cache" if REDIS_URL else "database")
if RATE_LIMITS not in ("cache", "database"):
    raise ImproperlyConfigured("RATE_LIMITS is 'cache' or 'database'.")
FRAGMENT_TIMEOUT = env_int("FRAGMENT_TIMEOUT", 600)  # how late a bulk import shows at worst

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long and not common, with no composition rules (NIST SP 800-63B): length does the work.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Arabic first: the default language, written right to left.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
# The project's formats: Western digits, 24-hour times, Moroccan thousands separators.
FORMAT_MODULE_PATH = ["azemmour_portal.formats"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr", "en")
# A text missing in French or English falls back to Arabic, then French.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "fr"), "ar": ("fr", "en")}

# Addresses typed without a scheme are taken as https (Django 6's default).
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet, for the maps, from the django-leaflet package (under static/leaflet/). Only
    # its files: the app itself would need GDAL.
    ("leaflet", Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"),
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Where the admin's bulk import keeps an uploaded file between its dry run and the import
# (initiatives/importing/admin.py): private, outside MEDIA_ROOT, and writable by the app
# server (under systemd's ProtectSystem=strict, one of the unit's ReadWritePaths).
IMPORTS_DIR = Path(env_str("IMPORTS_DIR", str(VAR_DIR / "imports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible object storage (django-storages, the `s3` extra) when a bucket is
# named, so that several app servers share them; on the local disk otherwise.
S3_BUCKET = env_str("S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            # The public address of the files: a domain that is never the portal's own.
            "custom_domain": env_str("S3_CUSTOM_DOMAIN", "") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Days a deleted or replaced file is kept, unserved, for a restore of its record
# (azemmour_portal/withheld.py); purge_withheld_files, run daily, then deletes it.
WITHHELD_FILE_RETENTION_DAYS = env_int("WITHHELD_FILE_RETENTION_DAYS", 90)

# Largest uploads the admin accepts (initiatives/uploads.py): a phone photo is 2–8 MB, a
# scanned council record rarely 20. nginx's client_max_body_size must allow the larger.
UPLOAD_IMAGE_MAX_BYTES = env_int("UPLOAD_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_DOCUMENT_MAX_BYTES = env_int("UPLOAD_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
# The most one sending of a form may carry, files included: nginx's client_max_body_size
# (32m in deploy/nginx/azemmour.conf). The browser checks it before a form is sent
# (static/js/upload_check.js), so that nobody waits for an upload nginx then refuses.
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_BYTES", 32 * 1024 * 1024)

# Citizens' reports and suggestions (the citizens app). Contacts are personal data (Law
# 09-08): purge_citizen_contacts, run daily, deletes them after this many days (12 months).
CITIZEN_CONTACT_RETENTION_DAYS = env_int("CITIZEN_CONTACT_RETENTION_DAYS", 365)
# Per browser; above it the forms answer 429 (and keep what was typed).
CITIZEN_SUBMISSIONS_PER_HOUR = env_int("CITIZEN_SUBMISSIONS_PER_HOUR", 5)
# Per address, higher: many people share one (a training room's Wi-Fi, a mobile operator's
# shared address); it stops a script that throws its cookies away.
CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR = env_int("CITIZEN_SUBMISSIONS_PER_ADDRESS_PER_HOUR", 30)
# Who is told of each new submission; MANAGERS, then ADMINS, when empty.
CITIZEN_NOTIFY_EMAILS = env_list("CITIZEN_NOTIFY_EMAILS", [])
# Error reports carry no form's values and no visitor's address (a citizen's contact).
DEFAULT_EXCEPTION_REPORTER_FILTER = "azemmour_portal.monitoring.PrivateReporterFilter"

# Show generated demo initiatives (with a banner) on public pages; off for real deployments.
DEMO_DATA = env_bool("DEMO_DATA", False)

# The admin's address; kept configurable so a deployment can move it.
ADMIN_URL = env_str("ADMIN_URL", "admin/")

# Staff history keeps the user even after the account is deleted.
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The maps' background tiles ({z}/{x}/{y}, and {s} for a server letter) and the credit
# they require; the tile host is allowed in the Content Security Policy of map pages only.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

# Security. The HTTPS-only settings are in prod.py; docs/security.md explains the whole.

# Every response (security/headers.py adds CORP and Permissions-Policy, and no-store under
# the admin). Public pages have no script and no inline style, and nobody may frame them;
# a view opts into framing with @frameable.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        # NONCE appears only in a response that used {{ CSP_NONCE }}.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # Same-origin fetches only: Lighthouse reads /robots.txt from the page's context.
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# The admin's pages under ADMIN_URL: its scripts are files too, its autocomplete fields
# fetch their choices, and one inline style is allowed by its hash: the
# style="border-top: 0" of django-simple-history's history page (tests/security checks
# every admin page against this policy).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
    | {
        "script-src": [SELF],
        "style-src": [
            SELF,
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "connect-src": [SELF],
    },
}
# Browser features the portal never uses, turned off for its pages and anything they embed.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]

# Staff sessions: only staff have a session (visitors get no cookie at all).
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day, then log in again
# Where a login goes when its `next` is refused (another site): the admin's front page, in
# the language of the request, not Django's /accounts/profile/ (which the portal lacks).
LOGIN_REDIRECT_URL = reverse_lazy("admin:index")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A form refused by the security check gets the portal's page, in the visitor's language.
CSRF_FAILURE_VIEW = "azemmour_portal.views.csrf_failure"

# Login lockout (django-axes): 5 failures for one username from one address pause that
# pair for 15 minutes; every attempt, failed or not, is kept in the admin's Axes tables.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "azemmour_portal.security.staff.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Two-factor authentication (django-otp, TOTP): optional for staff, required for these
# groups' members when the groups exist, and for superusers when switched on.
STAFF_2FA_REQUIRED_GROUPS = ["Bureau"]
STAFF_2FA_REQUIRED_FOR_SUPERUSERS = env_bool("STAFF_2FA_REQUIRED_FOR_SUPERUSERS", False)
OTP_TOTP_ISSUER = "Azemmour"

# E-mail alerts (the alerts app). Links in e-mails are absolute: the site's public address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a confirmation link works, and when an address never confirmed is deleted.
ALERTS_CONFIRMATION_MAX_AGE = env_int("ALERTS_CONFIRMATION_MAX_AGE", 3 * 24 * 60 * 60)
ALERTS_UNCONFIRMED_DAYS = 7
# How long a subscription to a deleted initiative waits for the bureau to restore it; then
# it is deleted, and the address with it if it followed nothing else (law 09-08).
ALERTS_DELETED_INITIATIVE_DAYS = env_int("ALERTS_DELETED_INITIATIVE_DAYS", 90)
# Follow-form submissions per visitor's address per hour (mistakes not counted). As high as
# the citizen forms' limit per address: many people share one (a training room's Wi-Fi, a
# mobile operator's shared address), and ALERTS_CONFIRMATIONS_PER_DAY already protects
# each inbox. The form sets no cookie, so there is no count per browser.
ALERTS_FORM_LIMIT = env_int("ALERTS_FORM_LIMIT", 30)
ALERTS_FORM_WINDOW = 60 * 60
# Confirmation e-mails one address may receive per day, whoever types it in.
ALERTS_CONFIRMATIONS_PER_DAY = 3
# How far back send_alerts reads the change log; what was sent is recorded, so a wider
# window costs time, never a repeated e-mail.
ALERTS_LOOKBACK_DAYS = 14
