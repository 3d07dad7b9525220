"""Delete for good the files of deleted or replaced records once they have been withheld
for WITHHELD_FILE_RETENTION_DAYS (azemmour_portal/withheld.py). They are kept that long so
that a mistaken deletion can be undone with its files; after that, a photo removed for a
withdrawn consent or a document with a phone number on it must not linger (Law 09-08).
Meant for a daily timer; a second run finds nothing to do."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from azemmour_portal import withheld


class Command(BaseCommand):
    help = "Delete the withheld files of deleted or replaced records after the retention period."

    def handle(self, *args, verbosity=1, **options):
        days = settings.WITHHELD_FILE_RETENTION_DAYS
        before = timezone.now() - datetime.timedelta(days=days)
        purged = withheld.purge(default_storage, before)
        if verbosity:
            if purged:
                self.stdout.write(
                    self.style.SUCCESS(f"{len(purged)} file(s) withheld over {days} days deleted.")
                )
            else:
                self.stdout.write(f"No file has been withheld over {days} days: nothing to do.")
