"""Indexes on the name keys: each list's order is read along one, and on PostgreSQL a trigram
index serves the search's ``LIKE '% key%'`` as the names' own serve theirs (0006)."""

from django.db import migrations, models


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS artisan_search_key_trgm_idx ON registry_artisan "
            "USING gin (search_key gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS artisan_search_key_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_artisan_name_keys_data")]

    operations = [
        migrations.AddIndex(
            model_name="artisan", index=models.Index(fields=["name_order", "id"], name="artisan_name_order_idx")
        ),
        migrations.AddIndex(
            model_name="artisan", index=models.Index(fields=["latin_order", "id"], name="artisan_latin_order_idx")
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
