"""Restore an archive written by `manage.py backup`, and prove that the copy is exact.

Only into an empty database and an empty media storage: a restore never merges with or
overwrites what is there (create a new database, or drop the old one, first). Afterwards
every table's row count and every file's SHA-256 are compared with the manifest; any
difference fails the command. Last, the data stamp is replaced (azemmour_portal/cache.py):
no page or fragment cached before the restore is served after it.
"""

import json
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from azemmour_portal import backups
from azemmour_portal.cache import bump


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media storage, and verify it."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--pg-bin", default="", help="Folder of pg_restore, when it is not the one on PATH."
        )

    def handle(self, *args, archive, pg_bin, verbosity, **options):
        self.verbosity = verbosity
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        try:
            tar = tarfile.open(path, "r")
        except tarfile.TarError as error:
            raise CommandError(f"Not a backup archive: {path} cannot be read ({error}).") from None
        with tar:
            manifest = self.read_manifest(tar)
            database = manifest["database"]
            if database["vendor"] != connection.vendor:
                raise CommandError(
                    f"The archive holds a {database['vendor']} database; this portal is "
                    f"configured for {connection.vendor} (DATABASE_URL)."
                )
            self.refuse_unless_empty()

            with tempfile.TemporaryDirectory() as work:
                dump = Path(work) / database["file"]
                self.extract(tar, database["file"], dump, database["sha256"])
                if connection.vendor == "postgresql":
                    self.restore_postgresql(dump, pg_bin)
                else:
                    self.restore_sqlite(dump)
            self.verify_tables(database["tables"])
            self.restore_media(tar, manifest["media"])
        # The cache (Redis) outlives the database: what it holds describes the data before.
        bump()

        rows = sum(database["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified {len(database['tables'])} tables ({rows} rows) and "
                f"{len(manifest['media'])} media files from {path.name}."
            )
        )

    def read_manifest(self, tar: tarfile.TarFile) -> dict:
        try:
            manifest = json.load(tar.extractfile(backups.MANIFEST))
        except KeyError:
            raise CommandError("Not a backup archive: it has no manifest.json.") from None
        if manifest.get("format") != backups.FORMAT or manifest.get("version") != backups.VERSION:
            raise CommandError("Not a backup archive of this portal, or of another version.")
        return manifest

    def refuse_unless_empty(self):
        tables = connection.introspection.table_names()
        if tables:
            raise CommandError(
                f"The database already has {len(tables)} tables. Restore only into an empty "
                "database: docs/operations.md shows how to create one."
            )
        stored = next(backups.media_names(default_storage), None)
        if stored is not None:
            raise CommandError(
                f"The media storage is not empty ({stored}…): restore only into an empty one."
            )

    def extract(self, tar: tarfile.TarFile, name: str, target: Path, sha256: str):
        with tar.extractfile(name) as source, open(target, "wb") as copy:
            while chunk := source.read(backups.CHUNK):
                copy.write(chunk)
        with open(target, "rb") as stream:
            if backups.sha256_of(stream) != sha256:
                raise CommandError(f"{name} in the archive is damaged (checksum differs).")

    def restore_postgresql(self, dump: Path, pg_bin: str):
        pg_restore = backups.client_program("pg_restore", pg_bin)
        connection.ensure_connection()
        backups.check_same_major(pg_restore, connection.connection.info.server_version)
        # Django's connection must not hold the empty catalogue in a transaction meanwhile.
        connection.close()
        result = subprocess.run(
            backups.pg_restore_command(pg_restore, connection.settings_dict, dump),
            env=backups.libpq_environment(connection.settings_dict),
            capture_output=True,
            text=True,
            timeout=6 * 60 * 60,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed; nothing was restored:\n{result.stderr}")

    def restore_sqlite(self, dump: Path):
        connection.ensure_connection()
        with closing(sqlite3.connect(dump)) as copy:
            copy.backup(connection.connection)

    def verify_tables(self, expected: dict[str, int]):
        if connection.vendor == "postgresql":
            with closing(backups.connect(connection.settings_dict)) as check:
                with check.cursor() as cursor:
                    found = backups.postgresql_counts(cursor)
        else:
            connection.ensure_connection()
            found = backups.sqlite_counts(connection.connection)
        if found != expected:
            differences = {
                table: (expected.get(table), found.get(table))
                for table in sorted(set(expected) | set(found))
                if expected.get(table) != found.get(table)
            }
            raise CommandError(f"Row counts differ (table: archive, restored): {differences}")

    def restore_media(self, tar: tarfile.TarFile, expected: dict[str, dict]):
        for name, facts in expected.items():
            with tar.extractfile(f"media/{name}") as source:
                content = File(source, name=name)
                content.size = facts["size"]
                saved = default_storage.save(name, content)
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}.")
            with default_storage.open(name, "rb") as stream:
                if backups.sha256_of(stream) != facts["sha256"]:
                    raise CommandError(f"{name} differs from the archive after restoring.")
        if int(self.verbosity) > 1:
            self.stdout.write(f"{len(expected)} media files restored, checksums verified.")
