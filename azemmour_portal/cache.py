"""Cached fragments of public pages, kept honest by one data stamp.

Any save or delete of a record (outside the few apps that hold no public data: sessions,
logins, the search index) replaces the *data stamp*, a value kept in the cache. Every
cached fragment's key contains the stamp, so a change makes every old fragment
unreachable at once, on every app server that shares the cache (Redis). Nothing has to
know which fragment shows which record, and a page can never mix old and new data.

The stamp is replaced twice: at once, and again when the saving transaction commits, so
that a visitor who rendered a fragment between the save and the commit (and saw the old
rows) cannot leave it behind under the new stamp. Bulk inserts (seed_demo) send no
signals: their fragments age out after FRAGMENT_TIMEOUT.

Visitors without a session (everyone but logged-in staff) also get whole pages from the
cache (PageCacheMiddleware), under the same stamp: the fragments make the first rendering
after a change cheap, the page cache makes the following ones nearly free.

Every key also holds the code's release (code_release()): after an upgrade, the new workers
neither show pages drawn by the old templates nor read fragments shaped by the old code,
though a cache such as Redis outlives the workers. The stamp itself is shared by every
release, so a change made through a worker still on the old code reaches the new ones.

The stamp is also the pages' Last-Modified (RevalidateMiddleware below), never earlier than
the worker's first page (release_loaded()). Every app process must read the same stamp,
so where it is kept follows DATA_STAMP (settings/base.py):
- "cache": in Redis, which every process shares along with the fragments;
- "database": in one row (DataStamp), written in the changing transaction and read once
  per request, so that each process's local-memory fragments, its own, still follow the
  changes made through every other process (one server without Redis).
"""

import datetime
import functools
import hashlib
import logging
import os
import time
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from azemmour_portal.models import DataStamp
from azemmour_portal.security.headers import is_admin_path

logger = logging.getLogger(__name__)

STAMP_KEY = "data-stamp"
# Apps whose records never appear on public pages: their writes (a login, a session, the
# search index following a record) leave the cached fragments valid. Every other app's
# do not, including apps added later.
NOT_PUBLIC_DATA = {
    "admin",
    "alerts",
    "auth",
    "axes",
    # The portal's own bookkeeping: the data stamp itself and the rate limits' counts.
    "azemmour_portal",
    # Citizens' submissions are private until accepted, and accepting one writes the
    # public update or initiative; a flood of submissions must not empty the page cache.
    "citizens",
    "contenttypes",
    "otp_static",
    "otp_totp",
    "search",
    "sessions",
}


def stamp_in_database() -> bool:
    return settings.DATA_STAMP == "database"


def _stamp_table():
    """The stamp's table, once it exists (a signal may fire before migrate created it)."""
    global _stamp_table_ready
    connection = connections[router.db_for_write(DataStamp)]
    if not _stamp_table_ready:
        _stamp_table_ready = DataStamp._meta.db_table in connection.introspection.table_names()
        if not _stamp_table_ready:
            return connection, None
    return connection, connection.ops.quote_name(DataStamp._meta.db_table)


_stamp_table_ready = False


def _database_stamp() -> int:
    connection, table = _stamp_table()
    if table is None:
        return time.time_ns()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    DataStamp.objects.using(connection.alias).bulk_create(
        [DataStamp(pk=1, value=time.time_ns())], ignore_conflicts=True
    )
    return _database_stamp()


def _bump_database_stamp() -> None:
    connection, table = _stamp_table()
    if table is None:
        return
    now = time.time_ns()
    with connection.cursor() as cursor:
        # Always forward, even when this server's clock is behind the last writer's.
        cursor.execute(
            f"UPDATE {table} SET value = CASE WHEN value < %s THEN %s ELSE value + 1 END "
            f"WHERE id = 1",
            [now, now],
        )
        if cursor.rowcount:
            return
    DataStamp.objects.using(connection.alias).bulk_create(
        [DataStamp(pk=1, value=now)], ignore_conflicts=True
    )


