"""A search key for the artisans' names, folding their Latin spellings (see common.transliteration).

Filled for the existing rows here; on PostgreSQL a trigram index serves the search's
``LIKE '% key%'`` as the names' indexes serve theirs (0006). A name in Latin script is no longer
required: a clerk may record an artisan in Persian alone.
"""

from django.db import migrations, models

from common.transliteration import search_key

BATCH = 2000


def fill_keys(apps, schema_editor):
    Artisan = apps.get_model("registry", "Artisan")
    batch = []
    for artisan in Artisan.objects.only("pk", "name", "name_latin").iterator(chunk_size=BATCH):
        artisan.search_key = search_key(artisan.name, artisan.name_latin)[:600]
        batch.append(artisan)
        if len(batch) == BATCH:
            Artisan.objects.bulk_update(batch, ["search_key"])
            batch = []
    Artisan.objects.bulk_update(batch, ["search_key"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS artisan_search_key_trgm_idx ON registry_artisan "
            "USING gin (search_key gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS artisan_search_key_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_languages")]

    operations = [
        migrations.AddField(
            model_name="artisan",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=600, verbose_name="search key"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index),
        migrations.AlterField(
            model_name="artisan",
            name="name_latin",
            field=models.CharField(
                blank=True,
                help_text="Transliteration, e.g. Maryam Karimi. May be left empty.",
                max_length=200,
                verbose_name="name in Latin script",
            ),
        ),
        migrations.AlterField(
            model_name="historicalartisan",
            name="name_latin",
            field=models.CharField(
                blank=True,
                help_text="Transliteration, e.g. Maryam Karimi. May be left empty.",
                max_length=200,
                verbose_name="name in Latin script",
            ),
        ),
    ]
