"""A backup restores exactly: every table's rows and every uploaded file, proved on
PostgreSQL by dropping everything and restoring the archive."""

import hashlib
import json
import os
import shutil
import stat
import tarfile
import time
from pathlib import Path

import dj_database_url
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.db import connection

from azemmour_portal import backups
from azemmour_portal.cache import data_stamp
from initiatives.models import UpdateDocument
from tests.helpers import png


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def checksums(root) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def drop_everything(media_root):
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(media_root)


@pytest.fixture
def demo_portal(needs_postgresql, transactional_db, media, make_update, make_photo):
    call_command("load_district", verbosity=0)
    call_command("seed_demo", initiatives=60, verbosity=0)
    for n in range(3):
        make_photo(caption_fr=f"Chantier {n}")
    UpdateDocument.objects.create(
        update=make_update(), title_ar="محضر", file=png("minutes.pdf", size=(8, 8))
    )


def test_a_backup_restores_every_row_and_every_file_after_everything_is_dropped(
    demo_portal, media, tmp_path
):
    rows, files = row_counts(), checksums(media)
    assert sum(rows.values()) > 1000 and len(files) == 4

    call_command("backup", output_dir=str(tmp_path / "backups"), verbosity=0)
    (archive,) = (tmp_path / "backups").glob("azemmour-*.tar")
    drop_everything(media)
    assert row_counts() == {} and not media.exists()

    call_command("restore", str(archive), verbosity=0)

    assert row_counts() == rows
    assert checksums(media) == files


def test_the_manifest_lists_row_counts_and_file_checksums(demo_portal, media, tmp_path):
    call_command("backup", output_dir=str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("azemmour-*.tar")

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))

    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["database"]["tables"] == row_counts()
    assert {name: facts["sha256"] for name, facts in manifest["media"].items()} == checksums(media)


