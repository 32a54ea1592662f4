"""Word searches that use an index on SQLite too: an FTS5 table of trigrams beside a model's table.

PostgreSQL answers ``icontains`` from GIN trigram indexes (``pg_trgm``). SQLite has no index that
serves ``LIKE '%word%'``, so a name search read every row: 38 ms at 100,000 artisans, ten times
that at a million. SQLite's own full-text engine, FTS5, has a trigram tokenizer that finds any
substring of three characters or more from its index, case-insensitively. ``TextIndex`` keeps such
a table over some text columns of a model (an external-content table: it stores the index, not a
second copy of the text), kept by triggers on every write, whoever writes.

Each app declares its indexes as ``text_indexes`` on its AppConfig (dotted paths to ``TextIndex``
objects). They are dropped before a ``migrate`` that applies anything, so that no migration trips
over a trigger that names a column it is renaming, and made again and filled after it; a migration's
data step is then indexed too. Nothing of this exists on PostgreSQL.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.module_loading import import_string

# The trigram tokenizer finds nothing for a phrase shorter than this: such a word is searched as
# before, with LIKE over the table.
SHORTEST = 3


@dataclass(frozen=True)
class TextIndex:
    table: str
    model_label: str
    columns: tuple[str, ...]

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def create_statements(self) -> list[str]:
        source = self.model._meta.db_table
        columns = ", ".join(self.columns)
        new = ", ".join(f"NEW.{column}" for column in self.columns)
        old = ", ".join(f"OLD.{column}" for column in self.columns)
        add = f"INSERT INTO {self.table} (rowid, {columns}) VALUES (NEW.id, {new});"
        remove = f"INSERT INTO {self.table} ({self.table}, rowid, {columns}) VALUES ('delete', OLD.id, {old});"
        return [
            f"CREATE VIRTUAL TABLE {self.table} USING fts5({columns}, content='{source}', content_rowid='id', "
            "tokenize='trigram')",
            f"CREATE TRIGGER {self.table}_insert AFTER INSERT ON {source} BEGIN {add} END",
            f"CREATE TRIGGER {self.table}_delete AFTER DELETE ON {source} BEGIN {remove} END",
            f"CREATE TRIGGER {self.table}_update AFTER UPDATE OF {columns} ON {source} BEGIN {remove} {add} END",
            # Index the rows already there.
            f"INSERT INTO {self.table} ({self.table}) VALUES ('rebuild')",
        ]

    def drop_statements(self) -> list[str]:
        return [
            *(f"DROP TRIGGER IF EXISTS {self.table}_{event}" for event in ("insert", "delete", "update")),
            f"DROP TABLE IF EXISTS {self.table}",
        ]

    def matching(self, texts: list[str], columns: list[str], key_field: str | None, keys: list[str]) -> Q | None:
        """Rows where one of ``columns`` contains one of ``texts``, or ``key_field`` contains every one
        of ``keys``; None where the index cannot say (another database, a column it does not hold,
        a text too short for a trigram), and the caller's LIKE conditions are used instead."""
        indexed = set(self.columns)
        if (
            connection.vendor != "sqlite"
            or not columns
            or not indexed.issuperset(columns)
            or (keys and key_field not in indexed)
            or any(len(text) < SHORTEST for text in (*texts, *keys))
        ):
            return None
        query = f"{{{' '.join(columns)}}} : ({' OR '.join(map(phrase, texts))})"
        if keys:
            query = f"({query}) OR ({key_field} : ({' AND '.join(map(phrase, keys))}))"
        sql = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s"
        return Q(pk__in=RawSQL(sql, [query]))


def phrase(text: str) -> str:
    """``text`` as an FTS5 phrase: in double quotes, its own doubled; every character is literal."""
    return '"' + text.replace('"', '""') + '"'


def text_indexes() -> list[TextIndex]:
    return [
        import_string(path)
        for app_config in apps.get_app_configs()
        for path in getattr(app_config, "text_indexes", ())
    ]


def drop(using: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in text_indexes():
            for statement in index.drop_statements():
                cursor.execute(statement)


def install(using: str = DEFAULT_DB_ALIAS, *, rebuild: bool) -> None:
    """Make each index whose model's table exists, if it is missing; with ``rebuild``, make it
    again from the table's rows."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for index in text_indexes():
            if index.model._meta.db_table not in tables:
                continue
            if rebuild or index.table not in tables:
                for statement in [*index.drop_statements(), *index.create_statements()]:
                    cursor.execute(statement)
