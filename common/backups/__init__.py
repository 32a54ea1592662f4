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

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
ALGORITHM = "hmac-sha256"
# A key one could guess would let whoever holds a backup forge its signature.
KEY_MIN_LENGTH = 32
FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA_ARCHIVE = "media.tar.gz"

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


# --- The signature -----------------------------------------------------------------------------
# A plain HMAC-SHA256 from the standard library rather than django.core.signing: the key must not be
# SECRET_KEY (which lives with the site and may be rotated), and anyone can check a backup without
# the registry: `openssl dgst -sha256 -hmac "$(cat var/backup.key)" manifest.json`.


@dataclass(frozen=True)
class SigningKey:
    secret: bytes = field(repr=False)
    source: str
    created: bool = False

    @property
    def fingerprint(self) -> str:
        """Names the key in messages and in manifest.sig without revealing it."""
        return hashlib.sha256(self.secret).hexdigest()[:12]

    def sign(self, data: bytes) -> str:
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()


def key_file() -> Path:
    path = Path(settings.BACKUP_SIGNING_KEY_FILE).resolve()
    if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        # There it would be archived into every backup, served with the media, and replaced by a restore.
        raise CommandError(
            f"The backup signing key {path} is among the media files of {settings.MEDIA_ROOT}: "
            "set DJANGO_BACKUP_KEY_FILE to a path outside them."
        )
    return path


def signing_key(*, create: bool = False) -> SigningKey:
    """The key of DJANGO_BACKUP_KEY, or else of the key file, which `create` makes if there is none."""
    if settings.BACKUP_SIGNING_KEY:
        return checked_key(settings.BACKUP_SIGNING_KEY, "DJANGO_BACKUP_KEY")
    path = key_file()
    created = False
    if create and not path.exists():
        created = create_key_file(path)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise CommandError(
            f"There is no backup signing key: DJANGO_BACKUP_KEY is not set and there is no key file {path}. "
            "Set DJANGO_BACKUP_KEY to the key the backup was made with, or put its key file at "
            f"{path} (or point DJANGO_BACKUP_KEY_FILE at it). A backup whose key is lost can only be "
            "restored with --unsigned."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"The backup signing key {path} cannot be read: {error}") from error
    return checked_key(text, str(path), created=created)


def checked_key(text: str, source: str, *, created: bool = False) -> SigningKey:
    if len(text) < KEY_MIN_LENGTH:
        raise CommandError(
            f"The backup signing key of {source} is {len(text)} characters long: use at least "
            f"{KEY_MIN_LENGTH} random ones, e.g. from `python3 -c 'import secrets; print(secrets.token_hex(32))'`."
        )
    return SigningKey(text.encode(), source, created=created)


