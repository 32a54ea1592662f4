"""Columns kept from an artisan's names (common.name_keys), filled by 0010 and indexed by 0011.

- ``search_key``: the names folded to what all their Latin spellings share (common.transliteration).
- ``name_order``: the name in the order of the Persian alphabet, which no collation gives: code
  points put پ چ ژ ک گ after every Arabic letter (common.collation).
- ``latin_order``: the Latin name, or the name spelt in Latin letters where it has none. The Latin
  name is no longer required: a clerk may record an artisan in Persian alone.
"""

from django.db import migrations, models


def key(verbose_name: str, max_length: int) -> models.CharField:
    return models.CharField(blank=True, editable=False, max_length=max_length, verbose_name=verbose_name)


class Migration(migrations.Migration):
    dependencies = [("registry", "0008_languages_data")]

    operations = [
        migrations.RemoveIndex(model_name="artisan", name="artisan_name_idx"),
        migrations.RemoveIndex(model_name="artisan", name="artisan_name_latin_idx"),
        migrations.AddField(model_name="artisan", name="search_key", field=key("search key", 600)),
        migrations.AddField(model_name="artisan", name="name_order", field=key("name order", 400)),
        migrations.AddField(model_name="artisan", name="latin_order", field=key("order in Latin script", 400)),
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
