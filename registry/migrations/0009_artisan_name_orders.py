"""The artisans' names in the order their readers expect (common.collation).

Persian and Arabic lists sorted by the name's code points, which puts پ چ ژ ک گ after every
Arabic letter; English lists by the Latin name, which is no longer required, so that a name
recorded in Persian alone came first. Each order is now a key column with its index.
"""

from django.db import migrations, models

from common.collation import latin_sort_key, sort_key

BATCH = 2000


def fill_keys(apps, schema_editor):
    Artisan = apps.get_model("registry", "Artisan")
    batch = []
    for artisan in Artisan.objects.only("pk", "name", "name_latin").iterator(chunk_size=BATCH):
        artisan.name_order = sort_key(artisan.name)[:400]
        artisan.latin_order = latin_sort_key(artisan.name_latin, artisan.name)[:400]
        batch.append(artisan)
        if len(batch) == BATCH:
            Artisan.objects.bulk_update(batch, ["name_order", "latin_order"])
            batch = []
    Artisan.objects.bulk_update(batch, ["name_order", "latin_order"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_artisan_search_key")]

    operations = [
        migrations.RemoveIndex(model_name="artisan", name="artisan_name_idx"),
        migrations.RemoveIndex(model_name="artisan", name="artisan_name_latin_idx"),
        migrations.AddField(
            model_name="artisan",
            name="name_order",
            field=models.CharField(blank=True, editable=False, max_length=400, verbose_name="name order"),
        ),
        migrations.AddField(
            model_name="artisan",
            name="latin_order",
            field=models.CharField(blank=True, editable=False, max_length=400, verbose_name="order in Latin script"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="artisan",
            index=models.Index(fields=["name_order", "id"], name="artisan_name_order_idx"),
        ),
        migrations.AddIndex(
            model_name="artisan",
            index=models.Index(fields=["latin_order", "id"], name="artisan_latin_order_idx"),
        ),
        migrations.AlterModelOptions(
            name="artisan",
            options={
                "ordering": ["latin_order", "pk"],
                "permissions": [("view_private_data", "Can see artisans' private contact data")],
                "verbose_name": "artisan",
                "verbose_name_plural": "artisans",
            },
        ),
    ]
