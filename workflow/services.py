"""Publishing transitions: one function per transition, used by the admin and by tests.

Draft → in review (submit) → published (publish) → archived (archive); the bureau may
also send a record back to draft with a comment, and publish a draft directly.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import can_publish
from .states import State


def _check_user(user, record, *, publishing: bool):
    model = type(record)
    if publishing and not can_publish(user, model):
        raise PermissionDenied(_("Only the bureau may publish, archive or send back."))
    if not user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"):
        raise PermissionDenied(_("You may not change this record."))


def _save(record, user, **changes):
    for field, value in changes.items():
        setattr(record, field, value)
    record.full_clean()
    # Recorded in the history with who made the transition.
    record._history_user = user
    record.save()
    record.refresh_from_db(fields=["is_published"])
    return record


@transaction.atomic
def record_submit(*, record, user):
    """An author asks the bureau to review a draft."""
    _check_user(user, record, publishing=False)
    if record.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be submitted for review."))
    return _save(record, user, state=State.IN_REVIEW)


@transaction.atomic
def record_publish(*, record, user):
    """The bureau publishes a draft or a record in review, or republishes an archived one."""
    _check_user(user, record, publishing=True)
    if record.state == State.PUBLISHED:
        raise ValidationError(_("This record is already published."))
    blocking = getattr(record, "publication_problems", lambda: [])()
    if blocking:
        raise ValidationError(blocking)
    return _save(
        record,
        user,
        state=State.PUBLISHED,
        published_at=record.published_at or timezone.now(),
        review_comment="",
    )


@transaction.atomic
def record_send_back(*, record, user, comment: str):
    """The bureau returns a record in review to its author, saying why."""
    _check_user(user, record, publishing=True)
    if record.state != State.IN_REVIEW:
        raise ValidationError(_("Only a record in review can be sent back."))
    if not comment.strip():
        raise ValidationError(_("Say why the record is sent back."))
    return _save(record, user, state=State.DRAFT, review_comment=comment.strip())


@transaction.atomic
def record_archive(*, record, user):
    """The bureau withdraws a published record from the public site; nothing is deleted."""
    _check_user(user, record, publishing=True)
    if record.state != State.PUBLISHED:
        raise ValidationError(_("Only a published record can be archived."))
    return _save(record, user, state=State.ARCHIVED)


TRANSITIONS = {
    "submit": record_submit,
    "publish": record_publish,
    "archive": record_archive,
    "send_back": record_send_back,
}
