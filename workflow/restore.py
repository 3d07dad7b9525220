"""Bring back an initiative deleted by mistake, with its communes and sources, its fundings
and its monitoring updates with their photos and documents.

Deletions are recorded in the history tables (django-simple-history); restoring
re-creates each record from its last historical version, under its old id. Only what was
deleted with the initiative comes back: a photo the bureau deleted on its own before (a
face, a withdrawn consent) stays deleted. The history of what went with an initiative says
so (CASCADE, set when its deletion starts from an initiative).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Funding, Initiative, Update, UpdateDocument, UpdatePhoto

# Deleted by cascade with an initiative, and restored with it.
CHILDREN = (Funding, Update, UpdatePhoto, UpdateDocument)
UNKNOWN = gettext_lazy("This initiative is not deleted, or its record is unknown.")
# The change reasons of deletions: an initiative's, and what went with it.
DELETED = "deleted"
CASCADE = "deleted with its initiative"
# An initiative deleted before deletions were marked: what went with it is what was
# deleted in the same minute.
LEGACY_CASCADE_WINDOW = datetime.timedelta(minutes=1)


def mark_cascade(sender, instance, origin=None, **kwargs):
    """pre_delete of an initiative, its fundings, updates and their files: the deletion's
    history row records whether it started from an initiative."""
    if sender is Initiative:
        # Marks a deletion whose children say whether they went with it (see _went_with_it).
        instance._change_reason = DELETED
    elif isinstance(origin, Initiative) or (
        isinstance(origin, QuerySet) and origin.model is Initiative
    ):
        instance._change_reason = CASCADE


def connect_signals():
    from django.db.models.signals import pre_delete

    for model in (Initiative, *CHILDREN):
        pre_delete.connect(mark_cascade, sender=model, dispatch_uid=f"cascade-{model.__name__}")


def deleted_initiatives():
    """The last historical version of each initiative that no longer exists."""
    History = Initiative.history.model
    return (
        History.objects.filter(history_type="-")
        .exclude(id__in=Initiative.objects.values("pk"))
        .order_by("-history_date")
    )


@transaction.atomic
def initiative_restore(*, history_id: int, user) -> Initiative:
    History = Initiative.history.model
    deleted = History.objects.filter(history_id=history_id, history_type="-").first()
    if deleted is None or Initiative.objects.filter(pk=deleted.id).exists():
        raise ValidationError(UNKNOWN)
    if Initiative.objects.filter(slug=deleted.slug).exists():
        raise ValidationError(
            _(
                "“%(title)s” cannot come back at its address “%(slug)s”: another initiative "
                "has it now. Change that initiative's address (its slug), then restore this one."
            )
            % {"title": deleted.title, "slug": deleted.slug}
        )
    initiative = _recreate(deleted, user)
    # Its fundings and updates went with it (cascade), and the updates' photos and
    # documents with them.
    when = None if deleted.history_change_reason == DELETED else deleted.history_date
    _restore(Funding, user, when, initiative_id=initiative.pk)
    updates = _restore(Update, user, when, initiative_id=initiative.pk)
    for model in (UpdatePhoto, UpdateDocument):
        _restore(model, user, when, update_id__in=updates)
    return initiative


def _restore(model, user, legacy_deleted_at, **parent) -> list[int]:
    """Re-create the records of `model` under `parent` that went with the initiative, each
    from its last version; their ids."""
    versions = (
        model.history.model.objects.filter(history_type="-", **parent)
        .exclude(id__in=model.objects.values("pk"))
        .order_by("id", "-history_date", "-history_id")
    )
    restored, seen = [], set()
    for version in versions:
        if version.id in seen:
            continue  # deleted, restored and deleted again: the last deletion counts
        seen.add(version.id)
        if _went_with_it(version, legacy_deleted_at):
            restored.append(_recreate(version, user).pk)
    return restored


def _went_with_it(version, legacy_deleted_at) -> bool:
    if version.history_change_reason == CASCADE:
        return True
    return legacy_deleted_at is not None and (
        legacy_deleted_at - LEGACY_CASCADE_WINDOW <= version.history_date <= legacy_deleted_at
    )


def _recreate(deleted, user):
    """The record of a deletion's version, saved under its old id, with the many-to-many
    links (communes, sources) of its last version before the deletion: the links are
    removed before the deletion itself is recorded."""
    record = deleted.instance
    record._history_user = user
    record.save(force_insert=True)
    fields = type(record).history.model._history_m2m_fields
    if fields:
        before = (
            type(deleted)
            .objects.filter(id=deleted.id, history_date__lte=deleted.history_date)
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
            .first()
        )
        for field in fields if before is not None else ():
            target = f"{field.related_model._meta.model_name}_id"
            getattr(record, field.name).set(
                [getattr(link, target) for link in getattr(before, field.name).all()]
            )
    return record
