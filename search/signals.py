"""Keep each search document current when its record changes.

The index is derived data, like a cache: refreshing it is not business logic, so it is
done here, once, for every way a record is saved (admin, import, management commands).
Bulk inserts bypass signals; the commands that use them index what they create.
"""

import contextlib
from collections import defaultdict
from contextvars import ContextVar

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from communes.models import Commune
from governance.models import Body, Membership, Person
from initiatives.models import Initiative, Update

from . import index
from .models import Document

KINDS = {
    Initiative: Document.Kind.INITIATIVE,
    Update: Document.Kind.UPDATE,
    Commune: Document.Kind.COMMUNE,
}


# The records saved inside deferred(), by kind, waiting to be indexed at its end.
_pending: ContextVar[dict[str, set[int]] | None] = ContextVar("search_pending", default=None)
# A pending "kind": the initiatives whose updates need indexing again.
UPDATES_OF = "updates-of"


@contextlib.contextmanager
def deferred():
    """Index the records saved in the block once, at its end, in batches, instead of at
    each save: an import writes hundreds of initiatives, each saved, then given its
    communes, which would index it twice, a query or more each time. Yields the pending
    records; the caller empties them when the block's work is to be rolled back. Nothing
    is indexed when the block raises (its transaction rolls back). Inside another
    deferred() block, the outer one indexes."""
    if _pending.get() is not None:
        yield _pending.get()
        return
    pending = defaultdict(set)
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    for kind, ids in pending.items():
        _index(kind, ids)


def _index(kind: str, ids):
    ids = sorted(ids)
    if kind != UPDATES_OF:
        index.index_ids(kind, ids)
        return
    for start in range(0, len(ids), index.BATCH):  # a database's limit of parameters
        updates = Update.objects.filter(initiative__in=ids[start : start + index.BATCH])
        index.index_ids(Document.Kind.UPDATE, updates.values_list("pk", flat=True))


def refresh(kind: str, object_id: int):
    # In the saving transaction: if it rolls back, so does the document.
    pending = _pending.get()
    if pending is not None:
        pending[kind].add(object_id)
    else:
        _index(kind, [object_id])


@receiver(post_save, sender=Initiative)
@receiver(post_save, sender=Update)
@receiver(post_save, sender=Commune)
def record_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh(KINDS[sender], instance.pk)
    if sender is Initiative:
        # An update's document holds its initiative's title.
        refresh(UPDATES_OF, instance.pk)


@receiver(m2m_changed, sender=Initiative.communes.through)
def communes_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Initiative):
        refresh(Document.Kind.INITIATIVE, instance.pk)


@receiver(post_delete, sender=Initiative)
@receiver(post_delete, sender=Update)
@receiver(post_delete, sender=Commune)
def record_deleted(sender, instance, **kwargs):
    index.remove(KINDS[sender], instance.pk)


# The foundation's own work (activities app): each record is indexed as it is saved.
ACTIVITY_KINDS = {model: kind for kind, model in index.ACTIVITIES.items()}


def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(ACTIVITY_KINDS[sender], instance.pk)


def activity_deleted(sender, instance, **kwargs):
    index.remove(ACTIVITY_KINDS[sender], instance.pk)


def activity_communes_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in ACTIVITY_KINDS:
        refresh(ACTIVITY_KINDS[type(instance)], instance.pk)


for model, kind in ACTIVITY_KINDS.items():
    post_save.connect(activity_saved, sender=model, dispatch_uid=f"search-saved-{kind}")
    post_delete.connect(activity_deleted, sender=model, dispatch_uid=f"search-deleted-{kind}")
    if hasattr(model, "communes"):
        m2m_changed.connect(
            activity_communes_changed,
            sender=model.communes.through,
            dispatch_uid=f"search-communes-{kind}",
        )


# The members of the foundation's bodies: a person's document holds their roles and bodies.


@receiver(post_save, sender=Person)
def person_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(index.PERSON, instance.pk)


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance, **kwargs):
    index.remove(index.PERSON, instance.pk)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh(index.PERSON, instance.person_id)


@receiver(post_save, sender=Body)
def body_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        people = instance.memberships.values_list("person_id", flat=True).distinct()
        index.index_ids(index.PERSON, list(people))
