"""A new worker's first-page work, done before it takes its first request.

A fresh process imports the addresses, compiles the templates, reads each language's
catalogue and digests its release (cache.code_release()) on the first pages it draws:
some 300 ms that a visitor would wait for after every deploy and every worker replacement
(gunicorn.conf.py). gunicorn calls warm() once the worker has loaded the portal and before
it accepts a connection; the other workers serve in the meantime.

Nothing here may stop a worker from starting: whatever fails is logged and left to the
first page, as if warm() had not run.
"""

import functools
import logging
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.template import engines
from django.urls import reverse
from django.utils import formats, timezone, translation

from azemmour_portal.cache import code_release

logger = logging.getLogger(__name__)


def ours(folder: Path, base: Path) -> bool:
    """A folder of the project's own, not of a package installed in it (.venv)."""
    if not folder.is_relative_to(base):
        return False
    parts = folder.relative_to(base).parts
    return not any(part.startswith(".") or part == "site-packages" for part in parts)


def project_templates() -> list[str]:
    """The names of the templates of the portal's own folders and apps (the admin's and
    other packages' are left to the staff's first visit)."""
    base = Path(settings.BASE_DIR).resolve()
    names = set()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            for folder in loader.get_dirs():
                folder = Path(folder).resolve()
                if folder.is_dir() and ours(folder, base):
                    names.update(
                        path.relative_to(folder).as_posix() for path in folder.rglob("*.html")
                    )
    return sorted(names)


def warm() -> dict:
    """Prepare this process for its first pages; returns how many templates it compiled,
    how many it could not, and the milliseconds it took."""
    started = time.perf_counter()
    steps = [code_release, connection.ensure_connection]
    for code, _name in settings.LANGUAGES:
        steps.append(functools.partial(prepare_language, code))
    for step in steps:
        try:
            step()
        except Exception:
            logger.exception("Could not prepare the worker; its first pages will.")
    compiled, failed = 0, 0
    for name in project_templates():
        for engine in engines.all():
            try:
                engine.get_template(name)
                compiled += 1
            except Exception:
                failed += 1
                logger.exception("Could not compile %s; its first page will try again.", name)
    elapsed = round((time.perf_counter() - started) * 1000)
    logger.info("Worker ready: %d templates in %d ms.", compiled, elapsed)
    return {"templates": compiled, "failed": failed, "milliseconds": elapsed}


def prepare_language(code: str) -> None:
    """Read a language's catalogue and formats and index the addresses in it."""
    with translation.override(code):
        translation.gettext("Initiatives")
        formats.date_format(timezone.localdate())
        formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True)
        reverse("home")
