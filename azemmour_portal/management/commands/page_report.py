"""Print each public page's HTML size and query count, as the budgets measure them.

Runs the pages in-process against the configured database, so the figures describe the
data that is loaded (e.g. after `seed_demo --initiatives 10000` with DEMO_DATA=1).
"""

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from communes.models import Commune
from initiatives.models import Initiative


class Command(BaseCommand):
    help = "Print the HTML size and the number of queries of each public page type."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="ar", choices=["ar", "fr", "en"])

    def handle(self, *args, language, **options):
        initiative = Initiative.objects.published().order_by("-planned_budget", "id").first()
        commune = Commune.objects.order_by("display_order").first()
        pages = {
            "home": f"/{language}/",
            "initiatives": f"/{language}/initiatives/",
            "initiatives, filtered": f"/{language}/initiatives/?commune={commune.slug}"
            "&status=in_progress&sort=budget",
            "initiative": f"/{language}/initiatives/{initiative.slug}/" if initiative else None,
            "communes": f"/{language}/communes/",
            "commune": f"/{language}/communes/{commune.slug}/",
            "foundation": f"/{language}/foundation/",
        }
        client = Client()
        self.stdout.write(f"{'page':<24}{'status':>7}{'KB':>8}{'queries':>9}  address")
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for name, url in pages.items():
                if url is None:
                    continue
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                self.stdout.write(
                    f"{name:<24}{response.status_code:>7}{len(response.content) / 1024:>8.1f}"
                    f"{len(queries):>9}  {url}"
                )
