"""Tables of counts that the database keeps right on every write, in the write's own transaction.

A public page that shows how many published artisans practise each craft, or how many
participations each province had in 1403, must not count a million rows to say so; and its answer
must be right the moment a clerk's save commits. So each such total lives in a small table whose
rows triggers change with every write to the rows they count, whoever writes: the admin, a bulk
action, a data migration, an import or SQL typed by hand. A page then sums a few hundred summary
rows instead of counting the registry.

Each app declares its summaries as ``summary_tables`` on its AppConfig (dotted paths to
``SummaryTable`` objects); this module knows none of them. A summary says, for each vendor:

- ``fresh``: a SELECT of its key columns and ``count`` computed from the registry itself. It fills
  the table (``rebuild``) and is what ``manage.py check_totals`` compares the table with (unless
  ``check`` says otherwise);
- ``triggers``: what to do after each kind of write, as ``Trigger`` objects, installed after every
  ``migrate`` (SQLite drops a table's triggers when a migration rebuilds it).

Triggers are installed and every summary rebuilt after any ``migrate`` that applied a migration,
so that a migration's data step is counted even if it ran while a rebuilt table had lost its
triggers. A bulk load of our own (``bulk_load``) drops the triggers, writes, and rebuilds once.
"""

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils.module_loading import import_string

from .triggers import drop_named, named

PREFIX = "registry_total_"


@dataclass(frozen=True)
class Trigger:
    """What the database does after one kind of write to ``table``, for each row written.

    ``event`` is "INSERT", "DELETE" or "UPDATE"; ``columns``, for an update, the columns whose change
    matters (an update that changes none of them does nothing). ``statements`` take the vendor and
    may name ``NEW`` and ``OLD``, as triggers do on both databases.
    """

    name: str
    table: str
    event: str
    statements: Callable[[str], list[str]]
    columns: tuple[str, ...] = ()
    # For writes whose rows must be seen together: the statements read the rows written from
    # ``rows_written``. PostgreSQL runs row triggers after the whole statement, each seeing its
    # siblings' rows as if they had been written before it; such a trigger runs once per statement
    # there, over the statement's rows (and for any update: a statement trigger has no column list).
    # SQLite runs row triggers row by row.
    per_statement: bool = False


@dataclass(frozen=True)
class SummaryTable:
    model_label: str
    key: tuple[str, ...]
    fresh: Callable[[str], str]
    triggers: Callable[[str], list[Trigger]] = field(repr=False)
    # The finer summary this one sums (see ``rollup``, ``tally``), or None for a summary of the registry.
    of: "SummaryTable | None" = None
    # For a summary of ``of``: what a row of ``of`` (named by an alias: NEW, OLD, the table) counts
    # for here, as (the amount, the condition on which it counts). The triggers move it; a rebuild
    # sums it over ``of``.
    counted: Callable[[str], tuple[str, str]] | None = field(default=None, repr=False)
    # What ``differences`` compares the table with, if not ``fresh``: for a summary whose keys a
    # rebuild chooses (``registry.stretches``), the stored keys with fresh counts.
    check: Callable[[str], str] | None = field(default=None, repr=False)
    # For a summary of ``of`` whose rows count under several keys each (``spread``): how.
    spread: "Spread | None" = field(default=None, repr=False)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def db_table(self) -> str:
        return self.model._meta.db_table

    def rebuild_statements(self, vendor: str) -> list[str]:
        columns = ", ".join((*self.key, "count"))
        if self.of is None:
            counted = self.fresh(vendor)
        else:
            # Summed from the finer table, rebuilt just before (``rebuild`` follows the declared
            # order): counting the registry once per rollup took minutes at ten million rows.
            # ``fresh`` still counts the registry, for ``differences`` to compare with.
            finer = self.of.db_table
            values = ", ".join(key_values(self.key, finer, self.spread))
            amount, condition = self.counted(finer)
            joined = f"JOIN {self.spread.table} ON {self.spread.on(finer)}" if self.spread else ""
            counted = f"SELECT {values}, SUM({amount}) FROM {finer} {joined} WHERE {condition} GROUP BY {values}"
        return [f"DELETE FROM {self.db_table}", f"INSERT INTO {self.db_table} ({columns}) {counted}"]


def rollup(model_label: str, of: SummaryTable, key: tuple[str, ...]) -> SummaryTable:
    """A coarser summary of ``of``: its counts summed over the columns not in ``key``, kept by
    triggers on ``of``'s table (each change of a row there moves its count here), so that a page
    that needs fewer columns sums fewer rows. Declared after ``of``, so that a rebuild counts it
    from a rebuilt ``of``."""
    columns = ", ".join(key)

    def fresh(vendor: str) -> str:
        return f"SELECT {columns}, SUM(count) AS count FROM ({of.fresh(vendor)}) AS finer GROUP BY {columns}"

    return kept_from(model_label, of, key, fresh, counted=lambda row: (f"{row}.count", f"{row}.count <> 0"))


