"""purge_citizen_contacts deletes contacts older than the retention period, and nothing else."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from citizens.models import FieldReport, Suggestion

from .conftest import CONTACT


def received(submission, days_ago: int):
    model = type(submission)
    model.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_citizen_contacts", *args, stdout=out)
    return out.getvalue()


def test_expired_contacts_are_deleted_and_nothing_else(make_report, make_suggestion, settings):
    settings.CITIZEN_CONTACT_RETENTION_DAYS = 365
    old_report = make_report(text="بلاغ قديم", **CONTACT)
    old_suggestion = make_suggestion(**CONTACT)
    recent = make_report(text="بلاغ حديث", **CONTACT)
    old_anonymous = make_report(text="بلاغ بلا اسم")
    received(old_report, 400)
    received(old_suggestion, 366)
    received(recent, 300)
    received(old_anonymous, 400)

    output = purge()

    old_report.refresh_from_db()
    old_suggestion.refresh_from_db()
    recent.refresh_from_db()
    old_anonymous.refresh_from_db()
    assert "2" in output
    for submission in (old_report, old_suggestion):
        assert (submission.contact_name, submission.contact_phone, submission.contact_email) == (
            "",
            "",
            "",
        )
        assert submission.contact_deleted_at is not None
    assert old_report.text == "بلاغ قديم"
    assert old_suggestion.title == "مستوصف في الدوار"
    assert recent.contact_email == CONTACT["contact_email"]
    assert recent.contact_deleted_at is None
    assert old_anonymous.contact_deleted_at is None
    assert FieldReport.objects.count() == 3
    assert Suggestion.objects.count() == 1


def test_a_second_run_has_nothing_to_do(make_report):
    received(make_report(**CONTACT), 400)
    purge()

    assert "nothing to do" in purge()


def test_a_dry_run_changes_nothing(make_report):
    report = make_report(**CONTACT)
    received(report, 400)

    output = purge("--dry-run")

    report.refresh_from_db()
    assert "1" in output
    assert report.contact_email == CONTACT["contact_email"]


def test_the_retention_period_is_a_setting(make_report, settings):
    report = make_report(**CONTACT)
    received(report, 40)
    settings.CITIZEN_CONTACT_RETENTION_DAYS = 30

    purge()

    report.refresh_from_db()
    assert report.contact_email == ""


def test_a_moderated_reports_photos_go_with_their_files_after_the_retention_period(
    make_report, settings, superuser, django_capture_on_commit_callbacks
):
    """A citizen's photo may show neighbours: past the retention period the photos of a
    rejected report (never published) and of an accepted one (its update keeps copies,
    under the consent rules) are deleted; the reports stay."""
    from django.core.files.storage import default_storage

    from citizens import services
    from citizens.models import ReportPhoto

    settings.CITIZEN_CONTACT_RETENTION_DAYS = 365
    old_rejected, recent_rejected, old_pending, old_accepted = (
        make_report(photos=1) for _ in range(4)
    )
    for report in (old_rejected, recent_rejected):
        services.submission_reject(submission=report, user=superuser, reason="خارج الموضوع")
    update = services.report_accept(report=old_accepted, user=superuser)
    received(old_rejected, 400)
    received(recent_rejected, 300)
    received(old_pending, 400)
    received(old_accepted, 400)
    gone = [report.photos.get().image.name for report in (old_rejected, old_accepted)]
    kept_copy = update.photos.get().image.name

    assert "2 photo(s)" in purge("--dry-run")
    assert all(default_storage.exists(name) for name in gone)
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert "2 photo(s)" in output
    assert not any(default_storage.exists(name) for name in gone)
    assert not ReportPhoto.objects.filter(report__in=[old_rejected, old_accepted]).exists()
    assert ReportPhoto.objects.filter(report=recent_rejected).count() == 1
    assert ReportPhoto.objects.filter(report=old_pending).count() == 1
    assert FieldReport.objects.count() == 4
    assert default_storage.exists(kept_copy)  # the published copy stays
