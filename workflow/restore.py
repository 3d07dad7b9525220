"""Bring back an initiative deleted by mistake, with its communes and sources, its fundings
and its monitoring updates with their photos and documents.

Deletions are recorded in the history tables (django-simple-history); restoring
re-creates each record from its last historical version, under its old id.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.models import Funding, Initiative, Update, UpdateDocument, UpdatePhoto


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
        raise ValidationError(_("This initiative is not deleted, or its record is unknown."))
    initiative = _recreate(deleted, user)
    # Its fundings and updates went with it (cascade), at the same moment, and the updates'
    # photos and documents with them.
    _restore(Funding, user, initiative_id=initiative.pk)
    updates = _restore(Update, user, initiative_id=initiative.pk)
    for model in (UpdatePhoto, UpdateDocument):
        _restore(model, user, update_id__in=updates)
    return initiative


def _restore(model, user, **parent) -> list[int]:
    """Re-create the deleted records of `model` under `parent`, each from its last
    version; their ids."""
    versions = (
        model.history.model.objects.filter(history_type="-", **parent)
        .exclude(id__in=model.objects.values("pk"))
        .order_by("id", "-history_date", "-history_id")
    )
    restored = []
    for version in versions:
        if restored and restored[-1] == version.id:
            continue  # deleted, restored and deleted again: the last deletion counts
        restored.append(_recreate(version, user).pk)
    return restored


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
