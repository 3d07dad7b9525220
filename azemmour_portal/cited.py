"""A source that records cite, and a commune that records are in, are kept while they do.

Deleting one would silently strip it from them, published ones included: their links to it
(the tables Django makes for a many-to-many field) go with it, their keys to it are
emptied, and none of them records the change in its history. The admin lists those records
on its confirmation page and refuses (KeptWhileCitedAdmin); any other deletion, from a
script or a shell through the model's manager, is refused here with ProtectedError before
anything is written, as Django refuses to delete a record a PROTECT key points to.
"""

from django.db import models
from django.utils.translation import gettext


def citing(model, records, limit=None) -> list:
    """The records that point to any of `records` (of `model`) by a link a deletion would
    cut silently: a many-to-many link, or a key emptied on deletion (SET_NULL). One query
    a relation, however many records; at most `limit` records a relation."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        cut = relation.auto_created and (
            relation.many_to_many
            or (relation.one_to_many and relation.on_delete is models.SET_NULL)
        )
        if cut:
            others = (
                relation.related_model._base_manager.filter(
                    **{f"{relation.field.name}__in": records}
                )
                .distinct()
                .order_by("pk")
            )
            found += others[:limit] if limit else others
    return found


def refuse_while_cited(model, records, instance=None):
    """ProtectedError, naming at most ten records of each relation, if any record points to
    one of `records`; raised before the deletion starts, so nothing is written."""
    others = citing(model, records, limit=10)
    if others:
        message = (
            gettext(
                "“%(record)s” cannot be deleted while other records point to it: change them first."
            )
            % {"record": instance}
            if instance is not None
            else gettext(
                "These records cannot be deleted while others point to them: change those first."
            )
        )
        raise models.ProtectedError(message, set(others))


class KeptWhileCitedQuerySet(models.QuerySet):
    def delete(self):
        refuse_while_cited(self.model, self)
        return super().delete()


class KeptWhileCited:
    """A model whose records are kept while cited (with KeptWhileCitedQuerySet's manager)."""

    def delete(self, *args, **kwargs):
        refuse_while_cited(type(self), [self], instance=self)
        return super().delete(*args, **kwargs)