@dataclass(frozen=True, eq=False)
class Spread:
    """How a row of a finer summary counts under several keys of a coarser one: once under each row
    of ``table`` (a table and its alias) that ``on`` (a condition naming the finer row by an alias)
    joins it to, whose columns give the key's ``values`` ({column: SQL}); the finer row gives the rest."""

    table: str
    values: dict[str, str]
    on: Callable[[str], str]


def key_values(key: tuple[str, ...], row: str, spread: Spread | None) -> list[str]:
    """SQL: the values of ``key`` that the finer row ``row`` (an alias) counts under."""
    given = spread.values if spread else {}
    return [given.get(column, f"{row}.{column}") for column in key]


def spread(model_label: str, of: SummaryTable, key: tuple[str, ...], how: Spread) -> SummaryTable:
    """A summary of ``of`` in which each row of ``of`` counts its count under every key ``how`` gives
    it, such as the participations of a list of crafts under each category of each craft: to be
    summed for one of those keys only (a participation showing two crafts of a category counts
    once under it, and once under each of the two). Kept by triggers on ``of``'s table, as a rollup;
    the rows ``how`` joins to are the caller's to watch. Declared after ``of``."""

    def fresh(vendor: str) -> str:
        values = ", ".join(key_values(key, "finer", how))
        return (
            f"SELECT {values}, SUM(finer.count) AS count FROM ({of.fresh(vendor)}) AS finer "
            f"JOIN {how.table} ON {how.on('finer')} GROUP BY {values}"
        )

    return kept_from(
        model_label, of, key, fresh, counted=lambda row: (f"{row}.count", f"{row}.count <> 0"), spread=how
    )


def tally(model_label: str, of: SummaryTable, key: tuple[str, ...]) -> SummaryTable:
    """How many of ``of``'s keys have a count above nought, per ``key`` (a part of ``of``'s key):
    a count of distinct things, such as the artisans who exhibited in a year, kept by triggers on
    ``of``'s table as its counts cross nought. Declared after ``of``."""
    columns = ", ".join(key)

    def fresh(vendor: str) -> str:
        return (
            f"SELECT {columns}, COUNT(*) AS count FROM ({of.fresh(vendor)}) AS finer "
            f"WHERE count > 0 GROUP BY {columns}"
        )

    return kept_from(model_label, of, key, fresh, counted=lambda row: ("1", f"{row}.count > 0"))


def kept_from(
    model_label: str, of: SummaryTable, key: tuple[str, ...], fresh, counted, spread: Spread | None = None
) -> SummaryTable:
    """A summary of ``of`` (``rollup``, ``tally``, ``spread``) kept by triggers on ``of``'s table: a
    row written there takes what it counted for (``SummaryTable.counted``) from the keys it had and
    adds what it counts for to the keys it has.

    A row's keys do not change in practice, only its count: an update that keeps them adds the
    difference in one statement (none if there is none), which halves the work of every write
    the registry's triggers pass on to the summaries of summaries."""
    columns = ", ".join(key)

    def add(record: str, amount: str, condition: str) -> str:
        """SQL: add ``amount`` to the keys of the row ``record`` (NEW or OLD) if ``condition``."""
        table = apps.get_model(model_label)._meta.db_table
        values = ", ".join(key_values(key, record, spread))
        # The cheap conditions first: a row that counts nothing is never spread.
        if spread:
            condition = f"{condition} AND {spread.on(record)}"
        source = f"FROM {spread.table}" if spread else ""
        return (
            f"INSERT INTO {table} ({columns}, count) SELECT {values}, {amount} {source} WHERE {condition} "
            f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count"
        )

    def moved(record: str, sign: str, *, when: str = "") -> str:
        amount, condition = counted(record)
        condition = f"({when}) AND {condition}" if when else condition
        return add(record, f"{sign}{amount}", condition)

    def recounted(vendor: str) -> list[str]:
        keys_changed = changed(vendor, of.key)
        new, old = counted("NEW"), counted("OLD")
        difference = f"(CASE WHEN {new[1]} THEN {new[0]} ELSE 0 END) - (CASE WHEN {old[1]} THEN {old[0]} ELSE 0 END)"
        return [
            add("NEW", difference, f"NOT ({keys_changed}) AND {difference} <> 0"),
            moved("OLD", "-", when=keys_changed),
            moved("NEW", "", when=keys_changed),
        ]

    def triggers(vendor: str) -> list[Trigger]:
        name = model_label.split(".")[1].lower()
        return [
            Trigger(f"{name}_insert", of.db_table, "INSERT", lambda v: [moved("NEW", "")]),
            Trigger(f"{name}_delete", of.db_table, "DELETE", lambda v: [moved("OLD", "-")]),
            Trigger(f"{name}_update", of.db_table, "UPDATE", recounted, columns=(*of.key, "count")),
        ]

    return SummaryTable(model_label, key=key, fresh=fresh, triggers=triggers, of=of, counted=counted, spread=spread)


def summary_tables() -> list[SummaryTable]:
    return [
        import_string(path)
        for app_config in apps.get_app_configs()
        for path in getattr(app_config, "summary_tables", ())
    ]


def changed(vendor: str, columns: tuple[str, ...]) -> str:
    """SQL true when an update changed one of ``columns`` (NULL-safe on both databases)."""
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns)