def data_stamp(request=None) -> int:
    """The current stamp: nanoseconds since the epoch at the last change of public data.

    A lost stamp (a Redis restart, an eviction) is replaced by the current time, which no
    earlier fragment carries, so losing it can only cost a recomputation. Read once per
    request when the request is given.
    """
    if request is not None:
        if not hasattr(request, "_data_stamp"):
            request._data_stamp = data_stamp()
        return request._data_stamp
    if stamp_in_database():
        return _database_stamp()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = time.time_ns()
        if not cache.add(STAMP_KEY, stamp, timeout=None):
            stamp = cache.get(STAMP_KEY, stamp)
    return stamp


def bump() -> None:
    """Mark the public data as changed: every fragment cached until now is out of date."""
    if stamp_in_database():
        _bump_database_stamp()
        return
    try:
        cache.set(STAMP_KEY, time.time_ns(), timeout=None)
    except Exception:
        # An unreachable cache holds no fragment either; /healthz reports it.
        logger.exception("Could not replace the data stamp.")


def content_changed(sender, **kwargs):
    if sender._meta.app_label in NOT_PUBLIC_DATA:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only after the change
    bump()
    if not stamp_in_database():  # a row in the same transaction needs no second write
        transaction.on_commit(bump, using=kwargs.get("using"))


def settings_changed(**kwargs):
    # Only tests change settings while running (override_settings); pages may depend on any.
    bump()


def connect_signals():
    """Called once from the app's ready(): every model, so a new model is never missed."""
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(content_changed, dispatch_uid=f"data-stamp-{name}")
    setting_changed.connect(settings_changed, dispatch_uid="data-stamp-settings")


# What the code that draws pages is made of (Python, templates, catalogues, static files,
# the pinned versions in constraints.txt, and the packages installed beside it), and the
# folders at the project's top that are not part of it.
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}
NOT_RELEASE = {"deploy", "docs", "media", "node_modules", "scripts", "tests", "var"}


@functools.cache
def code_release() -> str:
    """A digest of the code that draws the pages, read once per process (about 400 files
    and the installed packages' versions: some 35 ms).

    From the files' contents, not their dates: two servers on the same release share their
    cached pages, whenever each one's copy was made. The packages count too, installed from
    constraints.txt or not: a Django security release may change a form's markup."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, subfolders, names in os.walk(base):
        top = Path(folder) == base
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith((".", "__"))
            and not name.endswith(".egg-info")
            and not (top and name in NOT_RELEASE)
        )
        for name in sorted(names):
            path = Path(folder, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(f"{path.relative_to(base)}\0".encode())
                digest.update(path.read_bytes())
    for package in sorted({(d.name or "", d.version or "") for d in metadata.distributions()}):
        digest.update("{}=={}\0".format(*package).encode())
    return digest.hexdigest()[:16]


def fragment(name: str, compute, *parts):
    """`compute()`'s value, cached under the data stamp, the language, today and `parts`.

    Today is in the key because "late" depends on it; DEMO_DATA because published() does.
    When the cache fails, the value is computed: a slower page, never a broken one.
    """
    if not settings.CACHE_FRAGMENTS:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    try:
        key = ":".join(
            [
                "fragment",
                name,
                code_release(),
                str(data_stamp()),
                get_language() or settings.LANGUAGE_CODE,
                "demo" if settings.DEMO_DATA else "real",
                timezone.localdate().isoformat(),
                digest,
            ]
        )
        value = cache.get(key)
    except Exception:
        logger.exception("The cache failed; computing the fragment %s.", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.FRAGMENT_TIMEOUT)
        except Exception:
            logger.exception("The cache failed; fragment %s not stored.", name)
    return value


@functools.cache
def release_loaded() -> datetime.datetime:
    """When this process drew its first page: after it read the code it draws pages with."""
    return timezone.now()


def last_modified(request=None) -> datetime.datetime:
    """When the public data last changed; never before today's midnight (lateness), nor
    before this process loaded its code: after an upgrade or a rollback, a browser that
    revalidates by date alone (If-Modified-Since, no ETag) gets the page the new code
    draws, not a 304 for the one the old code drew. Processes started at other times
    give other dates for the same page, which costs such a browser a full page at worst."""
    changed = datetime.datetime.fromtimestamp(data_stamp(request) / 1e9, tz=datetime.UTC)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(changed, midnight, release_loaded())


class RevalidateMiddleware:
    """Browsers may keep public pages but must ask before showing one again.

    `Cache-Control: no-cache` makes the browser revalidate; ConditionalGetMiddleware
    (above this one) adds the ETag and answers a repeat visit 304 from it or from the
    Last-Modified set here. The admin is left alone: it is never stored (no-store).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or is_admin_path(request.path_info)
        ):
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        if settings.CACHE_FRAGMENTS and not response.has_header("Last-Modified"):
            try:
                response.headers["Last-Modified"] = http_date(last_modified(request).timestamp())
            except Exception:
                logger.exception("The cache failed; no Last-Modified.")
        return response


