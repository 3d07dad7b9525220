"""Measure each public page type, feed, sitemap and API list against the ceiling of this
stack on this machine.

`make bench` runs it on 10,000 demo initiatives in PostgreSQL. The portal is served by
gunicorn with the production settings (settings/loopback.py: production plus a constant
page, the *ceiling*: what Django, its middleware and gunicorn serve when a view costs
nothing), and wrk drives each page on loopback for a fixed time and concurrency: first
with fragments and pages cached in Redis, then in each worker's memory (no Redis: the data
stamp in the database), then with no cache at all. Per page: requests per second, p50 and
p99 latency, the ratio to the ceiling, the page's queries, its size and its time in
this process (Python and database, without the HTTP server) and how many workers gunicorn
replaced during its run; the same as JSON under
var/bench/. And the CSV export's peak memory, through opendata's bench_export, when that
command exists.

The ceiling is measured first and again last in each mode: the machine's speed drifts
while the pages run (other processes, a busy host), and each ratio is taken against the
higher of the two, so a slow moment never flatters a page.

Figures depend on the machine and on whatever else runs on it; they are never a test.
"""

import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from communes.models import Commune
from initiatives.models import Initiative

from ._bench_work import foundation_work

LOOPBACK = "127.0.0.1"
HEADERS = {"Host": LOOPBACK, "X-Forwarded-Proto": "https"}
TARGETS = {"cached": 1 / 3, "local-memory": 1 / 3, "uncached": 1 / 8}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
IN_PROCESS_VISITS = 11
CEILING_AGAIN = "ceiling, again"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def milliseconds(value: str, unit: str) -> float:
    return float(value) * UNITS[unit]


