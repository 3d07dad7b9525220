"""What `manage.py backup` and `manage.py restore` share: the archive's layout, the
database's tables and row counts, the media files and their checksums, and the PostgreSQL
client programs, which must be of the server's major version.

An archive is an uncompressed tar (the dump and the photos are compressed already):

    manifest.json        what the archive holds, with row counts and checksums
    database.dump        pg_dump --format=custom (PostgreSQL), or
    database.sqlite3     a copy made by SQLite's online backup
    media/<name>         every uploaded file, under its storage name
"""

import hashlib
import os
import posixpath
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError

MANIFEST = "manifest.json"
FORMAT = "azemmour-backup"
VERSION = 1
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def media_names(storage, top: str = ""):
    """Every file in the storage, by its storage name, in a stable order."""
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:  # a media folder not created yet holds nothing
        return
    for name in sorted(files):
        yield posixpath.join(top, name) if top else name
    for directory in sorted(directories):
        yield from media_names(storage, posixpath.join(top, directory) if top else directory)


# PostgreSQL


def libpq_environment(settings_dict: dict) -> dict:
    """The connection as libpq's variables, so no password appears on a command line."""
    variables = {
        "PGDATABASE": settings_dict["NAME"],
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode", ""),
    }
    return os.environ | {name: value for name, value in variables.items() if value}


def pg_dump_command(program: str, snapshot: str, path: Path) -> list[str]:
    """pg_dump's command line; the connection is in libpq_environment()."""
    return [program, "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]


def pg_restore_command(program: str, settings_dict: dict, dump: Path) -> list[str]:
    """pg_restore's command line; the rest of the connection is in libpq_environment().

    All or nothing, into a database that the portal's role owns. No ownership, privileges
    or comments: COMMENT ON EXTENSION needs the extension's owner, and an extension made
    beforehand by postgres (pg_trgm, docs/deploy.md) would fail the whole restore.
    """
    return [
        program,
        "--exit-on-error",
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        "--no-comments",
        f"--dbname={settings_dict['NAME']}",
        str(dump),
    ]


def connect(settings_dict: dict, **options):
    """A psycopg connection of its own, beside Django's (for the snapshot and the counts)."""
    import psycopg

    parameters = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "sslmode": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    return psycopg.connect(
        **{name: value for name, value in parameters.items() if value}, **options
    )


def postgresql_counts(cursor) -> dict[str, int]:
    """Rows of every table of the portal's schema, as this transaction sees them."""
    from psycopg import sql

    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false)) "
        "ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def client_program(name: str, bin_dir: str = "") -> str:
    program = str(Path(bin_dir) / name) if bin_dir else shutil.which(name)
    if not program or not Path(program).exists():
        raise CommandError(
            f"{name} was not found. Install PostgreSQL's client programs of the server's "
            "version (Debian: postgresql-client-15), or give their folder with --pg-bin."
        )
    return program


def client_major(program: str) -> int:
    """The major version a client program reports: `pg_dump (PostgreSQL) 15.20 (…)` → 15."""
    output = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    match = re.search(r"\)\s*(\d+)", output) or re.search(r"(\d+)\.\d+", output)
    if not match:
        raise CommandError(f"Cannot read the version of {program}: {output!r}")
    return int(match.group(1))


def check_same_major(program: str, server_version_num: int) -> None:
    """Fail loudly unless the client program and the server have one major version.

    An older pg_dump refuses a newer server; a newer one writes archives that the
    server's own pg_restore cannot read. Either way the backup would not restore.
    """
    client = client_major(program)
    server = server_version_num // 10000
    if client != server:
        raise CommandError(
            f"{Path(program).name} is PostgreSQL {client} but the server is PostgreSQL "
            f"{server}. Install postgresql-client-{server} (or give its folder with "
            f"--pg-bin, e.g. /usr/lib/postgresql/{server}/bin): a dump across major "
            "versions is not a backup this portal can promise to restore."
        )


# SQLite


def sqlite_counts(sqlite_connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in sqlite_connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        table: sqlite_connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in tables
    }
