"""How many rows each large table holds, kept by the database on every write (``common.totals``).

An admin list of every participation counted ten million rows for its page count, again after
every save by anyone (263 ms on PostgreSQL at national scale). A list with no condition on its
rows counts what the table holds, which triggers keep in ``common.TableRows``: one row per
table, changed by each insert and delete in the write's transaction (once per statement on
PostgreSQL, for the statement's rows). Apps name their large models as ``row_counted_models`` on
their AppConfig.
"""

import functools

from django.apps import apps
from django.db.models import QuerySet

from .models import TableRows
from .totals import SummaryTable, Trigger, rows_written

TABLE = "common_tablerows"


@functools.cache
def counted_tables() -> tuple[str, ...]:
    """The tables whose rows are counted: the same for the life of the process, and asked by every
    admin list's page count."""
    return tuple(
        app_config.get_model(name)._meta.db_table
        for app_config in apps.get_app_configs()
        for name in getattr(app_config, "row_counted_models", ())
    )


def fresh(vendor: str) -> str:
    return " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {table}" for table in counted_tables())


def changed(table: str, event: str):
    def statements(vendor: str) -> list[str]:
        added, removed = rows_written(vendor, event, ())
        sign, rows = ("", added) if event == "INSERT" else ("-", removed)
        amount = "1" if vendor == "sqlite" else f"(SELECT COUNT(*) FROM {rows})"
        return [
            f"INSERT INTO {TABLE} (table_name, count) SELECT '{table}', {sign}{amount} WHERE true "
            f"ON CONFLICT (table_name) DO UPDATE SET count = {TABLE}.count + excluded.count"
        ]

    return statements


def triggers(vendor: str) -> list[Trigger]:
    return [
        Trigger(f"rows_{table}_{event.lower()}", table, event, changed(table, event), per_statement=True)
        for table in counted_tables()
        for event in ("INSERT", "DELETE")
    ]


TABLE_ROWS = SummaryTable("common.TableRows", key=("table_name",), fresh=fresh, triggers=triggers)


def rows_of(queryset: QuerySet) -> int | None:
    """How many rows ``queryset`` has, if it asks for every row of a counted table; else None."""
    query = queryset.query
    if query.where or query.distinct or query.combinator or query.is_sliced:
        return None
    table = queryset.model._meta.db_table
    if table not in counted_tables():
        return None
    return TableRows.objects.using(queryset.db).filter(table_name=table).values_list("count", flat=True).first()
