"""Static files, served by the app itself (WhiteNoise) with content-hashed names.

`manage.py collectstatic` (production storage below) writes each file under a name with a
hash of its content (site.3f2a….css), with a gzip and a Brotli copy; WhiteNoise sends the
smallest one the browser accepts, and tells browsers to keep hashed files for a year and
never ask again (`immutable`): a changed file gets a new name.
"""

from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    # One year, the longest freshness HTTP caches are asked to honour (RFC 9111 4.2.1);
    # WhiteNoise's own default is ten.
    FOREVER = 365 * 24 * 60 * 60


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed names in production.

    A file missing from the manifest is linked under its plain name instead of breaking
    the page: the test suite renders pages with production settings without running
    collectstatic. In production gunicorn.conf.py refuses to start without the manifest.
    """

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
