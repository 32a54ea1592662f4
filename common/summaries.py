"""Totals and choices worth remembering, kept in the cache until the rows they were read from change.

Counting a million participations by year, province and craft takes seconds, yet the answer only
changes when someone saves something. So the database keeps a version token per table
(``DataVersion``, one row per watched table) and triggers change a table's token on every write to
it, whoever writes: the admin, a bulk load, a migration or SQL typed by hand. A value is cached
under the tokens of the tables it was read from (named, or found in its query's SQL), so a clerk's
save of an artisan's biography retires what was read from the artisans, and not the report's
totals, which are read from the summary tables the database keeps (``common.totals``) and change
only when a count does.

A token changes when the write commits, not before: on PostgreSQL a deferred constraint trigger
sets it to the writing transaction's id at commit (once per table and transaction, so a bulk insert
does not rewrite it a million times, and at the end, so the lock on the row cannot take part in a
deadlock); SQLite has one writer at a time and sets a random token per row written. A reader
checks the tokens before and after computing and keeps the result only if they did not change, so
a value computed while a write committed is never cached under the older tokens.

A page reads several values. While a request that cannot write is answered (see
``DataVersionPerRequest``), the tokens are read once and the page's values are all looked up under
them, as of the request's start; the check after computing one always reads the tokens afresh.
"""

import contextlib
import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import translation

from .models import DataVersion
from .triggers import drop_named

T = TypeVar("T")

# How long a total may sit unused in the cache. A change of the data retires it before then.
TIMEOUT = 24 * 60 * 60
TRIGGER = "registry_data_version"


def watched_models() -> list:
    """The models whose rows public pages count. Each app names its own, as ``public_total_models``
    on its AppConfig: this app knows none of them."""
    return [
        app_config.get_model(name)
        for app_config in apps.get_app_configs()
        for name in getattr(app_config, "public_total_models", ())
    ]


@functools.cache
def watched_tables() -> tuple[str, ...]:
    """The watched models' tables and their many-to-many links': asked on every remembered value
    (``query_tables``), worked out once, as the apps' models do not change while they run."""
    tables = []
    for model in watched_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    return tuple(tables)


# {database alias: {table: token}} while a read-only request is answered, else None.
_tokens_read: ContextVar[dict[str, dict[str, str]] | None] = ContextVar("data_version_tokens", default=None)


