"""A trigram index on the workshop's name, on PostgreSQL: the admin's search looks in it beside the
names (0006, 0011), and one field of the OR without an index made PostgreSQL read every artisan
(0.6 s at a million)."""

from django.db import migrations


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS artisan_workshop_name_trgm_idx ON registry_artisan "
            "USING gin ((UPPER(workshop_name::text)) gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS artisan_workshop_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0013_artisan_stretches")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
