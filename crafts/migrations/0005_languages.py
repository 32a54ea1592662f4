"""Texts in one language become English, Persian and Arabic; none of the names is required in English."""

from django.db import migrations, models

from common.language_migrations import split_into_languages


class Migration(migrations.Migration):
    dependencies = [
        ("crafts", "0004_move_data_version_to_common"),
    ]

    operations = [
        *split_into_languages(
            "craftcategory", "description", lambda name: models.TextField(blank=True, verbose_name=name)
        ),
        *split_into_languages(
            "craftcategory",
            "official_status",
            lambda name: models.TextField(
                blank=True,
                help_text="National or international registration, e.g. a registered geographical brand.",
                verbose_name=name,
            ),
        ),
        migrations.AlterField(
            model_name="craftcategory",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AlterField(
            model_name="historicalcraftcategory",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddConstraint(
            model_name="craftcategory",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_ar", ""), ("name_en", ""), ("name_fa", ""), _negated=True),
                name="craftcategory_name_in_some_language",
                violation_error_message="Enter it in at least one language.",
            ),
        ),
    ]
