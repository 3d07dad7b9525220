"""What happens to a citizen's submission: received, counted when dropped, accepted into
the foundation's records, rejected, and its contact deleted after the retention period.

Called from the public forms, the admin's moderation actions and the purge command.
"""

import datetime
import logging
import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communes.models import Commune
from initiatives.models import Initiative, Sector, Update, UpdatePhoto
from initiatives.uploads import RENDITION_WIDTHS, image_store
from workflow.roles import can_publish
from workflow.services import record_publish, record_submit

from .models import (
    DroppedSubmission,
    FieldReport,
    Moderation,
    ReportPhoto,
    Submission,
    Suggestion,
    new_reference,
)

logger = logging.getLogger(__name__)

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def _unique_reference(model, prefix: str) -> str:
    # Eight random characters from 30: a collision is a curiosity, but never a 500.
    while True:
        reference = new_reference(prefix)
        if not model.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def report_submit(
    *,
    initiative: Initiative,
    kind: str,
    text: str,
    seen_on: datetime.date | None = None,
    photos=(),
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    form_token: uuid.UUID | None = None,
) -> FieldReport:
    """Store a field report and its photos (checked, stripped of their metadata and
    renamed as staff uploads are), waiting for moderation."""
    report = FieldReport(
        reference=_unique_reference(FieldReport, "R"),
        initiative=initiative,
        kind=kind,
        text=text,
        seen_on=seen_on,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        form_token=form_token,
    )
    # The token's uniqueness is the database's to check: a form sent twice at once.
    report.full_clean(validate_unique=False)
    report.save()
    for upload in photos:
        photo = ReportPhoto(report=report)
        photo.image = upload
        image_store(file=photo.image)
        photo.full_clean()
        photo.save()
    return report


@transaction.atomic
def suggestion_submit(
    *,
    commune: Commune,
    sector: Sector,
    title: str,
    description: str,
    location: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    form_token: uuid.UUID | None = None,
) -> Suggestion:
    """Store a suggested initiative, waiting for moderation."""
    suggestion = Suggestion(
        reference=_unique_reference(Suggestion, "S"),
        commune=commune,
        sector=sector,
        title=title,
        description=description,
        location=location,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        form_token=form_token,
    )
    suggestion.full_clean(validate_unique=False)
    suggestion.save()
    return suggestion


def submission_drop(*, day: datetime.date | None = None) -> None:
    """Count one submission the honeypot dropped; nothing of it is kept."""
    day = day or timezone.localdate()
    DroppedSubmission.objects.get_or_create(day=day)
    DroppedSubmission.objects.filter(day=day).update(count=F("count") + 1)


def notify_recipients() -> list[str]:
    if settings.CITIZEN_NOTIFY_EMAILS:
        return list(settings.CITIZEN_NOTIFY_EMAILS)
    return [address for _name, address in (settings.MANAGERS or settings.ADMINS)]


def bureau_notify(*, submission: Submission, admin_url: str) -> bool:
    """Tell the bureau a submission waits for moderation: its reference, kind, initiative
    or commune and the admin's address, never the submitter's contact. Whether a mail
    was sent; a mail server that fails loses the mail, never the submission."""
    recipients = notify_recipients()
    if not recipients:
        return False
    # The bureau works in Arabic. Plain text, built here: nothing in it is HTML.
    with translation.override(settings.LANGUAGE_CODE):
        kind = submission._meta.verbose_name
        subject = _("New %(kind)s %(reference)s") % {
            "kind": kind,
            "reference": submission.reference,
        }
        lines = [
            _("A new %(kind)s is waiting for moderation: %(reference)s.")
            % {"kind": kind, "reference": submission.reference},
            "",
        ]
        if isinstance(submission, FieldReport):
            lines.append(_("Initiative: %(title)s") % {"title": submission.initiative})
        else:
            lines.append(_("Commune: %(name)s") % {"name": submission.commune})
        lines += ["", _("Read it and moderate it in the admin:"), admin_url, ""]
        body = "\n".join(lines)
    try:
        send_mail(
            f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
            body,
            None,
            recipients,
        )
    except Exception:
        logger.exception("Could not notify the bureau of %s.", submission.reference)
        return False
    return True


def _moderated(submission: Submission, user, **changes) -> None:
    for field, value in changes.items():
        setattr(submission, field, value)
    submission.moderated_at = timezone.now()
    submission.moderated_by = user
    submission.full_clean()
    submission.save()


def _locked_pending(model, submission):
    """The submission, locked for this transaction, if nobody has moderated it yet."""
    locked = model.objects.select_for_update().get(pk=submission.pk)
    if locked.state != Moderation.PENDING:
        raise ValidationError(_("This submission was already moderated."))
    return locked


def _update_photo(*, update: Update, photo: ReportPhoto, taken_on) -> UpdatePhoto:
    """A copy of a report's photo for the update: the update's photos follow their own
    lifecycle (renditions, consent, deletion) whatever becomes of the report."""
    copy = UpdatePhoto(
        update=update,
        taken_on=taken_on,
        shows_identifiable_people=photo.shows_identifiable_people,
    )
    with photo.image.open("rb") as stored:
        copy.image = ContentFile(stored.read(), name=posixpath.basename(photo.image.name))
    copy.renditions = image_store(file=copy.image, widths=RENDITION_WIDTHS)
    copy.full_clean()
    copy.save()
    return copy


