"""Fills the name keys of 0009 for the existing artisans."""

from django.db import migrations

from common.collation import latin_sort_key, sort_key
from common.transliteration import search_key

BATCH = 2000
KEYS = ["search_key", "name_order", "latin_order"]


def fill_keys(apps, schema_editor):
    Artisan = apps.get_model("registry", "Artisan")
    batch = []
    for artisan in Artisan.objects.only("pk", "name", "name_latin").iterator(chunk_size=BATCH):
        artisan.search_key = search_key(artisan.name, artisan.name_latin)[:600]
        artisan.name_order = sort_key(artisan.name)[:400]
        artisan.latin_order = latin_sort_key(artisan.name_latin, artisan.name)[:400]
        batch.append(artisan)
        if len(batch) == BATCH:
            Artisan.objects.bulk_update(batch, KEYS)
            batch = []
    Artisan.objects.bulk_update(batch, KEYS)


class Migration(migrations.Migration):
    dependencies = [("registry", "0009_artisan_name_keys")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True)]