def table_versions(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """{watched table: its current token}; empty for a database flushed since it was migrated."""
    return dict(DataVersion.objects.using(using).exclude(name=None).values_list("name", "token"))


def data_version(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """One token for the whole registry, which any write changes; None if there is none."""
    return combined(table_versions(using), None)


def combined(tokens: dict[str, str], tables: Iterable[str] | None) -> str | None:
    """The version of the data in ``tables`` (None: every watched table), or None if one has no token."""
    names = sorted(tokens) if tables is None else sorted(set(tables))
    if not names or any(name not in tokens for name in names):
        return None
    return hashlib.sha256("|".join(f"{name}={tokens[name]}" for name in names).encode()).hexdigest()[:24]


def versions_for_lookup(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The tokens to look values up under: read once per read-only request, else every time."""
    tokens = _tokens_read.get()
    if tokens is None:
        return table_versions(using)
    if using not in tokens:
        tokens[using] = table_versions(using)
    return tokens[using]


@contextlib.contextmanager
def one_version_read() -> Iterator[None]:
    """Within this block, ``remembered`` reads the tokens once per database, not once per value.

    Only for work that does not write to the watched tables: a write inside the block would not
    be seen by the lookups that follow it.
    """
    reset = _tokens_read.set({})
    try:
        yield
    finally:
        _tokens_read.reset(reset)


class DataVersionPerRequest:
    """Middleware: a GET or HEAD request reads the data versions once (see ``one_version_read``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        with one_version_read():
            return self.get_response(request)


def query_key(queryset: QuerySet) -> str | None:
    """A short key naming the rows ``queryset`` selects: a digest of its SQL and parameters.

    None for a query that selects nothing without asking the database (``.none()``).
    """
    return compiled(queryset)[0]


def query_tables(queryset: QuerySet) -> list[str]:
    """The watched tables ``queryset`` reads, its subqueries' included: those its SQL names."""
    return compiled(queryset)[1]


def compiled(queryset: QuerySet) -> tuple[str | None, list[str]]:
    """``query_key`` and ``query_tables`` of ``queryset``, from one compilation of its SQL."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None, []
    key = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()[:32]
    return key, [table for table in watched_tables() if f'"{table}"' in sql]


def remembered(
    name: str,
    key: str | None,
    compute: Callable[[], T],
    *,
    tables: Iterable[str] | None = None,
    per_language: bool = False,
) -> T:
    """``compute()``, or the value it gave when it was last asked, if the ``tables`` it reads (None:
    every watched table) have not changed since.

    A ``key`` of None means there is nothing worth remembering, and no ``tables`` that no version
    covers what it reads (a table the public pages do not count): ``compute()`` is simply called.
    """
    tables = None if tables is None else list(tables)
    if key is None or tables == []:
        return compute()
    if per_language:
        name = f"{name}:{translation.get_language()}"
    cache_key = f"summary:{name}:{key}"
    before = combined(versions_for_lookup(), tables)
    if before is not None:
        found = cache.get(cache_key, version=before)
        if found is not None:
            return found[0]
    value = compute()
    if before is not None and combined(table_versions(), tables) == before:
        # Wrapped in a tuple, so that a computed None is remembered too.
        cache.set(cache_key, (value,), TIMEOUT, version=before)
    return value


def tables_of(*models) -> list[str]:
    return [model._meta.db_table for model in models]


def remembered_query(name: str, queryset: QuerySet, compute: Callable[[], T], *, per_language: bool = False) -> T:
    """``remembered`` for a value read by ``queryset``: under its SQL, until a table it reads changes."""
    key, tables = compiled(queryset)
    return remembered(name, key, compute, tables=tables, per_language=per_language)


def drop_triggers(connection) -> None:
    """Drop every version trigger: before a migration rebuilds the versions' table, which SQLite
    refuses while triggers name it. ``install_triggers`` makes them again after ``migrate``."""
    drop_named(connection, TRIGGER)


@contextlib.contextmanager
def untracked(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Write many rows without the version triggers, then retire every remembered value once.

    For our own loaders only, inside their transaction (see ``common.totals.bulk_load``): on
    PostgreSQL each row written queues a deferred trigger, run at commit; ten million of them made
    the commit of a generated registry take minutes.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("untracked() must run inside the transaction that writes the rows.")
    drop_triggers(connection)
    yield
    if not connection.needs_rollback:
        install_triggers(using)
        retire_everything(using)


def retire_everything(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give every table a new token: after writes no trigger saw, such as a migration's."""
    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        DataVersion.objects.using(using).exclude(name=None).update(token=secrets.token_hex(8))


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)create the version rows and the triggers on every watched table.

    Run after every ``migrate``: SQLite drops a table's triggers when a migration rebuilds the
    table, and a flushed database has lost its version rows.
    """
    connection = connections[using]
    version_table = DataVersion._meta.db_table
    existing = set(connection.introspection.table_names())
    if version_table not in existing:
        return
    statements = []
    if connection.vendor == "postgresql":
        statements.append(
            f"""
            CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Once per table and transaction: a bulk insert fires this for every row.
                IF current_setting('{TRIGGER}.' || TG_TABLE_NAME, true) IS DISTINCT FROM '1' THEN
                    PERFORM set_config('{TRIGGER}.' || TG_TABLE_NAME, '1', true);
                    UPDATE {version_table} SET token = txid_current()::text WHERE name = TG_TABLE_NAME;
                END IF;
                RETURN NULL;
            END $$
            """
        )
    tables = [table for table in watched_tables() if table in existing]
    for table in tables:
        if connection.vendor == "postgresql":
            statements += [
                f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
                f"""CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table}
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()""",
                f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {table}",
                f"""CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()""",
            ]
        elif connection.vendor == "sqlite":
            for event in ("INSERT", "UPDATE", "DELETE"):
                name = f"{TRIGGER}_{table}_{event.lower()}"
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"""CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN
                        UPDATE {version_table} SET token = lower(hex(randomblob(8))) WHERE name = '{table}';
                    END""",
                ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    for table in tables:
        DataVersion.objects.using(using).get_or_create(name=table, defaults={"token": secrets.token_hex(8)})