def trigger_ddl(trigger: Trigger, vendor: str) -> list[str]:
    name = f"{PREFIX}{trigger.name}"
    columns = trigger.columns if vendor == "sqlite" or not trigger.per_statement else ()
    event = trigger.event + (f" OF {', '.join(columns)}" if columns else "")
    when = f"WHEN ({changed(vendor, columns)})" if columns else ""
    body = [statement.strip().rstrip(";") + ";" for statement in trigger.statements(vendor)]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event} ON {trigger.table} FOR EACH ROW {when} BEGIN\n"
            + "\n".join(body)
            + "\nEND",
        ]
    if trigger.per_statement:
        added, removed = rows_written(vendor, trigger.event, ())
        tables = [f"NEW TABLE AS {added}"] if added else []
        tables += [f"OLD TABLE AS {removed}"] if removed else []
        level = f"REFERENCING {' '.join(tables)} FOR EACH STATEMENT"
    else:
        level = "FOR EACH ROW"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        + "\n".join(body)
        + "\nRETURN NULL;\nEND $$",
        f"DROP TRIGGER IF EXISTS {name} ON {trigger.table}",
        f"CREATE TRIGGER {name} AFTER {event} ON {trigger.table} {level} {when} EXECUTE FUNCTION {name}()",
    ]


def rows_written(vendor: str, event: str, columns: tuple[str, ...]) -> tuple[str | None, str | None]:
    """SQL: (the rows added, the rows taken away) by a ``per_statement`` trigger's write, as tables
    with ``columns``, or None: an insert adds, a delete takes away, an update does both. The
    statement's rows on PostgreSQL, the one row on SQLite."""
    adds, removes = event in ("INSERT", "UPDATE"), event in ("DELETE", "UPDATE")
    if vendor == "postgresql":
        return ("rows_added" if adds else None, "rows_removed" if removes else None)

    def row(record: str) -> str:
        return "(SELECT " + ", ".join(f"{record}.{column} AS {column}" for column in columns) + ")"

    return (row("NEW") if adds else None, row("OLD") if removes else None)


def existing_triggers(connection) -> list[tuple[str, str]]:
    """(trigger, table) of every summary trigger in the database."""
    return named(connection, PREFIX)


def drop_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    drop_named(connections[using], PREFIX)


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> None:
    """(Re)create every summary's triggers, where its table and the tables it watches exist."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for summary in summary_tables():
            if summary.db_table not in existing:
                continue
            for trigger in summary.triggers(connection.vendor):
                if trigger.table in existing:
                    for statement in trigger_ddl(trigger, connection.vendor):
                        cursor.execute(statement)


def rebuild(using: str = DEFAULT_DB_ALIAS, summaries: list[SummaryTable] | None = None) -> None:
    """Count every summary afresh from the registry, in one transaction.

    Without the triggers meanwhile, which would move each row's count into the rollups one row at
    a time (the rollups are counted afresh after their finer tables): a writer waits on the
    tables' locks until the transaction ends, and is counted by the triggers made again.
    """
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    # The summaries named, and the summaries of those, and so on (declared after what they sum).
    chosen = None if summaries is None else set(summaries)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        drop_triggers(using)
        for summary in summary_tables():
            if chosen is not None:
                if summary not in chosen and summary.of not in chosen:
                    continue
                chosen.add(summary)
            if summary.db_table in existing:
                for statement in summary.rebuild_statements(connection.vendor):
                    cursor.execute(statement)
        install_triggers(using)


def differences(summary: SummaryTable, using: str = DEFAULT_DB_ALIAS) -> list[tuple[tuple, int, int]]:
    """(key, stored count, fresh count) wherever the table and a fresh count disagree.

    A stored row of 0 is the same as no row: counts that fall to nought are left in place.
    """
    connection = connections[using]
    columns = ", ".join((*summary.key, "count"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {summary.db_table}")
        stored = {comparable(row[:-1]): row[-1] for row in cursor.fetchall()}
        cursor.execute((summary.check or summary.fresh)(connection.vendor))
        fresh = {comparable(row[:-1]): row[-1] for row in cursor.fetchall()}
    return sorted(
        (
            (key, stored.get(key, 0), fresh.get(key, 0))
            for key in stored.keys() | fresh.keys()
            if stored.get(key, 0) != fresh.get(key, 0)
        ),
        key=repr,
    )


def comparable(key) -> tuple:
    """A summary row's key as both queries give it: SQLite reads a date column of a table as a date,
    and the same value computed by a query as its ISO text."""
    return tuple(value.isoformat() if isinstance(value, datetime.date) else value for value in key)


@contextlib.contextmanager
def bulk_load(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Write many rows without the triggers' work per row, then count once.

    For our own loaders only (the benchmark's generated registry), inside their transaction, which
    takes the triggers back if it fails or is rolled back. Other writers meanwhile are counted by
    the count at the end.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load() must run inside the transaction that writes the rows.")
    drop_triggers(using)
    yield
    if not connection.needs_rollback:
        rebuild(using)  # which makes the triggers again
