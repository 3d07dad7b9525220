"""Bring back an initiative deleted by mistake, with its fundings and monitoring updates.

Deletions are recorded in the history tables (django-simple-history); restoring
re-creates each record from its last historical version, under its old id.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.models import Funding, Initiative, Update


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
    initiative = deleted.instance
    initiative._history_user = user
    initiative.save(force_insert=True)
    # The communes it belonged to, as recorded with its last version before deletion (the
    # links are removed before the deletion itself is recorded).
    before = (
        History.objects.filter(id=deleted.id, history_date__lte=deleted.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is not None:
        initiative.communes.set([link.commune_id for link in before.communes.all()])
    # Its fundings and updates went with it (cascade), at the same moment.
    for model in (Funding, Update):
        children = model.history.model.objects.filter(
            initiative_id=initiative.pk, history_type="-"
        ).exclude(id__in=model.objects.values("pk"))
        for version in children:
            child = version.instance
            child._history_user = user
            child.save(force_insert=True)
    return initiative
