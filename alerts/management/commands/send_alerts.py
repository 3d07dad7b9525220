"""Send each confirmed subscriber what changed in what they follow; meant for cron.

Run it every few minutes (immediate alerts) or every hour; weekly digests go when their
week is over. It is safe to run twice, or two at once: what was sent is recorded per
subscription before the e-mail leaves, so a change is never sent twice (alerts/sending.py).
"""

import sys

from django.core.management.base import BaseCommand

from alerts.sending import alerts_send


class Command(BaseCommand):
    help = "Send the e-mail alerts that are due: one e-mail per subscriber."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be sent; send and record nothing.",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar on standard error even when it is not a terminal.",
        )

    def handle(self, *, dry_run, progress, verbosity, **options):
        show = progress or (verbosity > 0 and sys.stderr.isatty())
        report = alerts_send(dry_run=dry_run, progress=self.progress_bar if show else None)
        if show:
            self.stderr.write("")
        for outcome in report.sent:
            if dry_run or verbosity > 1:
                self.stdout.write(
                    f"{'Would send' if dry_run else 'Sent'} to subscriber {outcome.subscriber.pk} "
                    f"({outcome.subscriber.language}): {outcome.message.subject}"
                )
                if verbosity > 1:
                    self.stdout.write(outcome.message.body)
        if verbosity > 0:
            summary = (
                f"{len(report.sent)} e-mail(s) {'would be sent' if dry_run else 'sent'}, "
                f"{sum(o.count for o in report.sent)} change(s)."
            )
            self.stdout.write(self.style.SUCCESS(summary))
        if report.failed:
            self.stderr.write(
                self.style.ERROR(f"{report.failed} e-mail(s) failed; they will be tried again.")
            )

    def progress_bar(self, done: int, total: int):
        width = 30
        filled = width * done // total if total else width
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()
