"""Create a PostgreSQL database (UTF-8, for Arabic search) if it does not exist yet, set up
as docs/deploy.md sets up production's."""

from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named in --url when it is missing."

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="postgres://user@host:port/name")

    def handle(self, *args, url, **options):
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        if parts.scheme not in ("postgres", "postgresql") or not name:
            raise CommandError("Give a postgres:// address with a database name.")
        server = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists:
                self.stdout.write(f"Database {name} exists.")
                return
            database = psycopg.sql.Identifier(name)
            connection.execute(
                psycopg.sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' "
                    "TEMPLATE template0"
                ).format(database)
            )
            # As docs/deploy.md sets up production (solid-state storage).
            connection.execute(
                psycopg.sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(database)
            )
        self.stdout.write(self.style.SUCCESS(f"Created database {name} (UTF-8)."))
