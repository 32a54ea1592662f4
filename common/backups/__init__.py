"""Backups of the whole registry, database and media files, taken while the site runs, and their restore.

A backup is a directory holding a consistent copy of the database (SQLite: a copy made with
SQLite's online backup API; PostgreSQL: a `pg_dump` archive in custom format), the media files in
`media.tar.gz`, `manifest.json`: when and from which database it was made, the migrations
applied, the rows of every table and a checksum of every file, and `manifest.sig`: an HMAC-SHA256
of the manifest's exact bytes with a key the operator keeps apart from the backups, so that a
backup changed since (its checksums recomputed included) is refused. The signature is written
before the manifest and the manifest last, so a directory without a manifest is not a finished
backup.
"""

import json
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .database import (
    DATABASE_FILES,
    backup_postgresql,
    backup_sqlite,
    code_migrations,
    count_rows_in,
    restore_postgresql,
    restore_sqlite,
)
from .media import MEDIA_ARCHIVE, archive_media, file_summary, replace_contents, unpack_media
from .signing import ALGORITHM, MANIFEST, SIGNATURE, SigningKey, check_signature, key_file, signing_key

FORMAT = 1

Log = Callable[[str], None]


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups" / timezone.localtime().strftime("%Y-%m-%d_%H%M%S")


def create_backup(directory: Path, *, log: Log) -> tuple[dict, "SigningKey"]:
    """Write a signed backup into `directory`, which must not exist or be empty; returns the manifest and key."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise CommandError(f"Backups cover SQLite and PostgreSQL databases, not {vendor}.")
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise CommandError(f"{directory} already exists and is not empty: choose another --output.")
    if not settings.BACKUP_SIGNING_KEY and key_file().is_relative_to(directory.resolve()):
        raise CommandError(
            f"The signing key {key_file()} would be inside the backup, where it proves nothing: "
            "choose another --output, or keep the key elsewhere (DJANGO_BACKUP_KEY_FILE)."
        )
    key = signing_key(create=True)
    created = not directory.exists()
    # The backup holds private data (contact details, national IDs): only its owner may read it.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        database_file = directory / DATABASE_FILES[vendor]
        log(f"Copying the {vendor} database to {database_file}…")
        if vendor == "sqlite":
            counts, applied = backup_sqlite(database_file)
        else:
            counts, applied = backup_postgresql(database_file)
        log(f"Archiving the media files of {settings.MEDIA_ROOT}…")
        media = archive_media(Path(settings.MEDIA_ROOT), directory / MEDIA_ARCHIVE, skip=directory)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "backend": vendor,
            "django": django.get_version(),
            "database": database_file.name,
            "media": {"archive": MEDIA_ARCHIVE, **media},
            "migrations": {"applied": applied, "heads": code_migrations(leaves_only=True)},
            "counts": counts,
            "files": {path.name: file_summary(path) for path in (database_file, directory / MEDIA_ARCHIVE)},
        }
        for path in directory.iterdir():
            path.chmod(0o600)
        data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
        signature = {"algorithm": ALGORITHM, "key": key.fingerprint, "hmac": key.sign(data)}
        # The signature first: a backup with a manifest always has it.
        write_atomically(directory / SIGNATURE, (json.dumps(signature, indent=2) + "\n").encode())
        write_atomically(directory / MANIFEST, data)
    except (OSError, sqlite3.Error) as error:
        discard(directory, created)
        raise CommandError(f"The backup could not be written to {directory}: {error}") from error
    except BaseException:
        discard(directory, created)
        raise
    return manifest, key


def write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.chmod(0o600)
    partial.replace(path)


def discard(directory: Path, created: bool) -> None:
    """Leave no half-written backup behind that could be taken for one."""
    for path in directory.iterdir():
        path.unlink()
    if created:
        directory.rmdir()


def read_backup(directory: Path, *, signed: bool = True) -> dict:
    """The manifest of the backup in `directory`, once its signature, files and backend have been checked."""
    if not directory.is_dir():
        raise CommandError(f"There is no backup at {directory}.")
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise CommandError(f"{directory} has no {MANIFEST}: it is not a backup, or one that did not finish.")
    # Read once: the bytes checked against the signature are the bytes read as the manifest.
    data = manifest_path.read_bytes()
    if signed:
        check_signature(directory, data)
    try:
        manifest = json.loads(data)
        backend, database, files = manifest["backend"], manifest["database"], manifest["files"]
        archive, applied = manifest["media"]["archive"], manifest["migrations"]["applied"]
        if manifest["format"] != FORMAT:
            raise ValueError(f"format {manifest['format']}, this registry reads format {FORMAT}")
        if not all(isinstance(value, dict) for value in (files, applied, manifest["counts"])):
            raise TypeError("files, migrations and counts must be objects")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{manifest_path} is damaged: {error!r}.") from error
    if backend != connection.vendor:
        raise CommandError(
            f"The backup is of a {backend} database, but this site uses {connection.vendor}: "
            "restore it on a site that uses the same kind of database."
        )
    if set(files) != {database, archive}:
        raise CommandError(f"{manifest_path} is damaged: it lists the files {sorted(files)}.")
    for name, expected in files.items():
        path = directory / name
        if not path.is_file():
            raise CommandError(f"The backup is incomplete: {path} is missing.")
        if file_summary(path) != expected:
            raise CommandError(f"The backup is damaged: {path} does not match the checksum in {MANIFEST}.")
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    unknown = sorted(f"{app}.{name}" for app, names in applied.items() for name in names if (app, name) not in known)
    if unknown:
        raise CommandError(
            "The backup was made by a newer version of the registry (it has the migrations "
            f"{', '.join(unknown)}): install that version, then restore it."
        )
    return manifest


def restore_backup(directory: Path, manifest: dict, *, log: Log) -> None:
    """Replace the database and the media files with those of a backup checked by `read_backup`."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked first, beside the media files, so a bad archive fails before anything is replaced.
    with tempfile.TemporaryDirectory(dir=media_root, prefix=".restore-") as staging:
        log(f"Unpacking the media files into {staging}…")
        unpack_media(directory / manifest["media"]["archive"], Path(staging))
        database_file = directory / manifest["database"]
        log(f"Restoring the {manifest['backend']} database from {database_file}…")
        if manifest["backend"] == "sqlite":
            restore_sqlite(database_file)
        else:
            restore_postgresql(database_file)
        log(f"Replacing the media files in {media_root}…")
        replace_contents(media_root, Path(staging))
    with connection.cursor() as cursor:
        counts = count_rows_in(cursor, connection.introspection.table_names(cursor))
    if counts != manifest["counts"]:
        differences = sorted(
            f"{label}: {counts.get(label)} instead of {manifest['counts'].get(label)}"
            for label in counts.keys() | manifest["counts"].keys()
            if counts.get(label) != manifest["counts"].get(label)
        )
        raise CommandError(f"The restored database does not match the backup's manifest: {'; '.join(differences)}.")


def pending_migrations(manifest: dict) -> list[str]:
    """Migrations of this version of the registry that the backup's database has not had."""
    applied = {(app, name) for app, names in manifest["migrations"]["applied"].items() for name in names}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes if (app, name) not in applied)