# Attributes by which a view asks the middleware above it for something (a policy of its
# own, being framed: a map's tile host, an embed): stored with the page and set again on
# the response replayed from the cache, so that the middleware grants them again.
VIEW_REQUESTS = ("_csp", "xframe_options")
PAGE_LIMIT = 512 * 1024
# What the page cache stores besides HTML pages: the feeds that readers poll, the sitemaps
# that crawlers walk, the API's answers. The exports stream and are never stored; /healthz
# says never_cache.
STORED_TYPES = (
    "text/html",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "application/json",
)


class PageCacheMiddleware:
    """Whole public pages for visitors without a session, cached under the data stamp.

    Only what every visitor of an address in a language gets alike is stored: a 200 page,
    feed, sitemap or API answer (STORED_TYPES) that sets no cookie, uses no CSRF token or
    nonce, varies on no cookie and asked for no caching policy of its own. The middleware
    above this one (security headers, the content security policy, ETag, the language's
    Vary) still runs on every response, cached or not, and grants again what the view
    asked of it (VIEW_REQUESTS). Staff, who have a session, always get freshly rendered
    pages.

    The key holds the language LocaleMiddleware chose: the addresses without a language
    prefix (the sitemaps, the API) take it from the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        try:
            key = self.key(request)
            stored = cache.get(key)
        except Exception:
            logger.exception("The cache failed; rendering the page.")
            return self.get_response(request)
        if stored is not None:
            content, headers, asked = stored
            response = HttpResponse(content, headers=headers)
            for name, value in asked.items():
                setattr(response, name, value)
            return response
        response = self.get_response(request)
        if self.storable(request, response):
            asked = {
                name: value
                for name, value in vars(response).items()
                if name.startswith(VIEW_REQUESTS)
            }
            try:
                cache.set(
                    key,
                    (response.content, dict(response.headers), asked),
                    settings.FRAGMENT_TIMEOUT,
                )
            except Exception:
                logger.exception("The cache failed; page not stored.")
        return response

    @staticmethod
    def applies(request) -> bool:
        return (
            settings.CACHE_FRAGMENTS
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not is_admin_path(request.path_info)
        )

    @staticmethod
    def key(request) -> str:
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return ":".join(
            [
                "page",
                code_release(),
                str(data_stamp(request)),
                "demo" if settings.DEMO_DATA else "real",
                timezone.localdate().isoformat(),
                get_language() or "",
                hashlib.sha256(address.encode()).hexdigest()[:40],
            ]
        )

    @staticmethod
    def storable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and response.headers.get("Content-Type", "").startswith(STORED_TYPES)
            and not response.cookies
            and not response.has_header("Cache-Control")
            and "cookie" not in response.headers.get("Vary", "").lower()
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # A page with a nonce belongs to one response's policy.
            and getattr(request, "_csp_nonce", None) is None
            and len(response.content) <= PAGE_LIMIT
        )
