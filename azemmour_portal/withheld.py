"""What becomes of an uploaded file when its record is deleted or the file replaced.

The file must stop being served. Its address may have been kept by anyone (a shared photo,
a document's link), and the bureau deletes or replaces a file for a reason: a face, a
phone number, the wrong document. Yet a record with a history (django-simple-history) can
be restored with its files (workflow/restore.py), or reverted to a version. So:

- the old file of a record with a history is *withheld*: moved under `withheld/`, at a
  name derived from the old one with the secret key, which no page links and which the
  web server refuses (deploy/nginx); saving a record whose file is withheld brings the
  file back to its address;
- the old file of a record without a history is deleted.

The files move once the transaction commits: after a rollback, each file is still where
its record expects it. A withheld file is kept WITHHELD_FILE_RETENTION_DAYS, then deleted
for good by `manage.py purge_withheld_files` (run nightly): a record restored after that
comes back without it.
"""

import logging
import os
import posixpath
from functools import cache

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.crypto import salted_hmac

log = logging.getLogger(__name__)

WITHHELD = "withheld/"


def withheld_name(name: str) -> str:
    digest = salted_hmac("azemmour_portal.withheld", name).hexdigest()[:32]
    return f"{WITHHELD}{digest}/{posixpath.basename(name)}"


@cache
def file_fields(model) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.fields if isinstance(f, models.FileField))


def files(record) -> set[tuple]:
    """(storage, name) of each file the record points to, its photo's renditions included."""
    found = set()
    for name in file_fields(type(record)):
        file = getattr(record, name)
        if file:
            found.add((file.storage, file.name))
            for rendition in (getattr(record, "renditions", None) or {}).values():
                found.add((file.storage, rendition))
    return found


def has_history(model) -> bool:
    return hasattr(model, "history")


def _move(storage, source: str, target: str) -> bool:
    if not storage.exists(source):
        return False
    if storage.exists(target):
        storage.delete(target)
    with storage.open(source, "rb") as content:
        saved = storage.save(target, content)
    if saved != target:  # the storage chose another name: keep the file where it was
        storage.delete(saved)
        return False
    storage.delete(source)
    return True


def withhold(storage, name: str):
    _move(storage, name, withheld_name(name))


def bring_back(storage, name: str) -> bool:
    """Move a withheld file back to its address; whether it was withheld."""
    if not storage.exists(name) and _move(storage, withheld_name(name), name):
        log.info("withheld file brought back: %s", name)
        return True
    return False


def forget(storage, name: str):
    """Delete a file for good, wherever it is: at its address or withheld."""
    storage.delete(name)
    storage.delete(withheld_name(name))


def purge(storage, before) -> list[str]:
    """Delete for good the files withheld before `before` (an aware datetime); the names
    of those deleted. The withholding wrote each file anew, so its time is when it was
    withheld."""
    try:
        folders, _ = storage.listdir(WITHHELD.rstrip("/"))
    except FileNotFoundError:  # nothing was ever withheld
        return []
    purged = []
    for folder in sorted(folders):
        _, names = storage.listdir(f"{WITHHELD}{folder}")
        for name in sorted(names):
            path = f"{WITHHELD}{folder}/{name}"
            if storage.get_modified_time(path) < before:
                storage.delete(path)
                purged.append(path)
        _remove_if_empty(storage, f"{WITHHELD}{folder}")
    return purged


def _remove_if_empty(storage, folder: str):
    """A folder left empty on disk (object storage has no folders)."""
    try:
        path = storage.path(folder)
    except NotImplementedError:
        return
    try:
        os.rmdir(path)
    except OSError:  # not empty, or already gone
        pass


def _drop(model, dropped: set[tuple]):
    drop = withhold if has_history(model) else forget
    for storage, name in dropped:
        drop(storage, name)


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._files_before = set()
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = file_fields(sender)
    if update_fields is not None and not set(update_fields) & {*fields, "renditions"}:
        return
    read = [*fields, *(["renditions"] if hasattr(instance, "renditions") else [])]
    previous = sender._base_manager.filter(pk=instance.pk).only(*read).first()
    if previous is not None:
        instance._files_before = files(previous)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    now = files(instance)
    dropped = getattr(instance, "_files_before", set()) - now
    instance._files_before = set()
    if not dropped and not (now and has_history(sender)):
        return  # nothing to move (most saves: a record without files)

    def move():
        _drop(sender, dropped)
        if has_history(sender):
            for storage, name in now:
                bring_back(storage, name)

    transaction.on_commit(move)


def _after_delete(sender, instance, **kwargs):
    gone = files(instance)
    if gone:
        transaction.on_commit(lambda: _drop(sender, gone))


def connect_signals():
    for model in apps.get_models():
        if not file_fields(model) or model.__name__.startswith("Historical"):
            continue
        uid = f"withheld-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