def parse_wrk(output: str) -> dict:
    """Requests per second, p50/p99 latency (ms) and failures from wrk's --latency output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    total = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rate and p50 and p99 and total):
        raise CommandError(f"Cannot read wrk's output:\n{output}")
    return {
        "requests_per_second": float(rate.group(1)),
        "p50_ms": round(milliseconds(*p50.groups()), 2),
        "p99_ms": round(milliseconds(*p99.groups()), 2),
        "requests": int(total.group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


class Command(BaseCommand):
    help = "Drive each public page with wrk on gunicorn, next to a constant page, and report."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds per page (10).")
        parser.add_argument("--connections", type=int, default=8, help="wrk connections (8).")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument(
            "--redis-url", default="redis://127.0.0.1:6379/0", help="Redis for the cached run."
        )
        parser.add_argument(
            "--foundation-rounds",
            type=int,
            default=60,
            help="Records of each kind of the foundation's work, for the run only (60).",
        )
        parser.add_argument(
            "--output-dir", default=str(settings.VAR_DIR / "bench"), help="Where the JSON goes."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        if not settings.DEMO_DATA:
            raise CommandError("Run with DEMO_DATA=1: the demo initiatives are the load.")
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk is missing: apt-get install wrk (make bench does).")
        self.options = options
        output = Path(options["output_dir"])
        output.mkdir(parents=True, exist_ok=True)
        static_root = output / "static"
        self.stdout.write("Collecting static files…")
        with override_settings(
            STATIC_ROOT=static_root,
            STORAGES=settings.STORAGES
            | {"staticfiles": {"BACKEND": "azemmour_portal.static.StaticStorage"}},
        ):
            call_command("collectstatic", interactive=False, verbosity=0)

        pages = self.pages()
        count = Initiative.objects.published().count()
        prefix = f"azemmour-bench-{uuid.uuid4().hex[:8]}"
        redis_cache = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": options["redis_url"],
                "KEY_PREFIX": prefix,
            }
        }
        local_memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        modes = {
            "cached": {
                "environ": {"REDIS_URL": options["redis_url"], "CACHE_KEY_PREFIX": prefix},
                "settings": {"CACHES": redis_cache, "CACHE_FRAGMENTS": True, "DATA_STAMP": "cache"},
            },
            # One server without Redis: each worker's own memory, the stamp in the database.
            "local-memory": {
                "environ": {"REDIS_URL": "", "CACHE_FRAGMENTS": "1"},
                "settings": {
                    "CACHES": local_memory,
                    "CACHE_FRAGMENTS": True,
                    "DATA_STAMP": "database",
                },
            },
            "uncached": {
                "environ": {"REDIS_URL": "", "CACHE_FRAGMENTS": "0"},
                "settings": {"CACHE_FRAGMENTS": False},
            },
        }
        report = {
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "published_initiatives": count,
            "wrk": {
                "duration_s": options["duration"],
                "connections": options["connections"],
                "threads": options["threads"],
            },
            "gunicorn_workers": options["workers"],
            "targets": TARGETS,
            "modes": {},
        }
        with foundation_work(options["foundation_rounds"]) as details:
            pages |= self.foundation_pages(details)
            try:
                for mode, setup in modes.items():
                    self.stdout.write(f"\n== {mode}: gunicorn with {options['workers']} workers")
                    sizes = self.measure_in_process(
                        pages, setup["settings"] | {"STATIC_ROOT": static_root}
                    )
                    rows = self.drive(wrk, pages, setup["environ"], static_root, output, mode)
                    for name, row in rows.items():
                        row |= sizes.get(name, {})
                    report["modes"][mode] = rows
                    self.print_table(mode, rows)
            finally:
                self.forget_redis_keys(options["redis_url"], prefix)
        report["csv_export"] = self.export_memory()
        if report["csv_export"]:
            export = report["csv_export"]
            self.stdout.write(
                f"\nCSV export of all {export.get('rows', 0):,} initiatives: peak memory "
                f"{export.get('peak_mib')} MiB (baseline {export.get('baseline_mib')} MiB), "
                f"{export.get('seconds')} s."
            )
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        for name in (f"pages-{stamp}.json", "pages-latest.json"):
            (output / name).write_text(json.dumps(report, indent=1, ensure_ascii=False))
        self.stdout.write(f"\nWritten to {output / f'pages-{stamp}.json'}.")

    def pages(self) -> dict[str, str]:
        initiative = Initiative.objects.published().order_by("-planned_budget", "id").first()
        commune = Commune.objects.order_by("display_order", "slug").first()
        if initiative is None or commune is None:
            raise CommandError("No published initiative: seed the demo data first.")
        pages = {
            "ceiling": "/loopback/ceiling/",
            "home": "/ar/",
            "initiatives": "/ar/initiatives/",
            "initiatives, filtered": f"/ar/initiatives/?commune={commune.slug}"
            "&status=in_progress&sort=budget",
            "initiative": f"/ar/initiatives/{initiative.slug}/",
            "communes": "/ar/communes/",
            "commune": f"/ar/communes/{commune.slug}/",
            "foundation": "/ar/foundation/",
        }
        if "search" in settings.INSTALLED_APPS:
            pages["search"] = "/ar/search/?q=" + quote("مدرسة")
        # The other pages drawn from the initiatives. (The foundation's own pages come from
        # foundation_pages(), with records written for the run.)
        pages |= {
            "fact sheet": f"/ar/communes/{commune.slug}/fact-sheet/",
            "commune changes": f"/ar/communes/{commune.slug}/changes/",
            "changes": "/ar/changes/",
            "map": "/ar/map/",
            "data dictionary": "/ar/data/",
        }
        # What feed readers, crawlers and scripts poll.
        pages |= {
            "updates feed": "/ar/updates/feed/",
            "commune feed": f"/ar/communes/{commune.slug}/feed/",
            "sitemap index": "/sitemap.xml",
            "sitemap, initiatives": "/sitemap-initiatives.xml",
            "API, initiatives": "/api/v1/initiatives/",
            "API, partners": "/api/v1/partners/",
        }
        return pages

    @staticmethod
    def foundation_pages(details: dict[str, str]) -> dict[str, str]:
        """The foundation's own lists and one record of each (_bench_work.py)."""
        return {
            "proposals": "/ar/foundation/proposals/",
            "proposal": details["proposal"],
            "advocacy": "/ar/foundation/advocacy/",
            "dossier": details["dossier"],
            "trainings": "/ar/foundation/trainings/",
            "training": details["training"],
            "events": "/ar/foundation/events/",
            "event": details["event"],
            "news": "/ar/foundation/news/",
            "news item": details["news item"],
        }

    def measure_in_process(self, pages, overrides) -> dict[str, dict]:
        """Queries, HTML size and time in this process (Django's test client, the median of
        a few visits: Python and database, no HTTP server) of each page as a repeat visitor
        gets it (after one visit)."""
        sizes = {}
        with override_settings(ALLOWED_HOSTS=["testserver"], **overrides):
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            for name, url in pages.items():
                if name == "ceiling":
                    continue
                client.get(url, secure=True)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, secure=True)
                # Counted now: every request empties the connection's log of queries.
                queries = len(captured)
                if response.status_code != 200:
                    raise CommandError(f"{url} answered {response.status_code}.")
                timings = []
                for _ in range(IN_PROCESS_VISITS):
                    started = time.perf_counter()
                    client.get(url, secure=True)
                    timings.append(1000 * (time.perf_counter() - started))
                sizes[name] = {
                    "queries": queries,
                    "html_kb": round(len(response.content) / 1024, 1),
                    "in_process_ms": round(statistics.median(timings), 1),
                }
        return sizes

    def drive(self, wrk, pages, environ, static_root, output, mode) -> dict[str, dict]:
        port = free_port()
        log = output / f"gunicorn-{mode}.log"
        process = self.start_gunicorn(port, environ, static_root, log)
        rows = {}
        # The ceiling again at the end (see the module's docstring).
        runs = [*pages.items(), (CEILING_AGAIN, pages["ceiling"])]
        try:
            for name, url in runs:
                self.warm(port, url)
                booted = self.workers_booted(log)
                command = [
                    wrk,
                    f"--threads={self.options['threads']}",
                    f"--connections={self.options['connections']}",
                    f"--duration={self.options['duration']}s",
                    "--timeout=10s",
                    "--latency",
                    *(item for key, value in HEADERS.items() for item in ("-H", f"{key}: {value}")),
                    f"http://{LOOPBACK}:{port}{url}",
                ]
                result = subprocess.run(
                    command,
                    capture_output=True,
                    text=True,
                    timeout=self.options["duration"] + 60,
                )
                if result.returncode != 0:
                    raise CommandError(f"wrk failed on {url}:\n{result.stderr}")
                rows[name] = {"url": url} | parse_wrk(result.stdout)
                # A worker replaced during the run (gunicorn's max_requests) spends about a
                # second of CPU starting: it shows in the p99.
                rows[name]["worker_restarts"] = self.workers_booted(log) - booted
                self.stdout.write(
                    f"  {name:<24}{rows[name]['requests_per_second']:>9.1f} req/s", ending="\n"
                )
        finally:
            self.stop(process)
        ceiling = max(rows[name]["requests_per_second"] for name in ("ceiling", CEILING_AGAIN))
        for row in rows.values():
            # Not rounded: a page at 0.12498 of the ceiling misses a target of 0.125.
            row["ratio"] = row["requests_per_second"] / ceiling if ceiling else None
        return rows

    @staticmethod
    def workers_booted(log) -> int:
        return log.read_text(errors="replace").count("Booting worker")

    def start_gunicorn(self, port, environ, static_root, log) -> subprocess.Popen:
        database = connection.settings_dict
        url = (
            f"postgres://{quote(database.get('USER') or '')}"
            + (f":{quote(database['PASSWORD'])}" if database.get("PASSWORD") else "")
            + f"@{database.get('HOST') or LOOPBACK}:{database.get('PORT') or 5432}/"
            + database["NAME"]
        )
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "azemmour_portal.settings.loopback",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": LOOPBACK,
            "DATABASE_URL": url,
            "DEMO_DATA": "1",
            "STATIC_ROOT": str(static_root),
            "WEB_CONCURRENCY": str(self.options["workers"]),
            "LOG_LEVEL": "WARNING",
        }
        env |= environ
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        command += ["--bind", f"{LOOPBACK}:{port}"]
        with open(log, "wb") as output:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if self.fetch(port, "/healthz") == 200:
                    return process
            except OSError:
                pass
            time.sleep(0.25)
        self.stop(process)
        raise CommandError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")

    def fetch(self, port, url) -> int:
        request = urllib.request.Request(f"http://{LOOPBACK}:{port}{url}", headers=HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def warm(self, port, url):
        """A few visits first: the workers' connections open, the fragments are cached."""
        for _ in range(3):
            status = self.fetch(port, url)
            if status != 200:
                raise CommandError(f"{url} answered {status} under gunicorn.")

    @staticmethod
    def stop(process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    @staticmethod
    def forget_redis_keys(url, prefix):
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)

    def export_memory(self) -> dict | None:
        """Peak memory of the streamed CSV export of every initiative (the open-data issue's
        own measurement, run here on the benchmark's database)."""
        if "bench_export" not in get_commands():
            return None
        result = subprocess.run(
            [sys.executable, "manage.py", "bench_export", "--measure"],
            cwd=settings.BASE_DIR,
            env=os.environ | {"DEBUG": "0", "DEMO_DATA": "1"},
            capture_output=True,
            text=True,
            timeout=15 * 60,
        )
        if result.returncode != 0:
            self.stderr.write(f"bench_export failed:\n{result.stderr[-2000:]}")
            return None
        return json.loads(result.stdout.strip().splitlines()[-1])

    def print_table(self, mode, rows):
        target = TARGETS[mode]
        self.stdout.write(
            f"\n{mode}: target ≥ {target:.3f} of the ceiling, no non-2xx\n"
            f"{'page':<24}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}"
            f"{'queries':>9}{'KB':>7}{'in-proc':>9}{'non-2xx':>9}{'restarts':>9}  target"
        )
        for name, row in rows.items():
            met = name in ("ceiling", CEILING_AGAIN) or (
                row["ratio"] >= target and row["non_2xx"] == 0 and row["socket_errors"] == 0
            )
            row["target_met"] = met
            self.stdout.write(
                f"{name:<24}{row['requests_per_second']:>9.1f}{row['p50_ms']:>9.2f}"
                f"{row['p99_ms']:>9.2f}{row['ratio']:>8.3f}{row.get('queries', ''):>9}"
                f"{row.get('html_kb', ''):>7}{row.get('in_process_ms', ''):>9}{row['non_2xx']:>9}"
                f"{row['worker_restarts']:>9}  {'met' if met else 'MISSED'}"
            )
