"""Bring back a record deleted by mistake, with what was deleted with it: an initiative
with its communes and sources, its fundings and its monitoring updates with their photos
and documents; a monitoring update with its photos and documents; a proposal with its
steps; any record with a history.

Deletions are recorded in the history tables (django-simple-history); restoring
re-creates each record from its last historical version, under its old id. Only what was
deleted with a record comes back with it: a photo the bureau deleted on its own before (a
face, a withdrawn consent) stays deleted, and comes back, if ever, from its own page. The
history of a deletion says where it started: on the record itself (DELETED), or on a
record it went with, which it names ("deleted with its update"; see went_with).
"""

import datetime

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from azemmour_portal.withheld import has_history
from initiatives.models import Initiative

UNKNOWN = gettext_lazy("This initiative is not deleted, or its record is unknown.")
UNKNOWN_RECORD = gettext_lazy("This record is not deleted, or its history is unknown.")
# The change reason of a deletion started on the record itself.
DELETED = "deleted"
# An initiative deleted before deletions were marked: what went with it is what was
# deleted in the same minute. Other records' deletions were marked before any of them
# could be restored, so this guess is made for initiatives only.
LEGACY_CASCADE_WINDOW = datetime.timedelta(minutes=1)


def went_with(model) -> str:
    """The change reason of a deletion that started on a record of `model`, such as
    "deleted with its initiative" for a funding deleted with its initiative."""
    return f"deleted with its {model._meta.model_name}"


CASCADE = went_with(Initiative)


def mark_cascade(sender, instance, origin=None, **kwargs):
    """pre_delete of a record with a history: its deletion's history row records where
    the deletion started (a record, or a selection of records, of some model)."""
    started_on = origin.model if isinstance(origin, QuerySet) else type(origin)
    if started_on is sender:
        instance._change_reason = DELETED
    elif isinstance(origin, models.Model | QuerySet):
        instance._change_reason = went_with(started_on)


def connect_signals():
    from django.db.models.signals import pre_delete

    for model in apps.get_models():
        if has_history(model):
            pre_delete.connect(
                mark_cascade, sender=model, dispatch_uid=f"cascade-{model._meta.label_lower}"
            )


def children(model) -> list[tuple[type[models.Model], str]]:
    """The models with a history whose records a deletion of `model` takes with it
    (on_delete=CASCADE), each with the name of its link to `model`."""
    return [
        (relation.related_model, relation.field.name)
        for relation in model._meta.related_objects
        if relation.on_delete is models.CASCADE and has_history(relation.related_model)
    ]


def parent_link(model) -> models.ForeignKey | None:
    """The link of `model` to the record with a history its records are deleted with (an
    update's initiative, a photo's update), if any."""
    return next(
        (
            field
            for field in model._meta.concrete_fields
            if field.many_to_one
            and field.remote_field.on_delete is models.CASCADE
            and has_history(field.related_model)
        ),
        None,
    )


def _carriers(model) -> list[type[models.Model]]:
    """The models whose restore brings back the records of `model` that went with them: a
    photo's update, and that update's initiative."""
    link = parent_link(model)
    if link is None:
        return []
    return [link.related_model, *_carriers(link.related_model)]


def deleted_records(model) -> QuerySet:
    """The last version of each record of `model` deleted on its own and not restored
    since, newest first. A record that went with another (a funding with its initiative)
    comes back with it and is not listed."""
    History = model.history.model
    later = History.objects.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
    return (
        History.objects.filter(history_type="-")
        .exclude(id__in=model._base_manager.values("pk"))
        .exclude(history_change_reason__in=[went_with(m) for m in _carriers(model)])
        .exclude(Exists(later))
        .order_by("-history_date", "-history_id")
    )


def _last_deletion(model, history_id: int):
    """The deletion `history_id` of a record of `model` that is still deleted, or None."""
    deleted = model.history.model.objects.filter(history_id=history_id, history_type="-").first()
    if deleted is None or model._base_manager.filter(pk=deleted.id).exists():
        return None
    return deleted


@transaction.atomic
def initiative_restore(*, history_id: int, user) -> Initiative:
    deleted = _last_deletion(Initiative, history_id)
    if deleted is None:
        raise ValidationError(UNKNOWN)
    if Initiative.objects.filter(slug=deleted.slug).exists():
        raise ValidationError(
            _(
                "“%(title)s” cannot come back at its address “%(slug)s”: another initiative "
                "has it now. Change that initiative's address (its slug), then restore this one."
            )
            % {"title": deleted.title, "slug": deleted.slug}
        )
    return _bring_back(deleted, user)