@transaction.atomic
def report_accept(*, report: FieldReport, user, publish: bool = True) -> Update:
    """Turn a field report into a monitoring update of its initiative, with its photos.

    The update is published at once when none of its photos awaits the consent of the
    people it shows (Law 09-08); otherwise it waits in review until the bureau records
    the consent or removes the photo, as any update does. With `publish` false it waits
    in review in any case, for the bureau to edit the citizen's words (a name, a phone
    number) before publishing them.
    """
    if not can_publish(user, Update):
        raise PermissionDenied(_("Only the bureau may accept a citizen report."))
    report = _locked_pending(FieldReport, report)
    update = Update(
        initiative=report.initiative,
        observed_on=report.seen_on or timezone.localdate(report.created_at),
        source=Update.Source.CITIZEN,
        body_ar=report.text,
    )
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            setattr(
                update,
                f"title_{code}",
                _("Citizen report: %(kind)s") % {"kind": report.get_kind_display()},
            )
    update.full_clean()
    update._history_user = user
    update.save()
    for photo in report.photos.all():
        _update_photo(update=update, photo=photo, taken_on=report.seen_on)
    if not publish or update.publication_problems():
        record_submit(record=update, user=user)
    else:
        record_publish(record=update, user=user)
    _moderated(report, user, state=Moderation.ACCEPTED, update=update)
    return update


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, user) -> Initiative:
    """Turn a suggestion into a draft initiative marked "citizen suggestion", for the
    foundation to research and complete before anything is published."""
    if not user.has_perm("initiatives.add_initiative"):
        raise PermissionDenied(_("You may not add initiatives."))
    suggestion = _locked_pending(Suggestion, suggestion)
    description = suggestion.description
    if suggestion.location:
        # The draft's text is its Arabic text, whatever the moderator's language.
        with translation.override("ar"):
            label = _("Location:")
        description = f"{description}\n\n{label} {suggestion.location}"
    initiative = Initiative(
        title_ar=suggestion.title,
        slug=f"suggestion-{suggestion.reference.lower()}",
        summary_ar=Truncator(suggestion.description).chars(300),
        description_ar=description,
        sector=suggestion.sector,
        status=Initiative.Status.PROPOSED,
        origin=Initiative.Origin.CITIZEN,
        origin_reference=suggestion.reference,
    )
    initiative.full_clean()
    initiative._history_user = user
    initiative.save()
    initiative.communes.set([suggestion.commune])
    _moderated(suggestion, user, state=Moderation.ACCEPTED, initiative=initiative)
    return initiative


@transaction.atomic
def submission_reject(*, submission: Submission, user, reason: str) -> Submission:
    """Refuse a submission, recording why; nothing of it becomes public."""
    model = type(submission)
    if not user.has_perm(f"citizens.change_{model._meta.model_name}"):
        raise PermissionDenied(_("You may not moderate citizen submissions."))
    if not reason.strip():
        raise ValidationError(_("Say why the submission is rejected."))
    submission = _locked_pending(model, submission)
    _moderated(submission, user, state=Moderation.REJECTED, rejection_reason=reason.strip())
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, user) -> Submission:
    """Send a submission back to the queue: a rejected one (a rejection may be a slip), or
    an accepted one whose monitoring update or draft initiative was deleted since, so
    that it can be accepted again. The bureau's decision."""
    model = type(submission)
    if not can_publish(user, Update):
        raise PermissionDenied(_("Only the bureau may reopen a submission."))
    locked = model.objects.select_for_update().get(pk=submission.pk)
    made = locked.update_id if model is FieldReport else locked.initiative_id
    if locked.state == Moderation.PENDING or (
        locked.state == Moderation.ACCEPTED and made is not None
    ):
        raise ValidationError(
            _(
                "Only a rejected submission, or an accepted one whose update or initiative "
                "was deleted, can be reopened."
            )
        )
    locked.state = Moderation.PENDING
    locked.rejection_reason = ""
    locked.moderated_at = None
    locked.moderated_by = None
    locked.full_clean()
    locked.save()
    return locked


def contact_delete(submissions) -> int:
    """Blank the contact of these submissions at once, at their owners' request; how many
    had one."""
    blank = dict.fromkeys(CONTACT_FIELDS, "")
    return submissions.with_contact().update(**blank, contact_deleted_at=timezone.now())


@transaction.atomic
def moderated_photos_purge(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Delete, files included, the photos of the reports received before `before` and
    moderated: a rejected report's were never published, and an accepted report's were
    copied into its update, which the bureau keeps under the consent rules; a citizen's
    photo may show neighbours (Law 09-08). The report itself stays, as a record of what
    was decided and why."""
    photos = ReportPhoto.objects.filter(
        report__state__in=[Moderation.REJECTED, Moderation.ACCEPTED],
        report__created_at__lt=before,
    )
    if dry_run:
        return photos.count()
    # Their files go once the rows are gone for good (azemmour_portal/withheld.py).
    deleted, _by_model = photos.delete()
    return deleted


@transaction.atomic
def contacts_purge(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Blank the contact of every submission received before `before`; how many."""
    purged = 0
    for model in (FieldReport, Suggestion):
        expired = model.objects.filter(created_at__lt=before).with_contact()
        purged += expired.count() if dry_run else contact_delete(expired)
    return purged