def create_key_file(path: Path) -> bool:
    """Write a new random key to `path`, readable by its owner only; False if another process got there first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        # A link, unlike a rename, never replaces a key that another backup has just made.
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as error:
        raise CommandError(f"The backup signing key {path} cannot be created: {error}") from error
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True


def check_signature(directory: Path, data: bytes) -> None:
    """Refuse a manifest (`data`) that is unsigned, changed since it was signed, or signed with another key."""
    path = directory / SIGNATURE
    if not path.is_file():
        raise CommandError(
            f"The backup is not signed: {directory} has no {SIGNATURE}, so nothing shows that this registry "
            "made it or that it was not changed since. Backups made before they were signed have none; "
            "restore such a backup with --unsigned, and only if you know where it comes from."
        )
    try:
        signature = json.loads(path.read_bytes())
        algorithm, fingerprint, digest = signature["algorithm"], signature["key"], signature["hmac"]
        if not all(isinstance(value, str) for value in (algorithm, fingerprint, digest)):
            raise TypeError("algorithm, key and hmac must be strings")
    except (ValueError, KeyError, TypeError) as error:
        raise CommandError(f"{path} is damaged: {error!r}.") from error
    if algorithm != ALGORITHM:
        raise CommandError(f"The backup is signed with {algorithm!r}; this registry checks {ALGORITHM} only.")
    key = signing_key()
    if fingerprint != key.fingerprint:
        raise CommandError(
            f"The backup was signed with the key {fingerprint}, but this site's key is {key.fingerprint} "
            f"(from {key.source}): set DJANGO_BACKUP_KEY or DJANGO_BACKUP_KEY_FILE to the key it was made with."
        )
    if not hmac.compare_digest(key.sign(data).encode(), digest.encode()):
        raise CommandError(
            f"The backup was changed after it was made: its {MANIFEST} does not match the signature in {SIGNATURE}."
        )


# --- The database ------------------------------------------------------------------------------


def backup_sqlite(target: Path) -> tuple[dict, dict]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1) reads the whole database in one read transaction: a snapshot that
        # writers on other connections do not block, and that does not block them (WAL mode).
        connection.connection.backup(copy)
        # A copy in WAL mode would grow -wal and -shm files beside it whenever it is opened; restore
        # puts the live database back in WAL mode by itself.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        tables = [row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return count_rows_in(cursor, tables), applied_migrations_in(cursor, tables)
    finally:
        copy.close()


def restore_sqlite(source: Path) -> None:
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            healthy = backup.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            healthy = False
        if not healthy:
            raise CommandError(f"The backup is damaged: {source} fails SQLite's integrity check.")
        if connection.in_atomic_block:
            raise CommandError("Cannot restore inside a transaction.")
        name = str(connection.settings_dict["NAME"])
        if name != ":memory:" and not name.startswith("file:"):
            # A new machine may not have the database's directory yet.
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        # The live file is replaced page by page under SQLite's write lock: the site's other
        # connections wait for it, then see the restored database whole.
        backup.backup(connection.connection)
    finally:
        backup.close()


def backup_postgresql(target: Path) -> tuple[dict, dict]:
    program = pg_program("pg_dump")
    if connection.in_atomic_block:
        raise CommandError("Cannot back up a PostgreSQL database inside a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        # pg_dump reads the snapshot of this transaction, so the rows counted here are the rows dumped.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        run_pg(program, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", connection_args=True)
        tables = connection.introspection.table_names(cursor)
        return count_rows_in(cursor, tables), applied_migrations_in(cursor, tables)


def restore_postgresql(source: Path) -> None:
    program = pg_program("pg_restore")
    listing = run_pg(program, "--list", str(source))
    backed_up = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, flags=re.MULTILINE))
    extra = sorted(set(connection.introspection.table_names()) - backed_up)
    if extra:
        # --clean drops only what the backup holds; these tables would stay behind, out of step.
        raise CommandError(
            f"The database has tables the backup does not have ({', '.join(extra)}), made by a later "
            "migration. Restore into an empty database instead: create one, point DATABASE_URL at it, "
            "and run restore again."
        )
    connection.close()
    # One transaction: if anything fails, the database is left as it was.
    run_pg(
        program,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        str(source),
        connection_args=True,
    )


def pg_program(name: str) -> str:
    """The client program for the server's PostgreSQL version: pg_dump may not be older than the server."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    candidates = [f"/usr/lib/postgresql/{server}/bin/{name}", shutil.which(name)]
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        answer = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False).stdout
        version = re.search(r"\(PostgreSQL\) (\d+)", answer)
        if version and int(version.group(1)) >= server:
            return candidate
    raise CommandError(
        f"{name} for PostgreSQL {server} or newer was not found: install the postgresql-client package "
        f"(postgresql-client-{server} on Debian), or put its {name} on PATH."
    )


def run_pg(program: str, *args: str, connection_args: bool = False) -> str:
    settings_dict = connection.settings_dict
    # The password and TLS settings go through the environment, never the command line.
    _psql_args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    command = [program, "--no-password"]
    if connection_args:
        for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER"), ("--dbname", "NAME")]:
            if settings_dict.get(key):
                command.append(f"{option}={settings_dict[key]}")
    result = subprocess.run(
        [*command, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{Path(program).name} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def count_rows_in(cursor, tables: list[str]) -> dict[str, int]:
    """Rows per model (many-to-many tables included), for the models whose table is among `tables`."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.proxy or not model._meta.managed or table not in tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[model._meta.label_lower] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def applied_migrations_in(cursor, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def code_migrations(*, leaves_only: bool = False) -> dict[str, list[str]]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    nodes = graph.leaf_nodes() if leaves_only else graph.nodes
    migrations = {}
    for app, name in sorted(nodes):
        migrations.setdefault(app, []).append(name)
    return migrations


# --- The media files ---------------------------------------------------------------------------


def archive_media(media_root: Path, target: Path, *, skip: Path) -> dict:
    """Archive the files under `media_root`, but not those of `skip` (the backup itself) or of a restore."""
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                relative = path.relative_to(media_root)
                if (
                    path.is_symlink()
                    or not path.is_file()
                    or path.is_relative_to(skip)
                    or relative.parts[0].startswith(".restore-")
                ):
                    continue
                with contextlib.suppress(FileNotFoundError):  # deleted while the archive was written
                    archive.add(path, arcname=relative.as_posix(), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return {"files": files, "bytes": size}


def unpack_media(archive_path: Path, target: Path) -> None:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, "..", links out of the directory and devices.
            archive.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"The media archive {archive_path} cannot be unpacked: {error}") from error


def replace_contents(directory: Path, source: Path) -> None:
    """Make `directory` hold what `source` holds, keeping `source` (which lives inside it) to the end."""
    for path in directory.iterdir():
        if path == source:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    for path in source.iterdir():
        path.rename(directory / path.name)


def file_summary(path: Path) -> dict:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
