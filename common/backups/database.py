"""The database's part of a backup: SQLite's online backup API or pg_dump, and their restore; the rows
and migrations a manifest records."""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


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
