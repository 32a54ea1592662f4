"""The name key that finds one person typed twice (common.imports), filled for the existing artisans."""

from django.db import migrations, models

from common.transliteration import name_key

BATCH = 2000


def fill_name_keys(apps, schema_editor):
    Artisan = apps.get_model("registry", "Artisan")
    batch = []
    for artisan in Artisan.objects.only("pk", "name").iterator(chunk_size=BATCH):
        artisan.name_key = name_key(artisan.name)[:400]
        batch.append(artisan)
        if len(batch) == BATCH:
            Artisan.objects.bulk_update(batch, ["name_key"])
            batch = []
    Artisan.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0014_artisan_workshop_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="artisan",
            name="name_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=400, verbose_name="name key"),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=True),
    ]
