"""Record whether each source's address still answers; meant for a weekly cron job.

Requests are spaced so that no host receives more than one a second, and each waits at
most --timeout seconds.
"""

from django.core.management.base import BaseCommand

from sources.checks import check_source_links
from sources.models import Source


class Command(BaseCommand):
    help = "Check that the addresses of the sources still answer, and record the result."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument(
            "--only-unchecked", action="store_true", help="Skip sources checked before."
        )

    def handle(self, *args, timeout, only_unchecked, **options):
        sources = Source.objects.exclude(url="").order_by("url")
        if only_unchecked:
            sources = sources.filter(last_checked_at__isnull=True)
        checked = check_source_links(sources.iterator(), timeout=timeout)
        dead = Source.objects.filter(link_ok=False).count()
        self.stdout.write(
            self.style.SUCCESS(f"Checked {checked} links; {dead} sources do not answer.")
        )
