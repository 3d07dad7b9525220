"""Measure the memory the CSV export needs, for a small and a large portal.

The export streams its rows, so its memory should not grow with the number of initiatives.
For each size this command fills a benchmark database with that many demo initiatives
(`seed_demo`), then, in a fresh process, sends one request for the whole CSV through the
portal's WSGI application, reads the response to its end and reports the process's peak
resident memory (getrusage's ru_maxrss). A fresh process per size keeps one measurement from
inheriting the other's memory.

It writes only to the benchmark database: by default a SQLite file of its own under var/,
never the development database; pass --database-url for PostgreSQL. Not part of the tests
(it takes minutes): `make bench-export`.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TARGET_RATIO = 1.5


def peak_rss_mib() -> float:
    # Linux reports ru_maxrss in kibibytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Report the peak memory of the streamed CSV export for 1,000 and 100,000 initiatives."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            type=int,
            nargs="+",
            default=[1000, 100_000],
            help="Numbers of demo initiatives to measure (default 1000 100000).",
        )
        parser.add_argument(
            "--database-url",
            default=f"sqlite:///{settings.BASE_DIR / 'var' / 'bench-export.sqlite3'}",
            help="The benchmark database (default: var/bench-export.sqlite3). Its demo records "
            "are replaced.",
        )
        parser.add_argument(
            "--measure", action="store_true", help="Internal: measure once, in this process."
        )

    def handle(self, *args, sizes, database_url, measure, **options):
        if measure:
            self.measure()
            return
        if any(size < 1 for size in sizes):
            raise CommandError("Each size must be 1 or more.")
        if database_url == os.environ.get("DATABASE_URL"):
            raise CommandError("Give the benchmark a database of its own, not DATABASE_URL.")
        environment = os.environ | {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.dev",
            "DEBUG": "0",  # DEBUG keeps every query in memory
            "DEMO_DATA": "1",  # seed_demo's records are shown only where DEMO_DATA is on
        }
        self.manage(environment, "migrate", "--noinput")
        self.manage(environment, "load_district")
        results = []
        for size in sizes:
            self.stdout.write(f"Seeding {size:,} demo initiatives…")
            self.manage(environment, "seed_demo", "--clear")
            self.manage(environment, "seed_demo", "--initiatives", str(size), "--seed", "1")
            output = self.manage(environment, "bench_export", "--measure", capture=True)
            result = json.loads(output.strip().splitlines()[-1])
            result["size"] = size
            results.append(result)
            self.stdout.write(self.line(result))
        self.report(database_url, results)

    def manage(self, environment, *arguments, capture=False) -> str:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments]
        completed = subprocess.run(
            [*command, "--verbosity", "0"] if not capture else command,
            env=environment,
            capture_output=capture,
            text=True,
            check=False,
        )
        if completed.returncode:
            raise CommandError(f"{' '.join(arguments)} failed:\n{completed.stderr or ''}")
        return completed.stdout or ""

    def measure(self):
        """One export through the WSGI application, in this fresh process."""
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        before = peak_rss_mib()
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/ar/initiatives/export.csv",
            "QUERY_STRING": "",
            "HTTP_HOST": "localhost",
        }
        setup_testing_defaults(environ)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = status

        started = time.monotonic()
        response = application(environ, start_response)
        size = lines = 0
        try:
            for piece in response:
                size += len(piece)
                lines += piece.count(b"\r\n")
        finally:
            response.close()
        self.stdout.write(
            json.dumps(
                {
                    "status": answer["status"],
                    "rows": lines - 1,  # the header line
                    "bytes": size,
                    "seconds": round(time.monotonic() - started, 1),
                    "baseline_mib": round(before, 1),
                    "peak_mib": round(peak_rss_mib(), 1),
                }
            )
        )

    @staticmethod
    def line(result) -> str:
        return (
            f"{result['size']:>9,} initiatives: {result['rows']:>9,} rows, "
            f"{result['bytes'] / 2**20:7.1f} MiB of CSV in {result['seconds']:6.1f} s; "
            f"peak RSS {result['peak_mib']:6.1f} MiB (after start-up {result['baseline_mib']:.1f})"
        )

    def report(self, database_url, results):
        engine = database_url.split(":", 1)[0]
        self.stdout.write(f"\nPeak memory of the CSV export ({engine}):")
        for result in results:
            self.stdout.write(self.line(result))
        if len(results) >= 2:
            smallest = min(results, key=lambda r: r["size"])
            largest = max(results, key=lambda r: r["size"])
            ratio = largest["peak_mib"] / smallest["peak_mib"]
            verdict = self.style.SUCCESS if ratio <= TARGET_RATIO else self.style.ERROR
            self.stdout.write(
                verdict(
                    f"{largest['size']:,} / {smallest['size']:,} initiatives: "
                    f"{ratio:.2f}× the memory (target: at most {TARGET_RATIO}×)"
                )
            )