@transaction.atomic
def record_restore(*, model: type[models.Model], history_id: int, user) -> models.Model:
    """Re-create the record of `model` whose deletion is `history_id`, with what went
    with it; refused, with nothing written, when a record it needs is gone or another
    record took its place."""
    deleted = _last_deletion(model, history_id)
    if deleted is None:
        raise ValidationError(UNKNOWN_RECORD)
    return _bring_back(deleted, user)


def _bring_back(deleted, user):
    record = _recreate(deleted, user)
    model = type(record)
    legacy_deleted_at = None
    if model is Initiative and deleted.history_change_reason != DELETED:
        legacy_deleted_at = deleted.history_date
    _restore_children(model, [record.pk], user, went_with(model), legacy_deleted_at)
    return record


def _restore_children(model, pks, user, reason, legacy_deleted_at):
    """Its fundings and updates went with an initiative, and the updates' photos and
    documents with them; a proposal's steps with the proposal."""
    for child, link in children(model):
        restored = _restore(child, user, reason, legacy_deleted_at, **{f"{link}__in": pks})
        if restored:
            _restore_children(child, restored, user, reason, legacy_deleted_at)


def _restore(model, user, reason, legacy_deleted_at, **parent) -> list[int]:
    """Re-create the records of `model` under `parent` that went with the record being
    restored, each from its last version; their ids."""
    versions = (
        model.history.model.objects.filter(history_type="-", **parent)
        .exclude(id__in=model._base_manager.values("pk"))
        .order_by("id", "-history_date", "-history_id")
    )
    restored, seen = [], set()
    for version in versions:
        if version.id in seen:
            continue  # deleted, restored and deleted again: the last deletion counts
        seen.add(version.id)
        if _went_with_it(version, reason, legacy_deleted_at):
            restored.append(_recreate(version, user).pk)
    return restored


def _went_with_it(version, reason, legacy_deleted_at) -> bool:
    if version.history_change_reason == reason:
        return True
    return (
        legacy_deleted_at is not None
        and version.history_change_reason is None
        and legacy_deleted_at - LEGACY_CASCADE_WINDOW <= version.history_date <= legacy_deleted_at
    )


def _recreate(deleted, user):
    """The record of a deletion's version, saved under its old id, with the many-to-many
    links (communes, sources) of its last version before the deletion: the links are
    removed before the deletion itself is recorded. A link to a record since deleted is
    dropped when the record may lose it (on_delete=SET_NULL, or a many-to-many link)."""
    record = deleted.instance
    _check(record)
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
            linked = [getattr(link, target) for link in getattr(before, field.name).all()]
            still_there = field.related_model._base_manager.filter(pk__in=linked)
            getattr(record, field.name).set(still_there.values_list("pk", flat=True))
    return record


def record_name(record) -> str:
    """What the admin calls a record, or its kind and number when its name reads another
    record since deleted (a funding is named after its partner)."""
    try:
        return str(record)
    except ObjectDoesNotExist:
        return f"{record._meta.verbose_name} {record.pk}"


def _check(record):
    """Refuse, saying why, a record that cannot come back as it was: a record it needs
    is gone (restore that one first), or another took its address or its place."""
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if not field.many_to_one or value is None:
            continue
        target = field.related_model._base_manager.filter(**{field.target_field.name: value})
        if target.exists():
            continue
        if field.remote_field.on_delete is models.SET_NULL:
            setattr(record, field.attname, None)
            continue
        raise _missing(record, field, value)
    try:
        record.validate_unique()
        record.validate_constraints()
    except ValidationError as error:
        taken = getattr(error, "error_dict", {})
        if "slug" in taken:
            raise ValidationError(
                _(
                    "“%(record)s” cannot come back at its address “%(slug)s”: another record "
                    "has it now. Change that record's address (its slug), then restore this one."
                )
                % {"record": record_name(record), "slug": record.slug}
            ) from error
        raise ValidationError(
            _("“%(record)s” cannot come back: %(reason)s")
            % {"record": record_name(record), "reason": " ".join(error.messages)}
        ) from error


def _missing(record, field, value) -> ValidationError:
    parent = field.related_model
    last = None
    if has_history(parent):
        last = (
            parent.history.model.objects.filter(id=value)
            .order_by("-history_date", "-history_id")
            .first()
        )
    if last is not None:
        return ValidationError(
            _(
                "“%(record)s” cannot come back without its %(parent)s “%(name)s”, which is "
                "deleted: restore “%(name)s” first."
            )
            % {
                "record": record_name(record),
                "parent": field.verbose_name,
                "name": record_name(last.instance),
            }
        )
    return ValidationError(
        _("“%(record)s” cannot come back: its %(parent)s no longer exists.")
        % {"record": record_name(record), "parent": field.verbose_name}
    )
