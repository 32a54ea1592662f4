"""Backups of the whole registry, database and files, taken while the site runs, and their restore.

A backup is a directory holding a consistent copy of the database (SQLite: a copy made with
SQLite's online backup API; PostgreSQL: a `pg_dump` archive in custom format), the media files in
`media.tar.gz`, the private files (DJANGO_PRIVATE_MEDIA_ROOT: verification evidence) in
`private.tar.gz`, `manifest.json`: when and from which database it was made, the migrations
applied, the rows of every table and a checksum of every file, and `manifest.sig`: an HMAC-SHA256
of the manifest's exact bytes with a key the operator keeps apart from the backups, so that a
backup changed since (its checksums recomputed included) is refused. The signature is written
before the manifest and the manifest last, so a directory without a manifest is not a finished
backup. Backups of format 1, made before the private files were backed up, have no
`private.tar.gz`: restoring one leaves the private files as they are.
"""

import contextlib
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
from .media import (
    MEDIA_ARCHIVE,
    PRIVATE_ARCHIVE,
    STAGING_PREFIX,
    archive_files,
    file_summary,
    replace_contents,
    unpack_files,
)
from .signing import ALGORITHM, MANIFEST, SIGNATURE, SigningKey, check_signature, key_file, signing_key

# 2 added the private files; format 1 is still read and restored.
FORMAT = 2

Log = Callable[[str], None]


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups" / timezone.localtime().strftime("%Y-%m-%d_%H%M%S")


def file_roots() -> tuple[Path, Path]:
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT, resolved; either may lie inside the other, but not be the other."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if media_root == private_root:
        raise CommandError(
            f"DJANGO_PRIVATE_MEDIA_ROOT is DJANGO_MEDIA_ROOT ({media_root}), where the web server serves "
            "the private files to anyone: set it to a directory of its own."
        )
    return media_root, private_root


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
    media_root, private_root = file_roots()
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
        # Neither root's archive holds the other root's files (one may lie inside the other), nor the backup.
        log(f"Archiving the media files of {media_root}…")
        media = archive_files(media_root, directory / MEDIA_ARCHIVE, skip=(directory.resolve(), private_root))
        log(f"Archiving the private files of {private_root}…")
        private = archive_files(private_root, directory / PRIVATE_ARCHIVE, skip=(directory.resolve(), media_root))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "backend": vendor,
            "django": django.get_version(),
            "database": database_file.name,
            "media": {"archive": MEDIA_ARCHIVE, **media},
            "private": {"archive": PRIVATE_ARCHIVE, **private},
            "migrations": {"applied": applied, "heads": code_migrations(leaves_only=True)},
            "counts": counts,
            "files": {
                path.name: file_summary(path)
                for path in (database_file, directory / MEDIA_ARCHIVE, directory / PRIVATE_ARCHIVE)
            },
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
        if manifest["format"] not in range(1, FORMAT + 1):
            raise ValueError(f"format {manifest['format']}, this registry reads formats 1 to {FORMAT}")
        # Format 1 has no private files; from format 2 on, they are always there (if only an empty archive).
        names = [database, archive] + ([manifest["private"]["archive"]] if manifest["format"] >= 2 else [])
        if len(set(names)) != len(names):
            raise ValueError(f"the database and the archives must be files of their own, not {names}")
        if not all(isinstance(value, dict) for value in (files, applied, manifest["counts"])):
            raise TypeError("files, migrations and counts must be objects")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{manifest_path} is damaged: {error!r}.") from error
    if backend != connection.vendor:
        raise CommandError(
            f"The backup is of a {backend} database, but this site uses {connection.vendor}: "
            "restore it on a site that uses the same kind of database."
        )
    if set(files) != set(names):
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
    """Replace the database and the files with those of a backup checked by `read_backup`."""
    media_root, private_root = file_roots()
    private = manifest["private"] if manifest["format"] >= 2 else None
    # What lies inside a root but is not its own stays: the other root, and the backup being restored.
    backup = directory.resolve()
    media_root.mkdir(parents=True, exist_ok=True)
    if private:
        private_root.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        # Unpacked first, beside the files they replace, so a bad archive fails before anything is replaced.
        media_staging = Path(stack.enter_context(tempfile.TemporaryDirectory(dir=media_root, prefix=STAGING_PREFIX)))
        log(f"Unpacking the media files into {media_staging}…")
        unpack_files(directory / manifest["media"]["archive"], media_staging)
        if private:
            private_staging = Path(
                stack.enter_context(tempfile.TemporaryDirectory(dir=private_root, prefix=STAGING_PREFIX))
            )
            log(f"Unpacking the private files into {private_staging}…")
            unpack_files(directory / private["archive"], private_staging)
        database_file = directory / manifest["database"]
        log(f"Restoring the {manifest['backend']} database from {database_file}…")
        if manifest["backend"] == "sqlite":
            restore_sqlite(database_file)
        else:
            restore_postgresql(database_file)
        log(f"Replacing the media files in {media_root}…")
        replace_contents(media_root, media_staging, keep=(private_root, backup))
        if private:
            log(f"Replacing the private files in {private_root}…")
            replace_contents(private_root, private_staging, keep=(media_root, backup))
        else:
            log(
                f"The backup has no private files (it was made before they were backed up): "
                f"the private files in {private_root} are left as they are."
            )
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
