"""One database per scale, built once (migrate + generate_data) and reused while its row counts match."""

import contextlib
import datetime
import json
import shutil
import sqlite3
import sys
from pathlib import Path

from benchmarks.environment import BENCH_VAR, PG_SERVER, db_name, run, scale_env, sqlite_path

SEED = 1
GENERATE_TIMEOUT = 4 * 3600


@contextlib.contextmanager
def db_cursor(backend: str, name: str):
    if backend == "sqlite":
        connection = sqlite3.connect(sqlite_path(name), timeout=30)
        try:
            yield connection.cursor()
            connection.commit()
        finally:
            connection.close()
    else:
        import psycopg

        with psycopg.connect(scale_env(backend, name)["DATABASE_URL"], autocommit=True) as connection:
            yield connection.cursor()


def db_counts(backend: str, name: str) -> dict | None:
    if backend == "sqlite" and not sqlite_path(name).exists():
        return None
    tables = {
        "artisans": "registry_artisan",
        "exhibitions": "exhibitions_exhibition",
        "participations": "exhibitions_participation",
    }
    try:
        with db_cursor(backend, name) as cursor:
            counts = {}
            for key, table in tables.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[key] = cursor.fetchone()[0]
            return counts
    except Exception:
        return None


def marker_path(backend: str, name: str) -> Path:
    return BENCH_VAR / f"{backend}-{name}.json"


def now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


# The Datasette comparison's view (benchmarks/exports.py) names the registry's tables: SQLite then
# refuses to rebuild one of them, as a migration may. It is made again when it is needed.
DROP_VIEW = (
    "from django.db import connection; connection.cursor().execute('DROP VIEW IF EXISTS bench_participation_export')"
)


def migrate(env: dict) -> None:
    run([sys.executable, "manage.py", "shell", "-c", DROP_VIEW], env, 600, "drop the comparison's view")
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env, 600, "migrate")


def ensure_database(backend: str, scale: str, sizes: dict, quick: bool) -> dict:
    """Reuse the scale's database if it was generated with these sizes and is unchanged; else build it."""
    name = db_name(scale, quick)
    env = scale_env(backend, name)
    marker = marker_path(backend, name)
    wanted = {"sizes": sizes, "seed": SEED}
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if {key: recorded.get(key) for key in wanted} == wanted and recorded.get("counts") == db_counts(backend, name):
            print(f"[{scale}] reusing {backend} database {name}: {recorded['counts']}", flush=True)
            # The code may have moved on since the database was built: bring its schema up to date.
            migrate(env)
            return recorded
    print(f"[{scale}] building {backend} database {name}: {sizes}", flush=True)
    marker.unlink(missing_ok=True)
    create_empty(backend, name, env)
    migrate(env)
    command = [sys.executable, "manage.py", "generate_data", "--seed", str(SEED)]
    for key in ("artisans", "exhibitions", "participations"):
        command += [f"--{key}", str(sizes[key])]
    run(command, env, GENERATE_TIMEOUT, "generate_data")
    settle(backend, name)
    recorded = {**wanted, "counts": db_counts(backend, name), "built": now_iso()}
    marker.write_text(json.dumps(recorded, indent=2))
    return recorded


def create_empty(backend: str, name: str, env: dict) -> None:
    if backend == "sqlite":
        shutil.rmtree(BENCH_VAR / name, ignore_errors=True)
        (BENCH_VAR / name).mkdir(parents=True)
        return
    import psycopg

    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')


def settle(backend: str, name: str) -> None:
    with db_cursor(backend, name) as cursor:
        if backend == "sqlite":
            # Datasette reads the file; leave nothing in the write-ahead log.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum would soon do by itself (the visibility map lets index-only scans skip
            # the table; the statistics let the planner see the sizes). Not left to autovacuum, which
            # may be off or late: the figures would then depend on when it ran. SQLite has no such
            # thing and gets no ANALYZE.
            cursor.execute("VACUUM ANALYZE")