def test_a_restore_refuses_a_database_that_is_not_empty(demo_portal, tmp_path):
    call_command("backup", output_dir=str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("azemmour-*.tar")

    with pytest.raises(CommandError, match="Restore only into an empty database"):
        call_command("restore", str(archive), verbosity=0)


@pytest.mark.parametrize("content", [b"", b"not an archive at all"])
def test_a_restore_refuses_a_file_that_is_not_an_archive(db, tmp_path, content):
    archive = tmp_path / "azemmour-2026.tar"
    archive.write_bytes(content)

    with pytest.raises(CommandError, match="Not a backup archive"):
        call_command("restore", str(archive), verbosity=0)


def test_a_backup_fails_loudly_when_pg_dump_is_not_the_servers_version(needs_postgresql, tmp_path):
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 99.1'\n")
    fake.chmod(0o755)

    with pytest.raises(CommandError, match="pg_dump is PostgreSQL 99 but the server is"):
        call_command("backup", output_dir=str(tmp_path), pg_bin=str(fake.parent), verbosity=0)

    assert list(tmp_path.glob("azemmour-*")) == []


def test_old_archives_beyond_the_retention_are_deleted(needs_postgresql, media, tmp_path):
    for _ in range(3):
        call_command("backup", output_dir=str(tmp_path), keep=2, verbosity=0)

    assert len(list(tmp_path.glob("azemmour-*.tar"))) == 2


def test_a_sqlite_backup_is_an_online_copy_with_its_own_row_counts(
    transactional_db, media, tmp_path, make_photo
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup; PostgreSQL's is proved above")
    make_photo()

    call_command("backup", output_dir=str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("azemmour-*.tar")

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert "database.sqlite3" in tar.getnames()
    tables = manifest["database"]["tables"]
    assert {table: n for table, n in tables.items() if table in row_counts()} == row_counts()
    assert len(manifest["media"]) == 1


@pytest.mark.parametrize("where", ["cache", "database"])
def test_a_restore_replaces_the_data_stamp_so_no_page_cached_before_it_is_served(
    needs_postgresql, transactional_db, media, tmp_path, make_photo, settings, where
):
    settings.DATA_STAMP = where
    make_photo()
    call_command("backup", output_dir=str(tmp_path), verbosity=0)
    (archive,) = tmp_path.glob("azemmour-*.tar")
    before = data_stamp()
    drop_everything(media)

    call_command("restore", str(archive), verbosity=0)

    assert data_stamp() > before


def test_an_archive_is_readable_by_its_owner_only(transactional_db, media, tmp_path, make_photo):
    make_photo()
    output = tmp_path / "backups"
    umask = os.umask(0o022)
    try:
        call_command("backup", output_dir=str(output), verbosity=0)
    finally:
        os.umask(umask)

    (archive,) = output.glob("azemmour-*.tar")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(output.stat().st_mode) == 0o700


@pytest.mark.parametrize("change", ["shrinks", "grows", "goes"])
def test_a_file_changed_while_it_is_copied_fails_the_backup_clearly_and_leaves_nothing(
    transactional_db, media, tmp_path, make_photo, monkeypatch, change
):
    make_photo()
    real_size = FileSystemStorage.size
    sizes = []

    def size(storage, name):
        sizes.append(name)
        if change == "shrinks":  # tarfile stops with "unexpected end of data"
            return real_size(storage, name) + 1
        if change == "grows" and sizes.count(name) > 1:  # read again after the copy
            return real_size(storage, name) + 1
        return real_size(storage, name)

    def gone(storage, name, mode="rb"):  # deleted since it was listed
        raise FileNotFoundError(name)

    monkeypatch.setattr(FileSystemStorage, "size", size)
    if change == "goes":
        monkeypatch.setattr(FileSystemStorage, "open", gone)

    with pytest.raises(CommandError, match="changed while the backup copied it"):
        call_command("backup", output_dir=str(tmp_path / "backups"), verbosity=0)

    assert list((tmp_path / "backups").iterdir()) == []


def test_pg_dump_and_pg_restore_use_the_local_socket_when_the_url_names_no_host(monkeypatch):
    """DATABASE_URL=postgres:///azemmour (peer authentication, docs/deploy.md): no host,
    port, user or password, so libpq connects through its socket as the system user."""
    for name in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE"):
        monkeypatch.delenv(name, raising=False)
    settings_dict = dj_database_url.parse("postgres:///azemmour")

    environ = backups.libpq_environment(settings_dict)
    dump = backups.pg_dump_command("pg_dump", "00000003-1", Path("database.dump"))
    restore = backups.pg_restore_command("pg_restore", settings_dict, Path("database.dump"))

    assert environ["PGDATABASE"] == "azemmour"
    assert not {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"} & set(environ)
    for command in (dump, restore):
        assert not [word for word in command if word.startswith(("-h", "--host", "-p", "-U"))]
    assert "--dbname=azemmour" in restore


def test_a_restore_leaves_out_comments_which_only_an_extensions_owner_may_write():
    """pg_trgm created beforehand by postgres (docs/deploy.md §2) is not the portal's role's:
    restoring `COMMENT ON EXTENSION pg_trgm` as that role would fail the whole restore."""
    restore = backups.pg_restore_command("pg_restore", {"NAME": "azemmour"}, Path("d.dump"))

    assert {"--no-comments", "--no-owner", "--no-privileges", "--single-transaction"} <= set(
        restore
    )


def test_keep_also_deletes_what_a_backup_killed_outright_left_a_day_ago(
    transactional_db, media, tmp_path
):
    output = tmp_path / "backups"
    output.mkdir()
    abandoned = output / "azemmour-20261101-030000.tar.partial"
    abandoned.write_bytes(b"half an archive")
    day_and_a_bit = time.time() - 25 * 60 * 60
    os.utime(abandoned, (day_and_a_bit, day_and_a_bit))
    recent = output / "azemmour-20261130-030000.tar.partial"  # perhaps being written
    recent.write_bytes(b"a backup still running")

    call_command("backup", output_dir=str(output), keep=3, verbosity=0)

    assert not abandoned.exists()
    assert recent.exists()
    assert len(list(output.glob("azemmour-*.tar"))) == 1
