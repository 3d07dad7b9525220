"""Measure search on a large index: database time per query and whether GIN is used.

Meant for `make bench-search`, which points it at a PostgreSQL database holding 100,000
demo initiatives. It prints figures; it never passes or fails.
"""

import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings

from initiatives.models import Initiative
from search.query import parse, search
from search.views import COUNT_CAP

QUERIES = [
    "مدرسة",
    "المدرسة الابتدائية",
    "مستشفى",
    "الطريق",
    "أزمور",
    "الحوزية",
    "الماء الصالح للشرب",
    "مستسفى",  # a typo
    "Haouzia",
    "école",
    "route",
    "éclairage public",
    "électrification rurale",
]


class Command(BaseCommand):
    help = "Print median and 95th-percentile database time of fixed search queries."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)

    @override_settings(DEMO_DATA=True)
    def handle(self, *args, runs, **options):
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum keeps them in a running deployment.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE search_document; ANALYZE search_word")
        total = Initiative.objects.published().count()
        self.stdout.write(
            f"{connection.vendor}, {total} public initiatives, {runs} runs per query\n"
        )
        self.stdout.write(f"{'query':<26}{'hits':>7}{'median ms':>11}{'p95 ms':>9}  GIN index used")
        medians = []
        for text in QUERIES:
            timings = []
            for _ in range(runs):
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    results = search(parse(text))
                    # As the results page does: a count capped at 1,001, then one page.
                    hits = results.order_by()[: COUNT_CAP + 1].count()
                    list(results[:20])
                    elapsed = time.perf_counter() - started
                database = sum(float(query["time"]) for query in captured.captured_queries)
                timings.append(min(database, elapsed) * 1000)
            timings.sort()
            median = statistics.median(timings)
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            medians.append(median)
            plan = search(parse(text)).explain() if connection.vendor == "postgresql" else ""
            uses_gin = "search_document_vector_gin" in plan or "search_word_trgm" in plan
            self.stdout.write(
                f"{text:<26}{hits:>7}{median:>11.1f}{p95:>9.1f}  {'yes' if uses_gin else 'no'}"
            )
        self.stdout.write(f"\nmedian of medians: {statistics.median(medians):.1f} ms")
