"""Delete the contact citizens left with their reports and suggestions once it is older
than CITIZEN_CONTACT_RETENTION_DAYS, and the photos of the reports moderated by then (Law
09-08: personal data is kept no longer than its purpose needs). Meant for a daily cron; a
second run finds nothing to do. The submissions themselves stay: only the name, phone and
e-mail are blanked, and the photos a citizen sent deleted (an accepted report's live on
as its update's copies)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from citizens.services import contacts_purge, moderated_photos_purge


class Command(BaseCommand):
    help = "Delete citizens' contact details older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        days = settings.CITIZEN_CONTACT_RETENTION_DAYS
        before = timezone.now() - datetime.timedelta(days=days)
        count = contacts_purge(before=before, dry_run=dry_run)
        photos = moderated_photos_purge(before=before, dry_run=dry_run)
        if verbosity and (photos or dry_run):
            verb = "would be deleted" if dry_run else "deleted"
            self.stdout.write(
                f"{photos} photo(s) of reports moderated and older than {days} days {verb}."
            )
        if verbosity:
            if dry_run:
                message = f"{count} contact(s) older than {days} days would be deleted."
            elif count:
                message = f"{count} contact(s) older than {days} days deleted."
            else:
                message = "No contact is older than the retention period: nothing to do."
            self.stdout.write(self.style.SUCCESS(message) if count and not dry_run else message)
