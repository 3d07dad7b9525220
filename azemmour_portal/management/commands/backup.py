"""Write one archive from which the portal can be restored exactly.

A backup is worth what its restore is worth, so the archive carries a manifest: every
table's row count and every uploaded file's checksum, which `manage.py restore` checks
after restoring. The database copy is consistent: on PostgreSQL the counts and pg_dump
read one exported snapshot; on SQLite the counts are read from the copy itself.
docs/operations.md gives the daily schedule, the retention and the restore drill.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import closing
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from azemmour_portal import backups

ARCHIVE_GLOB = "azemmour-*.tar"
PARTIAL_ABANDONED_AFTER = 24 * 60 * 60  # seconds


class HashingReader:
    """A file read once, for the archive and for its checksum at the same time."""

    def __init__(self, stream):
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        chunk = self.stream.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


class Command(BaseCommand):
    help = "Write a consistent archive of the database and the uploaded files, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.VAR_DIR / "backups"),
            help="Where to write the archive (default var/backups).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help=(
                "Then delete all but the newest N archives in that folder, and any partial "
                "archive a stopped backup left more than a day ago (default: keep all)."
            ),
        )
        parser.add_argument(
            "--pg-bin", default="", help="Folder of pg_dump, when it is not the one on PATH."
        )

    def handle(self, *args, output_dir, keep, pg_bin, verbosity, **options):
        self.verbosity = verbosity
        vendor = connection.vendor
        if vendor not in backups.DUMP_NAMES:
            raise CommandError(f"No backup for a {vendor} database.")
        output = Path(output_dir)
        # Private: an archive holds password hashes, contacts and unpublished records.
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        created = timezone.now()
        archive = output / f"azemmour-{created:%Y%m%d-%H%M%S}.tar"
        for n in range(2, 100):  # a second backup within the same second
            if not archive.exists():
                break
            archive = output / f"azemmour-{created:%Y%m%d-%H%M%S}-{n}.tar"
        partial = archive.with_suffix(".tar.partial")

        try:
            with tempfile.TemporaryDirectory(dir=output) as work:
                dump = Path(work) / backups.DUMP_NAMES[vendor]
                if vendor == "postgresql":
                    tables, server = self.dump_postgresql(dump, pg_bin)
                else:
                    tables, server = self.dump_sqlite(dump), sqlite3.sqlite_version
                with open(dump, "rb") as stream:
                    dump_sha256 = backups.sha256_of(stream)
                with (
                    self.private_file(partial) as stream,
                    tarfile.open(fileobj=stream, mode="w") as tar,
                ):
                    tar.add(dump, arcname=dump.name)
                    media = self.add_media(tar)
                    manifest = {
                        "format": backups.FORMAT,
                        "version": backups.VERSION,
                        "created": created.isoformat(),
                        "django": django.get_version(),
                        "database": {
                            "vendor": vendor,
                            "server_version": server,
                            "file": dump.name,
                            "sha256": dump_sha256,
                            "tables": tables,
                        },
                        "media": media,
                    }
                    data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(backups.MANIFEST)
                    info.size, info.mtime = len(data), int(created.timestamp())
                    tar.addfile(info, io.BytesIO(data))
            # Only a complete archive ever has the name the restore drill looks for.
            partial.replace(archive)
        except BaseException:
            # A failed backup leaves nothing behind (one killed outright: --keep, a day later).
            partial.unlink(missing_ok=True)
            raise

        self.stdout.write(
            self.style.SUCCESS(
                f"{archive}: {len(tables)} tables, {sum(tables.values())} rows, "
                f"{len(media)} media files, {archive.stat().st_size / 1e6:.1f} MB."
            )
        )
        if keep > 0:
            self.prune(output, keep)

    @staticmethod
    def private_file(path: Path):
        """A new file only its owner may read, whatever the umask."""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # a file left by an earlier run keeps its mode otherwise
        return open(descriptor, "wb")

    def dump_postgresql(self, path: Path, pg_bin: str) -> tuple[dict[str, int], str]:
        pg_dump = backups.client_program("pg_dump", pg_bin)
        settings_dict = connection.settings_dict
        with closing(backups.connect(settings_dict)) as snapshot_holder:
            backups.check_same_major(pg_dump, snapshot_holder.info.server_version)
            with snapshot_holder.cursor() as cursor:
                # The counts and pg_dump see the same instant, whatever is written meanwhile.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server = cursor.fetchone()
                tables = backups.postgresql_counts(cursor)
                result = subprocess.run(
                    backups.pg_dump_command(pg_dump, snapshot, path),
                    env=backups.libpq_environment(settings_dict),
                    capture_output=True,
                    text=True,
                    timeout=6 * 60 * 60,
                )
            snapshot_holder.rollback()
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed:\n{result.stderr}")
        if int(self.verbosity) > 1:
            self.stdout.write(f"pg_dump of PostgreSQL {server}, snapshot {snapshot}.")
        return tables, server

    def dump_sqlite(self, path: Path) -> dict[str, int]:
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            # SQLite's online backup: a consistent copy while the portal keeps running.
            connection.connection.backup(copy)
            return backups.sqlite_counts(copy)

    def add_media(self, tar: tarfile.TarFile) -> dict[str, dict]:
        media = {}
        for name in backups.media_names(default_storage):
            info = tarfile.TarInfo(f"media/{name}")
            try:
                info.size, info.mtime = default_storage.size(name), int(time.time())
                with default_storage.open(name, "rb") as stream:
                    reader = HashingReader(stream)
                    tar.addfile(info, reader)
                changed = default_storage.size(name) != info.size  # grew: copied in part
            except FileNotFoundError:
                changed = True  # deleted, or withheld with its record, since it was listed
            except OSError as error:
                if error.errno is not None:  # the archive's disk, not the file: as it is
                    raise
                changed = True  # shrank: tarfile's "unexpected end of data"
            if changed:
                raise CommandError(
                    f"The file {name} changed while the backup copied it (an upload or a "
                    "deletion meanwhile). Nothing was kept: run the backup again."
                )
            media[name] = {"size": reader.size, "sha256": reader.digest.hexdigest()}
        return media

    def prune(self, output: Path, keep: int):
        archives = sorted(output.glob(ARCHIVE_GLOB), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in archives[keep:]:
            old.unlink()
            if int(self.verbosity) > 0:
                self.stdout.write(f"Deleted {old.name} (keeping the newest {keep}).")
        # What a backup killed outright (the server stopped, the disk full) left: no backup
        # runs for a day, so a partial file that old is no one's.
        abandoned = time.time() - PARTIAL_ABANDONED_AFTER
        for partial in output.glob(f"{ARCHIVE_GLOB}.partial"):
            if partial.stat().st_mtime < abandoned:
                partial.unlink()
                if int(self.verbosity) > 0:
                    self.stdout.write(f"Deleted {partial.name}, left by a backup that stopped.")
