"""Totals over the whole registry, computed once per change of the data instead of once per page.

Counting a million participations by year, province and craft takes seconds, yet the answer only
changes when someone saves something. So the database keeps a version token (``DataVersion``) and
triggers change it on every write to the tables public totals read, whoever writes: the admin, a
bulk load, a migration or SQL typed by hand. A total is cached under the token it was computed at,
and any change makes every cached total stale at once.

The token changes when the write commits, not before: on PostgreSQL a deferred constraint trigger
sets it to the writing transaction's id at commit (once per transaction, so a bulk insert does not
rewrite it a million times, and at the end, so the lock on the one row cannot take part in a
deadlock); SQLite has one writer at a time and sets a random token per row written. A reader
checks the token before and after computing and keeps the result only if it did not change, so a
total computed while a write committed is never cached under the older token.

A page reads several totals. While a request that cannot write is answered (see
``DataVersionPerRequest``), the token is read once and the page's totals are all looked up under
it, as of the request's start; the check after computing one always reads the token afresh.
"""

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import translation

from .models import DataVersion

T = TypeVar("T")

# How long a total may sit unused in the cache. A change of the data retires it before then.
TIMEOUT = 24 * 60 * 60
TRIGGER = "registry_data_version"
VERSION_ROW = 1


def watched_models() -> list:
    """The models whose rows public pages count. Each app names its own, as ``public_total_models``
    on its AppConfig: this app knows none of them."""
    return [
        app_config.get_model(name)
        for app_config in apps.get_app_configs()
        for name in getattr(app_config, "public_total_models", ())
    ]


def watched_tables() -> list[str]:
    tables = []
    for model in watched_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    return tables


# {database alias: token} while a read-only request is answered, else None.
_tokens_read: ContextVar[dict[str, str | None] | None] = ContextVar("data_version_tokens", default=None)


def data_version(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The current token, or None if there is none (a database flushed since it was migrated)."""
    return DataVersion.objects.using(using).filter(pk=VERSION_ROW).values_list("token", flat=True).first()


def version_for_lookup(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The token to look totals up under: read once per read-only request, else every time."""
    tokens = _tokens_read.get()
    if tokens is None:
        return data_version(using)
    if using not in tokens:
        tokens[using] = data_version(using)
    return tokens[using]


@contextlib.contextmanager
def one_version_read() -> Iterator[None]:
    """Within this block, ``remembered`` reads the token once per database, not once per total.

    Only for work that does not write to the watched tables: a write inside the block would not
    be seen by the lookups that follow it.
    """
    reset = _tokens_read.set({})
    try:
        yield
    finally:
        _tokens_read.reset(reset)


class DataVersionPerRequest:
    """Middleware: a GET or HEAD request reads the data version once (see ``one_version_read``)."""

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
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()[:32]


def remembered(name: str, key: str | None, compute: Callable[[], T], *, per_language: bool = False) -> T:
    """``compute()``, or the value it gave at the current data version if it was asked before.

    A ``key`` of None means there is nothing worth remembering: ``compute()`` is simply called.
    """
    if key is None:
        return compute()
    if per_language:
        name = f"{name}:{translation.get_language()}"
    cache_key = f"summary:{name}:{key}"
    before = version_for_lookup()
    if before is not None:
        found = cache.get(cache_key, version=before)
        if found is not None:
            return found[0]
    value = compute()
    if before is not None and data_version() == before:
        # Wrapped in a tuple, so that a computed None is remembered too.
        cache.set(cache_key, (value,), TIMEOUT, version=before)
    return value


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)create the version row and the triggers on every watched table.

    Run after every ``migrate``: SQLite drops a table's triggers when a migration rebuilds the
    table, and a flushed database has lost its version row.
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
                -- Once per transaction: a bulk insert fires this for every row.
                IF current_setting('{TRIGGER}.set', true) IS DISTINCT FROM '1' THEN
                    PERFORM set_config('{TRIGGER}.set', '1', true);
                    UPDATE {version_table} SET token = txid_current()::text WHERE id = {VERSION_ROW};
                END IF;
                RETURN NULL;
            END $$
            """
        )
    for table in watched_tables():
        if table not in existing:
            continue
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
                        UPDATE {version_table} SET token = lower(hex(randomblob(8))) WHERE id = {VERSION_ROW};
                    END""",
                ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    DataVersion.objects.using(using).get_or_create(pk=VERSION_ROW, defaults={"token": secrets.token_hex(8)})
