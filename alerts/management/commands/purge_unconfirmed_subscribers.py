"""Delete the addresses that asked to follow something and never confirmed, and the
subscriptions to initiatives deleted long ago and never restored (law 09-08: keep no
personal data without a purpose). Run it daily from cron; running it twice is harmless."""

from django.conf import settings
from django.core.management.base import BaseCommand

from alerts.services import deleted_initiatives_purge, unconfirmed_purge


class Command(BaseCommand):
    help = (
        "Delete subscription requests not confirmed within ALERTS_UNCONFIRMED_DAYS days, and "
        "subscriptions to initiatives deleted more than ALERTS_DELETED_INITIATIVE_DAYS days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *, dry_run, verbosity, **options):
        addresses, subscriptions = unconfirmed_purge(dry_run=dry_run)
        ended, followers = deleted_initiatives_purge(dry_run=dry_run)
        if verbosity > 0:
            verb = "would be deleted." if dry_run else "deleted."
            self.stdout.write(
                self.style.SUCCESS(
                    f"{addresses} address(es) and {subscriptions} other pending "
                    f"subscription(s) older than {settings.ALERTS_UNCONFIRMED_DAYS} days {verb}"
                )
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{ended} subscription(s) to initiatives deleted more than "
                    f"{settings.ALERTS_DELETED_INITIATIVE_DAYS} days ago, and {followers} "
                    f"address(es) that followed nothing else, {verb}"
                )
            )
