"""The database's triggers of one kind, found by the prefix of their names, on SQLite and PostgreSQL."""


def named(connection, prefix: str) -> list[tuple[str, str]]:
    """(trigger, table) of every trigger whose name starts with ``prefix``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [prefix + "%"]
            )
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [prefix + "%"],
            )
        return list(cursor.fetchall())


def drop_named(connection, prefix: str) -> None:
    """Drop every trigger whose name starts with ``prefix``."""
    with connection.cursor() as cursor:
        for name, table in named(connection, prefix):
            on_table = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
