"""Tests: speed settings only."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
# A fast hasher: password hashing dominates test time otherwise.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="azemmour-test-media-"))
# Nothing is collected for tests; WhiteNoise finds an empty folder instead of none.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="azemmour-test-static-"))
# One process: the data stamp stays in its cache, beside the fragments (tests that need it
# in the database say so).
DATA_STAMP = "cache"
